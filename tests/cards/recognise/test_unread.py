"""A code seen but not read is reported as unread, never guessed into a card (issue 15)."""

from __future__ import annotations

import math

import cv2
import numpy as np

from cards.deck import Deck
from cards.recognise import recognise_image
from cards.recognise import synthetic as syn


def _covered_card(payload: str, rng: np.random.Generator) -> tuple[np.ndarray, tuple[float, float], np.ndarray]:
    """One card whose QR code is covered in its middle (a fingertip: a square of 0.3 of the box
    side) beyond its error correction, while its finder patterns stay visible; returns the
    photo and the QR centre [px]."""
    card = syn.card_image(payload, 8.0)
    cx, cy = syn.qr_centre_on_card(8.0)
    side = 24 * 8.0
    # zxing-cpp still finds the symbol (finders and timing intact) but its checksum fails.
    cv2.rectangle(card, (round(cx - side * 0.15), round(cy - side * 0.15)), (round(cx + side * 0.15), round(cy + side * 0.15)), 140, -1)
    photo, matrix = syn.on_background(card, (1280, 960), rng, fill=0.45)
    return photo, syn.map_points(matrix, [(cx, cy)])[0], matrix


def test_a_code_covered_beyond_its_correction_is_unread_not_guessed(deck: Deck, payloads: dict[str, str], rng: np.random.Generator) -> None:
    photo, centre, matrix = _covered_card(payloads["WHO-03"], rng)
    result = recognise_image(syn.encode(photo, ".png"), deck)
    assert result.cards == ()
    assert len(result.unread) == 1
    # Within a quarter of the code's side in the photo (24 mm at 8 px/mm, scaled by on_background).
    side_px = math.dist(*syn.map_points(matrix, [(0.0, 0.0), (24 * 8.0, 0.0)]))
    assert math.dist(result.unread[0].centre, centre) < 0.25 * side_px
    assert result.unread[0].slot is None  # no mat in view


def test_a_photo_whose_codes_are_all_read_reports_nothing_unread(deck: Deck, payloads: dict[str, str], rng: np.random.Generator) -> None:
    card = syn.card_image(payloads["WHO-01"], 8.0)
    photo, _matrix = syn.on_background(card, (1280, 960), rng, fill=0.45)
    result = recognise_image(syn.encode(photo, ".png"), deck)
    assert [c.id for c in result.cards] == ["WHO-01"] and result.unread == ()
