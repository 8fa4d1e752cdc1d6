"""The corpus: what each mail client's reply becomes, HTML-only mail, attachments, DSNs."""

import pytest

from mailgate.models import InboundEmail
from mailgate.parsing import parse
from mailgate.services import inbound_receive
from mailgate.text import html_to_text
from notifications.models import Notification
from tests.support.factories import CustomerFactory, TicketFactory
from tests.support.inbound import corpus, raw_mail
from tickets.models import Attachment, Message
from tickets.reply_address import reply_address
from tickets.services.emails import customer_email

REPLIES = {
    "gmail_en.eml": "The invoice number is INV-2026-0042.",
    "gmail_es.eml": "Adjunto el comprobante mañana.",
    "outlook_es.eml": "Ya pagué la factura ayer por transferencia.",
    "apple_fr.eml": "Merci, le montant est correct maintenant.",
    "outlook_fr.eml": "Je n'ai pas reçu l'avoir.",
    "thunderbird_it.eml": "La fattura di febbraio è ancora sbagliata.",
    "gmail_pt.eml": "O boleto venceu ontem, posso pagar hoje?",
    "outlook_pt.eml": "Segue o comprovante em anexo.",
    "yandex_ru.eml": "Счёт оплачен, прошу снять блокировку.",
    "thunderbird_ru.eml": "Спасибо, всё работает.",
    "qq_zh.eml": "发票金额不对，请再核对一下。",
    "foxmail_zh.eml": "已经付款了。",
    "gmail_zh.eml": "好的，谢谢。",
    "html_only.eml": "Please send me the credit note & the receipt.",
}


@pytest.mark.parametrize("name", sorted(REPLIES))
def test_only_what_the_customer_wrote_is_kept(name):
    assert parse(corpus(name)).text == REPLIES[name]


def test_html_becomes_text_without_markup_scripts_or_styles():
    text = html_to_text("<style>x{}</style><p>A &lt;b&gt;</p><script>bad()</script><br>B")
    assert text == "A <b>\n\nB"


def test_a_decoded_subject_and_sender_are_read():
    parsed = parse(corpus("qq_zh.eml"))
    assert (parsed.sender, parsed.subject) == ("xiaoming@qq.com", "回复：您的请求")


def test_the_outlook_auto_reply_is_automatic():
    assert parse(corpus("autoreply_outlook.eml")).automatic


@pytest.fixture
def ticket(partner):
    return TicketFactory(customer=CustomerFactory(partner=partner, email="alice@customer.example"))


def with_files(ticket, files) -> bytes:
    from email import message_from_bytes
    from email.policy import default

    message = message_from_bytes(
        raw_mail(sender="alice@customer.example", to=reply_address(ticket), body="See attached."),
        policy=default,
    )
    for name, kind, data in files:
        maintype, subtype = kind.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


@pytest.mark.django_db
def test_attachments_go_through_the_upload_rules_and_a_refused_one_is_noted(ticket):
    raw = with_files(
        ticket,
        [
            ("receipt.pdf", "application/pdf", b"%PDF-1.4 receipt"),
            ("tool.exe", "application/octet-stream", b"MZ\x90\x00"),
            ("fake.png", "image/png", b"not a png"),
        ],
    )
    row = inbound_receive(raw, via="test")
    assert row.status == InboundEmail.Status.ATTACHED
    message = Message.objects.get(pk=row.ticket_message_id)
    assert [a.filename for a in Attachment.objects.filter(message=message)] == ["receipt.pdf"]
    assert message.body.startswith("See attached.")
    assert "tool.exe" in message.body and "fake.png" in message.body


def sent_notification(ticket) -> Notification:
    customer_email(ticket, "ticket_received", "created")
    return Notification.objects.get(thread=f"ticket:{ticket.pk}")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "code"),
    [("dsn_postfix.eml", "5.1.1"), ("dsn_exchange.eml", "5.1.10"), ("dsn_gmail.eml", "5.1.1")],
)
def test_a_bounce_marks_our_e_mail_bounced_and_is_never_a_customer_message(ticket, name, code):
    sent = sent_notification(ticket)
    row = inbound_receive(corpus(name, **{"OUR-MESSAGE-ID": sent.message_id}), via="test")
    sent.refresh_from_db()
    assert (row.status, row.reason, row.notification_id, row.partner_id) == (
        InboundEmail.Status.BOUNCE,
        InboundEmail.Reason.BOUNCE_MATCHED,
        sent.pk,
        ticket.partner_id,
    )
    assert (sent.status, sent.bounce_status) == ("bounced", code)
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_a_bounce_of_an_unknown_e_mail_is_recorded_and_changes_nothing(ticket):
    sent = sent_notification(ticket)
    row = inbound_receive(corpus("dsn_postfix.eml", **{"OUR-MESSAGE-ID": "<x@y>"}), via="t")
    sent.refresh_from_db()
    assert (row.status, row.reason) == ("bounce", "bounce_unmatched")
    assert sent.status == "queued"


@pytest.mark.django_db
def test_the_bounce_shows_in_the_notifications_api(ticket, admin_user, api):
    sent = sent_notification(ticket)
    inbound_receive(corpus("dsn_postfix.eml", **{"OUR-MESSAGE-ID": sent.message_id}), via="t")
    rows = api(admin_user).get("/api/notifications/").json()["results"]
    assert [(r["id"], r["status"], r["bounce_status"]) for r in rows] == [
        (sent.pk, "bounced", "5.1.1")
    ]


@pytest.mark.django_db
def test_a_bounce_sent_to_another_partner_does_not_touch_our_e_mail(ticket, other_partner):
    sent = sent_notification(ticket)
    raw = corpus("dsn_postfix.eml", **{"OUR-MESSAGE-ID": sent.message_id}).replace(
        b"To: billing@desk.example", f"To: {other_partner.support_email}".encode()
    )
    row = inbound_receive(raw, via="test")
    sent.refresh_from_db()
    assert (row.partner_id, row.reason, row.notification_id) == (
        other_partner.pk,
        "bounce_unmatched",
        None,
    )
    assert sent.status == "queued"
