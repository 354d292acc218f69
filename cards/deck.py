"""Which cards exist: load the deck's YAML files, validate them, and index them.

A broken file must stop a facilitator with a message that names the file, the card and the
field, never with a traceback, so every failure here becomes a :class:`~cards.errors.DeckError`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from cards.errors import DeckError
from cards.model import CARD_FIELDS, Card, Category
from catalogs import entries, languages, po_path

DECK_DIR = Path(__file__).parent / "deck"
DECK_ID = "PCED"
"""Names this deck inside every QR payload; a code from another game is refused."""
DECK_VERSION = 1
"""Raised whenever a card's meaning changes, so codes printed for an older deck are refused."""

#: Minimum counts per category (issue: the foundation).
MIN_COUNTS: dict[Category, int] = {
    Category.ROLE: 10,
    Category.GOVERNANCE: 10,
    Category.WHO: 10,
    Category.WHAT: 12,
    Category.HOW: 14,
    Category.WHY: 14,
    Category.ENERGY: 14,
    Category.SCENARIO: 12,
}


@dataclass(frozen=True)
class Deck:
    """The validated deck: cards in file order, indexed by id and by human code."""

    deck_id: str
    version: int
    cards: tuple[Card, ...]
    by_id: Mapping[str, Card] = field(repr=False)
    by_code: Mapping[str, Card] = field(repr=False)

    def __iter__(self) -> Iterator[Card]:
        return iter(self.cards)

    def __len__(self) -> int:
        return len(self.cards)

    def get(self, card_id: str) -> Card:
        """Return the card with ``card_id`` or raise ``KeyError`` naming it."""
        try:
            return self.by_id[card_id]
        except KeyError:
            raise KeyError(f"no card with id {card_id!r} in deck {self.deck_id}") from None

    def find(self, text: str) -> Card | None:
        """The card whose id or human code is ``text`` (case and spaces ignored), else None."""
        key = "".join(text.split()).upper()
        return self.by_id.get(key) or self.by_code.get(key)

    def of(self, category: Category) -> tuple[Card, ...]:
        """The cards of one category, in deck order."""
        return tuple(card for card in self.cards if card.category is category)


def _describe(error: ValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "(card)"
        parts.append(f"field {where}: {item['msg']}")
    return "; ".join(parts)


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DeckError(f"{path.name}: not valid YAML{where}: {problem}") from None
    except OSError as exc:
        raise DeckError(f"{path}: cannot be read ({exc.strerror})") from None


def load_file(path: Path) -> list[Card]:
    """Load and validate one category file: ``{category: ..., cards: [...]}``."""
    data = _read_yaml(path)
    if not isinstance(data, dict) or "cards" not in data or "category" not in data:
        raise DeckError(f"{path.name}: expected a mapping with 'category' and 'cards', got {type(data).__name__}")
    category = data["category"]
    if category not in {c.value for c in Category}:
        raise DeckError(f"{path.name}: expected a category in {[c.value for c in Category]}, got {category!r}")
    if not isinstance(data["cards"], list):
        raise DeckError(f"{path.name}: expected 'cards' to be a list, got {type(data['cards']).__name__}")
    cards = []
    for index, raw in enumerate(data["cards"]):
        if not isinstance(raw, dict):
            raise DeckError(f"{path.name}: card #{index + 1}: expected a mapping, got {type(raw).__name__}")
        name = raw.get("id", f"#{index + 1}")
        if "text" not in raw:
            raw = {**raw, "text": catalog_texts(str(name), path.name)}
        try:
            cards.append(Card.model_validate({**raw, "category": category}))
        except ValidationError as exc:
            raise DeckError(f"{path.name}: card {name}: {_describe(exc)}") from None
    return cards


def catalog_texts(card_id: str, origin: str) -> dict[str, dict[str, str]]:
    """The words of ``card_id`` in every shipped language, from the ``cards`` catalogs.

    Raises :class:`DeckError` naming the card, the field and the language of the first text
    missing (or left empty) and the PO file to add it to.
    """
    out: dict[str, dict[str, str]] = {}
    for lang in languages():
        catalog = entries(lang, "cards")
        fields: dict[str, str] = {}
        for name in CARD_FIELDS:
            found = catalog.get(f"{card_id}|{name}")
            text = found.forms[0] if found is not None else ""
            if not text:
                raise DeckError(f"{origin}: card {card_id}: field {name} missing in language {lang} "
                                f"(msgctxt \"{card_id}|{name}\" in {po_path(lang, 'cards')})")
            fields[name] = text
        out[lang] = fields
    return out


def _check_unique(cards: list[Card], attr: str) -> None:
    counts = Counter(getattr(card, attr) for card in cards)
    repeated = sorted(value for value, n in counts.items() if n > 1)
    if repeated:
        raise DeckError(f"expected every card {attr} to be unique, got repeated {attr}s {repeated}")


def _check_references(cards: list[Card]) -> None:
    ids = {card.id for card in cards}
    tags = {tag for card in cards for tag in card.effects.tags}
    for card in cards:
        refs = (*card.effects.requires, *card.effects.synergies, *card.effects.conflicts)
        for ref in refs:
            if ref not in ids and ref not in tags:
                raise DeckError(f"card {card.id}: effects refer to {ref!r}, which is neither a card id nor a tag")


def load_deck(directory: Path = DECK_DIR, *, check_counts: bool = True) -> Deck:
    """Load every ``*.yaml`` in ``directory`` (sorted) into a validated :class:`Deck`."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise DeckError(f"{directory}: expected card files (*.yaml), found none")
    order = {category: index for index, category in enumerate(Category)}
    # Deck order follows the game (roles first, scenarios last), whatever the file names.
    cards = sorted(
        (card for path in files for card in load_file(path)),
        key=lambda card: order[card.category],
    )
    _check_unique(cards, "id")
    _check_unique(cards, "code")
    _check_references(cards)
    if check_counts:
        have = Counter(card.category for card in cards)
        short = {c.value: (have[c], n) for c, n in MIN_COUNTS.items() if have[c] < n}
        if short:
            raise DeckError(f"expected minimum counts per category, short (have, need): {short}")
    return Deck(
        deck_id=DECK_ID,
        version=DECK_VERSION,
        cards=tuple(cards),
        by_id={card.id: card for card in cards},
        by_code={card.code: card for card in cards},
    )


@lru_cache(maxsize=1)
def default_deck() -> Deck:
    """The shipped deck, loaded once per process."""
    return load_deck()
