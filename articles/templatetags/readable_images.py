"""``{% load readable_images %}``: show an image only when its renditions can be made (articles.images)."""

from django import template

from articles.images import renditions_or_none

register = template.Library()


@register.filter
def readable_image(image, specs: str):
    """The image when the renditions ``specs`` names can be made, else None (logged), so a missing file
    shows the template's no-image placeholder: ``{% if page.photo|readable_image:"fill-96x96" %}``."""
    return image if renditions_or_none(image, specs) is not None else None
