"""{% phone_fold %}: the <details> that folds a filter bar or the menu on a phone."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation


def render(source: str, **context) -> str:
    return Template("{% load phone_ui %}" + source).render(Context(context))


def test_it_wraps_the_content_in_an_open_fold_with_its_summary():
    html = render('{% phone_fold _("Filters") "filters" %}<form></form>{% endphone_fold %}')
    assert html == (
        '<details class="fold fold--filters" data-fold="narrow" open>'
        '<summary class="fold__summary">Filters</summary><form></form></details>'
    )


def test_it_translates_and_escapes_the_label():
    with translation.override("ru"):
        assert ">Фильтры</summary>" in render('{% phone_fold _("Filters") %}{% endphone_fold %}')
    html = render("{% phone_fold label %}x{% endphone_fold %}", label="<b>Menu</b>")
    assert '<details class="fold" data-fold="narrow" open>' in html
    assert "&lt;b&gt;Menu&lt;/b&gt;" in html


def test_it_rejects_a_fold_without_a_label():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load phone_ui %}{% phone_fold %}x{% endphone_fold %}")
