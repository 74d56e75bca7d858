"""Claiming a listing reveals nothing: not an unlisted therapist's name, not which numbers exist.

Every claim gets the same answer ("we'll check and e-mail you"), the same dashboard and the same
redirect, whatever the number matched; only the editor, in the admin, sees what it matched.
Attempts are limited per account and per client address, so numbers cannot be walked.
"""

import pytest
from django.urls import reverse

from portal.models import ProfileClaim
from tests.portal.conftest import make_account, make_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def suspended_listing(site_tree, editor, regulator):
    """Entered by an editor, live, but its registration is suspended: its public page is a 404."""
    return make_profile(site_tree.directory, editor, title="Nadia Novak", number="D000216", status="suspended")


@pytest.fixture
def unowned_listing(site_tree, editor, regulator):
    return make_profile(site_tree.directory, editor, title="Cy Carter", number="C-3003")


def claim(client, regulator, number, address="127.0.0.1"):
    return client.post(
        reverse("portal:claim_profile"),
        {"regulator": regulator.pk, "registration_number": number},
        REMOTE_ADDR=address,
    )


def visible_answer(client, response) -> str:
    """Everything the claimant sees after posting: the response and, after a redirect, the page it leads to."""
    text = response.content.decode()
    if response.status_code == 302:
        text += client.get(response.url).content.decode()
    return text


def test_a_claim_on_an_unlisted_profile_does_not_name_it(client, newcomer, suspended_listing, regulator):
    assert client.get(f"/therapists/{suspended_listing.slug}/").status_code == 404
    client.force_login(newcomer)
    response = claim(client, regulator, "d000216")
    assert "Nadia Novak" not in visible_answer(client, response)
    assert "Nadia Novak" not in client.get(reverse("portal:dashboard")).content.decode()


@pytest.mark.parametrize("outcome", ["unknown", "unowned", "managed by another therapist", "unlisted"])
def test_every_claim_gets_the_same_answer(
    client, outcome, newcomer, regulator, unowned_listing, suspended_listing, profile_a
):
    number = {
        "unknown": "ZZZ-999",
        "unowned": "C-3003",
        "managed by another therapist": "A-1001",
        "unlisted": "D000216",
    }[outcome]
    client.force_login(newcomer)
    response = claim(client, regulator, number)
    assert (response.status_code, response.url) == (302, reverse("portal:dashboard"))
    dashboard = client.get(reverse("portal:dashboard")).content.decode()
    assert "Your claim is waiting for an editor" in dashboard
    assert number in dashboard
    for title in ("Cy Carter", "Ann Archer", "Nadia Novak"):
        assert title not in dashboard
    # Stored whatever it matched: the editor answers every claim, so the answer can be the same.
    assert ProfileClaim.objects.filter(user=newcomer, registration_number=number).exists()


def test_the_editor_sees_what_a_claim_matched_and_cannot_approve_an_unknown_number(client, newcomer, editor, regulator):
    client.force_login(newcomer)
    claim(client, regulator, "ZZZ-999")
    stored = ProfileClaim.objects.get(user=newcomer)
    assert stored.therapist is None and stored.regulator == regulator
    client.force_login(editor)
    assert "No listing has this number" in client.get(reverse("profile_claims:index")).content.decode()
    response = client.post(reverse("profile_claims:edit", args=[stored.pk]), {"status": "approved"})
    assert response.status_code == 200
    assert b"No listing has this number" in response.content
    stored.refresh_from_db()
    assert stored.is_pending


def test_claims_are_limited_per_account(client, settings, regulator, groups):
    settings.PORTAL_LISTING_ATTEMPT_LIMIT = (3, 3600)
    account = make_account("walker@example.org")
    client.force_login(account)
    for n in range(3):
        response = claim(client, regulator, f"N-{n}")
        assert response.status_code == 302
        # Withdrawn, or decided: either way the account may claim again, within the limit.
        ProfileClaim.objects.filter(user=account).update(status="rejected")
    response = claim(client, regulator, "N-4")
    assert response.status_code == 429
    assert b"try again" in response.content
    assert not ProfileClaim.objects.filter(registration_number="N-4").exists()


def test_claims_are_limited_per_client_address(client, settings, regulator, groups):
    settings.PORTAL_LISTING_ATTEMPT_LIMIT = (3, 3600)
    for n in range(3):
        client.force_login(make_account(f"walker{n}@example.org"))
        assert claim(client, regulator, f"N-{n}", address="203.0.113.7").status_code == 302
    client.force_login(make_account("walker9@example.org"))
    assert claim(client, regulator, "N-9", address="203.0.113.7").status_code == 429
    # Another address is not held back by this one.
    assert claim(client, regulator, "N-9", address="203.0.113.8").status_code == 302


def test_creating_a_profile_counts_against_the_same_limit(client, settings, regulator, groups):
    """ "This number is already in the directory" answers the same question, so it shares the budget."""
    settings.PORTAL_LISTING_ATTEMPT_LIMIT = (2, 3600)
    client.force_login(make_account("walker@example.org"))
    data = {"title": "W", "regulator": regulator.pk}
    for _ in range(2):
        client.post(reverse("portal:create_profile"), {**data, "registration_number": ""})
    response = client.post(reverse("portal:create_profile"), {**data, "registration_number": "N-1"})
    assert response.status_code == 429
