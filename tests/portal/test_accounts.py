"""Accounts through django-allauth: sign-up with a verified e-mail, sign-in, reset, change of address."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.portal.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://testserver(/accounts/[^\s]+)")


def link_in(message) -> str:
    return LINK.search(message.body).group(1)


def sign_up(client, email="new@example.org"):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}, follow=False
    )


def test_sign_up_sends_a_signed_confirmation_link_and_signs_in_once_confirmed(client, groups):
    response = sign_up(client)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = get_user_model().objects.get(email="new@example.org")
    assert user.groups.filter(name="Therapists").exists()
    assert not EmailAddress.objects.get(user=user).verified
    # Mandatory verification: no session for an unverified address.
    assert client.get(reverse("portal:dashboard")).status_code == 302

    (message,) = mail.outbox
    assert message.to == ["new@example.org"]
    confirm_url = link_in(message)
    # HMAC keys are signed data, not rows: nothing is stored for the link.
    assert "/accounts/confirm-email/" in confirm_url

    page = client.get(confirm_url)
    assert page.status_code == 200
    assert b"Confirm" in page.content
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert client.get(reverse("portal:dashboard")).status_code == 200


def test_a_tampered_confirmation_link_confirms_nothing(client, groups):
    sign_up(client)
    confirm_url = link_in(mail.outbox[0])
    client.post(confirm_url[:-3] + "xyz/")
    assert not EmailAddress.objects.get(email="new@example.org").verified


def test_signing_in_before_verifying_sends_the_link_again_instead(client, unverified):
    response = client.post(reverse("account_login"), {"login": "unverified@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert mail.outbox[-1].to == ["unverified@example.org"]


def test_sign_in_with_email_lands_on_the_portal_and_sign_out(client, newcomer):
    response = client.post(reverse("account_login"), {"login": "NEWCOMER@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("portal:dashboard")
    assert int(client.session["_auth_user_id"]) == newcomer.pk
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_wrong_password_is_refused_with_a_message_and_keeps_the_address(client, newcomer):
    response = client.post(reverse("account_login"), {"login": "newcomer@example.org", "password": "nope"})
    assert response.status_code == 200
    assert b"not correct" in response.content
    assert b'value="newcomer@example.org"' in response.content


def test_password_reset_by_emailed_link(client, newcomer):
    response = client.post(reverse("account_reset_password"), {"email": "newcomer@example.org"})
    assert response.status_code == 302
    (message,) = mail.outbox
    reset_url = link_in(message)
    response = client.get(reset_url, follow=True)
    assert response.status_code == 200
    set_url = response.redirect_chain[-1][0] if response.redirect_chain else reset_url
    new_password = "another-Long-passphrase-9"
    response = client.post(set_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.check_password(new_password)


def test_changing_email_is_verified_before_it_replaces_the_old_address(client, newcomer):
    client.force_login(newcomer)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "moved@example.org"})
    assert response.status_code == 302
    # Until the new address is confirmed, the old one stays the login.
    assert EmailAddress.objects.get(user=newcomer, primary=True).email == "newcomer@example.org"
    (message,) = mail.outbox
    assert message.to == ["moved@example.org"]
    client.post(link_in(message))
    addresses = list(EmailAddress.objects.filter(user=newcomer).values_list("email", "verified", "primary"))
    assert addresses == [("moved@example.org", True, True)]
    newcomer.refresh_from_db()
    assert newcomer.email == "moved@example.org"


def test_for_therapists_explains_how_listing_works_before_asking_anyone_to_sign_in(client, site_tree, newcomer):
    home = client.get("/").content.decode()
    assert f'<a href="{reverse("how_listing_works")}">For therapists</a>' in home
    response = client.get(reverse("how_listing_works"))
    assert response.status_code == 200
    text = response.content.decode()
    for fact in ("Listing is free.", "An editor verifies your registration", "An editor reviews your profile"):
        assert fact in text
    assert "Your e-mail address stays private" in text
    dashboard = reverse("portal:dashboard")
    assert f'href="{reverse("account_signup")}?next={dashboard}"' in text
    assert f'href="{reverse("account_login")}?next={dashboard}"' in text
    # Someone already signed in is sent on to their portal.
    client.force_login(newcomer)
    text = client.get(reverse("how_listing_works")).content.decode()
    assert f'href="{dashboard}">Go to your portal' in text and reverse("account_signup") not in text


def test_account_pages_use_the_site_layout(client, site_tree):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<main id="main"' in html
    assert 'class="site-header"' in html
    assert '<label for="id_login"' in html
    assert 'name="robots" content="noindex"' in html


def test_duplicate_sign_up_does_not_reveal_or_create_a_second_account(client, newcomer):
    response = sign_up(client, email="newcomer@example.org")
    assert response.status_code == 302
    assert get_user_model().objects.filter(email__iexact="newcomer@example.org").count() == 1


def test_an_expired_confirmation_link_confirms_nothing(client, groups, settings):
    sign_up(client)
    confirm_url = link_in(mail.outbox[0])
    # Links are signed with their creation time; with a zero-day lifetime any link is already too old.
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 0
    client.post(confirm_url)
    assert not EmailAddress.objects.get(email="new@example.org").verified
    # The same link within its lifetime works: it was the age that was refused.
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
    client.post(confirm_url)
    assert EmailAddress.objects.get(email="new@example.org").verified


def test_the_confirmation_e_mail_does_not_call_anyone_by_their_generated_username(client, groups):
    sign_up(client)
    user = get_user_model().objects.get(email="new@example.org")
    (message,) = mail.outbox
    assert user.get_username() not in message.body
    assert message.body.startswith("Hello,\n")
    assert "open this link:\nhttp://testserver/accounts/confirm-email/" in message.body


def test_e_mails_greet_a_therapist_by_their_name(client, therapist_a, profile_a):
    from portal.accounts import person_name, user_display

    assert person_name(therapist_a) == "Ann Archer"  # no account name: their profile's
    therapist_a.first_name, therapist_a.last_name = "Ann", "Archer-Smith"
    therapist_a.save()
    assert person_name(therapist_a) == user_display(therapist_a) == "Ann Archer-Smith"
    client.post(reverse("account_reset_password"), {"email": therapist_a.email})
    assert mail.outbox[-1].body.startswith("Hello Ann Archer-Smith,\n")
