"""Fixtures shared by the whole suite."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone
from hypothesis import settings
from wagtail.models import Site

from home import site_tree as skeleton

# `make mutation` runs the closest tests once per mutant: fewer examples each, no per-example deadline
# (a loaded machine must not turn slowness into a kill).
settings.register_profile("mutation", max_examples=25, deadline=None)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: rate-limit counts and the search circuit breaker's
    state live there, and one test's engine failures must not send the next to the database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_tree(db) -> skeleton.SiteTree:
    """The page skeleton every page hangs from: home, articles index, directory index."""
    return skeleton.ensure_site_tree()


@pytest.fixture
def site(site_tree) -> Site:
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def groups(site_tree):
    return skeleton.ensure_groups(site_tree)


@pytest.fixture
def engine_settings(settings, osmem_url):
    """The directory search on the engine back end, against this test's own osmem clone."""
    settings.SEARCH_ENGINE = "opensearch"
    settings.SEARCH_URL = osmem_url
    settings.SEARCH_INDEX_PREFIX = "test_"
    # Generous: a loaded CI machine must not turn a slow answer into a silent database fallback.
    settings.SEARCH_TIMEOUT = 30
    return settings


@pytest.fixture
def set_now(monkeypatch):
    """Pin "now" (an aware datetime); timezone.localdate() follows it in the active time zone."""

    def pin(moment: datetime.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return pin
