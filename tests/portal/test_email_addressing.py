"""Every e-mail to an account greets the person by name (never the generated username) and links to
the configured site address (SITE_URL, read as WAGTAILADMIN_BASE_URL), whatever host the request
that caused it came in on: here the site is https://relieve.example and requests arrive at the
internal address 127.0.0.1:8000, as behind a proxy that does not pass the public host on."""

import re
from types import SimpleNamespace

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import WorkflowState

from portal.notifications import send_to_therapist
from tests.portal.conftest import PASSWORD, make_account

pytestmark = pytest.mark.django_db

SITE = "https://relieve.example"
INTERNAL = "127.0.0.1:8000"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.WAGTAILADMIN_BASE_URL = SITE


def links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def assert_addressed(message, *, greeting: str, username: str = "") -> None:
    """Greets as ``greeting`` says, links only to the site, names neither the account nor a host."""
    body = message.body
    assert body.startswith(f"{greeting}\n"), body[:80]
    assert links(body), body
    assert all(link.startswith(f"{SITE}/") for link in links(body)), links(body)
    assert "127.0.0.1" not in body and "testserver" not in body
    if username:  # as a word of its own: "ann" of "ann@example.org" is the address, rightly shown
        assert not re.search(rf"(?<![\w.@]){re.escape(username)}(?![\w@])", body)


@pytest.fixture
def named(therapist_a, profile_a):
    therapist_a.first_name, therapist_a.last_name = "Ann", "Archer-Smith"
    therapist_a.save()
    return therapist_a


def test_the_sign_up_confirmation_links_to_the_site(client, groups):
    client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
        HTTP_HOST=INTERNAL,
    )
    (message,) = mail.outbox
    assert_addressed(message, greeting="Hello,", username="new")  # a new account has no name yet
    assert f"open this link:\n{SITE}/accounts/confirm-email/" in message.body
    assert "an account on Relieve." in message.body  # the site's name, not the host the request used


def test_the_password_reset_greets_by_name_and_links_to_the_site(client, named):
    client.post(reverse("account_reset_password"), {"email": named.email}, HTTP_HOST=INTERNAL)
    (message,) = mail.outbox
    assert_addressed(message, greeting="Hello Ann Archer-Smith,", username=named.get_username())
    assert f"{SITE}/accounts/password/reset/key/" in message.body


def test_signing_up_again_with_a_known_address_links_to_the_site(client, named):
    client.post(
        reverse("account_signup"),
        {"email": named.email, "password1": PASSWORD, "password2": PASSWORD},
        HTTP_HOST=INTERNAL,
    )
    (message,) = mail.outbox
    assert_addressed(message, greeting="Hello Ann Archer-Smith,", username=named.get_username())
    assert f"{SITE}/accounts/password/reset/" in message.body


def test_a_password_reset_for_an_unknown_address_links_to_the_site(client, groups):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"}, HTTP_HOST=INTERNAL)
    (message,) = mail.outbox
    assert_addressed(message, greeting="Hello,")
    assert f"{SITE}/accounts/signup/" in message.body


@pytest.mark.parametrize(
    "template", ["claim_approved", "claim_rejected", "profile_approved", "profile_changes_requested"]
)
def test_decisions_on_claims_and_profiles_greet_by_name_and_link_to_the_site(
    named, profile_a, template, django_capture_on_commit_callbacks
):
    claim = SimpleNamespace(registration_number="A-1001", decision_note="")
    with django_capture_on_commit_callbacks(execute=True):
        send_to_therapist(named, template, {"page": profile_a, "claim": claim, "comment": "Add your hours."})
    (message,) = mail.outbox
    assert_addressed(message, greeting="Hello Ann Archer-Smith,", username=named.get_username())
    assert f"{SITE}/portal/" in message.body


def test_wagtails_moderation_e_mails_greet_editors_by_name(
    client, therapist_a, profile_a, profile_form_data, django_capture_on_commit_callbacks, settings
):
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True  # both of Wagtail's templates, text and HTML
    editor = make_account("editor@example.org", groups=("Editors",))
    editor.first_name, editor.last_name = "Eve", "Editor"
    editor.save()
    unnamed = make_account("second.editor@example.org", groups=("Editors",))
    client.force_login(therapist_a)
    data = profile_form_data()
    data["title"] = "Ann Archer"
    client.post(reverse("portal:profile_edit"), data)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:profile_submit"))
    assert WorkflowState.objects.filter(status="in_progress").exists()
    to_eve = [m for m in mail.outbox if m.to == [editor.email]]
    to_unnamed = [m for m in mail.outbox if m.to == [unnamed.email]]
    assert to_eve and to_unnamed
    assert_addressed(to_eve[0], greeting="Hello Eve Editor,", username=editor.get_username())
    assert_addressed(to_unnamed[0], greeting="Hello,", username=unnamed.get_username())
    html = next(body for body, kind in to_eve[0].alternatives if kind == "text/html")
    assert "Hello Eve Editor," in html and editor.get_username() not in html
