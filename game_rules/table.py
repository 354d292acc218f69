"""A table's model: which cards lie in which board slot, and which roles the seats hold.

This is what ``examples/*.yaml`` contain and what the server builds from a table's plays.
File format (``docs/rules.md``)::

    name: Tenant electricity in Harthof    # optional
    district: munich-harthof               # optional default district
    roles: [ROLE-01, ROLE-03]
    slots:
      governance: [GOV-02]
      what: [WHAT-01]
      measures: [TECH-01, TECH-10]
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from cards.deck import Deck, default_deck
from cards.mat_layout import SLOT_CAPACITY
from cards.model import Category, Slot

_META_KEYS = frozenset({"name", "description", "district", "scenarios"})


class ModelError(ValueError):
    """A table model names an unknown card, puts a card in the wrong slot or is malformed."""


class TableModel(BaseModel):
    """Card ids per board slot and the seats' role card ids (validated against the deck)."""

    model_config = ConfigDict(frozen=True)

    slots: dict[Slot, tuple[str, ...]]
    roles: tuple[str, ...] = ()
    name: str = ""
    district: str | None = None
    scenarios: tuple[str, ...] = ()

    def cards(self, *, include_scenarios: bool = False) -> tuple[str, ...]:
        """Board card ids in slot order (scenario cards only when asked)."""
        out: list[str] = []
        for slot in Slot:
            if slot is Slot.SCENARIO and not include_scenarios:
                continue
            out.extend(self.slots.get(slot, ()))
        return tuple(out)

    def in_slot(self, slot: Slot) -> tuple[str, ...]:
        return self.slots.get(slot, ())

    @classmethod
    def from_yaml(cls, path: str | Path, deck: Deck | None = None) -> TableModel:
        """Read a model file; every problem becomes a :class:`ModelError` naming the file."""
        file = Path(path)
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ModelError(f"{file}: cannot be read ({exc.strerror})") from None
        except yaml.YAMLError as exc:
            raise ModelError(f"{file.name}: not valid YAML ({exc})") from None
        try:
            return cls.from_mapping(data, deck)
        except ModelError as exc:
            raise ModelError(f"{file.name}: {exc}") from None

    @classmethod
    def from_mapping(cls, data: Any, deck: Deck | None = None) -> TableModel:
        """Validate ``{slots: {slot: [ids]}, roles: [ids]}`` against ``deck`` (default deck)."""
        if not isinstance(data, Mapping):
            raise ModelError(f"expected a mapping with 'slots' and 'roles', got {type(data).__name__}")
        unknown = set(data) - _META_KEYS - {"slots", "roles"}
        if unknown:
            raise ModelError(f"unexpected keys {sorted(unknown)}; expected 'slots', 'roles' and optional {sorted(_META_KEYS)}")
        deck = deck or default_deck()
        slots = _slots(data.get("slots"), deck)
        roles = tuple(_card(deck, raw, "roles", Category.ROLE) for raw in _list(data.get("roles", []), "roles"))
        scenarios = tuple(_card(deck, raw, "scenarios", Category.SCENARIO) for raw in _list(data.get("scenarios", []), "scenarios"))
        _no_repeats([*(c for ids in slots.values() for c in ids), *roles])
        district = data.get("district")
        if district is not None and not isinstance(district, str):
            raise ModelError(f"district: expected a preset name or file path, got {district!r}")
        return cls(slots=slots, roles=roles, name=str(data.get("name", "")), district=district, scenarios=scenarios)


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ModelError(f"{where}: expected a list of card ids, got {type(value).__name__}")
    return value


def _card(deck: Deck, raw: Any, where: str, category: Category | None = None, slot: Slot | None = None) -> str:
    if not isinstance(raw, str):
        raise ModelError(f"{where}: expected a card id such as 'GOV-01', got {raw!r}")
    card = deck.find(raw)
    if card is None:
        raise ModelError(f"{where}: unknown card {raw!r} (not in deck {deck.deck_id})")
    if category is not None and card.category is not category:
        raise ModelError(f"{where}: {card.id} is a {card.category.value} card, expected a {category.value} card")
    if slot is not None and slot not in card.slots:
        allowed = ", ".join(s.value for s in card.slots) or "no board slot (a seat takes it)"
        raise ModelError(f"slot {slot.value}: {card.id} ({card.category.value}) cannot lie there; it belongs in {allowed}")
    return card.id


def _slots(value: Any, deck: Deck) -> dict[Slot, tuple[str, ...]]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ModelError(f"slots: expected a mapping of slot to card ids, got {type(value).__name__}")
    out: dict[Slot, tuple[str, ...]] = {}
    names = [s.value for s in Slot]
    for key, ids in value.items():
        if key not in names:
            raise ModelError(f"slots: unknown slot {key!r}; expected one of {names}")
        slot = Slot(key)
        out[slot] = tuple(_card(deck, raw, f"slots.{key}", slot=slot) for raw in _list(ids, f"slots.{key}"))
        if len(out[slot]) > SLOT_CAPACITY[slot]:
            raise ModelError(f"slots.{key}: the mat holds {SLOT_CAPACITY[slot]} card(s) there, got {len(out[slot])}")
    return out


def _no_repeats(ids: list[str]) -> None:
    seen: set[str] = set()
    for card_id in ids:
        if card_id in seen:
            raise ModelError(f"card {card_id} appears twice; each card lies on the table once")
        seen.add(card_id)
