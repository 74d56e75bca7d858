"""The staleness rule: a confirmation counts for AVAILABILITY_STALE_AFTER_DAYS local calendar days."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from directory.availability import Availability, fresh_accepting_q, is_fresh
from directory.models import TherapistPage

TODAY = datetime.date(2026, 3, 31)


@pytest.mark.parametrize(
    ("days_ago", "fresh"),
    [(0, True), (1, True), (29, True), (30, True), (31, False), (400, False)],
)
def test_confirmation_counts_for_thirty_days(days_ago, fresh):
    assert is_fresh(TODAY - datetime.timedelta(days=days_ago), today=TODAY) is fresh


def test_never_confirmed_is_not_fresh():
    assert is_fresh(None, today=TODAY) is False


@override_settings(AVAILABILITY_STALE_AFTER_DAYS=7)
def test_the_window_is_a_setting():
    assert is_fresh(TODAY - datetime.timedelta(days=7), today=TODAY)
    assert not is_fresh(TODAY - datetime.timedelta(days=8), today=TODAY)


@pytest.mark.parametrize(
    ("days_ago", "state", "label"),
    [
        (0, "accepting", "confirmed today"),
        (1, "accepting", "confirmed 1 day ago"),
        (29, "accepting", "confirmed 29 days ago"),
        (30, "accepting", "confirmed 30 days ago"),
        (31, "stale", "confirmed 31 days ago"),
    ],
)
def test_what_a_profile_says(days_ago, state, label):
    availability = Availability.of(True, TODAY - datetime.timedelta(days=days_ago), today=TODAY)
    assert availability.state == state
    assert availability.confirmed_label == label


def test_not_accepting_is_never_stale():
    assert Availability.of(False, None, today=TODAY).state == "not-accepting"
    assert Availability.of(True, None, today=TODAY).state == "stale"


@override_settings(TIME_ZONE="Pacific/Auckland")
def test_days_are_local_days_not_utc_days(set_now):
    # 20:00 UTC on 30 April is 08:00 on 1 May in Auckland: the local date is a day ahead of UTC's.
    set_now(datetime.datetime(2026, 4, 30, 20, 0, tzinfo=datetime.UTC))
    assert timezone.localdate() == datetime.date(2026, 5, 1)
    confirmed = datetime.date(2026, 4, 1)
    # 29 days by UTC's calendar, 30 by Auckland's: the label counts local days.
    assert Availability.of(True, confirmed).confirmed_label == "confirmed 30 days ago"
    assert is_fresh(confirmed)
    # A day later it is 30 days by UTC (would still be fresh) but 31 in Auckland: stale.
    set_now(datetime.datetime(2026, 5, 1, 20, 0, tzinfo=datetime.UTC))
    assert (timezone.now().date() - confirmed).days == 30
    assert not is_fresh(confirmed)


@pytest.mark.django_db
def test_the_filter_agrees_with_the_function(make_therapist):
    today = timezone.localdate()
    pages = {
        days: make_therapist(f"T{days}", accepting_confirmed_on=today - datetime.timedelta(days=days))
        for days in (29, 30, 31)
    }
    make_therapist("Never", accepting_confirmed_on=None)
    make_therapist("Closed", accepting_new_clients=False, accepting_confirmed_on=today)
    found = set(TherapistPage.objects.filter(fresh_accepting_q()).values_list("title", flat=True))
    assert found == {"T29", "T30"}
    assert [is_fresh(pages[d].accepting_confirmed_on) for d in (29, 30, 31)] == [True, True, False]


@pytest.mark.django_db
def test_the_filter_judges_freshness_by_the_day_it_is_given(make_therapist):
    today = timezone.localdate()
    for days in (29, 30, 31):
        make_therapist(f"T{days}", accepting_confirmed_on=today - datetime.timedelta(days=days))

    def found(on):
        return set(TherapistPage.objects.filter(fresh_accepting_q(today=on)).values_list("title", flat=True))

    assert found(today) == {"T29", "T30"}
    assert found(today + datetime.timedelta(days=1)) == {"T29"}
    assert found(today - datetime.timedelta(days=1)) == {"T29", "T30", "T31"}
