"""Forms: the public contact form, and the editors' registration forms."""

from django import forms
from django.db import transaction
from wagtail.admin.forms import WagtailAdminModelForm

from directory.models import Registration, RegistrationStatusChange
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
