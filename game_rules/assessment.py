"""``assess``: from the cards on a table, a district and scenarios to an :class:`Assessment`.

Pure: no I/O besides the cached, deterministic profiles. Steps: apply the facilitator's
overrides to the district defaults (the base); apply the board cards' parameter changes (the
project); run the hourly energy model (runs are cached by the energy parameters, so scenarios
that only move prices reuse them); cost the measures and allocate the financing cards' capital;
compute value flows and net values against the reference — today's district without the
project — in the SAME world; repeat for each scenario card, whose world changes (weather,
demand, prices, rules, uptake: :mod:`game_rules.scenarios`) apply to the project and its
reference alike; then governance fit, risks and warnings; on request the sensitivity (tornado)
and uncertainty (P5/P50/P95) runs. Rules are documented in docs/rules.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Literal

import numpy as np

from cards.deck import Deck, default_deck
from cards.model import Card, Category, Slot
from game_rules import (
    emaas,
    flexibility,
    kpis,
    modernisation,
    p2p,
    references,
    regulation,
    reruns,
    schemes,
)
from game_rules import financing as fin
from game_rules import flows as fl
from game_rules import model_assumptions as ma
from game_rules import risks as rk
from game_rules import scenarios as sc
from game_rules import sources as src
from game_rules.community_battery import idle_warning
from game_rules.districts import District
from game_rules.energy import energy_run
from game_rules.governance import fit
from game_rules.kpis import Annual
from game_rules.outcome import (  # noqa: F401 (prepare, _outcome, _with_cards: read from here too)
    Prepared,
    _base,
    _label,
    _measure_cards,
    _Outcome,
    _outcome,
    _owner_note,
    _Table,
    _with_cards,
    prepare,
)
from game_rules.params import Params
from game_rules.params import assumptions as assumptions_used
from game_rules.profiles import weather_warnings
from game_rules.reruns import HourlyRuns, hourly_runs  # noqa: F401 (read from here by the server and tests)
from game_rules.results import (
    KPI,
    Assessment,
    EnergySummary,
    GovernanceFit,
    Provenance,
    Risk,
    ScenarioResult,
    TypicalDay,
    Warning,
)
from game_rules.scheme_shares import scheme_shares
from game_rules.sharing_results import Sharing
from game_rules.table import ModelError, TableModel
from game_rules.texts import (
    Text,
    card_name,
    card_names,
    day_text,
    money_text,
    regimes,
    tag_text,
    text,
)

SUMMER_MONTHS = (5, 6, 7)  # June-August (0-based months)
WINTER_MONTHS = (0, 1, 11)  # December-February












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


def _energy_kpis(t: _Table, r: Annual, ref: Annual, cards: tuple[str, ...], market: flexibility.Market | None = None,
                 cost: fl.EnergyCost | None = None) -> list[KPI]:
    """The KPIs of one energy run ``r``; CO₂ reduction against ``ref``, the reference in the
    same world (docs/kpis.md). With a local flexibility ``market`` the peak import is the one
    after its response (the market's new peak over all hours), the peak before named in its source.
    ``cost``: the district's energy cost as its parties pay it (:func:`game_rules.flows.district_energy_cost`,
    the same scheme and price stack as the money); None: the run's own cost (today's district,
    where nothing new is shared)."""
    d = t.district
    src = f"{d.id}: {d.climate.source}; {d.tariffs.source}"

    def p(rule: str, source: str = src) -> Provenance:
        # Engineer A: each KPI names the district sources it rests on and states its scope/basis.
        basis = kpis.kpi_basis(rule, d)
        return Provenance(cards=cards, rule=f"kpi.{rule}", source=f"{source}; {basis}" if basis else source,
                          references=kpis.kpi_references(rule, d))

    return [
        _kpi("pv_yield", r.pv_yield, "kWh/kWp", p("pv_yield", d.climate.source)),
        _kpi("pv_generation", r.pv_kwh / 1000, "MWh/yr", p("pv_generation", d.climate.source)),
        _kpi("electricity_demand", r.load_kwh / 1000, "MWh/yr", p("electricity_demand", d.buildings[0].source), better="lower"),
        _kpi("heat_demand", r.heat_kwh / 1000, "MWh/yr", p("heat_demand", d.buildings[0].source), better="lower"),
        _kpi("self_sufficiency", r.self_sufficiency, "fraction", p("self_sufficiency")),
        _kpi("self_consumption", r.self_consumption, "fraction", p("self_consumption")),
        _kpi("renewable_share", r.renewable_share, "fraction", p("renewable_share"), 0.5),
        _kpi("pe_balance", r.pe_balance_mwh, "MWh_PE/yr", p("pe_balance", d.primary_energy.source), 0.0),
        _kpi("co2", r.co2_t, "t/yr", p("co2", d.emissions.source), better="lower"),
        _kpi("co2_reduction", 1 - r.co2_t / ref.co2_t if ref.co2_t > 0 else 0.0, "fraction", p("co2_reduction", d.emissions.source), 0.55),
        _peak_import(r, market, p("peak_import")),
        _kpi("peak_export", r.peak_export_kw, "kW", p("peak_export", d.regulation.source), d.regulation.grid_capacity_kw, "lower"),
        _kpi("energy_cost", cost.eur if cost else r.energy_cost_eur, "EUR/yr", _cost_provenance(p("energy_cost", d.tariffs.source), cost),
             better="lower"),
    ]


#: The headline KPIs read from the building-level model under the law on the as-of date, each
#: beside its physical (one-node) counterpart: key -> the :class:`SharingBalance` field it reads.
LEGAL_KPIS: dict[str, str] = {"self_sufficiency_legal": "self_sufficiency", "self_consumption_legal": "self_consumption"}


def _legal_kpis(sharing: Sharing, cards: tuple[str, ...]) -> list[KPI]:
    """``self_sufficiency_legal`` and ``self_consumption_legal`` [fraction]: the district under the
    schemes the law allows on the as-of date, building by building (``sharing.district``: each
    building's own PV behind its meter, shared only within a scheme and its perimeter, plus what the
    pooled storage adds; game_rules.schemes, docs/kpis.md), where the physical KPIs count the
    district as one node. Their provenance is the building-level balance's (rule, sources, law)."""
    balance = sharing.district
    prov = balance.provenance
    return [_kpi(key, float(getattr(balance, field)), "fraction",
                 prov.model_copy(update={"cards": tuple(dict.fromkeys((*prov.cards, *cards))), "rule": f"kpi.{key}"}))
            for key, field in LEGAL_KPIS.items()]


def _peak_import(r: Annual, market: flexibility.Market | None, prov: Provenance) -> KPI:
    """``peak_import`` [kW]: the run's highest hourly import, or with a flexibility market the
    highest import after the market's response (:func:`game_rules.flexibility.clear`), the
    peak before it and the market's sources in the provenance."""
    if market is None or market.peak_reduction_kw <= 0:
        return _kpi("peak_import", r.peak_import_kw, "kW", prov, better="lower")
    prov = prov.model_copy(update={
        "source": f"{prov.source}; after the flexibility market's response: {market.window_after_kw:,.0f} kW "
                  f"(before it {market.peak_kw:,.0f} kW with EV charging uncontrolled, {r.peak_import_kw:,.0f} kW in the energy run)",
        "references": tuple(dict.fromkeys((*prov.references, *flexibility.MARKET_REFERENCES[:2])))})
    return _kpi("peak_import", market.window_after_kw, "kW", prov, better="lower")


def _cost_provenance(prov: Provenance, cost: fl.EnergyCost | None) -> Provenance:
    """The energy-cost KPI's provenance with what the scheme adds to the metered cost (rule, references)."""
    if cost is None or not cost.note:
        return prov
    return prov.model_copy(update={"rule": f"{prov.rule} ({cost.note})",
                                   "references": tuple(dict.fromkeys((*prov.references, *cost.references)))})


def _kpis(t: _Table, o: _Outcome, governance: GovernanceFit | None, risks: Sequence[Risk] | None) -> tuple[KPI, ...]:
    """The KPIs of one outcome; derived ones name the references of what they derive from
    (:meth:`Provenance.combine`): the worst net value those of that stakeholder's flows and
    costs, the governance fit the fit's, the risk score those of the risks plus the method's."""
    cards = _measure_cards(o.params)
    cost = fl.district_energy_cost(o.run, o.reference, t.district, o.params, fl.sharing_regime(t.cards, t.district),
                                   scheme_shares(o.sharing))
    out = _energy_kpis(t, o.run, o.reference, cards, o.market, cost)
    at = next(i for i, k in enumerate(out) if k.key == "self_consumption") + 1
    out[at:at] = _legal_kpis(o.sharing, cards)
    out += [
        _kpi("capex", o.financing.capex, "EUR", o.financing.provenance, better="lower"),
        _kpi("financing_gap", o.financing.gap, "EUR", o.financing.provenance, 0.0, "lower"),
    ]
    worst = min(o.values, key=lambda v: v.net, default=None)
    worst_prov = (Provenance.combine("kpi.worst_stakeholder", worst.provenance, cards=cards,
                                     source=f"net value of {worst.stakeholder}") if worst is not None
                  else Provenance(cards=cards, rule="kpi.worst_stakeholder", references=(src.DECK_SOURCE,)))
    out.append(_kpi("worst_stakeholder", worst.net if worst is not None else 0.0, "EUR/yr", worst_prov, 0.0))
    if governance is not None:
        out.append(_kpi("governance_fit", governance.score, "points",
                        Provenance.combine("kpi.governance_fit", governance.provenance, source=governance.provenance.source), 60.0))
    if risks is not None:
        top = max((r.score for r in risks), default=1)
        prov = Provenance.combine("kpi.risk_score", *(r.provenance for r in risks), references=rk.SOURCES,
                                  source="highest risk score on the COBEN 4 x 4 matrix (ISO 31000 practice)")
        out.append(_kpi("risk_score", top, "points", prov, 8.0, "lower"))
    return tuple(out)


def _risks_in(risks: Sequence[Risk], scenario: str) -> list[Risk]:
    """The risks a scenario's world triggers (``Risk.triggered_by``), and the rules the model
    breaks (read on the base run, the same law in every world): what its highest risk score is
    taken over. Scores stay those of the whole assessment (a risk's probability is rated across
    the worlds: docs/rules.md, "Risks"). An inert world is the base world: pass ``"base"``, so
    its risk score is the base world's, not that of the few rules read on the base run."""
    return [r for r in risks if scenario in r.triggered_by or r.provenance.rule.startswith("regulatory.")]


def _baseline(t: _Table, ref: Annual, world: sc.World | None) -> tuple[KPI, ...]:
    """KPIs of today's district without the project in ``world`` (None: the base world)."""
    cards = (world.id,) if world is not None else ()
    return tuple(k.model_copy(update={"provenance": k.provenance.model_copy(update={"rule": f"baseline.{k.provenance.rule}"})})
                 for k in _energy_kpis(t, ref, ref, cards))


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
    refs = (*kpis.section_references(district, "location", "climate", "buildings", "existing", "mobility"),
            *kpis.model_references(district))
    stand_ins = kpis.stand_in_methods(district)
    profiles = stand_ins["profiles"][0] if "profiles" in stand_ins else "BDEW profiles (demandlib)"
    return EnergySummary(monthly=monthly, typical_days=tuple(days), annual=totals, provenance=Provenance(
        cards=_measure_cards(o.params), rule="energy_model", source=f"{district.climate.source}; {profiles}",
        references=tuple(dict.fromkeys(refs))))


def _scenario_cards(model: TableModel, scenarios: Sequence[str], deck: Deck) -> list[Card]:
    out: list[Card] = []
    for raw in (*model.in_slot(Slot.SCENARIO), *model.scenarios, *scenarios):
        card = deck.find(raw)
        if card is None or card.category is not Category.SCENARIO:
            raise ModelError(f"expected a scenario card id such as 'SCN-01', got {raw!r}")
        if card not in out:
            out.append(card)
    return out






#: Parameters that size the battery the district model dispatches (stationary and V2G).
_BATTERY_PARAMS = frozenset({"battery.kwh", "ev.v2g_share", "ev.v2g_kwh_per_car"})


def _idle_battery(cards: Sequence[Card], district: District, params: Params, market_kwh: float = 0.0) -> list[Warning]:
    """``warn.idle_asset`` naming the cards that size the battery when it runs fewer equivalent
    full cycles a year ((self-consumption discharge + ``market_kwh``, what it delivers on the
    flexibility market) / nominal kWh incl. V2G) than the idle threshold of
    :mod:`game_rules.community_battery` (assumption under the 150-320 measured in the field)."""
    sizing = [c for c in cards if any(ch.param in _BATTERY_PARAMS for ch in c.effects.parameters)]
    if not sizing or energy_run(district, params).battery_kwh <= 0:
        return []
    warning = idle_warning(card_names(sizing), schemes.dispatched_cycles(district, params, market_kwh))
    return [] if warning is None else [Warning(code="warn.idle_asset", cards=tuple(c.id for c in sizing), text=warning.text)]


#: Parameters that move fossil-heated demand to heat pumps (game_rules.energy._heat).
_HEAT_PUMP_PARAMS = frozenset({"heat_pump.air_share", "heat_pump.ground_share"})


def _idle_heat_pumps(cards: Sequence[Card], district: District) -> list[Warning]:
    """``warn.no_fossil_heat`` naming the heat-pump cards when no building of ``district`` is
    heated with gas or oil: the cards convert only fossil-heated demand (game_rules.energy._heat),
    so in a district on district heating (Stockholm) they do nothing, which must not pass silently."""
    converting = [c for c in cards if any(ch.param in _HEAT_PUMP_PARAMS and float(ch.value) > 0
                                          for ch in c.effects.parameters)]
    fossil = sum(g.heat_kwh for g in district.buildings if g.heating in ("gas_boiler", "oil_boiler"))
    if not converting or fossil > 0:
        return []
    return [Warning(code="warn.no_fossil_heat", cards=tuple(c.id for c in converting),
                    text=text("warn.no_fossil_heat", cards=card_names(converting)))]


def _world_warnings(worlds: Sequence[sc.World], district: District, as_of: date) -> list[Warning]:
    """A scenario whose law is already in force on ``as_of`` says so and that it changes
    nothing; one encoding another country's law says it does not act here."""
    out = []
    for w in worlds:
        if w.status == "in_force" and w.since is not None:
            out.append(Warning(code="warn.scenario_law_in_force", cards=(w.id,), text=text(
                "warn.scenario_law_in_force", card=card_name(w.card), since=day_text(w.since), as_of=day_text(as_of))))
        elif w.inert:
            out.append(Warning(code="warn.scenario_regime", cards=(w.id,), text=text(
                "warn.scenario_regime", card=card_name(w.card), needs=regimes(w.regimes), regime=regimes((district.regime,)))))
    return out






def assess(model: TableModel, district: District, scenarios: Sequence[str] = (), *, deck: Deck | None = None,
           as_of: date | None = None, overrides: Mapping[str, float] | None = None,
           sensitivity: bool = False, mitigations: bool = True, bibliography: bool = True) -> Assessment:
    """Assess ``model`` in ``district`` under the table's and the given scenario cards.

    ``as_of``: the date whose rules are in force (default: today). ``overrides``: the
    facilitator's values for parameters [units as in :mod:`game_rules.params`], applied to the
    district defaults before the cards. ``sensitivity``: also run the tornado
    (:mod:`game_rules.sensitivity`) and the P5/P50/P95 uncertainty run
    (:mod:`game_rules.uncertainty`). ``mitigations=False`` leaves out the re-runs that name the
    cards mitigating the highest risks (``Risk.mitigating_cards`` stay empty; every risk, KPI and
    value is the same) and ``bibliography=False`` the collected ``references`` (each figure's
    provenance still names its reference ids): what a replication to many districts needs. Raises ``ModelError`` for an
    unknown scenario card or a bad override.
    """
    deck = deck or default_deck()
    as_of = as_of or date.today()

    prep = prepare(model, district, deck=deck, overrides=overrides, as_of=as_of)
    table, params, main = prep.table, prep.params, prep.main
    cards, roles = table.cards, table.roles
    owner, coordinator = roles.owner, roles.coordinator
    try:
        worlds = sc.worlds(_scenario_cards(model, scenarios, deck), district, as_of)
    except ValueError as exc:
        raise ModelError(str(exc)) from None
    # A world's annual figures are a year in it (an event: the event year); its lifecycle weighs
    # that year's difference by the share of the years the world holds (scenarios.lifecycle_in_world).
    in_world = [(w, _outcome(table, _with_cards(sc.reference_params(table.base, w), cards, district), sc.reference_params(table.base, w),
                             (main.run, main.reference))) for w in worlds]
    others = [(w, replace(o, financing=sc.lifecycle_in_world(main.financing, o.financing, w))) for w, o in in_world]
    every_year = {w.id: o.financing.npv for w, o in in_world if w.is_event}
    governance: GovernanceFit = fit(cards, district, main.net)
    rules = regulation.rules_in_force(district.regime, as_of)
    findings = regulation.findings(district, cards, main.run, rules, local_price_ratio=params["tariff.local_ratio"])
    shared = main.sharing  # buildings in the table's scheme (game_rules/schemes.py), as the money read them
    if main.market is not None and main.market.battery_kwh > 0:
        # One cycle count for one battery: what it delivers on the flexibility market counts too,
        # as in warn.idle_asset (schemes.dispatched_cycles).
        cycles = schemes.dispatched_cycles(district, params, main.market.battery_kwh)
        shared = shared.model_copy(update={"schemes": tuple(
            x if x.battery_cycles is None else x.model_copy(update={"battery_cycles": cycles}) for x in shared.schemes)})
    findings += schemes.findings(shared, findings)
    market = p2p.assess_market(district, cards, params, shared)  # P2P trading hour by hour (game_rules/p2p.py)
    sources = main.financing.sources

    def rate_of(bearer: str) -> float:  # each bearer's own rate (docs/rules.md, "Stakeholders")
        return fin.stakeholder_rate(bearer, params, district, sources, owner)

    flex = flexibility.market_of(cards, main.energy, district, params)  # the same clearing as the value flows'
    flex_result = flexibility.result(flex, cards, roles, params, main.energy, district) if flex is not None else None
    mobility = emaas.result(district, params, main.energy, flex.by_asset.get("v2g", (0.0, 0.0)) if flex is not None else (0.0, 0.0),
                            flex_result.provenance.references if flex_result is not None else ())
    ctx = rk.Context(district=district, cards=cards, deck=deck, owner=owner.value, coordinator=coordinator.value,
                     capex=main.financing.capex, rate_of=rate_of,
                     asset_owners=frozenset(w for w, share in (main.owned or {}).items() if share > 0 and w != owner.value),
                     gap=main.financing.gap, tags=frozenset(t for c in cards for t in c.effects.tags), present=table.present,
                     findings=tuple(findings),
                     rerun=reruns.rerun(model, district, deck, overrides, {w.id: w for w in worlds}, as_of) if mitigations else None,
                     horizon_years=main.financing.horizon_years, p2p_leavers=p2p.leaver_summary(market))
    # An inert world (not applicable here, its law already in force) is the base world: not rated.
    outcomes = [reruns.risk_outcome(table, main, None)] + [reruns.risk_outcome(table, o, w) for w, o in others if w.acts]
    risks = rk.compute(ctx, outcomes)
    results = tuple(ScenarioResult(
        scenario=w.id, label=_label(w.card), kpis=_kpis(table, o, fit(cards, district, o.net), _risks_in(risks, w.id if w.acts else "base")),
        stakeholders=o.values, npv=o.financing.npv,
        changes=tuple(ch.param for ch in w.changes), baseline=_baseline(table, o.reference, w),
        likelihood=w.likelihood, likelihood_basis=w.basis, inert=tuple(ch.param for ch in w.inert),
        in_force=tuple(ch.param for ch in w.inert) if w.status == "in_force" else (), status=w.status,
        in_force_since=w.since, occurrence=w.result_occurrence(),
        npv_event_every_year=every_year.get(w.id), npv_without_markets=o.financing.npv_without_markets, sharing=schemes.summary(o.sharing, district)) for w, o in others)
    extra: dict[str, object] = {}
    if sensitivity:
        from game_rules import sensitivity as sens
        from game_rules import uncertainty as unc

        extra["sensitivity"] = sens.tornado(prep)
        extra["uncertainty"] = unc.report(district, params, _measure_cards(params), prep=prep, base=table.base,
                                          npv_references=main.financing.provenance.references)
    assessment = Assessment(
        district=district.id, as_of=as_of, overrides=dict(overrides or {}), cards=tuple(c.id for c in cards), scenarios=tuple(w.id for w in worlds),
        kpis=_kpis(table, main, governance, risks), energy=_summary(main, district),
        stakeholders=main.values, value_flows=main.flows, governance=governance, financing=main.financing,
        risks=tuple(risks), warnings=tuple(_warnings(model, cards, main.financing.capex, deck) + _idle_battery(cards, district, params, main.market.battery_kwh if main.market is not None else 0.0)
                                           + _idle_heat_pumps(cards, district)
                                           + _world_warnings(worlds, district, as_of) + schemes.warnings(shared, district)
                                           + modernisation.warnings(main.levies, district) + weather_warnings(district)
                                           + p2p.warnings(market, district)),
        scenario_results=results, baseline=_baseline(table, table.ref, None), sharing=shared, market=market,
        flexibility=flex_result, mobility=mobility, **extra,  # type: ignore[arg-type]
    )
    # Every source cited anywhere in the assessment, and the district's own (game_rules.references).
    listed = ma.collect(assumptions_used(district, params, cards), ma.finance_assumptions(main.financing),
                        ma.price_assumptions(district), ma.card_assumptions(cards), ma.governance_assumption(governance),
                        ma.method_assumptions(district))
    cited = references.collect(assessment, district) if bibliography else ()
    return assessment.model_copy(update={"references": cited, "assumptions": listed})
