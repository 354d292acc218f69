"""Reading QR codes with zxing-cpp (the estimate of codes it missed is in :mod:`.finders`).

zxing-cpp restricted to QR codes was measured far ahead of OpenCV's own QR detectors in speed
and in multi-code photos (shared FIELD-NOTES, "QR decoding"). With ``return_errors`` it also
reports symbols it *found* but could not decode: the first sign that a retry on an enhanced copy
may recover more codes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import zxingcpp

from cards.recognise.imaging import View, downscaled

Point = tuple[float, float]
Quad = tuple[Point, Point, Point, Point]


_QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)


@dataclass(frozen=True)
class Symbol:
    """One decoded QR code: its text and corners in the photo [px].

    Corners are in the code's own reading order (top-left, top-right, bottom-right, bottom-left
    of the printed code, whatever its rotation in the photo).
    """

    text: str
    corners: Quad

    @property
    def centre(self) -> Point:
        return (sum(p[0] for p in self.corners) / 4, sum(p[1] for p in self.corners) / 4)

    @property
    def side(self) -> float:
        """Mean edge length [px]."""
        edges = (math.dist(self.corners[i], self.corners[(i + 1) % 4]) for i in range(4))
        return sum(edges) / 4

    def is_same_code(self, other: Symbol) -> bool:
        """Same text and centres closer than half a code: one physical code read twice."""
        return self.text == other.text and math.dist(self.centre, other.centre) < 0.5 * max(self.side, other.side)


@dataclass(frozen=True)
class Reading:
    """What one decoder pass saw: decoded symbols, and the corners of symbols found but not
    decoded (in the photo's frame [px]): where a retry should look first."""

    symbols: tuple[Symbol, ...]
    undecoded: tuple[Quad, ...]


DECODER_MAX_SIDE = 65535
"""[px] the longest side zxing-cpp accepts ("Maximum image width/height is 65535"); a longer view
(a very wide photo, or its upscaled retry copy) is shrunk to it first."""

Binarizer = zxingcpp.Binarizer
"""zxing-cpp's binarizers: ``LocalAverage`` (its default, best on uneven light) and
``FixedThreshold`` (a global cut at mid-grey: on an upscaled, unsharp-masked copy it read the most
blurred small codes on the benchmark's photos)."""


def read_codes(view: View, binarizer: zxingcpp.Binarizer = Binarizer.LocalAverage) -> Reading:
    """Run zxing-cpp (QR only) on ``view``; map corners to the photo's frame.

    With the default binarizer this is exactly the plain zxing-cpp pass (``return_errors`` only
    adds the symbols it already found but could not decode).
    """
    if max(view.image.shape[:2]) > DECODER_MAX_SIDE:  # zxing-cpp refuses such images outright
        view = downscaled(view, DECODER_MAX_SIDE)
    if min(view.image.shape[:2]) < 1:
        return Reading((), ())
    results = zxingcpp.read_barcodes(view.image, formats=_QR_ONLY, binarizer=binarizer, return_errors=True)
    symbols = []
    undecoded = []
    for result in results:
        pos = result.position
        points = tuple(view.to_photo(p.x + 0.5, p.y + 0.5) for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left))
        quad: Quad = (points[0], points[1], points[2], points[3])
        if result.valid:
            symbols.append(Symbol(result.text, quad))
        else:
            undecoded.append(quad)
    return Reading(tuple(symbols), tuple(undecoded))


def merge(found: list[Symbol], new: tuple[Symbol, ...]) -> int:
    """Add the symbols of ``new`` not yet in ``found`` (in place); return how many were added."""
    added = 0
    for symbol in new:
        if not any(symbol.is_same_code(seen) for seen in found):
            found.append(symbol)
            added += 1
    return added
