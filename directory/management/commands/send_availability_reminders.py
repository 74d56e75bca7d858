"""E-mail therapists whose "accepting new clients" is about to stop counting. Safe to run daily."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from tqdm import tqdm

from directory.reminders import DEFAULT_WARNING_DAYS, due_for_reminder, recipient, send_reminder


class Command(BaseCommand):
    help = (
        "E-mail listed therapists whose availability confirmation is stale or goes stale within --days, "
        "with a one-click signed confirmation link. Idempotent: at most one reminder per staleness window."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_WARNING_DAYS,
            help=f"Remind those going stale within this many days (default {DEFAULT_WARNING_DAYS}).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only list who would be e-mailed.")

    def handle(self, *args, days=DEFAULT_WARNING_DAYS, dry_run=False, **options):
        if days < 0:
            self.stderr.write("--days must be 0 or more.")
            raise SystemExit(2)
        today = timezone.localdate()
        due = due_for_reminder(today, days)
        count = due.count()
        if dry_run:
            for page in due:
                self.stdout.write(f"Would remind: {page.title} <{recipient(page) or 'no address'}>")
            self.stdout.write(f"{count} therapist(s) would be reminded. Dry run: nothing sent.")
            return
        sent = skipped = failed = 0
        for page in tqdm(due.iterator(), total=count, desc="Reminding", unit="therapist", disable=None):
            if not recipient(page):
                skipped += 1
                self.stderr.write(f"No e-mail address for {page.title} (id {page.pk}); not reminded.")
            elif send_reminder(page, today):
                sent += 1
            else:
                failed += 1
        message = f"{sent} reminder(s) sent, {skipped} without an address, {failed} failed (retried next run)."
        self.stdout.write(self.style.SUCCESS(message) if not failed else self.style.WARNING(message))
