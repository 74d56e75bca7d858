"""Index updates as background tasks (django-tasks, as Wagtail's own index updates are).

With the immediate backend (dev, tests) they run right after the commit; with the database queue
in production (``db_worker``) a slow or failing engine never slows or fails an editor's save. An
update that fails is retried by the worker after ``SEARCH_INDEX_RETRY_SECONDS``, doubling each time
up to an hour, so changes made while the engine is down reach it by themselves once it is back.
A backend that cannot defer (the immediate one) logs the failure; ``rebuild_directory_index``
catches up.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from search.backends import get_backend

logger = logging.getLogger(__name__)

MAX_RETRY_DELAY_SECONDS = 3600
# 48 tries: a day and more of outage at the capped delay, then a rebuild is the way back.
MAX_ATTEMPTS = 48


@task()
def update_directory_index(therapist_ids: list[int], attempt: int = 0) -> None:
    """Re-index these therapists; any no longer listed are removed from the index."""
    try:
        get_backend().index(therapist_ids)
    except Exception:
        retry_later(update_directory_index, therapist_ids, attempt, "Directory index update")


@task()
def remove_from_directory_index(therapist_ids: list[int], attempt: int = 0) -> None:
    try:
        get_backend().remove(therapist_ids)
    except Exception:
        retry_later(remove_from_directory_index, therapist_ids, attempt, "Removal from the directory index")


def retry_delay(attempt: int) -> float:
    return min(settings.SEARCH_INDEX_RETRY_SECONDS * 2**attempt, MAX_RETRY_DELAY_SECONDS)


def retry_later(index_task, therapist_ids: list[int], attempt: int, what: str) -> None:
    """Queue the same update again after a backoff, where the task backend can defer work."""
    if not index_task.get_backend().supports_defer or attempt + 1 >= MAX_ATTEMPTS:
        logger.exception("%s failed for therapists %s; a rebuild will catch up.", what, therapist_ids)
        return
    delay = retry_delay(attempt)
    index_task.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(therapist_ids, attempt=attempt + 1)
    logger.warning("%s failed for therapists %s (try %s); retrying in %.0f s.", what, therapist_ids, attempt + 1, delay)
