"""Index updates that fail are retried by the task worker until the engine is back.

Runs on django-tasks-db's database queue, production's task backend, with the real worker command.
"""

import logging
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from search.backends import get_backend
from search.query import DirectoryQuery
from search.service import backend_answer
from search.tasks import MAX_RETRY_DELAY_SECONDS, retry_delay, update_directory_index

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
INDEX_UPDATE = "search.tasks.update_directory_index"


def queued_index_updates():
    # Building pages also queues Wagtail's own tasks (its search index, references): not ours.
    return DBTaskResult.objects.filter(task_path=INDEX_UPDATE)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.SEARCH_INDEX_RETRY_SECONDS = 10
    return settings


def test_the_delay_doubles_from_the_setting_up_to_an_hour(database_queue):
    assert [retry_delay(n) for n in range(4)] == [10, 20, 40, 80]
    assert retry_delay(30) == MAX_RETRY_DELAY_SECONDS


def test_a_failed_update_is_queued_again_after_a_backoff(database_queue, directory, caplog):
    database_queue.SEARCH_ENGINE = "opensearch"
    database_queue.SEARCH_URL = "http://127.0.0.1:9"  # refused
    database_queue.SEARCH_TIMEOUT = 0.3
    database_queue.SEARCH_INDEXING_TIMEOUT = 0.3
    database_queue.SEARCH_INDEXING_RETRIES = 0
    ana = directory.pages["Ana Silva"]
    before = timezone.now()
    with caplog.at_level(logging.WARNING, logger="search"):
        update_directory_index.call([ana.pk], attempt=2)
    retry = queued_index_updates().get()
    assert retry.args_kwargs == {"args": [[ana.pk]], "kwargs": {"attempt": 3}}
    assert before + timedelta(seconds=40) <= retry.run_after <= timezone.now() + timedelta(seconds=40)
    assert "retrying in 40 s" in caplog.text


def test_the_queued_retry_brings_the_index_up_to_date_once_the_engine_is_back(
    database_queue, engine_settings, directory
):
    """The retry as the worker runs it, in-process (the worker closes its database connection
    between tasks, which would end this test's transaction; the production smoke test runs the real
    `db_worker` through an outage)."""
    call_command("rebuild_directory_index", verbosity=0)
    nora = directory.pages["Nora Pending"]
    engine_url = database_queue.SEARCH_URL
    # While the engine is down, Nora's registration is verified; the update fails and is re-queued.
    database_queue.SEARCH_URL = "http://127.0.0.1:9"
    database_queue.SEARCH_INDEXING_RETRIES = 0
    nora.registration.change_status("verified", note="checked the register")
    update_directory_index.call([nora.pk])
    retry = queued_index_updates().get()
    assert retry.args_kwargs == {"args": [[nora.pk]], "kwargs": {"attempt": 1}}
    # The engine is back, still without Nora; the retry runs and nothing further is queued.
    database_queue.SEARCH_URL = engine_url
    assert nora.pk not in backend_answer(DirectoryQuery(page_size=50), get_backend()).hit_ids
    update_directory_index.call(*retry.args_kwargs["args"], **retry.args_kwargs["kwargs"])
    assert nora.pk in backend_answer(DirectoryQuery(page_size=50), get_backend()).hit_ids
    assert queued_index_updates().count() == 1


def test_with_the_immediate_backend_a_failure_is_logged_for_a_rebuild(settings, directory, caplog):
    settings.SEARCH_ENGINE = "opensearch"
    settings.SEARCH_URL = "http://127.0.0.1:9"
    settings.SEARCH_INDEXING_TIMEOUT = 0.3
    settings.SEARCH_INDEXING_RETRIES = 0
    with caplog.at_level(logging.ERROR, logger="search"):
        update_directory_index.call([directory.pages["Ana Silva"].pk])
    assert "a rebuild will catch up" in caplog.text
    assert not queued_index_updates().exists()
