"""Scenarios as worlds: the exogenous conditions a project and its reference meet alike.

The parameter vocabulary (:mod:`game_rules.params`) splits in two (docs/rules.md, "Scenarios as
worlds"):

* **world** (exogenous) parameters: weather and demand (``demand.heat``, ``demand.electricity``,
  ``pv.yield_factor``), grid conditions (``grid.*``), prices and tariffs (``tariff.*``,
  ``price.*``), investment prices (``cost.*``, ``capex.factor``), money (``finance.*``), rules
  (``regulation.*``) and uptake (``participation.share``). Nobody at the table decides them.
* **decision** parameters: everything the cards size or choose (PV, storage, retrofit, heat
  pumps, local tariff, running costs ...).

A scenario card may change world parameters only (:func:`check_card`). Its changes apply to the
project (the district with the table's cards) AND to the reference (today's district without the
project), so a cold winter raises the reference's heat bill too and the project's avoided bills
are judged in the same winter. Cards may move world parameters for the project only (e.g. direct
marketing raises the feed-in price the project earns); the reference never sees the cards.

A change is either relative to the district's current value (``mul``/``add``) or an explicit new
value with its date (``set`` + ``since``), so a historic change is never re-applied as a factor
on a district value that already includes it. A change bound to one country's law (``regime``)
is not applied elsewhere; :attr:`World.inert` says which changes were left out so the
assessment can warn instead of changing nothing silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cards.effects import ScenarioChange
from cards.model import Card, Category
from game_rules.districts import District
from game_rules.params import VOCABULARY, Params

#: Families of exogenous parameters (prefix before the first dot).
WORLD_FAMILIES: frozenset[str] = frozenset({"tariff", "price", "cost", "finance", "regulation", "grid"})
#: Exogenous parameters outside those families.
WORLD_NAMES: frozenset[str] = frozenset({
    "demand.heat", "demand.electricity", "pv.yield_factor", "participation.share", "capex.factor",
})
#: Tariff parameters the table decides (the local price a model charges), not the world.
DECISION_NAMES: frozenset[str] = frozenset({"tariff.local_ratio"})


def is_world(name: str) -> bool:
    """True when parameter ``name`` is an exogenous (world) condition, False for a decision."""
    if name in DECISION_NAMES:
        return False
    return name in WORLD_NAMES or name.split(".", 1)[0] in WORLD_FAMILIES


def world_parameters() -> tuple[str, ...]:
    """Every world parameter of the vocabulary, in vocabulary order."""
    return tuple(name for name in VOCABULARY if is_world(name))


@dataclass(frozen=True)
class World:
    """One scenario card read for one district: the changes that act there and those that do not.

    ``likelihood`` is the card's COBEN probability level (1-4) and ``basis`` its justification.
    """

    card: Card
    changes: tuple[ScenarioChange, ...]
    inert: tuple[ScenarioChange, ...]
    likelihood: int
    basis: str

    @property
    def id(self) -> str:
        return self.card.id

    def apply(self, params: Params) -> Params:
        """``params`` with this world's changes applied (origin: the scenario card id)."""
        return params.apply((self.card.id, change) for change in self.changes)

    def in_force(self, base: Params, as_of: date) -> tuple[ScenarioChange, ...]:
        """The dated new values that are already the district's value on ``as_of`` (the
        scenario describes today's rules there, e.g. §42c energy sharing after 1 June 2026)."""
        return tuple(c for c in self.changes if c.since is not None and c.since <= as_of
                     and abs(base[c.param] - c.value) <= 1e-9 * max(1.0, abs(c.value)))

    @property
    def regimes(self) -> tuple[str, ...]:
        """The regimes whose law the inert changes encode (for the warning)."""
        return tuple(dict.fromkeys(c.regime for c in self.inert if c.regime))


def check_card(card: Card) -> list[str]:
    """Problems of a scenario card as a world: decision parameters it changes, a missing
    likelihood. Empty when the card is a valid world."""
    problems = [f"{card.id} changes {c.param!r}, a decision of the table, not a world condition"
                for c in card.effects.scenario if not is_world(c.param)]
    if card.effects.likelihood is None:
        problems.append(f"{card.id} has no likelihood (level 1-4 and its basis)")
    return problems


def world_of(card: Card, district: District) -> World:
    """The world ``card`` makes in ``district``; ``ValueError`` for a card that is no valid
    scenario (not a scenario card, or one that changes a decision parameter)."""
    if card.category is not Category.SCENARIO:
        raise ValueError(f"expected a scenario card (SCN-..), got {card.id} ({card.category.value})")
    problems = check_card(card)
    likelihood = card.effects.likelihood
    if problems or likelihood is None:
        raise ValueError("; ".join(problems))
    acting = tuple(c for c in card.effects.scenario if c.regime is None or c.regime == district.regime)
    inert = tuple(c for c in card.effects.scenario if c not in acting)
    return World(card, acting, inert, likelihood.level, likelihood.basis)


def reference_params(base: Params, world: World | None) -> Params:
    """Today's district without the project in ``world``: the base parameters (no cards) with
    the world's changes."""
    return base if world is None else world.apply(base)


def worlds(cards: Sequence[Card], district: District) -> list[World]:
    """:func:`world_of` for each card, in order."""
    return [world_of(card, district) for card in cards]
