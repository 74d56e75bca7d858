"""What every directory search back end does, and the parts they share.

A back end answers a ``ResolvedQuery`` (the text layer has already expanded synonyms, corrected
typos and geocoded the place) with hits, a total and facet counts. Everything around that — the
text layer, notices, wider-search offers when nothing matched, and fetching what the result
cards show — happens here, once, so back ends differ only in how they find therapists.

Shared semantics (the contract suite pins them):
- Only listed therapists (``TherapistPage.objects.listed()``).
- Each taxonomy term named by the text matches a therapist tagged with it, or whose name or bio
  contains one of its phrases; each residual word must appear in the name, bio, designation, a
  condition/technique name or synonym, or a clinic city.
- Within one facet, chosen values are alternatives (OR); different facets combine with AND.
  A facet's counts apply every *other* active filter, so they say what ticking the box gives.
- Distance is to the therapist's nearest clinic (great circle, km); the radius filter uses it.
- Sorts: distance (then id), name (case- and accent-folded, then id), relevance (tagged term
  matches first, then text score, accepting new clients as a boost; ties by name, then id).
- "Accepting new clients" (filter, facet and boost) counts only recently confirmed ones
  (``directory.availability``); "no restrictions on practice" means none in force today.
"""

from __future__ import annotations

import logging
import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from decimal import Decimal

from search.query import BOOLEAN_FILTERS, MAX_RADIUS_KM, DirectoryQuery, DirectoryResults, Suggestion
from search.text import ResolvedQuery, resolve

logger = logging.getLogger(__name__)

EARTH_RADIUS_KM = 6371.0088
FACETS = ("conditions", "techniques", "languages", "gender", *BOOLEAN_FILTERS)
BOOLEAN_LABELS = {
    "accepting": "Accepting new clients",
    "direct_billing": "Direct billing",
    "home_visits": "Home visits",
    "wheelchair": "Wheelchair access",
    "unrestricted": "No restrictions on practice",
}
WIDER_RADII_KM = (10.0, 25.0, 50.0, 100.0, 250.0, MAX_RADIUS_KM)
FILTER_LABELS = {
    "conditions": "the condition filter",
    "techniques": "the technique filter",
    "language": "the language filter",
    "gender": "the gender filter",
    "accepting": "“accepting new clients”",
    "direct_billing": "“direct billing”",
    "home_visits": "“home visits”",
    "wheelchair": "“wheelchair access”",
    "unrestricted": "“no restrictions on practice”",
    "max_fee": "the maximum fee",
}

Progress = Callable[[int], None]


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance; the same formula the engines use (to well under a metre)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lng: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lng, max_lng) enclosing the circle; a cheap, index-friendly prefilter."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    min_lat, max_lat = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    if min_lat <= -90 or max_lat >= 90:
        return min_lat, max_lat, -180.0, 180.0
    dlng = math.degrees(radius_km / (EARTH_RADIUS_KM * math.cos(math.radians(lat))))
    if dlng >= 180:
        return min_lat, max_lat, -180.0, 180.0
    # Circles crossing the antimeridian get the full longitude range (rare; still exact after haversine).
    if lng - dlng < -180 or lng + dlng > 180:
        return min_lat, max_lat, -180.0, 180.0
    return min_lat, max_lat, lng - dlng, lng + dlng


class SearchUnavailable(Exception):
    """The back end could not answer (engine down, timed out); callers fall back."""


class SearchBackend(ABC):
    """The directory search interface: ``search``, ``index``, ``remove``, ``rebuild``."""

    name = "base"

    def search(self, query: DirectoryQuery) -> DirectoryResults:
        """Answer a query. Raises QueryError for input that cannot be searched (unknown place)."""
        resolved = resolve(query)
        results = self.run(resolved)
        results.query = query
        results.backend = self.name
        results.place_label = resolved.place_label
        results.notices[:0] = list(resolved.notices)
        if results.total == 0 and not query.is_empty:
            results.suggestions = self.wider_searches(resolved)
        from search.presentation import present

        present(results, resolved)
        return results

    def run_query(self, query: DirectoryQuery) -> DirectoryResults:
        """Only what this back end itself returns (no fallback notices or card fields): for tests."""
        return self.run(resolve(query))

    @abstractmethod
    def run(self, resolved: ResolvedQuery, *, count_only: bool = False) -> DirectoryResults:
        """Hits for the page, the total and the facets (or only the total when ``count_only``)."""

    def count(self, resolved: ResolvedQuery) -> int:
        return self.run(resolved, count_only=True).total

    def autocomplete_names(self, prefix: str, limit: int = 5) -> list[tuple[int, str]]:
        """(id, name) of listed therapists whose name has a word starting with ``prefix``."""
        from django.db.models import Q

        from directory.models import TherapistPage

        prefix = prefix.strip()
        if not prefix:
            return []
        rows = (
            TherapistPage.objects.listed()
            .filter(Q(title__istartswith=prefix) | Q(title__icontains=f" {prefix}"))
            .order_by("title", "pk")
            .values_list("pk", "title")[:limit]
        )
        return list(rows)

    def index(self, therapists: Iterable) -> None:  # noqa: B027 - a no-op where the tables are the index
        """Bring these therapists' entries up to date (removing any that are no longer listed)."""

    def remove(self, ids: Iterable[int]) -> None:  # noqa: B027
        """Drop these therapists from the index."""

    def rebuild(self, progress: Progress | None = None) -> int:
        """Re-create the index from the database; returns how many therapists it holds."""
        return 0

    def wider_searches(self, resolved: ResolvedQuery) -> list[Suggestion]:
        """When nothing matched: the nearest wider radius with results, and each filter dropped."""
        from dataclasses import replace

        query = resolved.query
        offers: list[Suggestion] = []
        if resolved.has_point:
            for radius in WIDER_RADII_KM:
                if radius <= (resolved.radius_km or 0):
                    continue
                total = self.count(replace(resolved, radius_km=radius))
                if total:
                    offers.append(Suggestion(f"Search within {radius:g} km", query.replace(radius_km=radius), total))
                    break
        for name in query.active_filters:
            wider = replace(resolved, **_without(resolved, name))
            total = self.count(wider)
            if total:
                offers.append(Suggestion(f"Remove {FILTER_LABELS[name]}", query.without_filter(name), total))
        if resolved.words and (resolved.text_terms or resolved.query.active_filters or resolved.has_point):
            total = self.count(replace(resolved, words=()))
            if total:
                terms = " ".join(term.name for term in resolved.text_terms)
                offers.append(
                    Suggestion(
                        f"Search without the words “{' '.join(resolved.words)}”", query.replace(text=terms), total
                    )
                )
        return offers


def _without(resolved: ResolvedQuery, name: str) -> dict:
    """ResolvedQuery changes that drop one filter (the query keeps the rest)."""
    query = resolved.query
    if name in ("conditions", "techniques"):
        return {name: (), "query": query.without_filter(name)}
    return {"query": query.without_filter(name)}


def fee_limit(query: DirectoryQuery) -> Decimal | None:
    return query.max_fee
