"""What therapists type and upload in the portal: hostile text renders inert everywhere it appears, and
uploads that lie are refused with a message while everything else typed stays in the form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images import get_image_model

from directory.models import Clinic, TherapistPage
from portal.uploads import max_bytes, max_pixels
from tests.hostile.content import HOSTILE_URL, hostile_text
from tests.hostile.files import HOSTILE_IMAGE_UPLOADS
from tests.hostile.html_forms import FormOnPage
from tests.hostile.markup import assert_inert
from tests.portal.conftest import make_account, make_profile

pytestmark = pytest.mark.django_db

LIMITS = {"bytes": max_bytes(), "pixels": max_pixels()}
PAGE_TEXT_FIELDS = ["title", "designation", "gender", "phone"]
CLINIC_TEXT_FIELDS = ["name", "street_address", "city", "region", "postcode", "phone", "parking"]


@pytest.fixture
def therapist(site_tree, groups, client):
    account = make_account("hostile@example.org")
    profile = make_profile(site_tree.directory, account, title="Plain Name", number="H-0001")
    client.force_login(account)
    return profile


def profile_form(client) -> FormOnPage:
    response = client.get(reverse("portal:profile_edit"))
    assert response.status_code == 200
    return FormOnPage(response.content.decode())


def fill_with_payloads(form: FormOnPage) -> None:
    for name in PAGE_TEXT_FIELDS:
        form.set(name, hostile_text(TherapistPage._meta.get_field(name).max_length))
    for name in CLINIC_TEXT_FIELDS:
        form.set(f"clinics-0-{name}", hostile_text(Clinic._meta.get_field(name).max_length))
    form.set("clinics-0-opening_hours", hostile_text(single_line=False))
    form.set("bio_text", hostile_text() + "\n\n[a link](javascript:window.__pwned=50) <b onclick=x>bold</b>")
    form.set("booking_url", HOSTILE_URL)
    form.set("website", HOSTILE_URL)


def test_hostile_text_from_the_portal_renders_inert_in_the_portal_preview_and_public_profile(client, therapist):
    form = profile_form(client)
    fill_with_payloads(form)
    response = client.post(reverse("portal:profile_edit"), form.post_data())
    assert response.status_code == 302, response.content.decode()[:2000]

    # The therapist sees their text again, inert, in the form and in the preview.
    edit = client.get(reverse("portal:profile_edit")).content.decode()
    assert_inert(edit, "the portal form")
    assert "&lt;script&gt;" in edit
    assert_inert(client.get(reverse("portal:profile_preview")).content.decode(), "the portal preview")

    # An editor approves it (publishes the revision); the public page stays inert.
    therapist.refresh_from_db()
    therapist.get_latest_revision().publish()
    public = client.get(TherapistPage.objects.get(pk=therapist.pk).url).content.decode()
    assert_inert(public, "the public profile")
    assert "&lt;script&gt;" in public


@pytest.mark.parametrize("kind", HOSTILE_IMAGE_UPLOADS)
def test_a_hostile_photo_is_refused_and_what_was_typed_is_kept(client, therapist, kind):
    revisions = therapist.revisions.count()
    name, content = HOSTILE_IMAGE_UPLOADS[kind](LIMITS)
    form = profile_form(client)
    form.set("designation", "LMT")
    form.set("bio_text", "Typed before choosing the file.")
    response = client.post(
        reverse("portal:profile_edit"), form.post_data(photo_upload=SimpleUploadedFile(name, content))
    )
    assert response.status_code == 400, kind
    page = response.content.decode()
    assert response.context["form"].errors["photo_upload"], kind
    assert 'value="LMT"' in page
    assert "Typed before choosing the file." in page
    assert therapist.revisions.count() == revisions
    assert not get_image_model().objects.exists()
