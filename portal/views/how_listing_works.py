"""The therapists' front door: how listing works, before anyone is asked to sign in."""

from django.conf import settings
from django.views.generic import TemplateView


class HowListingWorksView(TemplateView):
    """What a listing costs (nothing), what an editor checks, what the public sees; then sign up or sign in."""

    template_name = "portal/how_listing_works.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["availability_days"] = settings.AVAILABILITY_STALE_AFTER_DAYS
        return context
