"""Keeping everything that shows therapists in step with the listing rule.

``registration_changed`` is sent after the transaction commits whenever a registration is saved or
deleted (a status change, a new expiry date, an import, the daily expiry run). Anything that holds a
copy of "who is listed" connects to it: this module keeps Wagtail's own search index in step, and the
directory search (search/) re-indexes or removes the therapist from its engine.

Receivers get ``therapist_id`` (the TherapistPage's pk) and ``registration`` (None after a delete).
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver
from wagtail.search import index
from wagtail.signals import page_unpublished

from directory.models import Registration, TherapistPage

logger = logging.getLogger(__name__)

registration_changed = Signal()


def send_registration_changed(therapist_id: int, registration: Registration | None) -> None:
    transaction.on_commit(
        lambda: registration_changed.send(sender=Registration, therapist_id=therapist_id, registration=registration)
    )


@receiver(post_save, sender=Registration)
def _registration_saved(sender, instance: Registration, **kwargs) -> None:
    send_registration_changed(instance.therapist_id, instance)


@receiver(post_delete, sender=Registration)
def _registration_deleted(sender, instance: Registration, **kwargs) -> None:
    send_registration_changed(instance.therapist_id, None)


def sync_wagtail_search_index(page: TherapistPage) -> None:
    """Add a listed therapist to Wagtail's search index, or take an unlisted one out of it.

    Wagtail only ever *adds* on save, and ``get_indexed_objects`` holds listed therapists only, so an
    unpublished or lapsed therapist would otherwise linger in the index.
    """
    if page.is_listed:
        index.insert_or_update_object(page)
    else:
        index.remove_object(page)


@receiver(registration_changed)
def _reindex_on_registration_change(sender, therapist_id: int, **kwargs) -> None:
    page = TherapistPage.objects.filter(pk=therapist_id).first()
    if page is not None:
        sync_wagtail_search_index(page)


@receiver(post_save, sender=TherapistPage)
def _unindex_unlisted_on_save(sender, instance: TherapistPage, **kwargs) -> None:
    if not instance.is_listed:
        index.remove_object(instance)


@receiver(page_unpublished)
def _unindex_on_unpublish(sender, instance, **kwargs) -> None:
    if isinstance(instance.specific_deferred, TherapistPage):
        index.remove_object(instance.specific_deferred)
