"""Image bytes in, cards out: the recogniser's one entry point, :func:`recognise_image`.

Steps, cheapest first, so an easy photo costs a JPEG decode plus one zxing-cpp pass:

1. Vet the file from its header (:mod:`cards.recognise.limits`): size, pixels, format, frames,
   colour space, truncation. Nothing is decoded before that.
2. Decode to grey at a bounded size (:mod:`cards.recognise.imaging`).
3. One zxing-cpp pass, identical to plain zxing-cpp. Retry only when it decoded nothing, found
   symbols it could not decode, or - in a photo showing the mat - three finder patterns with a
   QR's geometry lie away from every decoded code (:mod:`cards.recognise.finders`). Retries look
   first at those places (cropped, upscaled, sharpened), then at enhanced copies of the whole
   photo, until every code seen is read or the copies run out.
4. Parse every payload against the deck: cards of this deck become :class:`FoundCard`, anything
   else a :class:`RejectedCode` with the reason :func:`cards.codes.parse_payload` gives.
5. Read the card markers (:mod:`cards.recognise.markers`) and cross-check them with the codes
   (:mod:`cards.recognise.combine`): a code and a marker of one card that disagree leave the place
   unread; a marker alone names its card only when it decoded with no bit corrected.
6. When the mat's markers are visible, map each card's centre to the mat and name its slot.
7. Report the places where a code was seen but no pass read it (:class:`UnreadCode`): a card
   partly covered or too blurred is reported unread, never guessed.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from cards.codes import parse_payload
from cards.deck import Deck
from cards.errors import PayloadError
from cards.model import Slot
from cards.recognise.card_geometry import QR_BOX_MM, card_centre
from cards.recognise.combine import MarkerCard, combine
from cards.recognise.finders import find_finder_patterns, missed_codes
from cards.recognise.imaging import (
    View,
    crop,
    decode_grey,
    equalised,
    sharp_upscale,
    sharpened,
    tiles,
    upscaled,
)
from cards.recognise.limits import ImageLimits, inspect_image
from cards.recognise.markers import find_card_markers, find_more_markers
from cards.recognise.mat import MatFrame, find_mat
from cards.recognise.qr import Binarizer, Point, Quad, Symbol, merge, read_codes

_DEFAULT_LIMITS = ImageLimits()

MAX_TABLE_CODES = 32
"""Most codes a mat photo is assumed to hold (eight slots, a few shingled cards each): caps an
estimate inflated by clutter that looks like finder patterns."""

UPSCALE_MAX_PIXELS = 2_500_000
"""Photos up to this size [px] are retried on a 2x upscale of the whole image; larger ones on
2x-upscaled tiles, which bounds each decoder pass to about 4x this size."""

SMALL_PIXELS = 1_000_000
"""Photos up to this size [px] (640 x 480, 1280 x 720) are retried first on a sharp upscale of
the whole image: under 2 px per module, that is where their codes come back, and at this size
the copy costs a few milliseconds."""

SHARP_UPSCALE_MAX_PIXELS = 3_000_000
"""Largest sharp upscale of a whole small photo [px]: 3x for 640 x 480, 2x for 1280 x 720."""

REGION_MAX_PIXELS = 1_500_000
"""Largest upscaled crop around one missed code [px]: 3x when it fits, else 2x, else as is."""

MAX_REGIONS = 6
"""Past this many places to look, crops cost more than one pass over a whole enhanced copy
(measured: 31 undecoded symbols of a blurred table photo took 200 ms as crops, 6 ms as one
sharpened copy), so the retry goes straight to whole-image copies."""

Box = tuple[float, float, float, float]
"""(x0, y0, x1, y1) in the photo's frame [px]."""


ReadBy = Literal["qr", "qr+marker", "marker"]
"""The identity channels that named a card (:attr:`FoundCard.read_by`)."""


@dataclass(frozen=True)
class FoundCard:
    """A card of the deck found in the photo.

    ``id`` is the card id (``GOV-03``), ``code`` its printed human code (``K7QX``), ``corners``
    the QR code's corners in the photo [px] in the code's reading order (top-left, top-right,
    bottom-right, bottom-left of the printed code), ``slot`` the mat slot its centre lies in
    (None when the mat's markers are not visible or the card lies outside every slot), ``read_by``
    the identity channels that named it (:mod:`cards.recognise.combine`).
    """

    id: str
    code: str
    corners: Quad
    slot: Slot | None
    read_by: ReadBy = "qr"
    """Which channels named the card: ``qr``, ``qr+marker`` (both, agreeing) or ``marker`` (the
    marker alone, decoded with no bit corrected: ``corners`` are then where the marker puts the
    card's QR code)."""


@dataclass(frozen=True)
class RejectedCode:
    """A QR code that is not a card of this deck; ``reason`` from :class:`~cards.errors.PayloadError`."""

    payload: str
    reason: str


@dataclass(frozen=True)
class UnreadCode:
    """A place where a QR code was seen but not read: never guessed into a card.

    ``centre`` is the place's centre in the photo [px]; ``slot`` the mat slot it lies in (its own
    centre, not a card's: which card it belongs to is unknown), None without the mat.
    """

    centre: Point
    slot: Slot | None


@dataclass(frozen=True)
class Recognition:
    """Everything read from one photo; ``ms`` is wall time for the whole call [ms].

    ``unread`` lists the places where a code was seen (a symbol zxing-cpp found but could not
    decode, or - on the mat - finder patterns with a QR code's geometry) that no pass read.
    """

    cards: tuple[FoundCard, ...]
    rejected: tuple[RejectedCode, ...]
    ms: float
    mat_found: bool
    unread: tuple[UnreadCode, ...] = ()


def recognise_image(data: bytes, deck: Deck, limits: ImageLimits = _DEFAULT_LIMITS) -> Recognition:
    """Find the cards of ``deck`` in a JPEG, PNG, WebP or HEIC photo.

    Raises :class:`~cards.recognise.limits.ImageRejected` (a ``ValueError`` with ``reason``) for
    files that are too large, have too many pixels, are not images, are truncated, animated or
    in an unsupported colour space. Two copies of one card at different places are two
    :class:`FoundCard`; one code read twice (by several passes) is one.
    """
    started = time.perf_counter()
    info = inspect_image(data, limits)
    view = decode_grey(data, info, limits)
    first = read_codes(view)
    symbols = list(first.symbols)
    mat = find_mat(view)
    if mat is None and len(symbols) >= 2 and view.scale == 1.0:
        mat = find_mat(view, full_resolution=True)
    undecoded = _distinct([_quad_box(quad) for quad in first.undecoded])
    missed = _missed_regions(view, symbols, undecoded) if mat is not None else []
    # Card markers are read on a table photo, or when the codes left something unread; a photo
    # whose codes were all read and that shows no mat costs no marker pass.
    markers = find_card_markers(view) if mat is not None or not symbols or undecoded or missed else ()
    early = combine(symbols, markers, deck)
    # A place where a marker names its card (exactly) needs no retry; one where a marker was read
    # with corrected bits does: there only the code can name the card.
    undecoded = [b for b in undecoded if not _named(b, early.known)]
    missed = [b for b in missed if not _named(b, early.known)]
    doubtful = [_around(p, ppm) for p, ppm in early.doubtful if not any(_inside(p, b) for b in undecoded + missed)]
    regions = undecoded + missed + doubtful
    expected = max(0 if early.marker_cards else 1, len(symbols) + len(regions))
    # A table photo with symbols zxing found but could not decode is usually blurred or
    # compressed all over: its finder patterns blur away too, so the estimate runs low.
    explore = mat is not None and bool(undecoded)
    if len(symbols) < expected or explore:
        _retry(view, symbols, expected, regions, explore=explore)
    # On a table, look for card markers once more with a stricter threshold: a neighbour's edge
    # or a smear can merge into a marker's border, and the card's code may be unreadable too.
    if mat is not None:
        markers = (*markers, *find_more_markers(view, markers))
    combined = combine(symbols, markers, deck, mat.to_mat if mat is not None else None)
    kept = [s for s in symbols if not any(s is w for w in combined.withdrawn)]
    cards, rejected = _classify(kept, deck, mat, combined.confirmed)
    cards += tuple(_marker_card(deck, m, mat) for m in combined.marker_cards)
    # zxing-cpp may report an undecoded symbol with no position (all corners at one point): it
    # still sends the retries on, but is no place to show as unread.
    places = [box for box in undecoded + missed if box[2] > box[0] and not _named(box, combined.known)]
    unread = _unread(places, kept, mat)
    for point, reach in combined.unread:
        if not any(math.dist(point, u.centre) <= reach for u in unread):
            unread.append(UnreadCode(point, mat.slot_of(mat.to_mat(point)) if mat is not None else None))
    cards = tuple(sorted(cards, key=lambda c: (sum(p[1] for p in c.corners), sum(p[0] for p in c.corners))))
    return Recognition(cards, rejected, (time.perf_counter() - started) * 1000.0, mat is not None, tuple(unread))


def _named(box: Box, known: list[tuple[Point, float]]) -> bool:
    """True when a marker named its card at a code place inside ``box`` (or within reach of its centre)."""
    centre = _box_centre(box)
    return any(_inside(p, box) or math.dist(centre, p) <= r for p, r in known)


def _around(point: Point, px_per_mm: float) -> Box:
    """A box twice the QR box's side around a predicted code centre [px], like :func:`_quad_box`."""
    half = QR_BOX_MM * px_per_mm
    return (point[0] - half, point[1] - half, point[0] + half, point[1] + half)


def _marker_card(deck: Deck, found: MarkerCard, mat: MatFrame | None) -> FoundCard:
    card = deck.by_id[found.card_id]
    slot = mat.slot_of(found.centre_mm) if mat is not None and found.centre_mm is not None else None
    return FoundCard(card.id, card.code, found.corners, slot, read_by="marker")


def _unread(regions: list[Box], symbols: list[Symbol], mat: MatFrame | None) -> list[UnreadCode]:
    """The regions no decoded symbol (card or not) lies in, as :class:`UnreadCode`."""
    out = []
    for box in regions:
        if any(_inside(symbol.centre, box) for symbol in symbols):
            continue
        centre = _box_centre(box)
        out.append(UnreadCode(centre, mat.slot_of(mat.to_mat(centre)) if mat is not None else None))
    return out


def _missed_regions(view: View, symbols: list[Symbol], known: list[Box]) -> list[Box]:
    """Boxes of codes whose finder patterns are visible but which nothing decoded (tables only).

    Only in a photo showing the mat are codes the decoder never saw likely enough to pay for the
    search; boxes already known from undecoded symbols are not counted twice. Capped at
    :data:`MAX_TABLE_CODES` minus the codes read.
    """
    patterns = find_finder_patterns(view)
    if patterns is None:
        return []
    boxes = [m.box for m in missed_codes(patterns, symbols)]
    fresh = [b for b in boxes if not any(_inside(_box_centre(k), b) for k in known)]
    return fresh[: max(0, MAX_TABLE_CODES - len(symbols) - len(known))]


def _distinct(boxes: list[Box]) -> list[Box]:
    """One box per place: zxing-cpp reports one undecoded symbol several times (at each scale
    it tries), so a box whose centre lies in one already kept is dropped."""
    kept: list[Box] = []
    for box in boxes:
        if not any(_inside(_box_centre(box), k) or _inside(_box_centre(k), box) for k in kept):
            kept.append(box)
    return kept


def _quad_box(quad: Quad) -> Box:
    """A symbol's bounding box grown by half its size on each side (quiet zone and a margin)."""
    xs, ys = [p[0] for p in quad], [p[1] for p in quad]
    half = max(max(xs) - min(xs), max(ys) - min(ys)) / 2
    return (min(xs) - half, min(ys) - half, max(xs) + half, max(ys) + half)


def _box_centre(box: Box) -> tuple[float, float]:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def _inside(point: tuple[float, float], box: Box) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _region_views(view: View, regions: list[Box]) -> list[View]:
    """Each region cropped and sharp-upscaled (3x, or 2x when that would pass :data:`REGION_MAX_PIXELS`)."""
    views = []
    for box in regions:
        part = crop(view, box)
        if part.image.size == 0:
            continue
        factor = 3 if part.image.size * 9 <= REGION_MAX_PIXELS else 2 if part.image.size * 4 <= REGION_MAX_PIXELS else 1
        views.append(sharp_upscale(part, factor) if factor > 1 else part)
    return views


Step = Callable[[View], list[tuple[View, Binarizer]]]


def _whole_image_steps(view: View) -> tuple[Step, ...]:
    """Enhanced copies of the whole photo, in the order they paid off on the benchmark's photos.

    Small photos (:data:`SMALL_PIXELS`) first get a sharp 3x (or 2x) upscale read with the
    fixed-threshold binarizer, then the same copy with the default one; larger photos a
    sharpened copy (fixed threshold, then the default: on blurred table photos it read every
    code in one pass, where contrast equalisation read none), then contrast equalisation and
    upscaled tiles.
    """
    la, fixed = Binarizer.LocalAverage, Binarizer.FixedThreshold
    if view.image.size <= SMALL_PIXELS:
        factor = 3 if view.image.size * 9 <= SHARP_UPSCALE_MAX_PIXELS else 2
        big = sharp_upscale(view, factor)
        return (
            lambda v: [(big, fixed)],
            lambda v: [(big, la)],
            lambda v: [(equalised(v), la)],
            lambda v: [(sharpened(v), la)],
        )
    return (
        lambda v: [(sharpened(v), fixed)],
        lambda v: [(sharpened(v), la)],
        lambda v: [(equalised(v), la)],
        lambda v: [(upscaled(v), la)] if v.image.size <= UPSCALE_MAX_PIXELS else [(t, la) for t in tiles(v)],
        lambda v: [(upscaled(sharpened(v)), la)] if v.image.size <= UPSCALE_MAX_PIXELS else [(t, la) for t in tiles(equalised(v))],
    )


def _retry(view: View, symbols: list[Symbol], expected: int, regions: list[Box], *, explore: bool = False) -> None:
    """Retry until ``expected`` codes are read: first where codes were seen, then everywhere.

    Regions (undecoded symbols, finder-pattern triples) are cheap, small crops; the whole-image
    copies follow only when the regions did not give every code. With ``explore`` the estimate is
    a floor: whole-image copies go on (at least one) until a copy adds no code.
    """
    parts = _region_views(view, regions) if len(regions) <= MAX_REGIONS else []
    for binarizer in (Binarizer.FixedThreshold, Binarizer.LocalAverage):
        for part in parts:
            merge(symbols, read_codes(part, binarizer).symbols)
        if len(symbols) >= expected and not explore:
            return
    for step in _whole_image_steps(view):
        added = sum(merge(symbols, read_codes(copy, binarizer).symbols) for copy, binarizer in step(view))
        if len(symbols) >= expected and (not explore or added == 0):
            return


def _classify(symbols: list[Symbol], deck: Deck, mat: MatFrame | None, confirmed: list[Symbol]) -> tuple[tuple[FoundCard, ...], tuple[RejectedCode, ...]]:
    cards: list[FoundCard] = []
    rejected: dict[str, RejectedCode] = {}
    for symbol in sorted(symbols, key=lambda s: (s.centre[1], s.centre[0])):
        try:
            card = parse_payload(deck, symbol.text).card
        except PayloadError as exc:
            rejected.setdefault(symbol.text, RejectedCode(symbol.text, exc.reason))
            continue
        both = any(symbol is c for c in confirmed)
        cards.append(FoundCard(card.id, card.code, symbol.corners, _slot(symbol, mat), "qr+marker" if both else "qr"))
    return tuple(cards), tuple(rejected.values())


def _slot(symbol: Symbol, mat: MatFrame | None) -> Slot | None:
    if mat is None:
        return None
    c = tuple(mat.to_mat(p) for p in symbol.corners)
    return mat.slot_of(card_centre((c[0], c[1], c[2], c[3])))
