"""The forms ``models.py`` needs: the public contact form and the page editor's form for profiles.

Neither imports the models (``models.py`` imports this module), so both can be named at the top of
``models.py``. The admin screens' own forms live with their screens in ``directory/admin/``.
"""

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

from directory.single_line import SingleLineFieldsMixin


class ContactForm(SingleLineFieldsMixin, forms.Form):
    """Write to a therapist. Their address is never shown; replies go straight to the sender."""

    name = forms.CharField(label="Your name", max_length=120)
    email = forms.EmailField(label="Your e-mail address", help_text="The therapist replies to this address.")
    phone = forms.CharField(label="Phone (optional)", max_length=40, required=False)
    message = forms.CharField(
        label="Message",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Please do not include detailed medical information.",
    )
    # Honeypot: hidden from people (CSS and aria-hidden); bots fill every field they find.
    website = forms.CharField(label="Leave this field empty", required=False)

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


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
