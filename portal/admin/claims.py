"""Editors decide claims in the Wagtail admin (Snippets-style listing, one decision form per claim),
and see the claims waiting for them on the admin dashboard."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.functional import cached_property
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from directory.models import DirectoryIndexPage, TherapistPage
from portal.access import managed_by_another_therapist
from portal.models import NO_LISTING, ProfileClaim, ProfileClaimError
from portal.notifications import claim_decided


def can_publish_profiles(user) -> bool:
    if not (user.is_active and user.is_authenticated):
        return False
    if user.is_superuser:
        return True
    index = DirectoryIndexPage.objects.first()
    return index is not None and index.permissions_for_user(user).can_publish_subpage()


class ClaimDecisionPolicy(BasePermissionPolicy):
    """Whoever may publish therapist profiles decides who manages them; nobody adds or deletes claims here."""

    def __init__(self):
        super().__init__(ProfileClaim)

    def user_has_permission(self, user, action):
        return action in ("change", "view") and can_publish_profiles(user)

    def users_with_any_permission(self, actions):
        user_model = get_user_model()
        if not {"change", "view"} & set(actions):
            return user_model.objects.none()
        index = DirectoryIndexPage.objects.first()
        if index is None:
            return user_model.objects.filter(is_active=True, is_superuser=True)
        # Whom `can_publish_profiles` says yes to, found by Wagtail in one query rather than user by user.
        return PagePermissionPolicy().users_with_permission_for_instance("publish", index)


class ClaimDecisionForm(WagtailAdminModelForm):
    status = forms.ChoiceField(
        label="Decision",
        choices=ProfileClaim.Status.choices,
        widget=forms.RadioSelect,
        help_text="Approve only after checking the number on the regulator's public register.",
    )

    class Meta:
        model = ProfileClaim
        fields = ["status", "decision_note"]
        labels = {"decision_note": "Note for the therapist (sent by e-mail)"}

    def clean(self):
        cleaned = super().clean()
        stored = ProfileClaim.objects.select_related("therapist__owner").get(pk=self.instance.pk)
        decision = cleaned.get("status")
        if stored.status != ProfileClaim.Status.PENDING and decision != stored.status:
            self.add_error("status", "This claim has already been decided.")
        if decision == ProfileClaim.Status.APPROVED and stored.is_pending and stored.therapist is None:
            self.add_error("status", NO_LISTING)
        elif decision == ProfileClaim.Status.APPROVED and stored.is_pending:
            if managed_by_another_therapist(stored.therapist, stored.user_id):
                self.add_error("status", "This profile already belongs to another therapist's account.")
            if TherapistPage.objects.filter(owner_id=stored.user_id).exclude(pk=stored.therapist_id).exists():
                self.add_error("status", "The claimant already has a profile; an account can own only one.")
        return cleaned


class ClaimDecisionView(generic.EditView):
    def save_instance(self):
        stored = ProfileClaim.objects.get(pk=self.object.pk)
        decision = self.form.cleaned_data["status"]
        note = self.form.cleaned_data["decision_note"]
        if not stored.is_pending or decision == ProfileClaim.Status.PENDING:
            stored.decision_note = note
            stored.save(update_fields=["decision_note"])
            return stored
        try:
            if decision == ProfileClaim.Status.APPROVED:
                stored.approve(self.request.user, note)
            else:
                stored.reject(self.request.user, note)
        except ProfileClaimError as error:
            messages.error(self.request, str(error))
            return stored
        claim_decided(stored)
        return stored


def listing_label(claim: ProfileClaim) -> str:
    """What the claim's number matched, for the editor only: the claimant is never told."""
    if claim.therapist is None:
        return "No listing has this number"
    return claim.therapist.title


def claim_label(claim: ProfileClaim) -> str:
    regulator = claim.regulator.name if claim.regulator else "unknown regulator"
    return f"No. {claim.registration_number} ({regulator})"


class ClaimIndexView(generic.IndexView):
    def get_base_queryset(self):
        # The "Listing", "Claimed by" and claim columns: joined here, not fetched once per row.
        return super().get_base_queryset().select_related("therapist", "user", "regulator")

    def user_has_permission(self, permission):
        # Asked again for every row's link; the answer costs a query and cannot change mid-request.
        answers = self.__dict__.setdefault("_permission_answers", {})
        if permission not in answers:
            answers[permission] = super().user_has_permission(permission)
        return answers[permission]

    @cached_property
    def columns(self):
        # Each row opens its decision form: the first column links to it, with Wagtail's row buttons.
        title_column_class = self._get_title_column_class(TitleColumn)
        title = title_column_class("claim", label="Claim", accessor=claim_label, get_url=self.get_edit_url)
        return [title, *super().columns]


class ProfileClaimViewSet(ModelViewSet):
    """Claims listing and decision form; permissions come from ``claim_policy`` (registered in wagtail_hooks)."""

    model = ProfileClaim
    icon = "user"
    menu_label = "Profile claims"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = ClaimIndexView
    edit_view_class = ClaimDecisionView
    list_filter = ["status"]
    list_display = [
        Column("therapist", label="Listing", accessor=listing_label),
        Column("user", label="Claimed by"),
        Column("registration_number", label="Number typed"),
        Column("status", label="Status", accessor="get_status_display"),
        DateColumn("created_at", label="Claimed"),
    ]
    search_fields = ["registration_number", "therapist__title", "user__email"]

    def get_form_class(self, for_update=False):
        return ClaimDecisionForm


claim_policy = ClaimDecisionPolicy()


class PendingClaimsPanel(Component):
    """On the admin dashboard of whoever decides claims: the claims waiting, each a link to decide it."""

    name = "pending_profile_claims"
    template_name = "portal/admin/pending_claims_panel.html"
    order = 90  # above Wagtail's own panels: a claimant is waiting for an answer
    shown = 10

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        pending = ProfileClaim.objects.filter(status=ProfileClaim.Status.PENDING).order_by("created_at", "pk")
        context["claims"] = [
            (claim, claim_label(claim), listing_label(claim), reverse("profile_claims:edit", args=[claim.pk]))
            for claim in pending.select_related("therapist", "user", "regulator")[: self.shown]
        ]
        context["total"] = pending.count()
        context["index_url"] = reverse("profile_claims:index") + "?status=pending"
        return context
