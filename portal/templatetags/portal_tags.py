"""Small template helpers for the portal's pages."""

import datetime

from django import template

from portal.accounts import person_name

register = template.Library()


@register.filter
def in_minutes(value: datetime.timedelta | None) -> str:
    """ "30 minutes" / "1 minute" for a timedelta (the lockout page's cool-off)."""
    if not value:
        return ""
    minutes = max(1, round(value.total_seconds() / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


@register.filter
def greeting_name(user) -> str:
    """The name an e-mail greets this account by ("" when it has none: the e-mail says "Hello,")."""
    return person_name(user) if user is not None and getattr(user, "pk", None) else ""
