"""Render cost: the in-process time of one uncached request for each public page, and a stock Wagtail page.

``bench.throughput`` measures requests per second under wrk; on a machine shared with other work
those figures move with the load. This measures what one rendered request costs inside the
process, which moves much less: a throwaway SQLite database gets the demo content, and a child
process with the production settings (Redis cache, DEBUG off, ``PAGE_CACHE_ENABLED=false``) calls
the WSGI application directly (every middleware, the database connection handled per request as
under gunicorn with the production settings, no socket), a few times to warm up and then
``--requests`` times per page, twice: rendered again (what the site keeps against the content
version, home/content_version.py, found in the cache) and from scratch (the version replaced before
each request, and the directory search's kept SQL answers dropped: a render just after an edit).
Reported per request: the median CPU time of the process (what other programs on the machine take
from it is not counted, but neither are Redis's replies), the median wall time, and the number of
SQL queries.

The yardstick is a stock ``wagtail start`` project's home page (bench/_stock_wagtail.py), timed
the same way; ``× stock`` is its time over the page's (above 1: the page is the cheaper).
``--before REF`` also times the tree of a git commit (``git archive``; nothing in the repository
changes), so a change is measured against what it replaced in the same run. The trees are timed
in turns, ``--rounds`` times, and each figure is the median over all the rounds.

    .venv/bin/python -m bench.render_cost                  # this tree and the stock page; writes BENCHMARKS.md
    .venv/bin/python -m bench.render_cost --before main    # and main's tree beside it
    .venv/bin/python -m bench.render_cost --no-write --requests 20 --rounds 1
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from bench import _stock_wagtail
from bench.page_weight import manage, write_section
from bench.throughput import FIND_PAGES, environment

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Render cost per request"
COMMAND = ".venv/bin/python -m bench.render_cost"
STOCK = "Stock Wagtail home"

# Run in the child, with the tree to time as its working directory and first on sys.path.
CHILD = r"""
import json, os, sys, time, statistics
from io import BytesIO
sys.path.insert(0, os.getcwd())
import django
django.setup()
from django.core.wsgi import get_wsgi_application
from django.db.backends.signals import connection_created

pages = json.loads(sys.argv[1])
requests = int(sys.argv[2])
application = get_wsgi_application()
try:  # what replaces every cached part of a page (the content version); a stock project has none
    from home.content_version import bump_content_version
except ImportError:
    try:
        from home.page_cache import bump_content_version
    except ImportError:
        bump_content_version = None
try:  # the directory search's kept SQL answers: an edit to a therapist replaces them too
    from search.backends.bitmaps import forget_answers
except ImportError:
    forget_answers = None
queries = []

def count(execute, sql, params, many, context):
    queries.append(sql)
    return execute(sql, params, many, context)

def install(sender, connection, **kwargs):
    if count not in connection.execute_wrappers:
        connection.execute_wrappers.append(count)

connection_created.connect(install)

def get(path):
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT": "text/html,application/json", "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": BytesIO(), "wsgi.errors": sys.stderr, "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
    }
    status = []
    result = application(environ, lambda s, headers, exc_info=None: status.append(s))
    try:
        body = b"".join(result)
    finally:
        result.close()  # request_finished: the connection is closed or kept (CONN_MAX_AGE), as under gunicorn
    if not status[0].startswith("200"):
        raise SystemExit(f"{path}?{query}: {status[0]}")
    return body

def timed(path, scratch):
    wall, cpu = [], []
    for _ in range(requests):
        if scratch and bump_content_version:
            bump_content_version()
        if scratch and forget_answers:
            forget_answers()
        w, c = time.perf_counter(), time.process_time()
        get(path)
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    if scratch and bump_content_version:
        bump_content_version()
    if scratch and forget_answers:
        forget_answers()
    queries.clear()
    get(path)
    return wall, cpu, len(queries)

out = {}
for name, path in pages.items():
    for _ in range(3):
        body = get(path)
    wall, cpu, count_warm = timed(path, scratch=False)
    # From scratch: the content version replaced before each request, so nothing the site keeps
    # against it (routing, menus, settings, fragments) is found; what a render costs after an edit.
    scratch_wall, scratch_cpu, count_scratch = timed(path, scratch=True)
    out[name] = {
        "path": path, "wall": wall, "cpu": cpu, "queries": count_warm, "bytes": len(body),
        "scratch_wall": scratch_wall, "scratch_cpu": scratch_cpu, "scratch_queries": count_scratch,
    }
print("RESULT " + json.dumps(out))
"""


def time_tree(tree: Path, env: dict[str, str], pages: dict[str, str], requests: int) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(pages), str(requests)],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"Timing {tree} failed:\n{result.stdout}{result.stderr}")
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


def prepare_tree(tree: Path, workdir: Path) -> tuple[dict[str, str], dict[str, str]]:
    """A demo database for the Relieve tree at ``tree``: (its environment, its pages)."""
    workdir.mkdir(parents=True, exist_ok=True)
    env = environment(workdir, 8000, cached=False)
    for args in (("migrate", "--noinput", "-v", "0"), ("load_demo",), ("collectstatic", "--noinput", "-v", "0")):
        manage_in(tree, env, *args)
    pages = json.loads(manage_in(tree, env, "shell", "-c", FIND_PAGES).strip().splitlines()[-1])
    return env, pages


def manage_in(tree: Path, env: dict[str, str], *args: str) -> str:
    if tree == ROOT:
        return manage(env, *args)
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=tree, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} in {tree} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def export_commit(ref: str, folder: Path) -> str:
    """The tree of ``ref`` unpacked into ``folder`` (git archive: no worktree, no ref changes); its short hash."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", ref], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=ROOT, capture_output=True, check=True)
    folder.mkdir(parents=True)
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return commit


SERIES = ("wall", "cpu", "scratch_wall", "scratch_cpu")


def summary(samples: list[dict]) -> dict[str, dict]:
    """Per page: the medians over every round's requests."""
    pages: dict[str, dict] = {}
    for sample in samples:
        for name, figures in sample.items():
            page = pages.setdefault(
                name,
                {"path": figures["path"], **{key: [] for key in SERIES}, "queries": set(), "scratch_queries": set()},
            )
            for key in SERIES:
                page[key] += figures[key]
            page["queries"].add(figures["queries"])
            page["scratch_queries"].add(figures["scratch_queries"])
    return {
        name: {
            "path": page["path"],
            **{key: statistics.median(page[key]) for key in SERIES},
            "queries": "/".join(str(n) for n in sorted(page["queries"])),
            "scratch_queries": "/".join(str(n) for n in sorted(page["scratch_queries"])),
        }
        for name, page in pages.items()
    }


def section(columns: list[tuple[str, dict]], stock: dict, options, load_before, load_after) -> str:
    stock_cpu = stock["cpu"]
    header = "| page | path |"
    rule = "|---|---|"
    for label, _ in columns:
        header += f" {label}: CPU ms | × stock | queries | from scratch: CPU ms | × stock | queries | wall ms |"
        rule += "---:|---:|---:|---:|---:|---:|---:|"
    lines = [header, rule]
    stock_cells = (
        f" {stock_cpu:.1f} | 1 | {stock['queries']} | {stock_cpu:.1f} | 1 | {stock['queries']} | {stock['wall']:.1f} |"
    )
    lines.append(f"| {STOCK} | `/` |" + stock_cells * len(columns))
    for name in columns[-1][1]:
        row = f"| {name} | `{columns[-1][1][name]['path']}` |"
        for _, figures in columns:
            page = figures.get(name)
            if page is None:
                row += " |" * 7
                continue
            row += (
                f" {page['cpu']:.1f} | {stock_cpu / page['cpu']:.2f} | {page['queries']} |"
                f" {page['scratch_cpu']:.1f} | {stock_cpu / page['scratch_cpu']:.2f} | {page['scratch_queries']} |"
                f" {page['wall']:.1f} |"
            )
        lines.append(row)
    current = columns[-1][1]
    slower = [name for name, page in current.items() if page["cpu"] > stock_cpu]
    slower_scratch = [name for name, page in current.items() if page["scratch_cpu"] > stock_cpu]
    notes = [
        f"Load average (1, 5, 15 min) before: {', '.join(f'{x:.2f}' for x in load_before)}; after: "
        f"{', '.join(f'{x:.2f}' for x in load_after)} on {os.cpu_count()} CPUs. Wall times move with the load; "
        "CPU times much less (they leave out the time spent waiting for Redis and for the CPU).",
        "*CPU ms*: a page rendered again, the page cache off, with what the site keeps against the content "
        "version in the cache (routing, menu, settings, fragments) and the directory search's kept SQL "
        "answers. *From scratch*: the content version replaced and the kept answers dropped before each "
        "request, so none of that is found: a render just after an edit.",
        "× stock is the stock page's CPU time over the page's: at 1 or above the page renders at least as "
        "cheaply as the stock Wagtail page (the issue's target for every uncached page). "
        + (f"Above the stock page's cost: {', '.join(slower)}." if slower else "Every page is at or below it.")
        + (f" From scratch, above it: {', '.join(slower_scratch)}." if slower_scratch else " From scratch too."),
    ]
    return (
        "\n".join(
            [
                SECTION,
                "",
                f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{COMMAND}"
                + (f" --before {options.before}" if options.before else "")
                + f"` on {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}.",
                "One request at a time, in-process, the page cache off: production settings (Redis cache, DEBUG "
                "off), demo content in SQLite, the WSGI application called directly (every middleware; the "
                "database connection handled as under gunicorn: closed after each request, or kept for "
                f"CONN_MAX_AGE where the tree's settings keep it). {options.requests} requests per page, "
                f"mode and tree in each of {options.rounds} rounds, the trees in turns; medians.",
                "",
                *lines,
                "",
                *[f"- {note}" for note in notes],
            ]
        )
        + "\n"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print the table without touching BENCHMARKS.md")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per page, tree and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", help="a git commit or branch whose tree to time beside this one")
    options, _ = parser.parse_known_args(argv)

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="relieve-render-cost-") as tmp:
        workdir = Path(tmp)
        trees: list[tuple[str, Path, dict, dict]] = []
        print("Preparing the stock Wagtail project…", flush=True)
        stock_tree = _stock_wagtail.create(workdir / "stock")
        trees.append((STOCK, stock_tree, _stock_wagtail.environment(stock_tree), {STOCK: "/"}))
        if options.before:
            before_tree = workdir / "before"
            commit = export_commit(options.before, before_tree)
            print(f"Preparing a demo database for {options.before} ({commit})…", flush=True)
            env, pages = prepare_tree(before_tree, workdir / "before-data")
            trees.append((f"{options.before} ({commit})", before_tree, env, pages))
        print("Preparing a demo database for this tree…", flush=True)
        env, pages = prepare_tree(ROOT, workdir / "this-data")
        trees.append(("this tree", ROOT, env, pages))

        samples: dict[str, list[dict]] = {label: [] for label, *_ in trees}
        for round_number in range(options.rounds):
            for label, tree, env, pages in trees:
                print(f"  round {round_number + 1}: {label}", flush=True)
                samples[label].append(time_tree(tree, env, pages, options.requests))
    load_after = os.getloadavg()

    results = {label: summary(runs) for label, runs in samples.items()}
    stock = results.pop(STOCK)[STOCK]
    text = section(list(results.items()), stock, options, load_before, load_after)
    print(text)
    if not options.no_write:
        write_section(text, SECTION)
        print(f"Wrote the {SECTION!r} section of BENCHMARKS.md.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
