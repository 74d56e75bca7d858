from wagtail import hooks
from wagtail.permissions import register_permission_policy

from portal.admin.claims import ProfileClaimViewSet, claim_policy
from portal.models import ProfileClaim

register_permission_policy(ProfileClaim, claim_policy)


@hooks.register("register_admin_viewset")
def register_claims():
    return ProfileClaimViewSet("profile_claims")
