"""Fixtures shared by the whole suite."""

import pytest
from django.core.cache import cache
from wagtail.models import Site

from home import demo


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters live in the cache, keyed by address and account id: tests reuse both
    (127.0.0.1, ids after a rollback), so each test starts with an empty cache."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_tree(db) -> demo.SiteTree:
    """The page skeleton every page hangs from: home, articles index, directory index."""
    return demo.ensure_site_tree()


@pytest.fixture
def site(site_tree) -> Site:
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def groups(site_tree):
    return demo.ensure_groups(site_tree)


@pytest.fixture
def engine_settings(settings, osmem_url):
    """The directory search on the engine back end, against this test's own osmem clone."""
    settings.SEARCH_ENGINE = "opensearch"
    settings.SEARCH_URL = osmem_url
    settings.SEARCH_INDEX_PREFIX = "test_"
    # Generous: a loaded CI machine must not turn a slow answer into a silent database fallback.
    settings.SEARCH_TIMEOUT = 30
    return settings
