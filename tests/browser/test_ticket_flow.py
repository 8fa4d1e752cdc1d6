"""The whole life of a billing dispute, in a real browser, by the three people involved:

an agent opens a ticket, writes an internal note and a public reply, escalates; the operator
takes it and asks for information; the agent answers; the operator decides; the agent resolves
(closing the loop); the customer follows the link from the e-mail and confirms; the ticket is
closed. Screenshots of each main screen go to docs/screenshots/.
"""

import io
import re

import pytest
from django.core.management import call_command

from demo.management.commands.seed_demo import DEMO_PASSWORD
from notifications.models import Notification
from partners.models import Customer
from tests.browser.conftest import screenshot, sign_in
from tests.support.factories import CustomerFactory, MembershipFactory, PartnerFactory
from tickets.models import Escalation, Ticket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBJECT = "Invoice bills 12 seats, we cancelled 4 in March"
INTERNAL = (
    "Usage export confirms 8 active seats since 3 March; the cancellation mail is in the CRM."
)
QUESTION = "Please attach the date the four seats were cancelled and who confirmed it."


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def agent_opens_a_ticket(page, customer):
    page.goto("/tickets/new/")
    page.select_option("#id_customer", label=customer.name)
    page.wait_for_selector(
        "#id_invoice"
    )  # the customer's own invoices, loaded for the chosen customer
    page.select_option("#id_invoice", index=1)
    page.select_option("#id_category", "invoice_dispute")
    page.select_option("#id_priority", "high")
    page.fill("#id_subject", SUBJECT)
    page.fill(
        "#id_description", "We cancelled four seats in March but this invoice still bills twelve."
    )
    page.get_by_role("button", name="Open ticket").click()
    page.wait_for_url(re.compile(r"/tickets/\d+/$"))
    return Ticket.objects.get(subject=SUBJECT)


def send_reply(page, visibility, body=None, canned=None):
    page.check(f"input[name='reply-visibility'][value='{visibility}']")
    if canned:
        page.select_option("#id_reply-canned_reply", label=canned)
        assert page.input_value("#id_reply-body")  # picking it filled in the message
    if body:
        page.fill("#id_reply-body", body)
    page.locator("form[data-reply] button[type=submit]").click()
    page.wait_for_load_state()


def open_disclosure(page, section_id):
    details = page.locator(f"#{section_id} details")
    if details.get_attribute("open") is None:
        page.locator(f"#{section_id} summary").first.click()


def test_a_dispute_from_ticket_to_operator_and_back_to_a_confirmed_resolution(demo, new_page):
    customer = Customer.objects.get(name="Seattle Widgets Inc")

    # The agent opens the ticket, writes an internal note and a public (canned) reply, escalates.
    agent = new_page()
    sign_in(agent, "contoso-agent", DEMO_PASSWORD)
    ticket = agent_opens_a_ticket(agent, customer)
    send_reply(agent, "internal", body=INTERNAL)
    assert agent.locator(".msg--internal").filter(has_text="Usage export confirms").is_visible()
    send_reply(
        agent,
        "public",
        canned="Payment received",
        body="Thank you. We are checking the March cancellation against this invoice.",
    )
    assert (
        agent.locator(".msg--public")
        .filter(has_text="checking the March cancellation")
        .is_visible()
    )
    open_disclosure(agent, "escalate")
    agent.fill("#id_escalate-summary", "Customer billed for 12 seats after cancelling 4 in March.")
    agent.fill(
        "#id_escalate-steps_taken",
        "Compared the usage export with the invoice; confirmed the cancellation mail.",
    )
    agent.get_by_role("button", name="Escalate", exact=True).click()
    agent.wait_for_load_state()
    assert agent.locator("#escalation .badge--submitted").is_visible()
    assert Ticket.objects.get(pk=ticket.pk).status == "escalated"

    # The operator lands on the queue, takes the case and asks the partner a question.
    operator = new_page()
    sign_in(operator, "operator", DEMO_PASSWORD)
    assert operator.url.endswith("/ops/escalations/")
    assert operator.locator("table.table tbody tr").count() >= 2  # the demo's escalation and ours
    screenshot(operator, "escalation-queue-operator")
    operator.get_by_role("link", name=SUBJECT).click()
    operator.get_by_role("button", name="Take it").click()
    operator.wait_for_load_state()
    assert (
        "Usage export confirms" not in operator.content()
    )  # the internal note never reaches the operator
    open_disclosure(operator, "ask")
    operator.fill("#id_ask-question", QUESTION)
    operator.get_by_role("button", name="Send the question").click()
    operator.wait_for_load_state()
    escalation = Escalation.objects.get(ticket=ticket)
    assert escalation.status == "info_requested"

    # The agent finds it in the queue and answers the operator.
    agent.goto("/tickets/")
    screenshot(agent, "ticket-queue")
    agent.get_by_role("link", name=SUBJECT).click()
    assert agent.locator(".callout--operator").filter(has_text=QUESTION).is_visible()
    screenshot(agent, "ticket-page")
    agent.fill(
        "#id_answer-body", "Cancelled on 3 March by their admin; confirmed by our mail of 4 March."
    )
    agent.get_by_role("button", name="Send the answer").click()
    agent.wait_for_load_state()
    assert Escalation.objects.get(pk=escalation.pk).status == "in_review"

    # The operator decides: upheld, with a credit.
    operator.reload()
    assert "Usage export confirms" not in operator.content()
    screenshot(operator, "escalation-page-operator")
    operator.select_option("#id_resolve-outcome", "upheld")
    operator.fill("#id_resolve-response", "Upheld: four seats are credited from 3 March.")
    operator.fill("#id_resolve-credit_amount", "480.00")
    operator.get_by_role("button", name="Resolve the escalation").click()
    operator.wait_for_load_state()
    assert operator.locator(".callout--decided .badge--upheld").is_visible()

    # The agent closes the loop: the ticket is back, the resolve form waits open.
    agent.reload()
    assert agent.locator(".alert--warning").filter(has_text="Close the loop").is_visible()
    agent.fill(
        "#id_resolve-resolution",
        "The operator credited four seats from 3 March; the credit note follows.",
    )
    agent.get_by_role("button", name="Resolve and tell the customer").click()
    agent.wait_for_load_state()
    assert Ticket.objects.get(pk=ticket.pk).status == "resolved"

    # The customer follows the link from the e-mail in the outbox and confirms.
    mail = Notification.objects.get(kind="ticket_resolved", recipient=customer.email)
    link = re.search(r"/status/[\w-]+/", mail.body_text).group(0)
    visitor = new_page()
    visitor.goto(link)
    assert visitor.locator("h1").inner_text() == SUBJECT
    assert "Usage export confirms" not in visitor.content() and QUESTION not in visitor.content()
    screenshot(visitor, "status-page")
    visitor.get_by_role("button", name="Yes, it is solved").click()
    visitor.wait_for_load_state()
    assert visitor.locator(".alert--success").is_visible()
    assert Ticket.objects.get(pk=ticket.pk).status == "closed"

    agent.reload()
    assert agent.locator(".page-header .badge--closed").is_visible()


def test_a_partner_user_cannot_open_another_partners_ticket(page, agent_user):
    from tests.support.ticket_states import ticket_in

    other_agent = MembershipFactory(partner=PartnerFactory(), role="agent").user
    theirs = ticket_in("open", other_agent, subject="Someone else's dispute")
    CustomerFactory(partner=agent_user.membership.partner)
    sign_in(page, agent_user.username)
    response = page.goto(f"/tickets/{theirs.pk}/")
    assert response.status == 404
    assert "Someone else" not in page.content()
    page.goto("/tickets/?status=all")
    assert "Someone else" not in page.locator("main").inner_text()
