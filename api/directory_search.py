"""The API's one door into the directory search.

The API answers therapist searches with exactly what ``/search/therapists.json`` runs: the same
``DirectoryQuery`` (parsed by ``DirectoryQuery.from_params``), the same configured back end with its
database fallback, the same listing rule inside it. Every API search goes through this function, so
pointing it at another orchestration (a search service) is a one-line change.
"""

from __future__ import annotations

from search.backends import get_backend
from search.query import DirectoryQuery, DirectoryResults


def search_directory(query: DirectoryQuery) -> DirectoryResults:
    """Run a directory search. Raises ``search.query.QueryError`` (e.g. a place nobody knows)."""
    return get_backend().search(query)
