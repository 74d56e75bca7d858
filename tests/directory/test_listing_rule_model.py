"""The listing rule (live + verified + unexpired) and the registration audit trail, at model level."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from directory.models import RegistrationStatusChange, Regulator, TherapistPage
from tests.factories import TherapistPageFactory


def today() -> datetime.date:
    # At run time, not import time: a run crossing midnight must agree with the code under test.
    return timezone.localdate()


@pytest.fixture
def regulator(db):
    return Regulator.objects.create(name="College of Massage Therapists", jurisdiction="Ontario, Canada")


@pytest.fixture
def make_therapist(site_tree, regulator):
    def make(title, status="verified", expires_on=None, live=True, number=None):
        # Saved with the given live flag and no revision: the rule reads the row, not the history.
        return TherapistPageFactory(
            title=title,
            live=live,
            published=False,
            clinics=(),
            registration__regulator=regulator,
            registration__status=status,
            registration__expires_on=expires_on,
            registration__verified_on=None,
            registration__number=number or title,
        )

    return make


@pytest.mark.parametrize(
    ("status", "expires_in_days", "live", "listed"),
    [
        ("verified", None, True, True),
        ("verified", 0, True, True),  # still valid on its last day
        ("verified", -1, True, False),
        ("verified", None, False, False),
        ("pending", None, True, False),
        ("lapsed", None, True, False),
        ("suspended", None, True, False),
        ("revoked", None, True, False),
    ],
)
def test_queryset_and_instance_agree_on_the_listing_rule(make_therapist, status, expires_in_days, live, listed):
    expires_on = None if expires_in_days is None else today() + datetime.timedelta(days=expires_in_days)
    page = make_therapist("Alex Doe", status=status, expires_on=expires_on, live=live)
    assert TherapistPage.objects.listed().filter(pk=page.pk).exists() is listed
    assert TherapistPage.objects.get(pk=page.pk).is_listed is listed


def test_a_page_without_registration_is_never_listed(site_tree):
    page = TherapistPageFactory(title="No Registration", published=False, clinics=(), registration=None)
    assert not page.is_listed
    assert not TherapistPage.objects.listed().exists()


def test_wagtail_search_index_holds_listed_therapists_only(make_therapist):
    listed = make_therapist("Listed One")
    make_therapist("Pending One", status="pending")
    assert list(TherapistPage.get_indexed_objects()) == [listed]


def test_change_status_records_who_when_and_why(make_therapist):
    editor = get_user_model().objects.create_user("ed", password="x")
    page = make_therapist("Sam Roe", status="pending")
    registration = page.registration

    registration.change_status("verified", editor, "Checked the public register")
    registration.change_status("lapsed", editor, "Renewal not paid")
    registration.change_status("verified", editor, "Renewed")

    registration.refresh_from_db()
    assert registration.status == "verified"
    assert registration.verified_by == editor
    assert registration.verified_on == today()
    trail = [(c.from_status, c.to_status, c.note) for c in registration.history.order_by("changed_at", "pk")]
    assert trail == [
        ("pending", "verified", "Checked the public register"),
        ("verified", "lapsed", "Renewal not paid"),
        ("lapsed", "verified", "Renewed"),
    ]


def test_change_status_refuses_unknown_status(make_therapist):
    registration = make_therapist("Kim Poe").registration
    with pytest.raises(ValueError):
        registration.change_status("approved-ish")
    assert not registration.history.exists()


def test_audit_trail_survives_the_therapist_page_being_deleted(make_therapist):
    page = make_therapist("Jo Vu", status="pending")
    page.registration.change_status("verified", None, "ok")
    page.delete()
    change = RegistrationStatusChange.objects.get()
    assert change.registration is None
    assert change.regulator is not None
    assert change.to_status == "verified"
