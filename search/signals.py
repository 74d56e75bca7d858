"""Keep the directory index and the text layer's vocabulary in step with the database.

Every index change waits for the transaction to commit (``transaction.on_commit``), so a rolled
back edit never reaches the engine, and runs as a task, so engine trouble never breaks a save.
The database back end needs no index; its ``index``/``remove`` do nothing, but the vocabulary
(taxonomy, therapist names, clinic cities, article words) is still refreshed, and its facet bitmaps are marked
stale in the writer's own transaction (``directory_changed``), for every process.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from articles.models import ArticlePage, Condition, Technique
from directory.models import Clinic, Language, Registration, RegistrationRestriction, TherapistPage
from directory.signals import registration_changed as directory_registration_changed
from search.backends.bitmaps import directory_changed
from search.tasks import remove_from_directory_index, update_directory_index
from search.text import invalidate_vocabulary

logger = logging.getLogger(__name__)


def _enqueue(task, ids: list[int]) -> None:
    def run() -> None:
        try:
            task.enqueue(ids)
        except Exception:  # a broken queue must not break the editor's save either
            logger.exception("Could not queue a directory index update for %s.", ids)

    transaction.on_commit(run)


def therapist_published(sender, instance, **kwargs) -> None:
    invalidate_vocabulary()
    _enqueue(update_directory_index, [instance.pk])


def therapist_unpublished(sender, instance, **kwargs) -> None:
    invalidate_vocabulary()
    _enqueue(remove_from_directory_index, [instance.pk])


def therapist_deleted(sender, instance, **kwargs) -> None:
    invalidate_vocabulary()
    _enqueue(remove_from_directory_index, [instance.pk])


def registration_changed(sender, therapist_id: int | None = None, instance=None, **kwargs) -> None:
    therapist_id = therapist_id if therapist_id is not None else getattr(instance, "therapist_id", None)
    if therapist_id is None:
        return
    invalidate_vocabulary()
    directory_changed()  # also after commit: some changes (a confirmation) are plain UPDATEs
    _enqueue(update_directory_index, [therapist_id])


def taxonomy_changed(sender, instance, **kwargs) -> None:
    """The vocabulary changes; a changed slug also changes every tagged therapist's document."""
    invalidate_vocabulary()
    if instance.pk is None:
        return
    ids = list(instance.therapists.values_list("pk", flat=True)) if kwargs.get("signal") is post_save else []
    if ids:
        _enqueue(update_directory_index, ids)


def connect() -> None:
    page_published.connect(therapist_published, sender=TherapistPage, dispatch_uid="search-therapist-published")
    page_unpublished.connect(therapist_unpublished, sender=TherapistPage, dispatch_uid="search-therapist-unpublished")
    post_delete.connect(therapist_deleted, sender=TherapistPage, dispatch_uid="search-therapist-deleted")
    # The directory announces registration changes after commit (its signals module).
    directory_registration_changed.connect(registration_changed, dispatch_uid="search-registration-changed")
    for model in (Condition, Technique):
        post_save.connect(taxonomy_changed, sender=model, dispatch_uid=f"search-{model.__name__}-saved")
        post_delete.connect(taxonomy_changed, sender=model, dispatch_uid=f"search-{model.__name__}-deleted")
    # Article words are the vocabulary too: a word of a live article is never "corrected" away.
    page_published.connect(invalidate_vocabulary, sender=ArticlePage, dispatch_uid="search-vocabulary-article")
    page_unpublished.connect(invalidate_vocabulary, sender=ArticlePage, dispatch_uid="search-vocabulary-article-u")
    post_delete.connect(invalidate_vocabulary, sender=ArticlePage, dispatch_uid="search-vocabulary-article-d")
    for model in (Clinic, Language):
        post_save.connect(invalidate_vocabulary, sender=model, dispatch_uid=f"search-vocabulary-{model.__name__}")
        post_delete.connect(invalidate_vocabulary, sender=model, dispatch_uid=f"search-vocabulary-{model.__name__}-d")
    # Anything a directory search filters, counts or sorts on: the facet bitmaps go stale.
    for model in (TherapistPage, Registration, RegistrationRestriction, Clinic, Language, Condition, Technique):
        post_save.connect(directory_changed, sender=model, dispatch_uid=f"search-bitmaps-{model.__name__}")
        post_delete.connect(directory_changed, sender=model, dispatch_uid=f"search-bitmaps-{model.__name__}-d")
    # Publishing writes the page's tags after its post_save; the signal comes once they are saved.
    page_published.connect(directory_changed, sender=TherapistPage, dispatch_uid="search-bitmaps-published")
    page_unpublished.connect(directory_changed, sender=TherapistPage, dispatch_uid="search-bitmaps-unpublished")
