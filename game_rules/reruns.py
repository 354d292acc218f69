"""Re-runs of an assessment's table: the hourly runs behind one world (the analysts' export)
and the risk rules' view of an outcome, with the re-runs that add one card to the table (the
mitigation of computed risks, :mod:`game_rules.risks`).

Every run here goes through :func:`game_rules.assessment.prepare` with the assessment's own
rules: the rules in force ``as_of``, the facilitator's ``overrides`` applied before the cards,
and the scenario's world applied to the project and its reference alike
(:mod:`game_rules.scenarios`); a world inert in the district (foreign law, a law in force) is
the base world. Series are [kWh per hour] on the energy model's time base.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from cards.deck import Deck, default_deck
from cards.model import Card, Category
from game_rules import financing as fin
from game_rules import risks as rk
from game_rules import running_costs as rc
from game_rules import scenarios as sc
from game_rules.districts import District
from game_rules.energy import EnergyResult, energy_run
from game_rules.outcome import Prepared, _label, _Outcome, _outcome, _Table, _with_cards, prepare
from game_rules.table import ModelError, TableModel


@dataclass(frozen=True)
class HourlyRuns:
    """The hourly energy runs behind one assessment world, for the analysts' export: the
    project and today's district without it (the reference) in the same world. Series
    [kWh per hour] on the energy model's time base (``game_rules.weather.time_base``: the
    district's local clock time, hour-beginning, 8,760 hours)."""

    world: str | None  # the scenario card, None for the base world
    project: EnergyResult
    reference: EnergyResult
    inert: tuple[str, ...]  # parameters the scenario would change under another regime


def hourly_runs(model: TableModel, district: District, scenario: str | None = None, *, deck: Deck | None = None,
                as_of: date | None = None, overrides: Mapping[str, float] | None = None) -> HourlyRuns:
    """The project's and the reference's hourly runs in the base world or ``scenario``'s world,
    by the same rules as :func:`assess` (regime-bound scenario changes left out, overrides
    applied before the cards). ``ModelError`` for an unknown scenario card or a bad override."""
    deck = deck or default_deck()
    prep = prepare(model, district, deck=deck, overrides=overrides, as_of=as_of or date.today(), lifecycle=False)
    if scenario is None:
        return HourlyRuns(None, energy_run(district, prep.params), energy_run(district, prep.table.base), ())
    card = deck.find(scenario)
    if card is None or card.category is not Category.SCENARIO:
        raise ModelError(f"expected a scenario card id such as 'SCN-01', got {scenario!r}")
    try:
        world = sc.world_of(card, district, prep.table.as_of)
    except ValueError as exc:
        raise ModelError(str(exc)) from None
    return HourlyRuns(world.id, energy_run(district, _with_cards(sc.reference_params(prep.table.base, world), prep.table.cards, district)),
                      energy_run(district, sc.reference_params(prep.table.base, world)), tuple(c.param for c in world.inert))


def risk_outcome(t: _Table, o: _Outcome, world: sc.World | None) -> rk.Outcome:
    """What the risk rules read from one outcome (``world`` None: the base world)."""
    return rk.Outcome(
        None if world is None else world.id, None if world is None else _label(world.card), o.run, o.net,
        {s.stakeholder: s.npv for s in o.financing.per_stakeholder}, o.params, rc.refinanced(o.flows),
        likelihood=4 if world is None else world.likelihood, reference=o.reference, gap=o.financing.gap,
        capex=o.financing.capex, granted=sum(fin.granted_by(o.financing.sources).values()),
        invested=fin.invested_by(t.roles.owner, o.financing.sources, o.financing.gap, o.owned), owned=o.owned or {},
        turnover={v.stakeholder: v.inflow + v.outflow for v in o.values}, battery_kwh=o.energy.battery_kwh,
        battery_capex=sum(i.amount for i in o.financing.capex_items if i.item == "battery"), market_battery_kwh=o.market.battery_kwh if o.market is not None else 0.0)


def rerun(model: TableModel, district: District, deck: Deck, overrides: Mapping[str, float] | None,
           worlds: Mapping[str, sc.World], as_of: date) -> rk.Rerun:
    """Re-run the base world or one scenario's world with one more card on the table (for the
    mitigation of computed risks; without the lifecycle cash flows, so NPV risks get no
    mitigation); None when the card cannot join the table."""
    cache: dict[tuple[str, str | None], rk.Outcome | None] = {}
    preps: dict[str, Prepared | None] = {}  # one table per added card, shared by its worlds

    def prepared(card: Card) -> Prepared | None:
        if card.id not in preps:
            slot = card.slots[0]
            slots = {**model.slots, slot: (*model.slots.get(slot, ()), card.id)}
            try:
                preps[card.id] = prepare(model.model_copy(update={"slots": slots}), district, deck=deck,
                                         overrides=overrides, as_of=as_of, lifecycle=False, explain=False)
            except (ModelError, ValueError, KeyError):
                preps[card.id] = None
        return preps[card.id]

    def rerun(card: Card, scenario: str | None) -> rk.Outcome | None:
        key = (card.id, scenario)
        if key not in cache:
            prep = prepared(card)
            world = worlds.get(scenario) if scenario is not None else None
            if prep is None:
                cache[key] = None
            elif world is None:
                cache[key] = risk_outcome(prep.table, prep.main, None)
            else:
                reference = sc.reference_params(prep.table.base, world)
                o = _outcome(prep.table, _with_cards(reference, prep.table.cards, prep.table.district), reference,
                             (prep.main.run, prep.main.reference), lifecycle=False, explain=False)
                cache[key] = risk_outcome(prep.table, o, world)
        return cache[key]

    return rerun


__all__ = ["HourlyRuns", "hourly_runs", "rerun", "risk_outcome"]
