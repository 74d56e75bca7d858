"""Restrictions on practice in the admin: terms, conditions, limitations and alerts on a registration,
as its register publishes them. Adding, changing and deleting one is audited in the registration's
history (these views know the editor); re-indexing follows from ``directory/receivers.py``."""

from django.db import transaction
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from articles.admin.columns import CalendarDateColumn
from directory.admin.related_records import PrefilledFromQueryMixin, with_therapist_labels
from directory.models import RegistrationRestriction


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
        CalendarDateColumn("starts_on", label="From"),
        CalendarDateColumn("ends_on", label="Until"),
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
        return with_therapist_labels(
            super().get_form_class(for_update),
            "registration",
            lambda r: f"{r.therapist.title} — {r.regulator.name} #{r.number} ({r.get_status_display()})",
            ("therapist", "regulator"),
            ("therapist__title", "pk"),
        )
