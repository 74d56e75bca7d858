"""Portal photo uploads do not pile up, are limited per hour, and get names nobody can guess.

Three invalid profile posts with a valid photo stored three images, kept until the account was
deleted; replaced photos were never removed; nothing limited the rate; and originals were stored as
``original_images/photo.jpg``, so a draft's photo could be found by guessing.
"""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from wagtail.images import get_image_model

from directory.models import TherapistPage

pytestmark = pytest.mark.django_db


def photo(name="me.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (10, 120, 200)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def images_of(user):
    return get_image_model().objects.filter(uploaded_by_user=user)


def test_invalid_posts_with_a_photo_keep_one_image(client, therapist_a, profile_a, profile_form_data):
    client.force_login(therapist_a)
    data = profile_form_data()
    data["website"] = "not a url"
    for _ in range(3):
        response = client.post(reverse("portal:profile_edit"), {**data, "photo_upload": photo()})
        assert response.status_code == 400
    assert images_of(therapist_a).count() == 1


def test_a_replaced_photo_is_removed_when_the_draft_is_saved(client, therapist_a, profile_a, profile_form_data):
    client.force_login(therapist_a)
    client.post(reverse("portal:profile_edit"), {**profile_form_data(), "photo_upload": photo()})
    first = images_of(therapist_a).get()
    client.post(reverse("portal:profile_edit"), {**profile_form_data(), "photo_upload": photo()})
    [second] = images_of(therapist_a)
    assert second.pk != first.pk
    assert TherapistPage.objects.get(pk=profile_a.pk).get_latest_revision_as_object().photo_id == second.pk


def test_the_live_photo_stays_while_a_new_one_waits_for_review(client, therapist_a, profile_a, profile_form_data):
    client.force_login(therapist_a)
    client.post(reverse("portal:profile_edit"), {**profile_form_data(), "photo_upload": photo()})
    live_photo = images_of(therapist_a).get()
    TherapistPage.objects.get(pk=profile_a.pk).latest_revision.publish()
    client.post(reverse("portal:profile_edit"), {**profile_form_data(), "photo_upload": photo()})
    assert live_photo.pk in set(images_of(therapist_a).values_list("pk", flat=True))
    assert images_of(therapist_a).count() == 2


def test_a_scheduled_command_removes_old_unused_uploads(therapist_a, profile_a):
    from portal.photo_storage import store_portal_photo

    old = store_portal_photo(photo(), title="Old", user=therapist_a)
    recent = store_portal_photo(photo(), title="Recent", user=therapist_a)
    get_image_model().objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    call_command("remove_unused_photos", stdout=io.StringIO())
    remaining = set(images_of(therapist_a).values_list("pk", flat=True))
    assert remaining == {recent.pk}


def test_the_command_never_touches_the_editors_image_library(editor):
    image = get_image_model()(title="Article figure", file=photo("figure.png"), uploaded_by_user=editor)
    image.save()
    get_image_model().objects.filter(pk=image.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    call_command("remove_unused_photos", stdout=io.StringIO())
    assert get_image_model().objects.filter(pk=image.pk).exists()


def test_uploads_are_limited_per_account_per_hour(client, settings, therapist_a, profile_a, profile_form_data):
    settings.PORTAL_PHOTO_UPLOADS_PER_HOUR = 2
    client.force_login(therapist_a)
    for _ in range(2):
        assert (
            client.post(reverse("portal:profile_edit"), {**profile_form_data(), "photo_upload": photo()}).status_code
            == 302
        )
    response = client.post(reverse("portal:profile_edit"), {**profile_form_data(), "photo_upload": photo()})
    assert response.status_code == 429
    assert b"photos in the last hour" in response.content


def test_stored_originals_have_unguessable_names(client, therapist_a, profile_a, profile_form_data):
    client.force_login(therapist_a)
    client.post(reverse("portal:profile_edit"), {**profile_form_data(), "photo_upload": photo("me.png")})
    client.post(reverse("portal:profile_edit"), {**profile_form_data(), "photo_upload": photo("me.png")})
    image = images_of(therapist_a).get()
    stem = image.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    assert stem not in ("photo", "me") and not stem.startswith(("photo_", "me_"))
    assert len(stem) >= 20
