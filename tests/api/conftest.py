"""Fixtures for the public API's tests: the demo site, built once per module, and a clean cache."""

import pytest
from django.db import transaction

from demo import articles as articles_demo
from demo import listing_facts
from demo import therapists as directory_demo
from home import site_tree
from search.backends.bitmaps import directory_changed


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker):
    """What ``make run`` loads, at a small size: reviewed articles, a directory of listed and
    unlisted therapists with photos, availability, restrictions and clinic holidays."""
    with django_db_blocker.unblock(), transaction.atomic():
        tree = site_tree.ensure_site_tree()
        articles_demo.load()
        directory_demo.load(12)
        listing_facts.load()
        directory_changed()
        yield tree
        transaction.set_rollback(True)
