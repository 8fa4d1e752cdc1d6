"""A partner's mailbox may not point into the desk's own networks (mailgate/hosts.py): refused
when it is set (API and page alike, through the service), when it is checked and when it is
polled; the hosts the deployment lists are allowed."""

import logging
from html import escape

import pytest

from mailgate import imap
from mailgate.hosts import host_is_private
from mailgate.imap import Mailbox, imap_check, imap_poll_all
from mailgate.models import PartnerMailbox
from tests.support.web import signed_in

REFUSED = "This host is on a private network. Use your mail provider's public IMAP server."


@pytest.fixture
def no_private_hosts(settings):
    settings.INBOUND_IMAP_PRIVATE_HOSTS = []
    settings.INBOUND_IMAP_HOST = ""


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "localhost",
        "10.1.2.3",
        "192.168.0.10",
        "172.16.5.5",
        "169.254.169.254",
        "100.64.0.1",
        "::1",
        "0.0.0.0",
    ],
)
def test_it_knows_a_private_host(host, no_private_hosts):
    assert host_is_private(host)


@pytest.mark.parametrize("host", ["8.8.8.8", "2001:4860:4860::8888", "imap.unresolvable.example"])
def test_it_lets_a_public_or_unresolvable_host_be(host, no_private_hosts):
    assert not host_is_private(host)


def test_a_listed_host_is_allowed(settings):
    settings.INBOUND_IMAP_PRIVATE_HOSTS = ["10.1.2.3"]
    assert not host_is_private("10.1.2.3") and host_is_private("10.1.2.4")


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["127.0.0.1", "169.254.169.254", "localhost"])
def test_the_api_refuses_a_private_host_and_writes_nothing(
    host, no_private_hosts, api, admin_user, partner
):
    body = {"host": host, "user": "support", "password": "s3cret", "port": 6379, "ssl": False}
    response = api(admin_user).put(f"/api/partners/{partner.pk}/mailbox/", body, format="json")
    assert response.status_code == 400
    assert response.json()["host"] == [REFUSED]
    assert not PartnerMailbox.objects.exists()


@pytest.mark.django_db
def test_the_page_refuses_a_private_host(no_private_hosts, admin_user):
    form = {"host": "10.0.0.7", "port": "993", "ssl": "on", "user": "support"}
    form.update({"password": "p", "folder": "INBOX", "done_folder": "", "active": "on"})
    response = signed_in(admin_user).post("/settings/mailbox/", form)
    assert response.status_code == 200 and escape(REFUSED) in response.content.decode()
    assert not PartnerMailbox.objects.exists()


@pytest.mark.django_db
def test_a_stored_host_now_private_is_neither_checked_nor_polled(
    no_private_hosts, partner, caplog, monkeypatch
):
    # Set while the name was public (or before this rule): the connection is refused all the same.
    row = PartnerMailbox.objects.create(partner=partner, host="127.0.0.1", user="u", password="p")
    connected = []
    monkeypatch.setattr(imap, "MailBoxUnencrypted", lambda *a, **k: connected.append(a))
    monkeypatch.setattr(imap, "MailBox", lambda *a, **k: connected.append(a))
    found = imap_check(Mailbox.from_partner(row))
    assert (found.ok, found.text) == (False, REFUSED)
    with caplog.at_level(logging.ERROR, logger="mailgate.imap"):
        assert imap_poll_all() == 0
    assert "private network" in caplog.text
    assert connected == []
