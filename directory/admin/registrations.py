"""Registrations in the admin: editors verify, lapse, suspend and re-verify here, every status change
is audited, and a report lists the registrations about to expire."""

import datetime

from django import forms
from django.db import transaction
from django.utils import timezone
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from articles.admin.columns import CalendarDateColumn
from directory.models import Registration, RegistrationStatusChange

EXPIRY_WARNING_DAYS = 30


class RegistrationFormMixin(forms.Form):
    new_status = forms.ChoiceField(label="Status", choices=Registration.Status.choices)
    note = forms.CharField(
        label="Note for the audit trail",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you checked, or why the status changes. Required when the status changes.",
    )

    def clean(self):
        cleaned_data = super().clean()
        status_changes = cleaned_data.get("new_status") != (self.instance.status if self.instance.pk else None)
        if self.instance.pk and status_changes and not cleaned_data.get("note", "").strip():
            self.add_error("note", "Say why the status changes; the note is kept in the audit trail.")
        return cleaned_data

    @transaction.atomic
    def save(self, commit=True):
        registration = super().save(commit=False)
        new_status, note = self.cleaned_data["new_status"], self.cleaned_data["note"].strip()
        if registration.pk is None:
            # Every registration starts pending, on the record; a chosen status is its first change.
            registration.status = Registration.Status.PENDING
            registration.save()
            RegistrationStatusChange.objects.create(
                registration=registration,
                regulator=registration.regulator,
                changed_by=self.for_user,
                to_status=Registration.Status.PENDING,
                note=note if new_status == Registration.Status.PENDING else "",
            )
            if new_status != Registration.Status.PENDING:
                registration.change_status(new_status, self.for_user, note)
            return registration
        registration.save()
        registration.change_status(new_status, self.for_user, note)
        return registration


class RegistrationCreateForm(RegistrationFormMixin, WagtailAdminModelForm):
    class Meta:
        model = Registration
        fields = ["therapist", "regulator", "number", "expires_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_status"].initial = Registration.Status.PENDING
        self.fields["note"].initial = "Registration added."


class RegistrationEditForm(RegistrationFormMixin, WagtailAdminModelForm):
    class Meta:
        model = Registration
        fields = ["regulator", "number", "expires_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_status"].initial = self.instance.status


class RegistrationEditView(generic.EditView):
    def get_page_subtitle(self):
        # The heading and breadcrumb name whose registration this is, not only the regulator and number.
        return f"{self.object.therapist.title}: {self.object}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history"] = self.object.history.select_related("changed_by")
        return context


class RegistrationViewSet(ModelViewSet):
    """Editors verify, lapse, suspend and re-verify here; every status change is audited."""

    model = Registration
    icon = "success"
    menu_label = "Registrations"
    add_to_admin_menu = False
    copy_view_enabled = False
    edit_view_class = RegistrationEditView
    edit_template_name = "directory/admin/registration_edit.html"
    list_display = [
        TitleColumn("therapist", label="Therapist", url_name="registrations:edit", accessor="therapist.title"),
        Column("regulator", label="Regulator", accessor="regulator.name"),
        Column("number", label="Number"),
        Column("status", label="Status", accessor="get_status_display"),
        CalendarDateColumn("verified_on", label="Verified on"),
        CalendarDateColumn("expires_on", label="Expires on"),
    ]
    list_filter = ["status", "regulator"]
    list_export = ["therapist", "regulator", "number", "status", "verified_on", "expires_on"]
    search_fields = ["number", "therapist__title"]
    search_backend_name = None  # plain ORM lookups: registrations are not in a search index
    ordering = ["therapist__title"]

    def get_queryset(self, request):
        return Registration.objects.select_related("therapist", "regulator")

    def get_form_class(self, for_update=False):
        return RegistrationEditForm if for_update else RegistrationCreateForm


def expiring_registrations(today: datetime.date | None = None, days: int = EXPIRY_WARNING_DAYS):
    """Verified registrations that expire within ``days`` (today included), soonest first."""
    today = today or timezone.localdate()
    return (
        Registration.objects.filter(
            status=Registration.Status.VERIFIED,
            expires_on__gte=today,
            expires_on__lte=today + datetime.timedelta(days=days),
        )
        .select_related("therapist", "regulator")
        .order_by("expires_on", "therapist__title")
    )


class ExpiringRegistrationsReport(ReportView):
    page_title = f"Registrations expiring within {EXPIRY_WARNING_DAYS} days"
    header_icon = "date"
    index_url_name = "expiring_registrations"
    index_results_url_name = "expiring_registrations_results"
    permission_policy = ModelPermissionPolicy(Registration)
    permission_required = "change"
    list_export = ["therapist.title", "regulator.name", "number", "expires_on"]
    export_headings = {"therapist.title": "Therapist", "regulator.name": "Regulator", "expires_on": "Expires on"}
    columns = [
        TitleColumn("therapist", label="Therapist", url_name="registrations:edit", accessor="therapist.title"),
        Column("regulator", label="Regulator", accessor="regulator.name"),
        Column("number", label="Number"),
        CalendarDateColumn("expires_on", label="Expires on"),
    ]

    def get_queryset(self):
        return expiring_registrations()

    def get_filename(self):
        return f"expiring-registrations-{timezone.localdate():%Y-%m-%d}"
