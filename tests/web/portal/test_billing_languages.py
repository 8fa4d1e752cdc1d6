"""Every billing page renders in each of the seven languages (a catalog entry whose placeholders do
not match its English would break a page only in that language), and says so in <html lang>."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings

from billing.services import payment_record, statement_report_payment, subscription_suspend
from core.actors import SYSTEM, actor_for
from partners.models import Profile
from tests.support.billing_helpers import run
from tests.support.billing_pages import eligible_for_suspension, today
from tests.support.factories import StatementFactory
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(partner, admin_user, operator_user):
    customer, subscription, invoice = eligible_for_suspension(partner)
    run(today() - timedelta(days=4))  # the suspend step: a "ready to suspend" item
    payment_record(actor=SYSTEM, invoice=invoice, amount=Decimal("100.00"), date=today())
    subscription_suspend(
        actor=actor_for(operator_user), subscription=subscription, reason="fraud", note="card"
    )
    statement = StatementFactory(partner=partner)
    statement_report_payment(actor=SYSTEM, statement=statement, reference="REF-1")
    return {
        "invoice": invoice.pk,
        "subscription": subscription.pk,
        "statement": statement.pk,
        "customer": customer.pk,
    }


PARTNER_PAGES = [
    "/invoices/",
    "/invoices/{invoice}/",
    "/subscriptions/",
    "/subscriptions/{subscription}/",
    "/subscriptions/ready-to-suspend/",
    "/policy/",
    "/policy/versions/",
    "/statements/",
    "/statements/{statement}/",
    "/exposure/",
    "/customers/{customer}/",
]
CONSOLE_PAGES = [
    "/ops/statements/",
    "/ops/statements/new/",
    "/ops/statements/{statement}/",
    "/ops/subscriptions/",
    "/ops/subscriptions/{subscription}/",
]


@pytest.mark.parametrize("language", settings.LANGUAGE_CODES)
def test_every_billing_page_renders_in_each_language(
    desk, admin_user, operator_user, partner, client, language
):
    for user in (admin_user, operator_user):
        Profile.objects.update_or_create(user=user, defaults={"language": language})
    pages = [(admin_user, url) for url in PARTNER_PAGES] + [
        (operator_user, url) for url in CONSOLE_PAGES
    ]
    clients = {admin_user: signed_in(admin_user), operator_user: signed_in(operator_user)}
    for user, url in pages:
        response = clients[user].get(url.format(**desk))
        assert response.status_code == 200, (language, url)
        assert f'<html lang="{language}"'.encode() in response.content, (language, url)
    public = client.get(f"/p/{partner.slug}/collections-policy/", {"lang": language, "version": 1})
    assert public.status_code == 200 and f'<html lang="{language}">'.encode() in public.content
