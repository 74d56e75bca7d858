"""Index updates as background tasks (django-tasks, as Wagtail's own index updates are).

With the immediate backend (dev, tests) they run right after the commit; with a worker backend
in production a slow or failing engine never slows or fails an editor's save. Either way errors
are logged, never raised into the request, and ``rebuild_directory_index`` catches up later.
"""

from __future__ import annotations

import logging

from django_tasks import task

from search.backends import get_backend

logger = logging.getLogger(__name__)


@task()
def update_directory_index(therapist_ids: list[int]) -> None:
    """Re-index these therapists; any no longer listed are removed from the index."""
    try:
        get_backend().index(therapist_ids)
    except Exception:
        logger.exception("Directory index update failed for therapists %s; a rebuild will catch up.", therapist_ids)


@task()
def remove_from_directory_index(therapist_ids: list[int]) -> None:
    try:
        get_backend().remove(therapist_ids)
    except Exception:
        logger.exception("Removing therapists %s from the directory index failed.", therapist_ids)
