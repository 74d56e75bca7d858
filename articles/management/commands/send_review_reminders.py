"""manage.py send_review_reminders: the daily e-mail to medical reviewers about articles due for review."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles.reminders import REMINDER_WINDOW_DAYS, send_review_reminders


class Command(BaseCommand):
    help = (
        f"E-mail each medical reviewer the articles due for review within {REMINDER_WINDOW_DAYS} days or overdue. "
        "Run daily; a second run on the same day sends nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            default=None,
            help="Treat this day (YYYY-MM-DD) as today; default: today.",
        )

    def handle(self, *args, date=None, **options):
        today = date or datetime.date.today()
        run = send_review_reminders(
            today,
            progress=lambda users: tqdm(users, desc="Reviewers", unit="e-mail", disable=not self.stdout.isatty()),
            on_error=lambda user, exc: self.stderr.write(f"{user.email}: not sent ({exc})"),
        )
        if not run.articles:
            self.stdout.write(f"No article is due for review within {REMINDER_WINDOW_DAYS} days; nothing sent.")
            return
        self.stdout.write(
            f"{run.articles} article(s) due: {run.sent} reminder(s) sent, "
            f"{run.already_sent} already sent today, {run.failed} failed."
        )
        if run.failed:
            raise CommandError(f"{run.failed} reminder(s) could not be sent; run the command again to retry them.")
