"""Get listed: create a draft profile, or claim an existing listing by registration number.

Both forms look a registration number up, and so answer "does this number exist?" (creating says
so to send the therapist to claiming; claiming never says). Both count, per account and per client
address, against ``PORTAL_LISTING_ATTEMPT_LIMIT`` = (attempts, seconds), so numbers cannot be walked.
"""

import contextlib

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.views.generic import FormView

from directory.contact import client_address
from directory.rate_limits import attempt_key, over_limit
from portal.access import PortalAccessMixin
from portal.forms import ClaimForm, CreateProfileForm
from portal.listing import AlreadyListed, claim_profile, create_draft_profile
from portal.models import ProfileClaim

DEFAULT_ATTEMPT_LIMIT = (10, 3600)


def too_many_attempts(request) -> bool:
    """Count this attempt for the account and for the address; True when either is over the limit."""
    limit, window = getattr(settings, "PORTAL_LISTING_ATTEMPT_LIMIT", DEFAULT_ATTEMPT_LIMIT)
    by_account = over_limit(attempt_key("portal:listing:account", str(request.user.pk)), limit, window)
    by_address = over_limit(attempt_key("portal:listing:address", client_address(request)), limit, window)
    return by_account or by_address


class GetListedMixin(PortalAccessMixin):
    """Only for accounts without a profile and without a claim waiting for an editor."""

    def post(self, request, *args, **kwargs):
        if too_many_attempts(request):
            form = self.get_form()
            form.is_valid()  # keep what was typed, with its own errors
            form.add_error(None, "You have tried several registration numbers in a short time. Please try again later.")
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().post(request, *args, **kwargs)

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
        # Whatever the number matched (nothing, an unlisted profile, a listing another therapist
        # manages), the claim is stored and the answer is the same: the editor sorts it out.
        # A second tab may have sent a claim already: the pending one stands.
        with contextlib.suppress(IntegrityError), transaction.atomic():
            claim_profile(
                self.request.user,
                therapist=form.cleaned_data["therapist"],
                regulator=form.cleaned_data["regulator"],
                number=form.cleaned_data["registration_number"],
                message=form.cleaned_data["message"],
            )
        messages.success(
            self.request, "Thank you. We'll check your registration number with the regulator and e-mail you."
        )
        return redirect("portal:dashboard")
