"""Card codes: the one place that maps a card to its QR payload and back.

Payload shape (upper case so a QR code stays in alphanumeric mode, the densest for URLs):

    BASE/C/PCED.1/GOV-03.K7      full form, what is printed by default
    PCED.1/GOV-03.K7             compact form, accepted from any scanner

``PCED`` names the deck, ``1`` its version, ``GOV-03`` the card and ``K7`` is a check value over
the three, so a typo, a stale print or a code from another game is refused with a reason rather
than guessed. The base is chosen at print time; the in-app scanner accepts any base.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from cards.deck import Deck
from cards.errors import PayloadError
from cards.model import CARD_ID_RE, Card

_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_QR_ALNUM = set(_ALNUM + " $%*+-./:")
_PAYLOAD_RE = re.compile(r"(?:^|/)(?P<deck>[A-Z]+)\.(?P<version>\d+)/(?P<card>[A-Z]+-\d{2})\.(?P<check>[0-9A-Z]{2})$")


@dataclass(frozen=True)
class ScannedCard:
    """A payload that parsed to a card of this deck."""

    card: Card
    payload: str


def check_value(deck_id: str, version: int, card_id: str) -> str:
    """Two base-36 characters from CRC-32 over ``DECK.VERSION/CARD`` (1 in 1,296 typos pass)."""
    crc = zlib.crc32(f"{deck_id}.{version}/{card_id}".encode("ascii")) % (36 * 36)
    return _ALNUM[crc // 36] + _ALNUM[crc % 36]


def compact_payload(deck: Deck, card: Card) -> str:
    """The base-less form ``PCED.1/GOV-03.K7``."""
    check = check_value(deck.deck_id, deck.version, card.id)
    return f"{deck.deck_id}.{deck.version}/{card.id}.{check}"


def normalise_base(base_url: str) -> str:
    """Upper-case ``base_url`` without a trailing slash; refuse what QR alphanumeric cannot hold."""
    base = base_url.strip().rstrip("/").upper()
    if not re.match(r"^HTTPS?://[A-Z0-9.\-]+(:\d+)?(/[A-Z0-9.\-/]*)?$", base):
        raise ValueError(
            f"expected a base URL like http://192.168.1.10:8000 (letters, digits, '.', '-', ':', '/'), got {base_url!r}"
        )
    return base


def card_payload(deck: Deck, card: Card, base_url: str | None = None) -> str:
    """The QR payload for ``card``: ``BASE/C/<compact>``, or the compact form without a base."""
    compact = compact_payload(deck, card)
    if base_url is None:
        return compact
    return f"{normalise_base(base_url)}/C/{compact}"


def card_path(deck: Deck, card: Card) -> str:
    """The URL path (``/C/PCED.1/GOV-03.K7``) the server answers for a card's printed QR."""
    return f"/C/{compact_payload(deck, card)}"


def parse_payload(deck: Deck, payload: str) -> ScannedCard:
    """Return the card a scanned or typed payload names, or raise :class:`PayloadError`.

    Reasons: ``foreign`` (not a card code), ``other_deck``, ``stale_deck``, ``bad_check``,
    ``unknown_card``.
    """
    text = payload.strip().upper()
    match = _PAYLOAD_RE.search(text)
    if match is None or ("://" in text and "/C/" not in text):
        raise PayloadError("foreign", f"expected a card code like {deck.deck_id}.{deck.version}/GOV-03.K7, got {payload[:80]!r}")
    deck_id, version = match["deck"], int(match["version"])
    card_id, check = match["card"], match["check"]
    if deck_id != deck.deck_id:
        raise PayloadError("other_deck", f"expected a card of deck {deck.deck_id}, got one of deck {deck_id}")
    if version != deck.version:
        raise PayloadError(
            "stale_deck",
            f"expected a card printed for deck version {deck.version}, got version {version}: reprint the deck",
        )
    if check != check_value(deck_id, version, card_id):
        raise PayloadError("bad_check", f"the check value of {card_id} does not match: the code is damaged or mistyped")
    if not CARD_ID_RE.match(card_id) or card_id not in deck.by_id:
        raise PayloadError("unknown_card", f"expected a card of deck {deck.deck_id}.{deck.version}, got unknown card {card_id}")
    return ScannedCard(card=deck.by_id[card_id], payload=text)


def is_qr_alphanumeric(payload: str) -> bool:
    """True when every character fits QR alphanumeric mode (the densest mode for our codes)."""
    return all(ch in _QR_ALNUM for ch in payload)
