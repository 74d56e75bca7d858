"""Demo listing facts: some therapists freshly confirmed, some stale, a few restrictions on
practice and some clinic holidays — so the demo shows every state. Idempotent: only fills what is
still empty, so a second run (on any day) changes nothing."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from demo.data import read_json
from directory.models import Clinic, ClinicHoursException, RegistrationRestriction, TherapistPage

BATCH_SIZE = 500
# (kind, text, started so many days ago, ends in so many days or None)
DEMO_RESTRICTIONS = [
    (row["kind"], row["text"], row["started_days_ago"], row["ends_in_days"]) for row in read_json("restrictions.json")
]


def _write(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


@transaction.atomic
def load(stdout=None) -> dict[str, int]:
    today = timezone.localdate()
    accepting = TherapistPage.objects.listed().filter(accepting_new_clients=True).order_by("pk")
    unset = accepting.filter(accepting_confirmed_on__isnull=True, availability_reminder_sent_on__isnull=True)
    by_days: dict[int, list[int]] = defaultdict(list)
    for pk in unset.values_list("pk", flat=True):
        # Three in five fresh (0–27 days), one in five stale (35–62 days), one in five never confirmed.
        bucket = pk % 5
        if bucket <= 2:
            by_days[pk % 28].append(pk)
        elif bucket == 3:
            by_days[35 + pk % 28].append(pk)
    # One UPDATE per date and batch, not per therapist: a benchmark-sized demo has tens of thousands.
    for days, pks in by_days.items():
        for start in range(0, len(pks), BATCH_SIZE):
            TherapistPage.objects.filter(pk__in=pks[start : start + BATCH_SIZE]).update(
                accepting_confirmed_on=today - datetime.timedelta(days=days)
            )
    confirmed = sum(len(pks) for pks in by_days.values())

    restricted = 0
    listed = list(TherapistPage.objects.listed().select_related("registration").order_by("pk"))
    if not RegistrationRestriction.objects.filter(text__in=[text for _, text, _, _ in DEMO_RESTRICTIONS]).exists():
        # Spread over the list so they show up in ordinary searches.
        step = max(1, len(listed) // (len(DEMO_RESTRICTIONS) + 1))
        for index, (kind, text, started, ends) in enumerate(DEMO_RESTRICTIONS, start=1):
            if index * step >= len(listed):
                break
            registration = listed[index * step].registration
            RegistrationRestriction.objects.create(
                registration=registration,
                kind=kind,
                text=text,
                starts_on=today - datetime.timedelta(days=started),
                ends_on=today + datetime.timedelta(days=ends) if ends is not None else None,
            )
            restricted += 1

    holidays = 0
    clinics = Clinic.objects.filter(therapist__in=[p.pk for p in listed[:: max(1, len(listed) // 6)]]).order_by("pk")
    for clinic in clinics:
        if clinic.hours_exceptions.exists():
            continue
        ClinicHoursException.objects.create(
            clinic=clinic, date=today + datetime.timedelta(days=4), closed=True, note="Staff training day"
        )
        ClinicHoursException.objects.create(
            clinic=clinic,
            date=today + datetime.timedelta(days=11),
            closed=False,
            special_hours="10:00–14:00",
            note="Short day",
        )
        holidays += 2
    _write(
        stdout,
        f"Demo trust data: {confirmed} availability confirmations, {restricted} restrictions, "
        f"{holidays} exception days.",
    )
    return {"confirmed": confirmed, "restricted": restricted, "exceptions": holidays}
