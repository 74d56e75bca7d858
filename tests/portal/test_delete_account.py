"""Deleting an account removes the person and their profile; the decisions' audit trail stays, anonymised."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry, Revision

from directory.models import Registration, RegistrationStatusChange, TherapistPage
from portal.models import ProfileClaim
from tests.portal.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def photo_for(user):
    buffer = io.BytesIO()
    PILImage.new("RGB", (10, 10), "red").save(buffer, "JPEG")
    return get_image_model().objects.create(title="me", file=ImageFile(buffer, name="me.jpg"), uploaded_by_user=user)


def test_delete_account_removes_person_profile_and_photos_but_keeps_anonymised_decisions(
    client, therapist_a, profile_a, profile_b, editor
):
    registration = profile_a.registration
    registration.change_status("lapsed", editor, "Annual renewal missed")
    image = photo_for(therapist_a)
    page_id = profile_a.pk
    assert PageLogEntry.objects.filter(page_id=page_id).exists()  # publishing was logged
    client.force_login(therapist_a)

    response = client.post(reverse("portal:delete_account"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert response.url == "/"
    assert not get_user_model().objects.filter(pk=therapist_a.pk).exists()
    assert not EmailAddress.objects.filter(email="ann@example.org").exists()
    assert not TherapistPage.objects.filter(pk=page_id).exists()
    assert not Registration.objects.filter(pk=registration.pk).exists()
    assert not Revision.objects.filter(object_id=str(page_id)).exists()
    assert not PageLogEntry.objects.filter(page_id=page_id).exists()
    assert not get_image_model().objects.filter(pk=image.pk).exists()
    change = RegistrationStatusChange.objects.get(note="Annual renewal missed")
    assert change.registration_id is None
    assert (change.from_status, change.to_status) == ("verified", "lapsed")
    # Nobody else's profile is touched, and the session is gone.
    assert TherapistPage.objects.filter(pk=profile_b.pk, live=True).exists()
    assert client.get(reverse("portal:dashboard")).status_code == 302


def test_the_therapists_own_decisions_are_kept_with_the_actor_anonymised(client, therapist_a, profile_a, editor):
    profile_a.registration.change_status("pending", therapist_a, "Moved to a new province")
    client.force_login(therapist_a)
    client.post(reverse("portal:delete_account"), {"password": PASSWORD, "confirm": "on"})
    change = RegistrationStatusChange.objects.get(note="Moved to a new province")
    assert change.changed_by_id is None


def test_wrong_password_deletes_nothing_and_says_why(client, therapist_a, profile_a):
    client.force_login(therapist_a)
    response = client.post(reverse("portal:delete_account"), {"password": "not-it", "confirm": "on"})
    assert response.status_code == 200
    assert b"That is not your password." in response.content
    assert get_user_model().objects.filter(pk=therapist_a.pk).exists()
    assert TherapistPage.objects.filter(pk=profile_a.pk).exists()


def test_deleting_removes_claims_too(client, newcomer, profile_b):
    ProfileClaim.objects.create(user=newcomer, therapist=profile_b, registration_number="B-2002")
    client.force_login(newcomer)
    client.post(reverse("portal:delete_account"), {"password": PASSWORD, "confirm": "on"})
    assert not ProfileClaim.objects.exists()
    assert TherapistPage.objects.filter(pk=profile_b.pk).exists()
