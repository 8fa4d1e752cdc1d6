"""One row per cause, written in the caller's transaction: rollback → nothing; repeat → nothing
new."""

import threading

import pytest
from django.core import mail
from django.db import connection, transaction

from notifications.models import Notification
from notifications.services import notification_queue, notify_partner_members
from partners.services import profile_set_language
from tests.support.email_context import context_for
from tests.support.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def queue(partner, key, **kwargs):
    return notification_queue(
        partner=partner,
        kind="ticket_received",
        recipient="c@customer.example",
        language=kwargs.pop("language", "fr"),
        context=context_for("ticket_received"),
        key=key,
    )


def test_a_rollback_of_the_callers_change_leaves_no_row_and_sends_nothing(partner):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue(partner, "ticket:1:received")
        raise RuntimeError("the ticket could not be saved")
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_the_same_cause_twice_gives_one_row_and_one_email(partner):
    with transaction.atomic():
        first = queue(partner, "ticket:1:received")
    with transaction.atomic():
        second = queue(partner, "ticket:1:received", language="ru")
    assert first.pk == second.pk and Notification.objects.count() == 1
    assert len(mail.outbox) == 1 and Notification.objects.get().language == "fr"


def test_a_lost_race_for_the_key_leaves_the_callers_transaction_usable(partner):
    with transaction.atomic():
        queue(partner, "ticket:2:received")
    with transaction.atomic():
        # Simulate the race: the pre-check misses the row, the insert then hits the unique key.
        Notification.objects.filter(idempotency_key="ticket:2:received").update(
            idempotency_key="tmp"
        )
        row = Notification.objects.get(idempotency_key="tmp")
        row.idempotency_key = "ticket:2:received"
        row.save()
        again = queue(partner, "ticket:2:received")
        assert again.pk == row.pk
        assert Notification.objects.count() == 1  # the transaction still answers queries
    assert len(mail.outbox) == 1


def test_member_emails_go_to_each_member_in_their_own_language(partner):
    partner.default_language = "es"
    partner.save()
    chinese = MembershipFactory(partner=partner, role="admin").user
    profile_set_language(user=chinese, language="zh-hans")
    MembershipFactory(partner=partner, role="agent")
    with transaction.atomic():
        rows = notify_partner_members(
            partner=partner,
            kind="sla_breached",
            context=context_for("sla_breached"),
            key="ticket:3:sla:first_response",
        )
        notify_partner_members(
            partner=partner,
            kind="sla_breached",
            context=context_for("sla_breached"),
            key="ticket:3:sla:first_response",
        )
    assert sorted(row.language for row in rows) == ["es", "zh-hans"]
    assert Notification.objects.count() == 2 and len(mail.outbox) == 2


def test_an_unknown_language_falls_back_to_the_partners(partner):
    partner.default_language = "it"
    partner.save()
    with transaction.atomic():
        row = queue(partner, "ticket:4:received", language="de")
    assert row.language == "it" and "richiesta" in row.body_text


def test_it_refuses_an_unknown_kind_or_a_context_without_required_keys(partner):
    with pytest.raises(ValueError, match="Unknown"):
        notification_queue(
            partner=partner,
            kind="nope",
            recipient="c@x.example",
            language="en",
            context={},
            key="k1",
        )
    with pytest.raises(ValueError, match="status_url"):
        notification_queue(
            partner=partner,
            kind="ticket_received",
            recipient="c@x.example",
            language="en",
            context={"customer_name": "A", "ticket_id": 1, "subject": "S"},
            key="k2",
        )


@pytest.mark.postgres
def test_concurrent_callers_with_the_same_key_get_one_row_on_postgresql(partner):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row-level concurrency")
    barrier, results, errors = threading.Barrier(6), [], []

    def caller():
        try:
            barrier.wait()
            with transaction.atomic():
                results.append(queue(partner, "ticket:9:received").pk)
                # Hold the transaction open so that the others' inserts meet an uncommitted row.
                threading.Event().wait(0.3)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=caller) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(set(results)) == 1 and Notification.objects.count() == 1
    assert len(mail.outbox) == 1
