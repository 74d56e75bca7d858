"""Which articles are due for medical review: the rule the admin report and the reminder e-mails share."""

import datetime

from articles.models import ArticlePage

# How far ahead the report looks for reviews coming due (the reminder e-mails look less far).
DUE_SOON_DAYS = 30


def due_for_review(within_days: int = DUE_SOON_DAYS, today: datetime.date | None = None):
    """Articles (draft or live) whose next review falls on or before today + within_days; oldest first."""
    today = today or datetime.date.today()
    return (
        ArticlePage.objects.filter(next_review_due__lte=today + datetime.timedelta(days=within_days))
        .select_related("medical_reviewer")
        .order_by("next_review_due", "pk")
    )
