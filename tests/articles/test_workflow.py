"""The editorial path in the real admin: draft → submit → medical review → live, and the rules around it."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from articles.models import ArticlePage
from articles.publishing import UnreviewedArticleError
from articles.workflows import ensure_medical_review_workflow

pytestmark = pytest.mark.django_db


@pytest.fixture
def workflow(site_tree, groups):
    return ensure_medical_review_workflow(site_tree.articles, groups["Medical reviewers"])


def _user(username, group):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw")
    user.groups.add(group)
    return user


@pytest.fixture
def editor(groups):
    return _user("ed", groups["Editors"])


@pytest.fixture
def reviewer(groups):
    return _user("rev", groups["Medical reviewers"])


def article_form(title="Sciatica explained", reviewer=None, last_reviewed="", action=None, **extra):
    data = nested_form_data(
        {
            "title": title,
            "slug": "",
            "summary": "What sciatica is.",
            "hero_image": "",
            "body": streamfield([("paragraph", rich_text("<p>Sciatica is nerve pain.</p>"))]),
            "author": "",
            "medical_reviewer": reviewer.pk if reviewer else "",
            "last_reviewed": last_reviewed,
            "next_review_due": "",
            "seo_title": "",
            "search_description": "",
            "go_live_at": "",
            "expire_at": "",
            "comments": inline_formset([]),
            **extra,
        }
    )
    data["slug"] = title.lower().replace(" ", "-")
    if action:
        data[action] = "1"
    return data


def add_url(site_tree):
    return f"/admin/pages/add/articles/articlepage/{site_tree.articles.pk}/"


def test_draft_may_lack_reviewer_and_date(admin_client, site_tree, workflow):
    response = admin_client.post(add_url(site_tree), article_form())
    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="sciatica-explained")
    assert not page.live
    assert page.medical_reviewer is None


def test_publishing_without_review_is_refused_with_a_clear_message(admin_client, site_tree, workflow):
    response = admin_client.post(add_url(site_tree), article_form(action="action-publish"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose the medical reviewer." in html
    assert "Enter the date of the medical review." in html
    assert not ArticlePage.objects.filter(slug="sciatica-explained").exists()
    # What the editor typed is still in the form.
    assert "What sciatica is." in html


def test_last_reviewed_cannot_be_in_the_future(admin_client, site_tree, workflow, reviewer_person):
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    response = admin_client.post(
        add_url(site_tree), article_form(reviewer=reviewer_person, last_reviewed=tomorrow, action="action-publish")
    )
    assert response.status_code == 200
    assert "The last review cannot be in the future." in response.content.decode()


def approve_url(page, state):
    return f"/admin/pages/workflow/action/{page.pk}/approve/{state.current_task_state.pk}/"


def test_draft_to_review_to_live(client, site_tree, workflow, editor, reviewer, reviewer_person):
    # The editor writes the article and sends it for review; the review fields are the reviewer's.
    client.force_login(editor)
    response = client.post(add_url(site_tree), article_form(action="action-submit"))
    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="sciatica-explained")
    assert not page.live
    state = WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == "Medical review"

    # While it is in review the editor can neither publish it nor approve the review task.
    client.post(f"/admin/pages/{page.pk}/edit/", article_form(action="action-publish"))
    client.post(approve_url(page, state), {"comment": ""})
    page.refresh_from_db()
    assert not page.live

    # The reviewer cannot approve a version that does not record the review...
    client.force_login(reviewer)
    task = state.current_task_state.task.specific
    assert [name for name, *_ in task.get_actions(page, reviewer)] == ["reject"]
    client.post(approve_url(page, state), {"comment": ""})
    page.refresh_from_db()
    assert not page.live
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        article_form(**{"action-workflow-action": "1", "workflow-action-name": "approve"}),
    )
    page.refresh_from_db()
    assert not page.live

    # ...so they record their name and the date, save, and approve: the article goes live.
    today = datetime.date.today().isoformat()
    response = client.post(f"/admin/pages/{page.pk}/edit/", article_form(reviewer=reviewer_person, last_reviewed=today))
    assert response.status_code == 302
    page.refresh_from_db()
    assert "approve" in [name for name, *_ in task.get_actions(page, reviewer)]
    response = client.post(approve_url(page, state), {"comment": "Accurate."})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert page.medical_reviewer == reviewer_person
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert client.get(page.url).status_code == 200


def test_reviewer_can_request_changes_on_an_unreviewed_draft(client, site_tree, workflow, editor, reviewer):
    client.force_login(editor)
    client.post(add_url(site_tree), article_form(action="action-submit"))
    page = ArticlePage.objects.get(slug="sciatica-explained")
    state = WorkflowState.objects.get(object_id=str(page.pk))
    client.force_login(reviewer)
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/reject/{state.current_task_state.pk}/", {"comment": "Cite NICE."}
    )
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES


def test_editor_cannot_publish_an_article_directly(client, site_tree, workflow, editor, reviewer_person):
    client.force_login(editor)
    today = datetime.date.today().isoformat()
    client.post(
        add_url(site_tree), article_form(reviewer=reviewer_person, last_reviewed=today, action="action-publish")
    )
    page = ArticlePage.objects.get(slug="sciatica-explained")
    assert not page.live
    assert not page.permissions_for_user(editor).can_publish()
    # Editors still publish therapist profiles: the narrowing is only on articles.
    assert site_tree.directory.permissions_for_user(editor).can_publish()


def test_scheduled_publishing_goes_live_at_the_set_time(
    admin_client, site_tree, workflow, reviewer_person, monkeypatch
):
    go_live = timezone.now() + datetime.timedelta(days=2)
    today = datetime.date.today().isoformat()
    response = admin_client.post(
        add_url(site_tree),
        article_form(
            reviewer=reviewer_person,
            last_reviewed=today,
            action="action-publish",
            go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
        ),
    )
    assert response.status_code == 302
    page = ArticlePage.objects.get(slug="sciatica-explained")
    assert not page.live
    assert page.get_latest_revision().approved_go_live_at is not None

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live  # not yet

    later = go_live + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live


def test_no_code_path_publishes_an_unreviewed_revision(site_tree):
    page = ArticlePage(title="Unreviewed", live=False)
    site_tree.articles.add_child(instance=page)
    revision = page.save_revision(clean=False)  # a draft, as the admin saves it
    with pytest.raises(UnreviewedArticleError):
        revision.publish()
    assert not Page.objects.get(pk=page.pk).live


def test_workflow_setup_is_idempotent_and_covers_every_article(site_tree, groups, make_article):
    first = ensure_medical_review_workflow(site_tree.articles, groups["Medical reviewers"])
    second = ensure_medical_review_workflow(site_tree.articles, groups["Medical reviewers"])
    assert first == second
    assert first.tasks.count() == 1
    article = make_article(title="Any article")
    assert article.get_workflow() == first


def test_admin_editor_renders_for_new_and_demo_articles(admin_client, site_tree, groups):
    from demo import articles as demo

    assert admin_client.get(add_url(site_tree)).status_code == 200
    page = demo.load()[0]
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Authorship and medical review" in html
    preview = admin_client.get(f"/admin/pages/{page.pk}/edit/preview/?mode=")
    # Nothing was posted to the preview yet: Wagtail answers with its "preview not available" page.
    assert preview.status_code == 200
    assert preview.templates[0].name == "wagtailadmin/generic/preview_error.html"


def test_ensure_review_workflow_command(site_tree):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("ensure_review_workflow", stdout=out)
    call_command("ensure_review_workflow", stdout=out)
    assert "'Medical review' workflow assigned to 'Sciatica A–Z'" in out.getvalue()
    assert site_tree.articles.get_workflow().name == "Medical review"


@pytest.mark.parametrize(
    "action, publishing",
    [
        ({}, False),
        ({"action-submit": "1"}, False),
        ({"action-workflow-action": "1", "workflow-action-name": "reject"}, False),
        ({"action-workflow-action": "1", "workflow-action-name": "approve"}, True),
        ({"action-publish": "1"}, True),
    ],
)
def test_review_fields_are_required_exactly_when_the_article_would_go_live(site_tree, action, publishing):
    form_class = ArticlePage.get_edit_handler().get_form_class()
    form = form_class(article_form(**action), instance=ArticlePage(), parent_page=site_tree.articles, for_user=None)
    assert form.is_publishing() is publishing
    assert form.is_valid() is not publishing
    if publishing:
        assert "Choose the medical reviewer." in form.errors["medical_reviewer"][0]


def _submitted_for_review(client, site_tree, editor):
    client.force_login(editor)
    client.post(add_url(site_tree), article_form(action="action-submit"))
    return ArticlePage.objects.get(slug="sciatica-explained")


def test_reviewer_is_not_offered_publish_and_is_told_how_to_approve(client, site_tree, workflow, editor, reviewer):
    page = _submitted_for_review(client, site_tree, editor)
    client.force_login(reviewer)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="action-publish"' not in html
    assert "fill in &#x27;Medical reviewer&#x27; and &#x27;Last reviewed&#x27;" in html
    assert "Request changes" in html


def test_publish_cannot_cancel_the_medical_review(client, site_tree, workflow, editor, reviewer, reviewer_person):
    page = _submitted_for_review(client, site_tree, editor)
    client.force_login(reviewer)
    today = datetime.date.today().isoformat()
    response = client.post(
        f"/admin/pages/{page.pk}/edit/",
        article_form(reviewer=reviewer_person, last_reviewed=today, action="action-publish"),
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    # Once the review is recorded, the next step is the task's own button.
    client.post(f"/admin/pages/{page.pk}/edit/", article_form(reviewer=reviewer_person, last_reviewed=today))
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Approve and Publish" in html or "Approve and publish" in html
    assert 'name="action-publish"' not in html
