"""One raw RFC 5322 message read into what the desk needs (stdlib ``email``, default policy)."""

import email
import re
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from email.utils import getaddresses, parseaddr

from django.core.files.base import ContentFile

from mailgate.bounces import Bounce, bounce_of
from mailgate.text import html_to_text, reply_text

MESSAGE_ID = re.compile(r"<[^<>\s]+@[^<>\s]+>")
RECIPIENT_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc")


class NotAMessage(ValueError):
    """The input is not an e-mail message (no headers, no sender)."""


@dataclass
class Parsed:
    message_id: str
    sender: str
    recipients: list[str]
    subject: str
    answers: list[str]  # In-Reply-To, then References, newest first
    automatic: bool
    text: str
    attachments: list[ContentFile] = field(default_factory=list)
    bounce: Bounce | None = None
    headers: str = ""  # the header block as it arrived (shown on demand beside the message)


def parse(raw: bytes) -> Parsed:
    if not raw or not raw.strip():
        raise NotAMessage("empty input")
    try:
        message = email.message_from_bytes(raw, policy=default)
        sender = parseaddr(str(message.get("From", "")))[1].strip().lower()
    except Exception as exc:  # the email package raises many types on malformed input
        raise NotAMessage(str(exc)) from exc
    if not sender or "@" not in sender or not message.keys():
        raise NotAMessage("no sender")
    return Parsed(
        message_id=_message_id(message),
        sender=sender,
        recipients=_recipients(message),
        subject=_header(message, "Subject")[:255],
        answers=_answers(message),
        automatic=is_automatic(message),
        text=reply_text(_body(message)),
        attachments=_attachments(message),
        bounce=bounce_of(message, sender),
        headers=header_block(raw),
    )


HEADERS_KEPT = 16_000  # characters of the header block kept on the row


def header_block(raw: bytes) -> str:
    """The raw header lines, up to the first empty line (RFC 5322), as well as they decode."""
    head = re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[0]
    return head.decode("utf-8", "replace").replace("\r\n", "\n")[:HEADERS_KEPT]


def is_automatic(message: EmailMessage) -> bool:
    """RFC 3834 and the common de-facto headers of auto-replies and list mail."""
    submitted = _header(message, "Auto-Submitted").lower()
    precedence = _header(message, "Precedence").lower()
    return (
        (submitted != "" and submitted != "no")
        or precedence in ("bulk", "junk", "list")
        or any(
            name in message
            for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress", "List-Id")
        )
    )


def _header(message: EmailMessage, name: str) -> str:
    try:
        return str(message.get(name, "") or "").strip()
    except Exception:  # an undecodable header reads as absent
        return ""


def _message_id(message: EmailMessage) -> str:
    found = MESSAGE_ID.findall(_header(message, "Message-ID"))
    return found[0][:255] if found else ""


def _answers(message: EmailMessage) -> list[str]:
    replied = MESSAGE_ID.findall(_header(message, "In-Reply-To"))
    references = MESSAGE_ID.findall(_header(message, "References"))
    return list(dict.fromkeys([*replied, *reversed(references)]))[:50]


def _recipients(message: EmailMessage) -> list[str]:
    values = [_header(message, name) for name in RECIPIENT_HEADERS for _ in [0] if name in message]
    addresses = [address.strip().lower() for _name, address in getaddresses(values)]
    return list(dict.fromkeys(address for address in addresses if "@" in address))


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except Exception:  # an unknown charset: the bytes, as well as they decode
        content = (part.get_payload(decode=True) or b"").decode("utf-8", "replace")
    return html_to_text(content) if part.get_content_type() == "text/html" else content


def _attachments(message: EmailMessage) -> list[ContentFile]:
    files = []
    for part in message.iter_attachments():
        if part.get_content_maintype() in ("multipart", "message"):
            continue
        data = part.get_payload(decode=True) or b""
        files.append(ContentFile(data, name=part.get_filename() or "attachment"))
    return files
