"""The engine back end: answers from the index, and from the database when the engine cannot.

If the engine fails, times out or answers with an error, the query is answered by the database
back end and the page says results may be incomplete; the error is logged, never raised. After
repeated failures the shared circuit breaker (``breaker.py``) skips the engine for a cool-off, so
a hung engine does not make every visitor wait out the timeout.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from search.backends.base import Progress, SearchBackend
from search.backends.database import DatabaseBackend
from search.backends.engine.breaker import guarded
from search.backends.engine.client import EngineClient
from search.backends.engine.indexing import DirectoryIndex
from search.backends.engine.queries import autocomplete_body, read_results, search_body
from search.query import DirectoryResults
from search.text import ResolvedQuery

logger = logging.getLogger(__name__)

FALLBACK_NOTICE = "Search is running in a reduced mode right now; results may be incomplete."


class EngineBackend(SearchBackend):
    name = "engine"

    def __init__(
        self,
        client: EngineClient,
        index_prefix: str = "",
        fallback: SearchBackend | None = None,
        indexing_client: EngineClient | None = None,
    ):
        self.client = client
        self.alias = f"{index_prefix}directory"
        # Writes may wait longer and retry: they run in the task worker, not in a visitor's request.
        self.directory_index = DirectoryIndex(indexing_client or client, self.alias)
        self.fallback = fallback or DatabaseBackend()

    @classmethod
    def from_settings(
        cls, *, engine: str, url: str, index_prefix: str, timeout: float, indexing_timeout: float, indexing_retries: int
    ) -> EngineBackend:
        return cls(
            EngineClient.connect(engine, url, timeout),
            index_prefix,
            indexing_client=EngineClient.connect(engine, url, indexing_timeout, retries=indexing_retries),
        )

    # --- search ----------------------------------------------------------------------------

    def run(self, resolved: ResolvedQuery, *, count_only: bool = False) -> DirectoryResults:
        def from_database() -> DirectoryResults:
            results = self.fallback.run(resolved, count_only=count_only)
            results.notices.append(FALLBACK_NOTICE)
            return results

        return guarded(lambda: self.run_on_engine(resolved, count_only=count_only), from_database)

    def run_on_engine(self, resolved: ResolvedQuery, *, count_only: bool = False) -> DirectoryResults:
        """The engine's own answer, never falling back (tests compare it with the database's)."""
        response = self.client.search(self.alias, search_body(resolved, count_only=count_only))
        return read_results(response, resolved, count_only=count_only)

    def autocomplete_names(self, prefix: str, limit: int = 5) -> list[tuple[int, str]]:
        def from_engine() -> list[tuple[int, str]]:
            response = self.client.search(self.alias, autocomplete_body(prefix, limit))
            return [(int(h["_source"]["id"]), h["_source"]["title"]) for h in response["hits"]["hits"]]

        return guarded(from_engine, lambda: self.fallback.autocomplete_names(prefix, limit))

    # --- indexing --------------------------------------------------------------------------

    def index(self, therapists: Iterable, *, refresh: bool = True) -> None:
        self.directory_index.index(therapists, refresh=refresh)

    def remove(self, ids: Iterable[int], *, refresh: bool = True) -> None:
        self.directory_index.remove(ids, refresh=refresh)

    def rebuild(self, progress: Progress | None = None) -> int:
        return self.directory_index.rebuild(progress)
