"""Who may use the portal, and which profile is theirs.

The portal is for therapists: signed-in accounts with a verified e-mail address that do not work
in the Wagtail admin. Editors and medical reviewers are refused (403) with a pointer to the admin,
so an editor who happens to own pages they created there never sees them as "their profile".
A therapist's profile is the one TherapistPage whose Wagtail ``owner`` they are — nothing in a URL
names a page, so no one can address anyone else's.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.mixins import AccessMixin
from django.shortcuts import redirect, render
from django.urls import reverse

from directory.models import TherapistPage, works_in_admin


def has_verified_email(user) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def managed_by_another_therapist(page: TherapistPage, user_id) -> bool:
    """Whether ``page`` belongs to a therapist's account other than ``user_id``'s. A listing an editor
    entered in the admin is owned by the editor's account: that does not count, it is there to be claimed."""
    owner = page.owner
    return owner is not None and owner.pk != user_id and not works_in_admin(owner)


def profile_for(user) -> TherapistPage | None:
    """The account's own profile (at most one: creating and claiming both refuse a second), with its
    registration and regulator read in the same query (`load_registration()` then costs nothing)."""
    return TherapistPage.objects.filter(owner=user).select_related("registration__regulator").order_by("pk").first()


class PortalAccessMixin(AccessMixin):
    """Anonymous → sign in; unverified e-mail → the e-mail page (to resend the link); editors → 403.

    With ``profile_required``, an account without a profile goes back to the dashboard to get
    listed first; the view then finds it as ``self.profile``.
    """

    profile_required = False
    profile: TherapistPage | None = None

    def dispatch(self, request, *args, **kwargs):
        refusal = self.refuse(request)
        if refusal is not None:
            return refusal
        return super().dispatch(request, *args, **kwargs)

    def refuse(self, request):
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        if works_in_admin(user):
            return render(request, "portal/staff_refused.html", {"staff_refused": True}, status=403)
        if not has_verified_email(user):
            return redirect(reverse("account_email"))
        self.profile = profile_for(user)
        if self.profile_required and self.profile is None:
            return redirect("portal:dashboard")
        return None

    def get_login_url(self):
        return reverse("account_login")
