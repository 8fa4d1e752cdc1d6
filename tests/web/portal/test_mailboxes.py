"""The partner's IMAP mailbox page: the admin adds, changes, checks, pauses and removes it; the
password is write-only; agents read it; another partner's admin never sees it. The check logs in
to a real dovecot (skipped outside CI when dovecot is absent)."""

import pytest

from mailgate.models import PartnerMailbox
from partners.models import Event, Profile
from tests.support.dovecot import USERS
from tests.support.mail_sink import free_port
from tests.support.web import page_queries, signed_in

pytestmark = pytest.mark.django_db
URL = "/settings/mailbox/"
FORM = {
    "host": "imap.northwind.example",
    "port": "993",
    "ssl": "on",
    "user": "support@northwind.example",
    "password": "s3cret-imap",
    "folder": "INBOX",
    "done_folder": "",
    "active": "on",
}


@pytest.fixture
def mailbox(partner):
    return PartnerMailbox.objects.create(
        partner=partner, host="imap.partner.example", user="support", password="s3cret-imap"
    )


def test_an_admin_adds_a_mailbox_and_the_password_is_never_shown(admin_user, partner):
    client = signed_in(admin_user)
    assert f'href="{URL}"' in client.get("/").content.decode()  # in the side navigation
    assert "No mailbox yet" in client.get(URL).content.decode()
    response = client.post(URL, FORM)
    assert response.status_code == 302 and response["Location"] == URL
    row = PartnerMailbox.objects.get(partner=partner)
    assert (row.host, row.port, row.ssl, row.active) == ("imap.northwind.example", 993, True, True)
    assert row.password == "s3cret-imap"
    page = client.get(URL).content.decode()
    assert "Mailbox saved." in page and "imap.northwind.example" in page
    assert "s3cret-imap" not in page and "Set (never shown)" in page
    assert Event.objects.filter(action="mailbox_set", object_id=partner.pk).count() == 1


def test_a_change_with_an_empty_password_keeps_the_one_set(admin_user, mailbox):
    client = signed_in(admin_user)
    response = client.post(URL, {**FORM, "password": "", "port": "1143", "done_folder": "Done"})
    assert response.status_code == 302
    mailbox.refresh_from_db()
    assert (mailbox.port, mailbox.done_folder, mailbox.password) == (1143, "Done", "s3cret-imap")
    assert 'value="s3cret-imap"' not in client.get(URL).content.decode()


def test_a_first_mailbox_without_a_password_is_refused_on_the_field(admin_user):
    response = signed_in(admin_user).post(URL, {**FORM, "password": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not PartnerMailbox.objects.exists()


@pytest.mark.parametrize(
    "change, message",
    [
        ({"port": "70000"}, "less than or equal to 65535"),
        ({"host": ""}, "This field is required."),
        ({"port": "imap"}, "Enter a whole number."),
    ],
)
def test_bad_settings_show_on_the_form_and_change_nothing(admin_user, mailbox, change, message):
    response = signed_in(admin_user).post(URL, {**FORM, **change})
    assert response.status_code == 200 and message in response.content.decode()
    mailbox.refresh_from_db()
    assert (mailbox.host, mailbox.port) == ("imap.partner.example", 993)


def test_the_admin_pauses_and_resumes_polling(admin_user, mailbox):
    client = signed_in(admin_user)
    assert client.post(URL + "active/", {"active": "0"}).status_code == 302
    mailbox.refresh_from_db()
    assert mailbox.active is False and mailbox.password == "s3cret-imap"
    assert "Polling is paused." in client.get(URL).content.decode()
    client.post(URL + "active/", {"active": "1"})
    mailbox.refresh_from_db()
    assert mailbox.active is True


def test_the_admin_removes_the_mailbox(admin_user, mailbox, partner):
    client = signed_in(admin_user)
    assert client.post(URL + "remove/").status_code == 302
    assert not PartnerMailbox.objects.exists()
    assert "Mailbox removed" in client.get(URL).content.decode()
    assert Event.objects.filter(action="mailbox_removed", object_id=partner.pk).exists()


def test_an_agent_reads_the_mailbox_but_changes_nothing(agent_user, mailbox):
    client = signed_in(agent_user)
    page = client.get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert "imap.partner.example" in text and "s3cret-imap" not in text
    assert "Only a partner admin can change the mailbox." in text
    assert 'name="password"' not in text
    for path in ("", "active/", "check/", "remove/"):
        assert client.post(URL + path, {**FORM, "active": "0"}).status_code == 403, path
    mailbox.refresh_from_db()
    assert (mailbox.host, mailbox.active) == ("imap.partner.example", True)


def test_another_partners_admin_never_sees_nor_touches_it(other_admin_user, mailbox):
    client = signed_in(other_admin_user)
    page = client.get(URL).content.decode()
    assert "imap.partner.example" not in page and "No mailbox yet" in page
    client.post(URL + "remove/")
    client.post(URL + "active/", {"active": "0"})
    mailbox.refresh_from_db()
    assert mailbox.active is True and PartnerMailbox.objects.count() == 1


@pytest.mark.parametrize(
    "language, words",
    [
        ("zh-hans", ["IMAP 邮箱", "已设置（从不显示）", "检查连接"]),
        ("ru", ["Ящик IMAP", "Задан (не показывается)", "Проверить подключение"]),
        ("pt-br", ["Caixa IMAP", "Definida (nunca exibida)", "Verificar a conexão"]),
    ],
)
def test_the_page_reads_in_the_users_language(admin_user, mailbox, language, words):
    Profile.objects.update_or_create(user=admin_user, defaults={"language": language})
    page = signed_in(admin_user).get(URL).content.decode()
    assert all(word in page for word in words), language


def test_the_operator_has_no_such_page(operator_user):
    assert signed_in(operator_user).get(URL).status_code == 403


def test_the_page_costs_the_same_queries_with_or_without_a_mailbox(admin_user, partner):
    client = signed_in(admin_user)
    client.get(URL)  # warm-up (session, content types)
    without = page_queries(client, URL)
    PartnerMailbox.objects.create(partner=partner, host="h.example", user="u", password="p")
    assert page_queries(client, URL) == without
    assert without <= 8


def test_a_check_that_cannot_connect_says_so(admin_user, mailbox):
    PartnerMailbox.objects.filter(pk=mailbox.pk).update(host="127.0.0.1", port=free_port())
    page = signed_in(admin_user).post(URL + "check/", follow=True).content.decode()
    assert "Could not connect to 127.0.0.1 on port" in page


def on_dovecot(mailbox, dovecot, **changes):
    fields = {"host": "127.0.0.1", "port": dovecot.port, "user": "partner-a", "ssl": False}
    fields.setdefault("password", USERS["partner-a"])
    PartnerMailbox.objects.filter(pk=mailbox.pk).update(**{**fields, **changes})


def test_a_check_logs_in_and_reads_the_folder(admin_user, mailbox, dovecot):
    on_dovecot(mailbox, dovecot)
    page = signed_in(admin_user).post(URL + "check/", follow=True).content.decode()
    assert "Connected. INBOX: 0 in all, 0 unread." in page


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"password": "wrong"}, "The server refused the user name or the password."),
        ({"folder": "Nowhere"}, "The folder Nowhere does not exist."),
        ({"done_folder": "Done"}, "The folder for handled mail, Done, does not exist."),
    ],
)
def test_a_check_says_what_is_wrong(admin_user, mailbox, dovecot, changes, message):
    on_dovecot(mailbox, dovecot, **changes)
    page = signed_in(admin_user).post(URL + "check/", follow=True).content.decode()
    assert message in page
