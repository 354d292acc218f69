"""Finding the table mat in a photo: ArUco markers -> homography -> mat millimetres -> slot.

The mat's four corner markers (``DICT_4X4_50``, ids 0-3, geometry in :mod:`cards.mat_layout`)
give up to 16 point pairs between the photo and the mat's own frame [mm]. Two markers (eight
points, spread across the sheet) are required before a homography is trusted; with one, a small
corner error would swing slots on the far side of the mat.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from cards.mat_layout import ARUCO_DICTIONARY, MARKERS, slot_at
from cards.model import Slot
from cards.recognise.imaging import View, downscaled

Point = tuple[float, float]

MIN_MARKERS = 2
"""Distinct mat markers needed before the homography is trusted."""

DETECT_SIDE = 960
"""Markers are searched on a copy at most this many pixels on its long side [px]: 28 mm markers
stay above 20 px there in any photo where the whole mat is visible, and detection costs a tenth
of the full-size pass at 12 MP."""


@dataclass(frozen=True)
class MatFrame:
    """A photo's mapping to the mat: ``homography`` takes photo pixels to mat millimetres."""

    homography: npt.NDArray[np.float64]
    marker_ids: tuple[int, ...]

    def to_mat(self, point: Point) -> Point:
        """Map a photo point [px] to the mat frame [mm]."""
        src = np.array([[point]], dtype=np.float64)
        dst = cv2.perspectiveTransform(src, self.homography)
        return (float(dst[0, 0, 0]), float(dst[0, 0, 1]))

    def slot_of(self, point_mm: Point) -> Slot | None:
        """The slot containing a point of the mat frame [mm], or None."""
        return slot_at(point_mm[0], point_mm[1])


def _detector() -> cv2.aruco.ArucoDetector:
    dictionary = cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, ARUCO_DICTIONARY))
    params = cv2.aruco.DetectorParameters()
    # One adaptive-threshold window (23 px) instead of OpenCV's three to ten, and no candidates
    # below 5 % of the image's long side in perimeter: markers are large and high-contrast,
    # clutter is not. One window halved detection time (13 -> 7 ms on a 1080p photo) and found
    # all four markers in every table photo of the benchmark.
    params.adaptiveThreshWinSizeMin = 23
    params.adaptiveThreshWinSizeMax = 23
    params.adaptiveThreshWinSizeStep = 10
    params.minMarkerPerimeterRate = 0.05
    params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
    return cv2.aruco.ArucoDetector(dictionary, params)


_DETECTOR = _detector()
_MAT_POINTS: dict[int, tuple[Point, ...]] = {m.marker_id: m.corners() for m in MARKERS}


def find_mat(view: View, *, full_resolution: bool = False) -> MatFrame | None:
    """The mat frame from the markers visible in ``view``, or None when too few are seen."""
    small = view if full_resolution else downscaled(view, DETECT_SIDE)
    corners, ids, _rejected = _DETECTOR.detectMarkers(small.image)
    if ids is None:
        return None
    best: dict[int, tuple[float, npt.NDArray[np.float32]]] = {}
    for marker_corners, marker_id in zip(corners, ids.ravel(), strict=True):
        if int(marker_id) not in _MAT_POINTS:
            continue
        quad = np.asarray(marker_corners, dtype=np.float32).reshape(4, 2)
        area = float(cv2.contourArea(quad))
        if area > best.get(int(marker_id), (-1.0, quad))[0]:
            best[int(marker_id)] = (area, quad)
    if len(best) < MIN_MARKERS:
        return None
    photo_pts = [small.to_photo(float(x), float(y)) for _id, (_a, quad) in sorted(best.items()) for x, y in quad]
    mat_pts = [p for marker_id in sorted(best) for p in _MAT_POINTS[marker_id]]
    homography, _mask = cv2.findHomography(np.array(photo_pts, dtype=np.float64), np.array(mat_pts, dtype=np.float64), 0)
    if homography is None:
        return None
    return MatFrame(homography.astype(np.float64), tuple(sorted(best)))
