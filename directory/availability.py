"""Availability that expires: "accepting new clients" is only believed while it is recently confirmed.

A directory listing that says "accepting new clients" for years after the therapist filled up is
the commonest ghost listing. So the yes carries the date it was last confirmed, and after
``AVAILABILITY_STALE_AFTER_DAYS`` days without a confirmation it stops counting: the profile says
"availability not confirmed recently", the search filter leaves the therapist out and relevance
stops boosting them. Everything that needs the rule asks this module (``is_fresh``,
``fresh_accepting_q``, ``fresh_since``) — one rule, like the listing rule.

Therapists confirm with one click in the portal, or from a signed link in a reminder e-mail
(``make_link_token`` / ``read_link_token``): the token names the therapist *and* the action, is
salted per action (a token for one action is refused by every other) and expires. It also carries
the therapist's availability as it stood when the link was made (``availability_state``), so it
works once — using it changes that state — and never after the therapist changes their profile
(where "not accepting new clients" is said): an old e-mail must not overrule their latest word.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from directory.signals import send_registration_changed

CONFIRM_ACCEPTING = "confirm-accepting"
# Only actions listed here can ever be signed or honoured; a link can do nothing else.
LINK_ACTIONS = (CONFIRM_ACCEPTING,)


class AvailabilityFields(models.Model):
    """Mixed into ``TherapistPage``: when "accepting new clients" was last confirmed.

    These are operational facts, not profile content, so they are kept out of moderation: a
    confirmation writes the live row directly, and publishing an older revision must not turn the
    clock back — ``with_content_json`` (what Wagtail uses to rebuild a page from a revision) keeps
    the current values, as Wagtail itself does for ``live`` and ``owner``.
    """

    accepting_confirmed_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The day the therapist last confirmed they are accepting new clients.",
    )
    availability_reminder_sent_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The day the last 'please confirm your availability' e-mail went out.",
    )

    class Meta:
        abstract = True

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        # Read from the database, not from `self`: `self` may be an in-memory copy older than a
        # confirmation made since (e.g. the page a revision was saved from).
        current = (
            type(self)
            .objects.filter(pk=self.pk)
            .values_list("accepting_confirmed_on", "availability_reminder_sent_on")
            .first()
        )
        if current is not None:
            confirmed_on, obj.availability_reminder_sent_on = current
            # A confirmation made after this revision was saved is the newer answer to "accepting
            # new clients?": a draft that still says no must not undo it when an editor approves it.
            drafted_with = content.get("accepting_confirmed_on") or ""  # ISO text once stored, a date before
            drafted_with = drafted_with.isoformat() if hasattr(drafted_with, "isoformat") else drafted_with
            if confirmed_on is not None and confirmed_on.isoformat() > drafted_with:
                obj.accepting_new_clients = True
            obj.accepting_confirmed_on = confirmed_on
        return obj

    @property
    def availability(self) -> Availability:
        return Availability.of(self.accepting_new_clients, self.accepting_confirmed_on)


# --- the staleness rule -----------------------------------------------------------------------


def stale_after_days() -> int:
    return settings.AVAILABILITY_STALE_AFTER_DAYS


def fresh_since(today: datetime.date | None = None) -> datetime.date:
    """The oldest confirmation date that still counts (confirmed N days ago, N ≤ the setting)."""
    return (today or timezone.localdate()) - datetime.timedelta(days=stale_after_days())


def is_fresh(confirmed_on: datetime.date | None, today: datetime.date | None = None) -> bool:
    """A confirmation counts for ``AVAILABILITY_STALE_AFTER_DAYS`` days; day N+1 it is stale.

    Days are the site's local calendar days (``timezone.localdate``), so "confirmed today" means
    today where the therapists are, not in UTC.
    """
    return confirmed_on is not None and confirmed_on >= fresh_since(today)


def fresh_accepting_q(prefix: str = "", today: datetime.date | None = None) -> Q:
    """Accepting new clients, recently confirmed — as a filter (search, facets, counts)."""
    return Q(**{f"{prefix}accepting_new_clients": True, f"{prefix}accepting_confirmed_on__gte": fresh_since(today)})


class Availability:
    """What a profile or a result card says about new clients."""

    ACCEPTING = "accepting"  # yes, confirmed within the window
    STALE = "stale"  # says yes, but nobody has confirmed it recently
    NOT_ACCEPTING = "not-accepting"

    def __init__(self, state: str, confirmed_on: datetime.date | None, days_ago: int | None):
        self.state = state
        self.confirmed_on = confirmed_on
        self.days_ago = days_ago

    @classmethod
    def of(
        cls, accepting: bool, confirmed_on: datetime.date | None, today: datetime.date | None = None
    ) -> Availability:
        today = today or timezone.localdate()
        days_ago = (today - confirmed_on).days if confirmed_on is not None else None
        if not accepting:
            return cls(cls.NOT_ACCEPTING, confirmed_on, days_ago)
        state = cls.ACCEPTING if is_fresh(confirmed_on, today) else cls.STALE
        return cls(state, confirmed_on, days_ago)

    @property
    def is_accepting(self) -> bool:
        return self.state == self.ACCEPTING

    @property
    def is_stale(self) -> bool:
        return self.state == self.STALE

    @property
    def confirmed_label(self) -> str:
        """ "confirmed today", "confirmed 1 day ago", "confirmed 12 days ago"."""
        if self.days_ago is None:
            return ""
        if self.days_ago <= 0:
            return "confirmed today"
        return f"confirmed {self.days_ago} day{'s' if self.days_ago != 1 else ''} ago"


# --- confirming -------------------------------------------------------------------------------


@transaction.atomic
def confirm_accepting(page, today: datetime.date | None = None) -> datetime.date:
    """Record that ``page``'s therapist is accepting new clients, as of today; re-index them.

    Written straight to the live row (no revision, no moderation): a confirmation changes no text
    anyone needs to review, and waiting days for an editor would make the date a lie. Repeating it
    is harmless — it only moves the date to today.
    """
    today = today or timezone.localdate()
    # The page's own model (as in ``with_content_json``): models.py imports this module, not the reverse.
    type(page).objects.filter(pk=page.pk).update(accepting_new_clients=True, accepting_confirmed_on=today)
    page.accepting_new_clients, page.accepting_confirmed_on = True, today
    # "registration_changed" is the directory's "what the public sees about this therapist changed"
    # signal: both search indexes re-read the therapist after commit.
    send_registration_changed(page.pk, page.load_registration())
    return today


# --- signed one-action links ------------------------------------------------------------------


class LinkRefused(Exception):
    """A link that cannot be honoured; ``reason`` is "expired", "invalid" (tampered, wrong action) or
    "used" (used already, or the therapist's availability changed since it was made)."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def link_max_age() -> datetime.timedelta:
    days = settings.AVAILABILITY_LINK_MAX_AGE_DAYS
    return datetime.timedelta(days=days)


def _signer(action: str) -> signing.TimestampSigner:
    if action not in LINK_ACTIONS:
        raise ValueError(f"Unknown link action {action!r}.")
    # Salted per action: a token signed for one action fails the signature check of any other.
    return signing.TimestampSigner(salt=f"directory.availability.{action}")


def availability_state(page_pk: int) -> str | None:
    """What a link is made for: the live "accepting" and its date, and the latest revision (a saved
    profile, which may say "not accepting"). Any of them changing ends the link. None: no such page."""
    # Looked up by name: models.py imports this module, not the reverse.
    row = (
        apps.get_model("directory", "TherapistPage")
        .objects.filter(pk=page_pk)
        .values_list("accepting_new_clients", "accepting_confirmed_on", "latest_revision_id")
        .first()
    )
    if row is None:
        return None
    accepting, confirmed_on, revision = row
    return f"{int(accepting)}:{confirmed_on.isoformat() if confirmed_on else '-'}:{revision or '-'}"


def make_link_token(page, action: str = CONFIRM_ACCEPTING) -> str:
    """A URL-safe token letting whoever holds it do ``action`` for this therapist, once, and nothing else."""
    return _signer(action).sign_object({"therapist": page.pk, "action": action, "state": availability_state(page.pk)})


def read_link_token(token: str, action: str = CONFIRM_ACCEPTING) -> int:
    """The therapist's page id, or ``LinkRefused``. The action is checked twice: by salt and by name;
    then the availability it was made for must still be the therapist's (once, and nothing changed since)."""
    try:
        data = _signer(action).unsign_object(token, max_age=link_max_age())
    except signing.SignatureExpired:
        raise LinkRefused("expired") from None
    except (signing.BadSignature, ValueError, TypeError):
        raise LinkRefused("invalid") from None
    if not isinstance(data, dict) or data.get("action") != action or not isinstance(data.get("therapist"), int):
        raise LinkRefused("invalid")
    state = availability_state(data["therapist"])
    if state is None:  # deleted since the e-mail went out
        raise LinkRefused("invalid")
    if data.get("state") != state:
        raise LinkRefused("used")
    return data["therapist"]
