import pytest
from django.core.management import call_command

from billing.models import ChargeLine, Invoice, Statement
from billing.selectors import statement_reconciliation
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


def test_the_demo_imports_each_partner_s_reconciliation_file_matched_and_not(capsys):
    call_command("seed_demo")
    lines = ChargeLine.objects.count()
    call_command("seed_demo")
    assert ChargeLine.objects.count() == lines == 5
    states = {
        statement_reconciliation(s)["reconciliation"]
        for s in Statement.objects.filter(number__endswith="-3")
    }
    assert states == {"matched", "differs"}
    assert Customer.objects.filter(email="").count() == 4
