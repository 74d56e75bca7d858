"""Line breaks and other control characters: refused in one-line fields, never reaching a mail header.

A contact-form name of "Pat\\r\\nBcc: victim@example.org" was stored, then every send failed with
BadHeaderError (the sender was told it was saved, the hourly resend failed the same way forever).
"""

import pytest
from django.core import mail
from django.urls import reverse

from directory.contact import deliver
from directory.models import ContactMessage
from tests.hostile.content import listed_therapist

pytestmark = pytest.mark.django_db

INJECTED_NAME = "Pat\r\nBcc: victim@example.org"
GOOD = {"name": "Pat Client", "email": "pat@client.example", "phone": "", "message": "Do you treat sciatica?"}


@pytest.fixture
def therapist(site_tree):
    return listed_therapist(site_tree.directory, "Maria Silva", contact_email="maria@private.example")


@pytest.mark.parametrize(
    "name", [INJECTED_NAME, "Pat\nClient", "Pat\rClient", "Pat\x00Client", "Pat\x1bClient", "Pat\u2028Client"]
)
def test_the_contact_form_refuses_control_characters_in_the_name(client, therapist, name):
    response = client.post(f"{therapist.url}contact/", {**GOOD, "name": name})
    assert response.status_code == 400
    assert b"line breaks or control characters" in response.content
    assert not ContactMessage.objects.exists()
    assert not mail.outbox


def test_the_contact_form_refuses_control_characters_in_the_phone(client, therapist):
    response = client.post(f"{therapist.url}contact/", {**GOOD, "phone": "555\r\nBcc: victim@example.org"})
    assert response.status_code == 400
    assert not ContactMessage.objects.exists()


def test_the_message_itself_may_have_line_breaks(client, therapist):
    response = client.post(f"{therapist.url}contact/", {**GOOD, "message": "Hello,\r\n\r\nDo you treat sciatica?"})
    assert response.status_code == 302
    assert mail.outbox


def test_a_stored_name_with_a_line_break_is_delivered_without_a_bcc(therapist):
    """Messages stored before the form refused them: the resend delivers them, to the therapist alone."""
    message = ContactMessage.objects.create(
        therapist=therapist, sender_name=INJECTED_NAME, sender_email="pat@client.example", message="Hi"
    )
    assert deliver(message)
    [email] = mail.outbox
    assert email.recipients() == ["maria@private.example"]
    assert not email.bcc and not email.cc
    rendered = email.message()
    assert rendered["Bcc"] is None
    assert "\n" not in rendered["Subject"] and "\r" not in rendered["Subject"]
    assert "victim@example.org" not in rendered.get_all("To", []) + rendered.get_all("Reply-To", [])
    message.refresh_from_db()
    assert message.delivery == ContactMessage.Delivery.SENT


def test_portal_one_line_fields_refuse_control_characters(client, newcomer, regulator):
    client.force_login(newcomer)
    response = client.post(
        reverse("portal:create_profile"),
        {"title": "Dana\r\nBcc: victim@example.org", "regulator": regulator.pk, "registration_number": "X-1"},
    )
    assert response.status_code == 200
    assert b"line breaks or control characters" in response.content


def test_the_profile_form_refuses_control_characters_in_one_line_fields(
    client, therapist_a, profile_a, profile_form_data
):
    client.force_login(therapist_a)
    data = profile_form_data()
    data["designation"] = "RMT\r\nBcc: victim@example.org"
    data["clinics-0-city"] = "Tor\x0bonto"
    response = client.post(reverse("portal:profile_edit"), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert "designation" in form.errors
    assert "city" in form.formsets["clinics"].forms[0].errors
