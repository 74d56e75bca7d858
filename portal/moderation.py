"""Profiles go public only through Wagtail's moderation workflow.

A therapist's save is a revision (``save_revision``), never a publish; "submit for review" starts
the "Profile review" workflow (one GroupApprovalTask for Editors) that is assigned to the directory
index page, so it covers every TherapistPage. Editors approve or request changes in the admin,
where Wagtail compares revisions; approval publishes the latest revision.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowState, WorkflowTask

from directory.models import TherapistPage

PROFILE_WORKFLOW = "Profile review"
PROFILE_TASK = "Editors approve profile changes"
EDITORS_GROUP = "Editors"


@transaction.atomic
def ensure_profile_workflow(directory_index: Page) -> Workflow:
    """Assign "Profile review" to the directory index unless editors already assigned a workflow there."""
    assigned = WorkflowPage.objects.filter(page=directory_index).select_related("workflow").first()
    if assigned is not None:
        return assigned.workflow
    workflow, created = Workflow.objects.get_or_create(name=PROFILE_WORKFLOW)
    if created or not workflow.workflow_tasks.exists():
        task, _ = GroupApprovalTask.objects.get_or_create(name=PROFILE_TASK)
        task.groups.add(Group.objects.get_or_create(name=EDITORS_GROUP)[0])
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.create(page=directory_index, workflow=workflow)
    return workflow


class ProfileState:
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    PUBLISHED = "published"


STATE_LABELS = {
    ProfileState.DRAFT: "Draft — not yet submitted",
    ProfileState.IN_REVIEW: "In review by an editor",
    ProfileState.CHANGES_REQUESTED: "Changes requested",
    ProfileState.PUBLISHED: "Published",
}
# A live page is public only while its registration is verified and current (the listing rule); until
# then "Published" would send the therapist to a page that answers 404.
APPROVED_NOT_LISTED_LABEL = "Approved — public once your registration is verified"


@dataclass(frozen=True)
class ProfileStatus:
    state: str
    live: bool
    unpublished_changes: bool
    editor_comment: str = ""
    # Whether the public can see the page (the listing rule); None when the caller did not ask, to spare
    # the registration query on screens that only need the workflow state.
    listed: bool | None = None

    @property
    def label(self) -> str:
        if self.state == ProfileState.PUBLISHED and self.listed is False:
            return APPROVED_NOT_LISTED_LABEL
        return STATE_LABELS[self.state]

    @property
    def can_edit(self) -> bool:
        # While an editor reviews a revision, a new one would be published in its place unseen.
        return self.state != ProfileState.IN_REVIEW

    @property
    def can_submit(self) -> bool:
        return self.state == ProfileState.CHANGES_REQUESTED or (
            self.state in (ProfileState.DRAFT, ProfileState.PUBLISHED) and self.unpublished_changes
        )


def open_workflow_state(page: TherapistPage) -> WorkflowState | None:
    """The page's review that is still open: with an editor, or back with the therapist for changes."""
    return (
        WorkflowState.objects.for_instance(page)
        .filter(status__in=[WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES])
        .select_related("current_task_state")
        .first()
    )


def profile_status(page: TherapistPage, *, check_listing: bool = False) -> ProfileStatus:
    """Where the page is in moderation; with ``check_listing``, also whether the public can see it."""
    workflow_state = open_workflow_state(page)
    common = {
        "live": page.live,
        "unpublished_changes": page.has_unpublished_changes,
        "listed": page.is_listed if check_listing else None,
    }
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        comment = workflow_state.current_task_state.comment if workflow_state.current_task_state else ""
        return ProfileStatus(ProfileState.CHANGES_REQUESTED, editor_comment=comment, **common)
    if workflow_state is not None:
        return ProfileStatus(ProfileState.IN_REVIEW, **common)
    if page.live:
        return ProfileStatus(ProfileState.PUBLISHED, **common)
    return ProfileStatus(ProfileState.DRAFT, **common)


class NothingToSubmit(Exception):
    pass


@transaction.atomic
def submit_for_review(page: TherapistPage, user) -> WorkflowState:
    """Start (or, after "changes requested", resume) the page's workflow on its latest revision."""
    # The row lock a profile save takes: a save checking "not in review" waits for this to commit.
    TherapistPage.objects.select_for_update().only("pk").get(pk=page.pk)
    current = open_workflow_state(page)
    if current is not None and current.status == WorkflowState.STATUS_NEEDS_CHANGES:
        current.resume(user)
        return current
    if current is not None:
        raise NothingToSubmit("This profile is already with an editor.")
    if page.latest_revision_id is None:
        raise NothingToSubmit("Save your profile before submitting it.")
    ensure_profile_workflow(page.get_parent())
    workflow = page.get_workflow()
    return workflow.start(page, user)


@transaction.atomic
def withdraw_from_review(page: TherapistPage, user) -> None:
    """Take an in-review profile back to edit it (the workflow is cancelled, nothing published)."""
    current = WorkflowState.objects.for_instance(page).filter(status=WorkflowState.STATUS_IN_PROGRESS).first()
    if current is not None:
        current.cancel(user=user)
