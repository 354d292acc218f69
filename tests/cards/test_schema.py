"""The committed JSON Schema of card files is the one the code generates."""

from __future__ import annotations

import json
from pathlib import Path

from cards.schema import card_file_schema

SCHEMA = Path(__file__).parents[2] / "docs" / "schemas" / "card-file.schema.json"


def test_committed_schema_matches_the_code() -> None:
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert committed == card_file_schema(), "run: python -m cards.schema > docs/schemas/card-file.schema.json"


def test_schema_names_every_category_and_the_effects_block() -> None:
    text = SCHEMA.read_text(encoding="utf-8")
    for word in ("governance", "scenario", "value_flows", "risk_bearer", "max_share_of_capex"):
        assert word in text
