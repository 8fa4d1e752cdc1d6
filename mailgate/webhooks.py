"""Providers' inbound webhooks (django-anymail): the provider posts the raw message, anymail checks
its signature (Mailgun: HMAC of timestamp and token with ``MAILGUN_WEBHOOK_SIGNING_KEY``; a bad
one is a 400) and sends the ``inbound`` signal, which hands the message to the one service.

A database failure raises, so the provider gets a 5xx and retries; input that is not a message is
logged and answered 200 (retrying it would not help).
"""

import logging

from anymail.signals import inbound
from django.dispatch import receiver

from mailgate.parsing import NotAMessage
from mailgate.services import inbound_receive

logger = logging.getLogger(__name__)


@receiver(inbound, dispatch_uid="mailgate-inbound")
def inbound_from_provider(sender, event, esp_name, **kwargs):
    try:
        inbound_receive(event.message.as_bytes(), via=esp_name.lower()[:20])
    except NotAMessage as exc:
        logger.warning("%s posted something that is not an e-mail: %s", esp_name, exc)
