"""Deleting a therapist's account: the person goes, the record of editors' decisions stays.

Removed: the account, its e-mail addresses, its claims, its profile page (with every revision,
clinic, moderation state and history entry), the photos it uploaded, and the login-attempt records
kept under its e-mail address. Kept: each ``RegistrationStatusChange`` — its link to the deleted registration and
to the account become null (``on_delete=SET_NULL``), so the audit trail says what an editor
decided and when, but no longer about whom.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import PageLogEntry

from directory.models import TherapistPage


@transaction.atomic
def delete_account(user) -> None:
    for page in TherapistPage.objects.filter(owner=user):
        if page.live:
            # Unpublish first so everything that follows publishing (search indexes, caches)
            # hears that the page left the public site.
            page.unpublish(user=None, log_action=False)
        page_id = page.pk
        page.delete()
        # Wagtail keeps a page's history after the page is gone; each entry carries its title
        # (the therapist's name), so it goes too. Registration decisions are a separate trail.
        PageLogEntry.objects.filter(page_id=page_id).delete()
    get_image_model().objects.filter(uploaded_by_user=user).delete()
    identifiers = {value.lower() for value in (user.email, user.get_username()) if value}
    identifiers |= {address.lower() for address in user.emailaddress_set.values_list("email", flat=True)}
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__in=identifiers).delete()
    user.delete()
