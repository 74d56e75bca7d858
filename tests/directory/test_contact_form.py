"""The contact form: stored first, e-mailed without revealing the address, honeypot, rate limit."""

import pytest
from django.core import mail
from django.test import override_settings

from directory.models import ContactMessage

pytestmark = pytest.mark.django_db

GOOD = {"name": "Pat Client", "email": "pat@client.example", "phone": "", "message": "Do you treat sciatica?"}


@pytest.fixture
def therapist(make_therapist):
    return make_therapist("Maria Silva", contact_email="maria@private.example")


def contact_url(page):
    return f"{page.url}contact/"


def test_message_is_stored_and_emailed_with_reply_to_the_sender(client, therapist):
    response = client.post(contact_url(therapist), GOOD)
    assert response.status_code == 302
    assert response["Location"].endswith(f"{contact_url(therapist)}?contact=sent#contact")
    message = ContactMessage.objects.get()
    assert (message.therapist_id, message.sender_email, message.delivery) == (therapist.pk, GOOD["email"], "sent")
    assert message.delivered_at is not None
    [email] = mail.outbox
    assert email.to == ["maria@private.example"]
    assert email.reply_to == ["pat@client.example"]
    assert "Do you treat sciatica?" in email.body
    page = client.get(response["Location"]).content.decode()
    assert "your message has been sent" in page
    assert "maria@private.example" not in page


def test_invalid_input_keeps_what_was_typed_and_says_what_to_fix(client, therapist):
    response = client.post(contact_url(therapist), {**GOOD, "email": "not-an-address"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a valid email address." in html
    assert "Do you treat sciatica?" in html  # nothing lost
    # Screen readers hear the error with the field: the input points at the message's id.
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'id="id_email_error"' in html and 'id="id_email_helptext"' in html
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []


def test_honeypot_looks_like_success_but_stores_and_sends_nothing(client, therapist):
    response = client.post(contact_url(therapist), {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 302
    assert "contact=sent" in response["Location"]
    assert not ContactMessage.objects.exists()
    assert mail.outbox == []


@override_settings(DIRECTORY_CONTACT_RATE_LIMIT=(2, 3600))
def test_rate_limit_per_address(client, therapist):
    for _ in range(2):
        assert client.post(contact_url(therapist), GOOD).status_code == 302
    response = client.post(contact_url(therapist), {**GOOD, "message": "Third try"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Please try again in an hour" in html
    assert "Third try" in html  # what they wrote is still there
    assert ContactMessage.objects.count() == 2
    # Another address is not affected.
    assert client.post(contact_url(therapist), GOOD, REMOTE_ADDR="203.0.113.9").status_code == 302


class BrokenMailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")


@override_settings(EMAIL_BACKEND="tests.directory.test_contact_form.BrokenMailBackend")
def test_mail_failure_keeps_the_message_and_tells_the_user_politely(client, therapist):
    response = client.post(contact_url(therapist), GOOD)
    assert response.status_code == 302
    assert "contact=saved" in response["Location"]
    message = ContactMessage.objects.get()
    assert message.delivery == "failed"
    assert "SMTP server unreachable" in message.delivery_error
    assert message.message == GOOD["message"]
    html = client.get(response["Location"]).content.decode()
    assert "we have your message" in html and "you do not need to send it again" in html


def test_therapist_without_contact_address_still_gets_stored_messages(client, make_therapist):
    page = make_therapist("No Inbox", contact_email="")
    response = client.post(contact_url(page), GOOD)
    assert "contact=saved" in response["Location"]
    assert ContactMessage.objects.get().delivery == "failed"
    assert mail.outbox == []


def test_the_profile_links_to_the_form_on_its_own_page(client, therapist):
    html = client.get(therapist.url).content.decode()
    assert f'href="{contact_url(therapist)}"' in html
    # The profile is shared from the page cache: no form token in it.
    assert "csrfmiddlewaretoken" not in html


def test_form_is_accessible_without_javascript(client, therapist):
    response = client.get(contact_url(therapist))
    assert response.status_code == 200
    html = response.content.decode()
    for field_id in ("id_name", "id_email", "id_phone", "id_message"):
        assert f'<label for="{field_id}">' in html
    assert 'action="' + contact_url(therapist) + '"' in html
    assert 'aria-hidden="true"' in html  # the honeypot is hidden from assistive tech
    assert "csrfmiddlewaretoken" in html


def test_the_form_page_is_never_kept_by_any_cache(client, therapist):
    for _ in range(2):
        response = client.get(contact_url(therapist))
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert response.has_header("X-Page-Cache") is False
        assert "csrftoken" in response.cookies


def test_resend_command_delivers_what_failed_and_never_resends(client, therapist):
    import io

    from django.core.management import call_command

    with override_settings(EMAIL_BACKEND="tests.directory.test_contact_form.BrokenMailBackend"):
        client.post(contact_url(therapist), GOOD)
    assert ContactMessage.objects.get().delivery == "failed"

    out = io.StringIO()
    call_command("resend_contact_messages", stdout=out)
    assert "1 of 1 undelivered message(s) sent" in out.getvalue()
    assert ContactMessage.objects.get().delivery == "sent"
    assert len(mail.outbox) == 1 and mail.outbox[0].reply_to == [GOOD["email"]]

    call_command("resend_contact_messages", stdout=io.StringIO())
    assert len(mail.outbox) == 1  # a sent message is never sent twice


@override_settings(DIRECTORY_CONTACT_RATE_LIMIT=(1, 3600), TRUSTED_PROXY_COUNT=1)
def test_rate_limit_behind_a_proxy_counts_each_client_not_the_proxy(client, therapist):
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    assert client.post(contact_url(therapist), GOOD, HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy).status_code == 302
    assert client.post(contact_url(therapist), GOOD, HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy).status_code == 302
    # A spoofed extra entry does not help: the proxy's own (last) entry is the one counted.
    spoofed = "203.0.113.50, 198.51.100.1"
    assert client.post(contact_url(therapist), GOOD, HTTP_X_FORWARDED_FOR=spoofed, **proxy).status_code == 429


@override_settings(DIRECTORY_CONTACT_RATE_LIMIT=(1, 3600), TRUSTED_PROXY_COUNT=0)
def test_without_trusted_proxies_forwarded_headers_are_ignored(client, therapist):
    assert client.post(contact_url(therapist), GOOD, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 302
    assert client.post(contact_url(therapist), GOOD, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429


def test_an_empty_message_comes_back_with_an_error_summary_linking_each_field(client, therapist):
    from tests.home.test_error_summary import _summary

    response = client.post(contact_url(therapist), {"name": "", "email": "", "phone": "", "message": ""})
    title, links = _summary(response)
    assert title == "There is a problem"
    assert links["Your name: This field is required."] == "#id_name"
    assert "#id_message" in links.values()


def test_the_message_greets_the_therapist_by_name_and_links_to_their_profile_on_the_site(client, therapist, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://relieve.example"
    client.post(contact_url(therapist), GOOD, HTTP_HOST="127.0.0.1:8000")
    [email] = mail.outbox
    assert email.body.startswith("Hello Maria Silva,\n")
    assert email.body.endswith(f"Your profile: https://relieve.example{therapist.url}")
    assert "127.0.0.1" not in email.body
