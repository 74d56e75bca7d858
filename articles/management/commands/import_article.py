"""manage.py import_article FILE [FILE …]: Markdown or plain text → draft articles awaiting review."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from articles.importing import ImportRefused, import_file
from articles.models import ArticleIndexPage


class Command(BaseCommand):
    help = (
        "Import plain-text or Markdown files as draft articles (first line: the title; '#' lines: headings). "
        "Never publishes. Re-importing a title updates its draft."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")

    def handle(self, *args, files, **options):
        index = ArticleIndexPage.objects.first()
        if index is None:
            raise CommandError("There is no article index page to import into; run 'manage.py load_demo' first.")
        failures = 0
        for path in files:
            try:
                page, created = import_file(path, index)
            except ImportRefused as exc:
                failures += 1
                self.stderr.write(f"{path}: {exc}")
                continue
            except ValidationError as exc:
                failures += 1
                reasons = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
                self.stderr.write(f"{path}: not imported ({reasons})")
                continue
            verb = "Created" if created else "Updated"
            self.stdout.write(f"{verb} draft '{page.title}' from {path} (awaiting medical review).")
        if failures:
            raise CommandError(f"{failures} of {len(files)} file(s) were not imported; nothing was written for them.")
