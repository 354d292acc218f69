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

A scenario that puts a law in force (``effects.law``: regime, regulation rule, the day its
version takes effect) means "what if this law comes in": before that day it acts (its changes
put the rule in force in its world, e.g. § 42c EnWG opens energy sharing over the public grid),
from that day on under that regime it is the law of the base world already, so the whole
scenario is inert (:attr:`World.status` ``in_force``, with the day) instead of counting its
consequences (the extra uptake) a second time. A scenario none of whose changes act under the
district's regime is ``not_applicable``. An inert world is reported, never rated as a change.

A world also says **when** it holds (``effects.occurrence``, :class:`cards.effects.Occurrence`):
*persistent* (a price path, a law, an uptake) every year from ``from_year`` on, or an *event*
(a cold winter, a price spike) that occurs ``lasts_years`` at a time about once every
``every_years`` years. The scenario's annual KPIs and net values describe a year in its world
(for an event: the event year); its lifecycle cash flows (:func:`lifecycle_in_world`) are, year
by year, CF_t = CF_t(base) + w_t x (CF_t(world) - CF_t(base)), with w_t = the expected share of
year t spent in the world: for an event w_0 = 0 (the investment is made in the base world) and
w_t = lasts_years / every_years for t >= 1, the expected value of the cash flow when the event
occurs at random with that frequency (EC CBA guide 2014, section 2.9: risk assessment by
expected values, ref:ec-cba-guide-2014); for a persistent world w_t = 1 from ``from_year`` on
(and in year 0 when it holds from year 1), else 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np

from cards.effects import Occurrence, ScenarioChange
from cards.model import Card, Category
from game_rules import cashflow as cf
from game_rules.districts import District
from game_rules.params import VOCABULARY, Params
from game_rules.regulation import all_rules
from game_rules.results import (
    CashFlowRow,
    CashFlows,
    Financing,
    ScenarioOccurrence,
    StakeholderCashFlows,
    StakeholderFinance,
)

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


#: What a scenario does in a district: it changes the world, none of its changes apply under the
#: district's regime, or the law it puts in force is already the law on the as-of date.
Status = Literal["acts", "not_applicable", "in_force"]


def world_parameters() -> tuple[str, ...]:
    """Every world parameter of the vocabulary, in vocabulary order."""
    return tuple(name for name in VOCABULARY if is_world(name))


@dataclass(frozen=True)
class World:
    """One scenario card read for one district on one date: the changes that act there and
    those that do not.

    ``likelihood`` is the card's COBEN probability level (1-4) and ``basis`` its justification;
    ``occurrence`` says whether the world persists from a year on or is an event with a frequency;
    ``status`` whether it changes anything (module doc) and ``since`` the day its law took
    effect when that law is already in force (``status == "in_force"``), else None.
    """

    card: Card
    changes: tuple[ScenarioChange, ...]
    inert: tuple[ScenarioChange, ...]
    likelihood: int
    basis: str
    occurrence: Occurrence
    status: Status = "acts"
    since: date | None = None

    @property
    def acts(self) -> bool:
        """False for an inert world (not applicable here, or its law already in force)."""
        return self.status == "acts"

    @property
    def is_event(self) -> bool:
        return self.occurrence.kind == "event"

    def weights(self, horizon: int) -> np.ndarray:
        """w_t for t = 0..``horizon``: the expected share of year t spent in this world (module doc)."""
        years = np.arange(horizon + 1)
        occ = self.occurrence
        if occ.kind == "event":
            return np.where(years >= 1, occ.share_of_years, 0.0)
        return np.where((years >= occ.from_year) | ((years == 0) & (occ.from_year <= 1)), 1.0, 0.0)

    def result_occurrence(self) -> ScenarioOccurrence:
        """The occurrence as the assessment reports it (``ScenarioResult.occurrence``)."""
        occ = self.occurrence
        return ScenarioOccurrence(kind=occ.kind, from_year=occ.from_year, every_years=occ.every_years,
                                  every_range=occ.every_range, lasts_years=occ.lasts_years,
                                  share_of_years=occ.share_of_years, basis=occ.basis,
                                  annual_figures="event_year" if occ.kind == "event" else "every_year")

    @property
    def id(self) -> str:
        return self.card.id

    def apply(self, params: Params) -> Params:
        """``params`` with this world's changes applied (origin: the scenario card id)."""
        return params.apply((self.card.id, change) for change in self.changes)

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
    if card.effects.occurrence is None:
        problems.append(f"{card.id} has no occurrence (persistent from a year, or an event with its frequency)")
    law = card.effects.law
    if law is not None and not any(r.key == law.rule and r.in_force_from == law.since for r in all_rules(law.regime)):
        versions = [str(r.in_force_from) for r in all_rules(law.regime) if r.key == law.rule]
        problems.append(f"{card.id} puts {law.regime} rule {law.rule!r} in force from {law.since}; expected a version of "
                        f"that rule from that day in the regulation data, got versions from {versions or 'none'}")
    return problems


def world_of(card: Card, district: District, as_of: date | None = None) -> World:
    """The world ``card`` makes in ``district`` under the rules in force on ``as_of`` (default:
    today; module doc): the changes bound to another regime are inert, and every change is when
    the card's law (``effects.law``) is already in force there on ``as_of``. ``ValueError`` for a
    card that is no valid scenario (not a scenario card, one that changes a decision parameter,
    one whose law names no rule version)."""
    if card.category is not Category.SCENARIO:
        raise ValueError(f"expected a scenario card (SCN-..), got {card.id} ({card.category.value})")
    problems = check_card(card)
    likelihood, occurrence = card.effects.likelihood, card.effects.occurrence
    if problems or likelihood is None or occurrence is None:
        raise ValueError("; ".join(problems))
    day = as_of or date.today()
    law = card.effects.law
    every = card.effects.scenario
    if law is not None and law.regime == district.regime and law.since <= day:
        return World(card, (), every, likelihood.level, likelihood.basis, occurrence, "in_force", law.since)
    acting = tuple(c for c in every if c.regime is None or c.regime == district.regime)
    inert = tuple(c for c in every if c not in acting)
    status: Status = "not_applicable" if inert and not acting else "acts"
    return World(card, acting, inert, likelihood.level, likelihood.basis, occurrence, status)


def reference_params(base: Params, world: World | None) -> Params:
    """Today's district without the project in ``world``: the base parameters (no cards) with
    the world's changes."""
    return base if world is None else world.apply(base)


def worlds(cards: Sequence[Card], district: District, as_of: date | None = None) -> list[World]:
    """:func:`world_of` for each card on ``as_of``, in order."""
    return [world_of(card, district, as_of) for card in cards]


def _blend(base: Sequence[CashFlowRow], world: Sequence[CashFlowRow], w: np.ndarray, rate: float) -> tuple[CashFlowRow, ...]:
    """Rows CF_t(base) + w_t (CF_t(world) - CF_t(base)) for every part, discounted at ``rate``;
    a table missing on one side counts as zeros there."""
    n = len(w)
    cols = {}
    for part in cf.ROW_PARTS:
        b = cf.column(base, part) if base else np.zeros(n)
        x = cf.column(world, part) if world else np.zeros(n)
        cols[part] = b + w * (x - b)
    return cf.to_rows(rate, cols)


def lifecycle_in_world(base: Financing, world_fin: Financing, world: World) -> Financing:
    """The lifecycle of the project and of each stakeholder in ``world`` (module doc): the base
    world's yearly cash flows plus, each year, the world's difference weighted by the expected
    share of that year spent in it (:meth:`World.weights`); NPV, IRR and discounted payback of
    the blended rows. A persistent world from year 1 is the world's own lifecycle unchanged.

    ``base`` and ``world_fin`` must share one horizon; ``ValueError`` names both otherwise. An
    event is discounted at the base world's rates (it changes a year's conditions, not the cost
    of money); the assets, their LCOE and the CAPEX are the base world's for an event (built
    before it occurs), the world's for a persistent change."""
    horizon = base.cash_flows.horizon_years
    if world_fin.cash_flows.horizon_years != horizon:
        raise ValueError(f"expected one horizon for the base and the {world.id} lifecycle, got {horizon} and "
                         f"{world_fin.cash_flows.horizon_years} years")
    w = world.weights(horizon)
    if not world.is_event and np.all(w == 1.0):
        return world_fin
    event = world.is_event
    rate = base.discount_rate if event else world_fin.discount_rate
    project = _blend(base.cash_flows.project, world_fin.cash_flows.project, w, rate)
    nets = cf.nets(project)
    before = {s.stakeholder: s for s in base.cash_flows.stakeholders}
    after = {s.stakeholder: s for s in world_fin.cash_flows.stakeholders}
    finance_before = {s.stakeholder: s for s in base.per_stakeholder}
    finance_after = {s.stakeholder: s for s in world_fin.per_stakeholder}
    tables: list[StakeholderCashFlows] = []
    per: list[StakeholderFinance] = []
    for who in dict.fromkeys([*after, *before]):
        shown = (before.get(who) or after[who]) if event else (after.get(who) or before[who])
        rows = _blend(before[who].rows if who in before else (), after[who].rows if who in after else (), w,
                      shown.discount_rate)
        tables.append(shown.model_copy(update={"rows": rows}))
        fin_shown = (finance_before.get(who) or finance_after.get(who)) if event else (finance_after.get(who) or finance_before.get(who))
        if fin_shown is not None:
            s_nets = cf.nets(rows)
            per.append(fin_shown.model_copy(update={
                "npv": cf.npv(shown.discount_rate, s_nets), "irr": cf.is_finite(cf.irr(s_nets)) if fin_shown.invested > 0 else None,
                "discounted_payback_years": cf.discounted_payback(shown.discount_rate, s_nets) if fin_shown.invested > 0 else None,
                "npv_without_residual": cf.npv_without_residual(shown.discount_rate, rows)}))
    kept = base if event else world_fin
    occ = world.occurrence
    how = (f"{world.id}: event {occ.lasts_years} yr every {occ.every_years:g} yr [{occ.every_range[0]:g}-{occ.every_range[1]:g}]: "
           f"expected value = base world + {occ.share_of_years:.3f} x event-year difference"
           if event and occ.every_range is not None and occ.every_years is not None else
           f"{world.id}: from year {occ.from_year}, base world before")
    grants = kept.npv - (kept.npv_before_grants if kept.npv_before_grants is not None else kept.npv)
    # The markets' counted present value, like the grants, is the kept lifecycle's (an event leaves the markets as built).
    markets = None if kept.npv_without_markets is None else kept.npv - kept.npv_without_markets
    npv = cf.npv(rate, nets)
    return kept.model_copy(update={
        "npv": npv, "npv_before_grants": npv - grants, "npv_without_markets": None if markets is None else npv - markets, "npv_without_residual": cf.npv_without_residual(rate, project),
        "irr": cf.is_finite(cf.irr(nets)),
        "discounted_payback_years": cf.discounted_payback(rate, nets), "per_stakeholder": tuple(per),
        "cash_flows": CashFlows(horizon_years=horizon, project=project, assets=kept.cash_flows.assets, stakeholders=tuple(tables)),
        "provenance": kept.provenance.model_copy(update={
            "rule": f"{kept.provenance.rule}; {how}", "cards": tuple(dict.fromkeys((*kept.provenance.cards, world.id))),
            "references": tuple(dict.fromkeys((*kept.provenance.references, "ec-cba-guide-2014")))}),
    })
