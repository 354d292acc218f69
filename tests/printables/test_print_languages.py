"""Every printed page in every non-English language: no English label, no English number format.

The deck (cover, instructions, alignment test and one category of cards), the table mat and a join
poster are built in each shipped language other than English; their text, extracted with
pdfplumber, must contain none of the English ``print:`` messages (those long enough to be words
and different from the language's own texts) and no number written the English way (``1,234.5``).
"""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest

from cards.deck import default_deck
from cards.model import Category
from catalogs import SOURCE_LANG, entries, languages
from printables.deck_pdf import DeckOptions, build_deck
from printables.mat import build_mat
from printables.poster import PosterTable, build_posters

OTHERS = [lang for lang in languages() if lang != SOURCE_LANG]


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return re.sub(r"[\u00a0\u202f ]+", " ", "\n".join(page.extract_text() or "" for page in doc.pages))


def _english_in(text: str, lang: str, also_allowed: str = "") -> list[str]:
    english, own = entries(SOURCE_LANG), entries(lang)
    own_words = {form for entry in own.values() for form in entry.forms} | set(also_allowed.split("\n"))
    found = []
    for key, entry in english.items():
        en = entry.forms[0]
        if not key.startswith("print:") or len(en) < 4 or "{" in en or en == own[key].forms[0] or en in own_words:
            continue
        if re.search(rf"(?<!\w){re.escape(en)}(?!\w)", text) and en not in own[key].forms[0]:
            found.append(f"{key}: {en!r}")
    return found


@pytest.mark.parametrize("lang", OTHERS)
def test_deck_mat_and_poster_have_no_english_label(lang: str) -> None:
    deck = default_deck()
    pages = {
        "deck": build_deck(DeckOptions(lang=lang, only=(Category.ROLE,)), deck).pdf_bytes,
        "mat": build_mat(lang).pdf_bytes,
        "poster": build_posters([PosterTable(name="2", join_url="https://pced.example/j/K7MP3X", code="K7MP3X")], lang),
    }
    # The poster prints the joining steps of the other languages in small type; they are not English leaks.
    others = "\n".join(entries(other)[key].forms[0] for other in languages() if other != lang
                       for key in ("print:poster_join", "print:poster_step1"))
    for name, pdf in pages.items():
        text = _text(pdf)
        assert text.strip(), name
        leaks = _english_in(text, lang, others if name == "poster" else "")
        if name == "poster":
            leaks = [leak for leak in leaks if leak.split(": ", 1)[1].strip("'") not in others]
        assert leaks == [], f"{name} in {lang}: {leaks}"
        assert not re.search(r"\d,\d{3}\.\d|\d\.\d{1,2}\s?(?:mm|MWp|kWh)", text), f"{name} in {lang}"
