"""Wording fixed after use in Chinese and Russian: the SLA label "Resolution" is a time limit
(解决时限), not a solution; "It is now … overdue" does not repeat 目前 after "目前尚未付款。";
Russian "updated … ago" reads naturally."""

from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext


def test_the_sla_resolution_label_in_chinese_is_a_time_limit():
    with translation.override("zh-hans"):
        assert gettext("Resolution") == "解决时限"
        # the resolve form's field is the text the customer receives: still the solution
        assert pgettext("resolve form: the text the customer receives", "Resolution") == "解决方案"


def test_chinese_overdue_sentence_does_not_repeat_mu_qian():
    with translation.override("zh-hans"):
        text = ngettext("It is now %(days)s day overdue.", "It is now %(days)s days overdue.", 5)
    assert not text.startswith("目前")


def test_russian_updated_ago_reads_naturally():
    with translation.override("ru"):
        assert gettext("updated %(ago)s ago") % {"ago": "11 минут"} == "обновлено 11 минут назад"


def _spanish_texts():
    import polib
    from django.conf import settings

    po = polib.pofile(str(settings.BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    return [text for e in po for text in [e.msgstr, *e.msgstr_plural.values()] if text]


def test_spanish_says_partner_and_remision_as_the_glossary_and_the_seeds_do():
    """docs/glossary.md: partner (S) is kept as in the seeds («centro de partners»), never «socio»;
    an escalation is a «remisión» (the seeds' verb «remitir»), never «escalado» / «escalación»."""
    import re

    texts = _spanish_texts()
    assert not [t for t in texts if re.search(r"\bsocios?\b", t, re.I)]
    assert not [t for t in texts if re.search(r"\bescala(do|ción|ciones|miento)\b", t, re.I)]
    with translation.override("es"):
        assert gettext("Partners") == "Partners" and gettext("Escalations") == "Remisiones"
