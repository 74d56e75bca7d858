"""Restrictions on practice: keeping what the public sees in step, and the audit trail.

Every create, change and delete of a ``RegistrationRestriction`` is written to the registration's
history (the same trail as status changes) by the admin views (``trust_admin``), which know the
editor. Whatever the source (admin, import, shell), the therapist is re-indexed after commit so
the search badge and the "no restrictions on practice" filter follow at once.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from directory.models import Registration, RegistrationRestriction
from directory.signals import send_registration_changed


@receiver(post_save, sender=RegistrationRestriction, dispatch_uid="trust-restriction-saved")
@receiver(post_delete, sender=RegistrationRestriction, dispatch_uid="trust-restriction-deleted")
def _restriction_changed(sender, instance: RegistrationRestriction, **kwargs) -> None:
    # By id: on a cascade delete the cached registration object may be on its way out too.
    registration = Registration.objects.filter(pk=instance.registration_id).first()
    if registration is not None:
        send_registration_changed(registration.therapist_id, registration)
