"""Chinese pages and e-mails are punctuated as Chinese: a label is followed by a full-width
colon ("状态：", never "状态:"), and two sentences side by side have no space between them
("尚未付款。已逾期", never "。 "). A colon written in a template outside the translated
string was the usual cause; the pieces are now joined by ``core.ui.punctuation`` (filter
``colon``, tag ``sentence_gap``)."""

import html as html_lib
import re

import polib
import pytest
from django.conf import settings
from django.utils import translation

from core.ui.punctuation import labelled, sentences
from notifications.kinds import KINDS
from partners.models import Profile
from tests.notifications.test_templates import render
from tests.support.factories import CustomerFactory, InvoiceFactory
from tests.support.ticket_states import escalation_in
from tests.support.web import signed_in

CJK = "\u3400-\u9fff\u3002\uff09\u300b"  # ideographs, 。 ） 》
ASCII_COLON_AFTER_CJK = re.compile(rf"[{CJK}]\s*:(?!//)")
SPACE_AFTER_FULL_STOP = re.compile(r"[。！？] +\S")


def visible(page: str) -> str:
    """The text a reader meets: the words between tags and the words of alt, title, aria-label."""
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    attributes = re.findall(r'(?:alt|title|aria-label|placeholder)="([^"]*)"', page)
    words = re.sub(r"<[^>]+>", "\n", page)
    return html_lib.unescape("\n".join([words, *attributes]))


@pytest.mark.parametrize(
    "language, label, joined",
    [
        ("en", "Status: ", "Paid. Thanks."),
        ("zh-hans", "Status：", "Paid.Thanks."),
        ("fr", "Status\N{NO-BREAK SPACE}: ", "Paid. Thanks."),
        ("ru", "Status: ", "Paid. Thanks."),
    ],
)
def test_labels_and_sentences_are_joined_the_way_the_language_does(language, label, joined):
    with translation.override(language):
        assert labelled("Status") == label
        assert sentences("Paid.", "", "Thanks.") == joined


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_chinese_emails_have_no_ascii_colon_after_chinese_and_no_space_after_a_full_stop(kind):
    subject, text, html = render(kind, "zh-hans")
    for part in (subject, text, visible(html)):
        assert not ASCII_COLON_AFTER_CJK.search(part), (kind, part)
        assert not SPACE_AFTER_FULL_STOP.search(part), (kind, part)


def test_the_chinese_catalog_writes_full_width_colons_after_chinese():
    po = polib.pofile(str(settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    wrong = [
        entry.msgid
        for entry in po
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        if ASCII_COLON_AFTER_CJK.search(text)
    ]
    assert wrong == []


@pytest.mark.django_db
def test_chinese_pages_have_no_ascii_colon_after_chinese(agent_user, admin_user, operator_user):
    escalation = escalation_in("in_review", agent_user)
    customer = CustomerFactory(partner=agent_user.membership.partner)
    invoice = InvoiceFactory(customer=customer)
    for user in (agent_user, admin_user, operator_user):
        Profile.objects.update_or_create(user=user, defaults={"language": "zh-hans"})
    pages = [
        (agent_user, f"/tickets/{escalation.ticket_id}/"),
        (agent_user, f"/tickets/{escalation.ticket_id}/resolve/"),  # GET: back to the page
        (agent_user, f"/invoices/{invoice.pk}/"),
        (agent_user, f"/customers/{customer.pk}/"),
        (agent_user, "/search/?q=seats"),
        (admin_user, "/exposure/"),
        (operator_user, f"/ops/escalations/{escalation.pk}/"),
        (operator_user, f"/ops/escalations/{escalation.pk}/invoice/"),
        (None, f"/status/{escalation.ticket.status_token}/?lang=zh-hans"),
    ]
    for user, url in pages:
        response = signed_in(user).get(url, follow=True)
        assert response.status_code == 200, url
        text = visible(response.content.decode())
        found = ASCII_COLON_AFTER_CJK.search(text)
        assert not found, (url, text[max(0, found.start() - 40) : found.end() + 40])
