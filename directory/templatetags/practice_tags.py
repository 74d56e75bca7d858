"""Template tags for what profiles and result cards say about a therapist's practice today:
availability for new clients, restrictions on practice and clinics' exception hours. Each fetches
what it needs once per page, not per item."""

from collections import defaultdict

from django import template
from django.utils import timezone

from directory.availability import Availability
from directory.models import ClinicHoursException

register = template.Library()

UPCOMING_EXCEPTION_DAYS = 30


@register.simple_tag
def availability_of(therapist) -> Availability:
    """What to say about new clients, from a page or a search hit (both carry the two fields)."""
    return Availability.of(therapist.accepting_new_clients, therapist.accepting_confirmed_on)


@register.simple_tag
def restrictions_in_force(registration) -> list:
    """The registration's restrictions on practice that apply today (alerts first)."""
    if registration is None or registration.pk is None:
        return []
    restrictions = list(registration.restrictions.in_force())
    restrictions.sort(key=lambda r: (r.kind != r.Kind.ALERT, -r.starts_on.toordinal(), -r.pk))
    return restrictions


@register.simple_tag(takes_context=True)
def hours_exceptions(context, clinic) -> list:
    """This clinic's exceptions from today for 30 days. One query for all the page's clinics: the
    first call fetches them for every clinic in ``clinics`` and keeps them for the render."""
    # Kept in the context's root dict, which lives for the whole render (includes and loops push
    # and pop their own dicts above it).
    root = context.dicts[0]
    cache = root.get("_hours_exceptions")
    if cache is None:
        clinics = context.get("clinics") or [clinic]
        ids = [c.pk for c in clinics if c.pk] or [clinic.pk]
        cache = defaultdict(list)
        for exception in ClinicHoursException.objects.filter(clinic_id__in=ids).upcoming(days=UPCOMING_EXCEPTION_DAYS):
            cache[exception.clinic_id].append(exception)
        root["_hours_exceptions"] = cache
    return cache.get(clinic.pk, [])


@register.filter
def is_today(date) -> bool:
    return date == timezone.localdate()
