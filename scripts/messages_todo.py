"""What is left to translate after `make messages`: every untranslated or fuzzy entry, per language.

    # list them (exit 1 when anything is left)
    .venv/bin/python scripts/messages_todo.py
    .venv/bin/python scripts/messages_todo.py --lang es fr    # only some languages
    # one small <lang>.po per language
    .venv/bin/python scripts/messages_todo.py --export var/i18n-todo
    .venv/bin/python scripts/messages_todo.py --import var/i18n-todo   # copy the finished ones back

The export holds only the entries that need work (fuzzy ones keep msgmerge's guess and the old
msgid, so a reviewer sees what changed); translate them there, drop the fuzzy flag, import, then run
`make messages` to recompile. See docs/i18n.md.
"""

import argparse
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ["zh_Hans", "es", "fr", "it", "pt_BR", "ru"]  # English is filled from the msgids (msgen)


def catalog(locale: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / locale / "LC_MESSAGES" / "django.po"), wrapwidth=79)


def todo(po: polib.POFile) -> list:
    return [e for e in po if not e.obsolete and ("fuzzy" in e.flags or not e.translated())]


def done(entry) -> bool:
    return "fuzzy" not in entry.flags and entry.translated()


def show(locale: str, entries: list) -> None:
    print(f"== {locale}: {len(entries)} to translate")
    for entry in entries:
        state = "fuzzy" if "fuzzy" in entry.flags else "new"
        context = f" [context: {entry.msgctxt}]" if entry.msgctxt else ""
        plural = f"  (plural: {entry.msgid_plural!r})" if entry.msgid_plural else ""
        where = ", ".join(sorted({path for path, _line in entry.occurrences}))
        print(f"  {state:5} {entry.msgid!r}{context}{plural}\n        in {where}")


def export(locale: str, po: polib.POFile, entries: list, folder: Path) -> None:
    out = polib.POFile(wrapwidth=79)
    out.metadata = dict(po.metadata)
    out.extend(entries)
    out.save(str(folder / f"{locale}.po"))


def import_(locale: str, po: polib.POFile, folder: Path) -> int:
    """Copy finished entries of ``<folder>/<locale>.po`` into the catalog; return how many."""
    path = folder / f"{locale}.po"
    if not path.exists():
        return 0
    copied = 0
    for source in filter(done, polib.pofile(str(path))):
        target = po.find(source.msgid, msgctxt=source.msgctxt)
        if target is not None and not done(target):
            target.msgstr, target.msgstr_plural = source.msgstr, dict(source.msgstr_plural)
            target.flags = [flag for flag in target.flags if flag != "fuzzy"]
            target.previous_msgid = target.previous_msgid_plural = target.previous_msgctxt = None
            copied += 1
    po.save()
    return copied


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lang", nargs="+", choices=LOCALES, default=LOCALES)
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--export", type=Path, metavar="DIR")
    group.add_argument("--import", dest="import_dir", type=Path, metavar="DIR")
    args = parser.parse_args()
    left = 0
    for locale in args.lang:
        po = catalog(locale)
        if args.import_dir:
            print(f"{locale}: {import_(locale, po, args.import_dir)} entries imported")
        entries = todo(po)
        left += len(entries)
        if args.export and entries:
            args.export.mkdir(parents=True, exist_ok=True)
            export(locale, po, entries, args.export)
        if not args.import_dir:
            show(locale, entries)
    print(
        f"{left} entries left to translate"
        + (" (run `make messages` to compile)" if args.import_dir else "")
    )
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
