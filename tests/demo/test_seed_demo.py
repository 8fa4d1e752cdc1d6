import pytest
from django.core.management import call_command

from billing.models import Invoice
from partners.models import Customer, Membership, Partner
from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Partner, Membership, Customer, Invoice, Ticket)]


def test_seed_demo_is_idempotent_and_prints_logins(capsys):
    call_command("seed_demo")
    first = counts()
    out = capsys.readouterr().out
    call_command("seed_demo")
    assert counts() == first
    assert first[0] == 2 and first[1] == 4
    assert "northwind-admin" in out and "operator" in out
    languages = set(Customer.objects.values_list("language", flat=True))
    assert len(languages) >= 5
