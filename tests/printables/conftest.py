"""Fixtures for the printables tests."""

from __future__ import annotations

import pytest

from cards.deck import Deck, default_deck


@pytest.fixture(scope="session")
def deck() -> Deck:
    """The shipped deck (the end-to-end tests print the real cards)."""
    return default_deck()
