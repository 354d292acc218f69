"""The assembled model drawn on a picture of the table mat, from the mat's own geometry.

Slots come from :mod:`cards.mat_layout` (the same rectangles the printer draws and the
recogniser reads), scaled from A3 millimetres to the report's frame width. Each card on the
board appears in its slot as a small card in its category's colour with its code and title.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import Flowable

from cards.mat_layout import MARKERS, MAT_HEIGHT_MM, MAT_WIDTH_MM, SLOTS
from cards.model import Category, Slot
from printables.fonts import register_fonts
from printables.report.i18n import t
from printables.report.model import BoardSlot, CardRef
from printables.report.sankey import fit_text
from printables.style import STYLES

LABEL_H = 12.0
TWO_LINE_ROW = 17.0
ONE_LINE_ROW = 9.5


def _category_colour(category: str) -> tuple[float, float, float]:
    try:
        return STYLES[Category(category)].rgb
    except ValueError:
        return (0.6, 0.6, 0.6)


class MatDrawing(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """The mat at ``width`` [pt] wide (aspect of the A3 mat) with the board's cards in place."""

    def __init__(self, board: Sequence[BoardSlot], lang: str, width: float) -> None:
        super().__init__()
        self.cards = {Slot(b.slot): b.cards for b in board}
        self.lang = lang
        self.width = width
        self.scale = width / MAT_WIDTH_MM
        self.height = MAT_HEIGHT_MM * self.scale

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return (self.width, self.height)

    def _y(self, y_mm: float, h_mm: float = 0.0) -> float:
        """PDF y of the bottom of a box whose top is at ``y_mm`` in the mat's y-down frame."""
        return self.height - (y_mm + h_mm) * self.scale

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(colors.Color(0.97, 0.97, 0.95))
        c.setStrokeColor(colors.Color(0.6, 0.6, 0.6))
        c.setLineWidth(0.6)
        c.roundRect(0, 0, self.width, self.height, 6, stroke=1, fill=1)
        c.setFillColor(colors.Color(0.2, 0.2, 0.2))
        for m in MARKERS:
            s = m.size * self.scale
            c.rect(m.x * self.scale, self._y(m.y, m.size), s, s, stroke=0, fill=1)
        for slot, rect in SLOTS.items():
            x, y = rect.x * self.scale, self._y(rect.y, rect.height)
            w, h = rect.width * self.scale, rect.height * self.scale
            self._draw_slot(slot, x, y, w, h)

    def _draw_slot(self, slot: Slot, x: float, y: float, w: float, h: float) -> None:
        c = self.canv
        fonts = register_fonts()
        c.setFillColor(colors.white)
        c.setStrokeColor(colors.Color(0.7, 0.7, 0.7))
        c.setLineWidth(0.5)
        c.roundRect(x, y, w, h, 3, stroke=1, fill=1)
        c.setFillColor(colors.Color(0.13, 0.13, 0.13))
        c.setFont(fonts.bold, 8)
        c.drawString(x + 4, y + h - LABEL_H + 3, t(f"slot.{slot.value}", self.lang))
        cards = self.cards.get(slot, ())
        if not cards:
            c.setFont(fonts.italic, 7)
            c.setFillColor(colors.Color(0.5, 0.5, 0.5))
            c.drawString(x + 4, y + h - LABEL_H - 10, t("model.empty_slot", self.lang))
            return
        room = h - LABEL_H - 4
        two_line = len(cards) * TWO_LINE_ROW <= room
        row = TWO_LINE_ROW if two_line else ONE_LINE_ROW
        fits = int(room // row)
        shown = cards if len(cards) <= fits else cards[: max(fits - 1, 0)]
        top = y + h - LABEL_H - 2
        for k, card in enumerate(shown):
            self._draw_card(card, x + 3, top - (k + 1) * row, w - 6, row - 1.5, two_line)
        if len(shown) < len(cards):
            c.setFont(fonts.italic, 6.5)
            c.setFillColor(colors.Color(0.3, 0.3, 0.3))
            c.drawString(x + 5, top - (len(shown) + 1) * row + 2,
                         t("model.more", self.lang, n=len(cards) - len(shown)))

    def _draw_card(self, card: CardRef, x: float, y: float, w: float, h: float, two_line: bool) -> None:
        c = self.canv
        fonts = register_fonts()
        r, g, b = _category_colour(card.category)
        c.setFillColor(colors.Color(r, g, b, alpha=0.18))
        c.setStrokeColor(colors.Color(r, g, b))
        c.setLineWidth(0.5)
        c.roundRect(x, y, w, h, 1.5, stroke=1, fill=1)
        c.setFillColor(colors.Color(r, g, b))
        c.rect(x, y, 3, h, stroke=0, fill=1)
        c.setFillColor(colors.Color(0.13, 0.13, 0.13))
        title = card.title.get(self.lang)
        if two_line:
            c.setFont(fonts.bold, 6.5)
            c.drawString(x + 5, y + h - 7, card.code)
            c.setFont(fonts.regular, 6)
            c.drawString(x + 5, y + 2.5, fit_text(title, fonts.regular, 6, w - 7))
        else:
            c.setFont(fonts.bold, 6)
            c.drawString(x + 5, y + 2, card.code)
            c.setFont(fonts.regular, 5.5)
            c.drawString(x + 24, y + 2, fit_text(title, fonts.regular, 5.5, w - 26))
