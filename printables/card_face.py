"""One card, front and back, drawn at a given place on a canvas.

Front, top to bottom: the category band (colour, texture, shape, icon, category name), title,
hook, body, then the human code, id and SP tag above the card marker (an AprilTag in the lower-left
corner, :mod:`cards.markers`), beside the QR code in the lower-right corner. Everything readable stays
inside the safe area (``CardSize.safe`` inside the trim); only the band's colour runs into the
bleed. Coordinates are PDF points with the origin at the card's lower-left trim corner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from cards.markers import marker_cells, marker_id
from cards.model import Card, Category
from printables import qr
from printables.canvas import PrintCanvas
from printables.fonts import FontNames, draw_centred, draw_string, missing_glyphs, text_width
from printables.geometry import MARKER_QUIET_CELLS, MM, Box, CardSize
from printables.i18n import CATEGORY_QUESTIONS, category_name, t
from printables.icons import draw_icon
from printables.patterns import draw_shape, draw_texture
from printables.style import DARK, WHITE, style
from printables.textfit import Block, FittedBlock, fit_blocks

BASELINE_DROP = 0.92
"""Baseline below the top of a line box, as a multiple of the size (Noto ascent is 1.069 em,
pdfminer puts a glyph's box 0.707 em above the baseline, so 0.92 keeps both inside)."""


@dataclass(frozen=True)
class FrontContent:
    """What a front shows, fitted and ready to draw (computed once per card and language)."""

    card: Card
    lang: str
    blocks: tuple[FittedBlock, ...]
    qr: qr.QrMatrix


def text_box(size: CardSize) -> Box:
    """The box for title, hook and body, relative to the trim's lower-left corner [pt]."""
    top = (size.height - size.band - 1.8) * MM
    bottom = (size.safe + size.qr_box + 1.5) * MM
    return Box(size.safe * MM, bottom, (size.width - 2 * size.safe) * MM, top - bottom)


def prepare_front(card: Card, lang: str, size: CardSize, fonts: FontNames, payload: str) -> FrontContent:
    """Fit the card's words and choose its QR code; raise naming the card when either fails."""
    text = card.text.get(lang)
    what = f"card {card.id} ({lang}, {size.name})"
    missing = set().union(*(missing_glyphs(s, fonts.regular) for s in (text.title, text.hook, text.body)))
    if missing:
        raise ValueError(f"{what}: expected characters the shipped font covers, got {sorted(missing)}")
    blocks = [
        Block(text.title, fonts.bold, size.title_pt, gap_after=size.title_pt * 0.35, max_lines=2),
        Block(text.hook, fonts.italic, size.hook_pt, gap_after=size.hook_pt * 0.55, max_lines=3),
    ]
    if size.show_body:
        blocks.append(Block(text.body, fonts.regular, size.body_pt))
    box = text_box(size)
    reserve = 0.1 * size.title_pt
    fitted = fit_blocks(blocks, box.w, box.h - reserve, size.floor_ratio, what)
    return FrontContent(card, lang, tuple(fitted), qr.choose(payload, size.qr_box, what))


def _reuse(canvas: Canvas, name: str, x: float, y: float, bbox: Box, draw: Callable[[], None]) -> None:
    """Draw what ``draw`` paints (at the origin) once as a PDF form, then place it at (x, y).

    Bands and backs repeat per category, and their textures are hundreds of path segments;
    a form keeps the PDF small and the build fast.
    """
    if not canvas.hasForm(name):
        canvas.beginForm(name, bbox.x, bbox.y, bbox.x2, bbox.y2)
        draw()
        canvas.endForm()
    canvas.saveState()
    canvas.translate(x, y)
    canvas.doForm(name)
    canvas.restoreState()


def _band_geometry(size: CardSize) -> tuple[float, float, float, float]:
    """(mid, icon, marker, left) of the band's content, relative to the trim's lower left [pt]."""
    h = size.height * MM
    safe = size.safe * MM
    inner_top = h - safe
    inner_bottom = h - size.band * MM + 1.0 * MM
    icon = min(size.icon * MM, inner_top - inner_bottom)
    marker = (inner_top - inner_bottom) * 0.34
    return ((inner_top + inner_bottom) / 2, icon, marker, safe)


def _draw_band(canvas: Canvas, category: Category, lang: str, size: CardSize, bleed: float, fonts: FontNames) -> None:
    """The band at the origin: colour into the bleed, texture, shape marker and category name."""
    st = style(category)
    w, h = size.size_pt
    band = Box(-bleed, h - size.band * MM, w + 2 * bleed, size.band * MM + bleed)
    canvas.setFillColorRGB(*st.rgb)
    canvas.rect(band.x, band.y, band.w, band.h, stroke=0, fill=1)
    draw_texture(canvas, band, st.texture, st.rgb, st.ink, share=0.22)
    mid, icon, marker, safe = _band_geometry(size)
    draw_shape(canvas, st.shape, w - safe - marker, mid, marker, st.ink)
    name = category_name(category, lang).upper()
    room = w - 2 * safe - icon - 2 * marker - 3 * MM
    name_pt = size.code_pt * 0.58
    while text_width(name, fonts.bold, name_pt) > room and name_pt > 4.5:
        name_pt -= 0.25
    canvas.setFillColorRGB(*st.ink)
    canvas.setFont(fonts.bold, name_pt)
    canvas.drawString(safe + icon + 1.5 * MM, mid - name_pt * 0.35, name)


def _band(canvas: Canvas, card: Card, lang: str, x: float, y: float, size: CardSize, bleed: float, fonts: FontNames) -> None:
    st = style(card.category)
    w, h = size.size_pt
    bbox = Box(-bleed, h - size.band * MM, w + 2 * bleed, size.band * MM + bleed)
    name = f"band-{card.category.value}-{lang}-{size.name}-{bleed:.2f}"
    _reuse(canvas, name, x, y, bbox, lambda: _draw_band(canvas, card.category, lang, size, bleed, fonts))
    mid, icon, _, safe = _band_geometry(size)
    # A solid plate behind the pictogram keeps it legible over the band texture.
    canvas.setFillColorRGB(*st.rgb)
    canvas.roundRect(x + safe - 0.3 * MM, y + mid - icon / 2 - 0.3 * MM, icon + 0.6 * MM, icon + 0.6 * MM, 1 * MM, stroke=0, fill=1)
    draw_icon(canvas, card.icon, x + safe, y + mid - icon / 2, icon, st.ink)


def _blocks(canvas: Canvas, blocks: tuple[FittedBlock, ...], box: Box) -> None:
    cursor = box.y2
    for index, block in enumerate(blocks):
        canvas.setFillColorRGB(*(DARK if index != 1 else (0.25, 0.25, 0.25)))
        for line in block.lines:
            draw_string(canvas, box.x, cursor - BASELINE_DROP * block.size, line, block.font, block.size)
            cursor -= block.leading
        cursor -= block.gap_after


def marker_box(size: CardSize) -> Box | None:
    """The card marker's square, relative to the trim's lower-left corner [pt]; None without one.

    Lower-left corner at the safe inset: diagonally across the footer from the QR box, on the
    strip of a shingled card that stays visible (players lay cards overlapping from the top).
    """
    if size.marker <= 0:
        return None
    return Box(size.safe * MM, size.safe * MM, size.marker * MM, size.marker * MM)


def footer_floor(size: CardSize) -> float:
    """Lowest point of the footer's text [pt from the trim's bottom]: above the marker and its
    quiet zone when the card has one, else the safe inset."""
    box = marker_box(size)
    if box is None:
        return size.safe * MM
    return box.y2 + MARKER_QUIET_CELLS * size.marker_cell * MM


def _marker(canvas: Canvas, card: Card, x: float, y: float, size: CardSize) -> None:
    """The card's AprilTag (:mod:`cards.markers`) as black cells on the white face."""
    box = marker_box(size)
    number = marker_id(card.id) if box is not None else None
    if box is None or number is None:
        return
    cells = marker_cells(number)
    cell = box.w / len(cells)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for row, line in enumerate(cells):
        for col, black in enumerate(line):
            if black:  # row 0 is the marker's top: PDF y grows upwards
                path.rect(x + box.x + col * cell, y + box.y2 - (row + 1) * cell, cell, cell)
    canvas.drawPath(path, stroke=0, fill=1)


def _footer(canvas: Canvas, card: Card, x: float, y: float, size: CardSize, fonts: FontNames) -> None:
    safe = size.safe * MM
    left = x + safe
    with_marker = marker_box(size) is not None
    base = y + footer_floor(size) + 0.4 * size.code_pt
    small = size.code_pt * 0.5
    canvas.setFillColorRGB(*DARK)
    canvas.setFont(fonts.regular, small)
    canvas.drawString(left, base, f"{card.id} · {card.sp.value}")
    code_base = base + small * 1.05 + size.code_pt * 0.3
    canvas.setFont(fonts.bold, size.code_pt)
    canvas.drawString(left, code_base, card.code)
    st = style(card.category)
    marker = size.code_pt * 0.32
    if with_marker:  # beside the code: above it the footer would reach the text box
        shift = text_width(card.code, fonts.bold, size.code_pt) + 1.5 * MM + marker
        draw_shape(canvas, st.shape, left + shift, code_base + 0.36 * size.code_pt, marker, st.rgb)
    else:
        draw_shape(canvas, st.shape, left + marker, code_base + size.code_pt * 1.05 + marker, marker, st.rgb)


def draw_front(canvas: Canvas, content: FrontContent, x: float, y: float, size: CardSize, bleed: float, fonts: FontNames) -> None:
    """Draw a prepared front with its trim's lower-left corner at (x, y) [pt]; ``bleed`` [pt]."""
    card = content.card
    w, h = size.size_pt
    canvas.saveState()
    canvas.setFillColorRGB(*WHITE)
    canvas.rect(x - bleed, y - bleed, w + 2 * bleed, h + 2 * bleed, stroke=0, fill=1)
    _band(canvas, card, content.lang, x, y, size, bleed, fonts)
    box = text_box(size)
    _blocks(canvas, content.blocks, Box(x + box.x, y + box.y, box.w, box.h))
    _footer(canvas, card, x, y, size, fonts)
    _marker(canvas, card, x, y, size)
    q = size.qr_box * MM
    qr.draw(canvas, content.qr, x + w - size.safe * MM - q, y + size.safe * MM, q)
    canvas.restoreState()


def draw_back(canvas: Canvas, category: Category, lang: str, x: float, y: float, size: CardSize, bleed: float, fonts: FontNames) -> None:
    """Draw the back of a ``category`` card, trim lower-left at (x, y) [pt], colour into the bleed."""
    w, h = size.size_pt
    bbox = Box(-bleed, -bleed, w + 2 * bleed, h + 2 * bleed)
    name = f"back-{category.value}-{lang}-{size.name}-{bleed:.2f}"
    _reuse(canvas, name, x, y, bbox, lambda: _draw_back(canvas, category, lang, size, bleed, fonts))


def _draw_back(canvas: Canvas, category: Category, lang: str, size: CardSize, bleed: float, fonts: FontNames) -> None:
    """One back at the origin: colour and texture to the bleed edge, shape, name, question."""
    st = style(category)
    w, h = size.size_pt
    safe = size.safe * MM
    full = Box(-bleed, -bleed, w + 2 * bleed, h + 2 * bleed)
    canvas.setFillColorRGB(*st.rgb)
    canvas.rect(full.x, full.y, full.w, full.h, stroke=0, fill=1)
    draw_texture(canvas, full, st.texture, st.rgb, st.ink, share=0.18)
    cx, cy = w / 2, h * 0.56
    radius = min(w, h) * 0.3
    canvas.setFillColorRGB(*WHITE)
    canvas.circle(cx, cy, radius, stroke=0, fill=1)
    draw_shape(canvas, st.shape, cx, cy, radius * 0.72, st.rgb)
    room = w - 2 * safe
    name = category_name(category, lang).upper()
    _centred(canvas, name, fonts.bold, size.title_pt * 1.25, cx, h * 0.24, room, st.ink)
    _centred(canvas, CATEGORY_QUESTIONS[category][lang], fonts.italic, size.hook_pt, cx, h * 0.17, room, st.ink)
    _centred(canvas, t("game", lang), fonts.regular, size.hook_pt * 0.8, cx, safe + 1.5 * MM, room, st.ink)


def _centred(canvas: Canvas, text: str, font: str, pt: float, cx: float, baseline: float, room: float, rgb: tuple[float, float, float]) -> None:
    """One line centred on ``cx``, shrunk until it fits ``room`` [pt] (back texts are short)."""
    while text_width(text, font, pt) > room and pt > 4.0:
        pt -= 0.25
    if text_width(text, font, pt) > room:
        raise ValueError(f"expected {text!r} to fit {room / MM:.1f} mm at 4 pt, it does not")
    canvas.setFillColorRGB(*rgb)
    draw_centred(canvas, cx, baseline, text, font, pt)


def render_card(card: Card, lang: str, side: str, size_name: str = "poker", payload: str | None = None) -> bytes:
    """One card side alone as a one-page PDF at trim size (for the README, docs and screens).

    Rasterise with ``pdftoppm -png -r 300``. ``payload`` defaults to the card's compact code.
    """
    import io

    from cards.codes import card_payload
    from cards.deck import default_deck
    from printables.fonts import register_fonts
    from printables.geometry import CARD_SIZES

    if side not in ("front", "back"):
        raise ValueError(f"expected side front or back, got {side!r}")
    size = CARD_SIZES[size_name]
    fonts = register_fonts()
    buffer = io.BytesIO()
    canvas = PrintCanvas(buffer, pagesize=size.size_pt, initialFontName=fonts.regular, invariant=True)
    if side == "front":
        code = payload if payload is not None else card_payload(default_deck(), card)
        draw_front(canvas, prepare_front(card, lang, size, fonts, code), 0, 0, size, 0.0, fonts)
    else:
        draw_back(canvas, card.category, lang, 0, 0, size, 0.0, fonts)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
