"""manage.py ensure_review_workflow: create the 'Medical review' workflow and assign it to the articles index."""

from django.core.management.base import BaseCommand, CommandError

from articles.models import ArticleIndexPage
from articles.workflows import MEDICAL_REVIEW, MEDICAL_REVIEWERS_GROUP, ensure_medical_review_workflow


class Command(BaseCommand):
    help = (
        f"Create the '{MEDICAL_REVIEW}' workflow (a group-approval task for '{MEDICAL_REVIEWERS_GROUP}') and assign "
        "it to the article index page. Safe to re-run; load_demo does this for the demo site."
    )

    def handle(self, *args, **options):
        index = ArticleIndexPage.objects.first()
        if index is None:
            raise CommandError("There is no article index page yet; create one in the admin, then run this again.")
        workflow = ensure_medical_review_workflow(index)
        self.stdout.write(f"'{workflow.name}' workflow assigned to '{index.title}' and every article below it.")
