"""QR codes as vector rectangles: sharp at any printer resolution and a few bytes each.

Matrices come from the ``qrcode`` package (about 6x faster than reportlab's widget, see shared
FIELD-NOTES); each dark run of a row becomes one rectangle, which keeps PDFs small and avoids the
hairline seams some RIPs show between touching squares.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import qrcode
import qrcode.constants
from reportlab.pdfgen.canvas import Canvas

from printables.geometry import MIN_QR_MODULE_MM, MM, QUIET_MODULES

STRONG_LEVELS = ("H", "Q")
"""Levels a card's code may use when its payload allows: Q restores about 25 % of the symbol, H
about 30 %, enough for a reflection or a fingertip over part of the code (L restores 7 %)."""

#: Error-correction levels, strongest first (H recovers ~30 %, Q ~25 %, M ~15 %, L ~7 %).
LEVELS: tuple[tuple[str, int], ...] = (
    ("H", qrcode.constants.ERROR_CORRECT_H),
    ("Q", qrcode.constants.ERROR_CORRECT_Q),
    ("M", qrcode.constants.ERROR_CORRECT_M),
    ("L", qrcode.constants.ERROR_CORRECT_L),
)


@dataclass(frozen=True)
class QrMatrix:
    """A QR symbol without quiet zone: ``rows[y][x]`` True for dark, row 0 at the top."""

    payload: str
    level: str
    rows: tuple[tuple[bool, ...], ...]

    @property
    def size(self) -> int:
        """Modules per side (21 for version 1, +4 per version)."""
        return len(self.rows)


def matrix(payload: str, level: str = "M") -> QrMatrix:
    """Encode ``payload`` at error-correction ``level`` (H, Q, M or L) in the smallest version."""
    levels = dict(LEVELS)
    if level not in levels:
        raise ValueError(f"expected an error-correction level in {list(levels)}, got {level!r}")
    code = qrcode.QRCode(error_correction=levels[level], border=0, box_size=1)
    code.add_data(payload)
    code.make(fit=True)
    rows = tuple(tuple(bool(v) for v in row) for row in code.get_matrix())
    return QrMatrix(payload=payload, level=level, rows=rows)


def module_mm(qr: QrMatrix, box_mm: float) -> float:
    """Printed module size [mm] when the symbol plus its quiet zone fills ``box_mm``."""
    return box_mm / (qr.size + 2 * QUIET_MODULES)


def choose(payload: str, box_mm: float, what: str) -> QrMatrix:
    """The symbol with the largest printed modules in ``box_mm`` among :data:`STRONG_LEVELS`
    (ties: the stronger level); only a payload too long for Q falls back to M, then L.

    What a phone must resolve is the module: under about 2 px per module no decoder reads a
    code (bench/bench_phone.py, "px per module"), so fewer, larger modules beat more error
    correction. The compact payload (16 alphanumeric characters) fits version 1 at Q: 21
    modules, 0.93 mm each in the poker card's 27 mm box, where version 2 at H would print
    0.82 mm. A ``ValueError`` naming ``what`` when even the largest modules are below
    :data:`MIN_QR_MODULE_MM` (a payload too long for the card, usually a long ``--base-url``).
    """
    modules = {name: box_mm / (symbol_size(payload, name) + 2 * QUIET_MODULES) for name, _ in LEVELS}
    order = [name for name, _ in LEVELS]
    strong = [name for name in STRONG_LEVELS if modules[name] >= MIN_QR_MODULE_MM]
    pool = strong or order
    chosen = max(pool, key=lambda name: (modules[name], -order.index(name)))
    if modules[chosen] < MIN_QR_MODULE_MM:
        raise ValueError(
            f"{what}: expected QR modules of at least {MIN_QR_MODULE_MM} mm, got "
            f"{modules[chosen]:.2f} mm for a {len(payload)}-character payload in a "
            f"{box_mm} mm box; use a shorter --base-url"
        )
    return matrix(payload, chosen)


def symbol_size(payload: str, level: str) -> int:
    """Modules per side of the smallest symbol holding ``payload`` at ``level`` (no masking run)."""
    code = qrcode.QRCode(error_correction=dict(LEVELS)[level], border=0, box_size=1)
    code.add_data(payload)
    return 17 + 4 * int(code.best_fit())


def dark_runs(rows: Sequence[Sequence[bool]]) -> list[tuple[int, int, int]]:
    """Horizontal dark runs as (row, first column, length), rows counted from the top."""
    runs: list[tuple[int, int, int]] = []
    for y, row in enumerate(rows):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                runs.append((y, start, x - start))
            else:
                x += 1
    return runs


def draw(canvas: Canvas, qr: QrMatrix, x: float, y: float, box: float) -> None:
    """Draw ``qr`` with its quiet zone filling the square ``box`` [pt] whose lower left is (x, y).

    The quiet zone is painted white so a coloured background never eats into it.
    """
    module = box / (qr.size + 2 * QUIET_MODULES)
    top = y + box - QUIET_MODULES * module
    left = x + QUIET_MODULES * module
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, box, box, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for row, col, length in dark_runs(qr.rows):
        path.rect(left + col * module, top - (row + 1) * module, length * module, module)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def box_pt(box_mm: float) -> float:
    """``box_mm`` [mm] in points."""
    return box_mm * MM
