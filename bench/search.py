"""Directory search latency: a fixed mix of 200 queries over N demo therapists, per back end.

Method. A SQLite file (``var/bench/search-N.sqlite3``, kept between runs) is migrated and filled
by the demo loader (``demo.therapists.load(count=N)``: bulk inserts, real cities). The query mix is
generated from a fixed seed out of what the database holds: condition and technique names, their
synonyms, misspellings, therapist names, places with radii, filters, sorts and deeper pages. Each
query runs once to warm up, then once measured:

- in-process: ``search_directory(query, backend)`` — text layer, back end, result cards (what a view calls);
- HTTP-ish: Django's test client GET of ``/search/therapists/?…`` — URL parsing, middleware,
  template rendering included (no network socket);
- for the engine back end, also the server's own ``took`` (server-side time).

The engine is osmem-server (in-memory, OpenSearch 3 API) started by the benchmark, or a real
cluster named by ``BENCH_SEARCH_URL`` (with ``BENCH_SEARCH_ENGINE=elasticsearch|opensearch``); the rebuild
time is ``rebuild_directory_index``'s work (documents from the database, bulk, alias swap).
PostgreSQL is measured when ``BENCH_DATABASE_URL`` names an empty database the benchmark may fill.

    .venv/bin/python -m bench search                  # 10,000 therapists, writes BENCHMARKS.md
    .venv/bin/python -m bench search --count 100000
    .venv/bin/python -m bench search --count 2000 --no-write
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.page_weight import write_section

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "BENCHMARKS.md"
# Kept in git beside the code: BENCHMARKS.md is rendered from every run recorded here, so a new
# checkout that re-measures one configuration keeps the others' figures.
RESULTS = ROOT / "bench" / "search-results.json"
SECTION = "## Directory search"
QUERY_COUNT = 200
SEED = 5


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db.backends.signals import connection_created

    def fast_sqlite(sender, connection, **kwargs):
        # A throwaway benchmark database: durability is not needed, and fsyncs would dominate loading.
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=OFF")

    connection_created.connect(fast_sqlite)


def prepare_database(count: int) -> float:
    """Migrate and load the demo directory unless it is already there; returns load seconds."""
    from django.core.management import call_command
    from django.db import connection

    from directory.models import TherapistPage

    call_command("migrate", verbosity=0, interactive=False)
    # Function-local like the imports above: this module is imported before django.setup().
    from demo import articles as demo_articles
    from demo import therapists as demo_therapists
    from home.site_tree import ensure_site_tree

    if TherapistPage.objects.count() < count:
        started = time.perf_counter()
        ensure_site_tree()
        try:
            demo_articles.load(None)
        except Exception as error:  # the article demo is optional for this benchmark
            print(f"(article demo not loaded: {error})")
        demo_therapists.load(count=count, stdout=sys.stdout)
        loaded = time.perf_counter() - started
    else:
        loaded = 0.0
    if connection.vendor == "postgresql":
        # A live database has planner statistics (autovacuum); one just bulk-loaded has none
        # until autovacuum gets to it, and on a server running without it (as this machine's
        # does) never: without them PostgreSQL misjudges every join and filter.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return loaded


def query_mix(seed: int = SEED) -> list[str]:
    """200 GET query strings, the same for every run over the same data."""
    from django.db.models import Count

    from articles.models import Condition, Technique
    from directory.models import Clinic, Language, TherapistPage
    from search.query import DirectoryQuery

    rng = random.Random(seed)
    conditions = list(Condition.objects.order_by("slug"))
    techniques = list(Technique.objects.order_by("slug"))
    terms = conditions + techniques
    synonyms = [s for term in terms for s in term.synonym_list] or [t.name for t in terms]
    cities = [
        (city, country)
        for city, country, _ in Clinic.objects.filter(latitude__isnull=False)
        .values_list("city", "country")
        .annotate(n=Count("pk"))
        .order_by("-n", "city")[:40]
    ]
    languages = list(Language.objects.order_by("code").values_list("code", flat=True))
    names = list(TherapistPage.objects.listed().order_by("pk").values_list("title", flat=True)[:2000])

    def typo(word: str) -> str:
        i = rng.randrange(1, len(word) - 1) if len(word) > 4 else 1
        return word[:i] + word[i + 1 :]

    def place() -> dict:
        city, country = rng.choice(cities)
        return {"near": f"{city}, {country}", "radius": rng.choice([5, 10, 25, 50, 100])}

    def flags() -> dict:
        return {
            name: True for name in ("accepting", "direct_billing", "home_visits", "wheelchair") if rng.random() < 0.2
        }

    makers = [
        (40, lambda: {"text": rng.choice(terms).name}),
        (20, lambda: {"text": rng.choice(synonyms)}),
        (15, lambda: {"text": typo(rng.choice(terms).name.split()[0])}),
        (30, lambda: {**place(), "sort": "distance"}),
        (30, lambda: {**place(), "text": rng.choice(conditions).name, **flags()}),
        (20, lambda: {"conditions": (rng.choice(conditions).slug,), "language": rng.choice(languages), **flags()}),
        (15, lambda: {"techniques": (rng.choice(techniques).slug,), "sort": "name", **flags()}),
        (10, lambda: {"text": rng.choice(names).split()[0]}),
        (10, lambda: {"text": rng.choice(conditions).name, "page": rng.choice([2, 3])}),
        (10, lambda: {**place(), "conditions": tuple(c.slug for c in rng.sample(conditions, 2)), **flags()}),
    ]
    mix: list[str] = []
    for weight, make in makers:
        for _ in range(weight):
            fields = make()
            if "radius" in fields:
                fields["radius_km"] = float(fields.pop("radius"))
            mix.append(DirectoryQuery(**fields).to_querystring())
    assert len(mix) == QUERY_COUNT
    return mix


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def pick(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, round(p * (len(ordered) - 1))))]

    return {
        "p50": round(pick(0.50) * 1000, 1),
        "p95": round(pick(0.95) * 1000, 1),
        "mean": round(statistics.fmean(ordered) * 1000, 1),
        "max": round(ordered[-1] * 1000, 1),
    }


def sample(mix: list[str], size: int) -> list[str]:
    """Every k-th query of the mix, so a smaller sample keeps the mix's proportions."""
    if size >= len(mix):
        return mix
    step = len(mix) / size
    return [mix[int(i * step)] for i in range(size)]


def measure(backend, mix: list[str], before_pass=None) -> dict[str, dict[str, float]]:
    # Function-local: this module is imported before django.setup() (see prepare_database).
    from django.http import QueryDict
    from django.test import Client

    from search.backends.bitmaps import forget_answers
    from search.query import DirectoryQuery, QueryError
    from search.service import search_directory

    client = Client()
    queries = []
    for querystring in mix:
        try:
            queries.append((querystring, DirectoryQuery.from_params(QueryDict(querystring))))
        except QueryError as error:
            raise SystemExit(f"bench query {querystring!r} is invalid: {error}") from error
    timings: dict[str, list[float]] = {"in-process": [], "http": []}
    errors = 0
    before_pass = before_pass or (lambda name: None)
    before_pass("warm-up")
    for _, query in queries:  # warm-up: caches, vocabulary, geocoder, connections
        try:
            search_directory(query, backend)
        except QueryError:
            errors += 1
    # Each timed search is asked as if for the first time: the bitmaps are warm, but none of the
    # SQL answers the warm-up left with them (a repeated mix would otherwise time a lookup).
    before_pass("in-process")
    for _, query in queries:
        forget_answers()
        started = time.perf_counter()
        with contextlib.suppress(QueryError):  # counted above; still timed, as a page would be
            search_directory(query, backend)
        timings["in-process"].append(time.perf_counter() - started)
    before_pass("http")
    for querystring, _ in queries:
        forget_answers()
        started = time.perf_counter()
        response = client.get(f"/search/therapists/?{querystring}")
        timings["http"].append(time.perf_counter() - started)
        if response.status_code >= 500:
            raise SystemExit(f"HTTP {response.status_code} for {querystring}")
    result = {mode: {**percentiles(samples), "queries": len(samples)} for mode, samples in timings.items()}
    result["unresolved_places"] = errors
    return result


def run(count: int, with_engine: bool, database_label: str, save=None, engine_sample: int = QUERY_COUNT) -> dict:
    from django.conf import settings
    from django.db import connection

    from search.backends import get_backend
    from search.backends.database import DatabaseBackend

    load_seconds = prepare_database(count)
    mix = query_mix()
    from directory.models import TherapistPage

    listed = TherapistPage.objects.listed().count()
    print(f"{listed} listed therapists on {connection.vendor}; demo load took {load_seconds:.0f} s")
    record: dict = {
        "count": count,
        "listed": listed,
        "database": database_label,
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        # Other work on the machine skews latency; the figures say how busy it was.
        "load_average_at_start": round(os.getloadavg()[0], 1),
        "results": {},
    }
    settings.SEARCH_ENGINE = "database"
    record["results"][f"database ({database_label})"] = measure(DatabaseBackend(), mix)
    print(json.dumps(record["results"], indent=1))
    record["load_average_at_end"] = round(os.getloadavg()[0], 1)
    if save:
        save(record)  # the database figures are kept even if the engine part is interrupted
    if with_engine:
        from osmem_server import OsmemServer

        # BENCH_SEARCH_URL (+ BENCH_SEARCH_ENGINE, default opensearch) measures a real cluster instead.
        real_url = os.environ.get("BENCH_SEARCH_URL")
        engine_name = os.environ.get("BENCH_SEARCH_ENGINE", "opensearch") if real_url else "opensearch"
        label = f"engine ({engine_name} at {real_url})" if real_url else "engine (osmem)"
        server_context = contextlib.nullcontext() if real_url else OsmemServer.start(japanese=False)
        with server_context as server:
            settings.SEARCH_ENGINE, settings.SEARCH_URL = engine_name, real_url or server.url
            settings.SEARCH_INDEX_PREFIX, settings.SEARCH_TIMEOUT = "bench_", 30.0
            engine = get_backend()
            started = time.perf_counter()
            indexed = engine.rebuild()
            record["rebuild_seconds"] = round(time.perf_counter() - started, 1)
            record["indexed"] = indexed
            took: dict[str, list[float]] = {}
            current = {"pass": ""}
            original = engine.client.search

            def timed_search(index, body):
                response = original(index, body)
                took.setdefault(current["pass"], []).append(response.get("took", 0) / 1000)
                return response

            engine.client.search = timed_search
            result = measure(engine, sample(mix, engine_sample), lambda name: current.update({"pass": name}))
            # The in-process pass's engine calls (a search with no hits also counts wider searches).
            measured = took.get("in-process", [])
            result["server (took)"] = {**percentiles(measured), "queries": len(measured)} if measured else {}
            record["results"][label] = result
            engine.client.search = original
            settings.SEARCH_ENGINE = "database"
    record["load_average_at_end"] = round(os.getloadavg()[0], 1)
    print(json.dumps(record, indent=1))
    return record


def write_markdown(records: list[dict]) -> None:
    lines = [
        SECTION,
        "",
        "Directory search latency over a fixed mix of 200 queries (condition and technique names,",
        "synonyms, misspellings, therapist names, places with radii, filters, name and distance sorts,",
        "pages 2–3). Each query is run once to warm up, then measured once. *In-process* is",
        "`search_directory(query, backend)` (text layer, back end, result cards); *HTTP* is Django's test client",
        "fetching `/search/therapists/?…` (middleware and template rendering, no socket); *server* is",
        "the engine's own `took` for each engine call of the in-process pass (a search that finds",
        "nothing makes more calls: the wider searches it offers). *n* is how many were timed: the engine",
        "at 100k is measured on an evenly spaced sample of the mix (`--engine-sample`). All figures in",
        "milliseconds. Demo data from `demo.therapists.load`.",
        "",
        "Command: `.venv/bin/python -m bench search --count N` (`make bench` runs every benchmark).",
        "",
        "| Therapists | Back end | Mode | n | p50 | p95 | mean | max |",
        "|---:|---|---|---:|---:|---:|---:|---:|",
    ]
    for record in sorted(records, key=lambda r: (r["count"], r["database"])):
        for backend, result in record["results"].items():
            for mode, figures in result.items():
                if not isinstance(figures, dict) or not figures:
                    continue
                lines.append(
                    f"| {record['listed']:,} | {backend} | {mode} | {figures.get('queries', QUERY_COUNT)} "
                    f"| {figures['p50']} | {figures['p95']} "
                    f"| {figures['mean']} | {figures['max']} |"
                )
    lines += [
        "",
        "| Therapists | Database | Engine rebuild (s) | Measured | Machine | Load average (start → end) |",
        "|---:|---|---:|---|---|---|",
    ]
    for record in sorted(records, key=lambda r: (r["count"], r["database"])):
        load = f"{record.get('load_average_at_start', '?')} → {record.get('load_average_at_end', '?')}"
        rebuild = record.get("rebuild_seconds", "–")
        lines.append(
            f"| {record['listed']:,} | {record['database']} | {rebuild} | {record['when']} "
            f"| {record['machine']} | {load} |"
        )
    lines += [
        "",
        "Targets: p95 ≤ 80 ms at 10k on SQLite; ≤ 30 ms at 100k on the engine, server-side;",
        "rebuild of 100k ≤ 60 s; ≤ 150 ms in-process at 100k on PostgreSQL, with SQLite at 100k",
        "no slower than before. See the notes below the tables for which are met.",
        "",
    ]
    text = BENCHMARKS.read_text() if BENCHMARKS.exists() else ""
    notes_marker = "<!-- search-notes -->"
    notes = ""
    if SECTION in text:
        start = text.index(SECTION)
        end = text.find("\n## ", start + len(SECTION))
        old = text[start:] if end == -1 else text[start : end + 1]
        if notes_marker in old:
            notes = old[old.index(notes_marker) :].rstrip() + "\n"
    # In place: the other benchmarks' sections keep their order.
    write_section("\n".join(lines) + "\n" + (notes or f"{notes_marker}\n"), SECTION)


def save(record: dict) -> None:
    """Merge one run into the stored results and rewrite the BENCHMARKS.md section."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    records = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    for old in [r for r in records if (r["count"], r["database"]) == (record["count"], record["database"])]:
        # A partial run (--no-engine) keeps the other back end's earlier figures.
        record["results"] = {**old["results"], **record["results"]}
        for key in ("rebuild_seconds", "indexed"):
            if key in old:
                record.setdefault(key, old[key])
        records.remove(old)
    records.append(record)
    RESULTS.write_text(json.dumps(records, indent=1))
    write_markdown(records)
    print(f"Wrote {BENCHMARKS.relative_to(ROOT)}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench search", description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="listed therapists to load (default 10000)")
    parser.add_argument("--no-engine", action="store_true", help="skip the osmem engine measurements")
    parser.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    parser.add_argument(
        "--engine-sample",
        type=int,
        default=QUERY_COUNT,
        help="measure the engine on every k-th query of the mix, this many (osmem is slow at 100k)",
    )
    args = parser.parse_args(argv)
    database_url = os.environ.get("BENCH_DATABASE_URL")
    if database_url:
        label = "PostgreSQL" if database_url.startswith("postgres") else database_url.split(":", 1)[0]
    else:
        path = ROOT / "var" / "bench" / f"search-{args.count}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        database_url, label = f"sqlite:///{path}", "SQLite"
    setup_django(database_url)
    writer = None if args.no_write else save
    record = run(args.count, not args.no_engine, label, save=writer, engine_sample=args.engine_sample)
    if writer:
        writer(record)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
