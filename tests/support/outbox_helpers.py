"""Mail backends that fail, and a helper to queue one e-mail the way an app would."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from notifications.services import notification_queue
from tests.support.email_context import context_for


class DownBackend(BaseEmailBackend):
    """The SMTP server is unreachable."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RefusingBackend(BaseEmailBackend):
    """The SMTP server says the mailbox does not exist (a permanent 5xx)."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"5.1.1 No such user")})


def queue_one(partner, key="ticket:1:received", kind="ticket_received", language="en", **overrides):
    with transaction.atomic():
        return notification_queue(
            partner=partner,
            kind=kind,
            recipient="billing@customer.example",
            language=language,
            context=context_for(kind, **overrides),
            key=key,
        )
