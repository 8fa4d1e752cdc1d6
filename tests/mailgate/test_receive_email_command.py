"""``manage.py receive_email``, the pipe transport's entry point: its exit codes, no traceback."""

import io
import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from mailgate.models import InboundEmail
from tests.support.factories import CustomerFactory, TicketFactory
from tests.support.inbound import corpus, raw_mail
from tests.support.paths import ROOT
from tickets.models import Message
from tickets.reply_address import reply_address


def stdin(monkeypatch, raw: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))


def run(raw: bytes, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "receive_email"],
        input=raw,
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        timeout=60,
    )


@pytest.mark.django_db
def test_a_reply_on_stdin_lands_on_the_ticket_and_exits_zero(partner, monkeypatch):
    ticket = TicketFactory(customer=CustomerFactory(partner=partner, email="a@customer.example"))
    raw = raw_mail(sender="a@customer.example", to=reply_address(ticket), body="Paid today.")
    out = io.StringIO()
    stdin(monkeypatch, raw)
    call_command("receive_email", stdout=out)
    assert out.getvalue().startswith("attached reply_address")
    assert Message.objects.get(ticket=ticket).body == "Paid today."
    assert InboundEmail.objects.get().via == "pipe"


@pytest.mark.django_db
def test_an_ignored_auto_reply_exits_zero(partner, monkeypatch):
    out = io.StringIO()
    stdin(monkeypatch, corpus("autoreply_outlook.eml"))
    call_command("receive_email", stdout=out)
    assert out.getvalue().startswith("ignored auto_reply")


@pytest.mark.parametrize("raw", [b"", b"just some words\n\x00\xff\xfe"])
def test_input_that_is_not_a_message_exits_65_without_a_traceback(raw):
    done = run(raw)
    assert done.returncode == 65, done.stderr
    assert b"Traceback" not in done.stderr and b"Not an e-mail message" in done.stderr


def test_an_unreachable_database_exits_75_so_the_mta_retries():
    raw = raw_mail(sender="a@customer.example", to="support@partner.example")
    done = run(raw, DATABASE_URL="postgres://nobody@127.0.0.1:9/none")
    assert done.returncode == 75, done.stderr
    assert b"Traceback" not in done.stderr and b"unreachable" in done.stderr
