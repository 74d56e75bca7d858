"""The few engine calls the back end makes, one subclass per client library.

Both libraries speak the same DSL; they differ in how a call takes its arguments (the
``elasticsearch`` 8/9 client wants named ``settings``/``mappings``/``actions``, ``opensearch-py``
a ``body``) and in their bulk helper. Each library is imported when its client is first used:
a site runs one of them, and importing both would add about half a second to every start-up.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import Any, ClassVar

from search.backends.engine.mapping import INDEX_SETTINGS, MAPPINGS

BULK_CHUNK = 1000


class EngineClient(ABC):
    """What both clients do alike; subclasses differ where their signatures do."""

    engine: ClassVar[str] = ""

    def __init__(self, client: Any):
        self.client = client

    @staticmethod
    def connect(engine: str, url: str, timeout: float, *, retries: int = 0) -> EngineClient:
        """A client for ``SEARCH_ENGINE`` (``elasticsearch``; anything else is ``opensearch``).

        Searches use ``retries=0``: a slow engine falls back to the database instead of retrying.
        """
        if engine == ElasticsearchClient.engine:
            return ElasticsearchClient.for_url(url, timeout, retries)
        return OpenSearchClient.for_url(url, timeout, retries)

    @classmethod
    @abstractmethod
    def for_url(cls, url: str, timeout: float, retries: int = 0) -> EngineClient:
        """Connect to the engine at ``url``, retrying a failed call ``retries`` times."""

    def search(self, index: str, body: dict) -> dict:
        return self.client.search(index=index, body=body)

    def create_index(self, name: str, *, bulk_loading: bool = False) -> None:
        # While a rebuild fills a new index nobody searches yet, periodic refreshes are wasted work.
        settings = {**INDEX_SETTINGS, "refresh_interval": "-1"} if bulk_loading else INDEX_SETTINGS
        self._create_index(name, settings)

    @abstractmethod
    def _create_index(self, name: str, settings: dict) -> None:
        """Create an index with these settings and ``MAPPINGS``."""

    def end_bulk_loading(self, name: str) -> None:
        """Back to the engine's default refresh interval, then make everything loaded searchable."""
        self._put_settings(name, {"index": {"refresh_interval": None}})
        self.refresh(name)

    @abstractmethod
    def _put_settings(self, name: str, settings: dict) -> None:
        """Change an index's settings."""

    @abstractmethod
    def update_aliases(self, actions: list[dict]) -> None:
        """Apply alias actions in one atomic call."""

    def indices_for_alias(self, alias: str) -> list[str]:
        if not self.client.indices.exists_alias(name=alias):
            return []
        return sorted(dict(self.client.indices.get_alias(name=alias)))

    def index_exists(self, name: str) -> bool:
        return bool(self.client.indices.exists(index=name))

    def delete_index(self, name: str) -> None:
        self.client.indices.delete(index=name)

    def refresh(self, index: str) -> None:
        self.client.indices.refresh(index=index)

    @abstractmethod
    def bulk(self, actions: Iterable[dict]) -> tuple[int, list]:
        """Send index/delete actions in chunks; (successes, errors), raising only on connection trouble."""


class ElasticsearchClient(EngineClient):
    """Elasticsearch 8/9 through the ``elasticsearch`` 8.x client (its ``compatible-with=8`` media
    types are accepted by 8.x and 9.x servers; a 9.x client's are refused by every 8.x server)."""

    engine = "elasticsearch"

    @classmethod
    def for_url(cls, url: str, timeout: float, retries: int = 0) -> ElasticsearchClient:
        from elasticsearch import Elasticsearch

        return cls(Elasticsearch(url, request_timeout=timeout, max_retries=retries, retry_on_timeout=retries > 0))

    def search(self, index: str, body: dict) -> dict:
        # The 8/9 clients still take a whole request body, which keeps the DSL identical.
        return dict(self.client.search(index=index, body=body))

    def _create_index(self, name: str, settings: dict) -> None:
        self.client.indices.create(index=name, settings=settings, mappings=MAPPINGS)

    def _put_settings(self, name: str, settings: dict) -> None:
        self.client.indices.put_settings(index=name, settings=settings)

    def update_aliases(self, actions: list[dict]) -> None:
        self.client.indices.update_aliases(actions=actions)

    def bulk(self, actions: Iterable[dict]) -> tuple[int, list]:
        from elasticsearch.helpers import bulk

        return bulk(self.client, actions, chunk_size=BULK_CHUNK, raise_on_error=False, raise_on_exception=True)


class OpenSearchClient(EngineClient):
    """OpenSearch 2/3 through ``opensearch-py``."""

    engine = "opensearch"

    @classmethod
    def for_url(cls, url: str, timeout: float, retries: int = 0) -> OpenSearchClient:
        from opensearchpy import OpenSearch

        return cls(OpenSearch(hosts=[url], timeout=timeout, max_retries=retries, retry_on_timeout=retries > 0))

    def _create_index(self, name: str, settings: dict) -> None:
        self.client.indices.create(index=name, body={"settings": settings, "mappings": MAPPINGS})

    def _put_settings(self, name: str, settings: dict) -> None:
        self.client.indices.put_settings(index=name, body=settings)

    def update_aliases(self, actions: list[dict]) -> None:
        self.client.indices.update_aliases(body={"actions": actions})

    def bulk(self, actions: Iterable[dict]) -> tuple[int, list]:
        from opensearchpy.helpers import bulk

        return bulk(self.client, actions, chunk_size=BULK_CHUNK, raise_on_error=False, raise_on_exception=True)
