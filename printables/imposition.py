"""Imposition: where cards go on a sheet, crop marks and cut lines, and duplex mirroring.

Cards stand upright in a grid centred on the sheet. With bleed, neighbouring cards are apart by
twice the bleed so each keeps its own cut lines; print-and-play has no bleed and neighbours
share a cut line, which is what fits 3 x 3 poker cards on A4 and on Letter. Long-edge duplex
turns a portrait sheet about its vertical axis, so the back of the card in column ``c`` prints
in column ``cols - 1 - c``: :func:`mirror_x` is that mapping in points.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from printables.geometry import MM, Box, CardSize, Paper

MIN_MARGIN_BLEED_MM = 6.0
"""Sheet margin outside the outer bleed [mm]: room for 4 mm of crop mark plus the ~4 mm most
office printers cannot print (the marks start 1 mm outside the bleed)."""
MIN_MARGIN_PNP_MM = 5.0
"""Print-and-play margin [mm]: just the printer's unprintable edge; cut lines are the marks."""
MARK_GAP_MM = 1.0
"""Gap between the outer bleed edge and the start of a crop mark [mm]."""


@dataclass(frozen=True)
class Grid:
    """A sheet's card grid: trims of every cell, in reading order (row 0 at the top) [pt]."""

    paper: Paper
    size: CardSize
    bleed: float
    cols: int
    rows: int
    x0: float
    y0: float

    @property
    def per_page(self) -> int:
        return self.cols * self.rows

    @property
    def pitch_x(self) -> float:
        return self.size.width * MM + 2 * self.bleed

    @property
    def pitch_y(self) -> float:
        return self.size.height * MM + 2 * self.bleed

    def cell(self, index: int) -> Box:
        """Trim box of cell ``index`` (left to right, top to bottom) [pt]."""
        col, row = index % self.cols, index // self.cols
        w, h = self.size.size_pt
        x = self.x0 + col * self.pitch_x
        y = self.y0 + (self.rows - 1 - row) * self.pitch_y
        return Box(x, y, w, h)

    @property
    def trim(self) -> Box:
        """The bounding box of all trims (the sheet's TrimBox) [pt]."""
        w, h = self.size.size_pt
        return Box(
            self.x0,
            self.y0,
            (self.cols - 1) * self.pitch_x + w,
            (self.rows - 1) * self.pitch_y + h,
        )

    @property
    def bleed_box(self) -> Box:
        """TrimBox grown by the bleed (the sheet's BleedBox) [pt]."""
        return self.trim.inset(-self.bleed)

    def cut_xs(self) -> list[float]:
        """Every vertical cut line [pt], sorted, shared lines once."""
        w = self.size.width * MM
        return sorted({round(self.x0 + c * self.pitch_x + dx, 4) for c in range(self.cols) for dx in (0.0, w)})

    def cut_ys(self) -> list[float]:
        """Every horizontal cut line [pt], sorted, shared lines once."""
        h = self.size.height * MM
        return sorted({round(self.y0 + r * self.pitch_y + dy, 4) for r in range(self.rows) for dy in (0.0, h)})


def make_grid(paper: Paper, size: CardSize, bleed_mm: float) -> Grid:
    """The largest centred grid of ``size`` cards on ``paper`` with ``bleed_mm`` [mm] bleed.

    Raises ``ValueError`` naming the sizes when not a single card fits.
    """
    margin = MIN_MARGIN_BLEED_MM if bleed_mm > 0 else MIN_MARGIN_PNP_MM
    pitch_w, pitch_h = size.width + 2 * bleed_mm, size.height + 2 * bleed_mm
    cols = int((paper.width - 2 * margin) // pitch_w)
    rows = int((paper.height - 2 * margin) // pitch_h)
    if cols < 1 or rows < 1:
        raise ValueError(
            f"expected at least one {size.name} card ({size.width} x {size.height} mm + {bleed_mm} mm bleed) "
            f"on {paper.name} ({paper.width} x {paper.height} mm), got none: choose a larger paper"
        )
    used_w = cols * pitch_w - 2 * bleed_mm
    used_h = rows * pitch_h - 2 * bleed_mm
    x0 = (paper.width - used_w) / 2 * MM
    y0 = (paper.height - used_h) / 2 * MM
    return Grid(paper, size, bleed_mm * MM, cols, rows, x0, y0)


def mirror_x(grid: Grid, box: Box, offset: tuple[float, float] = (0.0, 0.0)) -> Box:
    """Where the back of the card whose front trim is ``box`` prints after a long-edge flip [pt].

    ``offset`` [mm] shifts all backs to undo a printer's front/back misregistration.
    """
    page_w = grid.paper.width * MM
    return Box(page_w - box.x - box.w + offset[0] * MM, box.y + offset[1] * MM, box.w, box.h)


def draw_crop_marks(canvas: Canvas, grid: Grid, shift: tuple[float, float] = (0.0, 0.0)) -> None:
    """Crop marks from just outside the bleed to the sheet's edge, on every cut line.

    ``shift`` [pt] moves them with a back offset so they stay on the backs' cut lines.
    """
    page_w, page_h = grid.paper.size_pt
    outer = grid.bleed_box
    gap = MARK_GAP_MM * MM
    dx, dy = shift
    canvas.saveState()
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.3)
    for x in grid.cut_xs():
        canvas.line(x + dx, 0, x + dx, outer.y + dy - gap)
        canvas.line(x + dx, outer.y2 + dy + gap, x + dx, page_h)
    for y in grid.cut_ys():
        canvas.line(0, y + dy, outer.x + dx - gap, y + dy)
        canvas.line(outer.x2 + dx + gap, y + dy, page_w, y + dy)
    canvas.restoreState()


def draw_cut_lines(canvas: Canvas, grid: Grid) -> None:
    """Thin grey lines along the shared cut lines of a print-and-play sheet, inside the grid."""
    trim = grid.trim
    canvas.saveState()
    canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
    canvas.setLineWidth(0.25)
    for x in grid.cut_xs():
        canvas.line(x, trim.y, x, trim.y2)
    for y in grid.cut_ys():
        canvas.line(trim.x, y, trim.x2, y)
    canvas.restoreState()
