"""An article's way to readers in the real Wagtail admin: the editor submits it, the medical reviewer approves."""

import pytest
from django.contrib.auth import get_user_model

from articles.workflows import ensure_medical_review_workflow
from tests.browser.test_admin import log_in
from tests.hostile.content import plain_article

pytestmark = pytest.mark.browser


def test_editor_submits_and_medical_reviewer_approves_and_publishes(browser, live_server, live_site):
    from articles.models import ArticlePage

    ensure_medical_review_workflow(live_site.articles)
    draft = plain_article(live_site.articles, publish=False)
    assert not draft.live
    edit_url = f"{live_server.url}/admin/pages/{draft.pk}/edit/"

    editor = browser.new_context()
    page = editor.new_page()
    log_in(page, live_server.url, "editor", "relieve-editor")
    page.goto(edit_url)
    # The editor has no plain "Publish" for articles: only the workflow leads there.
    page.get_by_role("button", name="More actions").click()
    assert page.get_by_role("button", name="Publish").count() == 0
    page.get_by_role("button", name="Submit to Medical review").click()
    page.get_by_text("has been submitted for moderation").wait_for()
    editor.close()
    assert not ArticlePage.objects.get(pk=draft.pk).live

    reviewer = browser.new_context()
    page = reviewer.new_page()
    log_in(page, live_server.url, "reviewer", "relieve-reviewer")
    page.goto(edit_url)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve").first.click()
    page.get_by_text(f"Page '{draft.title}' has been updated").wait_for()
    response = page.goto(live_server.url + draft.url)
    assert response.status == 200
    reviewer.close()

    article = ArticlePage.objects.get(pk=draft.pk)
    assert article.live
    state = article.workflow_states.get()
    assert state.status == "approved"
    assert state.requested_by == get_user_model().objects.get(username="editor")
