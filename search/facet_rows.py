"""The facet values of listed therapists, read once for both back ends.

The engine back end's documents and the database back end's bitmaps filter and count on the same
facts: a therapist's conditions, techniques, languages, gender, yes/no flags and clinics. They
are read here, as plain rows a chunk at a time (a handful of queries per chunk, no model
instances: building pages with prefetched relations spent most of a 10k rebuild's time in the
ORM), so a new filter is added to ``FacetRow`` and both back ends see it.

Rules that depend on the date ("accepting" only while recently confirmed, restrictions in force)
stay with the directory (``directory.availability``, ``RegistrationRestriction``): a row keeps
the dates, the bitmaps judge them when built, the engine at query time.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models.functions import Coalesce, Length

from articles.models import Condition, Technique
from directory.availability import is_fresh
from directory.models import Clinic, Language, RegistrationRestriction, TherapistPage

CHUNK_SIZE = 1000
# A bio shorter than this (in characters of stored rich text) does not make a profile complete.
COMPLETE_BIO_CHARS = 120
# Facets whose values are words (slugs, codes); the others are yes/no (``search.query.BOOLEAN_FILTERS``).
KEYWORD_FACETS = ("conditions", "techniques", "languages", "gender")


class ClinicRow(NamedTuple):
    city: str
    latitude: float | None
    longitude: float | None
    wheelchair_access: bool


class RestrictionRow(NamedTuple):
    starts_on: datetime.date
    ends_on: datetime.date | None


@dataclass(slots=True)
class FacetRow:
    """One listed therapist, as far as filters, facets and sorts are concerned."""

    id: int
    title: str
    gender: str  # folded: stripped, lower case; "" when not given
    accepting: bool  # as the therapist said it; counts only while confirmed recently
    accepting_confirmed_on: datetime.date | None
    direct_billing: bool
    home_visits: bool
    conditions: list[str]  # slugs, sorted
    techniques: list[str]  # slugs, sorted
    languages: list[str]  # lower-cased codes, sorted
    clinics: list[ClinicRow]  # in the profile's order
    restrictions: list[RestrictionRow]
    has_photo: bool = False
    bio_chars: int = 0

    @property
    def complete(self) -> bool:
        """Enough for a person to judge: photo, a real bio, a clinic on the map, a condition."""
        return (
            self.has_photo
            and self.bio_chars >= COMPLETE_BIO_CHARS
            and bool(self.conditions)
            and any(c.latitude is not None and c.longitude is not None for c in self.clinics)
        )

    @property
    def wheelchair(self) -> bool:
        return any(clinic.wheelchair_access for clinic in self.clinics)

    def values(self) -> dict[str, list[str]]:
        """Facet name -> this therapist's values in it (``KEYWORD_FACETS``)."""
        return {
            "conditions": self.conditions,
            "techniques": self.techniques,
            "languages": self.languages,
            "gender": [self.gender] if self.gender else [],
        }

    def flags(self, today: datetime.date) -> dict[str, bool]:
        """Each yes/no filter (``search.query.BOOLEAN_FILTERS``) as it stands on ``today``."""
        return {
            "accepting": self.accepting and is_fresh(self.accepting_confirmed_on, today),
            "direct_billing": self.direct_billing,
            "home_visits": self.home_visits,
            "wheelchair": self.wheelchair,
            # The directory's own rule for "in force", applied to the row's dates (no query, no save).
            "unrestricted": not any(
                RegistrationRestriction(starts_on=r.starts_on, ends_on=r.ends_on).is_in_force(today)
                for r in self.restrictions
            ),
        }


def facet_rows(ids: Iterable[int] | None = None, *, today: datetime.date | None = None) -> Iterator[FacetRow]:
    """Listed therapists — every one, or those among ``ids`` — in id order (within each chunk of ids).

    Everyone is read in one pass over each table (the bitmaps want all of it at once); given ids
    are read ``CHUNK_SIZE`` at a time (index updates and rebuilds stream them).
    """
    slugs = {
        "conditions": dict(Condition.objects.values_list("pk", "slug")),
        "techniques": dict(Technique.objects.values_list("pk", "slug")),
    }
    codes = {pk: code.lower() for pk, code in Language.objects.values_list("pk", "code")}
    listed = TherapistPage.objects.listed(today=today)
    if ids is None:
        yield from _read(listed, None, slugs, codes)
        return
    ids = list(ids)
    for start in range(0, len(ids), CHUNK_SIZE):
        chunk = ids[start : start + CHUNK_SIZE]
        yield from _read(listed.filter(pk__in=chunk), chunk, slugs, codes)


def _read(therapists, chunk: list[int] | None, slugs: dict, codes: dict) -> Iterator[FacetRow]:
    def of_chunk(queryset, column: str):
        return queryset if chunk is None else queryset.filter(**{f"{column}__in": chunk})

    rows = (
        therapists.order_by("pk")
        .annotate(bio_chars=Coalesce(Length("bio"), 0))
        .values_list(
            "pk",
            "title",
            "gender",
            "accepting_new_clients",
            "accepting_confirmed_on",
            "direct_billing",
            "home_visits",
            "photo_id",
            "bio_chars",
        )
    )
    tags: dict[str, dict[int, list[str]]] = {}
    for facet, column in (("conditions", "condition_id"), ("techniques", "technique_id")):
        through = getattr(TherapistPage, facet).through.objects
        tags[facet] = grouped(
            (pk, slugs[facet][term])
            for pk, term in of_chunk(through, "therapistpage_id").values_list("therapistpage_id", column)
        )
    through = TherapistPage.languages.through.objects
    languages = grouped(
        (pk, codes[language])
        for pk, language in of_chunk(through, "therapistpage_id").values_list("therapistpage_id", "language_id")
    )
    clinics = grouped(
        (row[0], ClinicRow(*row[1:]))
        for row in of_chunk(Clinic.objects, "therapist_id")
        .order_by("therapist_id", "sort_order", "pk")
        .values_list("therapist_id", "city", "latitude", "longitude", "wheelchair_access")
    )
    restrictions = grouped(
        (row[0], RestrictionRow(*row[1:]))
        for row in of_chunk(RegistrationRestriction.objects, "registration__therapist_id")
        .order_by("pk")
        .values_list("registration__therapist_id", "starts_on", "ends_on")
    )
    for pk, title, gender, accepting, confirmed_on, direct_billing, home_visits, photo_id, bio_chars in rows:
        yield FacetRow(
            id=pk,
            title=title,
            gender=gender.strip().lower(),
            accepting=accepting,
            accepting_confirmed_on=confirmed_on,
            direct_billing=direct_billing,
            home_visits=home_visits,
            conditions=sorted(tags["conditions"].get(pk, [])),
            techniques=sorted(tags["techniques"].get(pk, [])),
            languages=sorted(languages.get(pk, [])),
            clinics=clinics.get(pk, []),
            restrictions=restrictions.get(pk, []),
            has_photo=photo_id is not None,
            bio_chars=bio_chars,
        )


def grouped(pairs: Iterable[tuple[int, Any]]) -> dict[int, list]:
    """Key -> the values paired with it, in the order they came."""
    found: dict[int, list] = {}
    for key, value in pairs:
        found.setdefault(key, []).append(value)
    return found
