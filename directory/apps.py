from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Therapist directory"

    def ready(self):
        # Imported here, not at the top: the receivers import the models, which Django loads only
        # after every app's AppConfig is created; ready() is the hook it gives for connecting them.
        from directory import receivers  # noqa: F401
