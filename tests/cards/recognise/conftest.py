"""Fixtures for the recogniser: a four-card deck independent of the shipped YAML, and payloads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cards.codes import card_payload
from cards.deck import Deck, load_deck

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def deck() -> Deck:
    return load_deck(FIXTURES / "deck", check_counts=False)


@pytest.fixture(scope="session")
def payloads(deck: Deck) -> dict[str, str]:
    """Card id -> compact payload."""
    return {card.id: card_payload(deck, card) for card in deck}


@pytest.fixture()
def rng() -> np.random.Generator:
    return np.random.default_rng(20240611)
