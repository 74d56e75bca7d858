"""Content for the hostile-input tests: one page of every public kind, built in the test database."""

import pytest

from tests.hostile.content import listed_therapist, plain_article


@pytest.fixture
def public_content(site_tree):
    """The site skeleton plus one page of each kind the apps offer: an article and a listed profile."""
    plain_article(site_tree.articles)
    listed_therapist(site_tree.directory, "Dana Example", slug="dana-example")
    return site_tree
