"""Combining the two identity channels of a card: its QR code and its marker (issue 15).

Rules, for each card marker seen whose id names a card of the deck (other ids are ignored):

- the marker predicts where its card's QR code lies (:data:`MARKER_TO_CODE_CENTRE_MM` along the
  marker's axes, scaled by the marker's own size); a decoded QR code whose centre lies within
  :data:`SAME_CARD_MM` of that point is the same card's code;
- a code there that names *another* card of the deck: the two channels disagree, the code is
  withdrawn and the place reported unread (never guessed); a code there that is not a card of
  this deck (foreign, stale, other deck) overrides the marker, which names nothing;
- a code there naming the same card: one card, read by both;
- no code there: the marker alone names the card only when it decoded with no bit corrected
  (``MarkerRead.exact``) and no decoded code anywhere in the photo already names that card
  (so a marker whose code was read but placed outside the prediction never makes a second
  copy); otherwise the place is reported unread. The card's slot comes from the marker's
  centre mapped to the card centre (:data:`MARKER_TO_CARD_CENTRE_MM`) on the mat.

A photo of cards printed before the markers (or with every marker covered) has no marker read,
and the QR codes are used exactly as before.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from cards.codes import parse_payload
from cards.deck import Deck
from cards.errors import PayloadError
from cards.markers import card_for_marker
from cards.recognise.card_geometry import (
    CODE_SYMBOL_MM,
    MARKER_MM,
    MARKER_TO_CARD_CENTRE_MM,
    MARKER_TO_CODE_CENTRE_MM,
    card_centre,
)
from cards.recognise.markers import MarkerRead, along
from cards.recognise.qr import Point, Quad, Symbol

SAME_CARD_MM = 8.0
"""Largest distance [mm] between the code centre a marker predicts and a decoded code's centre for
the two to be one card: the prediction is within 3.5 mm on every card format (see
:data:`MARKER_TO_CODE_CENTRE_MM`) plus perspective; the nearest other card's code lies 30 mm or
more away (shingled cards leave the lower card's 27 mm QR box and 2 mm uncovered)."""


@dataclass(frozen=True)
class MarkerCard:
    """A card named by its marker alone: ``corners`` of its QR code as the marker predicts them
    (the compact payload's symbol) [px], ``centre_mm`` the card centre on the mat [mm] or None."""

    card_id: str
    corners: Quad
    centre_mm: Point | None


@dataclass
class Combined:
    """What the markers change: QR symbols withdrawn (they disagree with their card's marker),
    cards named by a marker alone, symbols confirmed by their marker, and places now unread
    (a disagreement, or a marker read with corrected bits and no code) and ``known`` the
    predicted code places of cards the markers named (an earlier unread place there is no longer
    unread), each as (centre [px], radius [px] within which another place is the same one)."""

    withdrawn: list[Symbol] = field(default_factory=list)
    confirmed: list[Symbol] = field(default_factory=list)
    marker_cards: list[MarkerCard] = field(default_factory=list)
    unread: list[tuple[Point, float]] = field(default_factory=list)
    known: list[tuple[Point, float]] = field(default_factory=list)
    doubtful: list[tuple[Point, float]] = field(default_factory=list)
    """Code places of markers read with corrected bits and no code there: (centre [px], px per
    mm), where a retry may still read the code; also in ``unread``."""


def _card_of(deck: Deck, symbol: Symbol) -> str | None:
    try:
        return parse_payload(deck, symbol.text).card.id
    except PayloadError:
        return None


def combine(symbols: list[Symbol], markers: tuple[MarkerRead, ...], deck: Deck, to_mat: Callable[[Point], Point] | None = None) -> Combined:
    """Cross-check decoded ``symbols`` with ``markers``; ``to_mat`` maps a photo point [px] to the
    mat [mm] (a callable, or None without the mat)."""
    out = Combined()
    read_ids = {cid for cid in (_card_of(deck, s) for s in symbols) if cid is not None}
    for marker in sorted(markers, key=lambda m: -m.side):
        card = card_for_marker(deck, marker.marker_id)
        if card is None:
            continue
        code = along(marker, MARKER_TO_CODE_CENTRE_MM, MARKER_MM)
        reach = SAME_CARD_MM * marker.side / MARKER_MM
        near = [s for s in symbols if math.dist(s.centre, code) <= reach]
        if near:
            for symbol in near:
                said = _card_of(deck, symbol)
                if said == card.id:
                    out.confirmed.append(symbol)
                elif said is not None:
                    out.withdrawn.append(symbol)
                    out.unread.append((symbol.centre, reach))
            continue
        if any(math.dist(code, place) <= r for place, r in out.known):
            continue  # one physical marker detected twice: the larger detection came first
        if not marker.exact:
            out.unread.append((code, reach))
            out.doubtful.append((code, marker.side / MARKER_MM))
            continue
        if card.id in read_ids:
            continue  # its code was read, away from where this marker puts it: no second copy
        out.known.append((code, reach))
        half = CODE_SYMBOL_MM / 2
        corners = tuple(along(marker, (MARKER_TO_CODE_CENTRE_MM[0] + dx, MARKER_TO_CODE_CENTRE_MM[1] + dy), MARKER_MM)
                        for dx, dy in ((-half, -half), (half, -half), (half, half), (-half, half)))
        centre_mm = None
        if to_mat is not None:
            m = tuple(to_mat(p) for p in marker.corners)
            centre_mm = card_centre((m[0], m[1], m[2], m[3]), MARKER_TO_CARD_CENTRE_MM)
        out.marker_cards.append(MarkerCard(card.id, (corners[0], corners[1], corners[2], corners[3]), centre_mm))
    return out
