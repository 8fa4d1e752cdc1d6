from django.apps import AppConfig


class UIConfig(AppConfig):
    """Template tags and the form base every page uses (``{% load desk %}``, ``DeskForm``)."""

    name = "core.ui"
    label = "ui"
