"""Nobody can lock a known account out by failing to sign in to it, the superuser included.

With axes locking the account and the address separately, five wrong passwords for "admin" from
five addresses locked "admin" for everyone, and five failures from 127.0.0.1 blocked every sign-in
from it. Now the combination of account and address is locked; the account alone is only slowed:
once it has failed too often, each further failing address gets one guess per cool-off.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.portal.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.LOGIN_FAILURE_LIMIT = 5


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.org", PASSWORD)


def admin_login(client, password, ip):
    return client.post(reverse("wagtailadmin_login"), {"username": "admin", "password": password}, REMOTE_ADDR=ip)


def portal_login(client, email, password, ip):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip)


def test_failures_from_many_addresses_do_not_lock_the_superuser_out(client, superuser):
    for n in range(1, 11):
        admin_login(client, "guess", f"203.0.113.{n}")
    response = admin_login(client, PASSWORD, "198.51.100.1")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(superuser.pk)


def test_failures_from_many_addresses_do_not_lock_a_therapist_out(client, newcomer):
    for n in range(1, 11):
        portal_login(client, "newcomer@example.org", "guess", f"203.0.113.{n}")
    assert portal_login(client, "newcomer@example.org", PASSWORD, "198.51.100.1").status_code == 302


def test_failures_for_other_accounts_do_not_block_an_address(client, newcomer):
    """One address (a shared office, or 127.0.0.1 in development) mistyping other accounts."""
    for n in range(10):
        portal_login(client, f"someone{n}@example.org", "guess", "127.0.0.1")
    assert portal_login(client, "newcomer@example.org", PASSWORD, "127.0.0.1").status_code == 302


def test_the_account_and_address_together_are_locked(client, superuser):
    for _ in range(5):
        admin_login(client, "guess", "203.0.113.9")
    # The attacker's address is locked for this account, even with the right password...
    assert admin_login(client, PASSWORD, "203.0.113.9").status_code == 429
    # ...the owner's is not.
    assert admin_login(client, PASSWORD, "198.51.100.1").status_code == 302


def test_an_account_under_attack_gives_each_address_one_guess(client, superuser):
    for n in range(1, 6):
        admin_login(client, "guess", f"203.0.113.{n}")
    # Past the limit across addresses: a new address is locked after a single failure.
    assert admin_login(client, "guess", "203.0.113.50").status_code in (200, 429)
    assert admin_login(client, PASSWORD, "203.0.113.50").status_code == 429
    assert admin_login(client, "guess-again", "203.0.113.1").status_code == 429
