"""This app's API routes; config/api_urls.py collects every app's."""

from anymail.webhooks.mailgun import MailgunInboundWebhookView
from django.urls import path, re_path

from mailgate.api import inbound, mailboxes


def register(router):
    router.register("inbound-emails", inbound.InboundEmailViewSet, basename="inbound-email")


# Mailgun's inbound route (raw MIME or parsed), signature checked by django-anymail.
extra_urlpatterns = [
    path(
        "partners/<int:pk>/mailbox/",
        mailboxes.PartnerMailboxView.as_view(),
        name="api-partner-mailbox",
    ),
    re_path(
        r"^webhooks/mailgun/inbound(_mime)?/$",
        MailgunInboundWebhookView.as_view(),
        name="mailgun-inbound",
    ),
]
