"""Images whose file may be gone: renditions, or nothing (logged) so the page shows its placeholder.

A Wagtail image is a database row and a file. When the file is missing (a lost volume, a partial
restore, a photo deleted by hand), ``get_rendition`` raises ``SourceImageIOError`` for any rendition
not made yet: uncaught, that answered 500 for a whole profile; Wagtail's own template tags instead
print a broken ``/media/not-found`` image. Every place that shows an image asks here first, gets
``None``, and shows what it shows when there is no image at all. Shared by articles and the
directory, so it lives in the lowest layer.
"""

import functools
import logging

from wagtail.images.models import Filter, SourceImageIOError

logger = logging.getLogger(__name__)


@functools.lru_cache(maxsize=128)
def parsed_filters(specs: str) -> tuple[Filter, ...]:
    """The filters ``specs`` names, parsed once per process: a new ``Filter`` parses its operations
    again (with ``inspect``), which cost more than finding the prefetched renditions. A filter holds
    no image, so one serves every image."""
    return tuple(Filter(spec) for spec in Filter.expand_spec(specs.split()))


def renditions_or_none(image, specs: str) -> dict | None:
    """The renditions ``specs`` names (``{% picture %}`` syntax, e.g. ``format-{webp,jpeg} fill-96x96``),
    made now if need be; ``None`` and an error in the log when the image's file cannot be read."""
    if not image:  # None, or a lazily fetched image that is gone (search.presentation.PagePhotos)
        return None
    try:
        return image.get_renditions(*parsed_filters(specs))
    except SourceImageIOError as error:
        logger.error("Image %s “%s” cannot be read (%s): showing the placeholder.", image.pk, image.title, error)
        return None


def rendition_url_or_blank(image, spec: str) -> str:
    renditions = renditions_or_none(image, spec)
    return next(iter(renditions.values())).url if renditions else ""
