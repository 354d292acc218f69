"""Band textures and category shapes: the non-colour cues that survive a grey-scale print."""

from __future__ import annotations

import math

from reportlab.pdfgen.canvas import Canvas

from printables.geometry import MM, Box

TEXTURE_STEP = 2.2 * MM
"""Spacing of texture lines and dots [pt]: coarse enough for a 300 dpi laser to keep."""


def _clip(canvas: Canvas, box: Box) -> None:
    path = canvas.beginPath()
    path.rect(box.x, box.y, box.w, box.h)
    canvas.clipPath(path, stroke=0, fill=0)


def mix(base: tuple[float, float, float], ink: tuple[float, float, float], share: float) -> tuple[float, float, float]:
    """``share`` of ``ink`` over ``base`` as one opaque colour (no PDF transparency, which some
    print workflows flatten badly)."""
    return (
        base[0] * (1 - share) + ink[0] * share,
        base[1] * (1 - share) + ink[1] * share,
        base[2] * (1 - share) + ink[2] * share,
    )


def draw_texture(
    canvas: Canvas,
    box: Box,
    texture: str,
    base: tuple[float, float, float],
    ink: tuple[float, float, float],
    share: float = 0.3,
) -> None:
    """Overlay ``texture`` (a name from :data:`printables.style.STYLES`) on ``box`` filled with
    ``base``, in ``share`` of ``ink`` mixed into ``base``."""
    if texture == "solid":
        return
    rgb = mix(base, ink, share)
    canvas.saveState()
    _clip(canvas, box)
    canvas.setStrokeColorRGB(*rgb)
    canvas.setFillColorRGB(*rgb)
    canvas.setLineWidth(0.45 * MM)
    step = TEXTURE_STEP
    span = box.w + box.h
    path = canvas.beginPath()
    if texture == "hstripes":
        y = box.y + step / 2
        while y < box.y2:
            path.moveTo(box.x, y)
            path.lineTo(box.x2, y)
            y += step
    elif texture == "vstripes":
        x = box.x + step / 2
        while x < box.x2:
            path.moveTo(x, box.y)
            path.lineTo(x, box.y2)
            x += step
    elif texture in ("diag_up", "diag_down", "crosshatch"):
        d = -box.h
        while d < box.w + box.h:
            if texture in ("diag_up", "crosshatch"):
                path.moveTo(box.x + d, box.y)
                path.lineTo(box.x + d + span, box.y + span)
            if texture in ("diag_down", "crosshatch"):
                path.moveTo(box.x + d, box.y2)
                path.lineTo(box.x + d + span, box.y2 - span)
            d += step * (1.4 if texture == "crosshatch" else 1.0)
    elif texture == "zigzag":
        y = box.y + step / 2
        while y < box.y2 + step:
            path.moveTo(box.x, y)
            x, up = box.x, True
            while x < box.x2 + step:
                x += step / 2
                path.lineTo(x, y + (step / 3 if up else 0))
                up = not up
            y += step
    elif texture == "dots":
        y, row = box.y + step / 2, 0
        while y < box.y2 + step:
            x = box.x + (step / 2 if row % 2 else 0)
            while x < box.x2 + step:
                path.circle(x, y, 0.32 * MM)
                x += step
            y += step * 0.87
            row += 1
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()
        return
    else:
        canvas.restoreState()
        raise ValueError(f"expected a known texture, got {texture!r}")
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()


def _regular(n: int, cx: float, cy: float, r: float, turn: float) -> list[tuple[float, float]]:
    return [(cx + r * math.cos(turn + k * 2 * math.pi / n), cy + r * math.sin(turn + k * 2 * math.pi / n)) for k in range(n)]


def shape_points(shape: str, cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    """Polygon of a category shape centred on (cx, cy) with outer radius ``r`` [pt]."""
    if shape == "square":
        return _regular(4, cx, cy, r * 0.95, math.pi / 4)
    if shape == "triangle":
        return _regular(3, cx, cy - r * 0.1, r, math.pi / 2)
    if shape == "diamond":
        return _regular(4, cx, cy, r, math.pi / 2)
    if shape == "hexagon":
        return _regular(6, cx, cy, r, 0)
    if shape == "octagon":
        return _regular(8, cx, cy, r, math.pi / 8)
    if shape == "star":
        return [
            (cx + (r if k % 2 == 0 else r * 0.45) * math.cos(math.pi / 2 + k * math.pi / 5),
             cy + (r if k % 2 == 0 else r * 0.45) * math.sin(math.pi / 2 + k * math.pi / 5))
            for k in range(10)
        ]
    if shape == "bolt":
        pts = [(0.15, 1.0), (-0.55, -0.05), (-0.05, -0.05), (-0.2, -1.0), (0.55, 0.1), (0.05, 0.1)]
        return [(cx + u * r, cy + v * r) for u, v in pts]
    raise ValueError(f"expected a known shape, got {shape!r}")


def draw_shape(canvas: Canvas, shape: str, cx: float, cy: float, r: float, rgb: tuple[float, float, float]) -> None:
    """Fill the category ``shape`` in ``rgb``; ``circle`` is a disc."""
    canvas.saveState()
    canvas.setFillColorRGB(*rgb)
    canvas.setStrokeColorRGB(*rgb)
    if shape == "circle":
        canvas.circle(cx, cy, r * 0.9, stroke=0, fill=1)
    else:
        points = shape_points(shape, cx, cy, r)
        path = canvas.beginPath()
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        path.close()
        canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
