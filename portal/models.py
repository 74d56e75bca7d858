"""Portal data that is not part of a therapist's page: claims on existing listings."""

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from directory.models import Regulator, TherapistPage
from portal.access import managed_by_another_therapist

NO_LISTING = "No listing has this number: there is nothing to give the claimant."


class ProfileClaimError(Exception):
    """A claim decision that cannot be made (already decided, page already owned by someone else)."""


class ProfileClaim(models.Model):
    """A signed-in therapist says "this existing listing is me". An editor checks the registration
    number against the regulator's register and approves, which makes the account the page's owner.

    Every claim is stored, whatever its number matched — a listing, an unlisted profile, a listing
    another therapist manages, or nothing (``therapist`` is then empty) — so the claimant always gets
    the same answer and learns nothing about which numbers exist; only the editor sees the match.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an editor"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile_claims")
    therapist = models.ForeignKey(
        TherapistPage,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="claims",
        help_text="The listing with this number when the claim was made; empty when none had it.",
    )
    regulator = models.ForeignKey(Regulator, null=True, on_delete=models.SET_NULL, related_name="+")
    registration_number = models.CharField(max_length=60, help_text="The number the claimant typed.")
    message = models.TextField(blank=True, help_text="Anything the claimant wanted the editor to know.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One open claim per account at a time: the portal shows it until an editor decides.
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="pending"), name="portal_one_pending_claim_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} claims no. {self.registration_number} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @transaction.atomic
    def approve(self, editor, note: str = "") -> None:
        """Give the page to the claimant. Refused when the page or the account already has an owner/profile."""
        claim = ProfileClaim.objects.select_for_update().get(pk=self.pk)
        if not claim.is_pending:
            raise ProfileClaimError("This claim has already been decided.")
        if self.therapist_id is None:
            raise ProfileClaimError(NO_LISTING)
        page = TherapistPage.objects.select_for_update().get(pk=self.therapist_id)
        if managed_by_another_therapist(page, self.user_id):
            raise ProfileClaimError("This profile already belongs to another therapist's account.")
        if TherapistPage.objects.filter(owner_id=self.user_id).exclude(pk=page.pk).exists():
            raise ProfileClaimError("The claimant's account already has a profile; an account can own only one.")
        # Ownership is not page content: update the column without creating a revision.
        TherapistPage.objects.filter(pk=page.pk).update(owner_id=self.user_id)
        self._decide(self.Status.APPROVED, editor, note)

    @transaction.atomic
    def reject(self, editor, note: str = "") -> None:
        claim = ProfileClaim.objects.select_for_update().get(pk=self.pk)
        if not claim.is_pending:
            raise ProfileClaimError("This claim has already been decided.")
        self._decide(self.Status.REJECTED, editor, note)

    def _decide(self, status: str, editor, note: str) -> None:
        self.status = status
        self.decided_by = editor
        self.decided_at = timezone.now()
        self.decision_note = note
        self.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
