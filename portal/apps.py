from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Therapist portal"

    def ready(self):
        # Signal receivers: e-mail the therapist when an editor decides on their profile.
        from portal import notifications  # noqa: F401
