"""Card <-> QR payload: every card round-trips, foreign and stale codes are refused with a reason."""

from __future__ import annotations

import dataclasses

import pytest

from cards.codes import (
    card_path,
    card_payload,
    check_value,
    compact_payload,
    is_qr_alphanumeric,
    parse_payload,
)
from cards.deck import default_deck
from cards.errors import PayloadError


def test_every_card_round_trips_in_both_forms() -> None:
    deck = default_deck()
    for card in deck:
        for base in (None, "http://192.168.1.20:8000", "https://pced.example.org/ws1/"):
            payload = card_payload(deck, card, base)
            assert is_qr_alphanumeric(payload), payload
            assert parse_payload(deck, payload).card is card


def test_payload_shape_is_pinned() -> None:
    deck = default_deck()
    card = deck.get("GOV-01")
    assert check_value("PCED", 1, "GOV-01") == "57"
    assert compact_payload(deck, card) == "PCED.1/GOV-01.57"
    assert card_payload(deck, card, "http://10.0.0.5:8000/") == "HTTP://10.0.0.5:8000/C/PCED.1/GOV-01.57"
    assert card_path(deck, card) == "/C/PCED.1/GOV-01.57"


def test_lower_case_and_spaces_from_a_scanner_are_accepted() -> None:
    deck = default_deck()
    assert parse_payload(deck, "  http://host:8000/c/pced.1/gov-01.57 \n").card.id == "GOV-01"


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("https://example.com/some/page", "foreign"),
        ("WIFI:S:hotel;T:WPA;P:secret;;", "foreign"),
        ("", "foreign"),
        ("HTTP://HOST/X/PCED.1/GOV-01.57", "foreign"),
        ("OTHER.1/GOV-01.57", "other_deck"),
        ("PCED.0/GOV-01." + check_value("PCED", 0, "GOV-01"), "stale_deck"),
        ("PCED.1/GOV-01.ZZ", "bad_check"),
        ("PCED.1/GOV-02.57", "bad_check"),
        ("PCED.1/GOV-99." + check_value("PCED", 1, "GOV-99"), "unknown_card"),
    ],
)
def test_refusals_carry_a_reason(payload: str, reason: str) -> None:
    with pytest.raises(PayloadError) as caught:
        parse_payload(default_deck(), payload)
    assert caught.value.reason == reason
    assert str(caught.value)


def test_a_newer_deck_refuses_codes_printed_for_the_old_one() -> None:
    deck = default_deck()
    old = card_payload(deck, deck.get("TECH-01"))
    newer = dataclasses.replace(deck, version=deck.version + 1)
    with pytest.raises(PayloadError, match="reprint the deck") as caught:
        parse_payload(newer, old)
    assert caught.value.reason == "stale_deck"


def test_a_base_url_that_qr_alphanumeric_cannot_hold_is_refused() -> None:
    deck = default_deck()
    with pytest.raises(ValueError, match="expected a base URL"):
        card_payload(deck, deck.get("GOV-01"), "http://host/?q=a&b")
