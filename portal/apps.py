from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Therapist portal"

    def ready(self):
        # Signal receivers: e-mail the therapist when an editor decides on their profile. Imported here,
        # not at the top: they import the models, which Django loads only after every AppConfig exists.
        from portal import notifications  # noqa: F401
