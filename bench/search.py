"""The knowledge base's benchmark: `/recherche/` and the « déjà investigué ailleurs »
panel at each scale, p50/p95 and query counts (the same at every scale), against the
budget p95 ≤ 200 ms at the largest.

`python bench/search.py [--scales 1,300] [--runs 30] [--prefix incubateur_bench_search]`
recreates one database per scale (`<prefix>_<N>`, seeded by `seed_demo --scale N`, which
writes the fiches and search documents), measures, and prints the table with the
machine's load (`uptime`). `make bench` calls `measure_search` on its own databases.
`python bench/search.py measure OUT.json RUNS` is the measuring process (bench.settings).
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

P95_BUDGET_MS = 200
WARM_UP = 3
# What people type: accents and case, plurals, abbreviations, typos, several words.
QUERIES = [
    "rendez vous honores",
    "ecole",
    "evaluation",
    "rdv",
    "rendez-vou",
    "accueil des usagers",
    "ccas",
    "démarches en ligne",
]
PANEL_TEXT = {
    "title": "Les rendez-vous ne sont pas honorés",
    "problem": "Au guichet, un usager sur trois ne vient pas et ne prévient pas.",
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _outcome(response) -> str:
    """Found, close titles only (one query more), or nothing: the query count is compared
    between scales for the same outcome."""
    content = response.content.decode()
    if "Aucun résultat exact" in content:
        return "approximate"
    return "found" if "<mark>" in content or "deja-investigue" in content else "nothing"


def _measure(out: Path, runs: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from bench.settings import use
    from demo.scale import slug
    from incubateur.accounts.models import User
    from knowledge.models import SearchDocument
    from programmes.models import Membership, Programme

    aliases = [alias for alias in settings.DATABASES if alias != "default"]
    search_url = reverse("knowledge:search")
    panel_url = reverse("knowledge:similar_problems")
    clients, documents = {}, {}
    for alias in aliases:
        use(alias)
        documents[alias] = SearchDocument.objects.count()
        admin = Client()
        admin.force_login(User.objects.get(email="admin@anct.gouv.fr"))
        agent = Client()
        programme = Programme.objects.get(slug=slug(0))
        agent.force_login(
            Membership.objects.filter(
                collectivity__in=programme.collectivities.all(), role=Membership.Role.AGENT
            )
            .first()
            .user
        )
        clients[alias] = {"anonymous": Client(), "admin": admin, "agent": agent}

    def request(alias, kind, who, query):
        client = clients[alias][who]
        if kind == "panel":
            return client.post(panel_url, PANEL_TEXT, headers={"HX-Request": "true"})
        return client.get(search_url, {"q": query})

    cases = [("search", who, query) for who in ("anonymous", "admin") for query in QUERIES]
    cases.append(("panel", "agent", ""))
    times = {(kind, alias): [] for kind in ("search", "panel") for alias in aliases}
    queries, outcomes = {}, {}
    for round_number in range(WARM_UP + runs):
        for kind, who, query in cases:
            for alias in aliases:
                use(alias)
                start = time.perf_counter()
                response = request(alias, kind, who, query)
                elapsed = (time.perf_counter() - start) * 1000
                if response.status_code != 200:
                    raise SystemExit(f"{kind} {query!r} at {alias}: HTTP {response.status_code}")
                if round_number >= WARM_UP:
                    times[kind, alias].append(elapsed)
    # The search page is cached until a document changes: what the first to search a text
    # waits, with the cache emptied before each request (reported, not budgeted).
    from django.core.cache import cache

    times.update({("search_cold", alias): [] for alias in aliases})
    for _round in range(2):
        for kind, who, query in cases:
            for alias in aliases:
                if kind != "search":
                    continue
                use(alias)
                cache.clear()
                start = time.perf_counter()
                request(alias, kind, who, query)
                times["search_cold", alias].append((time.perf_counter() - start) * 1000)
    # The queries of the whole work, on a cache miss.
    for kind, who, query in cases:
        for alias in aliases:
            use(alias)
            cache.clear()
            with CaptureQueriesContext(connections[alias]) as captured:
                response = request(alias, kind, who, query)
            queries.setdefault((kind, who, query), {})[alias] = len(captured)
            outcomes.setdefault((kind, who, query), {})[alias] = _outcome(response)
    result = {
        "documents": documents,
        "timings": {
            kind: {
                alias: {
                    "p50_ms": statistics.median(times[kind, alias]),
                    "p95_ms": percentile(times[kind, alias], 0.95),
                    "requests": len(times[kind, alias]),
                }
                for alias in aliases
            }
            for kind in ("search", "panel", "search_cold")
        },
        "queries": [
            {
                "kind": kind,
                "who": who,
                "query": query,
                "counts": counts,
                "outcomes": outcomes[kind, who, query],
            }
            for (kind, who, query), counts in queries.items()
        ],
    }
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))


def measure_search(urls: dict[int, str], workdir: Path, runs: int) -> dict:
    """Measure on already seeded databases ({scale: URL}); used by bench/run.py too."""
    from bench.run import django_env, run

    out = workdir / "search.json"
    aliases = {f"scale_{scale}": url for scale, url in urls.items()}
    run(
        [sys.executable, "bench/search.py", "measure", str(out), str(runs)],
        django_env(
            next(iter(urls.values())),
            DJANGO_SETTINGS_MODULE="bench.settings",
            BENCH_DATABASES=json.dumps(aliases),
        ),
    )
    return json.loads(out.read_text())


def table(results: dict) -> tuple[str, bool]:
    """The Markdown lines and whether every budget holds."""
    aliases = list(results["documents"])
    largest = aliases[-1]
    lines = [
        "| knowledge base | "
        + " | ".join(f"{alias} p50 / p95" for alias in aliases)
        + " | budget | verdict |",
        "|---|" + "---|" * len(aliases) + "---|---|",
    ]
    ok = True
    for kind, label in (
        ("search", "/recherche/ (16 queries typed)"),
        ("panel", "« déjà investigué »"),
    ):
        timing = results["timings"][kind]
        holds = timing[largest]["p95_ms"] <= P95_BUDGET_MS
        ok &= holds
        lines.append(
            f"| {label} | "
            + " | ".join(
                f"{timing[alias]['p50_ms']:.0f} / {timing[alias]['p95_ms']:.0f} ms"
                for alias in aliases
            )
            + f" | p95 ≤ {P95_BUDGET_MS} ms | {'ok' if holds else 'FAIL'} |"
        )
    if cold := results["timings"].get("search_cold"):
        lines.append(
            "| /recherche/ on a cache miss (the first to search a text after a change) | "
            + " | ".join(
                f"{cold[alias]['p50_ms']:.0f} / {cold[alias]['p95_ms']:.0f} ms" for alias in aliases
            )
            + " | (reported) | |"
        )
    comparable = [case for case in results["queries"] if len(set(case["outcomes"].values())) == 1]
    same = all(len(set(case["counts"].values())) == 1 for case in comparable)
    ok &= same
    counts = sorted({count for case in results["queries"] for count in case["counts"].values()})
    lines.append(
        "| documents | "
        + " | ".join(str(results["documents"][alias]) for alias in aliases)
        + f" | same queries at every scale for the same outcome ({len(comparable)} of "
        + f"{len(results['queries'])} cases; {', '.join(map(str, counts))}) | "
        + ("ok" if same else "FAIL")
        + " |"
    )
    return "\n".join(lines), ok


def _prepare(server: str, name: str, scale: int) -> str:
    from bench.run import django_env, recreate_database, run

    url = recreate_database(server, name)
    env = django_env(url)
    run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], env)
    run(
        [sys.executable, "manage.py", "seed_demo", "--force", "--scale", str(scale)],
        env,
        stdout=subprocess.DEVNULL,
    )
    return url


def main() -> int:
    import argparse

    from bench.run import DEFAULT_SERVER, say

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,300")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--prefix", default="incubateur_bench_search")
    parser.add_argument("--keep", action="store_true", help="reuse the seeded databases")
    options = parser.parse_args()
    server = os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER).rstrip("/")
    urls = {}
    for scale in (int(scale) for scale in options.scales.split(",")):
        name = f"{options.prefix}_{scale}"
        if options.keep:
            urls[scale] = f"{server}/{name}"
            continue
        say(f"database {name}: migrate and seed_demo --scale {scale}")
        urls[scale] = _prepare(server, name, scale)
    say("search and panel, every scale taking turns")
    results = measure_search(urls, Path(tempfile.mkdtemp(prefix="bench-search-")), options.runs)
    text, ok = table(results)
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"\n`bench/search.py`, {options.runs} rounds; machine: {load}\n\n{text}\n")
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "measure":
        _measure(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        sys.exit(main())
