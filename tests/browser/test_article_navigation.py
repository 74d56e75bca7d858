"""Finding one's way through an article in a real browser: contents links land on their section, and an
article reads at 320 px with JavaScript off. (tests/browser/test_articles.py covers the article pages' axe
checks and filters with the demo articles.)"""

import pytest

from tests.browser.accessibility import assert_accessible, assert_no_horizontal_scroll
from tests.hostile.content import plain_article

pytestmark = pytest.mark.browser


def in_viewport(locator) -> bool:
    # A jump to an anchor can land a fraction of a pixel above the top edge.
    return locator.evaluate("e => { const r = e.getBoundingClientRect(); return r.top > -2 && r.top < innerHeight; }")


def test_an_article_is_accessible_and_its_contents_jump_to_each_section(page, console, live_server, live_site):
    article = plain_article(live_site.articles, sections=6)
    page.goto(live_server.url + article.url)
    assert_accessible(page)

    contents = page.get_by_role("navigation", name="On this page")
    contents.get_by_role("link", name="Part 5").click()
    page.wait_for_url(f"**{article.url}#part-5")
    heading = page.get_by_role("heading", name="Part 5", exact=True)
    assert in_viewport(heading)
    assert not in_viewport(page.get_by_role("heading", level=1))
    assert console.errors == []
    assert console.csp_violations == []


def test_an_article_reads_at_320px_and_without_javascript(browser, live_server, live_site):
    article = plain_article(live_site.articles, sections=3)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        page.goto(live_server.url + "/articles/")
        page.get_by_role("link", name=article.title).click()
        assert page.get_by_role("heading", level=1).inner_text() == article.title
        assert_no_horizontal_scroll(page)
        page.get_by_role("link", name="Part 3").click()
        assert page.url.endswith("#part-3")
    finally:
        context.close()
