"""The IMAP poller: a catch-all mailbox read with imap-tools, each message through the service.

A message is flagged ``\\Seen`` (or moved to ``INBOUND_IMAP_DONE_FOLDER``) only after its row is
committed: a crash or a database outage between the two leaves it unseen, and the next poll
hands it in again — where its Message-ID finds the first row, so nothing is stored twice.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError
from imap_tools import AND, MailBox, MailBoxUnencrypted, MailMessageFlags

from mailgate.parsing import NotAMessage
from mailgate.services import inbound_receive

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mailbox:
    host: str
    port: int
    user: str
    password: str
    folder: str = "INBOX"
    done_folder: str = ""  # empty: flag as seen and leave in place
    ssl: bool = True

    @classmethod
    def from_settings(cls) -> "Mailbox | None":
        if not settings.INBOUND_IMAP_HOST:
            return None
        return cls(
            host=settings.INBOUND_IMAP_HOST,
            port=settings.INBOUND_IMAP_PORT,
            user=settings.INBOUND_IMAP_USER,
            password=settings.INBOUND_IMAP_PASSWORD,
            folder=settings.INBOUND_IMAP_FOLDER,
            done_folder=settings.INBOUND_IMAP_DONE_FOLDER,
            ssl=settings.INBOUND_IMAP_SSL,
        )


def imap_poll(mailbox: Mailbox, *, limit: int = 500) -> int:
    """Hand in up to ``limit`` unseen messages; returns how many were recorded."""
    box_class = MailBox if mailbox.ssl else MailBoxUnencrypted
    done = 0
    with box_class(mailbox.host, mailbox.port).login(
        mailbox.user, mailbox.password, initial_folder=mailbox.folder
    ) as box:
        for message in box.fetch(AND(seen=False), mark_seen=False, limit=limit, bulk=50):
            try:
                inbound_receive(message.obj.as_bytes(), via="imap")  # committed on return
            except NotAMessage:
                logger.warning("IMAP uid %s is not an e-mail message; set aside", message.uid)
            except DatabaseError:
                logger.exception("The database failed; IMAP uid %s stays unseen", message.uid)
                break
            else:
                done += 1
            _set_aside(box, mailbox, message.uid)
    return done


def _set_aside(box, mailbox: Mailbox, uid: str) -> None:
    if mailbox.done_folder:
        box.move(uid, mailbox.done_folder)
    else:
        box.flag(uid, MailMessageFlags.SEEN, True)
