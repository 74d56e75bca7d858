from django.urls import path

from portal.views.account import DeleteAccountView
from portal.views.availability import ConfirmAcceptingView
from portal.views.dashboard import DashboardView
from portal.views.geocode import GeocodeView
from portal.views.listing import ClaimProfileView, CreateProfileView
from portal.views.profile import PreviewView, ProfileEditView, SubmitView, WithdrawView

app_name = "portal"

urlpatterns = [
    path("", DashboardView.as_view(), name="dashboard"),
    path("create/", CreateProfileView.as_view(), name="create_profile"),
    path("claim/", ClaimProfileView.as_view(), name="claim_profile"),
    path("profile/", ProfileEditView.as_view(), name="profile_edit"),
    path("profile/preview/", PreviewView.as_view(), name="profile_preview"),
    path("profile/submit/", SubmitView.as_view(), name="profile_submit"),
    path("profile/withdraw/", WithdrawView.as_view(), name="profile_withdraw"),
    path("geocode/", GeocodeView.as_view(), name="geocode"),
    path("availability/confirm/", ConfirmAcceptingView.as_view(), name="confirm_accepting"),
    path("account/delete/", DeleteAccountView.as_view(), name="delete_account"),
]
