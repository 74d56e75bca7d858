"""Clinics' exception hours in the admin: holidays and special hours, per clinic and date."""

from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from articles.admin.columns import CalendarDateColumn
from directory.admin.related_records import PrefilledFromQueryMixin, with_therapist_labels
from directory.models import ClinicHoursException


class HoursExceptionCreateView(PrefilledFromQueryMixin, generic.CreateView):
    prefill_field = "clinic"


class HoursExceptionViewSet(ModelViewSet):
    """Holidays and special hours per clinic; the profile shows the next 30 days' ones."""

    model = ClinicHoursException
    icon = "date"
    menu_label = "Clinic exception hours"
    add_to_admin_menu = False
    copy_view_enabled = False
    add_view_class = HoursExceptionCreateView
    list_display = [
        TitleColumn(
            "therapist", label="Therapist", url_name="hours_exceptions:edit", accessor="clinic.therapist.title"
        ),
        Column("clinic", label="Clinic"),
        CalendarDateColumn("date", label="Date"),
        Column("hours_label", label="Hours"),
        Column("note", label="Note"),
    ]
    list_filter = ["closed"]
    search_fields = ["clinic__therapist__title", "clinic__name", "clinic__city", "note"]
    search_backend_name = None
    ordering = ["-date", "pk"]

    def get_queryset(self, request):
        return ClinicHoursException.objects.select_related("clinic__therapist")

    def get_form_class(self, for_update=False):
        return with_therapist_labels(
            super().get_form_class(for_update),
            "clinic",
            lambda c: f"{c.therapist.title} — {c} ({c.city})",
            ("therapist",),
            ("therapist__title", "sort_order", "pk"),
        )
