"""The queue page: ticked rows acted on through the bulk service, unread marks, column sort that
is remembered, saved views of one's own and of the team."""

import pytest

from notifications.activity import Activity, activity_record
from tests.support.factories import MembershipFactory
from tests.support.ticket_states import ticket_in
from tests.support.web import signed_in
from tickets.models import SavedView, Ticket

pytestmark = pytest.mark.django_db


def queue(client, **params):
    response = client.get("/tickets/", params)
    assert response.status_code == 200
    return response


def test_ticked_tickets_are_assigned_and_a_foreign_one_is_not_found(
    agent_user, admin_user, other_agent_user
):
    mine = ticket_in("new", agent_user)
    theirs = ticket_in("new", other_agent_user)
    client = signed_in(agent_user)
    response = client.post(
        "/tickets/bulk/",
        {"ids": [mine.pk, theirs.pk], "action": "assign", "assignee": admin_user.pk},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    assert "1 of 2 tickets changed." in shown
    assert any(m.startswith(f"#{theirs.pk}: ") for m in shown)
    assert Ticket.objects.get(pk=mine.pk).assignee_id == admin_user.pk
    assert Ticket.objects.get(pk=theirs.pk).assignee_id is None


def test_nothing_ticked_is_said_and_changes_nothing(agent_user):
    ticket = ticket_in("resolved", agent_user)
    response = signed_in(agent_user).post("/tickets/bulk/", {"action": "close"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Tick at least one ticket and choose what to do."
    ]
    assert Ticket.objects.get(pk=ticket.pk).status == "resolved"


def test_the_queue_has_checkboxes_the_bar_and_its_script(agent_user):
    ticket = ticket_in("open", agent_user)
    html = queue(signed_in(agent_user)).content.decode()
    assert f'name="ids" value="{ticket.pk}" form="bulk-form"' in html
    assert 'id="bulk-form"' in html and "js/queue.js" in html
    assert "<script>" not in html  # no inline script: the CSP allows files only


def test_a_row_with_unread_activity_is_marked_until_it_is_opened(agent_user):
    ticket = ticket_in("open", agent_user)
    other = ticket_in("open", agent_user)
    [row] = activity_record(kind="customer_replied", target=ticket, user_ids=[agent_user.pk])
    client = signed_in(agent_user)
    assert queue(client).context["unread"] == {ticket.pk}
    assert other.pk not in queue(client).context["unread"]
    response = client.post(f"/activity/{row.pk}/open/")
    assert response.status_code == 302 and response["Location"] == f"/tickets/{ticket.pk}/"
    assert queue(client).context["unread"] == set()


def test_the_header_counts_unread_and_the_dashboard_lists_them(agent_user, admin_user):
    ticket = ticket_in("open", agent_user, subject="Refund for March")
    activity_record(kind="operator_decided", target=ticket, user_ids=[agent_user.pk])
    html = signed_in(agent_user).get("/").content.decode()
    assert '<span class="unread-count">1</span>' in html
    assert "The operator decided the escalation" in html and "Refund for March" in html
    assert "Refund for March" not in signed_in(admin_user).get("/").content.decode()
    client = signed_in(agent_user)
    client.post("/activity/read-all/", {"next": "https://evil.example/"})
    assert not Activity.objects.filter(read_at__isnull=True).exists()


def test_another_users_activity_cannot_be_opened(agent_user, admin_user):
    ticket = ticket_in("open", agent_user)
    [row] = activity_record(kind="customer_replied", target=ticket, user_ids=[admin_user.pk])
    assert signed_in(agent_user).post(f"/activity/{row.pk}/open/").status_code == 404
    assert Activity.objects.get(pk=row.pk).read_at is None


def test_the_sort_chosen_is_remembered(agent_user):
    low = ticket_in("open", agent_user, priority="low")
    urgent = ticket_in("open", agent_user, priority="urgent")
    client = signed_in(agent_user)
    assert [t.pk for t in queue(client).context["page"].object_list] == [urgent.pk, low.pk]
    client.get("/tickets/", {"order": "created"})
    assert [t.pk for t in queue(client).context["page"].object_list] == [low.pk, urgent.pk]
    assert queue(client).context["order"] == "created"
    html = queue(client, status="all").content.decode()
    assert 'href="/tickets/?status=all&amp;order=priority"' in html


def test_a_saved_view_is_mine_unless_shared(agent_user, admin_user, partner, other_agent_user):
    client = signed_in(agent_user)
    client.post("/tickets/views/", {"name": "Urgent", "query": "priority=urgent&status=all"})
    client.post("/tickets/views/", {"name": "Team", "query": "status=all", "shared": "on"})
    assert client.post("/tickets/views/", {"name": "Urgent", "query": ""}).status_code == 302
    assert SavedView.objects.filter(owner=agent_user).count() == 2
    assert [v.name for v in queue(client).context["saved_views"]] == ["Team", "Urgent"]
    assert [v.name for v in queue(signed_in(admin_user)).context["saved_views"]] == ["Team"]
    assert queue(signed_in(other_agent_user)).context["saved_views"] == []
    html = queue(client).content.decode()
    assert 'href="/tickets/?priority=urgent&amp;status=all"' in html


def test_only_its_owner_removes_a_shared_view(agent_user, admin_user, other_agent_user):
    signed_in(agent_user).post("/tickets/views/", {"name": "Team", "query": "", "shared": "on"})
    view = SavedView.objects.get()
    assert signed_in(admin_user).post(f"/tickets/views/{view.pk}/remove/").status_code == 403
    assert signed_in(other_agent_user).post(f"/tickets/views/{view.pk}/remove/").status_code == 404
    assert signed_in(agent_user).post(f"/tickets/views/{view.pk}/remove/").status_code == 302
    assert not SavedView.objects.exists()


def test_a_colleague_cannot_be_given_a_view_in_another_partner(agent_user, other_partner):
    outsider = MembershipFactory(partner=other_partner).user
    signed_in(outsider).post("/tickets/views/", {"name": "Mine", "query": "status=all"})
    assert SavedView.objects.get().partner_id == other_partner.pk
