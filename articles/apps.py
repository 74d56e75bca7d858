from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Knowledge base"

    def ready(self):
        # Imported here, not at the top: the receivers import the models, which Django loads only
        # after every app's AppConfig is created; ready() is the hook it gives for connecting them.
        from articles import signals  # noqa: F401
