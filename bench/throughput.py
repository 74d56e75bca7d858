"""Throughput: requests per second for each public page, from the page cache and rendered, under wrk.

A throwaway SQLite database gets the demo content; gunicorn serves it with the production settings
(Redis for the shared cache, WhiteNoise, DEBUG off) on the loopback, once with the page cache on
and once with it off (``PAGE_CACHE_ENABLED``). ``wrk`` loads each page in turn after a warm-up;
a bare Django view (``bench/_bare_django.py``) served the same way is the yardstick, and every
figure is also given as a ratio to it. The home page of a stock ``wagtail start`` project (same
Wagtail and Django, its own production settings, DEBUG off; bench/_stock_wagtail.py), served the
same way before and after the site's runs (the mean of the two), is the yardstick for rendered
pages: every uncached figure is also a ratio to it.
Anonymous visitors, no cookies: the page cache's case. Two more rows ask 2,055 different searches in
turn (``VARIED``), each about once a run: the single-URL search rows repeat one search, which what the
search keeps between requests answers almost whole.

    .venv/bin/python -m bench.throughput             # measure and write BENCHMARKS.md
    .venv/bin/python -m bench.throughput --no-write  # measure and print only
    .venv/bin/python -m bench.throughput --duration 5 --connections 8 --workers 2

Timings depend on the machine and on what else runs on it: the load average before and after the
run is written next to the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from bench import _stock_wagtail, page_weight
from bench.page_weight import BENCHMARKS, free_port, manage, wait_for, write_section

ROOT = Path(__file__).resolve().parent.parent
SECTION = "## Throughput"
COMMAND = ".venv/bin/python -m bench.throughput"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
# The targets, as ratios to the bare Django view, and for uncached pages to the stock Wagtail page.
CACHED_TARGET = 0.5
SEARCH_JSON_TARGET = 0.1
UNCACHED_TO_STOCK_TARGET = 1.0

FIND_PAGES = """
import json
from articles.models import ArticleIndexPage, ArticlePage
from directory.models import DirectoryIndexPage, TherapistPage
pages = {"Home": "/"}
pages["Articles index"] = ArticleIndexPage.objects.live().first().get_url()
pages["Article"] = ArticlePage.objects.live().order_by("pk").first().get_url()
pages["Directory index"] = DirectoryIndexPage.objects.live().first().get_url()
pages["Therapist profile"] = TherapistPage.objects.listed().order_by("pk").first().get_url()
pages["Directory search"] = "/search/therapists/?q=sciatica&near=Toronto&radius=25"
pages["Directory search JSON"] = "/search/therapists.json?q=sciatica&near=Toronto&radius=25"
pages["Autocomplete"] = "/search/autocomplete/?q=sciat"
print(json.dumps(pages))
"""

# Many different searches in turn, for two more rows: on the single-URL rows every request after the
# first repeats one search, and what the search keeps (the SQL answers kept with the bitmaps, the
# cards in the fragment cache) answers most of it. Here a run asks each search about once, as
# people would: the same words, places and therapists recur across searches, whole searches rarely.
VARIED_TEXT = (
    "sciatica",
    "low back pain",
    "pain down my leg",
    "deep tissue",
    "pregnancy back pain",
    "neck pain",
    "piriformis",
    "sciatic nerve",
    "swedish massage",
    "knots in my shoulders",
    "stenosis",
    "massage",
    "herniated disc",
    "hip pain",
    "",
)
VARIED_PLACES = ("Toronto", "Vancouver", "Ottawa", "Calgary", "Halifax", "Edinburgh", "Lisbon", "Denver", "Chicago")
VARIED_RADII = (10, 25, 50, 100, 250)
VARIED_SORTS = ("relevance", "distance", "name")


def varied_searches(path: str) -> list[str]:
    """Every combination of the words, places, radii and orders above, as URLs of ``path``: 2,055."""
    queries = [{"q": text, "sort": sort} for text in VARIED_TEXT for sort in ("relevance", "name")]
    queries += [
        {"q": text, "near": place, "radius": radius, "sort": sort}
        for text in VARIED_TEXT
        for place in VARIED_PLACES
        for radius in VARIED_RADII
        for sort in VARIED_SORTS
    ]
    return [f"{path}?{urlencode(query)}" for query in queries]


VARIED = {
    "Directory search, 2,055 different searches": varied_searches("/search/therapists/"),
    "Directory search JSON, 2,055 different searches": varied_searches("/search/therapists.json"),
}
# Each wrk thread starts its turn through the searches at its own place (a share of the list apart).
VARIED_SCRIPT = """
local paths = {%s}
local threads = 0
function setup(thread)
  thread:set("start", threads)
  threads = threads + 1
end
function init(args)
  position = math.floor(start * #paths / 4)
end
function request()
  position = position %% #paths + 1
  return wrk.format("GET", paths[position])
end
"""


def varied_script(folder: Path, name: str, paths: list[str]) -> Path:
    script = folder / f"{name}.lua"
    script.write_text(VARIED_SCRIPT % ", ".join(json.dumps(path) for path in paths), encoding="utf-8")
    return script


@dataclass
class Run:
    name: str
    path: str
    mode: str  # "bare" | "cached" | "uncached"
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def environment(workdir: Path, port: int, *, cached: bool) -> dict[str, str]:
    """page_weight's production environment, with the shared cache and the page cache on or off."""
    return {
        **page_weight.environment(workdir, port),
        "SECRET_KEY": "bench-" + secrets.token_urlsafe(40),
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"bench-throughput-{workdir.name}",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "PAGE_CACHE_ENABLED": "true" if cached else "false",
        "LOG_LEVEL": "ERROR",
        "APP_LOG_LEVEL": "ERROR",
    }


def _milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(
    url: str, *, duration: int, connections: int, threads: int, script: Path | None = None
) -> tuple[float, float, float, int]:
    """(requests/s, p50 ms, p99 ms, non-2xx/3xx or socket errors) for one wrk run (``script``: a Lua
    script choosing each request's path)."""
    result = subprocess.run(
        [
            WRK,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            *(["-s", str(script)] if script else []),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _milliseconds(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1))
    p99 = _milliseconds(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1))
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return rate, p50, p99, errors


def serve(args: list[str], env: dict[str, str], port: int, workers: int, cwd: Path = ROOT) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *args, "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(f"http://127.0.0.1:{port}/", server, seconds=60)
    return server


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=20)


def measure_site(pages: dict[str, str], env: dict[str, str], port: int, mode: str, options) -> list[Run]:
    server = serve(["config.wsgi"], env, port, options.workers)
    runs = []
    try:
        for name, path in pages.items():
            url = f"http://127.0.0.1:{port}{path}"
            # One request first, alone: sixteen concurrent first renders would leave the workers a
            # backlog that spills into the measured run.
            urllib.request.urlopen(url, timeout=60).read()  # noqa: S310 (our own loopback server)
            wrk(url, duration=2, connections=options.connections, threads=options.threads)  # warm-up
            rate, p50, p99, errors = wrk(
                url, duration=options.duration, connections=options.connections, threads=options.threads
            )
            runs.append(Run(name, path, mode, rate, p50, p99, errors))
            print(f"  {mode:8} {name:24} {rate:9.1f} req/s  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms", flush=True)
        for name, paths in VARIED.items():
            # Warmed up on the last tenth of the searches; measured on the others, none seen before.
            split = len(paths) * 9 // 10
            folder = Path(env["MEDIA_ROOT"]).parent
            base = f"http://127.0.0.1:{port}/"
            urllib.request.urlopen(base + paths[-1].lstrip("/"), timeout=60).read()  # noqa: S310 (loopback)
            warm, measured = varied_script(folder, "warm", paths[split:]), varied_script(folder, "run", paths[:split])
            wrk(base, duration=2, connections=options.connections, threads=options.threads, script=warm)
            rate, p50, p99, errors = wrk(
                base,
                duration=options.duration,
                connections=options.connections,
                threads=options.threads,
                script=measured,
            )
            path = paths[0].split("?")[0] + "?… (in turn)"
            runs.append(Run(name, path, mode, rate, p50, p99, errors))
            print(f"  {mode:8} {name[:24]:24} {rate:9.1f} req/s  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms", flush=True)
    finally:
        stop(server)
    return runs


def measure_bare(env: dict[str, str], port: int, options) -> Run:
    bare_env = {k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"}
    server = serve(["bench._bare_django:application"], bare_env, port, options.workers)
    return _measure_yardstick(server, port, options, "Bare Django view (1 KB)", "bare", "Bare Django view")


def measure_stock(folder: Path, port: int, options) -> Run:
    """The stock ``wagtail start`` home page, served like the site (gunicorn, its production settings)."""
    server = serve([_stock_wagtail.WSGI], _stock_wagtail.environment(folder), port, options.workers, cwd=folder)
    return _measure_yardstick(server, port, options, "Stock `wagtail start` home page", "stock", "Stock Wagtail home")


def _measure_yardstick(server, port: int, options, name: str, mode: str, label: str) -> Run:
    """Load ``/`` of a yardstick server (after a 2 s warm-up), then stop it."""
    try:
        url = f"http://127.0.0.1:{port}/"
        wrk(url, duration=2, connections=options.connections, threads=options.threads)
        rate, p50, p99, errors = wrk(
            url, duration=options.duration, connections=options.connections, threads=options.threads
        )
    finally:
        stop(server)
    print(f"  {mode:8} {label:24} {rate:9.1f} req/s  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms", flush=True)
    return Run(name, "/", mode, rate, p50, p99, errors)


def mean_run(label: str, before: Run, after: Run) -> Run:
    """A yardstick measured before and after the site's runs, as one row: the mean of the two."""
    return Run(
        f"{label} ({before.requests_per_second:,.0f} before, {after.requests_per_second:,.0f} after: the mean)",
        before.path,
        before.mode,
        (before.requests_per_second + after.requests_per_second) / 2,
        (before.p50_ms + after.p50_ms) / 2,
        (before.p99_ms + after.p99_ms) / 2,
        before.errors + after.errors,
    )


def section(bare: Run, stock: Run, runs: list[Run], options, load_before: tuple, load_after: tuple) -> str:
    by_page: dict[str, dict[str, Run]] = {}
    for run in runs:
        by_page.setdefault(run.name, {})[run.mode] = run

    def ratio(run: Run) -> str:
        return f"{run.requests_per_second / bare.requests_per_second:.3f}"

    def to_stock(run: Run) -> str:
        return f"{run.requests_per_second / stock.requests_per_second:.2f}"

    lines = [
        "| page | path | cached req/s | p50 / p99 ms | × bare "
        "| uncached req/s | p50 / p99 ms | × bare | × stock | cached ÷ uncached |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {bare.name} | `/` | {bare.requests_per_second:,.0f} | {bare.p50_ms:.1f} / {bare.p99_ms:.1f} | 1 "
        "| | | | | |",
        f"| {stock.name} | `/` | | | | {stock.requests_per_second:,.0f} | {stock.p50_ms:.1f} / {stock.p99_ms:.1f} "
        f"| {ratio(stock)} | 1 | |",
    ]
    for name, modes in by_page.items():
        cached, uncached = modes["cached"], modes["uncached"]
        lines.append(
            f"| {name} | `{cached.path}` | {cached.requests_per_second:,.0f} | "
            f"{cached.p50_ms:.1f} / {cached.p99_ms:.1f} | {ratio(cached)} | "
            f"{uncached.requests_per_second:,.0f} | {uncached.p50_ms:.1f} / {uncached.p99_ms:.1f} | "
            f"{ratio(uncached)} | {to_stock(uncached)} | "
            f"{cached.requests_per_second / uncached.requests_per_second:.1f} |"
        )
    # The different searches are each asked about once: the page cache stores them, but has nothing to serve.
    cached_ratios = [
        modes["cached"].requests_per_second / bare.requests_per_second
        for name, modes in by_page.items()
        if name not in VARIED
    ]
    # Autocomplete and the JSON search are answers, not pages: the stock page yardsticks rendered pages.
    rendered = {name: modes for name, modes in by_page.items() if name != "Autocomplete" and "JSON" not in name}
    stock_ratios = {
        name: modes["uncached"].requests_per_second / stock.requests_per_second for name, modes in rendered.items()
    }
    below_stock = [f"{name} {value:.2f}" for name, value in stock_ratios.items() if value < UNCACHED_TO_STOCK_TARGET]
    search_json = {name: modes["uncached"] for name, modes in by_page.items() if "JSON" in name}
    notes = [
        f"Load average (1, 5, 15 min) before the run: {', '.join(f'{x:.2f}' for x in load_before)}; after: "
        f"{', '.join(f'{x:.2f}' for x in load_after)} on {os.cpu_count()} CPUs. The machine was shared with other "
        "work while this ran: read the ratios rather than the absolute figures, and re-run on a quiet machine.",
        f"Target, cached anonymous pages ≥ {CACHED_TARGET} × the bare view: "
        + ("met" if min(cached_ratios) >= CACHED_TARGET else "not met")
        + f" (lowest {min(cached_ratios):.3f}).",
    ]
    for name, run in search_json.items():
        search_ratio = run.requests_per_second / bare.requests_per_second
        notes.append(
            f"Target, uncached directory search JSON ≥ {SEARCH_JSON_TARGET} × the bare view ({name}): "
            + ("met" if search_ratio >= SEARCH_JSON_TARGET else "not met")
            + f" ({search_ratio:.3f})."
        )
    notes.append(
        f"Target, every uncached page ≥ {UNCACHED_TO_STOCK_TARGET} × the stock Wagtail page: "
        + ("met" if not below_stock else "not met (" + ", ".join(below_stock) + ")")
        + ". Uncached means the page cache off: what the site keeps against the content version (routing, "
        "menu, settings, fragments; see *Render cost per request*) is in the cache, as on a page-cache miss "
        "for a URL not yet stored."
    )
    errors = [f"{run.mode} {run.name}: {run.errors}" for run in [bare, stock, *runs] if run.errors]
    if errors:
        notes.append("Non-2xx answers or socket errors during a run: " + "; ".join(errors) + ".")
    parts = [
        SECTION,
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{COMMAND}` on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}.",
        f"Production settings (Redis cache, WhiteNoise, DEBUG off), demo content in SQLite, gunicorn with "
        f"{options.workers} sync workers on the loopback; `wrk -t{options.threads} -c{options.connections} "
        f"-d{options.duration}s` per page after one lone request and a 2 s warm-up, anonymous (no cookies). "
        "*Cached*: the page cache on "
        "(every request after the first is a hit); *uncached*: `PAGE_CACHE_ENABLED=false`, every request rendered.",
        "",
        *lines,
        "",
        *[f"- {note}" for note in notes],
    ]
    return "\n".join(parts) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print the table without touching BENCHMARKS.md")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page and mode")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    options, _ = parser.parse_known_args(argv)
    if not Path(WRK).exists():
        print("wrk is not installed; skipped.", file=sys.stderr)
        return 0

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="relieve-throughput-") as tmp:
        workdir = Path(tmp)
        port = free_port()
        env = environment(workdir, port, cached=True)
        print("Preparing a database with the demo content…", flush=True)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        pages = json.loads(manage(env, "shell", "-c", FIND_PAGES).strip().splitlines()[-1])
        # The yardsticks before and after the site's runs: on a shared machine the load drifts, and
        # the ratios are taken to the mean of the two.
        stock_folder = _stock_wagtail.create(workdir / "stock")
        before = measure_bare(env, port, options)
        stock_before = measure_stock(stock_folder, port, options)
        runs = measure_site(pages, env, port, "cached", options)
        runs += measure_site(pages, environment(workdir, port, cached=False), port, "uncached", options)
        stock_after = measure_stock(stock_folder, port, options)
        after = measure_bare(env, port, options)
        bare = mean_run("Bare Django view, 1 KB", before, after)
        stock = mean_run("Stock `wagtail start` home page", stock_before, stock_after)
    load_after = os.getloadavg()

    text = section(bare, stock, runs, options, load_before, load_after)
    print(text)
    if not options.no_write:
        write_section(text, SECTION)
        print(f"Wrote the {SECTION!r} section of {BENCHMARKS.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
