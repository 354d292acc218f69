"""The reportlab canvas every printable draws on: neutral colours go out as DeviceGray.

A neutral RGB colour (red = green = blue) and the DeviceGray level of the same value are the
same colour (ISO 32000-1:2008, 10.3.2 and 10.3.4: gray = r = g = b). Written as DeviceGray, black
text, QR modules, crop marks and grey rules print on the black plate alone: an office colour
printer uses its black toner, and the print-shop conversion (printables.print_shop) keeps
DeviceGray as it is. Written as DeviceRGB they would go through the ICC conversion and come out
as a four-colour "rich" black (about C72 M68 Y67 K88 with Ghostscript's default CMYK profile),
which smears small type and QR modules whenever the four plates are not in perfect register.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import CMYKColor, Color
from reportlab.pdfgen.canvas import Canvas


def neutral_level(colour: Any) -> float | None:
    """The gray level [0–1] of ``colour`` when it is an opaque neutral RGB colour, else None.

    ``colour`` is what reportlab's ``setFillColor`` accepts: an RGB or CMYK tuple, a ``Color``,
    or a name; only 3-tuples and plain (non-CMYK) ``Color`` objects with equal components and no
    transparency are neutral here."""
    if isinstance(colour, CMYKColor):
        return None
    if isinstance(colour, Color):
        if colour.alpha not in (None, 1, 1.0):
            return None
        rgb: tuple[Any, ...] = (colour.red, colour.green, colour.blue)
    elif isinstance(colour, tuple | list) and len(colour) == 3:
        rgb = tuple(colour)
    else:
        return None
    if rgb[0] == rgb[1] == rgb[2]:
        return float(rgb[0])
    return None


class PrintCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """A reportlab ``Canvas`` that writes neutral RGB fills and strokes as DeviceGray (``g``/``G``)."""

    def setFillColor(self, aColor: Any, alpha: Any = None) -> None:  # noqa: N802, N803 - reportlab's names
        level = neutral_level(aColor)
        if level is None:
            super().setFillColor(aColor, alpha)
        else:
            self.setFillGray(level, alpha)

    def setStrokeColor(self, aColor: Any, alpha: Any = None) -> None:  # noqa: N802, N803 - reportlab's names
        level = neutral_level(aColor)
        if level is None:
            super().setStrokeColor(aColor, alpha)
        else:
            self.setStrokeGray(level, alpha)
