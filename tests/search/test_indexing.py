"""Indexing hooks and rebuilds against a real engine process (osmem), and the fallback."""

import logging

import pytest
from django.core.management import call_command
from django.db import transaction

from articles.models import Condition
from search.backends import get_backend
from search.backends.base import SearchUnavailable
from search.backends.engine import FALLBACK_NOTICE, EngineBackend
from search.query import DirectoryQuery
from search.service import backend_answer, search_directory
from tests.contract.dataset import LISTED

pytestmark = [pytest.mark.django_db, pytest.mark.engine]


def engine_ids(text: str = "", **filters) -> set[int]:
    backend = get_backend()
    assert isinstance(backend, EngineBackend)
    results = backend_answer(DirectoryQuery(text=text, page_size=50, **filters), backend)
    return set(results.hit_ids)


def test_rebuild_command_indexes_listed_therapists_only(engine_settings, directory, capsys):
    call_command("rebuild_directory_index")
    assert "Indexed 13 listed therapists" in capsys.readouterr().out
    assert engine_ids() == directory.ids(*[t for t in directory.pages if t in LISTED])
    first = get_backend().client.indices_for_alias(get_backend().alias)
    call_command("rebuild_directory_index")  # again: a new index replaces the old one
    second = get_backend().client.indices_for_alias(get_backend().alias)
    assert len(first) == len(second) == 1 and first != second
    assert not get_backend().client.index_exists(first[0])


def test_publish_registration_unpublish_and_delete_follow_after_commit(
    engine_settings, directory, django_capture_on_commit_callbacks
):
    call_command("rebuild_directory_index", verbosity=0)
    ana = directory.pages["Ana Silva"]
    nora = directory.pages["Nora Pending"]
    assert nora.pk not in engine_ids()

    with django_capture_on_commit_callbacks(execute=True):
        nora.registration.change_status("verified", note="checked the register")
    assert nora.pk in engine_ids()

    with django_capture_on_commit_callbacks(execute=True):
        ana.registration.change_status("suspended")
    assert ana.pk not in engine_ids()

    julia = directory.pages["Julia Rossi"]
    with django_capture_on_commit_callbacks(execute=True):
        julia.title = "Julia Rossi-Bianchi"
        julia.save_revision().publish()
    assert julia.pk in engine_ids("bianchi")

    with django_capture_on_commit_callbacks(execute=True):
        julia.unpublish()
    assert julia.pk not in engine_ids()

    isaac = directory.pages["Isaac Brown"]
    with django_capture_on_commit_callbacks(execute=True):
        isaac.delete()
    assert isaac.pk not in engine_ids()


def test_taxonomy_rename_reindexes_tagged_therapists(engine_settings, directory, django_capture_on_commit_callbacks):
    call_command("rebuild_directory_index", verbosity=0)
    assert engine_ids("shoulder") == set()
    with django_capture_on_commit_callbacks(execute=True):
        condition = Condition.objects.get(slug="neck-pain")
        condition.name = "Neck and shoulder pain"
        condition.save()
    assert engine_ids("shoulder") == directory.ids("David Chen", "Julia Rossi", "Mateo Alvarez")


def test_nothing_reaches_the_engine_before_commit(engine_settings, directory):
    call_command("rebuild_directory_index", verbosity=0)
    nora = directory.pages["Nora Pending"]
    with transaction.atomic():
        nora.registration.change_status("verified")
        assert nora.pk not in engine_ids()  # on_commit callbacks have not run


def test_engine_down_falls_back_to_database_and_says_so(settings, directory, client, caplog):
    settings.SEARCH_ENGINE = "opensearch"
    settings.SEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.SEARCH_TIMEOUT = 0.5
    with caplog.at_level(logging.WARNING, logger="search"):
        results = search_directory(DirectoryQuery(text="sciatica"))
    assert results.total == 7
    assert FALLBACK_NOTICE in results.notices
    assert "using the database" in caplog.text
    response = client.get("/search/therapists/?q=sciatica")
    assert response.status_code == 200
    assert "results may be incomplete" in response.content.decode()


def test_engine_down_never_breaks_an_editors_save(settings, directory, django_capture_on_commit_callbacks, caplog):
    settings.SEARCH_ENGINE = "opensearch"
    settings.SEARCH_URL = "http://127.0.0.1:9"
    settings.SEARCH_TIMEOUT = 0.5
    ana = directory.pages["Ana Silva"]
    with caplog.at_level(logging.ERROR, logger="search"), django_capture_on_commit_callbacks(execute=True):
        ana.title = "Ana Silva Costa"
        ana.save_revision().publish()
    assert "a rebuild will catch up" in caplog.text
    ana.refresh_from_db()
    assert ana.title == "Ana Silva Costa"


def test_an_update_never_creates_the_index_only_a_rebuild_does(engine_settings, directory):
    # Two first updates racing to create an index would each add theirs to the alias; a real
    # cluster then refuses writes to it and returns every hit twice.
    backend = get_backend()
    with pytest.raises(SearchUnavailable, match="rebuild_directory_index"):
        backend.index([directory.pages["Ana Silva"].pk])
    assert backend.client.indices_for_alias(backend.alias) == []
    call_command("rebuild_directory_index", verbosity=0)
    backend.index([directory.pages["Ana Silva"].pk])
    assert len(backend.client.indices_for_alias(backend.alias)) == 1
