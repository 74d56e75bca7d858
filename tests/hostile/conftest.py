"""Content for the hostile-input tests: one page of every public kind, built in the test database."""

import pytest


@pytest.fixture
def public_content(site_tree):
    """The site skeleton plus whatever pages the apps offer (articles, profiles), once they exist."""
    return site_tree
