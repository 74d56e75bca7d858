"""Index documents: one per listed therapist, from the shared facet rows plus the text fields."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils.html import strip_tags

from directory.models import TherapistPage
from search.facet_rows import CHUNK_SIZE, FacetRow, facet_rows
from search.scoring import rotation_key
from search.text import name_sort_key


def therapist_documents(ids: Iterable[int]) -> Iterator[dict]:
    """Index documents for the listed therapists among ``ids`` (id order within each chunk)."""
    rows: list[FacetRow] = []
    for row in facet_rows(ids):
        rows.append(row)
        if len(rows) == CHUNK_SIZE:
            yield from _documents(rows)
            rows = []
    if rows:
        yield from _documents(rows)


def _documents(rows: list[FacetRow]) -> Iterator[dict]:
    text = {
        pk: rest
        for pk, *rest in TherapistPage.objects.filter(pk__in=[row.id for row in rows]).values_list(
            "pk", "designation", "bio", "fee_min", "registration__expires_on"
        )
    }
    for row in rows:
        if row.id not in text:  # deleted since its facet row was read
            continue
        designation, bio, fee_min, expires_on = text[row.id]
        located = [(c.latitude, c.longitude) for c in row.clinics if c.latitude is not None and c.longitude is not None]
        doc = {
            "id": row.id,
            "title": row.title,
            "name_sort": name_sort_key(row.title),
            "suggest": row.title,
            "designation": designation,
            "bio": strip_tags(bio or ""),
            "conditions": row.conditions,
            "techniques": row.techniques,
            "languages": row.languages,
            "gender": row.gender,
            "accepting": row.accepting,
            "complete": row.complete,
            "rotation": rotation_key(row.id),
            "restrictions": [
                {"starts_on": r.starts_on.isoformat(), **({"ends_on": r.ends_on.isoformat()} if r.ends_on else {})}
                for r in row.restrictions
            ],
            "direct_billing": row.direct_billing,
            "home_visits": row.home_visits,
            "wheelchair": row.wheelchair,
            "clinics": [{"location": {"lat": lat, "lon": lng}} for lat, lng in located],
            "locations": [{"lat": lat, "lon": lng} for lat, lng in located],
            "cities": " \n".join(c.city for c in row.clinics),
        }
        if fee_min is not None:
            doc["fee_min"] = float(fee_min)
        if expires_on is not None:
            doc["expires_on"] = expires_on.isoformat()
        if row.accepting_confirmed_on is not None:
            doc["accepting_confirmed_on"] = row.accepting_confirmed_on.isoformat()
        yield doc


def listed_ids() -> list[int]:
    return list(TherapistPage.objects.listed().order_by("pk").values_list("pk", flat=True))
