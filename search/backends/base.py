"""The directory search back-end interface: what every back end does, and nothing more.

A back end answers a ``ResolvedQuery`` (the text layer has already expanded synonyms, corrected
typos and geocoded the place) with hits, a total and facet counts, and keeps its index in step
with the database. Everything around that — the text layer, notices, wider-search offers and
the result cards — is ``search.service``'s, so back ends differ only in how they find therapists.

Shared semantics (the contract suite pins them):
- Only listed therapists (``TherapistPage.objects.listed()``).
- Each taxonomy term named by the text matches a therapist tagged with it, or whose name or bio
  contains one of its phrases; each residual word must appear in the name, bio, designation, a
  condition/technique name or synonym, or a clinic city.
- Within one facet, chosen values are alternatives (OR); different facets combine with AND.
  A facet's counts apply every *other* active filter, so they say what ticking the box gives.
- Distance is to the therapist's nearest clinic (great circle, km); the radius filter uses it.
- Sorts: distance (then id), name (case- and accent-folded, then id), relevance (the weights of
  ``search.scoring``; ties by name, then id).
- "Accepting new clients" (filter, facet and boost) counts only recently confirmed ones
  (``directory.availability``); "no restrictions on practice" means none in force today.
"""

from __future__ import annotations

import contextlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable

from search.query import DirectoryResults
from search.text import ResolvedQuery

Progress = Callable[[int], None]


class SearchUnavailable(Exception):
    """The back end could not answer (engine down, timed out); callers fall back."""


class SearchBackend(ABC):
    """The directory search interface: ``run``, ``count``, ``autocomplete_names``, ``index``,
    ``remove``, ``rebuild``."""

    name = "base"

    @abstractmethod
    def run(self, resolved: ResolvedQuery, *, count_only: bool = False) -> DirectoryResults:
        """Hits for the page, the total and the facets (or only the total when ``count_only``)."""

    def one_search(self) -> contextlib.AbstractContextManager:
        """Around the questions of one search: its run and, when nothing matched, the count of
        every wider step it tries. They share their text, so a back end may keep what it found
        until the search ends."""
        return contextlib.nullcontext()

    def count(self, resolved: ResolvedQuery) -> int:
        return self.run(resolved, count_only=True).total

    @abstractmethod
    def autocomplete_names(self, prefix: str, limit: int = 5) -> list[tuple[int, str]]:
        """(id, name) of listed therapists whose name has a word starting with ``prefix``."""

    def index(self, therapists: Iterable) -> None:  # noqa: B027 - a no-op where the tables are the index
        """Bring these therapists' entries up to date (removing any that are no longer listed)."""

    def remove(self, ids: Iterable[int]) -> None:  # noqa: B027
        """Drop these therapists from the index."""

    def rebuild(self, progress: Progress | None = None) -> int:
        """Re-create the index from the database; returns how many therapists it holds."""
        return 0
