"""Load the demo site: page tree, groups, users, then each app's demo content. Safe to re-run."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse

from demo import articles, home_page, listing_facts, portal, therapists, users
from home.site_tree import ensure_groups, ensure_site_tree
from search.backends.bitmaps import directory_changed


class Command(BaseCommand):
    help = "Create the demo site (idempotent: a second run changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--therapists",
            type=int,
            default=None,
            help=(
                "How many demo therapist profiles the directory should hold in all, a few of them hidden "
                "examples (default: 200; up to 100000 for benchmarks). Never deletes any."
            ),
        )

        parser.add_argument(
            "--site-url",
            default=None,
            help="Where the site is served, for the admin link printed at the end (default: the SITE_URL setting).",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        with transaction.atomic():
            tree = ensure_site_tree()
            ensure_groups(tree)
            demo_users = users.ensure_users()
        self.stdout.write(f"Site tree, groups and demo users ready ({time.monotonic() - started:.1f} s).")

        articles.load(self.stdout)
        home_page.ensure_featured_articles(tree)
        therapists.load(options["therapists"], self.stdout)
        listing_facts.load(self.stdout)  # fresh and stale availability, restrictions, holidays
        portal.load(self.stdout)
        # Bulk inserts send no signals: a running site's directory search must still see them.
        directory_changed()

        self.stdout.write(self.style.SUCCESS(f"Demo content loaded in {time.monotonic() - started:.1f} s."))
        site_url = (options["site_url"] or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
        self.stdout.write(f"Admin: {site_url}{reverse('wagtailadmin_home')}")
        if settings.DEBUG:
            # Demo passwords are printed only in development, never from production settings.
            for user in demo_users:
                self.stdout.write(f"  {user.username:<10} password: {user.password:<18} ({user.group or 'superuser'})")
