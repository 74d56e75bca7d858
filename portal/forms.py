"""Forms for getting listed: create a new profile, or claim an existing listing."""

from django import forms

from directory.models import Registration, Regulator
from directory.single_line import SingleLineFieldsMixin


class RegistrationFields(SingleLineFieldsMixin, forms.Form):
    regulator = forms.ModelChoiceField(
        queryset=Regulator.objects.order_by("name"),
        empty_label="Choose your regulator",
        help_text="The body whose register lists you.",
    )
    registration_number = forms.CharField(
        max_length=60, help_text="Exactly as it appears on the regulator's public register."
    )

    def clean_registration_number(self):
        return " ".join(self.cleaned_data["registration_number"].split()).upper()

    def existing_registration(self) -> Registration | None:
        regulator = self.cleaned_data.get("regulator")
        number = self.cleaned_data.get("registration_number")
        if not regulator or not number:
            return None
        # The owner too: claiming checks who manages the listing.
        return (
            Registration.objects.filter(regulator=regulator, number__iexact=number)
            .select_related("therapist__owner")
            .first()
        )


class CreateProfileForm(RegistrationFields):
    field_order = ["title", "designation", "regulator", "registration_number"]

    title = forms.CharField(
        label="Your name", max_length=255, help_text="As clients should see it, e.g. “Dana Okafor”."
    )
    designation = forms.CharField(
        max_length=40, required=False, help_text="Your professional designation, e.g. RMT, LMT, MT."
    )

    def clean(self):
        cleaned = super().clean()
        if self.existing_registration() is not None:
            self.add_error(
                "registration_number",
                "This registration number is already in the directory. If that listing is yours, claim it instead.",
            )
        return cleaned


class ClaimForm(RegistrationFields):
    """Never says whether the number matched: ``therapist`` is the listing that has it, or None,
    for the view to store with the claim and for an editor to judge."""

    message = forms.CharField(
        label="Message for the editor (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        registration = self.existing_registration()
        cleaned["therapist"] = registration.therapist if registration is not None else None
        return cleaned
