"""No English inside the French and German paper (issue 13, point 12): the mat, the join poster
and the deck rendered in fr and de carry none of the English texts of printables/i18n.py and no
English thousands separator.

Reference: the English phrases are the "en" entries of printables.i18n (CATEGORY_NAMES,
CATEGORY_QUESTIONS, SLOT_NAMES, SLOT_GUIDANCE, TEXTS); a phrase that is the same in the other
language (e.g. "Governance" in German) is not English-only and is skipped.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from cards.model import Category
from printables import i18n
from printables.deck_pdf import DeckOptions, build_deck
from printables.mat import build_mat
from printables.poster import PosterTable, build_posters

ENGLISH_NUMBER = re.compile(r"\b\d{1,3},\d{3}\b")


def _english_only(lang: str) -> list[str]:
    tables = [i18n.CATEGORY_NAMES, i18n.CATEGORY_QUESTIONS, i18n.SLOT_NAMES, i18n.SLOT_GUIDANCE, i18n.TEXTS]
    out = []
    for table in tables:
        for texts in table.values():
            en, other = texts.get("en", ""), texts.get(lang, "")
            # Whole phrases only (at least two words), without placeholders.
            if en and en != other and " " in en.strip() and "{" not in en:
                out.append(" ".join(en.split()))
    return out


def _text(pdf: bytes, tmp: Path) -> str:
    (tmp / "doc.pdf").write_bytes(pdf)
    raw = subprocess.run(["pdftotext", "-layout", str(tmp / "doc.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(raw.split())


@pytest.mark.parametrize("lang", ["fr", "de"])
def test_mat_poster_and_deck_carry_no_english(lang: str, tmp_path: Path) -> None:
    english = _english_only(lang)
    assert len(english) > 10
    docs = {
        "mat": build_mat(lang).pdf_bytes,
        "poster": build_posters([PosterTable(name="Table 1", join_url="http://192.168.1.20:8000/j/ABC234", code="ABC234")], lang),
        "deck": build_deck(DeckOptions(lang=lang, only=(Category.WHO, Category.WHY))).pdf_bytes,
    }
    for name, pdf in docs.items():
        text = _text(pdf, tmp_path)
        # The join poster repeats its call to join in the other two languages in small type, on
        # purpose (visitors): only its number formats are checked here.
        found = [phrase for phrase in english if phrase in text] if name != "poster" else []
        assert not found, f"{name} ({lang}) prints English: {found[:5]}"
        assert not ENGLISH_NUMBER.findall(text), f"{name} ({lang}) writes numbers the English way: {ENGLISH_NUMBER.findall(text)[:5]}"
