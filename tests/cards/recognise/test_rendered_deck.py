"""Pages of the printed deck (printables PDF rendered with pdftoppm) decode card by card."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from cards.deck import Deck
from cards.recognise import recognise_image
from cards.recognise.card_geometry import CARD_MM, QR_BOX_INSET_MM, QR_BOX_MM

printables = pytest.importorskip("printables.deck_pdf", reason="printables builds the deck PDF")


@pytest.fixture(scope="module")
def rendered(deck: Deck, tmp_path_factory: pytest.TempPathFactory) -> tuple[object, list[Path]]:
    pdf = printables.build_deck(printables.DeckOptions(backs="none"), deck)
    folder = tmp_path_factory.mktemp("deck")
    (folder / "deck.pdf").write_bytes(pdf.pdf_bytes)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(folder / "deck.pdf"), str(folder / "page")], check=True, timeout=120)
    return pdf, sorted(folder.glob("page-*.png"))


def test_every_front_on_every_page_is_read(deck: Deck, rendered: tuple[object, list[Path]]) -> None:
    pdf, pages = rendered
    fronts = pdf.fronts()  # type: ignore[attr-defined]
    assert fronts, "the deck PDF should place card fronts"
    found: list[str] = []
    for index, page in enumerate(pages):
        result = recognise_image(page.read_bytes(), deck)
        expected = sorted(p.card_id for p in fronts if p.page == index)
        assert sorted(c.id for c in result.cards) == expected, page.name
        found += [c.id for c in result.cards]
    assert sorted(found) == sorted(c.id for c in deck)


def test_code_position_matches_the_printed_card_face(deck: Deck, rendered: tuple[object, list[Path]]) -> None:
    """The QR centre the recogniser assumes (card_geometry) is where the PDF prints it."""
    from printables.geometry import CARD_SIZES

    poker = CARD_SIZES["poker"]
    assert (poker.width, poker.height) == CARD_MM
    assert poker.qr_box == QR_BOX_MM and poker.safe == QR_BOX_INSET_MM
    pdf, pages = rendered
    front = pdf.fronts()[0]  # type: ignore[attr-defined]
    result = recognise_image(pages[front.page].read_bytes(), deck)
    card = next(c for c in result.cards if c.id == front.card_id)
    scale = 150 / 72
    page_height = 841.89 * scale
    cx = sum(x for x, _ in card.corners) / 4 / scale
    cy = (page_height - sum(y for _, y in card.corners) / 4) / scale  # PDF points, origin bottom-left
    mm = 72 / 25.4
    want_x = front.x + front.w - (QR_BOX_INSET_MM + QR_BOX_MM / 2) * mm
    want_y = front.y + (QR_BOX_INSET_MM + QR_BOX_MM / 2) * mm
    assert abs(cx - want_x) < 1.5 * mm and abs(cy - want_y) < 1.5 * mm
