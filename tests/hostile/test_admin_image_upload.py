"""The Wagtail admin's image upload refuses files that lie about being images: a clear error, no 500."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model

from demo.users import ensure_users
from tests.hostile.files import HOSTILE_IMAGE_UPLOADS, small_jpeg

pytestmark = pytest.mark.django_db

LIMITS = {"bytes": settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE, "pixels": settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS}


@pytest.fixture
def editor_client(client, groups):
    ensure_users()
    client.force_login(get_user_model().objects.get(username="editor"))
    return client


def upload(client, name: str, content: bytes, title: str = "Clinic front door"):
    return client.post(
        reverse("wagtailimages:add"),
        {"title": title, "file": SimpleUploadedFile(name, content), "collection": 1},
    )


def test_a_real_image_is_accepted(editor_client):
    response = upload(editor_client, "door.jpg", small_jpeg())
    assert response.status_code == 302
    assert get_image_model().objects.get().title == "Clinic front door"


HOSTILE_KINDS = list(HOSTILE_IMAGE_UPLOADS)


@pytest.mark.parametrize("kind", HOSTILE_KINDS)
def test_hostile_files_are_refused_with_a_message_and_the_title_kept(editor_client, kind):
    name, content = HOSTILE_IMAGE_UPLOADS[kind](LIMITS)
    response = upload(editor_client, name, content, title="Kept title <b>")
    assert response.status_code == 200, f"{kind}: expected the form again, got {response.status_code}"
    form = response.context["form"]
    assert form.errors["file"], kind
    # What the editor typed is still there, escaped.
    assert form["title"].value() == "Kept title <b>"
    assert b'value="Kept title &lt;b&gt;"' in response.content
    assert not get_image_model().objects.exists()


@pytest.mark.parametrize("kind", HOSTILE_KINDS)
def test_the_multiple_upload_screen_refuses_them_too(editor_client, kind):
    """The admin's default "Add images" screen uploads each file by XHR and expects JSON back."""
    name, content = HOSTILE_IMAGE_UPLOADS[kind](LIMITS)
    response = editor_client.post(
        reverse("wagtailimages:add_multiple"), {"files[]": SimpleUploadedFile(name, content), "collection": 1}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is False
    assert body["error_message"].strip()
    assert not get_image_model().objects.exists()
