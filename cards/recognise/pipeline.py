"""Image bytes in, cards out: the recogniser's one entry point, :func:`recognise_image`.

Steps, cheapest first, so an easy photo costs a JPEG decode plus one zxing-cpp pass:

1. Vet the file from its header (:mod:`cards.recognise.limits`): size, pixels, format, frames,
   colour space, truncation. Nothing is decoded before that.
2. Decode to grey at a bounded size (:mod:`cards.recognise.imaging`).
3. One zxing-cpp pass. If it decoded nothing, or found symbols it could not decode, or the photo
   shows the mat (a table photo) and counting finder patterns suggests more codes than were
   read, retry on enhanced copies - contrast-equalised, sharpened, 2x upscaled (small photos) or
   2x2 tiles upscaled (large ones) - until the estimate is met or the retries run out.
4. Parse every payload against the deck: cards of this deck become :class:`FoundCard`, anything
   else a :class:`RejectedCode` with the reason :func:`cards.codes.parse_payload` gives.
5. When the mat's markers are visible, map each card's centre to the mat and name its slot.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from cards.codes import parse_payload
from cards.deck import Deck
from cards.errors import PayloadError
from cards.model import Slot
from cards.recognise.card_geometry import card_centre
from cards.recognise.imaging import View, decode_grey, equalised, sharpened, tiles, upscaled
from cards.recognise.limits import ImageLimits, inspect_image
from cards.recognise.mat import MatFrame, find_mat
from cards.recognise.qr import Quad, Symbol, count_finder_patterns, merge, read_codes

_DEFAULT_LIMITS = ImageLimits()

MAX_TABLE_CODES = 32
"""Most codes a mat photo is assumed to hold (eight slots, a few shingled cards each): caps an
estimate inflated by clutter that looks like finder patterns."""

UPSCALE_MAX_PIXELS = 2_500_000
"""Photos up to this size [px] are retried on a 2x upscale of the whole image; larger ones on
2x-upscaled tiles, which bounds each decoder pass to about 4x this size."""


@dataclass(frozen=True)
class FoundCard:
    """A card of the deck found in the photo.

    ``id`` is the card id (``GOV-03``), ``code`` its printed human code (``K7QX``), ``corners``
    the QR code's corners in the photo [px] in the code's reading order (top-left, top-right,
    bottom-right, bottom-left of the printed code), ``slot`` the mat slot its centre lies in
    (None when the mat's markers are not visible or the card lies outside every slot).
    """

    id: str
    code: str
    corners: Quad
    slot: Slot | None


@dataclass(frozen=True)
class RejectedCode:
    """A QR code that is not a card of this deck; ``reason`` from :class:`~cards.errors.PayloadError`."""

    payload: str
    reason: str


@dataclass(frozen=True)
class Recognition:
    """Everything read from one photo; ``ms`` is wall time for the whole call [ms]."""

    cards: tuple[FoundCard, ...]
    rejected: tuple[RejectedCode, ...]
    ms: float
    mat_found: bool


def recognise_image(data: bytes, deck: Deck, limits: ImageLimits = _DEFAULT_LIMITS) -> Recognition:
    """Find the cards of ``deck`` in a JPEG, PNG or WebP photo.

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
    expected = _expected_codes(view, len(symbols), first.undecoded, mat is not None)
    if len(symbols) < expected:
        _retry(view, symbols, expected)
    cards, rejected = _classify(symbols, deck, mat)
    return Recognition(cards, rejected, (time.perf_counter() - started) * 1000.0, mat is not None)


def _expected_codes(view: View, read: int, undecoded: int, is_table: bool) -> int:
    """How many codes the photo seems to hold: at least one, plus every undecoded symbol.

    In a table photo (mat visible) codes the decoder never saw are likely, so finder patterns
    are counted too (three per code); elsewhere that pass is skipped to keep the easy case fast.
    """
    expected = max(1, read + undecoded)
    if is_table:
        expected = max(expected, min(MAX_TABLE_CODES, count_finder_patterns(view) // 3))
    return expected


def _retry_views(view: View) -> Iterator[list[View]]:
    """Enhanced copies to retry on, in the order they paid off on the benchmark's photos."""
    steps: tuple[Callable[[View], list[View]], ...] = (
        lambda v: [equalised(v)],
        lambda v: [sharpened(v)],
        lambda v: [upscaled(v)] if v.image.size <= UPSCALE_MAX_PIXELS else tiles(v),
        lambda v: [upscaled(sharpened(v))] if v.image.size <= UPSCALE_MAX_PIXELS else tiles(equalised(v)),
    )
    for step in steps:
        yield step(view)


def _retry(view: View, symbols: list[Symbol], expected: int) -> None:
    """Retry on enhanced copies until ``expected`` codes are read or the copies run out."""
    for views in _retry_views(view):
        for copy in views:
            merge(symbols, read_codes(copy).symbols)
        if len(symbols) >= expected:
            return


def _classify(symbols: list[Symbol], deck: Deck, mat: MatFrame | None) -> tuple[tuple[FoundCard, ...], tuple[RejectedCode, ...]]:
    cards: list[FoundCard] = []
    rejected: dict[str, RejectedCode] = {}
    for symbol in sorted(symbols, key=lambda s: (s.centre[1], s.centre[0])):
        try:
            card = parse_payload(deck, symbol.text).card
        except PayloadError as exc:
            rejected.setdefault(symbol.text, RejectedCode(symbol.text, exc.reason))
            continue
        cards.append(FoundCard(card.id, card.code, symbol.corners, _slot(symbol, mat)))
    return tuple(cards), tuple(rejected.values())


def _slot(symbol: Symbol, mat: MatFrame | None) -> Slot | None:
    if mat is None:
        return None
    c = tuple(mat.to_mat(p) for p in symbol.corners)
    return mat.slot_of(card_centre((c[0], c[1], c[2], c[3])))
