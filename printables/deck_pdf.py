"""``build_deck``: the whole printable deck as one PDF plus where every card landed.

Page order (duplex): cover, cover back, alignment test front and back, then per sheet its fronts
and its backs, so any duplex printer flipping on the long edge puts each back behind its front.
Without backs: cover, then the front sheets. The returned placements are the layout contract
that tests and the recogniser benchmark read (PDF points, origin bottom-left, 0-based pages).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas

from cards.codes import card_payload
from cards.deck import Deck, default_deck
from cards.model import Card, Category
from printables.canvas import PrintCanvas
from printables.card_face import FrontContent, draw_back, draw_front, prepare_front
from printables.cover import CoverFacts, draw_alignment_page, draw_blank_page, draw_cover
from printables.deck_options import (
    DeckOptions as DeckOptions,  # re-exported: callers import it from here
)
from printables.fonts import FontNames, register_fonts, text_width
from printables.geometry import CARD_SIZES, MM, PAPERS, Box
from printables.i18n import t
from printables.imposition import Grid, draw_crop_marks, draw_cut_lines, make_grid, mirror_x


@dataclass(frozen=True)
class Placement:
    """One card side on one page: trim rectangle in PDF points (origin bottom-left)."""

    page: int
    card_id: str
    copy: int
    x: float
    y: float
    w: float
    h: float
    side: str

    @property
    def box(self) -> Box:
        return Box(self.x, self.y, self.w, self.h)


@dataclass(frozen=True)
class DeckPdf:
    """The built PDF, where each card side landed, and the facts printed on the cover."""

    pdf_bytes: bytes
    placements: tuple[Placement, ...]
    page_count: int
    page_size: tuple[float, float]
    safe_inset: float
    cards_per_sheet: int
    sheet_kinds: tuple[str, ...] = field(default=())
    """What each page is: cover, cover-back, align-front, align-back, front, back."""

    def fronts(self) -> list[Placement]:
        return [p for p in self.placements if p.side == "front"]

    def backs(self) -> list[Placement]:
        return [p for p in self.placements if p.side == "back"]


def select_cards(deck: Deck, only: Sequence[Category], copies: int) -> list[tuple[Card, int]]:
    """The cards to print in order: the deck (or its ``only`` categories) ``copies`` times."""
    cards = [card for card in deck if not only or card.category in only]
    if not cards:
        raise ValueError(f"expected at least one card in categories {[c.value for c in only]}, got none")
    return [(card, copy) for copy in range(copies) for card in cards]


def _sheet_label(canvas: Canvas, grid: Grid, text: str, fonts: FontNames) -> None:
    """A tiny label in the sheet's lower-left corner, clear of cards and crop marks."""
    outer = grid.bleed_box
    room = outer.x - 2 * MM
    pt = 5.5
    while text_width(text, fonts.regular, pt) > room and pt > 3.5:
        pt -= 0.25
    if text_width(text, fonts.regular, pt) > room or outer.y < pt + 2 * MM:
        return
    canvas.setFont(fonts.regular, pt)
    canvas.setFillColorRGB(0.3, 0.3, 0.3)
    canvas.drawString(1.2 * MM, max(1.2 * MM, outer.y - 1.2 * MM - pt), text)


def _set_boxes(canvas: Canvas, trim: Box, bleed: Box, page: tuple[float, float]) -> None:
    canvas.setTrimBox((trim.x, trim.y, trim.x2, trim.y2))
    x1, y1 = max(0.0, bleed.x), max(0.0, bleed.y)
    canvas.setBleedBox((x1, y1, min(page[0], bleed.x2), min(page[1], bleed.y2)))


def _new_canvas(buffer: io.BytesIO, page: tuple[float, float], fonts: FontNames, title: str) -> Canvas:
    canvas = PrintCanvas(buffer, pagesize=page, initialFontName=fonts.regular, invariant=True, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("PCED Business Model Assembler")
    canvas.setCreator("assembler deck")
    canvas.setViewerPreference("PrintScaling", "None")
    canvas.setViewerPreference("Duplex", "DuplexFlipLongEdge")
    return canvas


def build_deck(options: DeckOptions, deck: Deck | None = None) -> DeckPdf:
    """Build the printable deck described by ``options`` from ``deck`` (default: the shipped one).

    Raises ``ValueError`` for a bad option and :class:`printables.textfit.TextFitError` naming
    the card whose text cannot fit.
    """
    options.validate()
    deck = deck if deck is not None else default_deck()
    fonts = register_fonts()
    size = CARD_SIZES[options.card]
    paper = PAPERS[options.paper]
    grid = make_grid(paper, size, options.effective_bleed_mm)
    chosen = select_cards(deck, options.only, options.copies)
    contents = {
        card.id: prepare_front(card, options.lang, size, fonts, card_payload(deck, card, options.base_url))
        for card, copy in chosen
        if copy == 0
    }
    sheets = [chosen[i : i + grid.per_page] for i in range(0, len(chosen), grid.per_page)]
    duplex = options.backs == "duplex"
    page = paper.size_pt
    buffer = io.BytesIO()
    canvas = _new_canvas(buffer, page, fonts, f"{t('game', options.lang)} · {deck.deck_id}.{deck.version} · {options.lang}")
    kinds: list[str] = []
    full = Box(0, 0, page[0], page[1])
    facts = CoverFacts.of(deck, options, chosen, len(sheets), grid)
    _set_boxes(canvas, full, full, page)
    draw_cover(canvas, facts, fonts)
    kinds.append("cover")
    if duplex:
        for kind in ("cover-back", "align-front", "align-back"):
            canvas.showPage()
            _set_boxes(canvas, full, full, page)
            if kind == "cover-back":
                draw_blank_page(canvas, options.lang, fonts)
            else:
                draw_alignment_page(canvas, grid, options, kind == "align-back", fonts)
            kinds.append(kind)
    placements: list[Placement] = []
    for number, sheet in enumerate(sheets, start=1):
        canvas.showPage()
        placements += _front_sheet(canvas, grid, sheet, contents, len(kinds), options, fonts)
        _sheet_label(canvas, grid, f"{deck.deck_id}.{deck.version} {options.lang.upper()} {number}/{len(sheets)} {t('front', options.lang)}", fonts)
        kinds.append("front")
        if duplex:
            canvas.showPage()
            placements += _back_sheet(canvas, grid, sheet, len(kinds), options, fonts)
            kinds.append("back")
    canvas.showPage()
    canvas.save()
    return DeckPdf(
        pdf_bytes=buffer.getvalue(),
        placements=tuple(placements),
        page_count=len(kinds),
        page_size=page,
        safe_inset=size.safe * MM,
        cards_per_sheet=grid.per_page,
        sheet_kinds=tuple(kinds),
    )


def _front_sheet(
    canvas: Canvas,
    grid: Grid,
    sheet: Sequence[tuple[Card, int]],
    contents: dict[str, FrontContent],
    page_index: int,
    options: DeckOptions,
    fonts: FontNames,
) -> list[Placement]:
    _set_boxes(canvas, grid.trim, grid.bleed_box, grid.paper.size_pt)
    placements = []
    for index, (card, copy) in enumerate(sheet):
        box = grid.cell(index)
        draw_front(canvas, contents[card.id], box.x, box.y, grid.size, grid.bleed, fonts)
        placements.append(Placement(page_index, card.id, copy, box.x, box.y, box.w, box.h, "front"))
    if options.print_and_play:
        draw_cut_lines(canvas, grid)
    draw_crop_marks(canvas, grid)
    return placements


def _back_sheet(
    canvas: Canvas,
    grid: Grid,
    sheet: Sequence[tuple[Card, int]],
    page_index: int,
    options: DeckOptions,
    fonts: FontNames,
) -> list[Placement]:
    dx, dy = options.back_offset[0] * MM, options.back_offset[1] * MM
    trim, bleed = grid.trim, grid.bleed_box
    mirrored = mirror_x(grid, trim, options.back_offset)
    _set_boxes(canvas, mirrored, Box(mirrored.x - grid.bleed, mirrored.y - grid.bleed, bleed.w, bleed.h), grid.paper.size_pt)
    placements = []
    for index, (card, copy) in enumerate(sheet):
        box = mirror_x(grid, grid.cell(index), options.back_offset)
        draw_back(canvas, card.category, options.lang, box.x, box.y, grid.size, grid.bleed, fonts)
        placements.append(Placement(page_index, card.id, copy, box.x, box.y, box.w, box.h, "back"))
    draw_crop_marks(canvas, grid, (dx + (grid.paper.width * MM - trim.x2 - trim.x), dy))
    return placements
