"""The editorial workflow: every article passes a medical review before it is published.

Wagtail stores workflows as data, so this module creates them idempotently; `articles.demo`
calls it, and a production site runs the same call once (see README).
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

from articles.models import MedicalReviewTask

MEDICAL_REVIEW = "Medical review"
MEDICAL_REVIEWERS_GROUP = "Medical reviewers"


def ensure_medical_review_workflow(articles_index: Page, reviewers: Group | None = None) -> Workflow:
    """Create the 'Medical review' workflow (one group-approval task) and assign it to the articles index.

    Assigning it to the index makes every article below it, existing or future, use it.
    """
    reviewers = reviewers or Group.objects.get_or_create(name=MEDICAL_REVIEWERS_GROUP)[0]
    task = MedicalReviewTask.objects.filter(name=MEDICAL_REVIEW).first()
    if task is None:
        task = MedicalReviewTask.objects.create(name=MEDICAL_REVIEW)
    task.groups.add(reviewers)
    workflow, _ = Workflow.objects.get_or_create(name=MEDICAL_REVIEW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # The workflow is ours by name and has exactly this one step (an older setup may have left another).
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowPage.objects.update_or_create(page=articles_index, defaults={"workflow": workflow})
    # Approving the last task publishes the page as the approving reviewer, so reviewers need
    # publish rights on articles (and only there).
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=reviewers,
            page=articles_index,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    return workflow
