"""End to end in the real admin: an editor writes and submits an article, a medical reviewer records
their review and approves it, and the article is live with its review box."""

import datetime

import pytest

from tests.browser.test_admin import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def review_setup(live_site):
    from articles.models import Person
    from articles.workflows import ensure_medical_review_workflow

    ensure_medical_review_workflow(live_site.articles)
    return Person.objects.create(name="Dr Ada Example", credentials="MBBS")


def open_actions_menu(page):
    page.locator("footer").get_by_role("button", name="More actions").click()


def test_editor_writes_reviewer_approves_article_goes_live(browser, live_server, live_site, review_setup):
    from articles.models import ArticlePage

    base = live_server.url
    editor_context = browser.new_context()
    try:
        page = editor_context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, base, "editor", "relieve-editor")
        page.goto(f"{base}/admin/pages/add/articles/articlepage/{live_site.articles.pk}/")
        page.get_by_role("textbox", name="Title").fill("Sleeping with sciatica")
        page.get_by_role("textbox", name="Summary").fill("Positions that ease night-time pain.")
        # Publish is not offered to editors on articles; submitting for review is.
        open_actions_menu(page)
        assert page.get_by_role("button", name="Publish").count() == 0
        page.get_by_role("button", name="Submit to Medical review").click()
        page.wait_for_url(f"{base}/admin/pages/{live_site.articles.pk}/")
    finally:
        editor_context.close()

    article = ArticlePage.objects.get(title="Sleeping with sciatica")
    assert not article.live and article.workflow_in_progress

    reviewer_context = browser.new_context()
    try:
        page = reviewer_context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, base, "reviewer", "relieve-reviewer")
        page.goto(f"{base}/admin/pages/{article.pk}/edit/")
        open_actions_menu(page)
        # Until the review is recorded, the review step offers only "Request changes".
        assert page.locator("footer").get_by_role("button", name="Request changes").count() == 1
        assert page.locator("footer button", has_text="Approve").count() == 0
        page.keyboard.press("Escape")
        # Record the review: choose themselves as reviewer, date it, save.
        page.locator("[data-contentpath='medical_reviewer']").get_by_role("button", name="Choose person").click()
        page.get_by_role("dialog").get_by_role("link", name="Dr Ada Example").click()
        page.get_by_role("textbox", name="Last reviewed").fill(datetime.date.today().isoformat())
        page.get_by_role("button", name="Save draft").click()
        page.wait_for_load_state("networkidle")
        page.goto(f"{base}/admin/pages/{article.pk}/edit/")
        open_actions_menu(page)
        page.locator("footer").get_by_role("button", name="Approve and Publish", exact=True).click()
        page.wait_for_load_state("networkidle")
    finally:
        reviewer_context.close()

    article.refresh_from_db()
    assert article.live
    assert article.medical_reviewer.name == "Dr Ada Example"
    reader = browser.new_context()
    try:
        page = reader.new_page()
        assert page.goto(base + article.url).status == 200
        assert "Medically reviewed by Dr Ada Example" in page.locator(".review-box").inner_text()
    finally:
        reader.close()
