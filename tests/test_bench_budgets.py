"""bench/run.py's budgets, on made-up figures: what `make bench` reports as PASS or FAIL."""

from bench.run import DASHBOARDS, PAGE_LABELS, combine, table

SCALES = [1, 300, 3000]


def page_runs(times: dict, queries: dict | None = None) -> list[dict]:
    """Three runs where every page takes `times[scale]` ms (± 1 ms between the runs)."""
    runs = []
    for delta in (0, -1, 1):
        run = {
            name: {
                f"scale_{scale}": {
                    "median_ms": times[scale] + delta,
                    "p95_ms": times[scale] + 2,
                    "queries": (queries or {}).get(scale, 9),
                    "path": "/",
                }
                for scale in SCALES
            }
            for name in PAGE_LABELS
        }
        for name in DASHBOARDS:
            run[f"{name}_cold"] = {f"scale_{scale}": {"median_ms": 50.0} for scale in SCALES}
        runs.append(run)
    return runs


def results(pages: dict, reminders_seconds: float = 1.0) -> dict:
    load_row = {"rps": 10.0, "p50_ms": 100.0, "p95_ms": 150.0, "failures": 0}
    return {
        "scales": SCALES,
        "pages": pages,
        "tasks": {
            "report": {"pages": 24, "queries": 10},
            "report_seconds": 3.0,
            "reminders": [],
            "command_reminders": {"at": "2026-12-10T17:00+01:00", "seconds": reminders_seconds},
        },
        "seed_seconds": dict.fromkeys(SCALES, 10.0),
        "load": {"coach_dashboard": load_row, "log_form": load_row, "trivial": load_row},
    }


def test_the_median_of_the_runs_is_kept_with_its_minimum_and_maximum():
    combined = combine(page_runs({1: 20.0, 300: 20.0, 3000: 20.0}))

    figures = combined["admin_home"]["scale_3000"]
    assert (figures["median_ms"], figures["min_ms"], figures["max_ms"]) == (20.0, 19.0, 21.0)


def test_flat_pages_pass_every_budget():
    text, ok = table(results(combine(page_runs({1: 20.0, 300: 21.0, 3000: 22.0}))))

    assert ok, text
    assert "| admin's home: median time | 20.0 ms (19.0–21.0) |" in text


def test_a_page_slower_than_1_2_times_at_the_largest_size_fails():
    _text, ok = table(results(combine(page_runs({1: 20.0, 300: 21.0, 3000: 25.0}))))

    assert not ok


def test_a_query_count_that_grows_with_the_data_fails():
    runs = page_runs({1: 20.0, 300: 20.0, 3000: 20.0}, queries={1: 9, 300: 9, 3000: 10})

    _text, ok = table(results(combine(runs)))

    assert not ok


def test_a_dashboard_over_three_times_the_trivial_page_fails():
    pages = combine(page_runs({1: 20.0, 300: 20.0, 3000: 20.0}))
    for scale in SCALES:
        pages["trivial_page"][f"scale_{scale}"]["p95_ms"] = 5.0

    text, ok = table(results(pages))

    assert not ok
    assert len(DASHBOARDS) == 6
    assert text.count("unloaded p95 / trivial page's") == len(DASHBOARDS)


def test_reminders_over_three_seconds_from_the_command_line_fail():
    pages = combine(page_runs({1: 20.0, 300: 20.0, 3000: 20.0}))

    _text, ok = table(results(pages, reminders_seconds=3.5))

    assert not ok
