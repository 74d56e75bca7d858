"""Every length and size rule of the public and portal forms at its bound: the value at the limit is
accepted, one more is refused with the message the person reads."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from PIL import Image

from directory.forms import ContactForm
from portal.forms import ClaimForm, CreateProfileForm
from portal.uploads import clean_photo
from tests.factories import RegulatorFactory, TherapistPageFactory


def too_long(limit: int) -> str:
    return f"Ensure this value has at most {limit} characters (it has {limit + 1})."


CONTACT = {"name": "Ana", "email": "ana@example.org", "phone": "", "message": "Do you treat sciatica?"}


@pytest.mark.parametrize(("field", "limit"), [("name", 120), ("phone", 40), ("message", 5000)])
def test_contact_form_lengths(field, limit):
    assert ContactForm({**CONTACT, field: "7" * limit}).is_valid()
    form = ContactForm({**CONTACT, field: "7" * (limit + 1)})
    assert not form.is_valid()
    assert form.errors == {field: [too_long(limit)]}


def test_contact_form_needs_a_real_address_and_a_message():
    form = ContactForm({**CONTACT, "email": "ana@", "message": "   "})
    assert form.errors == {"email": ["Enter a valid email address."], "message": ["This field is required."]}


def test_the_honeypot_marks_spam_only_when_filled():
    form = ContactForm({**CONTACT, "website": ""})
    assert form.is_valid() and not form.is_spam
    form = ContactForm({**CONTACT, "website": "https://spam.example"})
    assert form.is_valid() and form.is_spam


@pytest.fixture
def regulator(db):
    return RegulatorFactory()


def get_listed(regulator, **changes):
    data = {"title": "Dana Okafor", "designation": "RMT", "regulator": regulator.pk, "registration_number": "A-1"}
    return CreateProfileForm({**data, **changes})


@pytest.mark.parametrize(("field", "limit"), [("title", 255), ("designation", 40), ("registration_number", 60)])
def test_get_listed_lengths(regulator, field, limit):
    assert get_listed(regulator, **{field: "A" * limit}).is_valid()
    form = get_listed(regulator, **{field: "A" * (limit + 1)})
    assert not form.is_valid()
    assert form.errors == {field: [too_long(limit)]}


def test_a_registration_number_is_compared_without_case_or_extra_spaces(regulator):
    form = get_listed(regulator, registration_number="  ab   12 ")
    assert form.is_valid()
    assert form.cleaned_data["registration_number"] == "AB 12"


def test_claim_message_length(regulator, site_tree):
    TherapistPageFactory(registration__regulator=regulator, registration__number="C-1")
    data = {"regulator": regulator.pk, "registration_number": "c-1"}
    assert ClaimForm({**data, "message": "m" * 2000}).is_valid()
    form = ClaimForm({**data, "message": "m" * 2001})
    assert form.errors == {"message": [too_long(2000)]}


def jpeg(size=(60, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 10)).save(buffer, "JPEG")
    return buffer.getvalue()


def png(size) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", size, 128).save(buffer, "PNG")
    return buffer.getvalue()


def test_a_photo_of_exactly_the_byte_limit_is_taken_and_one_byte_more_is_not(settings):
    data = jpeg()
    settings.PORTAL_PHOTO_MAX_BYTES = len(data)
    assert clean_photo(SimpleUploadedFile("me.jpg", data, "image/jpeg")).size > 0
    settings.PORTAL_PHOTO_MAX_BYTES = len(data) - 1
    with pytest.raises(ValidationError) as refused:
        clean_photo(SimpleUploadedFile("me.jpg", data, "image/jpeg"))
    assert refused.value.messages == [
        f"This file is {filesizeformat(len(data))}; photos can be at most {filesizeformat(len(data) - 1)}."
    ]


def test_a_photo_of_exactly_the_pixel_limit_is_taken_and_one_column_more_is_not(settings):
    settings.PORTAL_PHOTO_MAX_PIXELS = 2_000_000
    assert clean_photo(SimpleUploadedFile("me.png", png((2000, 1000)), "image/png")).size > 0
    with pytest.raises(ValidationError) as refused:
        clean_photo(SimpleUploadedFile("me.png", png((2001, 1000)), "image/png"))
    assert refused.value.messages == [
        "This image is 2001 × 1000 pixels; photos can have at most 2 million pixels. Please upload a smaller version."
    ]
