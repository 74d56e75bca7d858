from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The public, read-only API (/api/v1/): therapists, articles and the taxonomy as JSON."""

    name = "api"
    verbose_name = "Public API"
