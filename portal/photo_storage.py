"""Where therapists' photos are kept, under which names, and when they are removed.

Photos from the portal go to their own collection ("Therapist photos"), never mixed with the
editors' image library, under a random file name (a draft's photo must not be found by guessing
``original_images/photo.jpg``). A photo no therapist page uses — not the live page, not its latest
revision — is removed: at once when the same account uploads another or saves its profile, and by
``manage.py remove_unused_photos`` (scheduled) for anything left over, after a grace period so a
form someone is still filling in keeps its photo.
"""

from __future__ import annotations

import datetime
import os
import secrets

from django.conf import settings
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Collection, Revision

from directory.models import TherapistPage
from directory.rate_limits import attempt_key, over_limit

COLLECTION_NAME = "Therapist photos"
DEFAULT_UPLOADS_PER_HOUR = 10


def portal_collection() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def unguessable_name(name: str) -> str:
    extension = os.path.splitext(name)[1].lower() or ".jpg"
    return f"{secrets.token_urlsafe(18)}{extension}"


def store_portal_photo(content, *, title: str, user):
    """Save an already checked and re-encoded photo as a Wagtail image owned by ``user``."""
    content.name = unguessable_name(getattr(content, "name", "") or "")
    image = get_image_model()(
        title=f"Photo of {title}"[:255], file=content, collection=portal_collection(), uploaded_by_user=user
    )
    image.save()
    return image


def too_many_uploads(user) -> bool:
    """Count an upload for this account; True past ``PORTAL_PHOTO_UPLOADS_PER_HOUR`` in the hour."""
    limit = getattr(settings, "PORTAL_PHOTO_UPLOADS_PER_HOUR", DEFAULT_UPLOADS_PER_HOUR)
    return over_limit(attempt_key("portal:photo-upload", str(user.pk)), limit, 3600)


def photos_in_use(candidates: set[int], owner=None) -> set[int]:
    """Which of ``candidates`` a therapist page shows (live row) or will show (its latest revision).

    With ``owner``, only that account's pages' drafts are read (a save looks at one profile, not the
    whole directory); without, every therapist page's (the scheduled clean-up).
    """
    live = set(TherapistPage.objects.filter(photo_id__in=candidates).values_list("photo_id", flat=True))
    pages = TherapistPage.objects.exclude(latest_revision_id=None)
    if owner is not None:
        pages = pages.filter(owner=owner)
    drafted = {
        content.get("photo")
        for content in Revision.objects.filter(pk__in=pages.values("latest_revision_id")).values_list(
            "content", flat=True
        )
        if isinstance(content, dict)
    }
    return live | (drafted & candidates)


def unused_portal_photos(*, user=None, older_than: datetime.timedelta | None = None, keep=()) -> list:
    photos = get_image_model().objects.filter(collection__name=COLLECTION_NAME, uploaded_by_user__isnull=False)
    if user is not None:
        photos = photos.filter(uploaded_by_user=user)
    if older_than is not None:
        photos = photos.filter(created_at__lt=timezone.now() - older_than)
    photos = list(photos.exclude(pk__in=list(keep)))
    in_use = photos_in_use({image.pk for image in photos}, owner=user)
    return [image for image in photos if image.pk not in in_use]


def remove_unused_photos(**criteria) -> int:
    """Delete them one by one, so Wagtail removes each file and its renditions too."""
    removed = 0
    for image in unused_portal_photos(**criteria):
        image.delete()
        removed += 1
    return removed
