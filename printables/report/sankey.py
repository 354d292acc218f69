"""The value-flow diagram: a two-column Sankey drawn with reportlab paths.

Value flows between stakeholders often run both ways (tenants pay the cooperative, the
cooperative pays dividends back), so a layered Sankey would need cycles broken arbitrarily.
This one puts every stakeholder that gives on the left and every stakeholder that receives on
the right (the same stakeholder may appear on both sides): node bars are as tall as the
stakeholder's total out- or inflow, and each flow is a filled ribbon of two cubic Béziers whose
width is proportional to its annual amount. One diagram per flow kind, since euros and
kilowatt-hours share no scale.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.platypus import Flowable

from printables.fonts import register_fonts, text_width
from printables.report.formatting import format_value
from printables.report.model import Stakeholder, ValueFlow

#: Okabe–Ito palette and darker companions, one colour per stakeholder in order of appearance.
PALETTE: tuple[tuple[float, float, float], ...] = (
    (0.0, 0.447, 0.698), (0.902, 0.624, 0.0), (0.0, 0.620, 0.451), (0.835, 0.369, 0.0),
    (0.800, 0.475, 0.655), (0.337, 0.706, 0.914), (0.45, 0.45, 0.45), (0.60, 0.55, 0.10),
    (0.35, 0.20, 0.55), (0.10, 0.40, 0.30), (0.65, 0.25, 0.25), (0.25, 0.30, 0.60),
)

NODE_W = 9.0
GAP = 6.0
LABEL_SIZE = 7.0
LABEL_SLOT = 2 * LABEL_SIZE + 3
"""Vertical room [pt] a node keeps for its two label lines, however thin its bar."""
MIN_BAND = 0.6
"""Thinnest ribbon drawn [pt], so a tiny flow stays visible; its width is then not to scale."""


def stakeholder_colours(stakeholders: Sequence[Stakeholder]) -> dict[str, tuple[float, float, float]]:
    """A stable colour per stakeholder id (order of the assessment's list)."""
    return {s.id: PALETTE[i % len(PALETTE)] for i, s in enumerate(stakeholders)}


@dataclass(frozen=True)
class _Node:
    sid: str
    total: float
    y_top: float
    height: float


def _stack(totals: dict[str, float], order: Sequence[str], top: float, scale: float) -> dict[str, _Node]:
    nodes: dict[str, _Node] = {}
    y = top
    for sid in order:
        if sid not in totals:
            continue
        h = max(totals[sid] * scale, MIN_BAND)
        nodes[sid] = _Node(sid, totals[sid], y, h)
        y -= max(h, LABEL_SLOT) + GAP
    return nodes


def _stack_height(totals: dict[str, float], scale: float) -> float:
    """Height [pt] the stacked nodes take at ``scale`` (labels keep a minimum slot each)."""
    return sum(max(v * scale, LABEL_SLOT) + GAP for v in totals.values()) - GAP


def _scale(out_tot: dict[str, float], in_tot: dict[str, float], usable: float) -> float:
    """The largest scale [pt per unit] at which both columns fit ``usable`` [pt]."""
    total = max(sum(out_tot.values()), 1e-12)
    scale = usable / total
    for _ in range(30):
        if max(_stack_height(out_tot, scale), _stack_height(in_tot, scale)) <= usable:
            return scale
        scale *= 0.9
    return scale


class Sankey(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """Flows of one kind between stakeholders, ``width`` × ``height`` [pt]."""

    def __init__(self, flows: Sequence[ValueFlow], stakeholders: Sequence[Stakeholder],
                 names: dict[str, str], lang: str, width: float, height: float) -> None:
        super().__init__()
        if not flows:
            raise ValueError("expected at least one value flow for a Sankey diagram, got none")
        units = {f.unit for f in flows}
        if len(units) != 1:
            raise ValueError(f"expected flows of one unit in one Sankey diagram, got {sorted(units)}")
        self.flows = sorted(flows, key=lambda f: -f.amount)
        self.unit = units.pop()
        self.names = names
        self.lang = lang
        self.colours = stakeholder_colours(stakeholders)
        known = [s.id for s in stakeholders]
        ends = {f.source for f in flows} | {f.target for f in flows}
        self.order = known + sorted(ends - set(known))
        self.width = width
        self.height = height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return (self.width, self.height)

    def _label_width(self) -> float:
        font = register_fonts().bold
        widest = max((text_width(self.names.get(sid, sid), font, LABEL_SIZE) for sid in self.order), default=40)
        return min(max(widest + 2, 60.0), self.width * 0.3)

    def draw(self) -> None:
        out_tot: dict[str, float] = {}
        in_tot: dict[str, float] = {}
        for f in self.flows:
            out_tot[f.source] = out_tot.get(f.source, 0.0) + f.amount
            in_tot[f.target] = in_tot.get(f.target, 0.0) + f.amount
        scale = _scale(out_tot, in_tot, self.height - 4)
        label_w = self._label_width()
        x_left = label_w + 4
        x_right = self.width - label_w - 4 - NODE_W
        left = _stack(out_tot, self.order, self.height - 2, scale)
        right = _stack(in_tot, self.order, self.height - 2, scale)
        self._draw_bands(left, right, x_left + NODE_W, x_right, scale)
        self._draw_nodes(left, x_left, label_w, side="left")
        self._draw_nodes(right, x_right, label_w, side="right")

    def _draw_bands(self, left: dict[str, _Node], right: dict[str, _Node], x0: float, x1: float,
                    scale: float) -> None:
        c = self.canv
        used_out = {sid: 0.0 for sid in left}
        used_in = {sid: 0.0 for sid in right}
        order_index = {sid: i for i, sid in enumerate(self.order)}
        # Ribbons leave each source in the order of their targets and enter in the order of
        # their sources, so ribbons cross as little as a two-column layout allows.
        by_source = sorted(self.flows, key=lambda f: (order_index[f.source], order_index[f.target]))
        starts: dict[int, float] = {}
        for f in by_source:
            w = max(f.amount * scale, MIN_BAND)
            starts[id(f)] = left[f.source].y_top - used_out[f.source]
            used_out[f.source] += w
        by_target = sorted(self.flows, key=lambda f: (order_index[f.target], order_index[f.source]))
        xm = (x0 + x1) / 2
        for f in by_target:
            w = max(f.amount * scale, MIN_BAND)
            ys = starts[id(f)]
            yd = right[f.target].y_top - used_in[f.target]
            used_in[f.target] += w
            r, g, b = self.colours.get(f.source, PALETTE[6])
            c.setFillColor(colors.Color(r, g, b, alpha=0.45))
            c.setStrokeColor(colors.Color(r, g, b, alpha=0.8))
            c.setLineWidth(0.2)
            path = c.beginPath()
            path.moveTo(x0, ys)
            path.curveTo(xm, ys, xm, yd, x1, yd)
            path.lineTo(x1, yd - w)
            path.curveTo(xm, yd - w, xm, ys - w, x0, ys - w)
            path.close()
            c.drawPath(path, fill=1, stroke=1)

    def _draw_nodes(self, nodes: dict[str, _Node], x: float, label_w: float, side: str) -> None:
        c = self.canv
        fonts = register_fonts()
        for node in nodes.values():
            r, g, b = self.colours.get(node.sid, PALETTE[6])
            c.setFillColor(colors.Color(r, g, b))
            c.rect(x, node.y_top - node.height, NODE_W, node.height, stroke=0, fill=1)
            name = _fit(self.names.get(node.sid, node.sid), fonts.bold, LABEL_SIZE, label_w)
            amount = format_value(node.total, self.unit, self.lang)
            mid = min(node.y_top - node.height / 2, self.height - LABEL_SIZE - 1)
            c.setFillColor(colors.Color(0.13, 0.13, 0.13))
            if side == "left":
                c.setFont(fonts.bold, LABEL_SIZE)
                c.drawRightString(x - 3, mid + 1, name)
                c.setFont(fonts.regular, LABEL_SIZE - 0.5)
                c.drawRightString(x - 3, mid - LABEL_SIZE + 0.5, amount)
            else:
                c.setFont(fonts.bold, LABEL_SIZE)
                c.drawString(x + NODE_W + 3, mid + 1, name)
                c.setFont(fonts.regular, LABEL_SIZE - 0.5)
                c.drawString(x + NODE_W + 3, mid - LABEL_SIZE + 0.5, amount)


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis so that it is at most ``width`` [pt] wide."""
    if text_width(text, font, size) <= width:
        return text
    # One pass over the characters (widths add up: reportlab sets TrueType text unkerned)
    # instead of re-measuring the whole string after each character dropped.
    budget = width - text_width("…", font, size)
    used = 0.0
    for end, ch in enumerate(text):
        used += text_width(ch, font, size)
        if used > budget + 1e-9:
            return text[:end] + "…"
    return text + "…"


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """Public alias of the ellipsis cutter for the other charts."""
    return _fit(text, font, size, width)
