"""The portal's one-click confirmation: POST only, the owner's own profile, no moderation round."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import TherapistPage
from tests.portal.conftest import PASSWORD, make_account, make_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(site_tree, groups):
    owner = make_account("ann@example.org")
    page = make_profile(site_tree.directory, owner, title="Ann Archer")
    TherapistPage.objects.filter(pk=page.pk).update(
        accepting_confirmed_on=timezone.localdate() - datetime.timedelta(days=40)
    )
    return TherapistPage.objects.get(pk=page.pk)


def test_owner_confirms_in_one_click(client, profile):
    client.login(username="ann", password=PASSWORD)
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "Confirm I’m accepting new clients" in dashboard
    assert "not confirmed recently" in dashboard
    revisions_before = profile.revisions.count()
    response = client.post(reverse("portal:confirm_accepting"), follow=True)
    assert response.status_code == 200
    assert "confirmed today" in response.content.decode()
    page = TherapistPage.objects.get(pk=profile.pk)
    assert page.accepting_confirmed_on == timezone.localdate()
    # Straight to the live page: no revision waiting for an editor.
    assert page.revisions.count() == revisions_before
    assert "confirmed today" in client.get(page.url).content.decode()


def test_get_does_nothing(client, profile):
    client.login(username="ann", password=PASSWORD)
    assert client.get(reverse("portal:confirm_accepting")).status_code == 405
    assert TherapistPage.objects.get(pk=profile.pk).accepting_confirmed_on != timezone.localdate()


def test_anonymous_and_other_accounts_cannot_confirm_someone_else(client, profile, groups):
    response = client.post(reverse("portal:confirm_accepting"))
    assert response.status_code == 302 and "login" in response["Location"]
    make_account("bo@example.org")
    client.login(username="bo", password=PASSWORD)
    client.post(reverse("portal:confirm_accepting"))  # bo has no profile: sent to the dashboard
    assert TherapistPage.objects.get(pk=profile.pk).accepting_confirmed_on != timezone.localdate()


def test_publishing_an_older_revision_keeps_the_confirmation(client, profile):
    revision = profile.save_revision()  # e.g. a profile edit waiting in moderation
    client.login(username="ann", password=PASSWORD)
    client.post(reverse("portal:confirm_accepting"))
    revision.publish()
    assert TherapistPage.objects.get(pk=profile.pk).accepting_confirmed_on == timezone.localdate()


def test_a_confirmation_outlives_an_older_draft_that_said_not_accepting(client, profile):
    profile.accepting_new_clients = False
    revision = profile.save_revision()  # "not accepting", waiting for an editor
    client.login(username="ann", password=PASSWORD)
    client.post(reverse("portal:confirm_accepting"))  # then: "yes, I'm accepting", today
    revision.publish()
    page = TherapistPage.objects.get(pk=profile.pk)
    assert page.accepting_new_clients is True
    assert page.accepting_confirmed_on == timezone.localdate()


def test_a_draft_saved_after_the_confirmation_decides(client, profile):
    client.login(username="ann", password=PASSWORD)
    client.post(reverse("portal:confirm_accepting"))
    page = TherapistPage.objects.get(pk=profile.pk)
    page.accepting_new_clients = False  # changed their mind later, through the profile form
    page.save_revision().publish()
    assert TherapistPage.objects.get(pk=profile.pk).accepting_new_clients is False
