"""Ticket and escalation pages cost the same number of queries whatever the length of their lists
(queue rows, thread, history, members, canned replies)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.actors import actor_for
from notifications.activity import Activity
from tests.support.factories import (
    CustomerFactory,
    MembershipFactory,
    PartnerFactory,
    TicketFactory,
)
from tests.support.ticket_states import escalation_in, ticket_in
from tests.support.web import assert_same, page_queries, signed_in
from tickets import services

pytestmark = pytest.mark.django_db


def some_tickets(partner, n):
    assignee = MembershipFactory(partner=partner).user
    for i in range(n):
        TicketFactory(
            customer=CustomerFactory(partner=partner),
            assignee=assignee if i % 2 else None,
            priority=["low", "normal", "high", "urgent"][i % 4],
        )


@pytest.mark.parametrize(
    "params", ["", "?order=priority", "?status=all&q=Question&priority=low", "?assignee=none"]
)
def test_ticket_queue(agent_user, partner, params):
    some_tickets(partner, 1)
    client = signed_in(agent_user)

    def grow():
        some_tickets(partner, 40)  # new customers and members: the cached choices are dropped
        client.get("/tickets/" + params)  # … and read again once

    count = assert_same(client, "/tickets/" + params, grow)
    # session, user, language, role, partner, capped count, page, the rows' unread marks, saved
    # views, the header's unread count; members and customers come from the cache
    assert count <= 10, count


def test_the_queue_reads_members_and_customers_once_until_they_change(agent_user, partner):
    some_tickets(partner, 3)
    client = signed_in(agent_user)
    client.get("/tickets/")
    warm = page_queries(client, "/tickets/")
    CustomerFactory(partner=partner)
    assert page_queries(client, "/tickets/") == warm + 2  # the members' and customers' choices
    assert page_queries(client, "/tickets/") == warm


def talk(agent, operator, escalation, n):
    ticket = escalation.ticket
    for i in range(n):
        pdf = SimpleUploadedFile(f"page{i}.pdf", b"%PDF-1.4 x")
        services.ticket_reply(actor=agent, ticket=ticket, body=f"public {i}", files=[pdf])
        services.ticket_reply(
            actor=agent, ticket=ticket, body=f"internal {i}", visibility="internal"
        )
        services.ticket_reply(
            actor=agent, ticket=ticket, body=f"to the operator {i}", visibility="operator"
        )
    services.escalation_request_info(
        actor=operator, escalation=escalation, question=f"question after {n}"
    )
    services.escalation_answer(actor=agent, escalation=escalation, body="answer")


def test_ticket_page(agent_user, admin_user, partner, operator_user):
    escalation = escalation_in("in_review", agent_user)
    agent, operator = actor_for(agent_user), actor_for(operator_user)
    talk(agent, operator, escalation, 1)

    client, url = signed_in(agent_user), f"/tickets/{escalation.ticket_id}/"

    def grow():
        talk(agent, operator, escalation, 12)
        MembershipFactory.create_batch(8, partner=partner)
        for i in range(6):
            services.canned_reply_create(
                actor=actor_for(admin_user), title=f"Reply {i}", body=f"Body {i}"
            )
        client.get(url)  # the members' choices, dropped by the new members, cached again

    count = assert_same(client, url, grow)
    # 12, + the header's unread count, + the e-mails that bounced, + what came by e-mail
    assert count <= 15, count


def test_new_ticket_form(agent_user, partner):
    customer = CustomerFactory(partner=partner)
    url = f"/tickets/new/?customer={customer.pk}"
    client = signed_in(agent_user)

    def grow():
        CustomerFactory.create_batch(10, partner=partner)
        client.get(url)  # the customers' choices, dropped by the new customers, cached again

    assert_same(client, url, grow)


def test_escalation_queue(operator_user):
    escalation_in("submitted", MembershipFactory(partner=PartnerFactory()).user)

    def grow():
        for state in ["submitted", "in_review", "info_requested"] * 5:
            escalation_in(state, MembershipFactory(partner=PartnerFactory()).user)

    count = assert_same(signed_in(operator_user), "/ops/escalations/", grow)
    assert Activity.objects.filter(user=operator_user, read_at__isnull=True).count() == 16
    assert count <= 9, count  # 7, + 2 the "Needs you" panel (its rows, its count: the header's)


def test_escalation_page(agent_user, operator_user):
    escalation = escalation_in("in_review", agent_user)
    agent, operator = actor_for(agent_user), actor_for(operator_user)
    talk(agent, operator, escalation, 1)
    count = assert_same(
        signed_in(operator_user),
        f"/ops/escalations/{escalation.pk}/",
        lambda: talk(agent, operator, escalation, 12),
    )
    assert count <= 10, count  # 8, + what came by e-mail (public only), + the header's unread


def test_dashboard_with_breaches_and_loops_to_close(agent_user, partner):
    from datetime import timedelta

    from django.utils import timezone

    from tickets.models import Ticket

    def breach_and_loop():
        for _ in range(8):
            ticket = ticket_in("new", agent_user)
            Ticket.objects.filter(pk=ticket.pk).update(
                first_response_due=timezone.now() - timedelta(hours=1)
            )
            escalation_in("resolved", agent_user)

    breach_and_loop()
    client = signed_in(agent_user)
    before = page_queries(client, "/")
    breach_and_loop()
    # 11 ticket panels, 5 billing (one the operator's credits), 2 "Needs you" (whose count the
    # header's unread count reuses)
    assert page_queries(client, "/") == before <= 18, before
