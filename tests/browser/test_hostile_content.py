"""Hostile content stored in an article runs nothing in a real browser (the profile's twin is in test_profile.py)."""

import pytest

from tests.hostile.content import hostile_article

pytestmark = pytest.mark.browser


def test_hostile_article_content_runs_no_script(page, console, live_server, live_site):
    article = hostile_article(live_site.articles)
    for path in [article.url, "/articles/"]:
        page.goto(live_server.url + path)
        # Give event-handler payloads their events: open every <details>, hover every element that could
        # carry onmouseover, and let load handlers fire.
        page.wait_for_load_state("load")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        for link in page.locator("main a").all()[:20]:
            link.hover()
        assert page.evaluate("typeof window.__pwned") == "undefined", path
    # Had any payload become markup, the CSP would have blocked it and said so here.
    assert console.csp_violations == []
    assert console.errors == []
