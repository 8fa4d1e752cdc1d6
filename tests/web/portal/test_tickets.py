"""The partner's ticket queue (filters, search, pages) and the new-ticket form."""

import pytest

from core.actors import actor_for
from notifications.models import Notification
from tests.support.factories import (
    CustomerFactory,
    InvoiceFactory,
    MembershipFactory,
    SubscriptionFactory,
    TicketFactory,
)
from tests.support.ticket_states import ticket_in
from tests.support.web import signed_in
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def subjects(client, **params) -> set[str]:
    response = client.get("/tickets/", params)
    assert response.status_code == 200
    return {ticket.subject for ticket in response.context["page"].object_list}


def test_the_queue_shows_the_partners_tickets_but_never_another_partners(
    agent_user, other_agent_user
):
    mine = TicketFactory(
        customer=CustomerFactory(partner=agent_user.membership.partner), subject="Ours"
    )
    TicketFactory(
        customer=CustomerFactory(partner=other_agent_user.membership.partner), subject="Theirs"
    )
    client = signed_in(agent_user)
    assert subjects(client) == {"Ours"}
    assert subjects(client, q="Theirs") == set()
    html = client.get("/tickets/").content.decode()
    assert (
        f'href="/tickets/{mine.pk}/"' in html
        and mine.customer.name in html
        and "Theirs" not in html
    )


def test_another_partners_customer_is_not_even_a_filter_choice(agent_user, other_agent_user):
    theirs = CustomerFactory(partner=other_agent_user.membership.partner, name="Hidden Holdings")
    TicketFactory(customer=theirs, subject="Theirs")
    TicketFactory(customer=CustomerFactory(partner=agent_user.membership.partner), subject="Ours")
    client = signed_in(agent_user)
    assert "Hidden Holdings" not in client.get("/tickets/").content.decode()
    assert subjects(client, customer=theirs.pk) == {
        "Ours"
    }  # an invalid choice is ignored, never a leak


def test_closed_tickets_show_only_when_asked_for(agent_user):
    ticket_in("closed", agent_user, subject="Done and dusted")
    ticket_in("open", agent_user, subject="Still going")
    client = signed_in(agent_user)
    assert subjects(client) == {"Still going"}
    assert subjects(client, status="closed") == {"Done and dusted"}
    assert subjects(client, status="all") == {"Done and dusted", "Still going"}


def test_filters_by_status_priority_category_customer_and_assignee(agent_user, partner):
    colleague = MembershipFactory(partner=partner).user
    customer = CustomerFactory(partner=partner)
    TicketFactory(
        customer=customer,
        subject="A",
        priority="urgent",
        category="payment_issue",
        assignee=agent_user,
    )
    TicketFactory(
        customer=customer,
        subject="B",
        priority="low",
        category="billing_question",
        assignee=colleague,
    )
    TicketFactory(
        customer=CustomerFactory(partner=partner),
        subject="C",
        priority="low",
        category="billing_question",
    )
    client = signed_in(agent_user)
    assert subjects(client, priority="urgent") == {"A"}
    assert subjects(client, category="billing_question") == {"B", "C"}
    assert subjects(client, customer=customer.pk) == {"A", "B"}
    assert subjects(client, assignee="me") == {"A"}
    assert subjects(client, assignee=colleague.pk) == {"B"}
    assert subjects(client, assignee="none") == {"C"}
    assert subjects(client, status="new", priority="low", assignee="none") == {"C"}


def test_search_matches_words_of_the_subject(agent_user, partner):
    customer = CustomerFactory(partner=partner)
    TicketFactory(customer=customer, subject="Exchange rate on invoice 7")
    TicketFactory(customer=customer, subject="Bank transfer missing")
    assert subjects(signed_in(agent_user), q="exchange RATE") == {"Exchange rate on invoice 7"}


def test_urgent_first_orders_by_priority(agent_user, partner):
    customer = CustomerFactory(partner=partner)
    for subject, priority in [
        ("low", "low"),
        ("urgent", "urgent"),
        ("normal", "normal"),
        ("high", "high"),
    ]:
        TicketFactory(customer=customer, subject=subject, priority=priority)
    page = signed_in(agent_user).get("/tickets/", {"order": "priority"}).context["page"]
    assert [t.subject for t in page.object_list] == ["urgent", "high", "normal", "low"]


def test_the_queue_pages_25_at_a_time_most_recently_active_first(agent_user, partner):
    customer = CustomerFactory(partner=partner)
    TicketFactory.create_batch(30, customer=customer)
    client = signed_in(agent_user)
    first = client.get("/tickets/").context["page"]
    second = client.get("/tickets/", {"page": 2}).context["page"]
    assert len(first.object_list) == 25 and len(second.object_list) == 5
    ids = [t.pk for t in first.object_list] + [t.pk for t in second.object_list]
    assert ids == sorted(
        ids, reverse=True
    )  # same updated_at second: the id breaks the tie, newest first


def test_a_hand_edited_filter_is_ignored_not_a_crash(agent_user, partner):
    TicketFactory(customer=CustomerFactory(partner=partner), subject="Still here")
    assert subjects(
        signed_in(agent_user), status="bogus", priority="x", assignee="nobody", order="sideways"
    ) == {"Still here"}


def test_the_new_ticket_form_opens_a_ticket_and_acknowledges_the_customer(agent_user, partner):
    customer = CustomerFactory(partner=partner, language="es")
    invoice = InvoiceFactory(customer=customer)
    subscription = SubscriptionFactory(customer=customer)
    client = signed_in(agent_user)
    form = client.get("/tickets/new/", {"customer": customer.pk}).content.decode()
    assert invoice.number in form and subscription.offer in form  # the customer's own, once chosen
    response = client.post(
        "/tickets/new/",
        {
            "customer": customer.pk,
            "invoice": invoice.pk,
            "subscription": subscription.pk,
            "category": "invoice_dispute",
            "priority": "high",
            "subject": "Ten seats billed",
            "description": "We use eight.",
        },
    )
    ticket = Ticket.objects.get(subject="Ten seats billed")
    assert response.status_code == 302 and response["Location"] == f"/tickets/{ticket.pk}/"
    assert (ticket.customer, ticket.invoice, ticket.subscription, ticket.priority) == (
        customer,
        invoice,
        subscription,
        "high",
    )
    assert ticket.channel == "web"
    assert Notification.objects.filter(
        kind="ticket_received", recipient=customer.email, language="es"
    ).exists()


def test_without_a_customer_no_invoice_is_offered(agent_user, partner):
    invoice = InvoiceFactory(customer=CustomerFactory(partner=partner))
    html = signed_in(agent_user).get("/tickets/new/").content.decode()
    assert invoice.number not in html and "Choose the customer first" in html


def test_an_invoice_of_another_customer_is_not_a_choice(agent_user, partner):
    customer = CustomerFactory(partner=partner)
    elsewhere = InvoiceFactory(customer=CustomerFactory(partner=partner))
    response = signed_in(agent_user).post(
        "/tickets/new/",
        {
            "customer": customer.pk,
            "invoice": elsewhere.pk,
            "category": "invoice_dispute",
            "priority": "normal",
            "subject": "Wrong invoice",
            "description": "x",
        },
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Ticket.objects.exists()


def test_another_partners_customer_cannot_get_a_ticket(agent_user, other_agent_user):
    theirs = CustomerFactory(partner=other_agent_user.membership.partner)
    response = signed_in(agent_user).post(
        "/tickets/new/",
        {
            "customer": theirs.pk,
            "category": "other",
            "priority": "normal",
            "subject": "Sneaky",
            "description": "x",
        },
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Ticket.objects.exists()


def test_missing_fields_are_shown_on_the_form(agent_user, partner):
    customer = CustomerFactory(partner=partner)
    response = signed_in(agent_user).post(
        "/tickets/new/", {"customer": customer.pk, "category": "other", "priority": "normal"}
    )
    html = response.content.decode()
    assert (
        'class="error-summary"' in html
        and '<a href="#id_subject">Subject: This field is required.</a>' in html
    )
    assert not Ticket.objects.exists()


def test_the_customer_page_starts_a_ticket_for_that_customer(agent_user, partner):
    customer = CustomerFactory(partner=partner)
    ticket = services.ticket_create(
        actor=actor_for(agent_user),
        customer=customer.pk,
        category="other",
        subject="Linked from the customer",
        description="x",
    )
    html = signed_in(agent_user).get(f"/customers/{customer.pk}/").content.decode()
    assert f'href="/tickets/new/?customer={customer.pk}"' in html
    assert f'href="/tickets/{ticket.pk}/"' in html


def test_the_queue_and_form_are_for_partner_users_only(operator_user, agent_user):
    client = signed_in(operator_user)
    assert client.get("/tickets/").status_code == 403
    assert client.get("/tickets/new/").status_code == 403
    assert signed_in(None).get("/tickets/")["Location"].startswith("/login/")


def test_the_queue_says_each_clock_as_the_clock_include_does(agent_user):
    """The page prints the strings tickets.selectors.queue computed; they must be what the
    ``{% next_clock %}`` include says of the same ticket (met, paused, overdue, due, none)."""
    from datetime import timedelta

    from django.template import Context, Template
    from django.utils import timezone

    tickets = [ticket_in(state, agent_user) for state in ("new", "open", "pending_customer")]
    tickets += [ticket_in("escalated", agent_user), ticket_in("resolved", agent_user)]
    Ticket.objects.filter(pk=tickets[0].pk).update(
        first_response_due=timezone.now() - timedelta(hours=30)
    )
    html = signed_in(agent_user).get("/tickets/", {"status": "all"}).content.decode()
    include = Template("{% load tickets_ui %}{% next_clock ticket %}")
    cells = set()
    for ticket in Ticket.objects.select_related("partner").filter(pk__in=[t.pk for t in tickets]):
        cell = include.render(Context({"ticket": ticket})).strip()
        cells.add(cell)
        assert f'<td class="nowrap">{cell}</td>' in html, cell
    assert len(cells) >= 3  # an overdue clock, running ones and a resolved ticket's dash


def test_the_queue_says_its_labels_and_links(agent_user, partner):
    ticket = TicketFactory(
        customer=CustomerFactory(partner=partner, name="Acme & Sons"),
        category="payment_issue",
        priority="urgent",
        assignee=agent_user,
    )
    html = signed_in(agent_user).get("/tickets/").content.decode()
    assert f'<a class="strong" href="{ticket.get_absolute_url()}">' in html
    assert "Acme &amp; Sons" in html and "Payment issue" in html
    assert '<span class="badge badge--priority-urgent">urgent</span>' in html
    status = ticket.get_status_display()
    assert f'<span class="badge badge--{ticket.status}">{status}</span>' in html
    assert f'<td class="nowrap">{agent_user.get_username()}</td>' in html
    assert "updated 0\xa0minutes ago" in html


def test_the_queue_takes_a_page_size_up_to_a_hundred(agent_user, partner):
    TicketFactory.create_batch(30, customer=CustomerFactory(partner=partner))
    client = signed_in(agent_user)

    def rows(size):
        return len(client.get("/tickets/", {"page_size": size}).context["page"].object_list)

    assert rows(50) == 30 and rows(10) == 10
    assert rows(101) == rows("x") == rows(0) == rows("-5") == 25  # else the default


def test_a_long_queue_is_counted_up_to_the_cap_only(agent_user, partner, monkeypatch):
    monkeypatch.setattr("web.portal.tickets.QUEUE_COUNT_CAP", 4)
    TicketFactory.create_batch(6, customer=CustomerFactory(partner=partner))
    client = signed_in(agent_user)
    response = client.get("/tickets/", {"page_size": 2})
    html = response.content.decode()
    assert response.context["page"].paginator.capped
    assert "4+ tickets" in html and "Page 1 of 2+<" in html
    monkeypatch.setattr("web.portal.tickets.QUEUE_COUNT_CAP", 6)
    html = client.get("/tickets/", {"page_size": 2}).content.decode()
    assert "6 tickets" in html and "6+ tickets" not in html and "Page 1 of 3<" in html
