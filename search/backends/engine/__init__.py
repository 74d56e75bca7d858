"""The search-engine back end: one implementation for Elasticsearch 8/9 and OpenSearch 2/3.

It keeps to the query DSL both engines share (bool, constant_score, match/multi_match,
match_phrase, terms, range, geo_distance filter and sort, filter + terms aggregations,
search_as_you_type) and talks to each through its own Python client, chosen by ``SEARCH_ENGINE``.

- ``client``: the calls we make, one ``EngineClient`` subclass per client library;
- ``mapping``: the index settings and mapping; ``documents``: one document per listed therapist;
- ``queries``: a resolved query as a request body, and the response read back as results;
- ``indexing``: index and remove documents, rebuild into a new index and swap the alias;
- ``backend``: ``EngineBackend``, the ``SearchBackend`` that ties them together and falls back
  to the database when the engine cannot answer.
"""

from search.backends.engine.backend import FALLBACK_NOTICE, EngineBackend
from search.backends.engine.client import ElasticsearchClient, EngineClient, OpenSearchClient

__all__ = ["FALLBACK_NOTICE", "ElasticsearchClient", "EngineBackend", "EngineClient", "OpenSearchClient"]
