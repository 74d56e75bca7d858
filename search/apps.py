from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        # Here, not at the top: the signals module imports models, which Django allows only once
        # the app registry is ready.
        from search import signals

        signals.connect()
