"""How each category looks: colour, texture and shape, so cards stay apart in any print.

Colours are the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), distinguishable
with the common colour-vision deficiencies. Because an office printer may print in grey, every
category also has its own band texture and its own corner shape; two categories never share either.
"""

from __future__ import annotations

from dataclasses import dataclass

from cards.model import Category


@dataclass(frozen=True)
class CategoryStyle:
    """Colour (0–1 RGB), text colour on it, band texture and marker shape of one category."""

    rgb: tuple[float, float, float]
    ink: tuple[float, float, float]
    texture: str
    shape: str


def _hex(value: str) -> tuple[float, float, float]:
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255)


WHITE = (1.0, 1.0, 1.0)
BLACK = (0.0, 0.0, 0.0)
DARK = (0.13, 0.13, 0.13)

STYLES: dict[Category, CategoryStyle] = {
    Category.ROLE: CategoryStyle(_hex("3A3A3A"), WHITE, "solid", "circle"),
    Category.GOVERNANCE: CategoryStyle(_hex("0072B2"), WHITE, "hstripes", "square"),
    Category.WHO: CategoryStyle(_hex("56B4E9"), BLACK, "dots", "triangle"),
    Category.WHAT: CategoryStyle(_hex("E69F00"), BLACK, "diag_up", "diamond"),
    Category.HOW: CategoryStyle(_hex("009E73"), WHITE, "diag_down", "hexagon"),
    Category.WHY: CategoryStyle(_hex("F0E442"), BLACK, "crosshatch", "star"),
    Category.ENERGY: CategoryStyle(_hex("D55E00"), WHITE, "zigzag", "bolt"),
    Category.SCENARIO: CategoryStyle(_hex("CC79A7"), BLACK, "vstripes", "octagon"),
}


def style(category: Category) -> CategoryStyle:
    """The style of ``category``."""
    return STYLES[category]
