"""The demo therapist can use the portal straight after the demo is loaded (demo.portal.load)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import WorkflowPage

from demo import portal as portal_demo
from demo import therapists
from demo.users import ensure_users
from directory.models import TherapistPage
from tests.portal.conftest import form_post_data, make_profile

pytestmark = pytest.mark.django_db


def test_demo_therapist_signs_in_by_email_and_sees_their_profile(client, site_tree, groups, regulator):
    ensure_users()
    therapist = get_user_model().objects.get(username="therapist")
    make_profile(site_tree.directory, therapist, title="Liam Tanaka")
    portal_demo.load()
    portal_demo.load()  # idempotent

    response = client.post(
        reverse("account_login"), {"login": "therapist@relieve.example", "password": "relieve-therapist"}
    )
    assert (response.status_code, response.url) == (302, reverse("portal:dashboard"))
    dashboard = client.get(reverse("portal:dashboard"))
    assert dashboard.status_code == 200
    assert b"Liam Tanaka" in dashboard.content
    assert WorkflowPage.objects.get(page=site_tree.directory).workflow.name == "Profile review"
    assert therapist.emailaddress_set.get().verified


def test_demo_therapist_saves_their_profile_unchanged(client, site_tree, groups):
    ensure_users()
    therapists.load(count=20)
    portal_demo.load()
    therapist = get_user_model().objects.get(username="therapist")
    page = TherapistPage.objects.get(owner=therapist)
    # Like any page saved in the admin, a demo profile has a revision, and it is the live one.
    assert page.latest_revision_id is not None and page.live_revision_id == page.latest_revision_id
    assert page.get_latest_revision_as_object().clinics.count() == page.clinics.count()

    client.force_login(therapist)
    form = client.get(reverse("portal:profile_edit")).context["form"]
    response = client.post(reverse("portal:profile_edit"), form_post_data(form))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert page.revisions.count() == 2
