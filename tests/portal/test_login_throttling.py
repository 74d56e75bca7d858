"""django-axes: failed sign-ins are throttled per account *and* address together (tests/security has the attacks)."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.portal.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def axes_on(settings):
    # Off for the rest of the suite (config/settings/test.py); on here, with a small limit.
    settings.AXES_ENABLED = True
    settings.LOGIN_FAILURE_LIMIT = 3


def attempt(client, email, password="wrong-password", ip="203.0.113.7"):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip)


def test_an_account_is_locked_from_an_address_after_the_limit(client, newcomer):
    assert attempt(client, "newcomer@example.org").status_code == 200
    assert attempt(client, "newcomer@example.org").status_code == 200
    # The third failure in a row is answered with the lockout page.
    assert attempt(client, "newcomer@example.org").status_code == 429
    # The right password from that address is refused: the pair is locked.
    response = attempt(client, "newcomer@example.org", PASSWORD)
    assert response.status_code == 429
    assert b"Too many sign-in attempts" in response.content
    assert reverse("account_reset_password").encode() in response.content
    assert "_auth_user_id" not in client.session
    # From another address the owner signs in.
    assert attempt(client, "newcomer@example.org", PASSWORD, ip="198.51.100.9").status_code == 302


def test_case_of_the_address_does_not_reset_the_count(client, newcomer):
    for email in ("newcomer@example.org", "NEWCOMER@example.org", "Newcomer@Example.org"):
        attempt(client, email)
    assert AccessAttempt.objects.filter(username="newcomer@example.org").count() == 1
    assert attempt(client, "newcomer@example.org", PASSWORD).status_code == 429


def test_a_success_below_the_limit_resets_the_count(client, newcomer):
    attempt(client, "newcomer@example.org")
    attempt(client, "newcomer@example.org")
    assert attempt(client, "newcomer@example.org", PASSWORD).status_code == 302
    client.logout()
    attempt(client, "newcomer@example.org")
    attempt(client, "newcomer@example.org")
    assert attempt(client, "newcomer@example.org", PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(client, editor):
    for _ in range(3):
        client.post(
            reverse("wagtailadmin_login"), {"username": "editor", "password": "nope"}, REMOTE_ADDR="203.0.113.50"
        )
    response = client.post(
        reverse("wagtailadmin_login"), {"username": "editor", "password": PASSWORD}, REMOTE_ADDR="203.0.113.50"
    )
    assert response.status_code == 429


def test_forwarded_for_is_trusted_only_as_far_as_the_configured_proxies(rf, settings):
    from portal.accounts import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.4", REMOTE_ADDR="10.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.4"
