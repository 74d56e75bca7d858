"""The demo shows every trust state, and loading it twice changes nothing."""

import pytest

from demo import listing_facts
from directory.availability import Availability
from directory.models import ClinicHoursException, RegistrationRestriction, TherapistPage

pytestmark = pytest.mark.django_db


def test_demo_has_fresh_stale_and_restricted_therapists(make_therapist):
    for number in range(20):
        make_therapist(
            f"Demo {number:02d}", clinics=({"city": "Toronto", "country": "CA", "opening_hours": "Mon 9–5"},)
        )
    first = listing_facts.load()
    assert first["confirmed"] > 0 and first["restricted"] == 3 and first["exceptions"] > 0
    states = {
        Availability.of(p.accepting_new_clients, p.accepting_confirmed_on).state for p in TherapistPage.objects.listed()
    }
    assert {"accepting", "stale"} <= states
    assert RegistrationRestriction.objects.in_force().count() == 3
    counts = (
        list(TherapistPage.objects.values_list("pk", "accepting_confirmed_on")),
        RegistrationRestriction.objects.count(),
        ClinicHoursException.objects.count(),
    )
    assert listing_facts.load() == {"confirmed": 0, "restricted": 0, "exceptions": 0}
    assert counts == (
        list(TherapistPage.objects.values_list("pk", "accepting_confirmed_on")),
        RegistrationRestriction.objects.count(),
        ClinicHoursException.objects.count(),
    )
