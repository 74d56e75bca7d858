"""Review reminders: e-mail medical reviewers the articles whose next review is due soon or overdue."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from articles.models import ReviewReminder
from articles.review_dates import due_for_review
from articles.workflows import MEDICAL_REVIEWERS_GROUP

REMINDER_WINDOW_DAYS = 14


@dataclass
class ReminderRun:
    sent: int = 0
    already_sent: int = 0
    failed: int = 0
    articles: int = 0


def reviewers():
    return (
        get_user_model()
        .objects.filter(groups__name=MEDICAL_REVIEWERS_GROUP, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .distinct()
    )


def _admin_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_review_reminders(today: datetime.date, progress=lambda items: items, on_error=None) -> ReminderRun:
    """Send today's reminder to each reviewer who has not had it yet. Safe to run any number of times a day."""
    articles = list(due_for_review(within_days=REMINDER_WINDOW_DAYS, today=today))
    run = ReminderRun(articles=len(articles))
    if not articles:
        return run
    context = {
        "today": today,
        "window_days": REMINDER_WINDOW_DAYS,
        "report_url": _admin_url(reverse("articles_due_for_review")),
        "articles": [
            {
                "title": article.title,
                "next_review_due": article.next_review_due,
                "overdue": article.next_review_due < today,
                "edit_url": _admin_url(reverse("wagtailadmin_pages:edit", args=[article.pk])),
            }
            for article in articles
        ],
    }
    subject = f"{len(articles)} article{'s' if len(articles) != 1 else ''} due for medical review"
    already = set(ReviewReminder.objects.filter(sent_on=today).values_list("user_id", flat=True))
    for user in progress(list(reviewers())):
        if user.pk in already:
            run.already_sent += 1
            continue
        try:
            # The row is written first, inside the transaction: if sending fails it rolls back, and a
            # concurrent run for the same day hits the unique constraint instead of sending twice.
            with transaction.atomic():
                ReviewReminder.objects.create(user=user, sent_on=today, article_count=len(articles))
                body = render_to_string("articles/email/review_reminder.txt", {**context, "user": user})
                send_mail(subject, body, None, [user.email])
        except IntegrityError:
            run.already_sent += 1
        except OSError as exc:  # SMTP and socket errors
            run.failed += 1
            if on_error:
                on_error(user, exc)
        else:
            run.sent += 1
    return run
