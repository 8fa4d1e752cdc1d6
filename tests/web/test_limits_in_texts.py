"""Help texts and dialogs state the limits the services enforce, read from where they are set —
never a number typed into the text — and the attachment list marks files with an SVG icon, not an
emoji that shows as a box without an emoji font."""

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from tests.support.billing_helpers import customer_with_subscription
from tests.support.web import signed_in
from tickets.services import attachments
from web.forms.tickets import files_field
from web.templatetags import billing_ui


def test_the_attachment_help_text_follows_the_attachment_limits(monkeypatch):
    monkeypatch.setattr(attachments, "MAX_FILES", 3)
    monkeypatch.setattr(attachments, "MAX_BYTES", 2 * 1024 * 1024)
    with translation.override("en"):
        text = str(files_field().help_text)
    assert "up to 3 files of 2.0\xa0MB each" in text


@pytest.mark.django_db
def test_the_suspend_dialog_states_the_retention_period_it_describes(
    monkeypatch, partner, operator_user
):
    monkeypatch.setattr(billing_ui, "DATA_RETENTION_DAYS", 45)
    _customer, subscription = customer_with_subscription(partner)
    page = signed_in(operator_user).get(f"/ops/subscriptions/{subscription.id}/").content.decode()
    assert "the data is deleted after 45 days unless it is reactivated" in page
    assert "60 days" not in page


def test_attachments_are_marked_with_an_svg_icon_not_an_emoji():
    html = render_to_string("includes/icons/paperclip.html")
    assert html.strip().startswith("<svg") and 'aria-hidden="true"' in html
    with open(finders.find("css/desk.css"), encoding="utf-8") as css_file:
        css = css_file.read()
    assert "\N{PAPERCLIP}" not in css
