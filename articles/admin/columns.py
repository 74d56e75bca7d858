"""Admin table columns shared by every app's lists and reports (articles is the lowest layer, so all may import it).

Wagtail's ``DateColumn`` renders with ``human_readable_date``, which is made for timestamps in the
past: any future date reads "Just now". Expiry and review dates are calendar days, mostly in the
future, so they are shown as the date itself, with relative wording when it is near enough to help.
"""

import datetime

from django.utils import timezone
from wagtail.admin.ui.tables import Column

# Beyond this many days either way, "in 214 days" is less useful than the date it sits beside.
RELATIVE_WORDING_DAYS = 60


def days_from_today(day: datetime.date, today: datetime.date | None = None) -> str:
    """Plain wording for how far ``day`` is from today: "today", "tomorrow", "in 12 days", "3 days ago"."""
    today = today or timezone.localdate()
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


def relative_wording(day: datetime.date, today: datetime.date | None = None) -> str:
    """``days_from_today`` when the day is within RELATIVE_WORDING_DAYS, otherwise "" (the date says enough)."""
    today = today or timezone.localdate()
    return days_from_today(day, today) if abs((day - today).days) <= RELATIVE_WORDING_DAYS else ""


class CalendarDateColumn(Column):
    """A calendar date ("4 Jan 2028"), with "in 12 days" / "3 days ago" when it is near today."""

    cell_template_name = "includes/admin/calendar_date_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        day = context["raw_value"]
        if isinstance(day, datetime.datetime):
            day = timezone.localdate(day)
        context["day"] = day if isinstance(day, datetime.date) else None
        context["relative"] = relative_wording(day) if context["day"] else ""
        return context
