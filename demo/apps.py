from django.apps import AppConfig


class DemoConfig(AppConfig):
    """``manage.py seed_demo``: a demo desk for ``make run`` and the browser tests."""

    name = "demo"
