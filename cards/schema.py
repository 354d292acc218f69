"""JSON Schema of a card file, generated from the pydantic models (never written by hand).

``python -m cards.schema > docs/schemas/card-file.schema.json`` refreshes the committed copy; a
test keeps the two equal so editors and other tools can validate card files against it.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict

from cards.model import Card, Category


class CardFile(BaseModel):
    """One YAML file of the deck: a category and its cards (``category`` is set per file)."""

    model_config = ConfigDict(extra="forbid")

    category: Category
    cards: list[Card]


def card_file_schema() -> dict[str, Any]:
    """The JSON Schema of a card file, with a stable key order for diffs."""
    schema = CardFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "PCED deck card file"
    # In the files a card's words are not written: the loader reads them from the cards
    # catalogs (catalogs/locale/<lang>/LC_MESSAGES/cards.po, msgctxt "<id>|title" ...).
    card = schema["$defs"]["Card"]
    card["required"] = [name for name in card["required"] if name != "text"]
    card["properties"]["text"]["description"] = (
        "Omit: the texts come from catalogs/locale/<lang>/LC_MESSAGES/cards.po (msgctxt '<id>|title', "
        "'<id>|hook', '<id>|body'); inline, a mapping of every shipped language to title, hook and body.")
    return schema


def main() -> None:
    print(json.dumps(card_file_schema(), indent=2, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
