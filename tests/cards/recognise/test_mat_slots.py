"""Slot assignment: cards placed on a rendered mat, photographed at an angle, land in their slots."""

from __future__ import annotations

import numpy as np
import pytest

from cards.deck import Deck
from cards.mat_layout import SLOTS
from cards.recognise import recognise_image
from cards.recognise import synthetic as syn
from cards.recognise.card_geometry import CODE_TO_CARD_CENTRE_MM, card_centre


@pytest.mark.parametrize(("seed", "angle"), [(1, 0.0), (2, 12.0), (3, -25.0), (4, 180.0)])
def test_every_card_lands_in_its_slot(deck: Deck, payloads: dict[str, str], seed: int, angle: float) -> None:
    rng = np.random.default_rng(seed)
    ids = list(payloads)
    order = [ids[i % len(ids)] for i in range(12)]
    canvas, placed = syn.table_on_mat([payloads[i] for i in order], 4.0, rng)
    photo, _m = syn.on_background(canvas, (2600, 1950), rng, fill=0.72)
    photo, _m2 = syn.perspective(photo, 0.08, rng, angle)
    result = recognise_image(syn.encode(photo, ".jpg", 88), deck)
    assert result.mat_found
    # Twelve cards over eight slots: the four first slots hold two shingled cards each.
    got = sorted((c.id, c.slot) for c in result.cards)
    want = sorted((cid, p.slot) for cid, p in zip(order, placed, strict=True))
    assert got == want


def test_without_markers_no_slot_is_claimed(deck: Deck, payloads: dict[str, str], rng: np.random.Generator) -> None:
    canvas, _placed = syn.table_on_mat([payloads["WHO-01"]], 4.0, rng)
    canvas[:200, :] = 235
    canvas[-200:, :] = 235
    result = recognise_image(syn.encode(canvas, ".png"), deck)
    assert not result.mat_found
    assert [(c.id, c.slot) for c in result.cards] == [("WHO-01", None)]


def test_card_centre_follows_the_code_axes() -> None:
    """A code rotated 90° clockwise puts the card centre to its rotated side."""
    upright = ((10.0, 10.0), (30.0, 10.0), (30.0, 30.0), (10.0, 30.0))
    dx, dy = CODE_TO_CARD_CENTRE_MM
    assert card_centre(upright) == pytest.approx((20.0 + dx, 20.0 + dy))
    clockwise = ((30.0, 10.0), (30.0, 30.0), (10.0, 30.0), (10.0, 10.0))
    assert card_centre(clockwise) == pytest.approx((20.0 - dy, 20.0 + dx))


def test_a_slot_holds_a_poker_card() -> None:
    for rect in SLOTS.values():
        assert rect.width >= 63.0 and rect.height >= 88.0
