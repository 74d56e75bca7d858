"""Admin screens for the directory: registrations (with their audit trail), contact messages, and
the report of registrations about to expire."""

import datetime

from django.utils import timezone
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from directory.forms import RegistrationCreateForm, RegistrationEditForm
from directory.models import ContactMessage, Registration

EXPIRY_WARNING_DAYS = 30


class RegistrationEditView(generic.EditView):
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
        DateColumn("verified_on", label="Verified on"),
        DateColumn("expires_on", label="Expires on"),
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


class ContactMessageViewSet(ModelViewSet):
    """Messages sent through profiles — mainly so undelivered ones are never lost."""

    model = ContactMessage
    icon = "mail"
    menu_label = "Contact messages"
    add_to_admin_menu = False
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        TitleColumn("sender_name", label="From", url_name="contact_messages:inspect"),
        Column("therapist", label="To", accessor="therapist.title"),
        DateColumn("created_at", label="Sent"),
        Column("delivery", label="Delivery", accessor="get_delivery_display"),
    ]
    list_filter = ["delivery"]
    form_fields = ["delivery"]
    inspect_view_fields = [
        "therapist",
        "sender_name",
        "sender_email",
        "sender_phone",
        "message",
        "created_at",
        "delivery",
        "delivered_at",
        "delivery_error",
    ]
    search_backend_name = None
    search_fields = ["sender_name", "sender_email", "therapist__title"]

    def get_queryset(self, request):
        return ContactMessage.objects.select_related("therapist")


class DirectoryViewSetGroup(ViewSetGroup):
    menu_label = "Directory"
    menu_icon = "group"
    menu_order = 250
    items = [
        RegistrationViewSet("registrations"),
        ContactMessageViewSet("contact_messages"),
    ]


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
        DateColumn("expires_on", label="Expires on"),
    ]

    def get_queryset(self):
        return expiring_registrations()

    def get_filename(self):
        return f"expiring-registrations-{timezone.localdate():%Y-%m-%d}"
