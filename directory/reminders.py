"""Who gets a "please confirm you are accepting new clients" e-mail, and sending it.

Kept out of the management command so the rule is importable and testable on its own. At most
one reminder per staleness window: a therapist is reminded again only after confirming (a new
window starts) or after a whole window has passed since the last reminder.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from directory.availability import (
    CONFIRM_ACCEPTING,
    fresh_since,
    link_max_age,
    make_link_token,
    stale_after_days,
)
from directory.models import TherapistPage, works_in_admin
from directory.single_line import header_text

logger = logging.getLogger(__name__)

DEFAULT_WARNING_DAYS = 7


def due_for_reminder(today: datetime.date | None = None, within_days: int = DEFAULT_WARNING_DAYS):
    """Listed therapists saying "accepting" whose confirmation is stale or will be within ``within_days``,
    and who have not been reminded in this staleness window."""
    today = today or timezone.localdate()
    # Stale on `today + within_days` means confirmed before fresh_since(today + within_days).
    going_stale = Q(accepting_confirmed_on__isnull=True) | Q(
        accepting_confirmed_on__lt=fresh_since(today + datetime.timedelta(days=within_days))
    )
    # Not reminded since the last confirmation (a confirmation opens a new window), or not within
    # the last window's length (those long stale hear from us once a window, not daily).
    not_reminded_this_window = (
        Q(availability_reminder_sent_on__isnull=True)
        | Q(availability_reminder_sent_on__lt=F("accepting_confirmed_on"))
        | Q(availability_reminder_sent_on__lte=today - datetime.timedelta(days=stale_after_days()))
    )
    return (
        TherapistPage.objects.listed(today=today)
        .filter(going_stale, not_reminded_this_window, accepting_new_clients=True)
        .select_related("owner")
        .order_by("pk")
    )


def recipient(page) -> str:
    """The therapist's account address, or the profile's private contact address.

    A page created in the admin is owned by the editor who created it: their address is not the
    therapist's, so staff owners are passed over for the contact address.
    """
    owner = page.owner if page.owner_id else None
    if owner is not None and owner.email and not works_in_admin(owner):
        return owner.email
    return page.contact_email


def confirmation_url(page) -> str:
    path = reverse("availability_confirm", kwargs={"token": make_link_token(page, CONFIRM_ACCEPTING)})
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_reminder(page, today: datetime.date | None = None) -> bool:
    """E-mail one therapist; record the day only when the mail was accepted (a failure retries tomorrow)."""
    today = today or timezone.localdate()
    address = recipient(page)
    if not address:
        return False
    context = {
        "page": page,
        "confirm_url": confirmation_url(page),
        "link_days": link_max_age().days,
        "stale_after_days": stale_after_days(),
        "confirmed_on": page.accepting_confirmed_on,
        "portal_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("portal:dashboard"),
    }
    subject = header_text(render_to_string("directory/availability_reminder_subject.txt", context))
    body = render_to_string("directory/availability_reminder_message.txt", context)
    try:
        send_mail(subject, body, None, [address])
    except Exception:  # SMTP down, bad address: log it, keep going with the others
        logger.exception("Could not send the availability reminder for therapist %s.", page.pk)
        return False
    # Straight to the row, like the confirmation itself: an operational date, not profile content.
    TherapistPage.objects.filter(pk=page.pk).update(availability_reminder_sent_on=today)
    return True
