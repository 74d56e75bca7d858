"""The public pages in a real browser: accessible, readable at 320 px, clean under the CSP."""

import pytest

from tests.browser.accessibility import assert_accessible, assert_no_horizontal_scroll

pytestmark = pytest.mark.browser


def test_home_page_is_accessible_and_runs_under_the_csp(page, console, live_server, live_site):
    response = page.goto(live_server.url + "/")
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # site.js ran (it swaps no-js for js): our own script is allowed, nothing else was blocked.
    assert page.evaluate("document.documentElement.classList.contains('js')")
    assert_accessible(page)
    assert console.csp_violations == []
    assert console.errors == []


def test_home_page_reflows_at_320px(page, live_server, live_site):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/")
    assert_no_horizontal_scroll(page)
    assert page.get_by_label("Condition, technique or name").is_visible()
    assert page.get_by_label("Town, city or postcode").is_visible()


def test_reading_works_without_javascript(browser, live_server, live_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        # site.js never ran: the page is the no-JavaScript one.
        assert page.locator("html").get_attribute("class") == "no-js"
        page.get_by_role("navigation", name="Main").get_by_role("link", name=live_site.articles.title).click()
        assert page.get_by_role("heading", level=1).inner_text() == live_site.articles.title
    finally:
        context.close()
