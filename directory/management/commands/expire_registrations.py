"""Lapse verified registrations whose expiry date has passed. Safe to run daily (cron or a task)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from directory.models import Registration


class Command(BaseCommand):
    help = "Turn verified registrations past their expiry date into lapsed ones (which unlists them). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list what would lapse.")

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        expired = (
            Registration.objects.filter(status=Registration.Status.VERIFIED, expires_on__lt=today)
            .select_related("therapist", "regulator")
            .order_by("expires_on", "pk")
        )
        count = expired.count()
        if dry_run:
            for registration in expired:
                self.stdout.write(
                    f"Would lapse: {registration.therapist.title} — {registration} (expired {registration.expires_on})"
                )
            self.stdout.write(f"{count} registration(s) would lapse. Dry run: nothing changed.")
            return
        for registration in tqdm(expired.iterator(), total=count, desc="Lapsing", unit="reg", disable=None):
            # One transaction per registration: a failure part-way keeps the ones already done.
            with transaction.atomic():
                registration.change_status(
                    Registration.Status.LAPSED,
                    user=None,
                    note=f"Expired on {registration.expires_on:%Y-%m-%d}; lapsed automatically.",
                )
        self.stdout.write(self.style.SUCCESS(f"{count} expired registration(s) lapsed."))
