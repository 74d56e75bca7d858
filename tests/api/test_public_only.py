"""Only what the public site shows: no unlisted therapist, no draft article, no private field."""

import datetime
import json

import pytest
from django.db import transaction

from articles.models import ArticleIndexPage, ArticlePage, Person
from directory.models import TherapistPage
from home import site_tree
from tests.contract.dataset import LISTED, PEOPLE, build_directory

pytestmark = pytest.mark.django_db

UNLISTED = [p.title for p in PEOPLE if p.title not in LISTED]
PRIVATE_ADDRESS = "private-inbox@therapist.example"


@pytest.fixture(scope="module")
def directory(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        directory = build_directory(site_tree.ensure_site_tree())
        # Every therapist has a private address: it must never reach an answer.
        TherapistPage.objects.update(contact_email=PRIVATE_ADDRESS)
        yield directory
        transaction.set_rollback(True)


def test_unlisted_therapists_are_not_found_by_id_or_slug(client, directory):
    for title in UNLISTED:
        page = directory.pages[title]
        for ref in (page.pk, page.slug):
            response = client.get(f"/api/v1/therapists/{ref}/")
            assert response.status_code == 404, title
            assert response["Content-Type"] == "application/problem+json"
    listed = directory.pages["Ana Silva"]
    assert client.get(f"/api/v1/therapists/{listed.slug}/").json()["id"] == listed.pk


def test_unlisted_therapists_are_never_in_search_results(client, directory):
    for querystring in ("", "q=sciatica", "near=Toronto&radius=50", "condition=sciatica&technique=deep-tissue"):
        names = [hit["name"] for hit in client.get(f"/api/v1/therapists/?{querystring}").json()["results"]]
        assert names and not set(names) & set(UNLISTED), querystring


def test_no_email_address_in_any_therapist_answer(client, directory):
    answers = [client.get("/api/v1/therapists/").content]
    answers += [client.get(f"/api/v1/therapists/{directory.id(title)}/").content for title in LISTED]
    for content in answers:
        assert PRIVATE_ADDRESS.encode() not in content
        assert b"contact_email" not in content
    detail = json.loads(answers[1])
    assert set(detail) >= {"registration", "restrictions", "availability", "clinics", "fees", "photo"}


def test_restrictions_shown_are_those_in_force(client, directory):
    david = client.get(f"/api/v1/therapists/{directory.id('David Chen')}/").json()
    assert david["restrictions"] == []  # one ended, one not started yet
    kenji = client.get(f"/api/v1/therapists/{directory.id('Kenji Sato')}/").json()
    assert [r["kind"] for r in kenji["restrictions"]] == ["condition"]


@pytest.fixture
def articles(site_tree):
    index = ArticleIndexPage.objects.get()
    reviewer = Person.objects.create(name="Dr Reviewer", credentials="MBBS")
    published = index.add_child(
        instance=ArticlePage(
            title="Published", slug="published", medical_reviewer=reviewer, last_reviewed=datetime.date(2026, 1, 1)
        )
    )
    published.save_revision().publish()
    draft = index.add_child(instance=ArticlePage(title="Draft", slug="draft", live=False))
    # A published article whose newer draft has not been approved: the API shows the published text.
    published.title = "Unapproved new title"
    published.save_revision()
    return published, draft


def test_drafts_are_never_shown(client, articles):
    published, draft = articles
    listed = client.get("/api/v1/articles/").json()
    assert [a["id"] for a in listed["results"]] == [published.pk]
    assert listed["results"][0]["title"] == "Published"
    for ref in (draft.pk, draft.slug):
        assert client.get(f"/api/v1/articles/{ref}/").status_code == 404
    detail = client.get(f"/api/v1/articles/{published.slug}/").json()
    assert detail["title"] == "Published"
    assert detail["medical_reviewer"] == {"name": "Dr Reviewer", "credentials": "MBBS", "role": ""}
    assert detail["last_reviewed"] == "2026-01-01"
    assert detail["next_review_due"] == "2027-01-01"
