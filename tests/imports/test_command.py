"""manage.py import_billing: imports a file with a progress bar, exits 1 with the errors."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from imports.models import ImportJob
from partners.models import Customer
from tests.support.factories import MembershipFactory
from tests.support.imports import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = ["external_id", "name", "email", "language", "collections_exempt"]
GOOD = [HEADER, ["C-1", "Contoso", "ap@contoso.example", "en", "false"]]


def _run(*args):
    return call_command("import_billing", *args, verbosity=2)


def test_it_imports_a_file_with_a_progress_bar(tmp_path, partner, admin_user, capsys):
    path = tmp_path / "customers.xlsx"
    path.write_bytes(xlsx_bytes(GOOD))
    _run("--partner", partner.slug, "--kind", "customers", str(path))
    out, err = capsys.readouterr()
    assert "1 created" in out
    assert "] 1/1 rows" in err
    assert Customer.objects.get(external_id="C-1").partner == partner
    assert ImportJob.objects.get().created_by == admin_user


def test_it_exits_1_with_every_error_and_writes_nothing(tmp_path, partner, admin_user, capsys):
    path = tmp_path / "customers.csv"
    path.write_bytes(csv_bytes([*GOOD, ["C-2", "", "x@example.com", "en", "perhaps"]]))
    with pytest.raises(CommandError) as raised:
        _run("--partner", partner.slug, "--kind", "customers", str(path))
    assert raised.value.returncode == 1
    err = capsys.readouterr().err
    assert "row 3, name: This field is required." in err
    assert "row 3, collections_exempt" in err
    assert not Customer.objects.exists()


def test_a_dry_run_writes_nothing(tmp_path, partner, admin_user, capsys):
    path = tmp_path / "customers.csv"
    path.write_bytes(csv_bytes(GOOD))
    _run("--partner", partner.slug, "--kind", "customers", "--dry-run", str(path))
    assert "(dry run): 1 created" in capsys.readouterr().out
    assert not Customer.objects.exists()


def test_it_refuses_a_bad_file_and_an_ambiguous_admin(tmp_path, partner, admin_user):
    path = tmp_path / "customers.csv"
    path.write_bytes(csv_bytes([HEADER[:2]]))
    with pytest.raises(CommandError, match="lacks the columns"):
        _run("--partner", partner.slug, "--kind", "customers", str(path))
    MembershipFactory(partner=partner, role="admin")
    with pytest.raises(CommandError, match="several admins"):
        _run("--partner", partner.slug, "--kind", "customers", str(path))
    with pytest.raises(CommandError, match="no partner"):
        _run("--partner", "nobody", "--kind", "customers", str(path))
    assert not ImportJob.objects.exists()
