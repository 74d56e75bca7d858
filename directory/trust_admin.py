"""Admin screens for the trust records editors keep (issue 8): restrictions on practice and clinics'
exception hours.

Both are separate admin lists (``ModelViewSet``) rather than inline panels: a restriction belongs to
a registration, which is not a page and has no panels of its own to nest in; exception hours
belong to a clinic, which is already an inline of the therapist page, and Wagtail has no nested
InlinePanel. They are also operational records — dated, effective at once — so they should not
wait for the profile's moderation round, which a page panel would impose.
"""

from django.db import transaction
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from directory.models import ClinicHoursException, RegistrationRestriction


def _with_labels(form_class, field_name: str, label, related: tuple[str, ...], ordering: tuple[str, ...]):
    """The form with a choice field that names the therapist (a bare registration number helps no one)."""

    class Form(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            field = self.fields[field_name]
            field.queryset = field.queryset.select_related(*related).order_by(*ordering)
            field.label_from_instance = label

    Form.__name__ = form_class.__name__
    return Form


class PrefilledFromQueryMixin:
    """ "Add" links from a registration or a clinic carry it in the query string (?registration=<id>),
    so the editor lands on a form already pointing at the right one."""

    prefill_field: str

    def get_initial(self):
        initial = super().get_initial()
        if self.request.GET.get(self.prefill_field, "").isdigit():
            initial[self.prefill_field] = self.request.GET[self.prefill_field]
        return initial


# --- restrictions on practice (audited) ---------------------------------------------------------


class RestrictionCreateView(PrefilledFromQueryMixin, generic.CreateView):
    prefill_field = "registration"

    @transaction.atomic
    def save_instance(self):
        instance = super().save_instance()
        instance.record("added", self.request.user)
        return instance


class RestrictionEditView(generic.EditView):
    @transaction.atomic
    def save_instance(self):
        before = RegistrationRestriction.objects.get(pk=self.object.pk).describe()
        instance = super().save_instance()
        after = instance.describe()
        if after != before:
            instance.record(f"changed from {before} to", self.request.user)
        return instance


class RestrictionDeleteView(generic.DeleteView):
    @transaction.atomic
    def delete_action(self):
        self.object.record("deleted", self.request.user)
        super().delete_action()


class RestrictionViewSet(ModelViewSet):
    """Terms, conditions, limitations and alerts on a registration, as its register publishes them."""

    model = RegistrationRestriction
    icon = "warning"
    menu_label = "Restrictions on practice"
    add_to_admin_menu = False
    copy_view_enabled = False
    add_view_class = RestrictionCreateView
    edit_view_class = RestrictionEditView
    delete_view_class = RestrictionDeleteView
    list_display = [
        TitleColumn(
            "therapist", label="Therapist", url_name="restrictions:edit", accessor="registration.therapist.title"
        ),
        Column("kind", label="Kind", accessor="get_kind_display"),
        Column("text", label="Text"),
        DateColumn("starts_on", label="From"),
        DateColumn("ends_on", label="Until"),
        Column("in_force", label="In force today", accessor="in_force_label"),
    ]
    list_filter = ["kind"]
    list_export = ["registration", "kind", "text", "starts_on", "ends_on", "source_url"]
    search_fields = ["text", "registration__therapist__title", "registration__number"]
    search_backend_name = None
    ordering = ["-starts_on", "-pk"]

    def get_queryset(self, request):
        return RegistrationRestriction.objects.select_related("registration__therapist", "registration__regulator")

    def get_form_class(self, for_update=False):
        return _with_labels(
            super().get_form_class(for_update),
            "registration",
            lambda r: f"{r.therapist.title} — {r.regulator.name} #{r.number} ({r.get_status_display()})",
            ("therapist", "regulator"),
            ("therapist__title", "pk"),
        )


# --- exception hours ----------------------------------------------------------------------------


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
        DateColumn("date", label="Date"),
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
        return _with_labels(
            super().get_form_class(for_update),
            "clinic",
            lambda c: f"{c.therapist.title} — {c} ({c.city})",
            ("therapist",),
            ("therapist__title", "sort_order", "pk"),
        )


class TrustViewSetGroup(ViewSetGroup):
    menu_label = "Trust"
    menu_icon = "warning"
    menu_order = 260
    items = [RestrictionViewSet("restrictions"), HoursExceptionViewSet("hours_exceptions")]
