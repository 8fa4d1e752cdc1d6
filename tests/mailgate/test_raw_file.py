"""No orphan raw file: the file is written through the storage API only once its row is
committed. A rollback — of the service, of a caller around it, of a twin that lost the
Message-ID — leaves neither row nor file; a write that fails after the commit makes the pipe
exit 75, and the MTA's retry writes the missing file (real commits: transactional tests)."""

import hashlib
import io
import sys

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

from mailgate.models import InboundEmail
from mailgate.services import inbound_receive, receive
from mailgate.services import raw as raw_files
from tests.support.inbound import raw_mail

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path):
    """Files of an earlier run (the same messages, the same digests) are not this run's."""
    settings.MEDIA_ROOT = str(tmp_path)


def files_of(raw: bytes) -> list[str]:
    """Stored raw files of this message (named after its digest), whatever the month."""
    prefix = hashlib.sha256(raw).hexdigest()[:40]
    found = []
    years = default_storage.listdir("inbound")[0] if default_storage.exists("inbound") else []
    for year in years:
        for month in default_storage.listdir(f"inbound/{year}")[0]:
            names = default_storage.listdir(f"inbound/{year}/{month}")[1]
            found += [f"inbound/{year}/{month}/{n}" for n in names if n.startswith(prefix)]
    return found


def pipe(monkeypatch, raw: bytes) -> int:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    try:
        call_command("receive_email", stdout=io.StringIO(), stderr=io.StringIO())
    except SystemExit as exit:
        return exit.code
    return 0


def test_a_committed_message_has_its_file(partner):
    raw = raw_mail(sender="a@x.example", to=partner.support_email)
    row = inbound_receive(raw, via="test")
    assert files_of(raw) == [row.raw.name]
    with row.raw.open("rb") as kept:
        assert kept.read() == raw


def test_a_callers_rollback_leaves_neither_row_nor_file(partner):
    raw = raw_mail(sender="a@x.example", to=partner.support_email)
    with pytest.raises(RuntimeError), transaction.atomic():
        inbound_receive(raw, via="test")
        raise RuntimeError("the caller's next step failed")
    assert not InboundEmail.objects.exists()
    assert files_of(raw) == []


def test_a_failure_while_routing_leaves_neither_row_nor_file(partner, monkeypatch):
    def broken(row, parsed, *args):
        raise RuntimeError("routing failed")

    monkeypatch.setattr(receive, "_route", broken)
    raw = raw_mail(sender="a@x.example", to=partner.support_email)
    with pytest.raises(RuntimeError):
        inbound_receive(raw, via="test")
    assert not InboundEmail.objects.exists() and files_of(raw) == []


def test_the_twin_that_loses_the_message_id_writes_no_file(partner):
    first = raw_mail(sender="a@x.example", to=partner.support_email, Message_ID="<twin@x>")
    second = raw_mail(
        sender="a@x.example",
        to=partner.support_email,
        Message_ID="<twin@x>",
        body="The same message, other bytes.",
    )
    row = inbound_receive(first, via="test")
    assert inbound_receive(second, via="test").pk == row.pk
    assert len(files_of(first)) == 1 and files_of(second) == []


def test_a_failed_write_exits_75_and_the_retry_writes_the_file(partner, monkeypatch):
    raw = raw_mail(sender="a@x.example", to=partner.support_email)
    real_write = raw_files._write

    def disk_full(pk, name, content):
        raise OSError("No space left on device")

    monkeypatch.setattr(raw_files, "_write", disk_full)
    assert pipe(monkeypatch, raw) == 75
    row = InboundEmail.objects.get()  # the row is committed; its file is not there
    assert files_of(raw) == []
    monkeypatch.setattr(raw_files, "_write", real_write)
    assert pipe(monkeypatch, raw) == 0  # the MTA retries
    assert InboundEmail.objects.get().pk == row.pk
    assert files_of(raw) == [row.raw.name]
