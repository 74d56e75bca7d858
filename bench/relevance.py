"""Directory search relevance: judged patient queries against the demo directory, per back end.

Method. A fresh SQLite file (``var/bench/relevance.sqlite3``) is migrated and filled by
``manage.py load_demo`` (the demo site: taxonomy with its symptom vocabulary, about 200 therapists).
The judged queries (``bench.relevance_queries``: ≥150 written the way patients describe pain, plus
therapist names taken from the demo data) each carry a hand-made intent: conditions, techniques,
a place. Every listed therapist is graded against it:

- 2: tagged with every condition/technique of the intent (and, with a place, a clinic in that city);
- 1: tagged with some of them, or naming one in the bio (same place rule);
- 0: otherwise. Name queries: 2 for each therapist whose name holds the (correctly spelt) words.

Each query runs through ``search_directory`` (text layer, relaxation, back end) on the database back
end and on the engine (osmem-server, in memory). Reported: precision@5 (hits graded ≥ 1 among the
first five, over min(5, the number of relevant therapists)), nDCG@10 (gain 2^grade − 1), and the
zero-result rate twice: as asked (nothing matched before relaxing) and as shown (an empty page).

    .venv/bin/python -m bench relevance             # writes BENCHMARKS.md and bench/relevance-results.json
    .venv/bin/python -m bench relevance --no-engine --no-write
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.relevance_queries import CITY_WORDS, JUDGED

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "BENCHMARKS.md"
RESULTS = ROOT / "bench" / "relevance-results.json"
SECTION = "## Directory search relevance"
# The project's modules are imported inside the functions below, as in bench/search.py: this module
# is imported (by `python -m bench`) before `setup_django()` has configured Django, and models
# cannot be imported until it has.
TARGETS = {"precision@5": 0.9, "nDCG@10": 0.9, "zero-result rate": 0.02}
NAME_QUERIES = 10


def prepare(path: Path) -> None:
    from bench.search import setup_django

    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    setup_django(f"sqlite:///{path}")
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)


def directory_facts() -> dict[int, dict]:
    """Each listed therapist's tags, clinic cities, name and folded bio: what grading reads."""
    from directory.geocoding import normalize
    from directory.models import TherapistPage
    from search.facet_rows import facet_rows

    bios = dict(TherapistPage.objects.listed().values_list("pk", "bio"))
    return {
        row.id: {
            "title": row.title,
            "conditions": set(row.conditions),
            "techniques": set(row.techniques),
            "cities": {normalize(clinic.city) for clinic in row.clinics},
            "bio": normalize(bios.get(row.id) or ""),
        }
        for row in facet_rows()
    }


def judged_queries(facts: dict[int, dict]) -> list[dict]:
    """The written queries plus name queries from the demo data (full, misspelt, surname only)."""
    queries = [
        {"category": category, "text": text, "near": near, "conditions": conditions, "techniques": techniques}
        for category, text, near, conditions, techniques in JUDGED
    ]
    people = [facts[pk]["title"] for pk in sorted(facts)][:: max(1, len(facts) // NAME_QUERIES)][:NAME_QUERIES]
    for n, title in enumerate(people):
        first, *_, last = title.split()
        if n % 3 == 0:
            text, words = title, [first, last]
        elif n % 3 == 1:  # one letter dropped from the surname
            text, words = f"{first} {last[:2]}{last[3:]}", [first, last]
        else:
            text, words = last, [last]
        queries.append(
            {"category": "name", "text": text, "near": "", "conditions": (), "techniques": (), "name": words}
        )
    return queries


def grade(query: dict, therapist: dict, term_names: dict[str, str]) -> int:
    from directory.geocoding import normalize

    if query.get("name"):
        title = normalize(therapist["title"]).split()
        return 2 if all(normalize(word) in title for word in query["name"]) else 0
    place = query["near"] or next(
        (city for word, city in CITY_WORDS.items() if word in normalize(query["text"]).split()), ""
    )
    if place and normalize(place.split(",")[0]) not in therapist["cities"]:
        return 0
    wanted = [*query["conditions"], *query["techniques"]]
    tagged = [slug for slug in wanted if slug in therapist["conditions"] | therapist["techniques"]]
    if wanted and len(tagged) == len(wanted):
        return 2
    mentioned = [slug for slug in wanted if normalize(term_names[slug]) in therapist["bio"]]
    return 1 if tagged or mentioned else 0


def evaluate(backend, queries: list[dict], facts: dict[int, dict], term_names: dict[str, str]) -> dict:
    from search.query import DirectoryQuery, QueryError
    from search.service import search_directory

    per_query = []
    for query in queries:
        grades = {pk: grade(query, therapist, term_names) for pk, therapist in facts.items()}
        relevant = sum(1 for g in grades.values() if g)
        try:
            results = search_directory(DirectoryQuery(text=query["text"], near=query["near"]), backend)
            ids, total, exact = results.hit_ids, results.total, results.exact_total
        except QueryError:
            ids, total, exact = [], 0, 0
        got = [grades.get(pk, 0) for pk in ids[:10]]
        precision = sum(1 for g in got[:5] if g) / min(5, relevant) if relevant else None
        ideal = sorted(grades.values(), reverse=True)[:10]
        dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(got))
        idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
        per_query.append(
            {
                "category": query["category"],
                "text": query["text"],
                "near": query["near"],
                "relevant": relevant,
                "precision@5": precision,
                "nDCG@10": dcg / idcg if idcg else None,
                "zero as asked": exact == 0,
                "zero as shown": total == 0,
            }
        )
    return {"summary": summarise(per_query), "by category": by_category(per_query), "queries": per_query}


def mean(values) -> float:
    values = [v for v in values if v is not None]
    return round(sum(values) / len(values), 3) if values else 0.0


def summarise(rows: list[dict]) -> dict:
    return {
        "queries": len(rows),
        "precision@5": mean(r["precision@5"] for r in rows),
        "nDCG@10": mean(r["nDCG@10"] for r in rows),
        "zero-result rate (as asked)": mean(float(r["zero as asked"]) for r in rows),
        "zero-result rate (as shown)": mean(float(r["zero as shown"]) for r in rows),
    }


def by_category(rows: list[dict]) -> dict:
    categories = sorted({r["category"] for r in rows})
    return {c: summarise([r for r in rows if r["category"] == c]) for c in categories}


def run(with_engine: bool) -> dict:
    from django.conf import settings

    from articles.models import Condition, Technique
    from search.backends import get_backend
    from search.backends.database import DatabaseBackend

    facts = directory_facts()
    term_names = {
        **dict(Condition.objects.values_list("slug", "name")),
        **dict(Technique.objects.values_list("slug", "name")),
    }
    queries = judged_queries(facts)
    record = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "therapists": len(facts),
        "queries": len(queries),
        "results": {},
    }
    settings.SEARCH_ENGINE = "database"
    started = time.perf_counter()
    record["results"]["database"] = evaluate(DatabaseBackend(), queries, facts, term_names)
    print("database", json.dumps(record["results"]["database"]["summary"]), f"{time.perf_counter() - started:.0f} s")
    if with_engine:
        from osmem_server import OsmemServer

        with OsmemServer.start(japanese=False) as server:
            settings.SEARCH_ENGINE, settings.SEARCH_URL = "opensearch", server.url
            settings.SEARCH_INDEX_PREFIX, settings.SEARCH_TIMEOUT = "relevance_", 30.0
            engine = get_backend()
            engine.rebuild()
            record["results"]["engine (osmem)"] = evaluate(engine, queries, facts, term_names)
            print("engine", json.dumps(record["results"]["engine (osmem)"]["summary"]))
    return record


def render(record: dict) -> str:
    lines = [
        SECTION,
        "",
        f"Measured {record['date']} by `python -m bench relevance` (method in `bench/relevance.py`): "
        f"{record['queries']} judged queries (`bench/relevance_queries.py` plus therapist names) over the demo "
        f"directory ({record['therapists']} listed therapists, `manage.py load_demo`).",
        "",
        "| Back end | Queries | precision@5 | nDCG@10 | zero results as asked | zero results as shown |",
        "|---|---|---|---|---|---|",
    ]
    for name, result in record["results"].items():
        s = result["summary"]
        lines.append(
            f"| {name} | {s['queries']} | {s['precision@5']:.3f} | {s['nDCG@10']:.3f} | "
            f"{s['zero-result rate (as asked)']:.1%} | {s['zero-result rate (as shown)']:.1%} |"
        )
    lines += ["", "By kind of query (database back end):", ""]
    lines += ["| Kind | Queries | precision@5 | nDCG@10 | zero as asked |", "|---|---|---|---|---|"]
    for category, s in record["results"]["database"]["by category"].items():
        lines.append(
            f"| {category} | {s['queries']} | {s['precision@5']:.3f} | {s['nDCG@10']:.3f} | "
            f"{s['zero-result rate (as asked)']:.1%} |"
        )
    lines += ["", "Targets (precision@5 ≥ 0.9, nDCG@10 ≥ 0.9, zero-result rate ≤ 2 %):", ""]
    for name, result in record["results"].items():
        s = result["summary"]
        missed = [
            label
            for label, value, ok in (
                ("precision@5", s["precision@5"], s["precision@5"] >= TARGETS["precision@5"]),
                ("nDCG@10", s["nDCG@10"], s["nDCG@10"] >= TARGETS["nDCG@10"]),
                (
                    "zero-result rate (as asked)",
                    s["zero-result rate (as asked)"],
                    s["zero-result rate (as asked)"] <= TARGETS["zero-result rate"],
                ),
            )
            if not ok
        ]
        lines.append(f"- {name}: " + (f"**missed** {', '.join(missed)}" if missed else "all met"))
    lines += [
        "",
        "Read these figures with their limits: the judgements are derived by rule from intent labels "
        "written by hand for each query, the demo directory is small and densely tagged (most "
        "therapists carry several of eight conditions, so the first five hits are easy to fill with "
        "relevant ones), and the queries were written by the author of the symptom vocabulary, "
        "so they share its turns of phrase more than real patients' queries would.",
    ]
    worst = sorted(
        (r for r in record["results"]["database"]["queries"] if r["nDCG@10"] is not None and r["nDCG@10"] < 1),
        key=lambda r: (r["nDCG@10"], r["text"]),
    )[:15]
    lines += ["", "The weakest queries (database back end), to work on next:", ""]
    lines += ["| Query | Place | precision@5 | nDCG@10 | zero as asked |", "|---|---|---|---|---|"]
    for r in worst:
        p = "—" if r["precision@5"] is None else f"{r['precision@5']:.2f}"
        lines.append(
            f"| {r['text']} | {r['near'] or ''} | {p} | {r['nDCG@10']:.2f} | {'yes' if r['zero as asked'] else ''} |"
        )
    return "\n".join(lines) + "\n"


def write(record: dict) -> None:
    RESULTS.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")
    text = BENCHMARKS.read_text() if BENCHMARKS.exists() else "# Benchmarks\n"
    section = render(record)
    if SECTION in text:
        start = text.index(SECTION)
        rest = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + ("\n" + text[rest + 1 :] if rest != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    BENCHMARKS.write_text(text)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench relevance", description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-engine", action="store_true", help="only the database back end")
    parser.add_argument("--no-write", action="store_true", help="print, do not update BENCHMARKS.md")
    parser.add_argument("--database", default=str(ROOT / "var" / "bench" / "relevance.sqlite3"))
    args, _ = parser.parse_known_args(argv)
    prepare(Path(args.database))
    with contextlib.suppress(KeyboardInterrupt):
        record = run(with_engine=not args.no_engine)
        if not args.no_write:
            write(record)
        print(render(record))
    return 0
