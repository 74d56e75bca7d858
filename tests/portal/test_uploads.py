"""Photo uploads: checked by content, limited in bytes and pixels, re-encoded without EXIF."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model

from directory.models import TherapistPage
from portal.uploads import clean_photo
from tests.hostile.files import (
    decompression_bomb,
    html_named_png,
    oversized_jpeg,
    php_html_polyglot,
    png_with_hidden_payload,
    svg_with_script,
    text_named_jpg,
    too_many_pixels_png,
)

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg_with_gps_and_orientation(size=(40, 20), orientation=6) -> bytes:
    image = Image.new("RGB", size, (10, 120, 200))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"  # camera make
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (45.0, 30.0, 0.0), 3: "W", 4: (73.0, 35.0, 0.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name,data",
    [text_named_jpg(), html_named_png(), php_html_polyglot(), svg_with_script()],
    ids=["text named .jpg", "HTML named .png", "GIF/PHP polyglot", "SVG with script"],
)
def test_files_that_are_not_photos_are_refused_whatever_their_name(name, data):
    with pytest.raises(ValidationError) as refused:
        clean_photo(upload(name, data))
    assert "not a photo we can read" in refused.value.messages[0]


def test_too_many_bytes_is_refused_before_reading_it(settings):
    settings.PORTAL_PHOTO_MAX_BYTES = 10_000
    name, data = oversized_jpeg(10_000)
    with pytest.raises(ValidationError) as refused:
        clean_photo(upload(name, data))
    assert refused.value.code == "too_big"
    assert "at most 9.8\xa0KB" in refused.value.messages[0]


@pytest.mark.django_db
def test_the_form_states_the_limit_in_force(settings):
    from portal.profile_forms import ProfileForm

    settings.PORTAL_PHOTO_MAX_BYTES = 2_500_000
    help_text = ProfileForm(instance=TherapistPage()).fields["photo_upload"].help_text
    assert "up to 2.4\xa0MB" in help_text


def test_a_decompression_bomb_is_refused_from_its_header(settings):
    name, data = decompression_bomb(30_000, 30_000)
    with pytest.raises(ValidationError) as refused:
        clean_photo(upload(name, data, "image/png"))
    assert refused.value.code in {"too_many_pixels", "not_an_image"}


def test_our_own_pixel_limit_applies_below_pillows(settings):
    settings.PORTAL_PHOTO_MAX_PIXELS = 4_000_000
    name, data = too_many_pixels_png(4_000_000)
    with pytest.raises(ValidationError) as refused:
        clean_photo(upload(name, data, "image/png"))
    assert refused.value.code == "too_many_pixels"
    assert "million pixels" in refused.value.messages[0]


def test_truncated_photo_is_refused():
    data = jpeg_with_gps_and_orientation(size=(400, 400))
    with pytest.raises(ValidationError):
        clean_photo(upload("cut.jpg", data[: len(data) // 2]))


def test_exif_gps_is_stripped_and_orientation_applied():
    source = Image.open(io.BytesIO(jpeg_with_gps_and_orientation()))
    assert source.getexif().get_ifd(GPS_IFD)  # the test photo really carries a position

    cleaned = clean_photo(upload("phone.jpg", jpeg_with_gps_and_orientation()))
    result = Image.open(io.BytesIO(cleaned.read()))
    assert result.format == "JPEG"
    assert result.size == (20, 40)  # rotated upright, as the phone meant it
    exif = result.getexif()
    assert not exif.get_ifd(GPS_IFD)
    assert ORIENTATION not in exif and 0x010F not in exif
    assert "exif" not in result.info


def test_hidden_payloads_do_not_survive_reencoding():
    name, data = png_with_hidden_payload()
    cleaned = clean_photo(upload(name, data, "image/png")).read()
    assert b"<?php" not in cleaned and b"<script" not in cleaned


def test_transparency_is_kept_as_png():
    buffer = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(buffer, "PNG")
    cleaned = clean_photo(upload("logo.png", buffer.getvalue(), "image/png"))
    assert cleaned.name == "photo.png"
    assert Image.open(io.BytesIO(cleaned.read())).mode == "RGBA"


@pytest.mark.django_db
def test_a_photo_through_the_form_goes_to_the_draft_only(client, therapist_a, profile_a, profile_form_data):
    client.force_login(therapist_a)
    data = profile_form_data()
    data["photo_upload"] = upload("me.jpg", jpeg_with_gps_and_orientation())
    response = client.post(reverse("portal:profile_edit"), data)
    assert response.status_code == 302
    page = TherapistPage.objects.get(pk=profile_a.pk)
    assert page.photo_id is None  # live page unchanged
    photo = page.get_latest_revision_as_object().photo
    assert photo.uploaded_by_user == therapist_a
    with photo.get_willow_image() as willow:
        assert willow.get_size() == (20, 40)


@pytest.mark.django_db
def test_a_refused_photo_keeps_the_rest_of_the_form(client, therapist_a, profile_a, profile_form_data):
    client.force_login(therapist_a)
    data = profile_form_data()
    data.update({"title": "Typed name", "bio_text": "Typed bio"})
    name, payload = text_named_jpg()
    data["photo_upload"] = upload(name, payload)
    response = client.post(reverse("portal:profile_edit"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "not a photo we can read" in html
    assert 'value="Typed name"' in html and "Typed bio" in html
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
def test_a_good_photo_is_kept_when_another_field_is_wrong(client, therapist_a, profile_a, profile_form_data):
    client.force_login(therapist_a)
    data = profile_form_data()
    data.update({"website": "not a url", "photo_upload": upload("me.jpg", jpeg_with_gps_and_orientation())})
    response = client.post(reverse("portal:profile_edit"), data)
    assert response.status_code == 400
    assert "Your new photo is ready" in response.content.decode()
    kept = response.context["form"].data["kept_photo"]

    data = profile_form_data()
    data["kept_photo"] = kept
    assert client.post(reverse("portal:profile_edit"), data).status_code == 302
    draft = TherapistPage.objects.get(pk=profile_a.pk).get_latest_revision_as_object()
    assert draft.photo_id == int(kept)


@pytest.mark.django_db
def test_someone_elses_image_cannot_be_attached(client, therapist_a, therapist_b, profile_a, profile_form_data):
    from django.core.files.images import ImageFile

    other = get_image_model().objects.create(
        title="B",
        file=ImageFile(io.BytesIO(jpeg_with_gps_and_orientation()), name="b.jpg"),
        uploaded_by_user=therapist_b,
    )
    client.force_login(therapist_a)
    data = profile_form_data()
    data["kept_photo"] = str(other.pk)
    assert client.post(reverse("portal:profile_edit"), data).status_code == 302
    assert TherapistPage.objects.get(pk=profile_a.pk).get_latest_revision_as_object().photo_id is None
