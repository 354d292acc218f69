"""The deck's cover page, its blank back and the duplex alignment test pages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab.pdfgen.canvas import Canvas

from cards.deck import Deck
from cards.model import Card, Category
from printables.fonts import FontNames, text_width
from printables.geometry import MM
from printables.i18n import category_name, t
from printables.imposition import Grid, mirror_x
from printables.patterns import draw_shape
from printables.style import DARK, style
from printables.textfit import wrap_lines

if TYPE_CHECKING:
    from printables.deck_options import DeckOptions


@dataclass(frozen=True)
class CoverFacts:
    """Everything the cover states, gathered before drawing."""

    deck_id: str
    version: int
    lang: str
    card_count: int
    copies: int
    per_category: tuple[tuple[Category, int], ...]
    card: str
    card_mm: tuple[float, float]
    paper: str
    bleed_mm: float
    print_and_play: bool
    duplex: bool
    sheets: int
    per_sheet: int
    base_url: str | None

    @classmethod
    def of(cls, deck: Deck, options: DeckOptions, chosen: Sequence[tuple[Card, int]], sheets: int, grid: Grid) -> CoverFacts:
        counts = Counter(card.category for card, copy in chosen if copy == 0)
        return cls(
            deck_id=deck.deck_id,
            version=deck.version,
            lang=options.lang,
            card_count=sum(counts.values()),
            copies=options.copies,
            per_category=tuple((c, counts[c]) for c in Category if counts[c]),
            card=options.card,
            card_mm=(grid.size.width, grid.size.height),
            paper=options.paper,
            bleed_mm=options.effective_bleed_mm,
            print_and_play=options.print_and_play,
            duplex=options.backs == "duplex",
            sheets=sheets,
            per_sheet=grid.per_page,
            base_url=options.base_url,
        )


def _para(canvas: Canvas, text: str, font: str, pt: float, x: float, y: float, width: float) -> float:
    """Draw a wrapped paragraph from baseline ``y`` down; return the next free baseline [pt]."""
    canvas.setFont(font, pt)
    for line in wrap_lines(text, font, pt, width):
        canvas.drawString(x, y, line)
        y -= pt * 1.3
    return y


def draw_cover(canvas: Canvas, facts: CoverFacts, fonts: FontNames) -> None:
    """The cover: what this deck is and how to print it, in the deck's language."""
    lang = facts.lang
    page_w, page_h = canvas._pagesize
    left, width = 20 * MM, page_w - 40 * MM
    y = page_h - 30 * MM
    canvas.setFillColorRGB(*DARK)
    canvas.setFont(fonts.bold, 24)
    canvas.drawString(left, y, t("game", lang))
    y -= 12 * MM
    canvas.setFont(fonts.regular, 16)
    canvas.drawString(left, y, f"{t('deck_title', lang)} · {facts.deck_id} {t('version', lang)} {facts.version} · {lang.upper()}")
    y -= 12 * MM
    mode = "print & play" if facts.print_and_play else f"{t('bleed', lang)} {facts.bleed_mm:g} mm"
    rows = [
        (t("deck", lang), f"{facts.deck_id}"),
        (t("version", lang), str(facts.version)),
        (t("language", lang), lang.upper()),
        (t("cards", lang), f"{facts.card_count} × {facts.copies} = {facts.card_count * facts.copies}"),
        (t("card_size", lang), f"{facts.card} {facts.card_mm[0]:g} × {facts.card_mm[1]:g} mm, {mode}"),
        (t("paper", lang), f"{facts.paper.upper()}, {facts.per_sheet} / {t('sheet', lang)}, {facts.sheets} × {t('sheet', lang)}"),
        (t("qr_payload", lang), facts.base_url.upper().rstrip("/") + "/C/…" if facts.base_url else t("compact", lang)),
    ]
    for label, value in rows:
        canvas.setFont(fonts.bold, 10)
        canvas.drawString(left, y, label)
        canvas.setFont(fonts.regular, 10)
        canvas.drawString(left + 45 * MM, y, value)
        y -= 5.5 * MM
    y -= 3 * MM
    canvas.setFont(fonts.bold, 11)
    canvas.drawString(left, y, t("per_category", lang))
    y -= 6 * MM
    for category, count in facts.per_category:
        st = style(category)
        draw_shape(canvas, st.shape, left + 2.2 * MM, y + 1.2 * MM, 2.2 * MM, st.rgb)
        canvas.setFillColorRGB(*DARK)
        canvas.setFont(fonts.regular, 10)
        canvas.drawString(left + 7 * MM, y, f"{category_name(category, lang)}: {count}")
        y -= 5.5 * MM
    y -= 4 * MM
    canvas.setFont(fonts.bold, 13)
    canvas.drawString(left, y, t("how_to_print", lang))
    y -= 7 * MM
    steps = [
        t("print_1", lang),
        t("print_2_duplex" if facts.duplex else "print_2_simplex", lang),
        t("print_3_pnp" if facts.print_and_play else "print_3_bleed", lang),
        t("print_4", lang),
    ]
    if facts.duplex:
        steps.append(t("print_5", lang))
    for number, step in enumerate(steps, start=1):
        y = _para(canvas, f"{number}. {step}", fonts.regular, 10, left, y, width) - 1.5 * MM
    y -= 4 * MM
    canvas.setFont(fonts.bold, 11)
    canvas.drawString(left, y, t("notes_title", lang))
    y -= 6 * MM
    for key in ("notes_1", "notes_2", "notes_3"):
        y = _para(canvas, t(key, lang), fonts.regular, 9, left, y, width) - 1 * MM


def draw_blank_page(canvas: Canvas, lang: str, fonts: FontNames) -> None:
    """The cover's back: a note that it is blank on purpose (keeps fronts on odd pages)."""
    page_w, page_h = canvas._pagesize
    canvas.setFont(fonts.italic, 9)
    canvas.setFillColorRGB(0.4, 0.4, 0.4)
    canvas.drawCentredString(page_w / 2, page_h / 2, t("blank", lang))


def _target(canvas: Canvas, cx: float, cy: float) -> None:
    canvas.circle(cx, cy, 4 * MM, stroke=1, fill=0)
    canvas.line(cx - 7 * MM, cy, cx + 7 * MM, cy)
    canvas.line(cx, cy - 7 * MM, cx, cy + 7 * MM)


def _scales(canvas: Canvas, cx: float, cy: float, fonts: FontNames) -> None:
    """Millimetre scales through (cx, cy), from -5 to +5 mm, labelled every 1 mm."""
    canvas.setFont(fonts.regular, 4.5)
    for k in range(-5, 6):
        tick = (2.2 if k % 5 == 0 else 1.2) * MM
        canvas.line(cx + k * MM, cy - 9 * MM, cx + k * MM, cy - 9 * MM + tick)
        canvas.line(cx + 9 * MM, cy + k * MM, cx + 9 * MM - tick, cy + k * MM)
        if k % 2 == 0:
            canvas.drawCentredString(cx + k * MM, cy - 11 * MM, f"{k:+d}" if k else "0")
            canvas.drawString(cx + 9.8 * MM, cy + k * MM - 1.5, f"{k:+d}" if k else "0")


def draw_alignment_page(canvas: Canvas, grid: Grid, options: DeckOptions, back: bool, fonts: FontNames) -> None:
    """Targets at the first, middle and last card positions; the back mirrors and shifts them
    exactly as card backs are, so what lines up here lines up on the deck."""
    lang = options.lang
    page_w, page_h = canvas._pagesize
    cells = sorted({0, grid.per_page // 2, grid.per_page - 1})
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.4)
    for index in cells:
        box = grid.cell(index)
        if back:
            box = mirror_x(grid, box, options.back_offset)
        cx, cy = box.x + box.w / 2, box.y + box.h / 2
        _target(canvas, cx, cy)
        if back:
            _scales(canvas, cx, cy, fonts)
    canvas.setFillColorRGB(*DARK)
    canvas.setFont(fonts.bold, 12)
    canvas.drawCentredString(page_w / 2, page_h - 12 * MM, t("align_title", lang) + (" · 2/2" if back else " · 1/2"))
    note = t("align_back" if back else "align_front", lang)
    y = page_h - 18 * MM
    for line in wrap_lines(note, fonts.regular, 9, page_w - 40 * MM):
        canvas.setFont(fonts.regular, 9)
        canvas.drawCentredString(page_w / 2, y, line)
        y -= 11.5
    offset = f"--back-offset {options.back_offset[0]:g},{options.back_offset[1]:g}"
    canvas.setFont(fonts.regular, 8)
    canvas.drawCentredString(page_w / 2, 10 * MM, offset if text_width(offset, fonts.regular, 8) < page_w else "")
