from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Therapist directory"

    def ready(self):
        from directory import signals  # noqa: F401 - connects the receivers
