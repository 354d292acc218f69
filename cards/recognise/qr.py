"""Reading QR codes with zxing-cpp, and a cheap estimate of how many codes an image holds.

zxing-cpp restricted to QR codes was measured far ahead of OpenCV's own QR detectors in speed
and in multi-code photos (shared FIELD-NOTES, "QR decoding"). With ``return_errors`` it also
reports symbols it *found* but could not decode: the first sign that a retry on an enhanced copy
may recover more codes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

from cards.recognise.imaging import View

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
    """What one decoder pass saw: decoded symbols and the count found but not decoded."""

    symbols: tuple[Symbol, ...]
    undecoded: int


def read_codes(view: View) -> Reading:
    """Run zxing-cpp (QR only) on ``view``; map corners to the photo's frame."""
    results = zxingcpp.read_barcodes(view.image, formats=_QR_ONLY, return_errors=True)
    symbols = []
    undecoded = 0
    for result in results:
        if not result.valid:
            undecoded += 1
            continue
        pos = result.position
        quad = tuple(view.to_photo(p.x + 0.5, p.y + 0.5) for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left))
        symbols.append(Symbol(result.text, (quad[0], quad[1], quad[2], quad[3])))
    return Reading(tuple(symbols), undecoded)


def merge(found: list[Symbol], new: tuple[Symbol, ...]) -> int:
    """Add the symbols of ``new`` not yet in ``found`` (in place); return how many were added."""
    added = 0
    for symbol in new:
        if not any(symbol.is_same_code(seen) for seen in found):
            found.append(symbol)
            added += 1
    return added


MAX_TRANSITIONS = 0.06
"""Black/white transitions per pixel past which the count is abandoned (-1). A table photo with
cards measured about 0.04; sensor noise pushes it past 0.07, where the contour tree grows to
tens of thousands of nodes and costs seconds (measured: 2.3 s at 1080p)."""

MAX_FINDER_CANDIDATES = 600
"""Nested contours past which the count is abandoned (-1): sensor noise at high ISO makes
thousands of tiny nested blobs, and a count over them would only inflate the estimate."""


def count_finder_patterns(view: View) -> int:
    """Finder patterns (the three nested squares of a QR code) visible in ``view``.

    Median-filter (3 px) and binarise (adaptive mean, 31 px window), take the contour tree, and count square-ish contours
    that hold a child which holds a grandchild, whose areas step down roughly as 7:5:3 modules
    squared (ISO/IEC 18004, finder pattern 1:1:3:1:1). Three per code, so the result over three
    estimates how many codes the image holds, even those the decoder did not see. Returns -1
    when the image is too cluttered to tell (see :data:`MAX_FINDER_CANDIDATES`).
    """
    smooth = cv2.medianBlur(view.image, 3)
    binary = cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 10)
    if np.count_nonzero(binary[:, 1:] != binary[:, :-1]) > MAX_TRANSITIONS * binary.size:
        return -1
    contours, hierarchy = cv2.findContours(binary, cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return 0
    tree = hierarchy[0]
    child = tree[:, 2]
    has_child = child >= 0
    grandchild = np.full(len(tree), -1)
    grandchild[has_child] = tree[child[has_child], 2]
    candidates = np.flatnonzero(grandchild >= 0)
    if len(candidates) > MAX_FINDER_CANDIDATES:
        return -1
    count = 0
    for index in candidates.tolist():
        outer = cv2.contourArea(contours[index])
        if outer < 40:
            continue
        middle = cv2.contourArea(contours[int(child[index])])
        inner = cv2.contourArea(contours[int(grandchild[index])])
        if _finder_ratios(outer, middle, inner) and _is_squarish(contours[index]):
            count += 1
    return count


def _finder_ratios(outer: float, middle: float, inner: float) -> bool:
    """Outer 7x7, middle 5x5, inner 3x3 modules: area ratios about 1.96 and 2.8, loosely."""
    if middle <= 0 or inner <= 0:
        return False
    return 1.2 < outer / middle < 3.5 and 1.5 < middle / inner < 6.0


def _is_squarish(contour: np.ndarray) -> bool:
    _x, _y, w, h = cv2.boundingRect(contour)
    return 0.4 < w / max(h, 1) < 2.5
