"""The demo's first minutes: `make run` serves with DEBUG off (the desk's own error pages, static
files by WhiteNoise), prints the logins last, and the sign-in page lists them while they exist."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from demo.logins import DEMO_PASSWORD, LOGINS
from tests.support.paths import ROOT as REPO_ROOT

pytestmark = pytest.mark.django_db

DEMO = {"DEMO": True, "DEMO_LOGINS": LOGINS, "DEMO_PASSWORD": DEMO_PASSWORD}


def makefile_run_env() -> str:
    text = (REPO_ROOT / "Makefile").read_text()
    return re.search(r"^RUN_ENV := (.*)$", text, re.M).group(1)


def test_make_run_serves_the_demo_with_debug_off_and_its_own_static_serving():
    assert set(makefile_run_env().split()) >= {"DEMO=true", "DEBUG=false"}
    run = (REPO_ROOT / "scripts" / "run_demo").read_text()
    # the logins come after the server answers, as the last lines
    assert run.index("urlopen") < run.index("seed_demo --logins")


def test_seeding_quietly_prints_nothing_and_the_logins_print_on_their_own():
    out = io.StringIO()
    call_command("seed_demo", verbosity=0, stdout=out)
    assert out.getvalue() == ""
    call_command("seed_demo", logins=True, stdout=out)
    assert all(f"{username:<18} / {DEMO_PASSWORD}" in out.getvalue() for username, _ in LOGINS)


def test_the_sign_in_page_lists_the_demo_logins_in_the_demo_while_they_exist():
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    with override_settings(**DEMO):
        page = Client().get("/login/").content.decode()
    assert "<code>contoso-agent</code>" in page and DEMO_PASSWORD in page
    assert DEMO_PASSWORD not in Client().get("/login/").content.decode()  # not outside the demo


def test_the_sign_in_page_lists_no_demo_login_once_the_accounts_are_gone():
    with override_settings(**DEMO):
        page = Client().get("/login/").content.decode()
    assert "demo-logins" not in page


@override_settings(DEBUG=False, **DEMO)
def test_an_unknown_url_in_the_demo_shows_the_desks_own_404_page():
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "Technical" not in response.content.decode()
    assert response.templates[0].name == "404.html"
