"""Print the ticket and escalation state machines as Mermaid diagrams, read from the django-fsm-2
transitions as built (graphviz, which django-fsm-2's ``graph_transitions`` needs, is not required).

    manage.py state_diagram            # print
    manage.py state_diagram --check docs/state-machines.md   # fail if the doc is out of date
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tickets.models import Escalation, Ticket


def mermaid(model) -> str:
    field = model._meta.get_field("status")
    lines = ["stateDiagram-v2", f"    [*] --> {field.default}"]
    edges = sorted(
        {(str(t.source), str(t.target), t.name) for t in field.get_all_transitions(model)},
        key=lambda edge: ([c for c, _ in field.choices].index(edge[0]), edge[2]),
    )
    lines += [f"    {source} --> {target}: {name}" for source, target, name in edges]
    final = [
        state
        for state, _label in field.choices
        if state not in {source for source, _t, _n in edges}
    ]
    lines += [f"    {state} --> [*]" for state in final]
    return "\n".join(lines)


def diagrams() -> str:
    return "\n\n".join(
        f"```mermaid\n%% {model.__name__}.status\n{mermaid(model)}\n```"
        for model in (Ticket, Escalation)
    )


class Command(BaseCommand):
    help = (
        "Print the ticket and escalation state diagrams (Mermaid) from the transitions in the code."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", metavar="FILE", help="Fail unless FILE contains the current diagrams."
        )

    def handle(self, *args, check=None, **options):
        if check and diagrams() not in Path(check).read_text():
            raise CommandError(
                f"{check} is out of date: paste the output of `manage.py state_diagram` into it."
            )
        if not check:
            self.stdout.write(diagrams())
