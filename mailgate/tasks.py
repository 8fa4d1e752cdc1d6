"""Periodic work of the inbound channel; each task only calls a service."""

from celery import shared_task

from mailgate.imap import Mailbox, imap_poll
from mailgate.services import inbound_raw_purge


@shared_task(ignore_result=True)
def poll_imap() -> int:
    mailbox = Mailbox.from_settings()
    return imap_poll(mailbox) if mailbox is not None else 0


@shared_task(ignore_result=True)
def purge_raw_email() -> int:
    return inbound_raw_purge()
