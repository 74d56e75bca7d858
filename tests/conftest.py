"""Fixtures shared by the whole suite."""

import pytest
from hypothesis import settings
from wagtail.models import Site

from home import demo

# `make mutation` runs the closest tests once per mutant: fewer examples each, no per-example deadline
# (a loaded machine must not turn slowness into a kill).
settings.register_profile("mutation", max_examples=25, deadline=None)


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
