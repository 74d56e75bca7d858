"""The API's documentation page: Swagger UI reading the live schema, from our own static files.

Swagger UI and its styles come from drf-spectacular-sidecar through ``static`` (no CDN), and the
script that starts it is a static file too, so the page runs under the site's strict Content
Security Policy (scripts from our origin only, no inline script or style) without an exception.
"""

from django.urls import reverse
from django.views.generic import TemplateView


class ApiDocsView(TemplateView):
    template_name = "api/docs.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["schema_url"] = reverse("api:schema")
        context["index_url"] = reverse("api:index")
        return context
