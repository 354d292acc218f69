"""A ruled table of text cells, laid out once and drawn with plain text operators.

Why not reportlab's ``Table`` of ``Paragraph`` cells: platypus wraps every Paragraph cell again
each time the table is measured, split across a page and drawn (three to four full
line-breaking passes per cell, each re-parsing the paragraph's markup), which made the tables
about two thirds of a 12-table workshop report's drawing time. Report cells need none of what
Paragraph offers besides word wrapping: one font per run, no inline markup. So
:class:`RowTable` wraps each cell once, greedily on ASCII spaces (a no-break space U+00A0 never
breaks, so a number stays with its unit; a word wider than its column is split between
characters, like Paragraph's ``splitLongWords``), caches word widths, and draws each line as
one text string, so extracted text keeps its spaces. Cell text is never parsed: ``<b>`` or
``&`` print as typed.

Geometry follows the report's previous tables: 8 pt text, leading 1.28 × size, padding 3 pt
left/right and 2 pt top/bottom, top-aligned, a 0.25 pt rule under every row, the header row
bold on a tinted band and repeated on every page the table continues on. Rows split at row
boundaries; only a row taller than a whole frame is split between its lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from printables.fonts import SHAPED, register_fonts, runs, segment_width, shaped, visual_order

PAD_X = 3.0
"""[pt] left and right cell padding."""
PAD_Y = 2.0
"""[pt] top and bottom cell padding."""
LEADING = 1.28
"""Line distance as a multiple of the font size (as the report's paragraph styles)."""
RULE_W = 0.25
"""[pt] width of the rule under each row."""


@dataclass(frozen=True)
class Cell:
    """One cell's text: ``strong`` is printed bold right before ``text`` (e.g. a risk's kind
    before its title); ``\\n`` starts a new line; ``size`` in pt."""

    text: str
    bold: bool = False
    right: bool = False
    size: float = 8.0
    strong: str = ""


@lru_cache(maxsize=65536)
def _width(text: str, font: str, size: float) -> float:
    """[pt] width of ``text`` in one font (reportlab sets TrueType text without kerning, so
    widths add up: a line's width is the sum of its words' and spaces' widths; Indic runs are
    measured as shaped, :func:`printables.fonts.segment_width`)."""
    if font in SHAPED:
        return segment_width(text, font, size)
    return float(pdfmetrics.stringWidth(text, font, size))


@lru_cache(maxsize=65536)
def _pieces(word: str, font: str) -> tuple[tuple[str, str], ...]:
    """``word`` as (text, font) runs: ``font`` where it has the glyph, else the symbol fallback."""
    return tuple(runs(word, font))


# A word is a sequence of (text, font) pieces printed without space between them.
_Word = tuple[tuple[str, str], ...]


_BLANKS = re.compile(r"[ \t\r]+")
"""Where lines may break: ASCII blanks only (U+00A0 joins a number to its unit)."""


def _split(text: str, font: str) -> list[list[_Word]]:
    """``text`` in one font as paragraphs (split at ``\\n``) of words."""
    return [[_pieces(w, font) for w in _BLANKS.split(visual_order(p)) if w] for p in text.split("\n")]


def _words(cell: Cell, regular: str, bold: str) -> list[list[_Word]]:
    """The cell's paragraphs (split at ``\\n``), each a list of words; the ``strong`` prefix's
    last word and the text's first word form one word when no blank separates them."""
    body = _split(cell.text, bold if cell.bold else regular)
    if not cell.strong:
        return body
    strong = _split(cell.strong, bold)
    glued = (not cell.strong[-1].isspace() and cell.text[:1] not in ("", " ", "\t", "\r", "\n")
             and strong[-1] and body[0])
    if glued:
        body[0][0] = strong[-1].pop() + body[0][0]
    return [*strong[:-1], strong[-1] + body[0], *body[1:]]


def _word_width(word: _Word, size: float) -> float:
    return sum(_width(text, font, size) for text, font in word)


@dataclass(frozen=True)
class Line:
    """One laid-out line: its (text, font) runs, spaces included, and its width [pt]."""

    runs: tuple[tuple[str, str], ...]
    width: float


def _split_long(word: _Word, size: float, avail: float) -> list[_Word]:
    """``word`` cut between characters into chunks no wider than ``avail`` (at least one
    character per chunk, so a column narrower than one glyph still terminates)."""
    chunks: list[_Word] = []
    chunk: list[tuple[str, str]] = []
    used = 0.0
    for text, font in word:
        for ch in text:
            w = _width(ch, font, size)
            if chunk and used + w > avail:
                chunks.append(tuple(_merge_runs(chunk)))
                chunk, used = [], 0.0
            chunk.append((ch, font))
            used += w
    if chunk:
        chunks.append(tuple(_merge_runs(chunk)))
    return chunks


def wrap_cell(cell: Cell, avail: float, regular: str, bold: str) -> list[Line]:
    """Greedy line breaking of ``cell`` into lines no wider than ``avail`` [pt]."""
    lines: list[Line] = []
    for paragraph in _words(cell, regular, bold):
        line: list[tuple[str, str]] = []
        width = 0.0
        for whole in paragraph:
            ww = _word_width(whole, cell.size)
            parts = [whole] if ww <= avail else _split_long(whole, cell.size, avail)
            for word in parts:
                ww = _word_width(word, cell.size) if len(parts) > 1 else ww
                space_font = (line[-1][1] if line and line[-1][1] in (regular, bold) else
                              bold if cell.bold else regular)
                space = _width(" ", space_font, cell.size) if line else 0.0
                if line and width + space + ww > avail:
                    lines.append(Line(tuple(_merge_runs(line)), width))
                    line, width, space = [], 0.0, 0.0
                if line:
                    line.append((" ", space_font))
                line.extend(word)
                width += space + ww
        lines.append(Line(tuple(_merge_runs(line)), width))
    return lines


def _merge_runs(pieces: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for text, font in pieces:
        if out and out[-1][1] == font:
            out[-1] = (out[-1][0] + text, font)
        else:
            out.append((text, font))
    return out


def widest_word(cell: Cell, regular: str, bold: str, size: float | None = None) -> float:
    """[pt] width of the widest word of ``cell`` at ``size`` (its own by default): the least a
    column needs so that no word or number of the cell is cut between characters."""
    scaled = replace(cell, size=size) if size is not None else cell
    return max((_word_width(w, scaled.size) for paragraph in _words(scaled, regular, bold) for w in paragraph), default=0.0)


def fit_columns(rows: Sequence[Sequence[Cell]], avail: float, *, grow: Sequence[int] = (0,),
                min_scale: float = 0.7, header: bool = True) -> tuple[list[list[Cell]], list[float]]:
    """``rows`` and column widths [pt] summing to ``avail`` [pt] in which no word breaks: every
    column at least as wide as its widest word plus padding (words wrap only at blanks). When
    the words need more than ``avail``, every cell's font shrinks by one factor (not below
    ``min_scale`` of its size; beyond that a word is cut as a last resort). What is left goes to
    the ``grow`` columns (names that may wrap at blanks), else to all columns evenly. With
    ``header`` the first row is measured bold, as :func:`printables.report.doc.grid_table` sets it.
    Raises ``ValueError`` for rows of unequal length."""
    fonts = register_fonts()
    rows = [[replace(c, bold=True) for c in r] if header and k == 0 else list(r) for k, r in enumerate(rows)]
    count = len(rows[0]) if rows else 0
    if any(len(r) != count for r in rows):
        raise ValueError(f"expected {count} cells in every row, got {sorted({len(r) for r in rows})}")

    def needs(scale: float) -> list[float]:
        return [max(widest_word(r[k], fonts.regular, fonts.bold, r[k].size * scale) for r in rows) + 2 * PAD_X + 0.5
                for k in range(count)]

    scale = 1.0
    need = needs(scale)
    if sum(need) > avail:
        scale = max(min_scale, avail / sum(need))
        need = needs(scale)
        while sum(need) > avail and scale > min_scale:
            scale = max(min_scale, scale - 0.02)
            need = needs(scale)
    cells = [[replace(c, size=round(c.size * scale, 2)) for c in r] for r in rows] if scale < 1.0 else [list(r) for r in rows]
    spare = max(avail - sum(need), 0.0)
    flexible = [k for k in grow if 0 <= k < count] or list(range(count))
    widths = [w + (spare / len(flexible) if k in flexible else 0.0) for k, w in enumerate(need)]
    if sum(widths) > avail:  # beyond the smallest font: squeeze evenly (words may then be cut)
        widths = [w * avail / sum(widths) for w in widths]
    return cells, widths


@dataclass(frozen=True)
class Row:
    """A laid-out row: per cell its lines, font size and alignment; its height [pt]."""

    cells: tuple[tuple[tuple[Line, ...], float, bool], ...]
    height: float


def layout_row(cells: Sequence[Cell], widths: Sequence[float], regular: str, bold: str) -> Row:
    laid = tuple((tuple(wrap_cell(c, w - 2 * PAD_X, regular, bold)), c.size, c.right)
                 for c, w in zip(cells, widths, strict=True))
    text_h = max((len(lines) * size * LEADING for lines, size, _ in laid), default=0.0)
    return Row(cells=laid, height=text_h + 2 * PAD_Y)


def _cut_row(row: Row, avail: float) -> tuple[Row, Row]:
    """``row`` split so that its first part is at most ``avail`` [pt] high (at least one line)."""
    head, tail = [], []
    for lines, size, right in row.cells:
        keep = max(1, int((avail - 2 * PAD_Y) // (size * LEADING)))
        head.append((lines[:keep], size, right))
        tail.append((lines[keep:], size, right))

    def rebuilt(cells: list[tuple[tuple[Line, ...], float, bool]]) -> Row:
        text_h = max((len(lines) * size * LEADING for lines, size, _ in cells), default=0.0)
        return Row(cells=tuple(cells), height=text_h + 2 * PAD_Y)

    return rebuilt(head), rebuilt(tail)


class RowTable(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A ruled table of :class:`Cell` rows (see the module doc); ``frame_height`` [pt] is the
    tallest a page can hold: only a row taller than that is split between its lines."""

    def __init__(self, rows: Sequence[Row], widths: Sequence[float], *, header: Row | None,
                 frame_height: float, ink: colors.Color, rule: colors.Color, head_bg: colors.Color) -> None:
        super().__init__()
        self.rows = list(rows)
        self.widths = list(widths)
        self.header = header
        self.frame_height = frame_height
        self.ink, self.rule, self.head_bg = ink, rule, head_bg
        self.width = sum(self.widths)
        self.height = self._height(self.rows)

    @classmethod
    def of(cls, cells: Sequence[Sequence[Cell]], widths: Sequence[float], *, header: bool, frame_height: float,
           ink: colors.Color, rule: colors.Color, head_bg: colors.Color) -> RowTable:
        """Lay out ``cells`` (the first row is the header when ``header``) in columns ``widths`` [pt]."""
        for k, row in enumerate(cells):
            if len(row) != len(widths):
                raise ValueError(f"expected {len(widths)} cells in row {k}, got {len(row)}")
        fonts = register_fonts()
        laid = [layout_row(r, widths, fonts.regular, fonts.bold) for r in cells]
        head = laid[0] if header and laid else None
        return cls(laid[1:] if head else laid, widths, header=head, frame_height=frame_height,
                   ink=ink, rule=rule, head_bg=head_bg)

    def _height(self, rows: Sequence[Row]) -> float:
        return (self.header.height if self.header else 0.0) + sum(r.height for r in rows)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _part(self, rows: list[Row]) -> RowTable:
        return RowTable(rows, self.widths, header=self.header, frame_height=self.frame_height,
                        ink=self.ink, rule=self.rule, head_bg=self.head_bg)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """The rows that fit in ``avail_height`` [pt] and the rest (each part with the header);
        [] when not even the first row fits, so platypus moves the table to the next frame."""
        used = self.header.height if self.header else 0.0
        count = 0
        for row in self.rows:
            if used + row.height > avail_height:
                break
            used += row.height
            count += 1
        if count == len(self.rows):
            return [self]
        if count == 0:
            first = self.rows[0]
            room = avail_height - (self.header.height if self.header else 0.0)
            too_tall = first.height + (self.header.height if self.header else 0.0) > self.frame_height
            if not too_tall or room < 2 * PAD_Y + 3 * first.cells[0][1] * LEADING:
                return []
            head, tail = _cut_row(first, room)
            return [self._part([head]), self._part([tail, *self.rows[1:]])]
        return [self._part(self.rows[:count]), self._part(self.rows[count:])]

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        top = self.height
        rows = ([self.header] if self.header else []) + self.rows
        if self.header:
            canv.setFillColor(self.head_bg)
            canv.rect(0, top - self.header.height, self.width, self.header.height, stroke=0, fill=1)
        canv.setStrokeColor(self.rule)
        canv.setLineWidth(RULE_W)
        y = top
        for row in rows:
            y -= row.height
            canv.line(0, y, self.width, y)
        text = canv.beginText()
        text.setFillColor(self.ink)
        font: tuple[str, float] | None = None
        y = top
        for row in rows:
            x = 0.0
            for (lines, size, right), width in zip(row.cells, self.widths, strict=True):
                baseline = y - PAD_Y - size
                for line in lines:
                    if line.runs:
                        text.setTextOrigin(x + width - PAD_X - line.width if right else x + PAD_X, baseline)
                        for chunk, name in line.runs:
                            if font != (name, size):
                                text.setFont(name, size)
                                font = (name, size)
                            text.textOut(shaped(chunk, name, size) if name in SHAPED else chunk)
                    baseline -= size * LEADING
                x += width
            y -= row.height
        canv.drawText(text)
        canv.restoreState()
