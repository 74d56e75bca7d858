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


# The worker closes its database connections between tasks, as a long-running process should: on
# PostgreSQL that ends a test's wrapping transaction, so this test commits for real.
@pytest.mark.django_db(transaction=True)
def test_the_worker_brings_the_index_up_to_date_once_the_engine_is_back(database_queue, engine_settings, directory):
    call_command("rebuild_directory_index", verbosity=0)
    DBTaskResult.objects.all().delete()  # what building the directory queued is not this test's
    nora = directory.pages["Nora Pending"]
    engine_url = database_queue.SEARCH_URL
    # While the engine is down, Nora's registration is verified: the update is queued, the worker
    # runs it, it fails, and the worker queues it again for later.
    database_queue.SEARCH_URL = "http://127.0.0.1:9"
    database_queue.SEARCH_INDEXING_RETRIES = 0
    nora.registration.change_status("verified", note="checked the register")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    retry = queued_index_updates().get(status="READY")
    assert retry.args_kwargs == {"args": [[nora.pk]], "kwargs": {"attempt": 1}}
    # The engine is back; the retry falls due and the worker runs it.
    database_queue.SEARCH_URL = engine_url
    queued_index_updates().filter(pk=retry.pk).update(run_after=timezone.now() - timedelta(seconds=1))
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert queued_index_updates().get(pk=retry.pk).status == "SUCCESSFUL"
    assert nora.pk in backend_answer(DirectoryQuery(page_size=50), get_backend()).hit_ids


def test_with_the_immediate_backend_a_failure_is_logged_for_a_rebuild(settings, directory, caplog):
    settings.SEARCH_ENGINE = "opensearch"
    settings.SEARCH_URL = "http://127.0.0.1:9"
    settings.SEARCH_INDEXING_TIMEOUT = 0.3
    settings.SEARCH_INDEXING_RETRIES = 0
    with caplog.at_level(logging.ERROR, logger="search"):
        update_directory_index.call([directory.pages["Ana Silva"].pk])
    assert "a rebuild will catch up" in caplog.text
    assert not queued_index_updates().exists()
