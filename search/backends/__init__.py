"""Directory search back ends, chosen by the SEARCH_ENGINE setting.

``database`` (the default) answers from the ORM; ``elasticsearch`` and ``opensearch`` use the
engine back end, which falls back to the database when the engine cannot answer. Each implements
``search.backends.base.SearchBackend``; what happens around a back end is ``search.service``'s.
"""

from __future__ import annotations

import functools

from django.conf import settings

from search.backends.base import SearchBackend
from search.backends.database import DatabaseBackend
from search.backends.engine import EngineBackend


@functools.cache
def _backend(engine: str, url: str, prefix: str, timeouts: tuple[float, float, int]) -> SearchBackend:
    if engine == "database":
        return DatabaseBackend()
    timeout, indexing_timeout, indexing_retries = timeouts
    return EngineBackend.from_settings(
        engine=engine,
        url=url,
        index_prefix=prefix,
        timeout=timeout,
        indexing_timeout=indexing_timeout,
        indexing_retries=indexing_retries,
    )


def get_backend() -> SearchBackend:
    """The configured back end (one instance per process and configuration)."""
    timeouts = (settings.SEARCH_TIMEOUT, settings.SEARCH_INDEXING_TIMEOUT, settings.SEARCH_INDEXING_RETRIES)
    return _backend(settings.SEARCH_ENGINE, settings.SEARCH_URL, settings.SEARCH_INDEX_PREFIX, timeouts)
