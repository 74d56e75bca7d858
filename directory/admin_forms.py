"""The page editor's form for therapist profiles (kept apart from models.py, which imports it)."""

from wagtail.admin.forms import WagtailAdminPageForm


class TherapistPageForm(WagtailAdminPageForm):
    """Places each clinic on the map while the editor's form is checked, so previews and drafts show
    the same pins as the published page, and coordinates an editor typed are kept as "set by hand"."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("clinics")
        # is_valid() here cleans the formset early (modelcluster would do it after this method); the
        # result is cached, so nothing is validated twice.
        if formset is None or not formset.is_valid():
            return cleaned_data
        for form in formset.forms:
            if formset.can_delete and formset._should_delete_form(form):
                continue
            clinic = form.instance
            if {"latitude", "longitude"} & set(form.changed_data) and clinic.has_location:
                clinic.location_source = type(clinic).LocationSource.MANUAL
            clinic.locate()
        return cleaned_data
