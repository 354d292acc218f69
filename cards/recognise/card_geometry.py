"""Where a card's centre lies relative to its QR code, for assigning a card to a mat slot.

A card is put in the slot its *centre* lies in, but the recogniser sees only the QR code, which
sits in a corner of the card face: on a shingled stack its centre can lie outside the slot the
card is in. The offset from the code's centre to the card's centre is fixed by the printed face;
measured along the code's own axes (x along its top edge, y down its left edge) [mm] it does not
depend on how the card lies. The mat homography makes the photo metric, so the offset is applied
in mat millimetres.

The card face is drawn by ``printables`` (which depends on ``cards``, never the reverse); the
numbers here describe the poker card (63 x 88 mm, 27 mm QR box inset 3.5 mm from the right and
bottom trim edges) and ``tests/cards/recognise`` checks them against the printed layout.
"""

from __future__ import annotations

import math

from cards.recognise.qr import Point, Quad

CARD_MM: tuple[float, float] = (63.0, 88.0)
"""Poker card (width, height) [mm], the default deck format."""

QR_BOX_MM = 27.0
"""Side of the QR code plus its quiet zone [mm] (printables ``CARD_SIZES['poker'].qr_box``).
Decks printed before issue 15 have a 24 mm box: their card centres come out 1.5 mm off along each
axis of the code, far inside the tolerance of a 78 x 110 mm slot."""

QR_BOX_INSET_MM = 3.5
"""Gap between the QR box and the card's right and bottom trim edges [mm] (the safe zone)."""

CODE_TO_CARD_CENTRE_MM: tuple[float, float] = (
    -(CARD_MM[0] / 2 - QR_BOX_INSET_MM - QR_BOX_MM / 2),
    -(CARD_MM[1] / 2 - QR_BOX_INSET_MM - QR_BOX_MM / 2),
)
"""Card centre minus code centre along the code's (x, y) axes [mm]: (-14.5, -27.0) on poker."""


def card_centre(corners: Quad, offset_mm: tuple[float, float] = CODE_TO_CARD_CENTRE_MM) -> Point:
    """The card centre [mm] from the code's corners in a metric frame (the mat [mm])."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = corners
    cx, cy = (x0 + x1 + x2 + x3) / 4, (y0 + y1 + y2 + y3) / 4
    # Unit axes of the code: top edge (x) and left edge (y), averaged with the opposite edges.
    ux, uy = (x1 - x0 + x2 - x3) / 2, (y1 - y0 + y2 - y3) / 2
    vx, vy = (x3 - x0 + x2 - x1) / 2, (y3 - y0 + y2 - y1) / 2
    nu, nv = math.hypot(ux, uy) or 1.0, math.hypot(vx, vy) or 1.0
    dx, dy = offset_mm
    return (cx + dx * ux / nu + dy * vx / nv, cy + dx * uy / nu + dy * vy / nv)


MARKER_MM = 16.0
"""Side of the card marker [mm] (printables ``CARD_SIZES['poker'].marker``: 8 cells of 2.0 mm), its
lower-left corner at the safe inset (:data:`QR_BOX_INSET_MM`) from the left and bottom trim edges."""

_MARKER_CENTRE_MM = (QR_BOX_INSET_MM + MARKER_MM / 2, CARD_MM[1] - QR_BOX_INSET_MM - MARKER_MM / 2)
_CODE_CENTRE_MM = (CARD_MM[0] - QR_BOX_INSET_MM - QR_BOX_MM / 2, CARD_MM[1] - QR_BOX_INSET_MM - QR_BOX_MM / 2)

MARKER_TO_CODE_CENTRE_MM: tuple[float, float] = (
    _CODE_CENTRE_MM[0] - _MARKER_CENTRE_MM[0],
    _CODE_CENTRE_MM[1] - _MARKER_CENTRE_MM[1],
)
"""QR code centre minus marker centre along the marker's (x, y) axes [mm]: (34.5, -5.5) on poker.
The other card formats scale their layout alike (bridge 31.7 mm across, mini 23.2 mm, tarot
39.6 mm, against 34.5 x their marker / 16 mm: 29.3, 22.9, 36.2 mm), so the prediction from the
marker's own size lands within 3.5 mm of their codes too."""

MARKER_TO_CARD_CENTRE_MM: tuple[float, float] = (CARD_MM[0] / 2 - _MARKER_CENTRE_MM[0], CARD_MM[1] / 2 - _MARKER_CENTRE_MM[1])
"""Card centre minus marker centre along the marker's (x, y) axes [mm]: (20.0, -32.5) on poker."""

CODE_SYMBOL_MM = QR_BOX_MM * 21 / 29
"""Side of the compact payload's symbol [mm]: version 1 (21 modules) in a box of 21 + 8 quiet-zone
modules. Used for the corners reported for a card read by its marker alone."""
