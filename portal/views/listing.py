"""Get listed: create a draft profile, or claim an existing listing by registration number."""

import contextlib

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.views.generic import FormView

from portal.access import PortalAccessMixin, managed_by_another_therapist
from portal.forms import ClaimForm, CreateProfileForm
from portal.listing import AlreadyListed, claim_profile, create_draft_profile
from portal.models import ProfileClaim


class GetListedMixin(PortalAccessMixin):
    """Only for accounts without a profile and without a claim waiting for an editor."""

    def refuse(self, request):
        refusal = super().refuse(request)
        if refusal is not None:
            return refusal
        if self.profile is not None:
            messages.info(request, "Your account already has a profile.")
            return redirect("portal:dashboard")
        if ProfileClaim.objects.filter(user=request.user, status=ProfileClaim.Status.PENDING).exists():
            messages.info(request, "Your claim is waiting for an editor.")
            return redirect("portal:dashboard")
        return None


class CreateProfileView(GetListedMixin, FormView):
    template_name = "portal/create_profile.html"
    form_class = CreateProfileForm

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            create_draft_profile(
                self.request.user,
                title=data["title"],
                designation=data["designation"],
                regulator=data["regulator"],
                number=data["registration_number"],
            )
        except AlreadyListed:
            return redirect("portal:dashboard")
        except IntegrityError:
            # Someone registered the same number between validation and saving.
            form.add_error("registration_number", "This registration number is already in the directory.")
            return self.form_invalid(form)
        messages.success(
            self.request,
            "Your draft profile is ready. Fill it in, then submit it for review; "
            "an editor will also verify your registration.",
        )
        return redirect("portal:profile_edit")


class ClaimProfileView(GetListedMixin, FormView):
    template_name = "portal/claim_profile.html"
    form_class = ClaimForm

    def form_valid(self, form):
        therapist = form.cleaned_data["therapist"]
        if managed_by_another_therapist(therapist, self.request.user.pk):
            form.add_error(
                "registration_number",
                "This listing is already managed by a therapist's account. If it is yours, please contact us.",
            )
            return self.form_invalid(form)
        # A second tab may have sent a claim already: the pending one stands.
        with contextlib.suppress(IntegrityError), transaction.atomic():
            claim_profile(
                self.request.user,
                therapist=therapist,
                number=form.cleaned_data["registration_number"],
                message=form.cleaned_data["message"],
            )
        messages.success(self.request, "Thank you. An editor will check your registration and reply by e-mail.")
        return redirect("portal:dashboard")
