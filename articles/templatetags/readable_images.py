"""``{% load readable_images %}``: show an image only when its renditions can be made (articles.images)."""

from django import template
from django.utils.safestring import mark_safe
from wagtail.images.models import Picture

from articles.images import renditions_or_none

register = template.Library()


@register.filter
def readable_image(image, specs: str):
    """The image when the renditions ``specs`` names can be made, else None (logged), so a missing file
    shows the template's no-image placeholder: ``{% if page.photo|readable_image:"fill-96x96" %}``."""
    return image if renditions_or_none(image, specs) is not None else None


@register.simple_tag
def readable_picture(image, specs: str, **attrs):
    """``{% picture %}`` made from renditions asked for once, or "" when they cannot be made:
    ``{% readable_picture page.photo "fill-{96x96,192x192}" alt="" as photo %}{% if photo %}{{ photo }}
    {% else %}…placeholder…{% endif %}``. (``readable_image`` then ``{% picture %}`` asked twice.)"""
    renditions = renditions_or_none(image, specs)
    return mark_safe(Picture(renditions, attrs).__html__()) if renditions else ""  # noqa: S308 - flatatt escapes
