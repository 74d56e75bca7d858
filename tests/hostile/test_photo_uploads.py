"""The portal's photo check (portal.uploads.clean_photo) refuses files that lie, and launders the rest."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.uploads import clean_photo, max_bytes, max_pixels
from tests.hostile.files import HOSTILE_IMAGE_UPLOADS, png_with_hidden_payload, small_jpeg

LIMITS = {"bytes": max_bytes(), "pixels": max_pixels()}


@pytest.mark.parametrize("kind", HOSTILE_IMAGE_UPLOADS)
def test_hostile_files_are_refused_with_a_message(kind):
    name, content = HOSTILE_IMAGE_UPLOADS[kind](LIMITS)
    with pytest.raises(ValidationError) as refused:
        clean_photo(SimpleUploadedFile(name, content))
    message = " ".join(refused.value.messages)
    assert len(message) > 20, f"{kind}: {message!r} does not tell the therapist what to do"


def test_a_valid_image_carrying_a_payload_is_re_encoded_without_it():
    name, content = png_with_hidden_payload()
    cleaned = clean_photo(SimpleUploadedFile(name, content)).read()
    assert b"<?php" not in cleaned
    assert b"<script" not in cleaned
    assert Image.open(io.BytesIO(cleaned)).size == (16, 16)


def test_a_real_photo_passes():
    cleaned = clean_photo(SimpleUploadedFile("me.jpg", small_jpeg((40, 30)))).read()
    assert Image.open(io.BytesIO(cleaned)).format in {"JPEG", "PNG"}
