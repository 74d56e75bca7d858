"""Content for the hostile-input tests: one page of every public kind, built in the test database."""

import pytest

from tests.hostile.content import plain_article


@pytest.fixture
def public_content(site_tree):
    """The site skeleton plus one page of each kind the apps offer (articles, profiles)."""
    plain_article(site_tree.articles)
    return site_tree
