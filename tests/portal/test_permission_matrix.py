"""Who can do what in the portal: every role × every portal view and action, exact answers.

Nothing in a portal URL names a profile: each view works on the signed-in account's own page. So
"therapist B" is tested doing everything with therapist A's form data in hand — and A's profile
must come out of every cell untouched.
"""

from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import WorkflowState

from directory.models import TherapistPage
from portal.models import ProfileClaim
from tests.hostile.files import small_jpeg
from tests.portal.conftest import form_post_data

pytestmark = pytest.mark.django_db

LOGIN = "login"  # redirect to the sign-in page, with ?next=
VERIFY = "verify"  # redirect to the e-mail page, to confirm the address first
DASHBOARD = "dashboard"
EDIT = "edit"

ROLES = ["anonymous", "unverified", "therapist_a", "therapist_b", "newcomer", "editor", "medical_reviewer"]

# action: (method, url name, what is posted)
ACTIONS = {
    "view dashboard": ("get", "portal:dashboard", None),
    "open editor": ("get", "portal:profile_edit", None),
    "save profile": ("post", "portal:profile_edit", "a_form"),
    "upload photo": ("post", "portal:profile_edit", "a_form_with_photo"),
    "preview": ("get", "portal:profile_preview", None),
    "submit": ("post", "portal:profile_submit", {}),
    "withdraw": ("post", "portal:profile_withdraw", {}),
    "create profile": ("post", "portal:create_profile", "new_profile"),
    "claim listing": ("post", "portal:claim_profile", "claim_a"),
    "open delete": ("get", "portal:delete_account", None),
    "delete (wrong password)": ("post", "portal:delete_account", {"password": "wrong", "confirm": "on"}),
    "geocode": ("get", "portal:geocode", {"q": "Toronto", "country": "CA"}),
}

_outsiders = dict.fromkeys(ACTIONS, (302, LOGIN))
_unverified = dict.fromkeys(ACTIONS, (302, VERIFY))
_staff = dict.fromkeys(ACTIONS, (403, None))

EXPECTED = {
    "anonymous": _outsiders,
    "unverified": _unverified,
    "editor": _staff,
    "medical_reviewer": _staff,
    "therapist_a": {
        "view dashboard": (200, None),
        "open editor": (200, None),
        "save profile": (302, EDIT),
        "upload photo": (302, EDIT),
        "preview": (200, None),
        "submit": (302, DASHBOARD),
        "withdraw": (302, DASHBOARD),
        "create profile": (302, DASHBOARD),
        "claim listing": (302, DASHBOARD),
        "open delete": (200, None),
        "delete (wrong password)": (200, None),
        "geocode": (200, None),
    },
    # B holds A's form (A's revision id): the save is refused as stale, B's own profile untouched too.
    "therapist_b": {
        "view dashboard": (200, None),
        "open editor": (200, None),
        "save profile": (409, None),
        "upload photo": (409, None),
        "preview": (200, None),
        "submit": (302, DASHBOARD),
        "withdraw": (302, DASHBOARD),
        "create profile": (302, DASHBOARD),
        "claim listing": (302, DASHBOARD),
        "open delete": (200, None),
        "delete (wrong password)": (200, None),
        "geocode": (200, None),
    },
    "newcomer": {
        "view dashboard": (200, None),
        "open editor": (302, DASHBOARD),
        "save profile": (302, DASHBOARD),
        "upload photo": (302, DASHBOARD),
        "preview": (302, DASHBOARD),
        "submit": (302, DASHBOARD),
        "withdraw": (302, DASHBOARD),
        "create profile": (302, EDIT),
        # Stored and answered like any claim (the answer must not say the number exists and is
        # managed); only an editor decides, and approving is refused (tests/portal/test_get_listed.py).
        "claim listing": (302, DASHBOARD),
        "open delete": (200, None),
        "delete (wrong password)": (200, None),
        "geocode": (200, None),
    },
}


@pytest.fixture
def world(client, therapist_a, therapist_b, profile_a, profile_b, newcomer, unverified, editor, medical_reviewer):
    client.force_login(therapist_a)
    a_form = form_post_data(client.get(reverse("portal:profile_edit")).context["form"])
    a_form["title"] = "Changed by someone"
    client.logout()
    return {
        "users": {
            "anonymous": None,
            "unverified": unverified,
            "therapist_a": therapist_a,
            "therapist_b": therapist_b,
            "newcomer": newcomer,
            "editor": editor,
            "medical_reviewer": medical_reviewer,
        },
        "payloads": {
            "a_form": a_form,
            "a_form_with_photo": lambda: {
                **a_form,
                "photo_upload": SimpleUploadedFile("me.jpg", small_jpeg((40, 40)), content_type="image/jpeg"),
            },
            "new_profile": {
                "title": "New Person",
                "regulator": profile_a.registration.regulator_id,
                "registration_number": "NEW-9",
            },
            "claim_a": {"regulator": profile_a.registration.regulator_id, "registration_number": "A-1001"},
        },
        "a_revision": profile_a.latest_revision_id,
        "b_revision": profile_b.latest_revision_id,
    }


def expected_location(kind):
    return {
        VERIFY: reverse("account_email"),
        DASHBOARD: reverse("portal:dashboard"),
        EDIT: reverse("portal:profile_edit"),
    }[kind]


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, world, role, action, profile_a, profile_b):
    method, url_name, payload = ACTIONS[action]
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    if isinstance(payload, str):
        payload = world["payloads"][payload]
        payload = payload() if callable(payload) else payload
    url = reverse(url_name)

    response = getattr(client, method)(url, payload or {})

    status, location = EXPECTED[role][action]
    assert response.status_code == status, (role, action, response.status_code)
    if location == LOGIN:
        login_url, _, next_url = response.url.partition("?next=")
        assert (login_url, unquote(next_url).split("?")[0]) == (reverse("account_login"), url)
    elif location is not None:
        assert response.url == expected_location(location), (role, action, response.url)

    # Whatever anyone else did, therapist A's profile is exactly as it was.
    if role != "therapist_a":
        page_a = TherapistPage.objects.get(pk=profile_a.pk)
        assert page_a.latest_revision_id == world["a_revision"]
        assert page_a.owner_id == world["users"]["therapist_a"].pk
        assert not WorkflowState.objects.for_instance(page_a).exists()
        assert not ProfileClaim.objects.filter(therapist=page_a).exclude(status="pending").exists()
    # And nothing a therapist does in the portal publishes anything.
    assert TherapistPage.objects.get(pk=profile_a.pk).title == "Ann Archer"
    assert TherapistPage.objects.get(pk=profile_b.pk).title == "Bo Baker"


def test_editors_and_reviewers_get_a_pointer_to_the_admin(client, editor):
    client.force_login(editor)
    response = client.get(reverse("portal:dashboard"))
    assert response.status_code == 403
    assert reverse("wagtailadmin_home").encode() in response.content
