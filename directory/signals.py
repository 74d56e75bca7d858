"""The directory's own signal: what the public sees about a therapist may have changed.

``registration_changed`` is sent after the transaction commits whenever a registration is saved or
deleted (a status change, a new expiry date, an import, the daily expiry run), when a restriction on
practice changes, and when a therapist confirms they are accepting new clients. Anything that holds
a copy of "who is listed, and how" connects to it: ``directory/receivers.py`` keeps Wagtail's own
search index in step, and the directory search (search/) re-indexes or removes the therapist.

Receivers get ``therapist_id`` (the TherapistPage's pk) and ``registration`` (None after a delete).

This module imports no model: ``models.py`` and the modules below it (``availability``) send the
signal, and the receivers live in ``receivers.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import apps
from django.db import transaction
from django.dispatch import Signal

if TYPE_CHECKING:
    from directory.models import Registration

registration_changed = Signal()


def send_registration_changed(therapist_id: int, registration: Registration | None) -> None:
    # The sender is the Registration model, looked up in the app registry rather than imported (see above).
    sender = apps.get_model("directory", "Registration")
    transaction.on_commit(
        lambda: registration_changed.send(sender=sender, therapist_id=therapist_id, registration=registration)
    )
