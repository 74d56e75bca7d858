"""One click: "I'm accepting new clients" (the date behind the profile's "confirmed N days ago")."""

from django.contrib import messages
from django.shortcuts import redirect
from django.views import View

from directory.availability import confirm_accepting
from portal.access import PortalAccessMixin


class ConfirmAcceptingView(PortalAccessMixin, View):
    """POST only, for the signed-in owner's own profile (``PortalAccessMixin`` finds it by owner).

    Not a profile edit: no revision, no moderation round (see ``confirm_accepting`` for why).
    """

    profile_required = True
    http_method_names = ["post"]

    def post(self, request):
        confirm_accepting(self.profile)
        messages.success(request, "Thank you — your profile now shows you are accepting new clients, confirmed today.")
        return redirect("portal:dashboard")
