"""Reading the card markers (:mod:`cards.markers`) and relating them to the QR codes.

One ``cv2.aruco.ArucoDetector`` pass over ``DICT_APRILTAG_36h11`` on a copy of the photo at most
:data:`DETECT_SIDE` px on its long side. OpenCV corrects up to 5 bit errors in a 36h11 marker
(``maxCorrectionBits``); :func:`find_card_markers` re-samples each detected marker's cells itself
and marks it ``exact`` only when its 36 data cells equal the printed pattern: the recogniser names
a card from a marker alone only then (:mod:`cards.recognise.combine`).

False-id safety of an exact read: two markers of the deck differ in at least 11 of 36 cells
(the family's minimum Hamming distance, rotations included; measured on the ids in use), so a
printed marker read as another card needs at least 11 cells wrong, each in the direction of the
other card's pattern; a read that got any cell wrong is never used alone. A random 36-cell pattern
(clutter that passes the detector's square-and-border tests) matches one of the deck's 106
markers in any of 4 rotations with probability 106 x 4 / 2^36 = 6.2e-9 per candidate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

from cards.markers import MARKER_CELLS, dictionary, marker_cells
from cards.recognise.imaging import View, downscaled
from cards.recognise.qr import Point, Quad

DETECT_SIDE = 1280
"""Markers are searched on a copy at most this many pixels on its long side [px]. A 16 mm marker
on a table photo whose mat (420 mm) fills 60 % of the frame is 29 px wide there (3.7 px per cell),
at any resolution; a single card held 15-30 cm from the phone, 49-99 px. Measured on 8 table
photos at 1080p from the benchmark's generator (seed 99, not the reported seed 15): the same 88
markers found at 1280, 1600 and 1920 px; the pass costs about a third less at 1280 than at 1920."""

CELL_PX = 6
"""Pixels per cell of the re-sampled marker used for the exactness check."""

CELL_CORE = 0.5
"""Share of a cell's side (centred) averaged when re-sampling: clear of the neighbours' blur."""


@dataclass(frozen=True)
class MarkerRead:
    """One card marker seen in the photo.

    ``marker_id`` is its id in ``DICT_APRILTAG_36h11``; ``corners`` its outer corners in the photo
    [px], in the marker's own order (top-left, top-right, bottom-right, bottom-left as printed,
    whatever its rotation in the photo); ``exact`` is True when every data cell matched the
    printed pattern (no bit corrected).
    """

    marker_id: int
    corners: Quad
    exact: bool

    @property
    def centre(self) -> Point:
        return (sum(p[0] for p in self.corners) / 4, sum(p[1] for p in self.corners) / 4)

    @property
    def side(self) -> float:
        """Mean edge length [px]."""
        return sum(math.dist(self.corners[i], self.corners[(i + 1) % 4]) for i in range(4)) / 4


def _detector() -> cv2.aruco.ArucoDetector:
    # One adaptive-threshold window (13 px) instead of OpenCV's three (3, 13, 23), and no candidate
    # square under 1.5 % of the long side (perimeter rate 0.06; the smallest marker above is 2.3 %):
    # with OpenCV's defaults the pass took 230 ms on a 1080p table photo (every QR module and
    # letter is a candidate), with these 30 ms, finding the same 88 markers on the 8 photos above.
    params = cv2.aruco.DetectorParameters()
    params.adaptiveThreshWinSizeMin = 13
    params.adaptiveThreshWinSizeMax = 13
    params.minMarkerPerimeterRate = 0.06
    params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
    return cv2.aruco.ArucoDetector(dictionary(), params)


_DETECTOR = _detector()

def find_card_markers(view: View) -> tuple[MarkerRead, ...]:
    """Every card marker in ``view``, corners in the photo's frame [px]."""
    small = downscaled(view, DETECT_SIDE)
    corners, ids, _rejected = _DETECTOR.detectMarkers(small.image)
    if ids is None:
        return ()
    reads = []
    for marker_corners, marker in zip(corners, ids.ravel(), strict=True):
        quad = np.asarray(marker_corners, dtype=np.float32).reshape(4, 2)
        exact = _is_exact(small.image, quad, int(marker))
        points = tuple(small.to_photo(float(x), float(y)) for x, y in quad)
        reads.append(MarkerRead(int(marker), (points[0], points[1], points[2], points[3]), exact))
    return tuple(reads)


RETRY_THRESHOLD_OFFSET = 15
"""Adaptive-threshold offset of the second pass [grey levels]: a pixel counts as black only this
far below its neighbourhood's mean (OpenCV's default, used by the first pass, is 7). Where a card
lies over a marker's quiet zone, or hand motion smears the border into it, the overlapping card
and the smear are mid-grey: at 7 they join the marker's black border and its outline is no longer
a square; printed ink lies far below 15. Found on the benchmark's one 12 MP miss (seed 15, a
"motion" table photo: a neighbour's edge across the marker's bottom border, a 0.8-cell streak):
on that photo scaled to 2000 px the marker is detected with the offset 15 (windows 13, 23 or
33 px) and with none of them at 7; at 1280 px with neither; in crops around it scaled 0.35-1.0,
with 15 in 11 of 12 window settings, with 7 in 1."""

RETRY_SIDE = 2000
"""Long side [px] of the copy the second pass searches: a 16 mm marker on a table photo whose mat
fills 60-95 % of the frame has cells of 4.6-7.2 px there (2.9-4.6 px at :data:`DETECT_SIDE`,
where the smear of a hand's motion takes a larger share of a cell after resampling)."""


def _retry_detector() -> cv2.aruco.ArucoDetector:
    # One adaptive window of 23 px (3-4 cells at RETRY_SIDE): on the 12 MP miss scaled to 2000 or
    # 1920 px it finds the marker in 50 ms, where OpenCV's three windows (3, 13, 23) took 80-95 ms
    # and 13 px alone missed it at 1920 px.
    params = cv2.aruco.DetectorParameters()
    params.adaptiveThreshWinSizeMin = 23
    params.adaptiveThreshWinSizeMax = 23
    params.adaptiveThreshConstant = RETRY_THRESHOLD_OFFSET
    params.minMarkerPerimeterRate = 0.06
    params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
    return cv2.aruco.ArucoDetector(dictionary(), params)


_RETRY_DETECTOR = _retry_detector()


def find_more_markers(view: View, known: tuple[MarkerRead, ...]) -> tuple[MarkerRead, ...]:
    """Exact card markers of ``view`` not in ``known`` (same id within a marker's side), found by
    a second pass with the stricter threshold :data:`RETRY_THRESHOLD_OFFSET` on a copy at most
    :data:`RETRY_SIDE` px long. Only exact reads are returned: the pass runs on table photos to
    name cards neither their code nor the first pass could (:func:`find_card_markers`)."""
    small = downscaled(view, RETRY_SIDE)
    corners, ids, _rejected = _RETRY_DETECTOR.detectMarkers(small.image)
    if ids is None:
        return ()
    found: list[MarkerRead] = []
    for marker_corners, marker in zip(corners, ids.ravel(), strict=True):
        quad = np.asarray(marker_corners, dtype=np.float32).reshape(4, 2)
        if not _is_exact(small.image, quad, int(marker)):
            continue
        points = tuple(small.to_photo(float(x), float(y)) for x, y in quad)
        read = MarkerRead(int(marker), (points[0], points[1], points[2], points[3]), True)
        if not any(r.marker_id == read.marker_id and math.dist(r.centre, read.centre) < r.side for r in (*known, *found)):
            found.append(read)
    return tuple(found)


def _is_exact(image: np.ndarray, quad: np.ndarray, marker: int) -> bool:
    """True when the marker's 6 x 6 data cells, re-sampled from ``image``, equal the printed ones.

    The quad is warped to :data:`CELL_PX` px per cell and cut at Otsu's threshold (as OpenCV's own
    bit extraction does); a cell is black when the mean of its core is below the cut.
    """
    side = MARKER_CELLS * CELL_PX
    target = np.array([[0, 0], [side, 0], [side, side], [0, side]], dtype=np.float32)
    warp = cv2.getPerspectiveTransform(quad, target)
    patch = cv2.warpPerspective(image, warp, (side, side), flags=cv2.INTER_LINEAR)
    cut, _ = cv2.threshold(patch, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    margin = round(CELL_PX * (1 - CELL_CORE) / 2)
    cells = patch.reshape(MARKER_CELLS, CELL_PX, MARKER_CELLS, CELL_PX)[:, margin : CELL_PX - margin, :, margin : CELL_PX - margin]
    black = cells.mean(axis=(1, 3)) < cut
    printed = marker_cells(marker)
    return bool(np.array_equal(black[1:-1, 1:-1], printed[1:-1, 1:-1]))


def along(read: MarkerRead, offset_mm: tuple[float, float], marker_mm: float) -> Point:
    """The photo point [px] ``offset_mm`` away from the marker's centre along its own axes.

    x runs along the marker's top edge, y down its left edge; each axis is scaled by the
    marker's own size in the photo along it (an affine approximation of the perspective,
    used only to relate the marker to the QR code of the same card, 35 mm away on poker).
    """
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = read.corners
    ux, uy = (x1 - x0 + x2 - x3) / 2 / marker_mm, (y1 - y0 + y2 - y3) / 2 / marker_mm
    vx, vy = (x3 - x0 + x2 - x1) / 2 / marker_mm, (y3 - y0 + y2 - y1) / 2 / marker_mm
    cx, cy = read.centre
    dx, dy = offset_mm
    return (cx + dx * ux + dy * vx, cy + dx * uy + dy * vy)
