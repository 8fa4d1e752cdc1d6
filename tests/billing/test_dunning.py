"""Dunning: every step once, in order, caught up after missed days, never for frozen, exempt or paid
invoices; suspend steps suspend (automatic) or queue a "ready to suspend" item (manual)."""

from datetime import timedelta
from decimal import Decimal

import pytest

from billing import emails
from billing.models import (
    CollectionsPolicy,
    DunningAction,
    Invoice,
    Subscription,
    SuspensionRequest,
)
from billing.services import invoice_freeze, invoice_unfreeze, invoice_void, payment_record
from core.actors import SYSTEM
from notifications.models import Notification
from partners.models import Event
from tests.support.billing_helpers import (
    customer_with_subscription,
    day,
    invoice_due,
    kinds,
    performed,
    publish,
    run,
    spy_contexts,
)
from tests.support.factories import MembershipFactory, SubscriptionFactory

pytestmark = pytest.mark.django_db


def test_each_step_is_performed_exactly_once_across_repeated_runs(partner):
    publish(partner)
    customer, subscription = customer_with_subscription(partner)
    invoice = invoice_due(customer)
    for offset in (0, 6, 7, 7, 8, 14, 14, 20, 21, 21, 30, 60):
        run(day(offset))
    assert performed(invoice) == [
        ("reminder", 7, day(7)),
        ("final_notice", 14, day(14)),
        ("suspend", 21, day(21)),
    ]
    assert kinds(recipient=customer.email) == [
        "invoice_reminder",
        "invoice_final_notice",
        "subscription_suspended",
    ]
    assert Subscription.objects.get(pk=subscription.pk).status == "suspended"
    assert Invoice.objects.get(pk=invoice.pk).dunning_done


def test_a_ten_day_gap_is_caught_up_with_the_steps_in_order(partner, monkeypatch):
    contexts = spy_contexts(monkeypatch)
    publish(partner)
    customer, subscription = customer_with_subscription(partner)
    invoice = invoice_due(customer)
    run(day(5))
    summary = run(day(15))  # the job was down from day 6 to day 14
    assert summary.steps == {"reminder": 1, "final_notice": 1}
    assert performed(invoice) == [("reminder", 7, day(15)), ("final_notice", 14, day(15))]
    # Every step is recorded; the customer gets one e-mail, the latest step's.
    assert [kind for kind, _context in contexts] == ["invoice_final_notice"]
    # The late final notice still gives the customer the policy's full week before access is
    # impacted.
    assert contexts[0][1]["impact_date"] == day(22)
    run(day(21))
    assert Subscription.objects.get(pk=subscription.pk).status == "active"
    run(day(22))
    assert [action for action, *_ in performed(invoice)] == ["reminder", "final_notice", "suspend"]
    assert Subscription.objects.get(pk=subscription.pk).status == "suspended"


def test_a_run_long_after_the_due_date_performs_every_step_in_order_never_skipping_to_suspend(
    partner,
):
    publish(partner)
    customer, subscription = customer_with_subscription(partner)
    invoice = invoice_due(customer)
    run(day(40))
    assert [action for action, *_ in performed(invoice)] == ["reminder", "final_notice"]
    assert Subscription.objects.get(pk=subscription.pk).status == "active"
    run(day(47))
    assert [action for action, *_ in performed(invoice)] == ["reminder", "final_notice", "suspend"]


def test_frozen_exempt_paid_and_void_invoices_are_skipped(partner):
    publish(partner)
    customer, _sub = customer_with_subscription(partner)
    exempt, _sub2 = customer_with_subscription(partner, collections_exempt=True)
    frozen, paid, void, normal = (invoice_due(customer) for _ in range(4))
    exempt_invoice = invoice_due(exempt)
    invoice_freeze(actor=SYSTEM, invoice=frozen, reason="Escalated dispute")
    payment_record(actor=SYSTEM, invoice=paid, amount=paid.amount, date=day(3), reference="wire")
    invoice_void(actor=SYSTEM, invoice=void, reason="Issued twice")
    run(day(15))
    assert [performed(i) for i in (frozen, paid, void, exempt_invoice)] == [[], [], [], []]
    assert [action for action, *_ in performed(normal)] == ["reminder", "final_notice"]


def test_a_frozen_invoice_resumes_in_order_once_its_dispute_ends(partner):
    publish(partner)
    customer, _sub = customer_with_subscription(partner)
    invoice = invoice_due(customer)
    run(day(8))
    invoice_freeze(actor=SYSTEM, invoice=invoice, reason="Escalated dispute")
    run(day(30))
    assert [action for action, *_ in performed(invoice)] == ["reminder"]
    invoice_unfreeze(actor=SYSTEM, invoice=invoice, reason="Dispute rejected")
    run(day(31))
    assert [action for action, *_ in performed(invoice)] == ["reminder", "final_notice"]


def test_a_partial_payment_never_makes_a_step_be_skipped(partner):
    """Kill Bill bug #2297: paying the oldest of several unpaid invoices moved the reference date
    and a configured state was skipped. Here each invoice owns its steps and runs only look at what
    is due."""
    publish(partner)
    customer, subscription = customer_with_subscription(partner)
    older, newer = invoice_due(customer, due=day(0)), invoice_due(customer, due=day(5))
    partly_paid = invoice_due(customer, due=day(5))
    for offset in range(0, 45, 5):  # a run every five days
        if offset == 15:
            payment_record(
                actor=SYSTEM,
                invoice=older,
                amount=older.amount,
                date=day(15),
                reference="older paid",
            )
            payment_record(
                actor=SYSTEM,
                invoice=partly_paid,
                amount=Decimal("100.00"),
                date=day(15),
                reference="part",
            )
        run(day(offset))
    assert [action for action, *_ in performed(older)] == [
        "reminder"
    ]  # then paid: nothing more is owed
    for invoice in (newer, partly_paid):
        assert [action for action, *_ in performed(invoice)] == [
            "reminder",
            "final_notice",
            "suspend",
        ]
    assert Subscription.objects.get(pk=subscription.pk).suspension_reasons == ["non_payment"]


def test_automatic_suspension_suspends_every_active_subscription_of_the_customer(
    partner, monkeypatch
):
    contexts = spy_contexts(monkeypatch)
    publish(partner, auto_suspend=True)
    customer, first = customer_with_subscription(partner, language="es")
    second = SubscriptionFactory(customer=customer, partner=partner)
    invoice_due(customer)
    run(day(14))
    run(day(21))
    subscriptions = Subscription.objects.filter(pk__in=[first.pk, second.pk])
    for subscription in subscriptions:
        assert subscription.status == "suspended" and subscription.suspension_reasons == [
            "non_payment"
        ]
        assert subscription.data_deletion_at == subscription.suspended_at + timedelta(days=60)
    suspended = [context for kind, context in contexts if kind == "subscription_suspended"]
    assert len(suspended) == 2 and {str(context["reason"]) for context in suspended} == {
        "non-payment"
    }
    assert set(
        Notification.objects.filter(kind="subscription_suspended").values_list(
            "language", flat=True
        )
    ) == {"es"}
    assert Event.objects.filter(object_type="subscription", action="suspended").count() == 2


def test_manual_suspension_puts_a_ready_to_suspend_item_in_the_admins_queue(
    partner, admin_user, agent_user
):
    publish(partner, auto_suspend=False)
    customer, subscription = customer_with_subscription(partner)
    invoice = invoice_due(customer)
    summary = run(day(21))  # reminder and final notice today, the suspend step a week later
    summary = run(day(28))
    assert summary.ready_to_suspend == 1
    item = SuspensionRequest.objects.get()
    assert (item.invoice_id, item.customer_id, item.resolved_at) == (invoice.id, customer.id, None)
    assert Subscription.objects.get(pk=subscription.pk).status == "active"
    assert kinds(recipient=admin_user.email) == ["ready_to_suspend"]
    assert kinds(recipient=agent_user.email) == []


def test_an_invoice_keeps_the_policy_version_its_first_notice_named(partner):
    first = publish(partner)
    customer, _sub = customer_with_subscription(partner)
    started = invoice_due(customer)
    not_started = invoice_due(customer, due=day(10))
    run(day(7))
    second = publish(
        partner,
        steps=[{"after_days": 3, "action": "reminder"}, {"after_days": 9, "action": "reminder"}],
    )
    run(day(14))
    assert set(
        DunningAction.objects.filter(invoice=started).values_list("policy__version", flat=True)
    ) == {first.version}
    assert [action for action, *_ in performed(started)] == ["reminder", "final_notice"]
    assert [(action, days) for action, days, _on in performed(not_started)] == [("reminder", 3)]
    assert Invoice.objects.get(pk=not_started.pk).collections_policy_id == second.id


def test_a_partner_without_a_policy_gets_the_default_one_at_its_first_run(partner):
    customer, _sub = customer_with_subscription(partner)
    invoice = invoice_due(customer)
    run(day(4))
    policy = CollectionsPolicy.objects.get(partner=partner)
    assert policy.version == 1 and not policy.auto_suspend
    assert policy.steps[-1] == {"after_days": 30, "action": "suspend"}
    assert performed(invoice) == [("reminder", 3, day(4))]


def test_every_step_writes_an_event_and_a_notice_in_the_customers_language(partner):
    publish(partner)
    customer, _sub = customer_with_subscription(partner, language="fr")
    invoice = invoice_due(customer)
    run(day(14))
    actions = list(
        Event.objects.filter(object_type="invoice", object_id=invoice.id).values_list(
            "action", flat=True
        )
    )
    assert actions[-2:] == ["dunning_reminder", "dunning_final_notice"]
    assert set(
        Notification.objects.filter(recipient=customer.email).values_list("language", flat=True)
    ) == {"fr"}


def test_one_customers_suspension_does_not_touch_other_customers(partner):
    publish(partner)
    late, late_sub = customer_with_subscription(partner)
    fine, fine_sub = customer_with_subscription(partner)
    invoice_due(late)
    invoice_due(fine, due=day(30))
    run(day(14))
    run(day(21))
    assert Subscription.objects.get(pk=late_sub.pk).status == "suspended"
    assert Subscription.objects.get(pk=fine_sub.pk).status == "active"


def test_members_of_another_partner_are_never_told(partner, other_partner):
    publish(partner, auto_suspend=False)
    outsider = MembershipFactory(partner=other_partner, role="admin").user
    customer, _sub = customer_with_subscription(partner)
    invoice_due(customer)
    run(day(21))
    run(day(28))
    assert kinds(recipient=outsider.email) == []


def test_one_invoice_that_fails_costs_only_itself_and_is_done_by_the_next_run(partner, monkeypatch):
    publish(partner)
    customer, _sub = customer_with_subscription(partner)
    invoices = [invoice_due(customer) for _ in range(5)]
    broken = invoices[2]
    real = emails.invoice_notice_email

    def notice(**kwargs):
        if kwargs["invoice"].id == broken.id:
            raise RuntimeError("template missing")
        return real(**kwargs)

    monkeypatch.setattr(emails, "invoice_notice_email", notice)
    summary = run(day(7), batch_size=10)
    assert (summary.failed, summary.steps["reminder"], summary.invoices) == (1, 4, 4)
    assert "1 invoices failed" in summary.line()
    assert performed(broken) == [] and not Notification.objects.filter(
        idempotency_key__startswith=f"invoice:{broken.id}:"
    )
    assert all(performed(invoice) for invoice in invoices if invoice != broken)
    monkeypatch.setattr(emails, "invoice_notice_email", real)
    assert run(day(7)).steps == {"reminder": 1}
    assert [action for action, *_ in performed(broken)] == ["reminder"]
