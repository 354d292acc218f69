from __future__ import annotations

from pathlib import Path

import pytest
from fixture_deck import fixture_deck

from cards.deck import Deck


@pytest.fixture(scope="session")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Deck:
    return fixture_deck(Path(tmp_path_factory.mktemp("deck")))
