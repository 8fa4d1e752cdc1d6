"""docs/state-machines.md shows the state machines exactly as the code defines them."""

from django.core.management import call_command

from tests.support.paths import ROOT

DOC = ROOT / "docs" / "state-machines.md"


def test_the_documented_diagrams_match_the_transitions_in_the_code():
    call_command("state_diagram", check=str(DOC))


def test_the_ticket_diagram_has_exactly_the_transitions_of_the_spec():
    from tickets.management.commands.state_diagram import mermaid
    from tickets.models import Ticket

    edges = {line.strip() for line in mermaid(Ticket).splitlines()[2:]}
    assert edges == {
        "new --> open: start_work",
        "new --> pending_customer: wait_on_customer",
        "new --> escalated: escalate",
        "new --> resolved: resolve",
        "open --> pending_customer: wait_on_customer",
        "open --> escalated: escalate",
        "open --> resolved: resolve",
        "pending_customer --> open: resume",
        "escalated --> open: return_from_operator",
        "resolved --> closed: close",
        "resolved --> open: reopen",
        "closed --> [*]",
    }
