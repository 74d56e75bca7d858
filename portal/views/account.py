"""Deleting one's own account (allauth covers sign-up, sign-in, password and e-mail)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.views.generic import FormView

from portal.access import PortalAccessMixin
from portal.account_deletion import delete_account


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
    )
    confirm = forms.BooleanField(
        label="I understand my profile and account will be deleted and cannot be restored.", required=True
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class DeleteAccountView(PortalAccessMixin, FormView):
    template_name = "portal/delete_account.html"
    form_class = DeleteAccountForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(profile=self.profile, **kwargs)

    def form_valid(self, form):
        user = self.request.user
        logout(self.request)
        delete_account(user)
        messages.success(self.request, "Your account and profile have been deleted.")
        return redirect("/")
