"""Photo uploads checked by what they contain, never by their name.

``clean_photo`` is the one entry point (reusable by any form): it refuses files that are too big
in bytes, that Pillow cannot identify as JPEG / PNG / WebP, whose declared pixel count is too
large (checked from the header, *before* anything is decoded, so a decompression bomb costs
nothing), or that fail to decode. What passes is re-encoded from pixels alone — EXIF orientation
applied first, then every EXIF tag (GPS position, camera serial, timestamps) left behind — as JPEG
(or PNG when it has transparency), and scaled down to a sensible size for a profile photo.
"""

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
# A profile photo is shown at most a few hundred pixels wide; keep a margin for high-DPI screens.
LONGEST_SIDE = 2000


def max_bytes() -> int:
    return settings.PORTAL_PHOTO_MAX_BYTES


def max_pixels() -> int:
    return settings.PORTAL_PHOTO_MAX_PIXELS


NOT_A_PHOTO = "This file is not a photo we can read. Please choose a JPEG, PNG or WebP image."


def clean_photo(upload) -> ContentFile:
    """Return a safe, re-encoded copy of ``upload`` or raise ValidationError saying what is wrong."""
    limit = max_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            f"This file is {filesizeformat(upload.size)}; photos can be at most {filesizeformat(limit)}.",
            code="too_big",
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(f"Photos can be at most {filesizeformat(limit)}.", code="too_big")

    with warnings.catch_warnings():
        # Pillow only *warns* between MAX_IMAGE_PIXELS and twice that; make it an error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                kind = probe.format
                width, height = probe.size
        except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError):
            raise ValidationError(NOT_A_PHOTO, code="not_an_image") from None
        except Exception:  # noqa: BLE001 — any parser failure on hostile input is the same answer
            raise ValidationError(NOT_A_PHOTO, code="not_an_image") from None

        if kind not in ACCEPTED_FORMATS:
            raise ValidationError(NOT_A_PHOTO, code="wrong_format")
        if width * height > max_pixels():
            raise ValidationError(
                f"This image is {width} × {height} pixels; photos can have at most "
                f"{max_pixels() // 1_000_000} million pixels. Please upload a smaller version.",
                code="too_many_pixels",
            )
        try:
            with Image.open(io.BytesIO(data)) as checked:
                checked.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
        except Exception:  # noqa: BLE001 — truncated or corrupt pixel data
            raise ValidationError(
                "This photo seems damaged and could not be read. Please try another file.", code="corrupt"
            ) from None

    return _reencode(image)


def _reencode(image: Image.Image) -> ContentFile:
    image = ImageOps.exif_transpose(image)
    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    out = io.BytesIO()
    # A fresh image from the pixels alone: nothing from the original's metadata comes along.
    if has_alpha:
        clean = Image.new("RGBA", image.size)
        clean.paste(image.convert("RGBA"))
        clean.save(out, "PNG", optimize=True)
        name = "photo.png"
    else:
        clean = Image.new("RGB", image.size)
        clean.paste(image.convert("RGB"))
        clean.save(out, "JPEG", quality=88, optimize=True, progressive=True)
        name = "photo.jpg"
    return ContentFile(out.getvalue(), name=name)
