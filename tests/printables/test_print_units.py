"""Units of the printables: icons, QR policy, text fitting, options and imposition."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfgen.canvas import Canvas

from cards.deck import Deck
from cards.model import Card, Icon
from printables import qr
from printables.card_face import prepare_front, text_box
from printables.deck_pdf import DeckOptions, build_deck
from printables.fonts import missing_glyphs, register_fonts, text_width
from printables.geometry import CARD_SIZES, MM, PAPERS, Box, CardSize, parse_offset
from printables.icons import DRAWERS, draw_icon
from printables.imposition import make_grid, mirror_x
from printables.textfit import Block, TextFitError, fit_blocks, wrap


def test_every_icon_has_a_drawing_that_draws() -> None:
    assert set(DRAWERS) == set(Icon)
    canvas = Canvas(io.BytesIO())
    for icon in Icon:
        draw_icon(canvas, icon, 10, 10, 30, (0, 0, 0))


def test_qr_runs_merge_each_row() -> None:
    rows = [[True, True, False, True], [False, False, False, False], [True, True, True, True]]
    assert qr.dark_runs(rows) == [(0, 0, 2), (0, 3, 1), (2, 0, 4)]


def test_qr_prefers_the_largest_modules_at_strong_correction_and_refuses_tiny_modules() -> None:
    """The compact payload (16 alphanumeric characters) fits version 1 (21 modules) at Q, not at
    H (10 characters); ISO/IEC 18004:2015 Table 7. In the poker card's 27 mm box with 4 quiet
    modules a side that is 27 / 29 = 0.931 mm per module; version 2 at H would print 27 / 33."""
    compact = qr.choose("PCED.1/GOV-03.K7", 27.0, "card GOV-03")
    assert (compact.level, compact.size) == ("Q", 21)
    assert qr.module_mm(compact, 27.0) == pytest.approx(27 / 29)
    # A base-URL payload of 43 characters: version 3 at Q (29 modules) rather than 2 at L.
    based = qr.choose("HTTP://192.168.1.10:8000/C/PCED.1/GOV-03.K7", 27.0, "card GOV-03")
    assert (based.level, based.size) == ("Q", 29)
    with pytest.raises(ValueError, match=r"card ROLE-01.*shorter --base-url"):
        qr.choose("HTTPS://A-VERY-LONG-HOST-NAME.EXAMPLE.ORG/WORKSHOP/C/PCED.1/ROLE-01.AB", 19.0, "card ROLE-01")


def test_wrap_keeps_words_whole_unless_told_to_split() -> None:
    fonts = register_fonts()
    word = "Energiegenossenschaftsversammlungsbeschluss"
    assert wrap(word, fonts.regular, 10, 60, split_words=False) is None
    lines = wrap(word, fonts.regular, 10, 60, split_words=True)
    assert lines and all(text_width(line, fonts.regular, 10) <= 60 for line in lines)
    assert all(line.endswith("-") for line in lines[:-1])


def test_fitting_shrinks_then_fails_naming_the_card() -> None:
    fonts = register_fonts()
    block = Block("word " * 60, fonts.regular, 10)
    fitted = fit_blocks([block], 200, 80, 0.5, "card X")
    assert fitted[0].size < 10
    with pytest.raises(TextFitError, match="card WHO-01 \\(de\\)"):
        fit_blocks([block], 100, 20, 0.8, "card WHO-01 (de)")


def test_a_card_too_long_for_a_small_format_is_a_build_error(deck: Deck) -> None:
    tiny = CardSize("tiny", 40.0, 56.0, 3.0, 9.0, 6.0, 17.0, 10.0, 8.0, 7.5, 9.0, 0.95)
    card = max(deck, key=lambda c: len(c.text.get("de").body))
    fonts = register_fonts()
    with pytest.raises(TextFitError, match=f"card {card.id} \\(de, tiny\\)"):
        prepare_front(card, "de", tiny, fonts, "PCED.1/X")


def test_a_glyph_no_shipped_font_has_is_a_build_error(deck: Deck) -> None:
    card = deck.cards[0]
    data = card.model_dump()
    data["text"]["en"]["hook"] = "A hook with a rare glyph: \U00013000 here"  # Egyptian hieroglyph: no shipped font
    broken = Card.model_validate(data)
    fonts = register_fonts()
    assert missing_glyphs("≤ é ß", fonts.regular) == set()
    with pytest.raises(ValueError, match=f"card {card.id} \\(en, poker\\).*font covers"):
        prepare_front(broken, "en", CARD_SIZES["poker"], fonts, "PCED.1/X")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (DeckOptions(lang="it"), "--lang"),
        (DeckOptions(paper="a5"), "--paper"),
        (DeckOptions(card="jumbo"), "--card"),
        (DeckOptions(bleed_mm=9), "--bleed"),
        (DeckOptions(copies=0), "--copies"),
        (DeckOptions(backs="short"), "--backs"),
    ],
)
def test_bad_options_name_what_was_expected(deck: Deck, options: DeckOptions, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_deck(options, deck)


def test_back_offset_parses_and_refuses_nonsense() -> None:
    assert parse_offset("0.5,-1") == (0.5, -1.0)
    for bad in ("3", "a,b", "20,0"):
        with pytest.raises(ValueError, match=r"back offset|back-offset"):
            parse_offset(bad)


@pytest.mark.parametrize("size", list(CARD_SIZES))
def test_text_box_and_qr_sit_inside_the_safe_area(size: str) -> None:
    spec = CARD_SIZES[size]
    w, h = spec.size_pt
    safe = spec.safe * MM
    box = text_box(spec)
    assert Box(0, 0, w, h).inset(safe).contains(box)
    assert box.y >= safe + spec.qr_box * MM


def test_mirroring_twice_is_identity_and_grids_fit_their_paper() -> None:
    for paper in PAPERS.values():
        for size in CARD_SIZES.values():
            for bleed in (0.0, 3.0):
                grid = make_grid(paper, size, bleed)
                page_w, page_h = paper.size_pt
                assert grid.bleed_box.x >= 5 * MM - 1e-6 and grid.bleed_box.x2 <= page_w - 5 * MM + 1e-6
                assert grid.bleed_box.y >= 5 * MM - 1e-6 and grid.bleed_box.y2 <= page_h - 5 * MM + 1e-6
                cell = grid.cell(grid.per_page - 1)
                twice = mirror_x(grid, mirror_x(grid, cell))
                assert twice.x == pytest.approx(cell.x) and twice.y == cell.y
