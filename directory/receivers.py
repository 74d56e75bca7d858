"""Signal receivers: keeping everything that shows therapists in step with the listing rule.

Connected by ``DirectoryConfig.ready``. Registrations and restrictions on practice announce their
changes through ``registration_changed`` (``directory/signals.py``) after commit, whatever the source
(admin, import, shell), so search badges and filters follow at once; Wagtail's own search index
follows that signal, page saves and unpublishing. Editors' changes to restrictions are audited by
the admin views (``directory/admin/restrictions.py``), which know the editor.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.search import index
from wagtail.signals import page_unpublished

from directory.models import Registration, RegistrationRestriction, TherapistPage
from directory.signals import registration_changed, send_registration_changed


@receiver(post_save, sender=Registration)
def _registration_saved(sender, instance: Registration, **kwargs) -> None:
    send_registration_changed(instance.therapist_id, instance)


@receiver(post_delete, sender=Registration)
def _registration_deleted(sender, instance: Registration, **kwargs) -> None:
    send_registration_changed(instance.therapist_id, None)


@receiver(post_save, sender=RegistrationRestriction, dispatch_uid="restriction-saved")
@receiver(post_delete, sender=RegistrationRestriction, dispatch_uid="restriction-deleted")
def _restriction_changed(sender, instance: RegistrationRestriction, **kwargs) -> None:
    # By id: on a cascade delete the cached registration object may be on its way out too.
    registration = Registration.objects.filter(pk=instance.registration_id).first()
    if registration is not None:
        send_registration_changed(registration.therapist_id, registration)


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
