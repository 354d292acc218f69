"""Card markers: the second, coarse identity channel printed on every card front (issue 15).

A QR module is 0.93 mm on the poker card; a phone at 1080p over a whole table, or a 640 x 480
stream, images it at 1.2-2.5 px, and a hand moving during the exposure smears it away. Each card
front therefore also carries a fiducial marker whose cells are more than twice the QR module:
an AprilTag of OpenCV's ``DICT_APRILTAG_36h11`` family (Olson, "AprilTag: A robust and flexible
visual fiducial system", ICRA 2011; Wang and Olson, "AprilTag 2", IROS 2016).

Why this family (measured with ``cv2.aruco`` on the ids in use, rotations included):

| dictionary | ids | cells with border | min Hamming distance |
|---|---|---|---|
| ``DICT_APRILTAG_36h11`` (chosen) | 587 | 8 x 8 | 11 |
| ``DICT_6X6_250`` | 250 | 8 x 8 | 12 (on ids 0-119) |
| ``DICT_5X5_250`` | 250 | 7 x 7 | 7 |
| ``DICT_5X5_1000`` | 1000 | 7 x 7 | 6 |

A 5 x 5 family would make each cell 14 % larger but halve the distance between codes; 36h11 has
room for the id scheme below (8 prefixes x 64 numbers = 512 ids) with distance 11, so a marker
misread as another card needs 11 cells wrong in exactly the other code's pattern. The table mat's
own markers are ``DICT_4X4_50`` (6 x 6 cells): a different family and grid, so a card marker never
stands in for a mat corner (``tests/cards/recognise/test_card_markers.py`` checks it).

The mapping card id -> marker id is fixed by the card id alone, never by the deck's order, so
adding a card changes no printed marker: ``prefix index x 64 + number`` with the prefixes in
:data:`MARKER_PREFIXES` order (``ROLE-01`` -> 1, ``GOV-03`` -> 67, ``SCN-13`` -> 461). Cards
numbered 64 or more have no marker (none exists; the QR code alone names them). A marker names
a card id, not the deck's version: a QR code read at the same card that names another card, a
stale deck or another game overrides it (:mod:`cards.recognise.markers`).
"""

from __future__ import annotations

from functools import cache

import cv2
import numpy as np
import numpy.typing as npt

from cards.deck import Deck
from cards.model import Card

MARKER_DICTIONARY = "DICT_APRILTAG_36h11"
"""OpenCV's name of the card markers' dictionary (587 ids, 36 data bits, min Hamming distance 11)."""

MARKER_CELLS = 8
"""Cells along a marker's side, its one-cell black border included (6 data cells + 2)."""

MARKER_PREFIXES: tuple[str, ...] = ("ROLE", "GOV", "WHO", "WHAT", "HOW", "WHY", "TECH", "SCN")
"""Card id prefixes in marker order; the index times :data:`IDS_PER_PREFIX` starts a prefix's ids."""

IDS_PER_PREFIX = 64
"""Marker ids reserved per prefix: card numbers 0-63 have a marker."""


def dictionary() -> cv2.aruco.Dictionary:
    """The card markers' OpenCV dictionary."""
    return cv2.aruco.getPredefinedDictionary(getattr(cv2.aruco, MARKER_DICTIONARY))


def marker_id(card_id: str) -> int | None:
    """The marker id printed on card ``card_id`` (``GOV-03`` -> 67), None when it has none.

    Raises ValueError for an id that is not ``PREFIX-NN`` with a known prefix.
    """
    prefix, _, number = card_id.partition("-")
    if prefix not in MARKER_PREFIXES or not number.isdigit():
        raise ValueError(f"expected a card id like GOV-03 with a prefix in {MARKER_PREFIXES}, got {card_id!r}")
    n = int(number)
    if n >= IDS_PER_PREFIX:
        return None
    return MARKER_PREFIXES.index(prefix) * IDS_PER_PREFIX + n


def card_for_marker(deck: Deck, marker: int) -> Card | None:
    """The card of ``deck`` whose front carries marker ``marker``, or None (no such card)."""
    prefix, number = divmod(marker, IDS_PER_PREFIX)
    if not 0 <= prefix < len(MARKER_PREFIXES):
        return None
    return deck.by_id.get(f"{MARKER_PREFIXES[prefix]}-{number:02d}")


@cache
def marker_cells(marker: int) -> npt.NDArray[np.bool_]:
    """The marker's 8 x 8 cells, border included, True for black, row 0 at the top (from OpenCV)."""
    image = cv2.aruco.generateImageMarker(dictionary(), marker, MARKER_CELLS, borderBits=1)
    cells = np.asarray(image) < 128
    cells.setflags(write=False)
    return cells
