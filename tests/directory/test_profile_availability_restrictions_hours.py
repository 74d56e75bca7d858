"""What a profile says: availability with its date, restrictions in force, exception hours."""

import datetime

import pytest
from django.utils import timezone

from directory.models import Clinic, ClinicHoursException, RegistrationRestriction

pytestmark = pytest.mark.django_db


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.mark.parametrize(
    ("confirmed_days_ago", "shows", "hides"),
    [
        (29, "confirmed 29 days ago", "not confirmed recently"),
        (30, "confirmed 30 days ago", "not confirmed recently"),
        (31, "Availability not confirmed recently", "Accepting new clients"),
        (None, "Availability not confirmed recently", "Accepting new clients"),
    ],
)
def test_profile_availability(client, make_therapist, confirmed_days_ago, shows, hides):
    confirmed = day(-confirmed_days_ago) if confirmed_days_ago is not None else None
    page = make_therapist("Pat Present", accepting_confirmed_on=confirmed)
    html = client.get(page.url).content.decode()
    assert shows in html
    assert hides not in html


def test_not_accepting_says_so(client, make_therapist):
    page = make_therapist("Nia No", accepting_new_clients=False, accepting_confirmed_on=day(0))
    html = client.get(page.url).content.decode()
    assert "Not accepting new clients" in html and "confirmed" not in html.split("profile__badges")[1][:300]


def test_restrictions_in_force_show_in_the_trust_box(client, make_therapist):
    page = make_therapist("Rita Restricted")
    registration = page.registration
    RegistrationRestriction.objects.create(
        registration=registration,
        kind="condition",
        text="Must not treat clients under 16.",
        starts_on=day(-10),
        source_url="https://register.example/entry/1",
    )
    RegistrationRestriction.objects.create(
        registration=registration, kind="alert", text="Under investigation.", starts_on=day(-2)
    )
    RegistrationRestriction.objects.create(
        registration=registration, text="Supervised practice.", starts_on=day(-100), ends_on=day(-1)
    )
    RegistrationRestriction.objects.create(registration=registration, text="Starts next week.", starts_on=day(7))
    html = client.get(page.url).content.decode()
    trust_box = html.split('class="trust-box"')[1].split("</section>")[0]
    assert "Restrictions on practice" in trust_box
    assert "Must not treat clients under 16." in trust_box
    assert "Alert:</strong> Under investigation." in trust_box
    assert trust_box.index("Under investigation") < trust_box.index("under 16")  # alerts first
    assert 'href="https://register.example/entry/1"' in trust_box
    assert "Supervised practice" not in html  # ended yesterday
    assert "Starts next week" not in html  # not yet in force


def test_no_restrictions_is_stated(client, make_therapist):
    page = make_therapist("Clear Clara")
    assert "No restrictions on practice have been recorded" in client.get(page.url).content.decode()


def test_restriction_text_is_escaped(client, make_therapist):
    page = make_therapist("Esc Ed")
    RegistrationRestriction.objects.create(registration=page.registration, text="<script>alert(1)</script>")
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


@pytest.fixture
def clinic_page(make_therapist):
    page = make_therapist(
        "Holly Hours",
        clinics=({"name": "Main St", "city": "Toronto", "country": "CA", "opening_hours": "Mon–Fri 9:00–17:00"},),
    )
    return page, Clinic.objects.get(therapist=page)


def test_exception_shows_on_its_date_and_disappears_the_day_after(client, clinic_page, set_now):
    page, clinic = clinic_page
    holiday = datetime.date(2026, 12, 25)
    ClinicHoursException.objects.create(clinic=clinic, date=holiday, closed=True, note="Christmas Day")
    ClinicHoursException.objects.create(
        clinic=clinic, date=datetime.date(2026, 12, 27), closed=False, special_hours="10:00–13:00"
    )

    set_now(datetime.datetime(2026, 12, 20, 15, 0, tzinfo=datetime.UTC))
    html = client.get(page.url).content.decode()
    assert "Mon–Fri 9:00–17:00" in html
    assert "Changes to these hours" in html
    assert '<time datetime="2026-12-25">Fri 25 Dec</time>: Closed (Christmas Day)' in html
    assert '<time datetime="2026-12-27">Sun 27 Dec</time>: 10:00–13:00' in html
    assert "Today:" not in html

    set_now(datetime.datetime(2026, 12, 25, 15, 0, tzinfo=datetime.UTC))
    html = client.get(page.url).content.decode()
    assert "<strong>Today: Closed</strong> (Christmas Day)" in html

    set_now(datetime.datetime(2026, 12, 26, 15, 0, tzinfo=datetime.UTC))
    html = client.get(page.url).content.decode()
    assert "Christmas Day" not in html and "Today:" not in html
    assert "10:00–13:00" in html  # the later one is still ahead
    assert "Mon–Fri 9:00–17:00" in html


def test_exceptions_beyond_thirty_days_wait(client, clinic_page):
    page, clinic = clinic_page
    ClinicHoursException.objects.create(clinic=clinic, date=day(31), closed=True, note="Far away")
    ClinicHoursException.objects.create(clinic=clinic, date=day(30), closed=True, note="Just in range")
    html = client.get(page.url).content.decode()
    assert "Just in range" in html and "Far away" not in html


def test_exception_rules():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        ClinicHoursException(date=day(1), closed=False, special_hours=" ").clean()
    with pytest.raises(ValidationError):
        RegistrationRestriction(text="x", starts_on=day(0), ends_on=day(-1)).clean()
