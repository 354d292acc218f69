"""The rules of play are tested on the small fixture deck the server tests use (tests/server),
so they do not depend on the shipped deck's contents, which other parts of the project edit."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "server"))
from fixture_deck import fixture_deck

from cards.deck import Deck


@pytest.fixture(scope="session")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Deck:
    return fixture_deck(Path(tmp_path_factory.mktemp("deck")))
