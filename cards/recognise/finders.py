"""Finder patterns: where codes the decoder missed probably are, so a retry can look there.

A QR code has three finder patterns (nested squares, 1:1:3:1:1 modules, ISO/IEC 18004) at three
of its corners. Counting every nested square in a photo over-estimates the codes it holds: icons,
letters (``o``, ``e``) and card borders nest too, and every decoded code adds its own three. Two
filters keep the estimate honest, so a photo whose codes were all read is not retried:

- patterns lying on a code already decoded are dropped;
- the rest count as a missed code only in threes that have a QR's geometry: similar sizes, two
  equal legs at a right angle (loosely: perspective), legs 1.5-9 pattern sides long (version 1
  to about 10 at the printed sizes), and no pattern at the fourth corner.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from cards.recognise.imaging import View
from cards.recognise.qr import Point, Symbol

MAX_TRANSITIONS = 0.06
"""Black/white transitions per pixel past which the search is abandoned (no patterns). A table
photo with cards measured about 0.04; sensor noise pushes it past 0.07, where the contour tree
grows to tens of thousands of nodes and costs seconds (measured: 2.3 s at 1080p)."""

MAX_CANDIDATES = 600
"""Nested contours past which the search is abandoned: sensor noise at high ISO makes thousands
of tiny nested blobs, and patterns found among them would only inflate the estimate."""

MIN_OUTER_AREA = 40.0
"""Smallest outer square [px^2] taken for a finder pattern (about 6 x 6 px, under 1 px/module)."""

SIZE_RATIO = 1.6
"""Largest ratio of pattern sides within one code (perspective makes near corners larger)."""

LEG_SIDES = (1.5, 9.0)
"""Distance between finder centres of one code, in pattern sides: (size - 7) / 7 modules is
2 for version 1 and 7 for version 10; margins for perspective."""

LEG_RATIO = 1.5
"""Largest ratio between the two legs of one code's corner (they are equal on paper)."""

RIGHT_ANGLE_TOLERANCE = 0.45
"""Largest |cos| of the corner angle (about 90° +/- 27°, for tilted photos)."""

NEAR_DECODED = 0.9
"""A pattern closer to a decoded code's centre than this many code sides belongs to that code
(its own finders lie 0.71 sides away; a shingled neighbour's over 1.2)."""


@dataclass(frozen=True)
class FinderPattern:
    """A finder-pattern candidate: centre in the photo's frame [px] and outer side [px]."""

    centre: Point
    side: float


@dataclass(frozen=True)
class MissedCode:
    """Three finder patterns with a QR's geometry and no decoded code on them.

    ``box`` is (x0, y0, x1, y1) in the photo's frame [px], covering the whole code with its
    quiet zone: where a retry should look.
    """

    patterns: tuple[FinderPattern, FinderPattern, FinderPattern]
    box: tuple[float, float, float, float]


def find_finder_patterns(view: View) -> list[FinderPattern] | None:
    """Finder-pattern candidates in ``view``, or None when the image is too cluttered to tell.

    Median-filter (3 px) and binarise (adaptive mean, 31 px window), take the contour tree and
    keep square-ish contours holding a child that holds a grandchild, whose areas step down
    roughly as 7:5:3 modules squared.
    """
    smooth = cv2.medianBlur(view.image, 3)
    binary = cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 10)
    if np.count_nonzero(binary[:, 1:] != binary[:, :-1]) > MAX_TRANSITIONS * binary.size:
        return None
    contours, hierarchy = cv2.findContours(binary, cv2.RETR_TREE, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    tree = hierarchy[0]
    child = tree[:, 2]
    has_child = child >= 0
    grandchild = np.full(len(tree), -1)
    grandchild[has_child] = tree[child[has_child], 2]
    candidates = np.flatnonzero(grandchild >= 0)
    if len(candidates) > MAX_CANDIDATES:
        return None
    found: list[FinderPattern] = []
    for index in candidates.tolist():
        outer = cv2.contourArea(contours[index])
        if outer < MIN_OUTER_AREA:
            continue
        middle = cv2.contourArea(contours[int(child[index])])
        inner = cv2.contourArea(contours[int(grandchild[index])])
        x, y, w, h = cv2.boundingRect(contours[index])
        if _finder_ratios(outer, middle, inner) and 0.4 < w / max(h, 1) < 2.5:
            centre = view.to_photo(x + w / 2, y + h / 2)
            found.append(FinderPattern(centre, math.sqrt(outer) * view.scale))
    return found


def _finder_ratios(outer: float, middle: float, inner: float) -> bool:
    """Outer 7x7, middle 5x5, inner 3x3 modules: area ratios about 1.96 and 2.8, loosely."""
    if middle <= 0 or inner <= 0:
        return False
    return 1.2 < outer / middle < 3.5 and 1.5 < middle / inner < 6.0


def missed_codes(patterns: list[FinderPattern], decoded: list[Symbol]) -> list[MissedCode]:
    """Codes whose three finder patterns are visible but which no decoded symbol covers.

    Every triple with a QR corner's geometry is scored (0 is a perfect corner); the best are
    taken first and their patterns used up, so codes side by side are not mixed up.
    """
    free = [p for p in patterns if not any(_on_code(p, s) for s in decoded)]
    triples = sorted(_corner_triples(free))
    used: set[int] = set()
    missed: list[MissedCode] = []
    for _score, a, b, c in triples:
        if used.isdisjoint((a, b, c)):
            used.update((a, b, c))
            missed.append(_missed(free[a], free[b], free[c]))
    return missed


def _on_code(pattern: FinderPattern, symbol: Symbol) -> bool:
    return math.dist(pattern.centre, symbol.centre) < NEAR_DECODED * symbol.side


def _corner_triples(free: list[FinderPattern]) -> list[tuple[float, int, int, int]]:
    """(score, corner, leg, leg) for every triple of ``free`` shaped like a QR code's finders.

    Beside similar sizes, equal legs and a right angle, the fourth corner (where a QR code has
    no finder) must hold no pattern: that rules out corners borrowed from two codes side by side.
    """
    triples = []
    for a, corner in enumerate(free):
        legs = [
            i for i, p in enumerate(free)
            if i != a and _similar(corner, p) and LEG_SIDES[0] <= math.dist(corner.centre, p.centre) / corner.side <= LEG_SIDES[1]
        ]
        for n, i in enumerate(legs):
            for j in legs[n + 1 :]:
                shape = _corner_shape(corner.centre, free[i].centre, free[j].centre)
                if shape is not None and _similar(free[i], free[j]) and not _fourth_taken(corner, free[i], free[j], free):
                    triples.append((shape, a, i, j))
    return triples


def _fourth_taken(a: FinderPattern, b: FinderPattern, c: FinderPattern, patterns: list[FinderPattern]) -> bool:
    fourth = (b.centre[0] + c.centre[0] - a.centre[0], b.centre[1] + c.centre[1] - a.centre[1])
    return any(math.dist(fourth, p.centre) < a.side for p in patterns)


def _similar(p: FinderPattern, q: FinderPattern) -> bool:
    return max(p.side, q.side) / min(p.side, q.side) <= SIZE_RATIO


def _corner_shape(a: Point, b: Point, c: Point) -> float | None:
    """How far b-a-c is from a QR corner (0 is perfect), or None when it is not one at all."""
    ab, ac = (b[0] - a[0], b[1] - a[1]), (c[0] - a[0], c[1] - a[1])
    lab, lac = math.hypot(*ab), math.hypot(*ac)
    ratio = max(lab, lac) / max(min(lab, lac), 1e-9)
    cosine = (ab[0] * ac[0] + ab[1] * ac[1]) / max(lab * lac, 1e-9)
    if ratio > LEG_RATIO or abs(cosine) > RIGHT_ANGLE_TOLERANCE:
        return None
    return (ratio - 1.0) + abs(cosine)


def _missed(a: FinderPattern, b: FinderPattern, c: FinderPattern) -> MissedCode:
    """The code's box: the three centres, the fourth corner b + c - a, one pattern side around.

    A finder centre lies 3.5 modules inside the symbol, and the quiet zone adds 4 more: one
    pattern side (7 modules) of margin covers both.
    """
    fourth = (b.centre[0] + c.centre[0] - a.centre[0], b.centre[1] + c.centre[1] - a.centre[1])
    xs = [a.centre[0], b.centre[0], c.centre[0], fourth[0]]
    ys = [a.centre[1], b.centre[1], c.centre[1], fourth[1]]
    margin = max(a.side, b.side, c.side)
    return MissedCode((a, b, c), (min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin))
