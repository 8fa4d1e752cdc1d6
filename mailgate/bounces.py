"""Delivery-status reports: RFC 3464 ``multipart/report`` and the common non-standard bounces.

A bounce names the e-mail it gives back by that e-mail's Message-ID (in the returned message or
its headers); the status code (RFC 3463, e.g. ``5.1.1``) says why.
"""

import re
from dataclasses import dataclass
from email.message import EmailMessage

STATUS = re.compile(r"\b([245]\.\d{1,3}\.\d{1,3})\b")
MESSAGE_ID = re.compile(r"<[^<>\s]+@[^<>\s]+>")
DAEMONS = ("mailer-daemon@", "postmaster@", "mail-daemon@")
SUBJECTS = re.compile(
    r"undeliver|delivery status notification|mail delivery (?:failed|failure)|"
    r"returned mail|failure notice|delivery has failed|non remis|unzustellbar|无法投递|退信",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Bounce:
    message_ids: tuple[str, ...]  # candidates for the e-mail that bounced, most likely first
    status_code: str  # "5.1.1"; "" when the report gives none
    permanent: bool  # a failure, not a delay ("4.x.x", Action: delayed)


def bounce_of(message: EmailMessage, sender: str) -> Bounce | None:
    if message.get_content_type() == "multipart/report":
        return _report(message)
    subject = str(message.get("Subject", "") or "")
    if sender.startswith(DAEMONS) or SUBJECTS.search(subject):
        return _loose(message)
    return None


def _report(message: EmailMessage) -> Bounce:
    status, action, ids = "", "", []
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "message/delivery-status":
            text = _delivery_status_text(part)
            status = status or _first(STATUS, text)
            action = action or _field(text, "Action")
        elif kind in ("message/rfc822", "text/rfc822-headers", "message/rfc822-headers"):
            ids += _ids_of(part)
    permanent = action.lower() == "failed" or status.startswith("5")
    return Bounce(tuple(dict.fromkeys(ids)), status, permanent)


def _loose(message: EmailMessage) -> Bounce:
    text = _text(message)
    own = set(MESSAGE_ID.findall(str(message.get("Message-ID", "") or "")))
    ids = [found for found in MESSAGE_ID.findall(text) if found not in own]
    status = _first(STATUS, text)
    return Bounce(tuple(dict.fromkeys(ids)), status, not status.startswith("4"))


def _delivery_status_text(part: EmailMessage) -> str:
    payload = part.get_payload()
    if isinstance(payload, list):  # the email package reads the status blocks as messages
        return "\n".join(f"{k}: {v}" for block in payload for k, v in block.items())
    return str(payload)


def _ids_of(part: EmailMessage) -> list[str]:
    payload = part.get_payload()
    if isinstance(payload, list) and payload:
        returned = payload[0]
        return MESSAGE_ID.findall(str(returned.get("Message-ID", "") or ""))
    return [
        found
        for line in str(payload).splitlines()
        if line.lower().startswith("message-id:")
        for found in MESSAGE_ID.findall(line)
    ]


def _text(message: EmailMessage) -> str:
    chunks = []
    for part in message.walk():
        if part.get_content_maintype() == "text":
            data = part.get_payload(decode=True) or b""
            chunks.append(data.decode(part.get_content_charset() or "utf-8", "replace"))
    return "\n".join(chunks)


def _field(text: str, name: str) -> str:
    found = re.search(rf"^{name}:\s*(\S+)", text, re.MULTILINE | re.IGNORECASE)
    return found[1] if found else ""


def _first(pattern: re.Pattern, text: str) -> str:
    found = pattern.search(text)
    return found[1] if found else ""
