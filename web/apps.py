from django.apps import AppConfig


class WebConfig(AppConfig):
    """Every server-rendered page: the partner portal, the operator console, public pages."""

    name = "web"
