"""Raw messages are kept 30 days, then deleted through the storage API; the row stays."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone

from mailgate import tasks
from mailgate.models import InboundEmail
from mailgate.services import inbound_receive
from tests.support.inbound import raw_mail, received

pytestmark = pytest.mark.django_db


def test_raw_files_older_than_the_keep_period_are_deleted_and_the_rows_stay(partner):
    old = received(raw_mail(sender="a@x.example", to=partner.support_email))
    new = received(raw_mail(sender="b@x.example", to=partner.support_email))
    days = settings.INBOUND_EMAIL_KEEP_DAYS
    InboundEmail.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - timedelta(days=days, minutes=1)
    )
    old_name = old.raw.name
    assert tasks.purge_raw_email() == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert old.raw.name == "" and not default_storage.exists(old_name)
    assert new.raw.name and default_storage.exists(new.raw.name)
    assert tasks.purge_raw_email() == 0


def test_the_poll_task_does_nothing_without_a_mailbox(settings):
    settings.INBOUND_IMAP_HOST = ""
    assert tasks.poll_imap() == 0


@pytest.mark.parametrize(
    ("language", "title"),
    [("fr", "E-mails entrants"), ("zh-hans", "收到的邮件"), ("ru", "Входящая почта")],
)
def test_the_page_and_its_reasons_are_translated(agent_user, partner, language, title):
    from partners.models import Profile
    from tests.support.web import signed_in

    Profile.objects.update_or_create(user=agent_user, defaults={"language": language})
    inbound_receive(raw_mail(sender="who@nowhere.example", to=partner.support_email), via="t")
    page = signed_in(agent_user).get("/inbound/").content.decode()
    assert f"<h1>{title}</h1>" in page
    assert "the sender is not a known customer" not in page
