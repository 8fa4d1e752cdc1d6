from django.apps import AppConfig


class MailgateConfig(AppConfig):
    name = "mailgate"
    verbose_name = "Inbound e-mail"

    def ready(self):
        from mailgate import webhooks  # noqa: F401 - connects the providers' inbound signal
