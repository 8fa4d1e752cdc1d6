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
FOLD = re.compile(r"\r?\n[ \t]+")
RECIPIENT_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "To", "Cc")


class _Message(EmailMessage):
    """An ``EmailMessage`` that parses each header once: the default policy builds a header
    object on every read, and one message is read many times (the body's and each part's
    ``Content-Type`` alone some ten times). Only read here, never changed; a change forgets."""

    def get(self, name, failobj=None):
        cache = self.__dict__.setdefault("_read", {})
        key = name.lower()
        if key not in cache:
            cache[key] = super().get(name, _ABSENT)
        found = cache[key]
        return failobj if found is _ABSENT else found

    def __getitem__(self, name):
        return self.get(name)


def _forgetting(name):
    def method(self, *args, **kwargs):
        self.__dict__.pop("_read", None)
        return getattr(EmailMessage, name)(self, *args, **kwargs)

    method.__name__ = name
    return method


for _name in (
    "__setitem__",
    "__delitem__",
    "add_header",
    "replace_header",
    "set_raw",
    "set_param",
    "del_param",
    "set_type",
    "set_boundary",
    "set_content",
    "clear",
    "clear_content",
):
    setattr(_Message, _name, _forgetting(_name))


_ABSENT = object()
POLICY = default.clone(message_factory=_Message)


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
        message = email.message_from_bytes(raw, policy=POLICY)
        plain = _plain_headers(message)
        sender = parseaddr(plain.get("from", ""))[1].strip().lower()
    except Exception as exc:  # the email package raises many types on malformed input
        raise NotAMessage(str(exc)) from exc
    if not sender or "@" not in sender or not message.keys():
        raise NotAMessage("no sender")
    return Parsed(
        message_id=_message_id(plain),
        sender=sender,
        recipients=_recipients(plain),
        subject=_header(message, "Subject")[:255],
        answers=_answers(plain),
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


def _plain_headers(message: EmailMessage) -> dict[str, str]:
    """The first value of each header as it arrived, unfolded, by lower-case name: addresses
    and Message-IDs are read from these (they are ASCII; a display name is not needed), which
    spares the default policy's parse of each address header, a third of a message's cost."""
    plain: dict[str, str] = {}
    for name, value in message.raw_items():
        plain.setdefault(name.lower(), FOLD.sub(" ", str(value)).strip())
    return plain


def _message_id(plain: dict[str, str]) -> str:
    found = MESSAGE_ID.findall(plain.get("message-id", ""))
    return found[0][:255] if found else ""


def _answers(plain: dict[str, str]) -> list[str]:
    replied = MESSAGE_ID.findall(plain.get("in-reply-to", ""))
    references = MESSAGE_ID.findall(plain.get("references", ""))
    return list(dict.fromkeys([*replied, *reversed(references)]))[:50]


def _recipients(plain: dict[str, str]) -> list[str]:
    values = [plain[name.lower()] for name in RECIPIENT_HEADERS if name.lower() in plain]
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
