"""Extract the data phrases into the catalogs: ``python scripts/data_phrases.py [--check]``.

Walks the data files (``source`` / ``note`` texts of ``game_rules/data/**.yaml`` and the deck) and
the engine's ``data_phrase(...)`` markers (:mod:`catalogs.data_phrases`), and appends each phrase
no catalog has yet to the END of every ``messages.po`` (English: the phrase itself; other
languages: empty, so ``tests/catalogs`` names it until it is translated) and of ``messages.pot``,
as ``msgctxt "data"`` with the phrase as ``msgid``. A phrase the report terms already translate
word for word (``report:term.*``) is skipped. Nothing is ever rewritten or reordered: other
branches append to the same files.

``--check`` writes nothing and exits 1 listing each phrase missing from a catalog or without a
translation; ``--stale`` lists the data messages no data file or marker writes any more.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from babel.messages.pofile import escape, read_po  # noqa: E402

from catalogs import LOCALE_DIR, SOURCE_LANG, entries, languages, message_key  # noqa: E402
from catalogs import data_phrases as data  # noqa: E402

COMMENT = ("#. A data source quoted in the report's appendix (from {where}); keep proper names, law "
           "citations and titles as written; {{0}}, {{1}}... are numbers or names of the data.")


def phrases(root: Path = ROOT) -> dict[str, list[str]]:
    """Every data phrase of the tree at ``root`` the report terms do not cover (``{msgid: files}``)."""
    from printables.report.provenance_text import covered

    return data.extract(root, covered)


def missing(found: dict[str, list[str]]) -> list[str]:
    """One line per phrase absent from a language's catalog or left untranslated there."""
    out = []
    for lang in languages():
        here = entries(lang)
        for msgid in found:
            entry = here.get(data.KEY + msgid)
            if entry is None:
                out.append(f"{lang}: missing data phrase {msgid!r} ({', '.join(found[msgid])})")
            elif not all(entry.forms):
                out.append(f"{lang}: data phrase {msgid!r} is not translated ({', '.join(found[msgid])})")
    return out


def _block(msgid: str, text: str, where: list[str]) -> str:
    return (f"\n{COMMENT.format(where=', '.join(where))}\nmsgctxt \"{data.CONTEXT}\"\n"
            f"msgid {escape(msgid)}\nmsgstr {escape(text)}\n")


def append(found: dict[str, list[str]], locale_dir: Path = LOCALE_DIR) -> dict[str, int]:
    """Append every phrase a catalog under ``locale_dir`` lacks to the end of that catalog (and
    of ``messages.pot``); returns how many were added per file."""
    added: dict[str, int] = {}
    targets = [(path, path.parent.parent.name) for path in sorted(locale_dir.glob("*/LC_MESSAGES/messages.po"))]
    targets.append((locale_dir / "messages.pot", ""))
    for path, lang in targets:
        with path.open("rb") as handle:
            have = {message_key(m) for m in read_po(handle) if m.id}
        new = [m for m in found if data.KEY + m not in have]
        if not new:
            continue
        text = path.read_text(encoding="utf-8")
        blocks = "".join(_block(m, m if lang == SOURCE_LANG else "", found[m]) for m in new)
        path.write_text(text.rstrip("\n") + "\n" + blocks, encoding="utf-8")
        added[str(path.relative_to(locale_dir))] = len(new)
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 on a phrase without translation")
    parser.add_argument("--stale", action="store_true", help="list data messages nothing writes any more")
    args = parser.parse_args(argv)
    found = phrases()
    if args.stale:
        gone = [k.removeprefix(data.KEY) for k in entries(SOURCE_LANG) if k.startswith(data.KEY)
                and k.removeprefix(data.KEY) not in found]
        print("\n".join(gone) or "no stale data phrase")
        return 0
    if not args.check:
        for where, count in append(found).items():
            print(f"{where}: {count} data phrase(s) appended")
        # The catalogs were read before writing: read them again for the report below.
        from catalogs import _load

        _load.cache_clear()
        languages.cache_clear()
    problems = missing(found)
    print("\n".join(problems) if problems else f"{len(found)} data phrases, every one translated")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
