"""The operator's "Needs you": on top of the escalation queue (their start page) and counted in
the header, like the partner's dashboard; each row says whose partner it is, opens the escalation
and is then read; only their own rows."""

import pytest

from notifications.activity import Activity
from tests.support.factories import MembershipFactory, PartnerFactory, make_operator
from tests.support.ticket_states import escalation_in
from tests.support.web import signed_in

pytestmark = pytest.mark.django_db


def queue_page(client) -> str:
    response = client.get("/ops/escalations/")
    assert response.status_code == 200
    return response.content.decode()


def needs_you(html: str) -> str:
    return html.split('id="needs-you"')[1].split("</section>")[0]


@pytest.fixture
def escalation(operator_user):
    partner = PartnerFactory(name="Northwind Cloud")
    agent = MembershipFactory(partner=partner, role="agent").user
    return escalation_in("submitted", agent, subject="Seats billed twice")


def test_a_new_escalation_is_on_top_of_the_queue_with_its_partner(operator_user, escalation):
    html = queue_page(signed_in(operator_user))
    panel = needs_you(html)
    assert "A partner escalated a ticket" in panel
    assert "Northwind Cloud" in panel and "Seats billed twice" in panel
    header = 'href="/ops/escalations/#needs-you">Needs you <span class="unread-count">1</span>'
    assert header in html


def test_opening_it_shows_the_escalation_and_reads_it(operator_user, escalation):
    client = signed_in(operator_user)
    row = Activity.objects.get(user=operator_user)
    response = client.post(f"/activity/{row.pk}/open/")
    assert response.status_code == 302
    assert response["Location"] == f"/ops/escalations/{escalation.pk}/"
    assert Activity.objects.get(pk=row.pk).read_at is not None
    html = queue_page(client)
    assert 'id="needs-you"' not in html  # nothing unread: the queue starts at once
    assert 'href="/ops/escalations/#needs-you">Needs you</a>' in html


def test_mark_all_read_returns_to_the_queue(operator_user, escalation):
    client = signed_in(operator_user)
    response = client.post("/activity/read-all/", {"next": "/ops/escalations/"})
    assert response.status_code == 302 and response["Location"] == "/ops/escalations/"
    assert not Activity.objects.filter(user=operator_user, read_at__isnull=True).exists()


def test_another_operators_row_is_not_found(operator_user, escalation):
    other = make_operator()
    theirs = Activity.objects.get(user=operator_user)
    assert signed_in(other).post(f"/activity/{theirs.pk}/open/").status_code == 404
    assert Activity.objects.get(pk=theirs.pk).read_at is None
    assert 'id="needs-you"' not in queue_page(signed_in(other))  # came after: told nothing


def test_the_partners_header_still_leads_to_their_dashboard(agent_user):
    html = signed_in(agent_user).get("/").content.decode()
    assert 'href="/#needs-you">Needs you</a>' in html
