"""Join posters: one page per workshop table with its name, the join QR code and join code.

Callable from the server (``build_posters``) and from ``assembler poster``. The QR code encodes
the join URL exactly as given (byte mode when it has lower case; a join URL may be
case-sensitive), at error correction Q and at least 60 mm wide, which a phone reads from
a couple of metres across a workshop room.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from catalogs import languages
from printables import qr
from printables.canvas import PrintCanvas
from printables.fonts import FontNames, draw_centred, register_fonts, text_width
from printables.geometry import MM, PAPERS, check_bleed
from printables.i18n import TEXTS, t
from printables.style import DARK
from printables.textfit import wrap_lines

POSTER_QR_MM = 110.0
"""Printed width of the join QR code with its quiet zone on A4 [mm]."""


@dataclass(frozen=True)
class PosterTable:
    """One table's sign: its name, the URL that joins it and the code people type."""

    name: str
    join_url: str
    code: str | None = None

    def validate(self) -> None:
        if not self.name.strip():
            raise ValueError("expected a table name, got an empty one")
        if not self.join_url.lower().startswith(("http://", "https://")):
            raise ValueError(f"expected a join URL starting with http:// or https://, got {self.join_url!r}")


def _fit_size(text: str, font: str, start: float, room: float, floor: float) -> float:
    size = start
    while text_width(text, font, size) > room and size > floor:
        size -= 1
    if text_width(text, font, size) > room:
        raise ValueError(f"expected {text!r} to fit {room / MM:.0f} mm at {floor} pt, it does not; shorten it")
    return size


def _poster(canvas: Canvas, page: tuple[float, float], table: PosterTable, lang: str, fonts: FontNames) -> None:
    page_w, page_h = page
    room = page_w - 30 * MM
    cx = page_w / 2
    canvas.setFillColorRGB(*DARK)
    y = page_h - 22 * MM
    canvas.setFont(fonts.regular, 16)
    canvas.drawCentredString(cx, y, f"{t('game', lang)} · {t('poster_table', lang)}")
    size = _fit_size(table.name, fonts.bold, 54, room, 20)
    y -= 8 * MM + size * 0.8
    draw_centred(canvas, cx, y, table.name, fonts.bold, size)
    y -= 12 * MM
    canvas.setFont(fonts.bold, 20)
    canvas.drawCentredString(cx, y, t("poster_join", lang))
    symbol = qr.matrix(table.join_url, "Q")
    box = POSTER_QR_MM * MM * min(1.0, (page_h / MM - 150) / POSTER_QR_MM)
    y -= 4 * MM + box
    qr.draw(canvas, symbol, cx - box / 2, y, box)
    if table.code:
        y -= 8 * MM
        canvas.setFont(fonts.regular, 12)
        canvas.drawCentredString(cx, y, t("poster_code", lang))
        spaced = " ".join(table.code.upper())
        code_pt = _fit_size(spaced, fonts.bold, 60, room, 24)
        y -= code_pt * 0.85
        canvas.setFont(fonts.bold, code_pt)
        canvas.drawCentredString(cx, y, spaced)
    y -= 9 * MM
    url_pt = _fit_size(table.join_url, fonts.regular, 12, room, 6)
    draw_centred(canvas, cx, y, table.join_url, fonts.regular, url_pt)
    y -= 9 * MM
    for key in ("poster_step1", "poster_step2", "poster_step3"):
        canvas.setFont(fonts.regular, 12)
        for line in wrap_lines(t(key, lang), fonts.regular, 12, room):
            canvas.drawCentredString(cx, y, line)
            y -= 15
    others = [other for other in languages() if other != lang]
    y = max(y - 3 * MM, 14 * MM + 9 * len(others))
    canvas.setFillColorRGB(0.35, 0.35, 0.35)
    for other in others:
        line = f"{TEXTS['poster_join'][other]}: {TEXTS['poster_step1'][other][3:]}"
        canvas.setFont(fonts.italic, 9)
        canvas.drawCentredString(cx, y, line)
        y -= 12


def build_posters(tables: Sequence[PosterTable], lang: str = "en", paper: str = "a4", bleed_mm: float = 0.0) -> bytes:
    """One poster page per table, in ``lang`` (the other languages in small type below).

    :param bleed_mm: white margin added around each sheet for a print shop's trim [mm, 0–6];
        the TrimBox is the sheet, the BleedBox (and page) the sheet plus the bleed.
    :raises ValueError: for an unknown language or paper, no tables, a table without a name or
        an http(s) join URL, or a bleed outside 0–6 mm.
    """
    if lang not in languages():
        raise ValueError(f"expected a language in {languages()}, got {lang!r}")
    if paper not in PAPERS:
        raise ValueError(f"expected a paper in {tuple(PAPERS)}, got {paper!r}")
    if not tables:
        raise ValueError("expected at least one table, got none")
    for table in tables:
        table.validate()
    check_bleed(bleed_mm)
    fonts = register_fonts()
    page = PAPERS[paper].size_pt
    b = bleed_mm * MM
    buffer = io.BytesIO()
    canvas = PrintCanvas(buffer, pagesize=(page[0] + 2 * b, page[1] + 2 * b), initialFontName=fonts.regular, invariant=True)
    canvas.setTitle(f"{t('game', lang)} · {t('poster_join', lang)}")
    canvas.setViewerPreference("PrintScaling", "None")
    for index, table in enumerate(tables):
        if index:
            canvas.showPage()
        canvas.setTrimBox((b, b, b + page[0], b + page[1]))
        canvas.setBleedBox((0, 0, page[0] + 2 * b, page[1] + 2 * b))
        canvas.saveState()
        canvas.translate(b, b)
        _poster(canvas, page, table, lang, fonts)
        canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
