"""The date rules at their edges: a restriction is in force from its first day through its last, and
the listing rule, given a day, judges expiry by that day rather than by the clock."""

import datetime

import pytest

from directory.models import RegistrationRestriction, TherapistPage, listing_q
from tests.factories import TherapistPageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_tree")]

DAY = datetime.timedelta(days=1)
TODAY = datetime.date(2026, 3, 31)


@pytest.fixture
def registration():
    return TherapistPageFactory(title="Rule Person", clinics=()).registration


def restriction(registration, starts_on, ends_on=None):
    return RegistrationRestriction.objects.create(
        registration=registration, text="Must not treat the lower back.", starts_on=starts_on, ends_on=ends_on
    )


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "in_force"),
    [
        (TODAY + DAY, None, False),  # not yet started
        (TODAY, None, True),  # its first day
        (TODAY - 400 * DAY, None, True),  # open-ended
        (TODAY - DAY, TODAY + DAY, True),
        (TODAY - DAY, TODAY, True),  # its last day
        (TODAY, TODAY, True),  # a one-day restriction
        (TODAY - 2 * DAY, TODAY - DAY, False),  # ended yesterday
    ],
)
def test_the_query_and_the_instance_agree_on_which_days_a_restriction_is_in_force(
    registration, starts_on, ends_on, in_force
):
    made = restriction(registration, starts_on, ends_on)
    assert made.is_in_force(today=TODAY) is in_force
    assert list(RegistrationRestriction.objects.in_force(TODAY)) == ([made] if in_force else [])


def test_in_force_without_a_day_means_the_local_today(registration, today):
    current = restriction(registration, today, today)
    restriction(registration, today + DAY)
    restriction(registration, today - 2 * DAY, today - DAY)
    assert list(RegistrationRestriction.objects.in_force()) == [current]
    assert [r.is_in_force() for r in RegistrationRestriction.objects.order_by("pk")] == [True, False, False]
    assert current.in_force_label == "Yes"


@pytest.mark.parametrize(
    ("expires_on", "listed_on"),
    [
        (None, {TODAY - DAY: True, TODAY: True, TODAY + 400 * DAY: True}),
        (TODAY, {TODAY - DAY: True, TODAY: True, TODAY + DAY: False}),
    ],
)
def test_the_listing_rule_judges_expiry_by_the_day_it_is_given(expires_on, listed_on):
    page = TherapistPageFactory(title="Dated Person", clinics=(), registration__expires_on=expires_on)
    for day, listed in listed_on.items():
        assert TherapistPage.objects.listed(today=day).filter(pk=page.pk).exists() is listed, day
        assert TherapistPage.objects.filter(listing_q(today=day)).filter(pk=page.pk).exists() is listed, day
        assert page.registration.is_expired(today=day) is not listed, day


def test_the_listing_rule_through_a_relation_keeps_the_day(registration):
    registration.expires_on = TODAY
    registration.save()
    restriction(registration, TODAY - DAY)
    listed = RegistrationRestriction.objects.filter(listing_q("registration__therapist__", today=TODAY))
    assert listed.count() == 1
    expired = RegistrationRestriction.objects.filter(listing_q("registration__therapist__", today=TODAY + DAY))
    assert expired.count() == 0
