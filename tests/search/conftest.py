import pytest
from django.db import transaction

from home.site_tree import ensure_site_tree
from search.words import word_key
from tests.contract.dataset import build_directory


@pytest.fixture(autouse=True)
def fresh_word_keys():
    """Each test computes its word keys afresh: a key cached by an earlier test (or, under
    ``make mutation``, by the process the mutants are forked from) would hide the spelling rule."""
    word_key.cache_clear()


@pytest.fixture
def directory(site_tree):
    """The contract suite's directory (≈17 therapists), built for one test (tests that change it)."""
    return build_directory(site_tree)


@pytest.fixture(scope="module")
def shared_directory(django_db_setup, django_db_blocker):
    """The same directory built once per module, for tests that only read it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_directory(ensure_site_tree())
        transaction.set_rollback(True)
