"""Every public HTML page, discovered the same way the hostile-input tests discover them, passes axe-core's
WCAG 2.2 AA rules and loads without CSP violations or script errors. New pages are checked as they land."""

import pytest

from tests.browser.accessibility import format_violations, run_axe
from tests.hostile.content import listed_therapist, plain_article
from tests.hostile.public_urls import public_urls

pytestmark = pytest.mark.browser


def test_every_public_page_is_accessible(page, console, live_server, live_site):
    from articles.models import Condition

    plain_article(live_site.articles)
    sciatica = Condition.objects.get(slug="sciatica")
    listed_therapist(live_site.directory, "Dana Okafor", slug="dana-okafor", conditions=[sciatica])
    searches = ["/search/?q=sciatica", "/search/therapists/?q=sciatica"]
    # A corrected search ("Showing results for …") and the words as typed ("Did you mean …?").
    searches += ["/search/?q=sciatca", "/search/?q=sciatca&literal=1"]
    urls = [url.path for url in public_urls()] + searches

    failures, checked, blocked = [], [], {}
    for path in urls:
        # Only pages that answer with HTML themselves: not feeds, sitemap, robots or JSON, and not the
        # portal's redirects of anonymous visitors to the sign-in page (checked once, as itself).
        probe = page.request.get(live_server.url + path, max_redirects=0)
        if probe.status != 200 or not probe.headers.get("content-type", "").startswith("text/html"):
            continue
        seen = len(console.csp_violations)
        page.goto(live_server.url + path)
        checked.append(path)
        violations = run_axe(page)
        if violations:
            failures.append(f"{path}:\n{format_violations(violations)}")
        if len(console.csp_violations) > seen:
            blocked[path] = console.csp_violations[seen:]
    assert {"/", "/articles/", "/therapists/", "/therapists/dana-okafor/"} <= set(checked)
    assert not failures, "\n\n".join(failures)
    assert not blocked, f"CSP violations: {blocked}"
    assert console.errors == []
