"""The Wagtail admin's image upload form, hardened against files that only *look* like images.

Wagtail 8.0.1's `WagtailImageField` sniffs the first bytes with Willow, then reads the pixel size with
Pillow; a file with GIF/PNG magic bytes that Pillow cannot decode (a polyglot, a truncated upload)
escapes as `UnidentifiedImageError` — a 500 instead of a form error. Chosen through the
`WAGTAILIMAGES_IMAGE_FORM_BASE` setting, so every admin upload screen (single and multiple) uses it.
"""

from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class DecodableImageField(WagtailImageField):
    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except ValidationError:
            raise
        except (PILImage.UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            # SyntaxError/ValueError: what Pillow's parsers raise on malformed headers.
            raise ValidationError(self.error_messages["invalid_image"], code="invalid_image") from exc


class ImageForm(BaseImageForm):
    file = DecodableImageField(label="File")
