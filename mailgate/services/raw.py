"""The raw message file: written through the storage API only once the row that names it is
committed, and deleted after ``INBOUND_EMAIL_KEEP_DAYS``.

The row gets its file name before it is inserted (the upload folder of the month, the digest and
a random part, so two messages never share a name); the file is written by a commit hook. A
transaction that rolls back — ours, a concurrent twin that lost the Message-ID, or a caller's
around us — never runs the hook, so no file is left behind without its row. If the write itself
fails, the hook raises after the commit: the pipe exits 75, the provider's webhook answers 5xx
and the IMAP message stays unseen, so the message comes again, finds its row by Message-ID, and
the missing file is written then (``raw_heal``).
"""

import logging
import secrets
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from mailgate.models import InboundEmail

logger = logging.getLogger(__name__)


def _storage():
    return InboundEmail._meta.get_field("raw").storage


def raw_name(digest: str) -> str:
    month = timezone.now().strftime("inbound/%Y/%m")
    return f"{month}/{digest[:40]}-{secrets.token_hex(4)}.eml"


def raw_write_on_commit(row: InboundEmail, raw: bytes) -> None:
    """Write ``raw`` under ``row.raw.name`` once the current transaction commits."""
    transaction.on_commit(partial(_write, row.pk, row.raw.name, raw))


def _write(pk: int, name: str, raw: bytes) -> None:
    stored = _storage().save(name, ContentFile(raw))
    if stored != name:  # the storage chose another name (it never should): the row follows
        InboundEmail.objects.filter(pk=pk).update(raw=stored)


def raw_heal(row: InboundEmail, raw: bytes) -> None:
    """The message came again: write its file if the first write never happened (a crash or a
    storage failure after the commit). A purged file (empty name) stays purged."""
    if row.raw.name and not _storage().exists(row.raw.name):
        logger.warning("Raw file of inbound e-mail %s was missing; written again", row.pk)
        raw_write_on_commit(row, raw)


def inbound_raw_purge(*, now=None) -> int:
    """Delete raw files older than ``INBOUND_EMAIL_KEEP_DAYS``; the rows stay. Returns the count."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.INBOUND_EMAIL_KEEP_DAYS)
    done = 0
    for row in InboundEmail.objects.filter(received_at__lt=cutoff).exclude(raw="").iterator():
        row.raw.delete(save=False)
        InboundEmail.objects.filter(pk=row.pk).update(raw="")
        done += 1
    return done
