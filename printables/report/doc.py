"""The report's page: A4 portrait, embedded fonts, styles, headings that become PDF bookmarks.

Accessibility as far as reportlab 5 allows: the document title is shown by viewers instead of
the file name (``displayDocTitle``), the catalogue carries the language (``/Lang``), every
section and subsection is an outline entry, all text is real text in an embedded TrueType font.
reportlab writes no structure tree (no tagged PDF), which is the one gap we cannot close here.

Anything a person typed or a card says is escaped with :func:`esc` before it reaches a
``Paragraph`` (whose mini-markup would otherwise read ``<b>`` or ``&`` as markup).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from io import BytesIO
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.doctemplate import BaseDocTemplate, PageTemplate
from reportlab.platypus.frames import Frame

from printables.fonts import draw_string, markup, register_fonts
from printables.geometry import MM
from printables.report.i18n import t
from printables.report.rows import Cell, RowTable

PAGE_W, PAGE_H = A4
MARGIN = 18 * MM
FOOTER_Y = 9 * MM
FRAME_W = PAGE_W - 2 * MARGIN
FRAME_H = PAGE_H - 2 * MARGIN

INK = colors.Color(0.13, 0.13, 0.13)
MUTED = colors.Color(0.40, 0.40, 0.40)
RULE = colors.Color(0.80, 0.80, 0.80)
ACCENT = colors.Color(0.0, 0.447, 0.698)  # Okabe–Ito blue, as the governance cards
HEAD_BG = colors.Color(0.92, 0.94, 0.97)


def esc(text: str) -> str:
    """``text`` safe for a reportlab ``Paragraph``: markup characters print as themselves, and
    scripts the report font lacks are set in a shipped fallback (:func:`printables.fonts.markup`)."""
    return markup(text, register_fonts().regular)


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of a report, built once per process on the shipped font."""

    title: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    tiny: ParagraphStyle
    big: ParagraphStyle


@lru_cache(maxsize=1)
def styles() -> Styles:
    fonts = register_fonts()

    def make(name: str, size: float, font: str = fonts.regular, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {"textColor": INK, "alignment": TA_LEFT}
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.28,
                              splitLongWords=1, **{**base, **kw})

    return Styles(
        title=make("Title", 24, fonts.bold, spaceAfter=6 * MM, textColor=ACCENT),
        h1=make("H1", 16, fonts.bold, spaceBefore=2 * MM, spaceAfter=3 * MM, textColor=ACCENT),
        h2=make("H2", 12, fonts.bold, spaceBefore=4 * MM, spaceAfter=2 * MM),
        h3=make("H3", 10, fonts.bold, spaceBefore=3 * MM, spaceAfter=1.5 * MM),
        body=make("Body", 9.5, spaceAfter=2 * MM),
        small=make("Small", 7.5, textColor=MUTED, spaceAfter=1.5 * MM),
        cell=make("Cell", 8),
        cell_bold=make("CellBold", 8, fonts.bold),
        cell_right=make("CellRight", 8, alignment=2),
        tiny=make("Tiny", 6.8),
        big=make("Big", 13, spaceAfter=2 * MM),
    )


class Heading(Paragraph):  # type: ignore[misc]  # reportlab ships no type hints
    """A heading that becomes an outline entry (level 0 = section, 1 = subsection, …)."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str) -> None:
        super().__init__(esc(text), style)
        self.outline_text = text
        self.outline_level = level
        self.outline_key = key


class ReportDoc(BaseDocTemplate):  # type: ignore[misc]  # reportlab ships no type hints
    """A4 report whose headings are bookmarked and whose pages carry a footer with page number."""

    def __init__(self, buffer: BytesIO, *, title: str, subject: str, lang: str, footer: str) -> None:
        super().__init__(
            buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
            bottomMargin=MARGIN, title=title, author="PCED Business Model Assembler",
            subject=subject, creator="PCED Business Model Assembler (reportlab)", lang=lang,
            displayDocTitle=1, invariant=1,
            # Without this every page names Helvetica (never embedded) as its starting font.
            initialFontName=register_fonts().regular, initialFontSize=9,
        )
        self.lang = lang
        self.footer = footer
        frame = Frame(MARGIN, MARGIN, FRAME_W, FRAME_H, id="body", leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        fonts = register_fonts()
        canvas.saveState()
        canvas.setFont(fonts.regular, 7)
        canvas.setFillColor(MUTED)
        draw_string(canvas, MARGIN, FOOTER_Y, self.footer, fonts.regular, 7)
        canvas.drawRightString(PAGE_W - MARGIN, FOOTER_Y, t("report.page", self.lang, n=doc.page))
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab hook name)
        if isinstance(flowable, Heading):
            key = flowable.outline_key
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_text, key, level=flowable.outline_level,
                                      closed=flowable.outline_level > 0)


def render(story: list[Flowable], *, title: str, subject: str, lang: str, footer: str) -> bytes:
    """Lay ``story`` out on A4 pages and return the PDF bytes (outline shown on open)."""
    buffer = BytesIO()
    doc = ReportDoc(buffer, title=title, subject=subject, lang=lang, footer=footer)
    doc.build(story, canvasmaker=_OutlineCanvas)
    return buffer.getvalue()


class _OutlineCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """A canvas that opens the document with the bookmarks panel visible."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.showOutline()


def grid_table(rows: Sequence[Sequence[Cell | str]], widths: Sequence[float], *, header: bool = True,
               right_cols: Sequence[int] = ()) -> RowTable:
    """A ruled table (:class:`printables.report.rows.RowTable`); ``rows`` hold cells or plain
    strings (right-aligned in ``right_cols``); the first row is the header, set in bold."""
    cells = [[c if isinstance(c, Cell) else Cell(c, right=k in right_cols) for k, c in enumerate(row)]
             for row in rows]
    if header and cells:
        cells[0] = [replace(c, bold=True) for c in cells[0]]
    return RowTable.of(cells, widths, header=header, frame_height=FRAME_H, ink=INK, rule=RULE, head_bg=HEAD_BG)
