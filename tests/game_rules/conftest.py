"""Shared fixtures: the real deck, the presets and the example models."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cards.deck import Deck, default_deck
from game_rules import District, TableModel, load_district

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SIX_SCENARIOS = ("SCN-01", "SCN-03", "SCN-04", "SCN-07", "SCN-10", "SCN-12")


@pytest.fixture(scope="session")
def deck() -> Deck:
    return default_deck()


@pytest.fixture(scope="session")
def munich() -> District:
    return load_district("munich-harthof")


@pytest.fixture(scope="session")
def lyon() -> District:
    return load_district("lyon-confluence")


@pytest.fixture(scope="session")
def example() -> Callable[[str], TableModel]:
    """Load an example model by name (``examples/<name>.yaml``)."""

    def load(name: str) -> TableModel:
        return TableModel.from_yaml(EXAMPLES / f"{name}.yaml")

    return load


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES
