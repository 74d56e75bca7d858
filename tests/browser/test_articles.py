"""Articles in a real browser: accessible (axe WCAG 2.2 AA), readable at 320 px, usable without JavaScript."""

import pytest

from tests.browser.accessibility import assert_accessible, assert_no_horizontal_scroll

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_articles(live_site):
    from demo import articles as demo

    return demo.load()


def test_article_page_is_accessible_and_clean_under_the_csp(page, console, live_server, demo_articles):
    article = demo_articles[0]
    response = page.goto(live_server.url + article.url)
    assert response.status == 200
    assert_accessible(page)
    assert console.csp_violations == []
    assert console.errors == []
    # The contents list jumps to its section.
    page.get_by_role("navigation", name="On this page").get_by_role("link").first.click()
    assert page.url.endswith("#the-sciatic-nerve-from-spine-to-foot")


@pytest.mark.parametrize("which", [0, 3])
def test_article_page_reflows_at_320px(page, live_server, demo_articles, which):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + demo_articles[which].url)
    assert_no_horizontal_scroll(page)
    assert page.get_by_role("heading", level=1).is_visible()


def test_article_index_filters_work_without_javascript(browser, live_server, demo_articles):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/articles/")
        assert_accessible_without_js = page.get_by_label("Condition")
        assert_accessible_without_js.select_option(label="Spinal stenosis")
        page.get_by_role("button", name="Show articles").click()
        titles = page.locator(".article-list .card__title").all_inner_texts()
        assert titles == ["What causes sciatica?"]
        # FAQ answers open without JavaScript (<details>).
        page.get_by_role("link", name="What causes sciatica?").click()
        question = page.get_by_text("Can lifting something heavy cause sciatica?")
        question.click()
        assert page.get_by_text("Lifting with a twist is a common trigger.").is_visible()
    finally:
        context.close()


def test_article_index_is_accessible(page, live_server, demo_articles):
    page.goto(live_server.url + "/articles/?condition=sciatica")
    assert_accessible(page)
