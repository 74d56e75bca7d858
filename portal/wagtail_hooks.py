from wagtail import hooks
from wagtail.permissions import register_permission_policy

from portal.admin.claims import PendingClaimsPanel, ProfileClaimViewSet, can_publish_profiles, claim_policy
from portal.models import ProfileClaim

register_permission_policy(ProfileClaim, claim_policy)


@hooks.register("register_admin_viewset")
def register_claims():
    return ProfileClaimViewSet("profile_claims")


@hooks.register("construct_homepage_panels")
def add_pending_claims(request, panels):
    if can_publish_profiles(request.user):
        panels.append(PendingClaimsPanel())
