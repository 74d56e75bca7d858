"""Hooks for the OpenAPI schema that drf-spectacular generates from the views."""

PUBLIC_PREFIX = "/api/v1/"


def public_endpoints_only(endpoints, **kwargs):
    """Keep the public API; Wagtail's admin has DRF endpoints of its own that are nobody's contract."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PUBLIC_PREFIX)]
