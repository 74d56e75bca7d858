"""The directory's lists for the dashboard's "Needs your attention" panel: profiles waiting for an editor's
review, and verified registrations about to expire."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState

from articles.admin.attention import DASHBOARD_ENTRIES, AttentionEntry, AttentionList
from articles.admin.columns import days_from_today
from directory.admin.registrations import EXPIRY_WARNING_DAYS, expiring_registrations
from directory.models import TherapistPage


def profiles_awaiting_review(request) -> AttentionList | None:
    """Profile changes in the review workflow whose current task this user may approve."""
    states = (
        TaskState.objects.reviewable_by(request.user)
        .filter(workflow_state__content_type=ContentType.objects.get_for_model(TherapistPage))
        .select_related("workflow_state")
        .order_by("started_at")
    )
    if not states.exists() and not request.user.has_perm("directory.change_registration"):
        return None
    count = states.count()
    entries = []
    pages = TherapistPage.objects.in_bulk([int(state.workflow_state.object_id) for state in states[:DASHBOARD_ENTRIES]])
    for state in states[:DASHBOARD_ENTRIES]:
        page = pages.get(int(state.workflow_state.object_id))
        if page is not None:
            entries.append(
                AttentionEntry(
                    page.title,
                    reverse("wagtailadmin_pages:edit", args=[page.pk]),
                    f"submitted {days_from_today(timezone.localdate(state.started_at))}",
                )
            )
    return AttentionList(
        title="Profiles awaiting review",
        count=count,
        entries=entries,
        see_all_url=reverse("wagtailadmin_reports:workflow_tasks") + "?status=in_progress",
        empty_message="No profile is waiting for review.",
        order=20,
    )


def registrations_expiring_soon(request) -> AttentionList | None:
    if not request.user.has_perm("directory.change_registration"):
        return None
    expiring = expiring_registrations()
    entries = [
        AttentionEntry(
            registration.therapist.title,
            reverse("registrations:edit", args=[registration.pk]),
            f"{registration.regulator.name} registration expires {registration.expires_on:%-d %b %Y} "
            f"({days_from_today(registration.expires_on)})",
        )
        for registration in expiring[:DASHBOARD_ENTRIES]
    ]
    return AttentionList(
        title=f"Registrations expiring within {EXPIRY_WARNING_DAYS} days",
        count=expiring.count(),
        entries=entries,
        see_all_url=reverse("expiring_registrations"),
        empty_message=f"No verified registration expires in the next {EXPIRY_WARNING_DAYS} days.",
        order=30,
    )
