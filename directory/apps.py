from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Therapist directory"

    def ready(self):
        from directory import (
            restrictions,  # noqa: F401 - re-index when restrictions on practice change
            signals,  # noqa: F401 - connects the receivers
        )
