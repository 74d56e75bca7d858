from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and site settings"

    def ready(self):
        # Imported here, not at the top: the page cache's receivers name the content models, which
        # Django loads only after every app's AppConfig is created.
        from home import page_cache

        page_cache.connect()
