"""The seven gettext catalogs are complete, compiled, and cover every string in the code.

When this fails after you added or changed a string: run ``make messages``, translate the new
entries in every ``locale/*/LC_MESSAGES/django.po``, run ``make messages`` again (it compiles the
``.mo``), and commit both files (docs/i18n.md).
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from tests.support.paths import ROOT

LOCALES = ["en", "zh_Hans", "es", "fr", "it", "pt_BR", "ru"]
# The same folders `make messages` leaves out (see the Makefile).
NOT_SCANNED = {
    ".git",
    ".venv",
    "var",
    "bench",
    "tests",
    "docs",
    "locale",
    "node_modules",
    "__pycache__",
    ".ci",
}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


def po_path(locale: str) -> Path:
    return ROOT / "locale" / locale / "LC_MESSAGES" / "django.po"


def catalog(locale: str) -> polib.POFile:
    return polib.pofile(str(po_path(locale)))


def entry_key(entry) -> tuple:
    return (entry.msgctxt or "", entry.msgid)


def live(po):
    return [entry for entry in po if not entry.obsolete]


def test_there_is_one_set_of_catalogs():
    # An app's own locale/ folder would receive that app's strings from makemessages and hide them
    # from locale/ (billing once shipped one); keep every translation in the project's catalogs.
    others = []
    for folder, subfolders, _files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in NOT_SCANNED - {"locale"}]
        if Path(folder).name == "locale" and Path(folder) != ROOT / "locale":
            others.append(str(Path(folder).relative_to(ROOT)))
    assert others == [], (
        f"catalogs outside locale/: {others}; merge them into locale/ (docs/i18n.md)"
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_every_entry_is_translated_and_none_is_fuzzy(locale):
    po = catalog(locale)
    assert not po.metadata_is_fuzzy, (
        f"{locale}: the header is marked fuzzy (msgfmt would ignore it)"
    )
    fuzzy = [entry.msgid for entry in live(po) if "fuzzy" in entry.flags]
    untranslated = [
        entry.msgid for entry in live(po) if not entry.translated() and "fuzzy" not in entry.flags
    ]
    assert fuzzy == [], f"{locale}: fuzzy entries {fuzzy}"
    assert untranslated == [], f"{locale}: untranslated entries {untranslated}"


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_every_placeholder(locale):
    for entry in live(catalog(locale)):
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        strings = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == wanted, f"{locale}: {entry.msgid!r} → {text!r}"


@pytest.mark.parametrize("locale", LOCALES)
def test_the_compiled_catalog_is_in_step_with_its_source(locale):
    mo_file = po_path(locale).with_suffix(".mo")
    assert mo_file.exists(), f"{mo_file.relative_to(ROOT)} is missing: run `make messages`"
    compiled = {
        entry_key(e): (e.msgstr, dict(e.msgstr_plural))
        for e in polib.mofile(str(mo_file))
        if e.msgid
    }
    source = {
        entry_key(e): (e.msgstr, {int(k): v for k, v in e.msgstr_plural.items()})
        for e in live(catalog(locale))
        if e.translated()
    }
    compiled = {
        key: (text, {int(k): v for k, v in plural.items()})
        for key, (text, plural) in compiled.items()
    }
    stale = sorted(
        key[1] for key in source.keys() | compiled.keys() if source.get(key) != compiled.get(key)
    )
    assert stale == [], (
        f"{locale}: the .mo differs from the .po for {stale[:5]}…: run `make messages`"
    )


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set:
    """Every (context, msgid) that `makemessages` finds in the code now, extracted into a scratch
    copy.
    """
    copy = tmp_path_factory.mktemp("extract") / "src"
    shutil.copytree(ROOT, copy, ignore=lambda folder, names: [n for n in names if n in NOT_SCANNED])
    (copy / "locale").mkdir()
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location", "-v0"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    return {entry_key(e) for e in polib.pofile(str(copy / "locale/en/LC_MESSAGES/django.po"))}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_gettext_string_in_the_code_is_in_the_catalog(locale, extracted):
    known = {entry_key(e) for e in live(catalog(locale))}
    missing = sorted(msgid for _ctx, msgid in extracted - known)
    assert missing == [], (
        f"{locale}: {len(missing)} strings not in the catalog, e.g. {missing[:5]}: "
        "run `make messages`"
    )


def test_the_catalogs_hold_no_strings_the_code_no_longer_uses(extracted):
    stale = sorted(msgid for _ctx, msgid in {entry_key(e) for e in live(catalog("en"))} - extracted)
    assert stale == [], f"strings no longer in the code: {stale[:5]}: run `make messages`"
