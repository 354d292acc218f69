"""Paper, card sizes and the layout numbers of a card face, in one place.

Units: millimetres in the tables (what a print shop talks in), PDF points (1/72 in) where
reportlab draws; :data:`MM` converts. Sizes follow the trade names print shops use: poker
63 x 88 mm, bridge 57 x 89 mm, tarot 70 x 120 mm, mini (US mini) 44 x 63 mm.
"""

from __future__ import annotations

from dataclasses import dataclass

MM = 72.0 / 25.4
"""Points per millimetre (PDF user space is 1/72 inch)."""


@dataclass(frozen=True)
class Paper:
    """A sheet in portrait orientation [mm]."""

    name: str
    width: float
    height: float

    @property
    def size_pt(self) -> tuple[float, float]:
        return (self.width * MM, self.height * MM)


PAPERS: dict[str, Paper] = {
    "a4": Paper("a4", 210.0, 297.0),
    "letter": Paper("letter", 215.9, 279.4),
    "a3": Paper("a3", 297.0, 420.0),
}


@dataclass(frozen=True)
class CardSize:
    """One card format and the type sizes that suit it.

    ``safe`` is the inset from the trim edge that text and the QR code never cross [mm]: cutting
    tolerance on an office guillotine is about ±1 mm and print shops ask for 3 mm.
    Type sizes are [pt]; ``*_floor`` is the smallest size text may shrink to before the build
    fails (5.5 pt body is about the smallest a person reads at arm's length on a table).
    ``show_body`` is False for the mini card, a quick-reference card that prints title and hook.
    """

    name: str
    width: float
    height: float
    safe: float
    band: float
    icon: float
    qr_box: float
    title_pt: float
    hook_pt: float
    body_pt: float
    code_pt: float
    floor_ratio: float
    show_body: bool = True
    marker: float = 0.0

    @property
    def marker_cell(self) -> float:
        """Side of one card-marker cell [mm] (the marker is 8 x 8 cells, border included)."""
        return self.marker / 8

    @property
    def size_pt(self) -> tuple[float, float]:
        return (self.width * MM, self.height * MM)


CARD_SIZES: dict[str, CardSize] = {
    "poker": CardSize("poker", 63.0, 88.0, 3.5, 13.0, 8.5, 27.0, 11.0, 8.0, 7.4, 13.0, 0.74, marker=16.0),
    "bridge": CardSize("bridge", 57.0, 89.0, 3.5, 13.0, 8.5, 23.0, 10.5, 7.8, 7.2, 12.0, 0.72, marker=13.6),
    "tarot": CardSize("tarot", 70.0, 120.0, 4.0, 16.0, 10.5, 28.0, 14.0, 10.5, 9.8, 15.0, 0.72, marker=16.8),
    "mini": CardSize("mini", 44.0, 63.0, 3.0, 9.5, 6.0, 19.0, 8.0, 6.4, 6.0, 9.5, 0.8, show_body=False, marker=10.6),
}
"""``marker`` is the side of the card marker (:mod:`cards.markers`, an AprilTag 36h11 of 8 x 8
cells) printed in the front's lower-left corner, diagonally away from the QR box so one reflection
rarely covers both: cells of 2.0 mm on poker (2.15 x its 0.93 mm QR module), 1.7 mm on bridge
(0.79 mm modules: 2.15 x), 2.1 mm on tarot (0.97 mm: 2.17 x) and 1.33 mm on mini (0.66 mm: 2.02 x,
what its 19 mm beside the QR box leaves once the footer sits above). 0 prints no marker (decks
printed before issue 15's marker)."""

MARKER_QUIET_CELLS = 1.0
"""White margin around a card marker [cells]: the detector needs the black border to stand on
white; the safe inset (3-4 mm) gives it on the trim side, the footer keeps it above."""

MIN_QR_MODULE_MM = 0.55
"""Smallest printed QR module [mm] we accept. A phone at 60 cm filming 1080p sees about
0.45 mm per pixel across an 85 cm wide field of view, so 0.55 mm modules still get more than
one pixel each (zxing-cpp decodes from about 1 px/module); the shipped poker card with the
compact payload prints 0.93 mm modules (version 1 at Q in the 27 mm box, see
``printables.qr.choose``), about 2.3 px at 60 cm and 4.6 px at 30 cm."""

QUIET_MODULES = 4
"""The white quiet zone around a QR code [modules], required by ISO/IEC 18004."""


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle in PDF points, origin bottom-left (reportlab's frame)."""

    x: float
    y: float
    w: float
    h: float

    def inset(self, d: float) -> Box:
        """This box shrunk by ``d`` [pt] on every side (negative grows it)."""
        return Box(self.x + d, self.y + d, self.w - 2 * d, self.h - 2 * d)

    def contains(self, other: Box, tol: float = 0.01) -> bool:
        """True when ``other`` lies inside this box (within ``tol`` [pt])."""
        return (
            other.x >= self.x - tol
            and other.y >= self.y - tol
            and other.x + other.w <= self.x + self.w + tol
            and other.y + other.h <= self.y + self.h + tol
        )

    @property
    def x2(self) -> float:
        return self.x + self.w

    @property
    def y2(self) -> float:
        return self.y + self.h


MAX_BLEED_MM = 6.0
"""Largest bleed we print [mm]: print shops ask for 2–5 mm (3 mm is the common figure)."""


def check_bleed(bleed_mm: float) -> None:
    """Raise ``ValueError`` unless 0 <= ``bleed_mm`` <= :data:`MAX_BLEED_MM` [mm]."""
    if not 0 <= bleed_mm <= MAX_BLEED_MM:
        raise ValueError(f"expected a bleed between 0 and {MAX_BLEED_MM} mm, got {bleed_mm}")


def parse_offset(text: str) -> tuple[float, float]:
    """Parse ``--back-offset X,Y`` [mm] into a pair; raise ``ValueError`` naming the input."""
    parts = text.replace(" ", "").split(",")
    try:
        if len(parts) != 2:
            raise ValueError
        x, y = float(parts[0]), float(parts[1])
    except ValueError:
        raise ValueError(f"expected --back-offset as X,Y in millimetres (e.g. 0.5,-1), got {text!r}") from None
    if abs(x) > 10 or abs(y) > 10:
        raise ValueError(f"expected a back offset within ±10 mm per axis, got {text!r}")
    return (x, y)
