"""``assess``: from the cards on a table, a district and scenarios to an :class:`Assessment`.

Pure: no I/O besides the cached, deterministic profiles. Steps: apply the board cards'
parameter changes to the district defaults; run the hourly energy model (runs are cached by the
energy parameters, so scenarios that only move prices reuse them); cost the measures and
allocate the financing cards' capital; compute value flows and net values; repeat for each
scenario card; then governance fit, risks and warnings. Rules are documented in docs/rules.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np

from cards.deck import Deck, default_deck
from cards.effects import CapitalKind
from cards.model import Card, Category, Slot
from game_rules import financing as fin
from game_rules import flows as fl
from game_rules import risks as rk
from game_rules.districts import District
from game_rules.energy import ENERGY_PARAMS, EnergyResult, simulate
from game_rules.governance import Roles, fit, table_roles
from game_rules.kpis import Annual, annual
from game_rules.params import Params, base_params
from game_rules.results import (
    KPI,
    Assessment,
    EnergySummary,
    Financing,
    FlowResult,
    GovernanceFit,
    Provenance,
    ScenarioResult,
    StakeholderFinance,
    StakeholderValue,
    TypicalDay,
    Warning,
)
from game_rules.table import ModelError, TableModel
from game_rules.texts import Text, card_name, money_text, tag_text, text

SUMMER_MONTHS = (5, 6, 7)  # June-August (0-based months)
WINTER_MONTHS = (0, 1, 11)  # December-February


@lru_cache(maxsize=256)
def _energy(district: District, key: tuple[float, ...]) -> EnergyResult:
    return simulate(district, Params(dict(zip(ENERGY_PARAMS, key, strict=True))))


def energy_run(district: District, params: Params) -> EnergyResult:
    """The hourly run for ``params`` (cached on the energy parameters and the district)."""
    return _energy(district, params.key(ENERGY_PARAMS))


@dataclass(frozen=True)
class _Outcome:
    params: Params
    energy: EnergyResult
    run: Annual
    financing: Financing
    flows: tuple[FlowResult, ...]
    values: tuple[StakeholderValue, ...]

    @property
    def net(self) -> dict[str, float]:
        return {v.stakeholder: v.net for v in self.values}


@dataclass(frozen=True)
class _Table:
    district: District
    deck: Deck
    cards: tuple[Card, ...]
    roles: Roles
    present: tuple[str, ...]
    base: Params
    ref: Annual


def _measure_cards(params: Params) -> tuple[str, ...]:
    out: list[str] = []
    for origin in params.origin.values():
        out.extend(o for o in origin if "-" in o and not o.startswith("district:") and o not in out)
    return tuple(out)


def _outcome(t: _Table, params: Params) -> _Outcome:
    energy = energy_run(t.district, params)
    run = annual(energy, t.district, params)
    ref_now = annual(energy_run(t.district, t.base), t.district, params)  # today's district at these prices
    items = fin.capex_items(t.district, params, t.base, run, ref_now)
    capex = sum(i.amount for i in items)
    financing_cards = [c for c in t.cards if c.effects.capital]
    sources, gap = fin.allocate(capex, financing_cards, params)
    measures = _measure_cards(params)
    flows = fl.engine_flows(run, ref_now, t.district, t.roles, sources, measures, params)
    values_in = fl.variables(run, ref_now, t.district, params, capex)
    flows += fl.flexibility_flows(t.cards, values_in, t.roles, params)
    flows += fl.card_flows(t.cards, values_in, t.roles)
    values = fl.net_values(flows, t.present, fl.running_costs(params, t.roles))
    rate, years = params["finance.discount_rate"], t.district.finance.lifetime_years
    factor = fin.annuity_factor(rate, years)
    grants = sum(s.amount for s in sources if s.kind == CapitalKind.GRANT.value)
    benefit = (ref_now.energy_cost_eur - run.energy_cost_eur) - params["opex.extra_eur"]
    invested = fin.invested_by(t.roles.owner, sources, gap)
    per = []
    for v in values:
        put_in = invested.get(v.stakeholder, 0.0)
        if put_in <= 0 and abs(v.net) < 1:
            continue
        per.append(StakeholderFinance(
            stakeholder=v.stakeholder, invested=put_in, npv=-put_in + v.net * factor,
            payback_years=put_in / v.net if v.net > 0 and put_in > 0 else None,
            provenance=Provenance(cards=v.provenance.cards, rule="npv", source=t.district.finance.source)))
    financing = Financing(
        capex=capex, capex_items=tuple(items), sources=tuple(sources), gap=gap,
        cost_of_capital=fin.cost_of_capital(sources),
        payback_years=(capex - grants) / benefit if benefit > 0 and capex > grants else None,
        npv=-(capex - grants) + benefit * factor, per_stakeholder=tuple(per),
        provenance=Provenance(cards=tuple(c.id for c in financing_cards) + measures, rule="financing", source=t.district.finance.source))
    return _Outcome(params, energy, run, financing, tuple(flows), tuple(values))


def _requires_text(card: Card, need: str, deck: Deck) -> Text:
    """``warn.requires`` for a needed card id (named by its title) or tag (in words)."""
    needed = deck.find(need)
    if needed is not None:
        return text("warn.requires", card=card_name(card), need=card_name(needed))
    return text("warn.requires_tag", card=card_name(card), need=tag_text(need))


def _warnings(model: TableModel, cards: Sequence[Card], capex: float, deck: Deck) -> list[Warning]:
    out: list[Warning] = []
    ids = {c.id for c in cards}
    tags = {tag for c in cards for tag in c.effects.tags}
    if not any(c.effects.governance for c in cards):
        out.append(Warning(code="gov.none", text=text("gov.none")))
    if not model.in_slot(Slot.MEASURES):
        out.append(Warning(code="warn.no_measures", text=text("warn.no_measures")))
    if not model.in_slot(Slot.WHO):
        out.append(Warning(code="warn.no_who", text=text("warn.no_who")))
    if not model.in_slot(Slot.WHY):
        out.append(Warning(code="warn.no_why", text=text("warn.no_why")))
    if capex > 0 and not any(c.effects.capital for c in cards):
        out.append(Warning(code="warn.no_financing", text=text("warn.no_financing", capex=money_text(capex))))
    for card in cards:
        for need in card.effects.requires:
            if need not in ids and need not in tags:
                out.append(Warning(code="warn.requires", cards=(card.id,), text=_requires_text(card, need, deck)))
        for other in card.effects.conflicts:
            hits = sorted(c.id for c in cards if c.id != card.id and (c.id == other or other in c.effects.tags))
            for hit in hits:
                if card.id < hit:
                    out.append(Warning(code="warn.conflict", cards=(card.id, hit), text=text("warn.conflict", card=card_name(card), other=card_name(deck.get(hit)))))
    return out


def _kpi(key: str, value: float, unit: str, prov: Provenance, threshold: float | None = None, better: str = "higher") -> KPI:
    """One KPI; ``better`` says which direction is a benefit, which the comparison (TOPSIS) and the
    threshold check read: emissions, costs, demand and peaks are better when lower."""
    return KPI(key=key, label=text(f"kpi.{key}"), value=float(value), unit=unit, threshold=threshold,
               better="higher" if better == "higher" else "lower", provenance=prov)


def _kpis(t: _Table, o: _Outcome, fit_score: int | None, max_risk: int | None) -> tuple[KPI, ...]:
    r, d, cards = o.run, t.district, _measure_cards(o.params)
    src = f"{d.id}: {d.climate.source}; {d.tariffs.source}"

    def p(rule: str, source: str = src) -> Provenance:
        return Provenance(cards=cards, rule=f"kpi.{rule}", source=source)

    out = [
        _kpi("pv_yield", r.pv_yield, "kWh/kWp", p("pv_yield", d.climate.source)),
        _kpi("pv_generation", r.pv_kwh / 1000, "MWh/yr", p("pv_generation", d.climate.source)),
        _kpi("electricity_demand", r.load_kwh / 1000, "MWh/yr", p("electricity_demand", d.buildings[0].source), better="lower"),
        _kpi("heat_demand", r.heat_kwh / 1000, "MWh/yr", p("heat_demand", d.buildings[0].source), better="lower"),
        _kpi("self_sufficiency", r.self_sufficiency, "fraction", p("self_sufficiency")),
        _kpi("self_consumption", r.self_consumption, "fraction", p("self_consumption")),
        _kpi("renewable_share", r.renewable_share, "fraction", p("renewable_share"), 0.5),
        _kpi("pe_balance", r.pe_balance_mwh, "MWh_PE/yr", p("pe_balance", d.primary_energy.source), 0.0),
        _kpi("co2", r.co2_t, "t/yr", p("co2", d.emissions.source), better="lower"),
        _kpi("co2_reduction", 1 - r.co2_t / t.ref.co2_t if t.ref.co2_t > 0 else 0.0, "fraction", p("co2_reduction", d.emissions.source), 0.55),
        _kpi("peak_import", r.peak_import_kw, "kW", p("peak_import"), better="lower"),
        _kpi("peak_export", r.peak_export_kw, "kW", p("peak_export", d.regulation.source), d.regulation.grid_capacity_kw, "lower"),
        _kpi("energy_cost", r.energy_cost_eur, "EUR/yr", p("energy_cost", d.tariffs.source), better="lower"),
        _kpi("capex", o.financing.capex, "EUR", o.financing.provenance, better="lower"),
        _kpi("financing_gap", o.financing.gap, "EUR", o.financing.provenance, 0.0, "lower"),
    ]
    worst = min((v.net for v in o.values), default=0.0)
    out.append(_kpi("worst_stakeholder", worst, "EUR/yr", Provenance(cards=cards, rule="kpi.worst_stakeholder"), 0.0))
    if fit_score is not None:
        out.append(_kpi("governance_fit", fit_score, "points", Provenance(rule="kpi.governance_fit", source=d.id), 60.0))
    if max_risk is not None:
        out.append(_kpi("risk_score", max_risk, "points", Provenance(rule="kpi.risk_score"), 8.0, "lower"))
    return tuple(out)


def _summary(o: _Outcome, district: District) -> EnergySummary:
    from game_rules.profiles import profiles_for

    month = profiles_for(district).month
    e = o.energy
    series = {"pv": e.pv, "load": e.load, "grid_import": e.grid_import, "grid_export": e.grid_export,
              "heat": e.heat_demand, "heat_pumps": e.heat_pump_el, "ev": e.ev}
    monthly = {k: tuple(float(x) for x in np.bincount(month, weights=v, minlength=12)) for k, v in series.items()}
    days = []
    seasons: tuple[tuple[Literal["summer", "winter"], tuple[int, ...]], ...] = (
        ("summer", SUMMER_MONTHS), ("winter", WINTER_MONTHS))
    for season, months in seasons:
        mask = np.isin(month, months)

        def day(v: np.ndarray, mask: np.ndarray = mask) -> tuple[float, ...]:
            return tuple(float(x) for x in v[mask].reshape(-1, 24).mean(axis=0))

        days.append(TypicalDay(season=season, pv=day(e.pv), load=day(e.load), grid_import=day(e.grid_import), grid_export=day(e.grid_export)))
    r = o.run
    totals = {"pv_kwh": r.pv_kwh, "load_kwh": r.load_kwh, "import_kwh": r.import_kwh, "export_kwh": r.export_kwh,
              "curtailed_kwh": r.curtailed_kwh, "heat_kwh": r.heat_kwh, "gas_kwh": r.gas_kwh, "district_heat_kwh": r.dh_kwh,
              "heat_pump_kwh": r.hp_kwh, "solar_heat_kwh": r.solar_heat_kwh, "ev_kwh": r.ev_kwh, "kwp": r.kwp,
              "battery_kwh": e.battery_kwh}
    return EnergySummary(monthly=monthly, typical_days=tuple(days), annual=totals, provenance=Provenance(
        cards=_measure_cards(o.params), rule="energy_model", source=f"{district.climate.source}; BDEW profiles (demandlib)"))


def _scenario_cards(model: TableModel, scenarios: Sequence[str], deck: Deck) -> list[Card]:
    out: list[Card] = []
    for raw in (*model.in_slot(Slot.SCENARIO), *model.scenarios, *scenarios):
        card = deck.find(raw)
        if card is None or card.category is not Category.SCENARIO:
            raise ModelError(f"expected a scenario card id such as 'SCN-01', got {raw!r}")
        if card not in out:
            out.append(card)
    return out


def assess(model: TableModel, district: District, scenarios: Sequence[str] = (), *, deck: Deck | None = None) -> Assessment:
    """Assess ``model`` in ``district`` under the table's and the given scenario cards."""
    deck = deck or default_deck()
    cards = tuple(deck.get(i) for i in model.cards())
    scns = _scenario_cards(model, scenarios, deck)
    roles = table_roles(cards, district)
    owner, coordinator = roles.owner, roles.coordinator
    present = list(dict.fromkeys([owner.value, coordinator.value, *(s.value for c in cards for s in c.effects.stakeholders)]))
    if roles.card is not None:
        present.append(roles.risk_bearer.value)
    base = base_params(district)
    table = _Table(district, deck, cards, roles, tuple(dict.fromkeys(present)), base,
                   annual(energy_run(district, base), district, base))
    params = base.apply((c.id, ch) for c in cards for ch in c.effects.parameters)
    main = _outcome(table, params)
    others = [(s, _outcome(table, params.apply((s.id, ch) for ch in s.effects.scenario))) for s in scns]
    governance: GovernanceFit = fit(cards, district, main.net)
    ctx = rk.Context(district=district, cards=cards, deck=deck, owner=owner.value, coordinator=coordinator.value,
                     capex=main.financing.capex,
                     capex_annuity=fin.annuity(main.financing.capex, params["finance.discount_rate"], district.finance.lifetime_years),
                     gap=main.financing.gap, tags=frozenset(t for c in cards for t in c.effects.tags), present=table.present)

    def npv(o: _Outcome) -> dict[str, float]:
        return {s.stakeholder: s.npv for s in o.financing.per_stakeholder}

    outcomes = [rk.Outcome(None, None, main.run, main.net, npv(main), main.params, fl.refinanced(main.flows))] + [
        rk.Outcome(s.id, Text.build(s.title), o.run, o.net, npv(o), o.params,
                   fl.refinanced(o.flows)) for s, o in others]
    risks = rk.compute(ctx, outcomes)
    max_risk = max((r.score for r in risks), default=1)
    results = tuple(ScenarioResult(
        scenario=s.id, label=Text.build(s.title),
        kpis=_kpis(table, o, None, None), stakeholders=o.values, npv=o.financing.npv,
        changes=tuple(ch.param for ch in s.effects.scenario)) for s, o in others)
    return Assessment(
        district=district.id, cards=tuple(c.id for c in cards), scenarios=tuple(s.id for s in scns),
        kpis=_kpis(table, main, governance.score, max_risk), energy=_summary(main, district),
        stakeholders=main.values, value_flows=main.flows, governance=governance, financing=main.financing,
        risks=tuple(risks), warnings=tuple(_warnings(model, cards, main.financing.capex, deck)), scenario_results=results,
    )
