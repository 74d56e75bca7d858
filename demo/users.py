"""The demo accounts: one user per role, with public passwords that exist only on demo databases."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from home.site_tree import EDITORS, MEDICAL_REVIEWERS, THERAPISTS


@dataclass(frozen=True)
class DemoUser:
    username: str
    email: str
    password: str
    group: str | None
    is_superuser: bool = False


# Demo passwords are public by design: they exist only on demo databases.
DEMO_USERS = [
    DemoUser("admin", "admin@relieve.example", "relieve-admin", None, is_superuser=True),
    DemoUser("editor", "editor@relieve.example", "relieve-editor", EDITORS),
    DemoUser("reviewer", "reviewer@relieve.example", "relieve-reviewer", MEDICAL_REVIEWERS),
    DemoUser("therapist", "therapist@relieve.example", "relieve-therapist", THERAPISTS),
]
DEMO_THERAPIST_USERNAME = "therapist"


def ensure_users() -> list[DemoUser]:
    """Create the demo accounts that are missing; never reset a password someone changed."""
    User = get_user_model()
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={"email": spec.email, "is_staff": spec.is_superuser, "is_superuser": spec.is_superuser},
        )
        if created:
            user.set_password(spec.password)
            user.save(update_fields=["password"])
        if spec.group:
            user.groups.add(Group.objects.get(name=spec.group))
    return DEMO_USERS
