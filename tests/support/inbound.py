"""Hand-written e-mails for the inbound channel's tests and its benchmark."""

from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "mailgate" / "corpus"


def raw_mail(
    *, sender: str, to: str, subject: str = "Hello", body: str = "A question.", **headers
) -> bytes:
    """One plain-text message; ``headers`` with underscores (``In_Reply_To=…``)."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Message-ID"] = headers.pop("Message_ID", None) or make_msgid(domain="client.example")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message.as_bytes()


def corpus(name: str, **replace) -> bytes:
    """A corpus file, with its placeholders (``OUR-MESSAGE-ID``…) replaced."""
    text = (CORPUS / name).read_text(encoding="utf-8")
    for old, new in replace.items():
        text = text.replace(old, new)
    return text.encode("utf-8")


def committed(call):
    """Run ``call()`` and then its commit hooks (a test's transaction never commits; the raw
    file and the outbox's hand-over wait for a commit)."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return call()


def received(raw: bytes, via: str = "test"):
    """``inbound_receive`` as committed: the row, its raw file written."""
    from mailgate.services import inbound_receive

    return committed(lambda: inbound_receive(raw, via=via))


def receive_piped(monkeypatch, raw: bytes):
    """Hand ``raw`` to ``manage.py receive_email`` as a pipe transport would (committed); the row
    it wrote."""
    import io
    import sys

    from django.core.management import call_command

    from mailgate.models import InboundEmail

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    committed(lambda: call_command("receive_email", stdout=io.StringIO()))
    return InboundEmail.objects.order_by("-id").first()
