"""Remove therapists' portal photos that no profile uses. Safe to run repeatedly (e.g. daily)."""

import datetime

from django.core.management.base import BaseCommand

from portal.photo_storage import remove_unused_photos, unused_portal_photos


class Command(BaseCommand):
    help = (
        "Delete photos uploaded through the portal that neither a live profile nor its latest draft "
        "uses (left by forms that were never saved, or replaced since). Never touches the editors' library."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=int, default=24, help="Only photos uploaded more than N hours ago (default 24)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Count them, delete nothing.")

    def handle(self, *args, hours: int, dry_run: bool, **options):
        older_than = datetime.timedelta(hours=hours)
        if dry_run:
            count = len(unused_portal_photos(older_than=older_than))
            self.stdout.write(f"{count} unused photo(s) would be removed.")
            return
        removed = remove_unused_photos(older_than=older_than)
        self.stdout.write(f"{removed} unused photo(s) removed.")
