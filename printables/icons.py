"""Vector pictograms for every :class:`cards.model.Icon`, drawn with reportlab primitives.

Each icon is a few strokes and fills in a unit square (x right, y up), scaled into the box the
caller gives, in one colour: it prints sharply, survives a grey-scale copy and adds no raster
images or fonts to the PDF. :data:`DRAWERS` covers every member of ``Icon`` (tested).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas

from cards.model import Icon


class Pen:
    """Draws in the unit square mapped onto a box of the canvas (one colour, round joins)."""

    def __init__(self, canvas: Canvas, x: float, y: float, size: float) -> None:
        self.c, self.x, self.y, self.s = canvas, x, y, size
        canvas.setLineWidth(0.075 * size)
        canvas.setLineCap(1)
        canvas.setLineJoin(1)

    def _p(self, u: float, v: float) -> tuple[float, float]:
        return (self.x + u * self.s, self.y + v * self.s)

    def line(self, *points: tuple[float, float]) -> None:
        """An open polyline through unit-square points."""
        path = self.c.beginPath()
        path.moveTo(*self._p(*points[0]))
        for point in points[1:]:
            path.lineTo(*self._p(*point))
        self.c.drawPath(path, stroke=1, fill=0)

    def poly(self, *points: tuple[float, float], fill: bool = True) -> None:
        """A closed polygon, filled or outlined."""
        path = self.c.beginPath()
        path.moveTo(*self._p(*points[0]))
        for point in points[1:]:
            path.lineTo(*self._p(*point))
        path.close()
        self.c.drawPath(path, stroke=1, fill=1 if fill else 0)

    def rect(self, u: float, v: float, w: float, h: float, fill: bool = False) -> None:
        self.c.rect(self.x + u * self.s, self.y + v * self.s, w * self.s, h * self.s, stroke=1, fill=1 if fill else 0)

    def circle(self, u: float, v: float, r: float, fill: bool = False) -> None:
        cx, cy = self._p(u, v)
        self.c.circle(cx, cy, r * self.s, stroke=1, fill=1 if fill else 0)

    def arc(self, u: float, v: float, r: float, start: float, extent: float) -> None:
        """An open arc centred on (u, v), angles in degrees counter-clockwise from +x."""
        cx, cy = self._p(u, v)
        rr = r * self.s
        path = self.c.beginPath()
        path.arc(cx - rr, cy - rr, cx + rr, cy + rr, startAng=start, extent=extent)
        self.c.drawPath(path, stroke=1, fill=0)


def _sun(p: Pen) -> None:
    p.circle(0.5, 0.5, 0.2, fill=True)
    for k in range(8):
        a = k * math.pi / 4
        p.line((0.5 + 0.3 * math.cos(a), 0.5 + 0.3 * math.sin(a)), (0.5 + 0.44 * math.cos(a), 0.5 + 0.44 * math.sin(a)))


def _battery(p: Pen) -> None:
    p.rect(0.12, 0.25, 0.68, 0.5)
    p.rect(0.8, 0.4, 0.08, 0.2, fill=True)
    p.rect(0.2, 0.33, 0.15, 0.34, fill=True)
    p.rect(0.41, 0.33, 0.15, 0.34, fill=True)


def _heat(p: Pen) -> None:
    for u in (0.25, 0.5, 0.75):
        p.line((u, 0.12), (u - 0.08, 0.3), (u + 0.08, 0.5), (u - 0.08, 0.7), (u, 0.88))


def _house(p: Pen) -> None:
    p.poly((0.1, 0.5), (0.5, 0.88), (0.9, 0.5), fill=False)
    p.rect(0.2, 0.12, 0.6, 0.38)
    p.rect(0.42, 0.12, 0.16, 0.22, fill=True)


def _building(p: Pen) -> None:
    p.rect(0.25, 0.08, 0.5, 0.84)
    for v in (0.7, 0.5, 0.3):
        p.rect(0.35, v, 0.1, 0.1, fill=True)
        p.rect(0.55, v, 0.1, 0.1, fill=True)
    p.rect(0.44, 0.08, 0.12, 0.14, fill=True)


def _city(p: Pen) -> None:
    p.rect(0.08, 0.1, 0.25, 0.5)
    p.rect(0.38, 0.1, 0.25, 0.8)
    p.rect(0.68, 0.1, 0.24, 0.62)
    p.line((0.02, 0.1), (0.98, 0.1))
    for v in (0.3, 0.5, 0.7):
        p.line((0.45, v), (0.56, v))


def _person_at(p: Pen, u: float, scale: float) -> None:
    p.circle(u, 0.25 + 0.5 * scale, 0.11 * scale, fill=True)
    p.arc(u, 0.1, 0.24 * scale, 0, 180)


def _people(p: Pen) -> None:
    _person_at(p, 0.3, 0.85)
    _person_at(p, 0.7, 0.85)
    _person_at(p, 0.5, 1.1)


def _person(p: Pen) -> None:
    _person_at(p, 0.5, 1.3)


def _handshake(p: Pen) -> None:
    p.line((0.05, 0.55), (0.25, 0.6), (0.5, 0.45), (0.65, 0.5), (0.95, 0.6))
    p.line((0.05, 0.35), (0.3, 0.35), (0.55, 0.2), (0.75, 0.35), (0.95, 0.35))
    p.line((0.5, 0.45), (0.4, 0.33))
    p.line((0.62, 0.38), (0.52, 0.27))


def _coin(p: Pen) -> None:
    p.circle(0.5, 0.5, 0.4)
    p.circle(0.5, 0.5, 0.3)
    p.line((0.58, 0.62), (0.5, 0.66), (0.42, 0.6), (0.42, 0.4), (0.5, 0.34), (0.58, 0.38))
    p.line((0.36, 0.53), (0.52, 0.53))
    p.line((0.36, 0.46), (0.52, 0.46))


def _bank(p: Pen) -> None:
    p.poly((0.08, 0.68), (0.5, 0.9), (0.92, 0.68), fill=True)
    for u in (0.2, 0.4, 0.6, 0.8):
        p.line((u, 0.24), (u, 0.6))
    p.rect(0.08, 0.1, 0.84, 0.1, fill=True)


def _chart(p: Pen) -> None:
    p.line((0.1, 0.9), (0.1, 0.1), (0.92, 0.1))
    p.rect(0.22, 0.1, 0.14, 0.3, fill=True)
    p.rect(0.44, 0.1, 0.14, 0.48, fill=True)
    p.rect(0.66, 0.1, 0.14, 0.7, fill=True)


def _grid(p: Pen) -> None:
    p.line((0.2, 0.08), (0.38, 0.9), (0.62, 0.9), (0.8, 0.08))
    p.line((0.2, 0.72), (0.8, 0.72))
    p.line((0.3, 0.5), (0.7, 0.5))
    p.line((0.28, 0.5), (0.72, 0.08))
    p.line((0.72, 0.5), (0.28, 0.08))


def _plug(p: Pen) -> None:
    p.rect(0.28, 0.4, 0.44, 0.28, fill=True)
    p.line((0.38, 0.68), (0.38, 0.9))
    p.line((0.62, 0.68), (0.62, 0.9))
    p.line((0.5, 0.4), (0.5, 0.22), (0.3, 0.08))


def _car(p: Pen) -> None:
    p.poly((0.06, 0.3), (0.06, 0.5), (0.22, 0.52), (0.34, 0.72), (0.7, 0.72), (0.82, 0.52), (0.94, 0.5), (0.94, 0.3), fill=False)
    p.circle(0.27, 0.28, 0.09, fill=True)
    p.circle(0.73, 0.28, 0.09, fill=True)


def _bike(p: Pen) -> None:
    p.circle(0.22, 0.3, 0.17)
    p.circle(0.78, 0.3, 0.17)
    p.line((0.22, 0.3), (0.42, 0.62), (0.66, 0.62), (0.78, 0.3))
    p.line((0.42, 0.62), (0.5, 0.3), (0.66, 0.62))
    p.line((0.36, 0.72), (0.48, 0.72))


def _bus(p: Pen) -> None:
    p.rect(0.15, 0.2, 0.7, 0.7)
    p.rect(0.22, 0.55, 0.56, 0.25, fill=True)
    p.circle(0.3, 0.12, 0.07, fill=True)
    p.circle(0.7, 0.12, 0.07, fill=True)


def _leaf(p: Pen) -> None:
    p.arc(0.5, 0.1, 0.55, 60, 60)
    p.arc(0.5, 0.9, 0.55, 240, 60)
    p.line((0.18, 0.12), (0.8, 0.88))


def _shield(p: Pen) -> None:
    p.poly((0.5, 0.92), (0.85, 0.78), (0.8, 0.4), (0.5, 0.08), (0.2, 0.4), (0.15, 0.78), fill=False)
    p.line((0.33, 0.5), (0.46, 0.36), (0.68, 0.64))


def _scale(p: Pen) -> None:
    p.line((0.5, 0.1), (0.5, 0.86))
    p.line((0.3, 0.1), (0.7, 0.1))
    p.line((0.15, 0.76), (0.85, 0.76))
    p.line((0.15, 0.76), (0.05, 0.46), (0.25, 0.46), (0.15, 0.76))
    p.line((0.85, 0.76), (0.75, 0.46), (0.95, 0.46), (0.85, 0.76))


def _gear(p: Pen) -> None:
    p.circle(0.5, 0.5, 0.27)
    p.circle(0.5, 0.5, 0.1, fill=True)
    for k in range(8):
        a = k * math.pi / 4
        p.line((0.5 + 0.28 * math.cos(a), 0.5 + 0.28 * math.sin(a)), (0.5 + 0.42 * math.cos(a), 0.5 + 0.42 * math.sin(a)))


def _data(p: Pen) -> None:
    for v in (0.18, 0.42, 0.66):
        p.rect(0.15, v, 0.7, 0.18)
        p.circle(0.28, v + 0.09, 0.035, fill=True)


def _phone(p: Pen) -> None:
    p.rect(0.3, 0.08, 0.4, 0.84)
    p.line((0.44, 0.82), (0.56, 0.82))
    p.circle(0.5, 0.17, 0.04, fill=True)


def _tools(p: Pen) -> None:
    p.line((0.15, 0.15), (0.62, 0.62))
    p.arc(0.72, 0.72, 0.15, 135, 270)
    p.line((0.85, 0.15), (0.4, 0.6))
    p.rect(0.3, 0.58, 0.14, 0.28, fill=True)


def _key(p: Pen) -> None:
    p.circle(0.28, 0.6, 0.17)
    p.line((0.42, 0.5), (0.9, 0.18))
    p.line((0.7, 0.31), (0.78, 0.42))
    p.line((0.8, 0.25), (0.88, 0.36))


def _factory(p: Pen) -> None:
    p.poly((0.06, 0.1), (0.06, 0.5), (0.3, 0.34), (0.3, 0.5), (0.54, 0.34), (0.54, 0.5), (0.7, 0.4), (0.7, 0.9), (0.86, 0.9), (0.86, 0.1), fill=False)
    p.rect(0.16, 0.16, 0.1, 0.1, fill=True)
    p.rect(0.4, 0.16, 0.1, 0.1, fill=True)


def _flame(p: Pen) -> None:
    path = p.c.beginPath()
    path.moveTo(*p._p(0.5, 0.08))
    path.curveTo(*p._p(0.12, 0.1), *p._p(0.2, 0.5), *p._p(0.45, 0.92))
    path.curveTo(*p._p(0.5, 0.62), *p._p(0.7, 0.66), *p._p(0.66, 0.46))
    path.curveTo(*p._p(0.9, 0.5), *p._p(0.88, 0.1), *p._p(0.5, 0.08))
    path.close()
    p.c.drawPath(path, stroke=1, fill=1)


def _snow(p: Pen) -> None:
    for k in range(3):
        a = k * math.pi / 3 + math.pi / 2
        dx, dy = 0.42 * math.cos(a), 0.42 * math.sin(a)
        p.line((0.5 - dx, 0.5 - dy), (0.5 + dx, 0.5 + dy))
        for sign in (1, -1):
            ex, ey = 0.5 + sign * dx * 0.7, 0.5 + sign * dy * 0.7
            for turn in (0.6, -0.6):
                b = a + (math.pi if sign < 0 else 0) + math.pi + turn
                p.line((ex, ey), (ex + 0.12 * math.cos(b), ey + 0.12 * math.sin(b)))


def _drop(p: Pen) -> None:
    path = p.c.beginPath()
    path.moveTo(*p._p(0.5, 0.92))
    path.curveTo(*p._p(0.3, 0.6), *p._p(0.2, 0.45), *p._p(0.22, 0.32))
    path.curveTo(*p._p(0.25, 0.02), *p._p(0.75, 0.02), *p._p(0.78, 0.32))
    path.curveTo(*p._p(0.8, 0.45), *p._p(0.7, 0.6), *p._p(0.5, 0.92))
    path.close()
    p.c.drawPath(path, stroke=1, fill=1)


def _lightning(p: Pen) -> None:
    p.poly((0.58, 0.94), (0.22, 0.44), (0.46, 0.44), (0.38, 0.06), (0.78, 0.58), (0.54, 0.58), fill=True)


def _globe(p: Pen) -> None:
    p.circle(0.5, 0.5, 0.4)
    p.line((0.1, 0.5), (0.9, 0.5))
    p.line((0.5, 0.1), (0.5, 0.9))
    p.c.ellipse(*p._p(0.32, 0.1), *p._p(0.68, 0.9), stroke=1, fill=0)
    p.line((0.18, 0.74), (0.82, 0.74))
    p.line((0.18, 0.26), (0.82, 0.26))


def _document(p: Pen) -> None:
    p.poly((0.2, 0.08), (0.2, 0.92), (0.62, 0.92), (0.8, 0.74), (0.8, 0.08), fill=False)
    for v in (0.6, 0.45, 0.3):
        p.line((0.32, v), (0.68, v))


def _megaphone(p: Pen) -> None:
    p.poly((0.12, 0.4), (0.12, 0.62), (0.3, 0.62), (0.78, 0.88), (0.78, 0.14), (0.3, 0.4), fill=False)
    p.line((0.24, 0.4), (0.3, 0.14), (0.4, 0.14), (0.38, 0.36))
    p.line((0.86, 0.58), (0.94, 0.62))
    p.line((0.86, 0.44), (0.94, 0.4))


def _school(p: Pen) -> None:
    p.poly((0.05, 0.62), (0.5, 0.84), (0.95, 0.62), (0.5, 0.4), fill=True)
    p.line((0.24, 0.52), (0.24, 0.26), (0.5, 0.14), (0.76, 0.26), (0.76, 0.52))
    p.line((0.88, 0.6), (0.88, 0.3))


def _warning(p: Pen) -> None:
    p.poly((0.5, 0.92), (0.94, 0.12), (0.06, 0.12), fill=False)
    p.line((0.5, 0.66), (0.5, 0.38))
    p.circle(0.5, 0.24, 0.04, fill=True)


def _clock(p: Pen) -> None:
    p.circle(0.5, 0.5, 0.4)
    p.line((0.5, 0.78), (0.5, 0.5), (0.7, 0.38))


def _arrows(p: Pen) -> None:
    p.arc(0.5, 0.5, 0.34, 20, 150)
    p.arc(0.5, 0.5, 0.34, 200, 150)
    p.poly((0.12, 0.66), (0.2, 0.46), (0.28, 0.66), fill=True)
    p.poly((0.72, 0.34), (0.8, 0.54), (0.88, 0.34), fill=True)


def _wind(p: Pen) -> None:
    p.line((0.5, 0.08), (0.5, 0.56))
    for k in range(3):
        a = math.pi / 2 + k * 2 * math.pi / 3
        p.poly((0.5, 0.56), (0.5 + 0.4 * math.cos(a) - 0.05 * math.sin(a), 0.56 + 0.4 * math.sin(a) + 0.05 * math.cos(a)), (0.5 + 0.4 * math.cos(a), 0.56 + 0.4 * math.sin(a)), fill=True)
    p.line((0.32, 0.08), (0.68, 0.08))


def _store(p: Pen) -> None:
    p.rect(0.12, 0.1, 0.76, 0.46)
    p.poly((0.08, 0.56), (0.18, 0.86), (0.82, 0.86), (0.92, 0.56), fill=False)
    for top, bottom in ((0.34, 0.32), (0.5, 0.5), (0.66, 0.68)):
        p.line((top, 0.86), (bottom, 0.56))
    p.rect(0.42, 0.1, 0.16, 0.26, fill=True)


def _star(p: Pen) -> None:
    points = []
    for k in range(10):
        a = math.pi / 2 + k * math.pi / 5
        r = 0.44 if k % 2 == 0 else 0.18
        points.append((0.5 + r * math.cos(a), 0.47 + r * math.sin(a)))
    p.poly(*points, fill=True)


DRAWERS: dict[Icon, Callable[[Pen], None]] = {
    Icon.SUN: _sun,
    Icon.BATTERY: _battery,
    Icon.HEAT: _heat,
    Icon.HOUSE: _house,
    Icon.BUILDING: _building,
    Icon.CITY: _city,
    Icon.PEOPLE: _people,
    Icon.PERSON: _person,
    Icon.HANDSHAKE: _handshake,
    Icon.COIN: _coin,
    Icon.BANK: _bank,
    Icon.CHART: _chart,
    Icon.GRID: _grid,
    Icon.PLUG: _plug,
    Icon.CAR: _car,
    Icon.BIKE: _bike,
    Icon.BUS: _bus,
    Icon.LEAF: _leaf,
    Icon.SHIELD: _shield,
    Icon.SCALE: _scale,
    Icon.GEAR: _gear,
    Icon.DATA: _data,
    Icon.PHONE: _phone,
    Icon.TOOLS: _tools,
    Icon.KEY: _key,
    Icon.FACTORY: _factory,
    Icon.FLAME: _flame,
    Icon.SNOW: _snow,
    Icon.DROP: _drop,
    Icon.LIGHTNING: _lightning,
    Icon.GLOBE: _globe,
    Icon.DOCUMENT: _document,
    Icon.MEGAPHONE: _megaphone,
    Icon.SCHOOL: _school,
    Icon.WARNING: _warning,
    Icon.CLOCK: _clock,
    Icon.ARROWS: _arrows,
    Icon.WIND: _wind,
    Icon.STORE: _store,
    Icon.STAR: _star,
}


def draw_icon(canvas: Canvas, icon: Icon, x: float, y: float, size: float, rgb: tuple[float, float, float]) -> None:
    """Draw ``icon`` in colour ``rgb`` (0–1) into the square at (x, y) of side ``size`` [pt]."""
    drawer = DRAWERS.get(icon)
    if drawer is None:
        raise ValueError(f"expected an icon in {[i.value for i in DRAWERS]}, got {icon!r}")
    canvas.saveState()
    canvas.setStrokeColorRGB(*rgb)
    canvas.setFillColorRGB(*rgb)
    drawer(Pen(canvas, x, y, size))
    canvas.restoreState()
