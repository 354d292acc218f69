"""Geometry of the table mat, shared by the printer (draws it) and the recogniser (reads it).

The mat is A3 landscape. Coordinates are millimetres in the mat's own frame: origin at the top
left corner of the sheet, x to the right, y down (the frame a photo is rectified into). Four
ArUco markers (OpenCV ``DICT_4X4_50``) sit in the corners; a photo showing them can be rectified
with a homography and every card centre mapped to the slot it lies in.
"""

from __future__ import annotations

from dataclasses import dataclass

from cards.model import Slot

MAT_WIDTH_MM = 420.0
MAT_HEIGHT_MM = 297.0
ARUCO_DICTIONARY = "DICT_4X4_50"
MARKER_SIZE_MM = 28.0


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle in mat millimetres."""

    x: float
    y: float
    width: float
    height: float

    def contains(self, px: float, py: float) -> bool:
        """True when the point (px, py) [mm] lies inside (edges included)."""
        return self.x <= px <= self.x + self.width and self.y <= py <= self.y + self.height

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.width / 2, self.y + self.height / 2)


@dataclass(frozen=True)
class Marker:
    """One ArUco marker: its id and the top-left corner of its black square [mm]."""

    marker_id: int
    x: float
    y: float
    size: float = MARKER_SIZE_MM

    def corners(self) -> tuple[tuple[float, float], ...]:
        """Corners in OpenCV's order: top-left, top-right, bottom-right, bottom-left [mm]."""
        s = self.size
        return ((self.x, self.y), (self.x + s, self.y), (self.x + s, self.y + s), (self.x, self.y + s))


_EDGE = 8.0
MARKERS: tuple[Marker, ...] = (
    Marker(0, _EDGE, _EDGE),
    Marker(1, MAT_WIDTH_MM - _EDGE - MARKER_SIZE_MM, _EDGE),
    Marker(2, MAT_WIDTH_MM - _EDGE - MARKER_SIZE_MM, MAT_HEIGHT_MM - _EDGE - MARKER_SIZE_MM),
    Marker(3, _EDGE, MAT_HEIGHT_MM - _EDGE - MARKER_SIZE_MM),
)

_COL_X0 = 45.0
_COL_W = 82.5
_ROW_Y = (34.0, 152.0)
_ROW_H = 110.0

#: Slot rectangles: the top row holds the four business-model corners (St. Gallen Navigator),
#: the bottom row what makes the model real. A poker card (63 x 88 mm) fits below the label strip.
SLOTS: dict[Slot, Rect] = {
    slot: Rect(_COL_X0 + col * _COL_W + 2.0, _ROW_Y[row] + 0.0, _COL_W - 4.0, _ROW_H)
    for row, row_slots in enumerate(
        (
            (Slot.WHO, Slot.WHAT, Slot.HOW, Slot.WHY),
            (Slot.GOVERNANCE, Slot.FINANCING, Slot.MEASURES, Slot.SCENARIO),
        )
    )
    for col, slot in enumerate(row_slots)
}


#: Cards each slot holds, as the mat prints them ("One card" under governance, see
#: printables.i18n.SLOT_GUIDANCE). Twelve is what a slot's 78.5 x 110 mm fits as a fanned stack;
#: governance holds one because a district is coordinated by one model (the assessment scores the
#: governance card on the table, game_rules.governance).
SLOT_CAPACITY: dict[Slot, int] = {slot: 12 for slot in Slot} | {Slot.GOVERNANCE: 1}


def slot_at(x_mm: float, y_mm: float) -> Slot | None:
    """The slot containing the point (x_mm, y_mm) of the mat frame, or None outside every slot."""
    for slot, rect in SLOTS.items():
        if rect.contains(x_mm, y_mm):
            return slot
    return None
