"""A small valid deck written to a temporary directory, so server tests do not depend on the
shipped deck's contents (which other parts of the project edit)."""

from __future__ import annotations

from pathlib import Path

import yaml

from cards.deck import Deck, load_deck
from cards.model import HUMAN_CODE_ALPHABET
from catalogs import languages

#: category -> (file stem, id prefix, number of cards)
LAYOUT = {
    "role": ("ROLE", 6), "governance": ("GOV", 8), "who": ("WHO", 8), "what": ("WHAT", 8),
    "how": ("HOW", 8), "why": ("WHY", 8), "energy": ("TECH", 8), "scenario": ("SCN", 4),
}


def _code(index: int) -> str:
    alphabet = HUMAN_CODE_ALPHABET
    return "Q" + alphabet[index // (len(alphabet) ** 2) % len(alphabet)] + alphabet[index // len(alphabet) % len(alphabet)] + alphabet[index % len(alphabet)]


def _text(card_id: str, lang: str) -> dict[str, str]:
    words = f"Test card ({lang})"
    return {"title": f"{words} {card_id}", "hook": f"{words} hook {card_id}.",
            "body": f"{words} body for {card_id}: a fixture used by the server tests only."}


def write_fixture_deck(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    index = 0
    for category, (prefix, count) in LAYOUT.items():
        cards = []
        for number in range(1, count + 1):
            card_id = f"{prefix}-{number:02d}"
            cards.append({"id": card_id, "code": _code(index), "sp": "SP2", "icon": "sun",
                          "text": {lang: _text(card_id, lang) for lang in languages()}})
            index += 1
        (directory / f"{category}.yaml").write_text(yaml.safe_dump({"category": category, "cards": cards}), encoding="utf-8")
    return directory


def fixture_deck(directory: Path) -> Deck:
    return load_deck(write_fixture_deck(directory), check_counts=False)
