"""``assembler serve --demo``: a workshop with two tables already played, for a first look.

The boards come from the example models in ``examples/*.yaml`` (written with the rules engine:
``slots: {slot: [card ids]}``, ``roles: [role card ids]``); cards the deck does not hold are
skipped. Without example files a built-in pair of boards is used. Every card goes through the
same command path as a phone's play, so the demo tables have real logs and assessments.
Each start with ``--demo`` creates a new demo workshop (its links are printed; tokens are stored
hashed and cannot be shown again later).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import yaml

from cards.model import Category, Slot
from game_rules.play import (
    Actor,
    CardSource,
    JoinCmd,
    Phase,
    PlayCardCmd,
    SetPhaseCmd,
    TakeRoleCmd,
)
from server.api import Api
from server.live import Live
from server.protocol import CreateWorkshopIn

log = logging.getLogger("assembler.demo")
EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"

BUILT_IN: tuple[dict[str, Any], ...] = (
    {"name": "Tenant electricity", "district": "lyon-confluence",
     "roles": ["ROLE-01", "ROLE-02", "ROLE-03"],
     "slots": {"governance": ["GOV-01"], "who": ["WHO-01"], "what": ["WHAT-01"], "how": ["HOW-01"],
               "why": ["WHY-01"], "measures": ["TECH-01", "TECH-02"], "financing": ["WHY-02"]}},
    {"name": "Energy cooperative", "district": "munich-harthof",
     "roles": ["ROLE-04", "ROLE-05"],
     "slots": {"governance": ["GOV-02"], "who": ["WHO-02"], "what": ["WHAT-02"], "how": ["HOW-02"],
               "why": ["WHY-03"], "measures": ["TECH-03"]}},
)
NICKNAMES = ("Ana", "Bruno", "Chloé", "Dieter", "Elif")


def example_models(directory: Path = EXAMPLES_DIR) -> list[dict[str, Any]]:
    """The first two example models with ``slots``; the built-in pair when there are none."""
    models = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            log.warning("skipping example %s: %s", path.name, exc)
            continue
        if isinstance(data, dict) and isinstance(data.get("slots"), dict):
            models.append({"name": data.get("name") or path.stem, **data})
        if len(models) == 2:
            return models
    return list(BUILT_IN)


async def _play_model(live: Live, table_id: str, model: dict[str, Any], prefix: str) -> int:
    """Seat people with roles, walk the phases, and play every card of ``model``; returns plays."""
    facilitator = Actor("facilitator")
    deck = live.deck
    roles = [r for r in model.get("roles", []) if (c := deck.find(str(r))) and c.category is Category.ROLE]
    for index, role in enumerate(roles or [None]):
        seat = f"{prefix}s{index}"
        await live.execute(table_id, f"{prefix}join{index}", JoinCmd(seat_id=seat, nickname=NICKNAMES[index % 5]), Actor("system"))
        if role:
            await live.execute(table_id, f"{prefix}role{index}", TakeRoleCmd(role_card=role), Actor("participant", seat))
    played = 0
    for slot_name, ids in model.get("slots", {}).items():
        if slot_name not in {s.value for s in Slot}:
            continue
        for card_id in ids or []:
            if deck.find(str(card_id)) is None:
                continue
            cmd = PlayCardCmd(card_id=str(card_id), slot=Slot(slot_name), source=CardSource.PICK, revealed=True)
            out = await live.execute(table_id, f"{prefix}play.{card_id}", cmd, facilitator)
            played += int(out.ok)
    await live.execute(table_id, f"{prefix}phase", SetPhaseCmd(phase=Phase.FINANCING), facilitator)
    return played


async def seed_demo(api: Api, live: Live, *, log_links: bool = False, base_url: str = "") -> tuple[str, str]:
    """Create the demo workshop; returns (workshop id, facilitator token)."""
    models = example_models()
    district = str(models[0].get("district") or "lyon-confluence")
    workshop, token = await api.create(CreateWorkshopIn(name="Demo workshop", lang="en", district=district, tables=len(models)))
    rows = await live.db(live.store.workshop_tables, workshop.id)
    for row, model in zip(rows, models, strict=False):
        played = await _play_model(live, row.id, model, f"demo.{row.id}.")
        log.info("demo table %s: %s, %d cards", row.number, model.get("name"), played)
    if log_links:
        log.warning("demo workshop ready: facilitator console at %s/f/%s", base_url, token)
    return workshop.id, token
