"""Periodic work of the inbound channel; each task only calls a service."""

from celery import shared_task

from mailgate.imap import imap_poll_all
from mailgate.services import inbound_raw_purge


@shared_task(ignore_result=True)
def poll_imap() -> int:
    """The catch-all mailbox and every partner's own."""
    return imap_poll_all()


@shared_task(ignore_result=True)
def purge_raw_email() -> int:
    return inbound_raw_purge()
