"""The PO and POT files themselves: well formed, one entry per message context.

Catalogs are merged by hand when several branches append entries; a merge that drops a
``msgstr`` line or keeps an old singular entry beside its new plural one still loads in gettext
(the later entry silently wins), so these checks read the files strictly (Babel's
``read_po(abort_invalid=True)``, the same parser ``pybabel compile`` uses).
"""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest
from babel.messages.pofile import PoFileError, read_po

CATALOGS = Path(__file__).resolve().parents[2] / "catalogs" / "locale"
FILES = sorted(CATALOGS.glob("*/LC_MESSAGES/*.po")) + sorted(CATALOGS.glob("*.pot"))


def test_there_are_catalog_files() -> None:
    assert len(FILES) >= 5, f"expected the en/fr/de/pt catalogs and a template under {CATALOGS}, got {FILES}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CATALOGS)))
def test_a_catalog_file_parses_strictly(path: Path) -> None:
    with path.open("rb") as f:
        try:
            read_po(f, abort_invalid=True)
        except PoFileError as e:
            pytest.fail(f"{path.relative_to(CATALOGS)}: {e}")


def _key(block: str) -> tuple[str, ...]:
    ctx = re.search(r'^msgctxt (".*")$', block, re.M)
    if ctx and ctx.group(1) != '"data"':
        return (ctx.group(1),)
    msgid = re.search(r"^msgid .*?(?=^msgstr|^msgid_plural)", block, re.M | re.S)
    return (ctx.group(1) if ctx else "", msgid.group(0) if msgid else block)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(CATALOGS)))
def test_every_entry_has_a_msgstr_and_a_context_once(path: Path) -> None:
    blocks = re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip("\n"))
    missing = [b.splitlines()[0] for b in blocks if re.search(r"^msgid ", b, re.M) and not re.search(r"^msgstr", b, re.M)]
    assert not missing, f"entries without msgstr: {missing[:5]}"
    # Data phrases share the context "data" and are keyed by their English msgid (catalogs.data_phrases).
    keys = collections.Counter(_key(b) for b in blocks if re.search(r"^msgid ", b, re.M))
    twice = sorted(str(k) for k, n in keys.items() if n > 1)
    assert not twice, f"message contexts defined more than once (a merge kept an old entry?): {twice}"
