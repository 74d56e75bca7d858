"""E-mails to therapists when an editor decides on their profile or their claim.

Wagtail's own moderation e-mails are written for admin users (they link into the admin), so the
portal switches them off for a therapist when they first submit, and sends its own plain ones,
after the decision is committed.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.signals import workflow_approved, workflow_rejected
from wagtail.users.models import UserProfile

from directory.models import TherapistPage
from directory.single_line import header_text
from portal.accounts import person_name


def silence_admin_notifications(user) -> None:
    UserProfile.objects.update_or_create(
        user=user,
        defaults={"submitted_notifications": False, "approved_notifications": False, "rejected_notifications": False},
    )


def portal_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("portal:dashboard")


def send_to_therapist(user, template: str, context: dict) -> None:
    if not user or not user.email:
        return
    context = {**context, "user": user, "name": person_name(user), "portal_url": portal_url()}
    # Templates may name the page, whose title an editor typed: flattened for the header.
    subject = header_text(render_to_string(f"portal/email/{template}_subject.txt", context))
    body = render_to_string(f"portal/email/{template}_message.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))


def _therapist_page(workflow_state) -> TherapistPage | None:
    page = workflow_state.content_object
    specific = getattr(page, "specific", page)
    return specific if isinstance(specific, TherapistPage) else None


@receiver(workflow_approved)
def profile_approved(sender, instance, user=None, **kwargs):
    page = _therapist_page(instance)
    if page is None or page.owner is None or page.owner == user:
        return
    send_to_therapist(page.owner, "profile_approved", {"page": page})


@receiver(workflow_rejected)
def profile_changes_requested(sender, instance, user=None, **kwargs):
    page = _therapist_page(instance)
    if page is None or page.owner is None or page.owner == user:
        return
    task_state = instance.current_task_state
    comment = task_state.specific.get_comment() if task_state else ""
    send_to_therapist(page.owner, "profile_changes_requested", {"page": page, "comment": comment})


def claim_decided(claim) -> None:
    send_to_therapist(claim.user, f"claim_{claim.status}", {"claim": claim, "page": claim.therapist})
