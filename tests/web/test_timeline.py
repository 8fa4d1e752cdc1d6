"""The history of a ticket or an escalation reads in the reader's language: no stored codes, and a
creation as a sentence, not "— → new"."""

from django.template.loader import render_to_string
from django.utils import translation

from partners.models import Event


def render(*events, language="es"):
    with translation.override(language):
        return render_to_string("includes/timeline.html", {"events": list(events)})


def test_an_outcome_stored_as_a_code_shows_its_label_in_the_readers_language():
    resolved = Event(object_type="escalation", action="resolve", reason="partially_upheld")
    returned = Event(object_type="ticket", action="return_from_operator", reason="upheld")
    with translation.override("es"):
        partially = str(translation.gettext("partially upheld"))
    html = render(resolved, returned)
    assert "partially_upheld" not in html and partially in html
    assert "partially upheld" not in render(resolved, language="zh-hans")


def test_a_creation_reads_as_a_sentence_not_a_dash_and_an_arrow():
    html = render(Event(object_type="ticket", action="created", to_state="new"), language="en")
    assert "—" not in html and "→" not in html
    assert "as new" in " ".join(html.split())


def test_a_free_text_reason_is_shown_as_written():
    html = render(Event(object_type="ticket", action="close", reason="Customer confirmed_ok"))
    assert "Customer confirmed_ok" in html
