"""Editors verify, lapse and re-verify registrations in the admin, and see the audit trail."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from directory.models import ContactMessage, Registration, RegistrationStatusChange, Regulator

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    # At run time, not import time: a run crossing midnight must agree with the code under test.
    return timezone.localdate()


def _edit(client, registration, status, note="", **fields):
    data = {
        "regulator": registration.regulator_id,
        "number": registration.number,
        "expires_on": "",
        "new_status": status,
        "note": note,
        **fields,
    }
    return client.post(reverse("registrations:edit", args=[registration.pk]), data)


def test_editor_verifies_lapses_and_reverifies_with_an_audit_trail(client, editor, make_therapist):
    page = make_therapist("Audit Person", status="pending")
    registration = page.registration
    client.force_login(editor)

    assert _edit(client, registration, "verified", "Checked the public register").status_code == 302
    registration.refresh_from_db()
    assert registration.status == "verified"
    assert registration.verified_by == editor
    assert registration.verified_on == today()
    assert client.get(page.url).status_code == 200

    assert _edit(client, registration, "lapsed", "Renewal not paid").status_code == 302
    assert client.get(page.url).status_code == 404

    assert _edit(client, registration, "verified", "Renewed, receipt seen").status_code == 302
    assert client.get(page.url).status_code == 200

    trail = list(registration.history.order_by("changed_at", "pk").values_list("from_status", "to_status", "note"))
    assert trail == [
        ("pending", "verified", "Checked the public register"),
        ("verified", "lapsed", "Renewal not paid"),
        ("lapsed", "verified", "Renewed, receipt seen"),
    ]
    assert set(registration.history.values_list("changed_by", flat=True)) == {editor.pk}

    html = client.get(reverse("registrations:edit", args=[registration.pk])).content.decode()
    assert "Audit trail" in html
    assert "Renewal not paid" in html and "Lapsed → Verified" in html


def test_a_status_change_needs_a_note(client, editor, make_therapist):
    registration = make_therapist("Quiet Change", status="pending").registration
    client.force_login(editor)
    response = _edit(client, registration, "verified", "")
    assert response.status_code == 200
    assert "Say why the status changes" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "pending"
    assert not registration.history.exists()


def test_editing_other_fields_without_a_status_change_adds_no_trail_entry(client, editor, make_therapist):
    registration = make_therapist("Renumbered").registration
    client.force_login(editor)
    assert _edit(client, registration, "verified", number="NEW-42").status_code == 302
    registration.refresh_from_db()
    assert registration.number == "NEW-42"
    assert not registration.history.exists()


def test_editor_adds_a_registration_for_a_therapist(client, editor, make_therapist, regulator):
    page = make_therapist("New Registrant", registered=False)
    client.force_login(editor)
    response = client.post(
        reverse("registrations:add"),
        {
            "therapist": page.pk,
            "regulator": regulator.pk,
            "number": "A-100",
            "expires_on": (today() + datetime.timedelta(days=365)).isoformat(),
            "new_status": "verified",
            "note": "Register checked by phone",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    registration = Registration.objects.get(therapist=page)
    assert registration.status == "verified"
    trail = list(registration.history.order_by("changed_at", "pk").values_list("from_status", "to_status"))
    assert trail == [("", "pending"), ("pending", "verified")]
    assert client.get(page.url).status_code == 200


def test_registration_list_filters_by_status(client, editor, make_therapist):
    make_therapist("Verified Person")
    make_therapist("Suspended Person", status="suspended")
    client.force_login(editor)
    html = client.get(reverse("registrations:index"), {"status": "suspended"}).content.decode()
    assert "Suspended Person" in html and "Verified Person" not in html


def test_therapists_cannot_reach_the_registration_screens(client, groups, make_therapist):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("t", password="pw")
    user.groups.add(groups["Therapists"])
    registration = make_therapist("Own Profile", owner=user).registration
    client.force_login(user)
    edit = reverse("registrations:edit", args=[registration.pk])
    login = f"{reverse('wagtailadmin_login')}?next={edit}"
    response = client.get(edit)
    assert (response.status_code, response["Location"]) == (302, login)
    response = client.post(edit, {"new_status": "verified", "note": "self-approved"})
    assert (response.status_code, response["Location"]) == (302, login)
    assert not RegistrationStatusChange.objects.exists()
    registration.refresh_from_db()
    assert registration.status == "verified"  # as the fixture made it, not changed by the post


def test_page_editor_shows_registration_status_read_only(client, editor, make_therapist):
    page = make_therapist("Panel Person", status="lapsed")
    client.force_login(editor)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "This profile is <strong>hidden</strong>" in html
    assert reverse("registrations:edit", args=[page.registration.pk]) in html
    assert 'name="new_status"' not in html  # status is not editable from the page


def test_expiring_report_lists_registrations_expiring_within_30_days(client, editor, make_therapist):
    make_therapist("Soon Person", expires_on=today() + datetime.timedelta(days=10))
    make_therapist("Edge Person", expires_on=today() + datetime.timedelta(days=30))
    make_therapist("Later Person", expires_on=today() + datetime.timedelta(days=31))
    make_therapist("Gone Person", expires_on=today() - datetime.timedelta(days=1))
    make_therapist("Lapsed Soon", status="lapsed", expires_on=today() + datetime.timedelta(days=5))
    client.force_login(editor)
    response = client.get(reverse("expiring_registrations"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Soon Person" in html and "Edge Person" in html
    for absent in ("Later Person", "Gone Person", "Lapsed Soon"):
        assert absent not in html
    assert html.index("Soon Person") < html.index("Edge Person")  # soonest first


def test_editors_keep_regulators_languages_and_see_contact_messages(client, editor, make_therapist):
    page = make_therapist("Inbox Person")
    ContactMessage.objects.create(
        therapist=page, sender_name="Pat", sender_email="pat@x.example", message="Hello", delivery="failed"
    )
    client.force_login(editor)
    assert client.get("/admin/snippets/directory/regulator/").status_code == 200
    assert client.get("/admin/snippets/directory/language/").status_code == 200
    response = client.post(
        "/admin/snippets/directory/regulator/add/",
        {"name": "Demo College", "jurisdiction": "Somewhere", "register_url": "https://register.example/x"},
    )
    assert response.status_code == 302
    assert Regulator.objects.filter(name="Demo College").exists()
    html = client.get(reverse("contact_messages:index"), {"delivery": "failed"}).content.decode()
    assert "Pat" in html and "Inbox Person" in html
    message = ContactMessage.objects.get()
    html = client.get(reverse("contact_messages:inspect", args=[message.pk])).content.decode()
    assert "Hello" in html and "pat@x.example" in html


def test_expiry_dates_read_as_dates_not_just_now(client, editor, make_therapist):
    make_therapist("Soon Person", expires_on=today() + datetime.timedelta(days=12))
    make_therapist("Far Person", expires_on=datetime.date(2099, 1, 4))
    client.force_login(editor)
    for url in (reverse("registrations:index"), reverse("expiring_registrations")):
        html = client.get(url).content.decode()
        assert "Just now" not in html
        assert f"{(today() + datetime.timedelta(days=12)):%-d %b %Y} </time>" not in html  # no stray spacing
        assert f">{(today() + datetime.timedelta(days=12)):%-d %b %Y}</time> <span" in html
        assert "(in 12 days)" in html
    assert ">4 Jan 2099</time></td>" in client.get(reverse("registrations:index")).content.decode()


def test_expiring_report_exports_the_expiry_date(client, editor, make_therapist):
    make_therapist("Soon Person", expires_on=today() + datetime.timedelta(days=12))
    client.force_login(editor)
    response = client.get(reverse("expiring_registrations"), {"export": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert f"{(today() + datetime.timedelta(days=12)).isoformat()}" in body.splitlines()[1]


def test_registration_edit_heading_names_the_therapist(client, editor, make_therapist):
    registration = make_therapist("Heading Person").registration
    client.force_login(editor)
    soup = BeautifulSoup(client.get(reverse("registrations:edit", args=[registration.pk])).content, "html.parser")
    heading = soup.find("h1").get_text(" ", strip=True)
    assert "Heading Person" in heading and registration.number in heading
