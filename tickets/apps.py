from django.apps import AppConfig


class TicketsConfig(AppConfig):
    name = "tickets"
    verbose_name = "Tickets"

    def ready(self):
        # Connects the cache invalidation of desk settings (``sla.desk_settings_forget``).
        from tickets.services import sla  # noqa: F401
