"""One directory, built once per module, searched by every back end.

The data lives in an outer transaction opened for the module and rolled back at its end, so the
~17 pages are built once rather than per test. Each engine back end gets its own osmem clone
(or, with SEARCH_TEST_URL, a prefixed index on that cluster), rebuilt from that data.
"""

import os
import uuid

import pytest
from django.db import transaction

from home.site_tree import ensure_site_tree
from search.backends.database import DatabaseBackend
from search.backends.engine import EngineBackend, EngineClient
from tests.contract.dataset import build_directory


@pytest.fixture(scope="module")
def directory(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_directory(ensure_site_tree())
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def osmem_module_clone(osmem_server):
    clone = osmem_server.clone()
    yield clone
    clone.close()


def engine_backend(engine: str, url: str) -> EngineBackend:
    return EngineBackend(
        EngineClient.connect(engine, url, timeout=10), index_prefix=f"contract_{uuid.uuid4().hex[:8]}_"
    )


@pytest.fixture(scope="module")
def backends(directory, django_db_blocker, osmem_module_clone):
    """name -> back end, all holding the same directory."""
    found = {"database": DatabaseBackend()}
    with django_db_blocker.unblock():
        found["opensearch"] = engine_backend("opensearch", osmem_module_clone.url)
        found["opensearch"].rebuild()
        if os.environ.get("SEARCH_TEST_URL"):
            # A real cluster: SEARCH_TEST_ENGINE says which client (elasticsearch 8/9, opensearch 2/3).
            engine = os.environ.get("SEARCH_TEST_ENGINE", "elasticsearch")
            found["cluster"] = engine_backend(engine, os.environ["SEARCH_TEST_URL"])
            found["cluster"].rebuild()
    yield found
    for backend in found.values():
        if isinstance(backend, EngineBackend):
            for index in backend.client.indices_for_alias(backend.alias):
                backend.client.delete_index(index)
