"""Fixtures shared by the whole suite."""

import pytest
from wagtail.models import Site

from home import demo


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
