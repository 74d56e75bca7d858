"""Editors record restrictions on practice (audited like status changes) and clinic exception hours."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import Clinic, ClinicHoursException, RegistrationRestriction
from tests.portal.conftest import make_account

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    # At run time, not import time: a run crossing midnight must agree with the code under test.
    return timezone.localdate()


def restriction_data(registration, **changes):
    data = {
        "registration": registration.pk,
        "kind": "condition",
        "text": "Must not treat the lower back.",
        "starts_on": today().isoformat(),
        "ends_on": "",
        "source_url": "https://register.example/r/1",
    }
    data.update(changes)
    return data


def test_editor_adds_changes_and_ends_a_restriction_with_an_audit_trail(client, editor, make_therapist):
    page = make_therapist("Audited Anne")
    registration = page.registration
    client.force_login(editor)

    form = client.get(reverse("restrictions:add") + f"?registration={registration.pk}").content.decode()
    assert f'<option value="{registration.pk}" selected>Audited Anne —' in form

    response = client.post(reverse("restrictions:add"), restriction_data(registration))
    assert response.status_code == 302
    restriction = RegistrationRestriction.objects.get()
    assert "Must not treat the lower back." in client.get(page.url).content.decode()

    starts, ends = today() - datetime.timedelta(days=10), today() - datetime.timedelta(days=1)
    response = client.post(
        reverse("restrictions:edit", args=[restriction.pk]),
        restriction_data(registration, starts_on=starts.isoformat(), ends_on=ends.isoformat()),
    )
    assert response.status_code == 302
    assert "Must not treat the lower back." not in client.get(page.url).content.decode()

    response = client.post(reverse("restrictions:delete", args=[restriction.pk]))
    assert response.status_code == 302
    assert not RegistrationRestriction.objects.exists()

    notes = list(registration.history.order_by("changed_at", "pk").values_list("note", flat=True))
    assert len(notes) == 3
    assert notes[0].startswith("Restriction added: Term, condition or limitation “Must not treat the lower back.”")
    assert notes[1].startswith("Restriction changed from") and f"to {ends:%Y-%m-%d}" in notes[1]
    assert notes[2].startswith("Restriction deleted:")
    assert set(registration.history.values_list("changed_by", flat=True)) == {editor.pk}
    # The audit trail shows on the registration's own admin page, with the restrictions list.
    html = client.get(reverse("registrations:edit", args=[registration.pk])).content.decode()
    assert "Restriction added" in html and "Restrictions on practice" in html


def test_bad_dates_are_refused_with_a_message_and_input_kept(client, editor, make_therapist):
    registration = make_therapist("Dates Dan").registration
    client.force_login(editor)
    data = restriction_data(registration, ends_on=(today() - datetime.timedelta(days=3)).isoformat())
    response = client.post(reverse("restrictions:add"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The end date cannot be before the start date." in html
    assert "Must not treat the lower back." in html
    assert not RegistrationRestriction.objects.exists()
    assert not registration.history.exists()


def test_editors_find_the_restrictions_and_hours_menu(client, editor):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("restrictions:index") in html and reverse("hours_exceptions:index") in html


def test_therapists_and_anonymous_cannot_reach_the_restrictions_and_hours_admin(client, make_therapist, groups):
    index = reverse("restrictions:index")
    login = f"{reverse('wagtailadmin_login')}?next={index}"
    response = client.get(index)
    assert (response.status_code, response["Location"]) == (302, login)
    client.force_login(make_account("t@example.org"))
    response = client.get(index)
    assert (response.status_code, response["Location"]) == (302, login)


def test_editor_adds_exception_hours(client, editor, make_therapist):
    page = make_therapist("Holiday Hal", clinics=({"name": "Main", "city": "Toronto", "country": "CA"},))
    clinic = Clinic.objects.get(therapist=page)
    client.force_login(editor)
    form = client.get(reverse("hours_exceptions:add") + f"?clinic={clinic.pk}").content.decode()
    assert f'<option value="{clinic.pk}" selected>Holiday Hal — Main (Toronto)</option>' in form
    date = today() + datetime.timedelta(days=3)
    data = {"clinic": clinic.pk, "date": date.isoformat(), "special_hours": "", "note": "Staff training"}
    response = client.post(reverse("hours_exceptions:add"), data)  # closed unticked, no hours: refused
    assert response.status_code == 200
    assert "Give the special hours, or tick" in response.content.decode()
    data.update(closed="on")
    assert client.post(reverse("hours_exceptions:add"), data).status_code == 302
    assert ClinicHoursException.objects.get().closed
    assert "Closed (Staff training)" in client.get(page.url).content.decode()
    assert "Holiday Hal" in client.get(reverse("hours_exceptions:index")).content.decode()
