"""django-axes: failed sign-ins are throttled per account and per IP address."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.portal.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def axes_on(settings):
    # Off for the rest of the suite (config/settings/test.py); on here, with a small limit.
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def attempt(client, email, password="wrong-password", ip="203.0.113.7"):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip)


def test_an_account_is_locked_after_the_limit_even_from_new_addresses(client, newcomer):
    assert attempt(client, "newcomer@example.org", ip="203.0.113.1").status_code == 200
    assert attempt(client, "newcomer@example.org", ip="203.0.113.2").status_code == 200
    # The third failure in a row is answered with the lockout page.
    assert attempt(client, "newcomer@example.org", ip="203.0.113.3").status_code == 429
    # The right password from yet another address is refused: the account itself is locked.
    response = attempt(client, "newcomer@example.org", PASSWORD, ip="198.51.100.9")
    assert response.status_code == 429
    assert b"Too many sign-in attempts" in response.content
    assert reverse("account_reset_password").encode() in response.content
    assert "_auth_user_id" not in client.session


def test_an_address_is_locked_after_the_limit_even_for_other_accounts(client, newcomer, therapist_a):
    for email in ("x1@example.org", "x2@example.org", "x3@example.org"):
        attempt(client, email)
    response = attempt(client, "ann@example.org", PASSWORD)
    assert response.status_code == 429
    # Another address can still sign in to that account.
    response = attempt(client, "ann@example.org", PASSWORD, ip="198.51.100.20")
    assert response.status_code == 302


def test_case_of_the_address_does_not_reset_the_count(client, newcomer):
    for email in ("newcomer@example.org", "NEWCOMER@example.org", "Newcomer@Example.org"):
        attempt(client, email, ip="192.0.2.1" if email.islower() else "192.0.2.2")
    assert AccessAttempt.objects.filter(username="newcomer@example.org").count() == 2
    assert attempt(client, "newcomer@example.org", PASSWORD, ip="192.0.2.99").status_code == 429


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
        reverse("wagtailadmin_login"), {"username": "editor", "password": PASSWORD}, REMOTE_ADDR="198.51.100.50"
    )
    assert response.status_code == 429


def test_forwarded_for_is_trusted_only_as_far_as_the_configured_proxies(rf, settings):
    from portal.accounts import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.4", REMOTE_ADDR="10.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.4"
