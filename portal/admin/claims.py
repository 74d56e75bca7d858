"""Editors decide claims in the Wagtail admin (Snippets-style listing, one decision form per claim)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from directory.models import DirectoryIndexPage, TherapistPage
from portal.access import managed_by_another_therapist
from portal.models import ProfileClaim, ProfileClaimError
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
        if decision == ProfileClaim.Status.APPROVED and stored.is_pending:
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


class ClaimIndexView(generic.IndexView):
    def get_base_queryset(self):
        # The "Listing" and "Claimed by" columns: joined here, not fetched once per row.
        return super().get_base_queryset().select_related("therapist", "user")


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
        Column("therapist", label="Listing"),
        Column("user", label="Claimed by"),
        Column("registration_number", label="Number typed"),
        Column("status", label="Status", accessor="get_status_display"),
        DateColumn("created_at", label="Claimed"),
    ]
    search_fields = ["registration_number", "therapist__title", "user__email"]

    def get_form_class(self, for_update=False):
        return ClaimDecisionForm


claim_policy = ClaimDecisionPolicy()
