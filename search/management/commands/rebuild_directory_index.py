"""manage.py rebuild_directory_index — re-create the directory search index from the database.

Builds a new versioned index while the current one keeps serving, then swaps the alias in one
atomic step and deletes the old index; edits made meanwhile are re-applied after the swap. Safe
to run at any time, and to re-run. (Wagtail's own ``update_index`` rebuilds the editorial index
for articles and the admin; this one is the directory's.) On the database back end there is no
index to build, but the facet bitmaps are marked stale, which a bulk load's skipped signals need.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from directory.models import TherapistPage
from search.backends import get_backend


class Command(BaseCommand):
    help = "Rebuild the directory search index (engine back end) with no downtime."

    def handle(self, *args, **options):
        backend = get_backend()
        if backend.name == "database":
            count = backend.rebuild()
            self.stdout.write(
                f"SEARCH_ENGINE is 'database': {count} listed therapists are searched in the database; "
                "every process rebuilds its facet bitmaps on its next search."
            )
            return
        total = TherapistPage.objects.listed().count()
        show = options["verbosity"] > 0
        with tqdm(total=total, unit="therapist", disable=not show, file=self.stderr) as bar:
            try:
                count = backend.rebuild(progress=bar.update)
            except Exception as error:
                raise CommandError(f"Rebuild failed, the previous index is still serving: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} listed therapists into {backend.alias}."))
