from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo site: content as data files, loaded by ``manage.py load_demo``. No feature app imports it."""

    name = "demo"
    verbose_name = "Demo content"
