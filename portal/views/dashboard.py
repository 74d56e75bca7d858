"""The portal's home: where the therapist's profile stands, and what they can do next."""

from django.views.generic import TemplateView

from portal.access import PortalAccessMixin
from portal.models import ProfileClaim
from portal.moderation import profile_status


class DashboardView(PortalAccessMixin, TemplateView):
    template_name = "portal/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = self.profile
        context["profile"] = page
        if page is not None:
            # Registration and regulator in one query, cached where `is_listed` looks (None when absent).
            context["registration"] = page.load_registration()
            context["status"] = profile_status(page, check_listing=True)
        else:
            context["claim"] = ProfileClaim.objects.filter(user=self.request.user).select_related("regulator").first()
        return context
