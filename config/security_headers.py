"""The Content Security Policy middleware: the site's strict policy, loosened for the admin only.

The public site runs no inline script at all. Wagtail's admin does: InlinePanel, the date and
time widgets and the multiple chooser panel render small inline ``<script>`` blocks, and admin
templates and JavaScript set inline styles. Without 'unsafe-inline' those panels silently stop
working, so the admin (and only the admin, which needs a login) gets that exception. Its page
preview renders our public templates inside a same-origin frame, hence frame-src/ancestors.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponseBase

ADMIN_PREFIX = "/admin/"

# Directives replaced wholesale under /admin/. No nonce in script-src here: a nonce would make
# browsers ignore 'unsafe-inline', which is the whole point of this exception.
ADMIN_POLICY_REPLACEMENTS: dict[str, list[str]] = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin exception above."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.replace = {**ADMIN_POLICY_REPLACEMENTS, **(parts.replace or {})}
        return parts
