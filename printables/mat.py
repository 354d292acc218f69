"""The table mat: the board's slots, short guidance and ArUco markers, from cards.mat_layout.

Every position comes from :mod:`cards.mat_layout` (mat millimetres, origin top-left, y down), so
the recogniser that rectifies a photo by the markers maps cards into exactly these slots. On A3
the mat prints at 1:1. On two A4 sheets it prints at :data:`A4_SCALE`, because A4 is exactly half
of A3 and office printers keep a ~5 mm margin; the recogniser works in the mat's own frame
(marker corners), so a uniform scale changes nothing for it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import cv2
import numpy as np
from reportlab.pdfgen.canvas import Canvas

from cards.mat_layout import (
    ARUCO_DICTIONARY,
    MARKERS,
    MAT_HEIGHT_MM,
    MAT_WIDTH_MM,
    SLOTS,
    Marker,
    Rect,
)
from cards.model import Category, Slot
from catalogs import languages
from printables.canvas import PrintCanvas
from printables.fonts import FontNames, register_fonts, text_width
from printables.geometry import MM, check_bleed
from printables.i18n import SLOT_GUIDANCE, SLOT_NAMES, category_name, t
from printables.patterns import draw_shape, mix
from printables.style import DARK, style
from printables.textfit import wrap_lines

A4_SCALE = 0.95
"""Scale of the mat on two A4 sheets: 285 mm of mat height and 209 mm of half width plus the
glue overlap fit inside a 5 mm printer margin on 210 x 297 mm."""
A4_MARGIN_MM = 5.0
SEAM_MM = 210.0
"""The mat's vertical centre line, where the two A4 halves meet [mat mm]."""
CUT_MM = 206.0
"""Sheet 2 is cut here and laid over sheet 1 [mat mm]; sheet 1 prints up to :data:`OVERLAP_END_MM`."""
OVERLAP_END_MM = 216.0
EDGE_CLEAR_MM = 6.0
"""White kept around the markers at the mat's outer edge [mat mm]."""

#: The category whose colour and shape each slot wears.
SLOT_CATEGORY: dict[Slot, Category] = {
    Slot.WHO: Category.WHO,
    Slot.WHAT: Category.WHAT,
    Slot.HOW: Category.HOW,
    Slot.WHY: Category.WHY,
    Slot.GOVERNANCE: Category.GOVERNANCE,
    Slot.FINANCING: Category.WHY,
    Slot.MEASURES: Category.ENERGY,
    Slot.SCENARIO: Category.SCENARIO,
}
LABEL_STRIP_MM = 18.0
"""Height of a slot's label strip; the rest of the slot (92 mm) holds a poker card (88 mm)."""


@dataclass(frozen=True)
class MatSheet:
    """How the mat frame maps onto one page: page_mm = mat_mm * scale + offset (y from top)."""

    page: int
    page_mm: tuple[float, float]
    scale: float
    offset_mm: tuple[float, float]
    mat_x_range: tuple[float, float]

    def to_page_mm(self, x: float, y: float) -> tuple[float, float]:
        """Mat point (x, y) [mm] to page millimetres from the page's top-left corner."""
        return (x * self.scale + self.offset_mm[0], y * self.scale + self.offset_mm[1])

    def shows(self, marker: Marker) -> bool:
        """True when the whole marker is printed on this sheet."""
        return self.mat_x_range[0] <= marker.x and marker.x + marker.size <= self.mat_x_range[1]


@dataclass(frozen=True)
class MatPdf:
    """The built mat and the mapping of each page.

    With ``bleed_mm`` > 0 (the print-shop output) every page is the sheet plus that bleed on each
    side: the sheet's trim starts ``bleed_mm`` in from the page's corner, where the TrimBox says."""

    pdf_bytes: bytes
    sheets: tuple[MatSheet, ...]
    bleed_mm: float = 0.0


def sheets_for(paper: str) -> tuple[MatSheet, ...]:
    """Page mappings for ``paper`` (``a3`` or ``a4x2``); ``ValueError`` names other values."""
    if paper == "a3":
        return (MatSheet(0, (MAT_WIDTH_MM, MAT_HEIGHT_MM), 1.0, (0.0, 0.0), (0.0, MAT_WIDTH_MM)),)
    if paper == "a4x2":
        k = A4_SCALE
        oy = (297.0 - MAT_HEIGHT_MM * k) / 2
        first = (A4_MARGIN_MM - EDGE_CLEAR_MM * k, oy)
        second = (210.0 - A4_MARGIN_MM - (MAT_WIDTH_MM - EDGE_CLEAR_MM) * k, oy)
        return (
            MatSheet(0, (210.0, 297.0), k, first, (0.0, OVERLAP_END_MM)),
            MatSheet(1, (210.0, 297.0), k, second, (CUT_MM, MAT_WIDTH_MM)),
        )
    raise ValueError(f"expected --paper a3 or a4x2, got {paper!r}")


def marker_bits(marker_id: int) -> np.ndarray:
    """The marker's cells (6 x 6 with the black border), True for black, from OpenCV itself."""
    dictionary = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, ARUCO_DICTIONARY))
    image = cv2.aruco.generateImageMarker(dictionary, marker_id, 6, borderBits=1)
    return np.asarray(image) < 128


class MatPen:
    """Draws in mat millimetres (y down) on a page, through one sheet's mapping."""

    def __init__(self, canvas: Canvas, sheet: MatSheet, fonts: FontNames) -> None:
        self.c, self.sheet, self.fonts = canvas, sheet, fonts
        self.k = sheet.scale

    def pt(self, x: float, y: float) -> tuple[float, float]:
        px, py = self.sheet.to_page_mm(x, y)
        return (px * MM, (self.sheet.page_mm[1] - py) * MM)

    def rect(self, r: Rect, fill: tuple[float, float, float] | None = None, stroke: tuple[float, float, float] | None = None, width_mm: float = 0.5, radius_mm: float = 0.0, dash: bool = False) -> None:
        x, y = self.pt(r.x, r.y + r.height)
        w, h = r.width * self.k * MM, r.height * self.k * MM
        self.c.saveState()
        if fill:
            self.c.setFillColorRGB(*fill)
        if stroke:
            self.c.setStrokeColorRGB(*stroke)
            self.c.setLineWidth(width_mm * self.k * MM)
        if dash:
            self.c.setDash(3 * MM, 2 * MM)
        if radius_mm:
            self.c.roundRect(x, y, w, h, radius_mm * self.k * MM, stroke=1 if stroke else 0, fill=1 if fill else 0)
        else:
            self.c.rect(x, y, w, h, stroke=1 if stroke else 0, fill=1 if fill else 0)
        self.c.restoreState()

    def text(self, x: float, y: float, s: str, font: str, pt: float, rgb: tuple[float, float, float] = DARK, centred: bool = False) -> None:
        """Text with its baseline at mat (x, y); ``pt`` is the size on an A3 mat (scaled with it)."""
        size = pt * self.k
        px, py = self.pt(x, y)
        if centred:
            px -= text_width(s, font, size) / 2
        self.c.setFillColorRGB(*rgb)
        self.c.setFont(font, size)
        self.c.drawString(px, py, s)

    def marker(self, marker: Marker) -> None:
        bits = marker_bits(marker.marker_id)
        cell = marker.size / bits.shape[0]
        self.c.saveState()
        self.c.setFillColorRGB(0, 0, 0)
        path = self.c.beginPath()
        for row in range(bits.shape[0]):
            col = 0
            while col < bits.shape[1]:
                if bits[row, col]:
                    start = col
                    while col < bits.shape[1] and bits[row, col]:
                        col += 1
                    x, y = self.pt(marker.x + start * cell, marker.y + (row + 1) * cell)
                    path.rect(x, y, (col - start) * cell * self.k * MM, cell * self.k * MM)
                else:
                    col += 1
        self.c.drawPath(path, stroke=0, fill=1)
        self.c.restoreState()


def _slot(pen: MatPen, slot: Slot, rect: Rect, lang: str) -> None:
    category = SLOT_CATEGORY[slot]
    st = style(category)
    pen.rect(rect, fill=mix((1, 1, 1), st.rgb, 0.12), stroke=st.rgb, width_mm=0.8, radius_mm=3)
    strip = Rect(rect.x, rect.y, rect.width, LABEL_STRIP_MM)
    pen.rect(strip, fill=st.rgb, radius_mm=3)
    cx, cy = pen.pt(rect.x + 5.5, rect.y + 5.5)
    draw_shape(pen.c, st.shape, cx, cy, 3.2 * pen.k * MM, st.ink)
    pen.text(rect.x + 11, rect.y + 7.2, SLOT_NAMES[slot][lang], pen.fonts.bold, 11, st.ink)
    lines = wrap_lines(SLOT_GUIDANCE[slot][lang], pen.fonts.regular, 8.5, (rect.width - 6) * MM)
    if len(lines) > 2:
        raise ValueError(f"expected the {slot.value} guidance in {lang} to fit two lines, got {lines}")
    for index, line in enumerate(lines):
        pen.text(rect.x + 3, rect.y + 11.4 + index * 3.5, line, pen.fonts.regular, 8.5, st.ink)
    card_w, card_h = 63.0, 88.0
    room_top = rect.y + LABEL_STRIP_MM
    card = Rect(rect.x + (rect.width - card_w) / 2, room_top + (rect.height - LABEL_STRIP_MM - card_h) / 2, card_w, card_h)
    pen.rect(card, stroke=mix((1, 1, 1), st.rgb, 0.7), width_mm=0.4, radius_mm=3, dash=True)


def _legend(pen: MatPen, lang: str) -> None:
    y = 48.0
    pen.text(9.0, y, t("mat_legend", lang), pen.fonts.bold, 8)
    for category in Category:
        y += 9.0
        st = style(category)
        cx, cy = pen.pt(12.0, y - 1.2)
        draw_shape(pen.c, st.shape, cx, cy, 2.6 * pen.k * MM, st.rgb)
        pen.text(16.5, y, category_name(category, lang), pen.fonts.regular, 7)
    lines = wrap_lines(t("mat_roles", lang), pen.fonts.italic, 7, 32 * MM)
    for index, line in enumerate(lines):
        pen.text(9.0, y + 12 + index * 3.4, line, pen.fonts.italic, 7)


def _draw_mat(pen: MatPen, lang: str) -> None:
    centre = MAT_WIDTH_MM / 2
    pen.text(centre, 16.0, f"{t('game', lang)} · {t('mat_title', lang)}", pen.fonts.bold, 16, centred=True)
    pen.text(centre, 24.5, t("mat_hint", lang), pen.fonts.italic, 9, centred=True)
    for slot, rect in SLOTS.items():
        _slot(pen, slot, rect, lang)
    _legend(pen, lang)
    for marker in MARKERS:
        pen.marker(marker)


def _target(pen: MatPen, x: float, y: float) -> None:
    cx, cy = pen.pt(x, y)
    r = 2.2 * pen.k * MM
    pen.c.saveState()
    pen.c.setStrokeColorRGB(0, 0, 0)
    pen.c.setLineWidth(0.3)
    pen.c.circle(cx, cy, r, stroke=1, fill=0)
    pen.c.line(cx - 1.8 * r, cy, cx + 1.8 * r, cy)
    pen.c.line(cx, cy - 1.8 * r, cx, cy + 1.8 * r)
    pen.c.restoreState()


def _tile_marks(pen: MatPen, index: int, lang: str) -> None:
    """Glue strip on sheet 1, cut line on sheet 2, and registration targets on both."""
    top, bottom = 2.0, MAT_HEIGHT_MM - 2.0
    if index == 0:
        pen.rect(Rect(CUT_MM, top, OVERLAP_END_MM - CUT_MM, bottom - top), fill=(0.9, 0.9, 0.9))
        note = t("tile_glue", lang)
    else:
        x1, y1 = pen.pt(CUT_MM, top)
        x2, y2 = pen.pt(CUT_MM, bottom)
        pen.c.saveState()
        pen.c.setDash(4, 3)
        pen.c.setLineWidth(0.6)
        pen.c.line(x1, y1, x2, y2)
        pen.c.restoreState()
        note = t("tile_cut", lang)
    for y in (45.0, 148.5, 252.0):
        _target(pen, SEAM_MM, y)
    x0 = CUT_MM + 12 if index else 45.0
    for line_no, line in enumerate(wrap_lines(note, pen.fonts.regular, 7, 180 * MM)):
        pen.text(x0, MAT_HEIGHT_MM - 3.5 + line_no * 3.2 - 3.2, line, pen.fonts.regular, 7)


def build_mat(lang: str = "en", paper: str = "a3", bleed_mm: float = 0.0) -> MatPdf:
    """The table mat as PDF: one A3 landscape page, or two A4 portrait sheets to tape together.

    :param bleed_mm: white margin added around each sheet for a print shop's trim [mm, 0–6];
        the TrimBox is the sheet, the BleedBox (and page) the sheet plus the bleed.
    :raises ValueError: for an unknown language or paper, or a bleed outside 0–6 mm.
    """
    if lang not in languages():
        raise ValueError(f"expected --lang in {languages()}, got {lang!r}")
    check_bleed(bleed_mm)
    sheets = sheets_for(paper)
    fonts = register_fonts()
    buffer = io.BytesIO()
    first = sheets[0].page_mm
    b = bleed_mm * MM
    canvas = PrintCanvas(buffer, pagesize=(first[0] * MM + 2 * b, first[1] * MM + 2 * b), initialFontName=fonts.regular, invariant=True)
    canvas.setTitle(f"{t('game', lang)} · {t('mat_title', lang)}")
    canvas.setViewerPreference("PrintScaling", "None")
    for index, sheet in enumerate(sheets):
        if index:
            canvas.showPage()
        w, h = sheet.page_mm[0] * MM, sheet.page_mm[1] * MM
        canvas.setPageSize((w + 2 * b, h + 2 * b))
        canvas.setTrimBox((b, b, b + w, b + h))
        canvas.setBleedBox((0, 0, w + 2 * b, h + 2 * b))
        # The pen draws in the sheet's own frame; the bleed only moves that frame in.
        canvas.saveState()
        canvas.translate(b, b)
        pen = MatPen(canvas, sheet, fonts)
        canvas.saveState()
        lo, hi = sheet.mat_x_range
        x1, _ = pen.pt(lo, 0)
        x2, _ = pen.pt(hi, 0)
        clip = canvas.beginPath()
        clip.rect(x1, 0, x2 - x1, h)
        canvas.clipPath(clip, stroke=0, fill=0)
        _draw_mat(pen, lang)
        canvas.restoreState()
        if len(sheets) > 1:
            _tile_marks(pen, index, lang)
        canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return MatPdf(buffer.getvalue(), sheets, bleed_mm)
