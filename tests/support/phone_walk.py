"""The pages of the phone walk (``tests/browser/test_phone_pages.py``): every page route of the URL
resolver (``tests/support/routes.py``), opened by the role it is for on the demo desk plus a few
objects that make every kind of detail page render (tickets in each state, an escalation the
operator asked about, a held inbound e-mail, a webhook delivery, an API token, long e-mail
addresses and URLs); and the routes the walk cannot open as a page, each with the reason
(``tests/web/test_phone_walk_routes.py`` checks that the reason is true and that no route is
left out)."""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from billing.services.webhooks import payment_webhook_receive
from core.actors import actor_for
from imports.services import import_job_create
from mailgate.services import inbound_receive
from partners import services as partner_services
from partners.models import Customer, Membership, Partner, Profile
from tests.support.inbound import raw_mail
from tests.support.routes import concrete, sample_values, site_routes
from tickets import services as ticket_services
from tickets.models import Escalation, Ticket

# Routes that are no page of their own, with the reason; every other route is walked.
NOT_PAGES = {
    "account/tokens/revoke/": "POST only: revokes a token, back to the tokens page",
    "account/two-factor/recovery-codes/": "only with an enrolled authenticator (the seed has none):"
    " without one it leads back to the two-factor page",
    "activity/<int:pk>/open/": "POST only: marks the item read and redirects to its ticket",
    "activity/read-all/": "POST only: marks every item read, back to the dashboard",
    "canned-replies/<int:pk>/delete/": "POST only: deletes the reply, back to the list",
    "customers/<int:pk>/contacts/": "POST only: adds an address, back to the customer page",
    "customers/<int:pk>/contacts/<int:contact_pk>/remove/": "POST only: removes an address",
    "inbound/<int:pk>/<slug:action>/": "POST only: attach / create a ticket / discard",
    "invoices/<int:pk>/credit/": "POST only: the credit form lives on the invoice page",
    "invoices/<int:pk>/payments/": "POST only: the payment form lives on the invoice page",
    "invoices/<int:pk>/void/": "POST only: the void form lives on the invoice page",
    "invoices/<int:pk>/write-off/": "POST only: the write-off form lives on the invoice page",
    "language/": "POST only: the language menu of the top bar",
    "ops/escalations/<int:pk>/<slug:action>/": "POST only: take / ask / resolve",
    "ops/statements/<int:pk>/confirm/": "POST only: the button on the statement page",
    "ops/subscriptions/<int:pk>/lift/": "POST only: the button on the subscription page",
    "ops/subscriptions/<int:pk>/suspend/": "POST only: the form on the subscription page",
    "settings/mailbox/active/": "POST only: the pause / resume button on the mailbox page",
    "settings/mailbox/check/": "POST only: the check button on the mailbox page",
    "settings/mailbox/remove/": "POST only: the remove button on the mailbox page",
    "settings/payment-webhook/rotate/": "POST only: the button on the webhook page",
    "statements/<int:pk>/pay/": "POST only: the form on the statement page",
    "status/<str:token>/confirm/": "POST only: the customer's confirm button",
    "status/<str:token>/files/<int:pk>/": "a file download, not a page",
    "status/<str:token>/reject/": "POST only: the customer's 'not solved' form",
    "status/<str:token>/reply/": "POST only: the customer's reply form",
    "subscriptions/<int:pk>/cancel/": "POST only: the form on the subscription page",
    "subscriptions/<int:pk>/reactivate/": "POST only: the form on the subscription page",
    "subscriptions/<int:pk>/suspend/": "POST only: the form on the subscription page",
    "subscriptions/ready-to-suspend/<int:pk>/dismiss/": "POST only: a button of the queue",
    "subscriptions/ready-to-suspend/<int:pk>/suspend/": "POST only: a button of the queue",
    "tickets/<int:pk>/<slug:action>/": "POST only: reply / assign / escalate / resolve / …",
    "tickets/bulk/": "POST only: the queue's bulk action bar",
    "tickets/views/": "POST only: saves the queue's filters as a view",
    "tickets/views/<int:pk>/remove/": "POST only: removes a saved view",
}
PUBLIC = ("login/", "status/", "p/")
LONG_EMAIL = "accounts.payable.department@finance.shanghai-lantern-holdings-group.example"
LONG_URL = "https://portal.shanghai-lantern-holdings-group.example/billing/invoices/INV-0001-2"


def page_routes() -> list[str]:
    return [r for r in site_routes() if not r.startswith("api/") and r not in NOT_PAGES]


def role_of(route: str) -> str:
    """Who opens the route: the operator, nobody (public pages) or a partner admin."""
    if route.startswith("ops/"):
        return "operator"
    return "anonymous" if route.startswith(PUBLIC) else "northwind-admin"


def seed_phone_desk(language: str) -> Partner:
    """The demo desk, every user reading ``language``, and objects for each kind of page."""
    call_command("seed_demo", stdout=open("/dev/null", "w"))
    partner = Partner.objects.get(slug="northwind")
    admin = actor_for(Membership.objects.get(partner=partner, role="admin").user)
    operator = actor_for(get_user_model().objects.get(username="operator"))
    customer = partner_services.customer_create(
        actor=admin, name="Shanghai Lantern Holdings Group Co., Ltd.", email=LONG_EMAIL
    )
    _tickets(admin, customer)
    _decided_escalation(admin, operator, customer)
    escalation = Escalation.objects.filter(ticket__partner=partner).order_by("pk").first()
    ticket_services.escalation_take(actor=operator, escalation=escalation)
    ticket_services.escalation_request_info(
        actor=operator,
        escalation=Escalation.objects.get(pk=escalation.pk),
        question="Please attach the usage report of " + LONG_URL,
    )
    inbound_receive(
        raw_mail(
            sender="unknown." + LONG_EMAIL,
            to=partner.support_email,
            subject="Invoice question " + LONG_URL,
            body="Hello, " + LONG_URL,
        ),
        via="test",
    )
    payment_webhook_receive(partner=partner, header="", body=b"{}")  # a refused delivery
    partner_services.api_token_create(user=admin.user)
    csv_file = SimpleUploadedFile(
        "customers.csv",
        b"external_id,name,email,language,collections_exempt\nK-1,A,a@a.example,en,no\n",
    )
    import_job_create(actor=admin, kind="customers", file=csv_file, dry_run=True)
    for user in get_user_model().objects.all():
        Profile.objects.update_or_create(user=user, defaults={"language": language})
    return partner


def _tickets(admin, customer):
    """A closed ticket with long URLs and e-mail addresses, a new one and an open one."""
    closed = ticket_services.ticket_create(
        actor=admin,
        customer=customer.pk,
        category="billing_question",
        subject="Where do I download the invoice PDF? " + LONG_URL,
        priority="low",
        description=f"Sent from {LONG_EMAIL}: see {LONG_URL}\n\n    an   indented   table",
    )
    ticket_services.ticket_resolve(actor=admin, ticket=closed, resolution="See " + LONG_URL)
    ticket_services.ticket_close(actor=admin, ticket=Ticket.objects.get(pk=closed.pk))
    for subject in ("Two invoices for one month", "VAT number missing on the invoice"):
        fresh = ticket_services.ticket_create(
            actor=admin,
            customer=customer.pk,
            category="billing_question",
            subject=subject,
            priority="normal",
            description="Which one do I pay?",
        )
    ticket_services.ticket_reply(actor=admin, ticket=fresh, body="Checking: " + LONG_URL)


def _decided_escalation(admin, operator, customer):
    """An escalation the operator decided: the ticket's close-the-loop clock runs."""
    ticket = ticket_services.ticket_create(
        actor=admin,
        customer=customer.pk,
        category="invoice_dispute",
        subject="Credit for the outage week",
        priority="high",
        description="The service was down from the 3rd to the 9th.",
    )
    escalation = ticket_services.ticket_escalate(
        actor=admin, ticket=ticket, summary="Asks a credit for 7 days.", steps_taken="Checked."
    )
    ticket_services.escalation_take(actor=operator, escalation=escalation)
    ticket_services.escalation_resolve(
        actor=operator,
        escalation=Escalation.objects.get(pk=escalation.pk),
        outcome="rejected",
        response="The outage was announced in advance: " + LONG_URL,
    )


def walk(partner: Partner) -> list[tuple[str, str]]:
    """(role, url) for every page: each route once, a detail route once per kind of object."""
    values = sample_values(partner)
    pages = [(role_of(route), concrete(route, values)) for route in page_routes()]
    mine = Ticket.objects.filter(partner=partner).order_by("pk")
    for status in sorted(set(mine.values_list("status", flat=True))):
        ticket = mine.filter(status=status).first()
        pages.append(("northwind-admin", f"/tickets/{ticket.pk}/"))
        pages.append(("anonymous", f"/status/{ticket.status_token}/"))
    for escalation in Escalation.objects.filter(ticket__partner=partner).order_by("pk"):
        pages.append(("operator", f"/ops/escalations/{escalation.pk}/"))
        pages.append(("northwind-admin", f"/tickets/{escalation.ticket_id}/"))
    for customer in Customer.objects.filter(partner=partner).order_by("pk"):
        pages.append(("northwind-admin", f"/customers/{customer.pk}/"))
    pages += [
        ("northwind-admin", "/search/?q=invoice"),
        ("northwind-admin", "/tickets/?status=all"),
        ("northwind-admin", "/ops/"),  # a partner on an operator page: the 403 page
        ("northwind-admin", "/no-such-page/"),  # the 404 page
        ("northwind-agent", "/"),
    ]
    return list(dict.fromkeys(pages))
