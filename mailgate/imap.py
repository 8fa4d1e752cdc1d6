"""The IMAP poller: the catch-all mailbox of the settings and each partner's own mailbox
(``PartnerMailbox``), read with imap-tools, each message through the service — a partner's
mailbox's messages recorded for that partner.

A message is flagged ``\\Seen`` (or moved to ``INBOUND_IMAP_DONE_FOLDER``) only after its row is
committed: a crash or a database outage between the two leaves it unseen, and the next poll
hands it in again — where its Message-ID finds the first row, so nothing is stored twice.
"""

import imaplib
import logging
import ssl
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import gettext as _
from imap_tools import AND, MailBox, MailBoxUnencrypted, MailMessageFlags
from imap_tools.errors import ImapToolsError, MailboxFolderSelectError, MailboxLoginError

from mailgate.hosts import host_is_private, private_host_message
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
    partner: object = field(default=None, compare=False)  # a partner's own mailbox: its Partner

    @classmethod
    def from_partner(cls, row) -> "Mailbox":
        """A ``PartnerMailbox`` row (its partner loaded)."""
        return cls(
            host=row.host,
            port=row.port,
            user=row.user,
            password=row.password,
            folder=row.folder,
            done_folder=row.done_folder,
            ssl=row.ssl,
            partner=row.partner,
        )

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
    if mailbox.partner is not None and host_is_private(mailbox.host):
        raise PermissionError(f"{mailbox.host} is on a private network")  # logged by the caller
    box_class = MailBox if mailbox.ssl else MailBoxUnencrypted
    done = 0
    with box_class(mailbox.host, mailbox.port).login(
        mailbox.user, mailbox.password, initial_folder=mailbox.folder
    ) as box:
        for message in box.fetch(AND(seen=False), mark_seen=False, limit=limit, bulk=50):
            try:
                # committed on return
                inbound_receive(message.obj.as_bytes(), via="imap", partner=mailbox.partner)
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


def mailboxes() -> list[Mailbox]:
    """Every mailbox to poll: the catch-all of the settings, then each active partner's own."""
    from mailgate.models import PartnerMailbox

    rows = PartnerMailbox.objects.filter(active=True).select_related("partner").order_by("id")
    catch_all = Mailbox.from_settings()
    return ([catch_all] if catch_all else []) + [Mailbox.from_partner(row) for row in rows]


def imap_poll_all(*, limit: int = 500) -> int:
    """Poll every mailbox; one that cannot be reached (a wrong password, a server down) is
    logged and the others are still read."""
    done = 0
    for mailbox in mailboxes():
        try:
            done += imap_poll(mailbox, limit=limit)
        except DatabaseError:
            raise
        except Exception:  # imap-tools and the socket raise many types
            logger.exception("IMAP mailbox %s@%s could not be polled", mailbox.user, mailbox.host)
    return done


CHECK_SECONDS = 10  # how long the mailbox page waits on the server


@dataclass(frozen=True)
class Check:
    """What checking a mailbox found: logged in and opened its folder, or why not."""

    ok: bool
    text: str  # for the partner's admin, in their language


def imap_check(mailbox: Mailbox, *, seconds: int = CHECK_SECONDS) -> Check:
    """Log in, open the folder (and see that the folder for handled mail exists), change
    nothing. The reason is one of a few, never the server's own words: the page shows it to the
    partner, who should learn whether the mailbox works, not how the network around it looks."""
    if mailbox.partner is not None and host_is_private(mailbox.host):
        return Check(False, private_host_message())
    box_class = MailBox if mailbox.ssl else MailBoxUnencrypted
    try:
        with box_class(mailbox.host, mailbox.port, timeout=seconds).login(
            mailbox.user, mailbox.password, initial_folder=mailbox.folder
        ) as box:
            status = box.folder.status(mailbox.folder, ["MESSAGES", "UNSEEN"])
            if mailbox.done_folder and not box.folder.exists(mailbox.done_folder):
                return Check(
                    False,
                    _("The folder for handled mail, %(folder)s, does not exist.")
                    % {"folder": mailbox.done_folder},
                )
    except Exception as exc:  # imap-tools, imaplib, ssl and the socket raise many types
        logger.info("IMAP check of %s@%s: %r", mailbox.user, mailbox.host, exc)
        return Check(False, _check_failure(exc, mailbox, seconds))
    return Check(
        True,
        _("Connected. %(folder)s: %(messages)d in all, %(unseen)d unread.")
        % {
            "folder": mailbox.folder,
            "messages": status.get("MESSAGES", 0),
            "unseen": status.get("UNSEEN", 0),
        },
    )


def _check_failure(exc: Exception, mailbox: Mailbox, seconds: int) -> str:
    if isinstance(exc, MailboxLoginError):
        return _("The server refused the user name or the password.")
    if isinstance(exc, MailboxFolderSelectError):
        return _("The folder %(folder)s does not exist.") % {"folder": mailbox.folder}
    if isinstance(exc, TimeoutError):
        return _("The server did not answer within %(seconds)d seconds.") % {"seconds": seconds}
    if isinstance(exc, ssl.SSLError):
        return _("The TLS connection failed: check the port and the server's certificate.")
    if isinstance(exc, OSError):
        return _("Could not connect to %(host)s on port %(port)d.") % {
            "host": mailbox.host,
            "port": mailbox.port,
        }
    if isinstance(exc, (imaplib.IMAP4.error, ImapToolsError)):
        return _("The server did not answer as an IMAP server does: check the host and port.")
    return _("The check failed for an unexpected reason.")
