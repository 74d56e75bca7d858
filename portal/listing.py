"""Getting listed: a new draft profile, or a claim on an existing listing."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page

from directory.models import DirectoryIndexPage, Registration, TherapistPage
from portal.models import ProfileClaim


class AlreadyListed(Exception):
    """The account already owns a profile (one account, one profile)."""


def directory_index() -> DirectoryIndexPage:
    index = DirectoryIndexPage.objects.first()
    if index is None:
        raise RuntimeError("There is no directory index page to add therapist profiles to.")
    return index


def unique_slug(parent: Page, title: str) -> str:
    base = slugify(title)[:200] or "therapist"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_draft_profile(user, *, title: str, designation: str, regulator, number: str) -> TherapistPage:
    """A draft page owned by the user (not live: nobody sees it) plus a pending registration."""
    # Lock the user's row so two simultaneous submissions cannot both create a profile.
    get_user_model().objects.select_for_update().get(pk=user.pk)
    if TherapistPage.objects.filter(owner=user).exists():
        raise AlreadyListed
    parent = directory_index()
    page = TherapistPage(title=title, slug=unique_slug(parent, title), designation=designation, owner=user, live=False)
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    Registration.objects.create(therapist=page, regulator=regulator, number=number)
    return page


def claim_profile(user, *, therapist: TherapistPage | None, regulator, number: str, message: str = "") -> ProfileClaim:
    return ProfileClaim.objects.create(
        user=user, therapist=therapist, regulator=regulator, registration_number=number, message=message
    )
