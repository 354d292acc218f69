"""End to end: build the real deck, render every page, decode every QR code independently."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from print_helpers import built_deck, decode, render

from cards.codes import parse_payload
from cards.deck import Deck
from catalogs import languages
from printables.deck_pdf import DeckOptions, Placement, build_deck

COMBOS = [
    (lang, paper, pnp)
    for lang in languages()
    for paper in ("a4", "letter")
    for pnp in (False, True)
]


def _containing(placements: list[Placement], x: float, y: float) -> Placement | None:
    for p in placements:
        if p.x <= x <= p.x + p.w and p.y <= y <= p.y + p.h:
            return p
    return None


@pytest.mark.parametrize(("lang", "paper", "pnp"), COMBOS)
def test_every_card_decodes_once_where_the_layout_says(deck: Deck, tmp_path: Path, lang: str, paper: str, pnp: bool) -> None:
    result = built_deck(lang, paper, pnp)
    pages = render(result.pdf_bytes, tmp_path)
    assert len(pages) == result.page_count
    seen: Counter[tuple[str, int]] = Counter()
    for index, png in enumerate(pages):
        found = decode(png, result.page_size[1])
        fronts = [p for p in result.fronts() if p.page == index]
        if result.sheet_kinds[index] != "front":
            assert found == [], f"page {index + 1} ({result.sheet_kinds[index]}) should carry no QR code"
            continue
        assert len(found) == len(fronts), f"page {index + 1}: decoded {len(found)} of {len(fronts)} codes"
        for code in found:
            placement = _containing(fronts, code.x, code.y)
            assert placement is not None, f"page {index + 1}: code {code.text} at ({code.x:.0f}, {code.y:.0f}) lies on no card"
            assert parse_payload(deck, code.text).card.id == placement.card_id
            # The QR sits in the card's lower right quarter, inside the safe area.
            assert code.x > placement.x + placement.w / 2 and code.y < placement.y + placement.h / 2
            seen[(placement.card_id, placement.copy)] += 1
    assert set(seen) == {(card.id, 0) for card in deck}
    assert set(seen.values()) == {1}


def test_copies_and_only_print_each_chosen_card_once_per_copy(deck: Deck, tmp_path: Path) -> None:
    from cards.model import Category

    result = build_deck(DeckOptions(lang="de", only=(Category.WHO, Category.SCENARIO), copies=2, base_url="http://192.168.1.10:8000"), deck)
    chosen = {c.id for c in deck if c.category in (Category.WHO, Category.SCENARIO)}
    seen: Counter[tuple[str, int]] = Counter()
    for index, png in enumerate(render(result.pdf_bytes, tmp_path)):
        fronts = [p for p in result.fronts() if p.page == index]
        for code in decode(png, result.page_size[1]):
            placement = _containing(fronts, code.x, code.y)
            assert placement is not None
            assert code.text.startswith("HTTP://192.168.1.10:8000/C/PCED.")
            assert parse_payload(deck, code.text).card.id == placement.card_id
            seen[(placement.card_id, placement.copy)] += 1
    assert set(seen) == {(cid, copy) for cid in chosen for copy in (0, 1)}
    assert set(seen.values()) == {1}


@pytest.mark.parametrize("card", ["bridge", "tarot", "mini"])
def test_other_card_sizes_decode(deck: Deck, tmp_path: Path, card: str) -> None:
    from cards.model import Category

    result = build_deck(DeckOptions(lang="fr", card=card, only=(Category.GOVERNANCE,), backs="none"), deck)
    found = []
    for index, png in enumerate(render(result.pdf_bytes, tmp_path)):
        fronts = [p for p in result.fronts() if p.page == index]
        for code in decode(png, result.page_size[1]):
            placement = _containing(fronts, code.x, code.y)
            assert placement is not None and parse_payload(deck, code.text).card.id == placement.card_id
            found.append(placement.card_id)
    assert sorted(found) == sorted(c.id for c in deck.of(Category.GOVERNANCE))


def test_print_and_play_fits_nine_poker_cards_on_a4_and_letter() -> None:
    for paper in ("a4", "letter"):
        assert built_deck("en", paper, True).cards_per_sheet == 9
