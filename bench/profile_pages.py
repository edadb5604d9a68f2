"""Where a page's time goes: `python bench/profile_pages.py [RUNS]` on `DATABASE_URL`
(seeded by `seed_demo --scale N`), with the environment bench/run.py's `django_env` sets
(DJANGO_SETTINGS_MODULE=incubateur.settings, DEBUG=false, TESTING=true, REDIS_URL empty).
Query counts are `make bench`'s job.

Times the coach's and the programme dashboards (median of RUNS after a warm-up), then
profiles them with cProfile and prints the time spent rendering templates, in the ORM and in the
database."""

import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.measure import targets  # noqa: E402

# cProfile's cumulative time of these functions (none calls itself): what each layer
# costs. The ORM's includes the database's; templates include the queries run while
# rendering (lazy querysets).
LAYERS = {
    "templates": ("django/shortcuts.py", "render"),
    "ORM (building SQL, running it, building objects)": (
        "django/db/models/sql/compiler.py",
        "execute_sql",
    ),
    "database": ("django/db/backends/utils.py", "_execute"),
}


def layer_seconds(stats: pstats.Stats) -> dict:
    found = dict.fromkeys(LAYERS, 0.0)
    for (filename, _line, function), (_cc, _nc, _tt, cumulative, _callers) in stats.stats.items():
        for layer, (suffix, name) in LAYERS.items():
            if filename.endswith(suffix) and function == name:
                found[layer] += cumulative
    return found


def main(runs: int) -> None:
    found = targets()
    pages = {
        "coach dashboard": (found["coach"], reverse("investigations:dashboard")),
        "programme dashboard": (
            found["coach"],
            reverse("programmes:programme_dashboard", args=[found["programme"].slug]),
        ),
        "trivial page": (found["coach"], reverse("accessibility")),
    }
    for name, (user, path) in pages.items():
        client = Client()
        client.force_login(user)
        for _ in range(3):
            assert client.get(path).status_code == 200
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - start) * 1000)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(runs):
            client.get(path)
        profiler.disable()
        stats = pstats.Stats(profiler)
        layers = layer_seconds(stats)
        shares = ", ".join(
            f"{layer} {seconds / runs * 1000:.1f} ms" for layer, seconds in layers.items()
        )
        print(
            f"{name}: median {statistics.median(times):.1f} ms "
            f"(min {min(times):.1f}, max {max(times):.1f}); "
            f"profiled per request: {shares}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
