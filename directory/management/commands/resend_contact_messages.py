"""Retry e-mailing contact messages that could not be delivered. Safe to run repeatedly (e.g. hourly)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone
from tqdm import tqdm

from directory.contact import deliver
from directory.models import ContactMessage


class Command(BaseCommand):
    help = "E-mail stored contact messages whose delivery failed or never happened. Sent ones are never resent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=14,
            help="Only messages from the last N days (default 14): older ones are stale.",
        )

    def handle(self, *args, days: int, **options):
        since = timezone.now() - datetime.timedelta(days=days)
        undelivered = ContactMessage.objects.filter(
            delivery__in=[ContactMessage.Delivery.FAILED, ContactMessage.Delivery.PENDING],
            created_at__gte=since,
        ).select_related("therapist")
        total = undelivered.count()
        sent = sum(deliver(message) for message in tqdm(undelivered, total=total, desc="Resending", disable=None))
        still_failing = total - sent
        self.stdout.write(f"{sent} of {total} undelivered message(s) sent; {still_failing} still undelivered.")
