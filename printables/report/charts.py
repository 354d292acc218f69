"""Vector charts of a report: risk matrix, monthly balance, typical days, KPIs against thresholds.

Each chart is a reportlab ``Flowable`` drawn with lines, rectangles and real text (no images),
so it prints sharp, stays searchable and a screen reader finds its numbers. Colours are the
Okabe–Ito palette; every series also differs by pattern (solid/hatched, solid/dashed lines) so
the charts survive a grey office printer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from catalogs import formatting as cldr
from printables.fonts import register_fonts, text_width
from printables.report.formatting import format_number
from printables.report.i18n import t
from printables.report.model import CashFlowYear, Kpi, MonthBalance, Risk, TornadoBar, TypicalDay
from printables.report.sankey import fit_text

INK = colors.Color(0.13, 0.13, 0.13)
GRID = colors.Color(0.85, 0.85, 0.85)
GEN = colors.Color(0.902, 0.624, 0.0)  # orange: generation
DEMAND = colors.Color(0.0, 0.447, 0.698)  # blue: demand
IMPORT = colors.Color(0.45, 0.45, 0.45)  # grey: grid import
PASS = colors.Color(0.0, 0.620, 0.451)
FAIL = colors.Color(0.835, 0.369, 0.0)


def nice_max(value: float) -> float:
    """A round axis maximum ≥ ``value`` (1, 2, 2.5, 5 × 10^k)."""
    if value <= 0:
        return 1.0
    exp = math.floor(math.log10(value))
    for m in (1, 2, 2.5, 5, 10):
        if m * 10**exp >= value:
            return float(m * 10**exp)
    return float(10 ** (exp + 1))


def risk_colour(score: int) -> colors.Color:
    """Cell colour by score band: 1–3 low, 4–6 medium, 8–9 high, 12–16 critical."""
    if score <= 3:
        return colors.Color(0.80, 0.92, 0.85)
    if score <= 6:
        return colors.Color(0.99, 0.93, 0.70)
    if score <= 9:
        return colors.Color(0.98, 0.80, 0.60)
    return colors.Color(0.95, 0.65, 0.60)


class RiskMatrix(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """4 × 4 probability × impact matrix with each risk's number in its cell."""

    def __init__(self, risks: Sequence[Risk], numbers: dict[str, str], lang: str, size: float) -> None:
        super().__init__()
        self.risks = risks
        self.numbers = numbers
        self.lang = lang
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return (self.size + 40, self.size + 30)

    def draw(self) -> None:
        c = self.canv
        fonts = register_fonts()
        x0, y0, cell = 34.0, 26.0, self.size / 4
        for p in range(1, 5):
            for i in range(1, 5):
                c.setFillColor(risk_colour(p * i))
                c.setStrokeColor(colors.white)
                c.rect(x0 + (i - 1) * cell, y0 + (p - 1) * cell, cell, cell, stroke=1, fill=1)
                c.setFillColor(colors.Color(0.5, 0.5, 0.5))
                c.setFont(fonts.regular, 5.5)
                c.drawRightString(x0 + i * cell - 2, y0 + (p - 1) * cell + 2, str(p * i))
        self._place_risks(x0, y0, cell)
        c.setFillColor(INK)
        c.setFont(fonts.regular, 6.5)
        for k in range(1, 5):
            c.drawCentredString(x0 + (k - 0.5) * cell, y0 - 9, str(k))
            c.drawRightString(x0 - 4, y0 + (k - 0.5) * cell - 2, str(k))
        c.setFont(fonts.bold, 7)
        c.drawCentredString(x0 + 2 * cell, y0 - 20, t("risk.impact", self.lang))
        c.saveState()
        c.translate(x0 - 16, y0 + 2 * cell)
        c.rotate(90)
        c.drawCentredString(0, 0, t("risk.probability", self.lang))
        c.restoreState()

    def _place_risks(self, x0: float, y0: float, cell: float) -> None:
        c = self.canv
        fonts = register_fonts()
        cells: dict[tuple[int, int], list[str]] = {}
        for r in self.risks:
            cells.setdefault((r.probability, r.impact), []).append(self.numbers[r.id])
        c.setFillColor(INK)
        for (p, i), labels in cells.items():
            text = fit_text(", ".join(labels), fonts.bold, 7.5, cell - 4)
            c.setFont(fonts.bold, 7.5)
            c.drawCentredString(x0 + (i - 0.5) * cell, y0 + (p - 0.5) * cell - 2.5, text)


class _Axes:
    """A value axis with gridlines, shared by the bar and line charts."""

    def __init__(self, canv: Canvas, x0: float, y0: float, w: float, h: float, top: float) -> None:
        self.c = canv
        self.x0, self.y0, self.w, self.h, self.top = x0, y0, w, h, top

    def y(self, v: float) -> float:
        return self.y0 + self.h * max(0.0, min(v, self.top)) / self.top

    def draw_grid(self, unit: str, lang: str) -> None:
        c = self.c
        fonts = register_fonts()
        for k in range(5):
            v = self.top * k / 4
            yy = self.y(v)
            c.setStrokeColor(GRID)
            c.setLineWidth(0.3)
            c.line(self.x0, yy, self.x0 + self.w, yy)
            c.setFillColor(INK)
            c.setFont(fonts.regular, 6)
            c.drawRightString(self.x0 - 3, yy - 2, format_number(v, 0 if self.top >= 10 else 1, lang))
        c.setFont(fonts.regular, 6)
        c.drawString(self.x0 - 28, self.y0 + self.h + 6, unit)


def legend(canv: Canvas, x: float, y: float, items: Sequence[tuple[str, colors.Color, str]]) -> None:
    """A row of legend entries: (label, colour, 'bar' | 'line' | 'dash')."""
    fonts = register_fonts()
    c = canv
    for label, colour, mark in items:
        c.setFillColor(colour)
        c.setStrokeColor(colour)
        if mark == "bar":
            c.rect(x, y, 8, 6, stroke=0, fill=1)
        else:
            c.setLineWidth(1.4)
            c.setDash(*((3, 2) if mark == "dash" else ((), 0)))
            c.line(x, y + 3, x + 10, y + 3)
            c.setDash()
        c.setFillColor(INK)
        c.setFont(fonts.regular, 6.5)
        c.drawString(x + 12, y + 0.5, label)
        x += 22 + text_width(label, fonts.regular, 6.5)


class _FixedChart(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """A chart drawn in a box of fixed size [pt], labelled in ``lang``."""

    def __init__(self, lang: str, width: float, height: float) -> None:
        super().__init__()
        self.lang = lang
        self.width = width
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return (self.width, self.height)


class MonthlyBars(_FixedChart):
    """Local generation beside demand for each month [MWh], with grid export/import marks."""

    def __init__(self, months: Sequence[MonthBalance], lang: str, width: float, height: float) -> None:
        super().__init__(lang, width, height)
        self.months = months

    def draw(self) -> None:
        c = self.canv
        fonts = register_fonts()
        gen = [m.generation_kwh / 1000 for m in self.months]
        dem = [m.demand_kwh / 1000 for m in self.months]
        axes = _Axes(c, 36, 26, self.width - 44, self.height - 44, nice_max(max(gen + dem)))
        axes.draw_grid("MWh", self.lang)
        slot = axes.w / 12
        bar = slot * 0.34
        for k in range(12):
            x = axes.x0 + k * slot + slot * 0.14
            c.setFillColor(GEN)
            c.rect(x, axes.y0, bar, axes.y(gen[k]) - axes.y0, stroke=0, fill=1)
            c.setFillColor(DEMAND)
            c.rect(x + bar + 1, axes.y0, bar, axes.y(dem[k]) - axes.y0, stroke=0, fill=1)
            c.setFillColor(INK)
            c.setFont(fonts.regular, 6)
            c.drawCentredString(axes.x0 + (k + 0.5) * slot, axes.y0 - 8, cldr.month_short(k + 1, self.lang))
        legend(c, axes.x0, 4, [(t("energy.generation", self.lang), GEN, "bar"),
                               (t("energy.demand", self.lang), DEMAND, "bar")])


class DayLines(_FixedChart):
    """A typical day: demand, generation and grid import per hour [kW] on a shared axis."""

    def __init__(self, day: TypicalDay, top: float, lang: str, width: float, height: float) -> None:
        super().__init__(lang, width, height)
        self.day = day
        self.top = top

    def draw(self) -> None:
        c = self.canv
        fonts = register_fonts()
        axes = _Axes(c, 34, 30, self.width - 40, self.height - 58, self.top)
        axes.draw_grid("kW", self.lang)
        c.setFont(fonts.bold, 8)
        c.setFillColor(INK)
        c.drawString(axes.x0, self.height - 10, t(f"energy.{self.day.season}", self.lang))
        step = axes.w / 23
        series = ((self.day.demand_kw, DEMAND, ()), (self.day.generation_kw, GEN, ()),
                  (self.day.import_kw, IMPORT, (3, 2)))
        for values, colour, dash in series:
            c.setStrokeColor(colour)
            c.setLineWidth(1.3)
            c.setDash(*((dash, 0) if dash else ((), 0)))
            path = c.beginPath()
            for h, v in enumerate(values):
                (path.moveTo if h == 0 else path.lineTo)(axes.x0 + h * step, axes.y(v))
            c.drawPath(path, stroke=1, fill=0)
            c.setDash()
        c.setFont(fonts.regular, 6)
        for h in range(0, 24, 3):
            c.drawCentredString(axes.x0 + h * step, axes.y0 - 8, f"{h:02d}")
        c.drawRightString(axes.x0 + axes.w, axes.y0 - 16, t("energy.hour", self.lang))
        legend(c, axes.x0 - 30, 2, [(t("energy.demand", self.lang), DEMAND, "line"),
                                     (t("energy.generation", self.lang), GEN, "line"),
                                     (t("energy.import", self.lang), IMPORT, "dash")])


class KpiChart(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """One row per KPI: a bar for its value, a tick at its PED threshold, green when it passes.

    Each row has its own scale (units differ), from 0 (or the most negative of value and
    threshold) to 1.25 × the larger of the two.
    """

    ROW = 16.0

    def __init__(self, kpis: Sequence[Kpi], names: dict[str, str], lang: str, width: float) -> None:
        super().__init__()
        self.kpis = kpis
        self.names = names
        self.lang = lang
        self.width = width

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return (self.width, self.ROW * len(self.kpis) + 4)

    def draw(self) -> None:
        c = self.canv
        fonts = register_fonts()
        label_w = self.width * 0.34
        bar_x = label_w + 6
        bar_w = self.width - bar_x - 4
        for k, kpi in enumerate(self.kpis):
            y = self.ROW * (len(self.kpis) - 1 - k) + 4
            c.setFillColor(INK)
            c.setFont(fonts.regular, 7)
            c.drawString(0, y + 3, fit_text(self.names[kpi.key], fonts.regular, 7, label_w))
            values = [kpi.value] + ([kpi.threshold] if kpi.threshold is not None else [])
            lo = min(0.0, *values)
            hi = max(values) * 1.25 if max(values) > 0 else 1.0
            span = (hi - lo) or 1.0

            def x_of(v: float, lo: float = lo, span: float = span) -> float:
                return bar_x + bar_w * (v - lo) / span

            c.setFillColor(GRID)
            c.rect(bar_x, y + 1, bar_w, 9, stroke=0, fill=1)
            passes = kpi.passes
            c.setFillColor(IMPORT if passes is None else PASS if passes else FAIL)
            x_zero, x_val = x_of(0.0), x_of(kpi.value)
            c.rect(min(x_zero, x_val), y + 2.5, abs(x_val - x_zero), 6, stroke=0, fill=1)
            if kpi.threshold is not None:
                c.setStrokeColor(INK)
                c.setLineWidth(1.4)
                xt = x_of(kpi.threshold)
                c.line(xt, y - 1, xt, y + 12)


def _ticks(values: Sequence[float]) -> list[float]:
    """Round axis ticks (step 1, 2, 2.5 or 5 × 10^k) spanning 0 and every value, about 4 steps."""
    lo, hi = min(0.0, *values), max(0.0, *values)
    if hi - lo <= 0:
        return [lo, lo + 1.0]
    step = nice_max((hi - lo) / 4)
    first, last = math.floor(lo / step), math.ceil(hi / step)
    return [k * step for k in range(first, last + 1)]


def _compact(value: float, lang: str) -> str:
    """An axis label: thousands as k, millions as M (the table beside the chart has the digits)."""
    for size, suffix in ((1e6, " M"), (1e3, " k")):
        if abs(value) >= size:
            return format_number(value / size, 1 if abs(value) < 10 * size else 0, lang) + suffix
    return format_number(value, 0 if abs(value) >= 10 or value == 0 else 2, lang)


def wrap_words(text: str, font: str, size: float, width: float, lines: int = 2) -> list[str]:
    """``text`` broken at spaces into at most ``lines`` lines of ``width`` [pt]; a last line that
    still does not fit ends with an ellipsis (a word longer than the width too)."""
    out: list[str] = []
    words = text.split(" ")
    while words and len(out) < lines:
        line = words.pop(0)
        while words and text_width(f"{line} {words[0]}", font, size) <= width:
            line += " " + words.pop(0)
        out.append(line)
    if words:
        out[-1] = f"{out[-1]} {' '.join(words)}"
    return [fit_text(line, font, size, width) for line in out]


class Tornado(_FixedChart):
    """A tornado diagram: one row per input, a bar from the output at the input's low end to the
    output at its high end, around a vertical line at the assessed value, labelled with that
    value (``base_label``). The low end is hatched blue, the high end solid orange, so a grey
    printer keeps them apart. An input's name wraps onto two lines (long German compounds)."""

    ROW = 16.0
    LABEL_PT = 6.8
    #: The most bars a chart draws: 25 rows of 16 pt and the axes (454 pt) leave room on a 740 pt
    #: frame for the section's heading and notes; callers pass the bars sorted by swing and show the rest in a table.
    MAX_BARS = 25
    #: [pt] above the bars for the base line's label.
    HEAD = 12.0

    def __init__(self, bars: Sequence[TornadoBar], names: Sequence[str], base: float, unit: str, lang: str,
                 width: float, base_label: str = "") -> None:
        super().__init__(lang, width, self.ROW * len(bars) + 42 + self.HEAD)
        self.bars = bars
        self.names = names
        self.base = base
        self.unit = unit
        self.base_label = base_label

    def draw(self) -> None:
        c = self.canv
        fonts = register_fonts()
        label_w = self.width * 0.36
        x0, w = label_w + 8, self.width - label_w - 16
        ticks = _ticks([self.base] + [v for b in self.bars for v in (b.low_output, b.high_output)])
        lo, hi = ticks[0], ticks[-1]

        def x_of(v: float) -> float:
            return x0 + w * (v - lo) / (hi - lo)

        top = self.height - 8 - self.HEAD
        for v in ticks:
            c.setStrokeColor(GRID)
            c.setLineWidth(0.3)
            c.line(x_of(v), 24, x_of(v), top)
            c.setFillColor(INK)
            c.setFont(fonts.regular, 6)
            c.drawCentredString(x_of(v), 16, _compact(v, self.lang))
        c.drawRightString(x0 + w, 6, self.unit)
        if self.base_label:
            c.setFont(fonts.bold, 6.5)
            xb = x_of(self.base)
            label = fit_text(self.base_label, fonts.bold, 6.5, w)
            half = text_width(label, fonts.bold, 6.5) / 2
            # Centred on the line, kept inside the plot.
            c.drawString(min(max(xb - half, x0), x0 + w - 2 * half), top + 4, label)
        size = self.LABEL_PT
        for k, (bar, name) in enumerate(zip(self.bars, self.names, strict=True)):
            y = top - (k + 1) * self.ROW + 3
            c.setFillColor(INK)
            c.setFont(fonts.regular, size)
            lines = wrap_words(name, fonts.regular, size, label_w)
            if len(lines) == 1:
                c.drawString(0, y + 2, lines[0])
            else:
                c.drawString(0, y + 5.5, lines[0])
                c.drawString(0, y - 1.5, lines[1])
            xa, xb = sorted((x_of(self.base), x_of(bar.high_output)))
            c.setFillColor(GEN)
            c.rect(xa, y, max(xb - xa, 0.5), 9, stroke=0, fill=1)
            xa, xb = sorted((x_of(self.base), x_of(bar.low_output)))
            self._hatched(xa, y, xb - xa)
        c.setStrokeColor(INK)
        c.setLineWidth(1.2)
        c.line(x_of(self.base), 24, x_of(self.base), top + 2)
        self._hatched(x0, 0.5, 12.0)
        c.setFillColor(INK)
        c.setFont(fonts.regular, 6.5)
        c.drawString(x0 + 15, 2.5, t("sens.low", self.lang))
        legend(c, x0 + 30 + text_width(t("sens.low", self.lang), fonts.regular, 6.5), 2,
               [(t("sens.high", self.lang), GEN, "bar")])

    def _hatched(self, x: float, y: float, width: float, height: float = 9.0) -> None:
        """The low end's mark: a blue outline with diagonal hatching."""
        c = self.canv
        c.setStrokeColor(DEMAND)
        c.setLineWidth(0.6)
        c.rect(x, y, max(width, 0.5), height, stroke=1, fill=0)
        xx = x
        while xx < x + width:
            c.line(xx, y, min(xx + height, x + width), y + min(height, x + width - xx))
            xx += 3.0


class CumulativeCash(_FixedChart):
    """Yearly net cash flow as bars (down for money out) and the cumulative discounted cash
    flow as a line; where the line crosses zero is the discounted payback [EUR]."""

    def __init__(self, years: Sequence[CashFlowYear], lang: str, width: float, height: float) -> None:
        super().__init__(lang, width, height)
        self.years = years

    def draw(self) -> None:
        c = self.canv
        fonts = register_fonts()
        ticks = _ticks([v for y in self.years for v in (y.net_eur, y.cumulative_discounted_eur)])
        lo, hi = ticks[0], ticks[-1]
        x0, y0, w, h = 44.0, 26.0, self.width - 52, self.height - 40

        def y_of(v: float) -> float:
            return y0 + h * (v - lo) / (hi - lo)

        for v in ticks:
            c.setStrokeColor(GRID)
            c.setLineWidth(0.3)
            c.line(x0, y_of(v), x0 + w, y_of(v))
            c.setFillColor(INK)
            c.setFont(fonts.regular, 6)
            c.drawRightString(x0 - 3, y_of(v) - 2, _compact(v, self.lang))
        c.drawString(x0 - 40, y0 + h + 6, "€")
        slot = w / max(len(self.years), 1)
        zero = y_of(0.0)
        c.setStrokeColor(INK)
        c.setLineWidth(0.6)
        c.line(x0, zero, x0 + w, zero)
        for k, year in enumerate(self.years):
            c.setFillColor(IMPORT)
            top = y_of(year.net_eur)
            c.rect(x0 + k * slot + slot * 0.2, min(zero, top), slot * 0.6, abs(top - zero), stroke=0, fill=1)
            if k % 5 == 0 or k == len(self.years) - 1:
                c.setFillColor(INK)
                c.setFont(fonts.regular, 6)
                c.drawCentredString(x0 + (k + 0.5) * slot, y0 - 8, str(year.year))
        c.setStrokeColor(DEMAND)
        c.setLineWidth(1.4)
        path = c.beginPath()
        for k, year in enumerate(self.years):
            (path.moveTo if k == 0 else path.lineTo)(x0 + (k + 0.5) * slot, y_of(year.cumulative_discounted_eur))
        c.drawPath(path, stroke=1, fill=0)
        legend(c, x0, 4, [(t("col.net", self.lang), IMPORT, "bar"), (t("cash.chart", self.lang), DEMAND, "line")])
