"""Demo set-up for the portal: the demo therapist can sign in on the site, and profile changes
have their review workflow. Idempotent, like every app's demo loader."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from demo.users import DEMO_THERAPIST_USERNAME
from directory.models import DirectoryIndexPage
from portal.moderation import ensure_profile_workflow


def load(stdout=None) -> None:
    index = DirectoryIndexPage.objects.first()
    if index is not None:
        ensure_profile_workflow(index)
    user = get_user_model().objects.filter(username=DEMO_THERAPIST_USERNAME).first()
    if user is not None and user.email:
        # Demo accounts are created directly, not through sign-up: mark their address as confirmed.
        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    if stdout is not None:
        stdout.write("Portal ready: 'Profile review' workflow on the directory; demo therapist signs in by e-mail.")
