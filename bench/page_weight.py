"""Page weight: bytes transferred and requests made by the home, search-results and profile pages.

A Lighthouse-style budget, measured rather than asserted: a throwaway SQLite database gets the
demo content, gunicorn serves it with the production settings (WhiteNoise's compressed, hashed
static files; no DEBUG), and Debian's Chromium loads each page through Playwright with an empty
cache. Transferred bytes are what crossed the wire (headers plus encoded bodies), as the DevTools
network panel counts them. The table goes to the "Page weight" section of BENCHMARKS.md.

    .venv/bin/python -m bench.page_weight            # measure and write BENCHMARKS.md
    .venv/bin/python -m bench.page_weight --no-write  # measure and print only
"""

import argparse
import gzip
import json
import os
import platform
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "BENCHMARKS.md"
CHROMIUM = "/usr/bin/chromium"
SECTION = "## Page weight"
COMMAND = ".venv/bin/python -m bench.page_weight"

# Which page of the demo stands for "a profile" and "an article": found in the database, so the
# benchmark follows whatever the demo loads.
FIND_PAGES = """
from django.urls import NoReverseMatch, reverse
pages = {"Home": "/"}
try:
    pages["Search results"] = reverse("directory_search") + "?q=sciatica&near=Toronto&radius=25"
except NoReverseMatch:
    pass
try:
    from directory.models import TherapistPage
    profile = TherapistPage.objects.listed().order_by("pk").first()
    if profile:
        pages["Therapist profile"] = profile.get_url()
except (ImportError, AttributeError):
    pass
try:
    from articles.models import ArticlePage
    article = ArticlePage.objects.live().order_by("pk").first()
    if article:
        pages["Article"] = article.get_url()
except ImportError:
    pass
import json
print(json.dumps(pages))
"""


@dataclass
class Weight:
    name: str
    path: str
    status: int
    requests: int
    transferred: int
    html: int
    by_type: dict[str, int]
    blocked: list[str]
    html_encoding: str
    html_gzipped: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(workdir: Path, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "SITE_URL": f"http://127.0.0.1:{port}",
        # Plain HTTP on the loopback: no redirect to HTTPS, no HSTS.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "SEARCH_ENGINE": "database",
    }


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def wait_for(url: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (our own loopback server)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer {url} within {seconds} s")


def measure(browser, base_url: str, name: str, path: str) -> Weight:
    # A fresh context per page: empty cache, no cookies, as a first visit.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    finished = []
    blocked: list[str] = []

    def same_origin_only(route):
        # Third-party requests (map tiles) depend on the network and the tile server: not counted.
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            blocked.append(route.request.url.split("/")[2])
            route.abort()

    page.route("**/*", same_origin_only)
    page.on("requestfinished", lambda request: finished.append(request))
    response = page.goto(base_url + path, wait_until="networkidle")
    html_encoding = response.headers.get("content-encoding", "none")
    html_gzipped = len(gzip.compress(response.body()))
    by_type: dict[str, int] = {}
    total = html = 0
    for request in finished:
        sizes = request.sizes()
        size = sizes["responseHeadersSize"] + sizes["responseBodySize"]
        total += size
        by_type[request.resource_type] = by_type.get(request.resource_type, 0) + size
        if request.resource_type == "document":
            html += size
    context.close()
    return Weight(
        name, path, response.status, len(finished), total, html, by_type, blocked, html_encoding, html_gzipped
    )


def kib(size: int) -> str:
    return f"{size / 1024:.1f}"


def table(weights: list[Weight]) -> str:
    lines = [
        "| page | path | requests | transferred (KiB) | HTML | CSS | JS | images | other |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for w in weights:
        other = w.transferred - sum(w.by_type.get(t, 0) for t in ("document", "stylesheet", "script", "image"))
        lines.append(
            f"| {w.name} | `{w.path}` | {w.requests} | {kib(w.transferred)} | {kib(w.html)} | "
            f"{kib(w.by_type.get('stylesheet', 0))} | {kib(w.by_type.get('script', 0))} | "
            f"{kib(w.by_type.get('image', 0))} | {kib(other)} |"
        )
    return "\n".join(lines)


def section(weights: list[Weight], missing: list[str]) -> str:
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    parts = [
        SECTION,
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `{COMMAND}` on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {chromium}.",
        "Production settings (WhiteNoise compressed static files) served by gunicorn on the loopback, demo "
        "content in SQLite; each page loaded once with an empty cache at 1280 px. Transferred bytes are headers "
        "plus encoded bodies, as the browser's network panel counts them. A budget to watch, not a test.",
        "",
        table(weights),
    ]
    notes = []
    for w in weights:
        if w.blocked:
            hosts = ", ".join(sorted(set(w.blocked)))
            notes.append(f"{w.name}: {len(w.blocked)} third-party requests not counted ({hosts}).")
    encodings = {w.html_encoding for w in weights}
    if encodings == {"none"}:
        sizes = ", ".join(f"{w.name} {kib(w.html)} → {kib(w.html_gzipped)} KiB" for w in weights)
        notes.append(
            "HTML goes out uncompressed (WhiteNoise compresses static files only); gzip at the proxy would "
            f"shrink the HTML bodies: {sizes}."
        )
    if missing:
        notes.append("Not measured (not in the demo when this ran): " + ", ".join(missing) + ".")
    if notes:
        parts += ["", *[f"- {note}" for note in notes]]
    return "\n".join(parts) + "\n"


def write_section(text: str, section: str = SECTION) -> None:
    """Replace a section of BENCHMARKS.md in place (or append it); every other section stays as it is."""
    current = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(section)}\s*$.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(current):
        updated = pattern.sub(lambda _: text + "\n", current, count=1)
    else:
        updated = current.rstrip() + "\n\n" + text
    BENCHMARKS.write_text(updated.rstrip() + "\n", encoding="utf-8")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print the table without touching BENCHMARKS.md")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="relieve-page-weight-") as tmp:
        workdir = Path(tmp)
        port = free_port()
        env = environment(workdir, port)
        print("Preparing a database with the demo content…", flush=True)
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "load_demo")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        wanted = ["Home", "Search results", "Therapist profile", "Article"]
        pages = json.loads(manage(env, "shell", "-c", FIND_PAGES).strip().splitlines()[-1])
        base_url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(base_url + "/robots.txt", server)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
                )
                weights = [measure(browser, base_url, name, pages[name]) for name in wanted if name in pages]
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)

    text = section(weights, [name for name in wanted if name not in pages])
    print(text)
    if not args.no_write:
        write_section(text)
        print(f"Wrote the {SECTION!r} section of {BENCHMARKS.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
