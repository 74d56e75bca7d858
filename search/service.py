"""The directory search, from a query to a page of results: what views, the JSON, benchmarks and
tests call.

``search_directory`` runs the text layer (``search.text.resolve``), asks the back end, adds the
text layer's notices, offers wider searches when nothing matched, and fills the result cards
(``search.presentation``). Back ends (``search.backends``) only find therapists.
"""

from __future__ import annotations

import dataclasses
from dataclasses import replace

from search.backends import get_backend
from search.backends.base import SearchBackend
from search.backends.engine import EngineBackend
from search.presentation import present
from search.query import MAX_RADIUS_KM, DirectoryQuery, DirectoryResults, Suggestion
from search.text import ResolvedQuery, resolve

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


def search_directory(
    query: DirectoryQuery, backend: SearchBackend | None = None, *, correct: bool = True, photos: bool = True
) -> DirectoryResults:
    """Answer a query with the configured back end (or ``backend``), ready to show.

    ``correct=False`` searches the words as typed, for a person who asked for exactly that
    ("search instead for …"). ``photos=False`` leaves the cards' photos out, for answers that show
    none (the JSON and the API).

    Raises QueryError for input that cannot be searched (a place the geocoder does not know).
    """
    backend = backend or get_backend()
    resolved = resolve(query, correct=correct)
    with backend.one_search():
        results = backend.run(resolved)
        relaxed: list[str] = []
        if results.total == 0 and not query.is_empty:
            wider, relaxed = relax(backend, resolved)
            if relaxed:
                resolved = wider
                results = backend.run(resolved)
        if results.total == 0 and not query.is_empty:
            results.suggestions = wider_searches(backend, resolved)
    results.query = resolved.query
    results.asked = query
    results.backend = backend.name
    results.place_label = resolved.place_label
    results.point = (resolved.lat, resolved.lng) if resolved.has_point else None
    results.notices[:0] = [*resolved.notices, *relaxed]
    results.relaxed = relaxed
    results.unused_words = resolved.unused_words
    present(results, resolved, photos=photos)
    return results


def relax(backend: SearchBackend, resolved: ResolvedQuery) -> tuple[ResolvedQuery, list[str]]:
    """When nothing matched: loosen the query one step at a time until something does.

    In order: leave out words that match no one at all, then the words that match no one together
    with the rest, then require any one of the terms named rather than all of them (the more
    matched, the higher), widen the radius to the nearest that finds someone, then drop filters
    one by one. Each step taken says so, for the page and the JSON. Counting costs one query per step
    tried, and only searches that found nothing pay it. Returns the query unchanged and no steps
    when even the loosest search finds no one.
    """
    asked, page = resolved, resolved.query.page
    steps: list[str] = []
    unmatched = tuple(word for word in resolved.words if not backend.count(_alone(resolved, word)))
    if unmatched:
        resolved = replace(
            resolved, words=tuple(w for w in resolved.words if w not in unmatched), unused_words=unmatched
        )
        steps.append(f"No therapist matched {_quoted(unmatched)}, so we left {_them(unmatched)} out.")
        if backend.count(resolved):
            return resolved, steps
    if resolved.words and (resolved.text_terms or resolved.query.active_filters or resolved.has_point):
        dropped = resolved.words
        resolved = replace(resolved, words=(), unused_words=(*resolved.unused_words, *dropped))
        steps.append(f"No therapist matched all your words: showing results without {_quoted(dropped)}.")
        if backend.count(resolved):
            return resolved, steps
    if len(resolved.text_terms) > 1:
        resolved = replace(resolved, any_term=True)
        names = ", ".join(term.name for term in resolved.text_terms)
        steps.append(f"No therapist matched all of {names}: showing those matching any, the most matched first.")
        if backend.count(resolved):
            return resolved, steps
    if resolved.has_point:
        for radius in WIDER_RADII_KM:
            if radius <= (resolved.radius_km or 0):
                continue
            wider = replace(resolved, radius_km=radius, query=dataclasses.replace(resolved.query, radius_km=radius))
            if backend.count(wider):
                steps.append(f"No therapist within {resolved.radius_km:g} km: showing those within {radius:g} km.")
                return wider, steps
    for name in resolved.query.active_filters:
        resolved = replace(resolved, **_without(resolved, name))
        resolved = replace(resolved, query=dataclasses.replace(resolved.query, page=page))
        steps.append(f"No therapist matched with {FILTER_LABELS[name]}: showing results without it.")
        if backend.count(resolved):
            return resolved, steps
    return asked, []


def _alone(resolved: ResolvedQuery, word: str) -> ResolvedQuery:
    """Only this word, with no term, filter or place: does it match anyone at all?"""
    return ResolvedQuery(query=DirectoryQuery(text=word), words=(word,))


def _quoted(words) -> str:
    return " ".join(f"“{word}”" for word in words)


def _them(words) -> str:
    return "it" if len(words) == 1 else "them"


def backend_answer(query: DirectoryQuery, backend: SearchBackend | None = None) -> DirectoryResults:
    """Only what the back end itself returns after the text layer: no notices, no card fields and
    no falling back from the engine to the database (tests compare back ends with it)."""
    backend = backend or get_backend()
    if isinstance(backend, EngineBackend):
        return backend.run_on_engine(resolve(query))
    return backend.run(resolve(query))


def autocomplete_names(prefix: str, limit: int = 5, backend: SearchBackend | None = None) -> list[tuple[int, str]]:
    """(id, name) of listed therapists whose name has a word starting with ``prefix``."""
    return (backend or get_backend()).autocomplete_names(prefix, limit)


def wider_searches(backend: SearchBackend, resolved: ResolvedQuery) -> list[Suggestion]:
    """When nothing matched: the nearest wider radius with results, and each filter dropped."""
    query = resolved.query
    offers: list[Suggestion] = []
    if resolved.has_point:
        for radius in WIDER_RADII_KM:
            if radius <= (resolved.radius_km or 0):
                continue
            total = backend.count(replace(resolved, radius_km=radius))
            if total:
                offers.append(Suggestion(f"Search within {radius:g} km", query.replace(radius_km=radius), total))
                break
    for name in query.active_filters:
        wider = replace(resolved, **_without(resolved, name))
        total = backend.count(wider)
        if total:
            offers.append(Suggestion(f"Remove {FILTER_LABELS[name]}", query.without_filter(name), total))
    if resolved.words and (resolved.text_terms or resolved.query.active_filters or resolved.has_point):
        total = backend.count(replace(resolved, words=()))
        if total:
            terms = " ".join(term.name for term in resolved.text_terms)
            offers.append(
                Suggestion(f"Search without the words “{' '.join(resolved.words)}”", query.replace(text=terms), total)
            )
    return offers


def _without(resolved: ResolvedQuery, name: str) -> dict:
    """ResolvedQuery changes that drop one filter (the query keeps the rest)."""
    query = resolved.query
    if name in ("conditions", "techniques"):
        return {name: (), "query": query.without_filter(name)}
    return {"query": query.without_filter(name)}
