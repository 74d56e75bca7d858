"""Real-browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser per session, a fresh context (cookies, storage) per test. A failing test leaves a
full-page screenshot in tests/browser/screenshots/ (git-ignored). Without /usr/bin/chromium the
browser tests are skipped with one reason, except under CI=true where that fails the run.
"""

import base64
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
MISSING_CHROMIUM = "Chromium not installed: apt-get install chromium"
SCREENSHOTS = Path(__file__).parent / "screenshots"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # Browser tests run last: once Playwright's session-long event loop runs in this thread,
    # Django refuses ORM calls from it except inside the browser tests (see below).
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    # Playwright's sync API keeps an event loop running in this thread; Django then refuses ORM
    # calls ("You cannot call this from an async context") unless told they are deliberate. Set
    # around each browser test (setup to teardown, including the database flush), never
    # process-wide, so other tests' subprocesses (e.g. `check --deploy`) don't inherit it.
    if item.get_closest_marker("browser") is None:
        return (yield)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        return (yield)
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def pytest_collection_finish(session):
    if CHROMIUM.exists():
        return
    browser_items = [item for item in session.items if item.get_closest_marker("browser")]
    if not browser_items:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"{MISSING_CHROMIUM} (CI must run the browser tests).")
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=MISSING_CHROMIUM))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # Kept on the item so the page fixture's teardown knows whether the test body failed.
    item.stash.setdefault(_reports_key, {})[report.when] = report
    return report


_reports_key = pytest.StashKey[dict]()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium, headless; never a downloaded browser."""
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "viewport": {"width": 1280, "height": 900}}


# A 1x1 transparent PNG served for every map tile.
TILE = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")


@pytest.fixture
def context(context):
    """pytest-playwright's context, with the map tile server answered locally: no test reaches the network."""
    tiles = urlsplit(settings.MAP_TILE_URL)
    context.route(
        f"{tiles.scheme}://{tiles.netloc}/**",
        lambda route: route.fulfill(body=TILE, content_type="image/png"),
    )
    return context


class ConsoleLog:
    """Every console message and uncaught page error of one page, for assertions."""

    def __init__(self, page):
        self.messages: list[str] = []
        self.errors: list[str] = []
        page.on("console", lambda msg: self.messages.append(f"{msg.type}: {msg.text}"))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    @property
    def csp_violations(self) -> list[str]:
        return [m for m in self.messages if "Content Security Policy" in m]


@pytest.fixture
def page(context, request):
    """A page in a fresh context; screenshots itself when the test fails."""
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.console_log = ConsoleLog(page)
    yield page
    report = request.node.stash.get(_reports_key, {}).get("call")
    if report is not None and report.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def console(page) -> ConsoleLog:
    return page.console_log


@pytest.fixture(scope="session", autouse=True)
def _migrated_data_snapshot(django_db_setup) -> str | None:
    """What migrations put in the test database (root page, Site, ...), serialized by Django.

    Django keeps it on the connection object that created the test database. Once Playwright's
    event loop runs in this thread, Django hands out a different connection object (to the same
    in-memory database) that lacks it, so serialized rollback silently restores nothing. Autouse
    and session-scoped, this runs before the playwright fixture starts that loop.
    """
    from django.db import connection

    return getattr(connection, "_test_serialized_contents", None)


@pytest.fixture
def live_site(live_server, transactional_db, django_db_serialized_rollback, _migrated_data_snapshot):
    """The demo skeleton (pages, groups, demo users) in the live server's database.

    live_server needs real commits (transactional_db), which flush the database afterwards;
    the serialized rollback brings back what migrations created (the root page, the Site).
    """
    from django.db import connection
    from wagtail.models import Site

    from demo.users import ensure_users
    from home.site_tree import ensure_groups, ensure_site_tree

    if _migrated_data_snapshot and not hasattr(connection, "_test_serialized_contents"):
        # Tell the flush after this test that it is a serialized-rollback flush, too.
        connection._test_serialized_contents = _migrated_data_snapshot
    if _migrated_data_snapshot and not Site.objects.exists():
        connection.creation.deserialize_db_from_string(_migrated_data_snapshot)
    tree = ensure_site_tree()
    ensure_groups(tree)
    ensure_users()
    return tree
