"""The production topology, proven over HTTP: publish → worker → engine → search; faults survived.

Runs against real processes (see stack.py): gunicorn with 3 workers and production settings,
django-tasks-db's worker, PostgreSQL, Redis and osmem-server behind a fault-injecting proxy.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from urllib.parse import urlsplit

import requests

from tests.production.stack import ROOT, ProductionStack, wait_for

PUBLIC_PAGES = [
    "/",
    "/search/?q=sciatica",
    "/search/?q=massage&page=2",
    "/search/therapists/?q=sciatica&near=Toronto&radius=25",
    "/search/therapists.json?q=sciatica",
    "/search/autocomplete/?q=sci",
]
DIRECTORY_PAGES = ["/search/therapists/?q=sciatica", "/search/therapists.json?q=back+pain"]


def publish_new_name(stack: ProductionStack, offset: int, name: str) -> int:
    """An editor's publish, in its own process: the revision is published as the admin does."""
    script = (
        "from directory.models import TherapistPage; "
        f"page = TherapistPage.objects.listed().order_by('pk')[{offset}].specific; "
        f"page.title = {name!r}; page.save_revision().publish(); print(page.pk)"
    )
    return int(stack.manage("shell", "-v", "0", "-c", script).stdout.strip().splitlines()[-1])


def engine_finds(stack: ProductionStack, name: str) -> bool:
    """Ask the engine itself (not the site, which could answer from the database)."""
    url = f"{stack.engine_url}/smoke_directory/_search"
    body = {"query": {"match_phrase": {"title": name}}}
    answer = requests.post(url, json=body, timeout=5)
    return answer.ok and answer.json()["hits"]["total"]["value"] >= 1


def test_deployment_checks_are_clean(stack):
    result = stack.manage("check", "--deploy", "--fail-level", "WARNING")
    assert "no issues" in result.stdout


def test_static_files_are_served_hashed_and_compressed(stack):
    manifest = json.loads((stack.workdir / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)
    response = stack.get(f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]


def test_every_public_page_answers_with_the_engine_up(stack):
    for path in PUBLIC_PAGES:
        response = stack.get(path)
        assert response.status_code == 200, path
    data = stack.get("/search/therapists.json?q=sciatica").json()
    assert data["total"] > 0
    assert data["notices"] == []  # answered by the engine, no fallback


def test_a_published_change_reaches_the_engine_through_the_worker(stack):
    publish_new_name(stack, 0, "Quillon Ashgrove")
    wait_for(lambda: engine_finds(stack, "Quillon Ashgrove"), what="the worker's index update", timeout=60)
    data = stack.get("/search/therapists.json?q=Quillon+Ashgrove").json()
    assert [hit["name"] for hit in data["hits"]][:1] == ["Quillon Ashgrove"]


def test_the_sixth_contact_message_in_an_hour_is_refused_whichever_worker_answers(stack):
    profile = stack.get("/search/therapists.json?q=sciatica").json()["hits"][0]["url"]
    assert profile.startswith(stack.base_url.replace("http:", "https:"))
    profile = profile.replace("https:", "http:")
    statuses = []
    for attempt in range(6):
        session = stack.client()  # a new connection each time, so gunicorn spreads them over workers
        page = session.get(f"{profile}contact/", timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        cookie = page.cookies.get("csrftoken") or re.search(r"csrftoken=([^;]+)", page.headers["Set-Cookie"]).group(1)
        answer = session.post(
            f"{profile}contact/",
            data={
                "csrfmiddlewaretoken": token,
                "name": f"Smoke Sender {attempt}",
                "email": "sender@example.org",
                "message": "Do you have an appointment next week?",
            },
            # The CSRF cookie is Secure; the client speaks plain HTTP to the "proxy", so it is sent by hand,
            # with the https origin the browser would send.
            headers={
                "Cookie": f"csrftoken={cookie}",
                "Origin": stack.base_url.replace("http:", "https:"),
                "Referer": profile.replace("http:", "https:"),
            },
            allow_redirects=False,
            timeout=10,
        )
        statuses.append(answer.status_code)
    assert statuses == [302] * 5 + [429]


def test_with_the_engine_refusing_every_page_still_answers_with_the_notice(stack):
    stack.proxy.set_mode("down")
    try:
        for path in PUBLIC_PAGES:
            response = stack.get(path)
            assert response.status_code == 200, path
        # A search nobody asked before (a cached answer from before the outage is served as it was).
        data = stack.get("/search/therapists.json?q=low+back+pain").json()
        assert data["total"] > 0
        assert "Search is running in a reduced mode right now; results may be incomplete." in data["notices"]
        site = stack.get("/search/?q=sciatica").text
        assert "Article search is running in a reduced mode right now" in site
    finally:
        stack.proxy.set_mode("up")


def test_a_hung_engine_trips_the_shared_circuit_breaker(stack):
    stack.forget_engine_failures()
    before = stack.proxy.connections
    stack.proxy.set_mode("hang")
    try:
        for _ in range(6):  # enough failures, spread over the workers, to open the breaker
            for path in DIRECTORY_PAGES:
                assert stack.get(path).status_code == 200
        tried = stack.proxy.connections
        assert tried > before  # the site did try the hung engine before giving up on it
        for _ in range(5):
            for path in [*DIRECTORY_PAGES, "/search/?q=sciatica", "/search/autocomplete/?q=sci"]:
                response = stack.get(path)
                assert response.status_code == 200, path
        # Open breaker, shared by all three workers: nobody waits on the engine any more.
        assert stack.proxy.connections == tried
    finally:
        stack.proxy.set_mode("up")


def test_changes_made_while_the_engine_is_down_are_indexed_when_it_returns(stack):
    stack.proxy.set_mode("down")
    try:
        publish_new_name(stack, 1, "Perpetua Windlass")
        time.sleep(3)  # the worker tries, fails and schedules a retry
        assert not engine_finds(stack, "Perpetua Windlass")
    finally:
        stack.proxy.set_mode("up")
    wait_for(lambda: engine_finds(stack, "Perpetua Windlass"), what="the retried index update", timeout=120)


LOAD_PATHS = [
    "/",
    "/articles/",
    "/search/?q=sciatica",
    "/search/therapists/?q=sciatica&near=Toronto&radius=25",
    "/search/therapists.json?q=back+pain",
    "/search/therapists/?q=deep+tissue&page=2",
    "/search/autocomplete/?q=scia",
]
LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["X-Forwarded-Proto"] = "https"})
end
"""


def test_a_mixed_load_while_an_editor_publishes_and_the_engine_restarts_has_no_errors(stack):
    """Bounded (SMOKE_LOAD_SECONDS, default 180 s) load on every kind of public page, with faults."""
    seconds = int(os.environ.get("SMOKE_LOAD_SECONDS", "180"))
    paths = LOAD_PATHS + [urlsplit(stack.get("/search/therapists.json?q=sciatica").json()["hits"][0]["url"]).path]
    script = stack.workdir / "mixed.lua"
    script.write_text(LUA % ", ".join(json.dumps(path) for path in paths))
    load = subprocess.Popen(
        ["wrk", "-t2", "-c8", "--timeout", "10s", "--latency", f"-d{seconds}s", "-s", str(script), stack.base_url],
        stdout=subprocess.PIPE,
        text=True,
    )
    events = []
    started = time.monotonic()
    publishes = 0
    while load.poll() is None and time.monotonic() - started < seconds:
        elapsed = time.monotonic() - started
        if seconds / 3 <= elapsed < seconds / 3 + 20 and stack.proxy.mode == "up":
            stack.proxy.set_mode("down")
            events.append(f"{elapsed:.0f}s engine down")
        elif elapsed >= seconds / 3 + 20 and stack.proxy.mode == "down":
            stack.proxy.set_mode("up")
            events.append(f"{elapsed:.0f}s engine back")
        if elapsed >= (publishes + 1) * seconds / 6:
            publishes += 1
            publish_new_name(stack, 2 + publishes, f"Loadtest Publish{publishes}")
            events.append(f"{elapsed:.0f}s published")
        time.sleep(1)
    stack.proxy.set_mode("up")
    output, _ = load.communicate(timeout=seconds + 60)
    summary = {
        "seconds": seconds,
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "latency_p50": re.search(r"50%\s+(\S+)", output).group(1),
        "latency_p99": re.search(r"99%\s+(\S+)", output).group(1),
        "events": events,
    }
    print(json.dumps(summary, indent=2))
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "production-smoke-load.json").write_text(json.dumps(summary, indent=2))
    assert "Non-2xx or 3xx responses" not in output, output
    assert "Socket errors" not in output, output
    assert publishes >= 5 and any("engine back" in event for event in events)
