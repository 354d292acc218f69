"""A local flexibility market: the grid operator buys peak reduction at the district's connection.

The need (source: the DSO flexibility services of Great Britain's distribution network
operators, procured on Piclo Flex and similar platforms, ref:nged-flex-earnings,
ref:modo-dno-flex-tenders-2023): the district's hourly import at its connection to the public
grid. The **market's hours** are the hours whose import, before any flexible asset responds,
reaches :data:`SERVICE_THRESHOLD` of the year's peak (DSOs tender the few hours that bind their
network: 2-5 hours on winter evenings at the substations UK Power Networks tendered,
ref:regen-ukpn-flex-2017). Only there the market pays:

* **availability**: the firm peak reduction [kW] (the year's peak before the response minus the
  highest import after it over *all* hours, so an untouched hour just outside the window bounds
  it) x the availability price [EUR/kW/h] x the market's hours;
* **utilisation**: the energy not drawn [kWh] in the :data:`UTILISATION_HOURS` highest of
  those hours (the hours the DSO calls) x the utilisation price [EUR/kWh].

The grid operator's own value is the reinforcement it defers: peak reduction x
:data:`REINFORCEMENT_EUR_PER_KW_YR` (an assumption with its range).

The response, day by day and in this order (each asset sees what the previous left):

1. **Smart charging** of EVs (computed by the energy model, :mod:`game_rules.energy`): the
   difference between uncontrolled evening charging and the charging the model schedules.
2. **Heat pumps with thermal inertia** (only where a control card drives them): their
   electricity may drop in the market's hours up to a daily budget of
   :data:`HP_BLOCK_HOURS` hours at the day's highest heat-pump load (pre-heating before the
   window; the German DSOs' heat-pump blocking times, up to 2 h at a time, and § 14a EnWG's
   controllable consumers, ref:enwg-14a), plus what a **heat store** covers
   (heat store kWh / COP of the day's market hours).
3. **Batteries** (stationary and V2G, sizes as the energy model dispatches them): power limit
   and one usable discharge a day (usable kWh x √η delivered, :mod:`game_rules.dispatch`),
   recharged outside the window.

Steps 2 and 3 shave each day's window peak down to one level L (water-filling:
reduction_h = min(cap_h, max(r_h - L, 0)), L the lowest level the day's budget reaches), the
schedule that lowers the peak most for a given energy. The assets then deliver only down to the
year's new peak (the highest import after that response in any hour): a kWh below it lowers no
peak, so it is neither delivered nor paid. Pure: arrays in, :class:`Market` out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from cards.effects import FlowKind, Stakeholder
from cards.model import Card
from catalogs.data_phrases import data_phrase
from game_rules.districts import District
from game_rules.energy import EnergyResult
from game_rules.governance import Roles
from game_rules.params import Params
from game_rules.profiles import profiles_for
from game_rules.results import CostItem, FlexibilityAsset, FlexibilityMarket, FlowResult, Provenance
from game_rules.texts import text

SERVICE_THRESHOLD = 0.8
"""Market's hours: import >= this share of the year's peak [fraction]; assumption [0.7-0.9]."""
UTILISATION_HOURS = 30
"""Hours a year the DSO calls the service [h]; UKPN expected 15-40 h of utilisation in its 2023
demand-reduction tender (ref:modo-dno-flex-tenders-2023); 30 within that range."""
GBP_TO_EUR = 1.17
"""Exchange rate used to convert British flexibility prices [EUR/GBP]; assumption [1.12-1.20]
(the 2023-2024 range of the ECB reference rate)."""
AVAILABILITY_EUR_PER_KW_H = 0.025
"""Availability price [EUR per kW and market hour]: NGED's worked example of a 0.5 MW battery
contracted for 228 h earning GBP 2,440.80 (winter 2023/24) = GBP 21.4/MW/h = EUR 0.025/kW/h
(ref:nged-flex-earnings); range [0.01-0.05] (assumption around that example)."""
UTILISATION_EUR_PER_KWH = 0.35
"""Utilisation price [EUR per kWh not drawn]: UKPN's highest expected demand-reduction price
GBP 600/MWh (2023, ref:modo-dno-flex-tenders-2023), NGED's SU_SEP example GBP 1,812/MWh
(ref:nged-flex-earnings), competitive ESO demand-flexibility bids from GBP 150/MWh; EUR 0.35
(GBP 300/MWh) as a central value, range [0.15-2.1]."""
REINFORCEMENT_EUR_PER_KW_YR = 50.0
"""The grid operator's avoided reinforcement [EUR per kW of peak and year]: annuity of the
low- and medium-voltage capacity a kW of peak needs; assumption [25-100], no published figure
for these districts."""
HP_BLOCK_HOURS = 2.0
"""Hours a day heat pumps may stay off at full load, bridged by the building's thermal inertia
[h]; assumption [1-3] after the German utilities' blocking times (at most 2 h at a time)."""

ASSETS = ("smart_charging", "heat_pumps", "stationary_battery", "v2g")


@dataclass(frozen=True)
class Terms:
    """The market's prices and rules (defaults: module constants with their sources)."""

    threshold: float = SERVICE_THRESHOLD
    availability_eur_per_kw_h: float = AVAILABILITY_EUR_PER_KW_H
    utilisation_eur_per_kwh: float = UTILISATION_EUR_PER_KWH
    utilisation_hours: int = UTILISATION_HOURS
    reinforcement_eur_per_kw_yr: float = REINFORCEMENT_EUR_PER_KW_YR
    hp_block_hours: float = HP_BLOCK_HOURS


@dataclass(frozen=True)
class Assets:
    """What can respond [series in kWh/h, same length as the net load, a multiple of 24].

    ``ev_delta``: scheduled minus uncontrolled EV charging (negative where smart charging
    removed load); ``hp_el``: heat-pump electricity, counted only when ``hp_controlled``;
    ``cop``: their COP per hour; ``thermal_kwh``: heat store [kWh heat]; ``battery_kwh``,
    ``v2g_kwh``: nominal stationary and V2G capacity [kWh]; ``battery_kw``: their joint power
    limit [kW]; ``usable``, ``efficiency``: as in :mod:`game_rules.dispatch`."""

    ev_delta: np.ndarray | None = None
    hp_el: np.ndarray | None = None
    hp_controlled: bool = False
    cop: np.ndarray | None = None
    thermal_kwh: float = 0.0
    battery_kwh: float = 0.0
    v2g_kwh: float = 0.0
    battery_kw: float = 0.0
    usable: float = 0.9
    efficiency: float = 0.9


@dataclass(frozen=True)
class Market:
    """The market's clearing over one year [kW, kWh/yr, EUR/yr].

    ``hours``: the market's hours (bool mask); ``peak_kw``: the year's import peak before the
    response; ``window_before_kw``: the peak in the market's hours before the response (the
    year's peak); ``window_after_kw``: the year's new peak, the highest import after the response
    over all hours; ``reduction``: hourly import avoided (zero outside the market's hours);
    ``by_asset``: per asset (:data:`ASSETS`) the peak reduction it adds [kW] and the energy it
    delivers in the market's hours [kWh/yr]."""

    hours: np.ndarray
    peak_kw: float
    window_before_kw: float
    window_after_kw: float
    reduction: np.ndarray
    by_asset: dict[str, tuple[float, float]] = field(default_factory=dict)
    availability_eur: float = 0.0
    utilisation_eur: float = 0.0
    utilised_kwh: float = 0.0
    reinforcement_eur: float = 0.0
    terms: Terms = field(default_factory=Terms)

    @property
    def market_hours(self) -> int:
        return int(self.hours.sum())

    @property
    def peak_reduction_kw(self) -> float:
        return max(self.window_before_kw - self.window_after_kw, 0.0)

    @property
    def battery_kwh(self) -> float:
        """What the batteries (stationary and V2G) discharge on the market [kWh/yr]: their use
        beside the self-consumption dispatch."""
        return sum(self.by_asset.get(name, (0.0, 0.0))[1] for name in ("stationary_battery", "v2g"))

    @property
    def delivered_kwh(self) -> float:
        return float(self.reduction.sum())

    @property
    def revenue_eur(self) -> float:
        """What the DSO pays [EUR/yr]: availability + utilisation."""
        return self.availability_eur + self.utilisation_eur


def _daily(values: np.ndarray) -> np.ndarray:
    if values.ndim != 1 or len(values) % 24:
        raise ValueError(f"expected an hourly series of whole days (length a multiple of 24), got shape {values.shape}")
    return values.reshape(-1, 24)


def water_fill(residual: np.ndarray, cap: np.ndarray, budget: np.ndarray, iterations: int = 60) -> np.ndarray:
    """Per day, the reduction [kWh/h] that lowers the day's peak most: min(cap, max(r - L, 0))
    with the level L at which the day's reductions sum to ``budget`` (all of ``cap`` when the
    budget allows). ``residual``, ``cap`` (days, 24) >= 0, ``budget`` (days,). Bisection on L
    (60 halvings: below 1e-15 of the day's peak)."""
    possible = np.minimum(cap, residual).sum(axis=1)
    low, high = np.zeros(len(budget)), residual.max(axis=1, initial=0.0)
    for _ in range(iterations):
        mid = (low + high) / 2
        used = np.minimum(cap, np.maximum(residual - mid[:, None], 0.0)).sum(axis=1)
        too_much = used > budget
        low = np.where(too_much, mid, low)
        high = np.where(too_much, high, mid)
    level = np.where(possible <= budget, 0.0, high)
    result: np.ndarray = np.minimum(cap, np.maximum(residual - level[:, None], 0.0))
    return result


def service_hours(baseline: np.ndarray, threshold: float = SERVICE_THRESHOLD) -> np.ndarray:
    """The market's hours: import >= ``threshold`` x the year's peak (and > 0) [bool mask]."""
    peak = float(baseline.max(initial=0.0))
    hours: np.ndarray = (baseline >= threshold * peak) & (baseline > 0)
    return hours


def _window_peak(series: np.ndarray, hours: np.ndarray) -> float:
    return float(series[hours].max(initial=0.0))


def clear(net: np.ndarray, assets: Assets, terms: Terms = Terms()) -> Market:
    """The market over the year for the connection's net load ``net`` = load - local generation
    [kWh/h, whole days; negative = export], the flexible ``assets`` and the market ``terms``
    (module doc for the order, the budgets and the prices).

    The new peak is the highest import after the response over **all** hours: an hour outside the
    market's window that the assets do not touch bounds it from below. The assets therefore deliver
    only down to that new peak (energy below it lowers no peak and is not paid), and availability
    is paid on the old peak minus the new one."""
    days = _daily(net)
    baseline = np.maximum(net, 0.0)
    hours = service_hours(baseline, terms.threshold)
    mask = _daily(hours)
    before = _window_peak(baseline, hours)
    # Each asset's full response, in the module doc's order (each sees what the previous left).
    stages: list[tuple[str, np.ndarray]] = []
    residual = np.maximum(days, 0.0)
    if assets.ev_delta is not None:
        # Smart charging moves load in and out of hours; only the market's hours are paid.
        residual = np.maximum(days + _daily(assets.ev_delta), 0.0)
        stages.append(("smart_charging", residual))
    if assets.hp_controlled and assets.hp_el is not None:
        hp = np.where(mask, _daily(assets.hp_el), 0.0)
        cop = _daily(assets.cop) if assets.cop is not None else np.ones_like(hp)
        mean_cop = np.divide((cop * mask).sum(axis=1), mask.sum(axis=1), out=np.ones(len(hp)), where=mask.sum(axis=1) > 0)
        budget = terms.hp_block_hours * hp.max(axis=1) + assets.thermal_kwh / mean_cop * (hp.sum(axis=1) > 0)
        residual = residual - water_fill(residual, hp, budget)
        stages.append(("heat_pumps", residual))
    total = assets.battery_kwh + assets.v2g_kwh
    if total > 0 and assets.battery_kw > 0:
        cap = np.where(mask, assets.battery_kw, 0.0)
        budget = np.full(len(days), total * assets.usable * assets.efficiency ** 0.5)
        residual = residual - water_fill(residual, cap, budget)
        stages.append(("battery", residual))
    # The real new peak: the highest import after the full response, in any hour.
    new_peak = min(float(residual.max(initial=0.0)), before)
    by_asset: dict[str, tuple[float, float]] = {}
    shown = np.maximum(days, 0.0)
    for name, full in stages:
        # What the asset delivers that still lowers the peak: never below the new peak.
        clipped = np.maximum(full, np.minimum(shown, new_peak))
        delivered = float(np.where(mask, shown - clipped, 0.0).sum())
        kw = float(shown.max(initial=0.0)) - float(clipped.max(initial=0.0))
        by_asset[name] = (kw, delivered)
        shown = clipped
    if "battery" in by_asset:
        kw, kwh = by_asset.pop("battery")
        share = assets.v2g_kwh / total
        by_asset["stationary_battery"] = (kw * (1 - share), kwh * (1 - share))
        by_asset["v2g"] = (kw * share, kwh * share)
    reduction = np.where(mask, np.maximum(days, 0.0) - shown, 0.0).reshape(-1)
    kw = max(before - new_peak, 0.0)
    n_hours = int(hours.sum())
    # The DSO calls the highest hours of its window (utilisation); it pays availability on all of them.
    called = np.argsort(-np.where(hours, baseline, -np.inf), kind="stable")[: min(terms.utilisation_hours, n_hours)]
    utilised = float(reduction[called].sum())
    return Market(hours=hours, peak_kw=float(baseline.max(initial=0.0)), window_before_kw=before, window_after_kw=new_peak,
                  reduction=reduction, by_asset=by_asset,
                  availability_eur=kw * terms.availability_eur_per_kw_h * n_hours,
                  utilisation_eur=utilised * terms.utilisation_eur_per_kwh, utilised_kwh=utilised,
                  reinforcement_eur=kw * terms.reinforcement_eur_per_kw_yr, terms=terms)


# --- The market in the assessment: cards, assets and value flows --------------------------------

#: Tags of the cards that open a local flexibility market (a market platform, flexibility
#: services sold to it, the DSO as buyer); with one on the table the market replaces the flat
#: ``tariff.flex`` price of :func:`game_rules.flows.flexibility_flows`.
MARKET_TAGS = frozenset({"flexibility_market", "flexibility_buyer"})
#: Tags of the cards that put heat pumps under control (energy management, a heat store, a VPP).
HP_CONTROL_TAGS = frozenset({"hems", "thermal_storage", "virtual_power_plant"})
#: The bibliography behind the market's prices, hours and heat-pump control.
MARKET_REFERENCES = ("nged-flex-earnings", "modo-dno-flex-tenders-2023", "regen-ukpn-flex-2017", "ukpn-dso-flexibility", "enwg-14a")
REINFORCEMENT_AVOIDED = "reinforcement_avoided"


def market_cards(cards: Sequence[Card]) -> tuple[str, ...]:
    """The cards on the table that open the market (:data:`MARKET_TAGS`)."""
    return tuple(c.id for c in cards if set(c.effects.tags) & MARKET_TAGS)


def assets_of(cards: Sequence[Card], energy: EnergyResult, district: District, params: Params) -> tuple[Assets, np.ndarray, tuple[str, ...]]:
    """The flexible assets the table built, the connection's net load before they respond
    [kWh/h] (EV charging uncontrolled, on the energy model's evening profile) and the cards
    behind the assets."""
    uncontrolled = energy.ev.sum() * profiles_for(district).ev_evening
    demand = energy.demand if energy.demand is not None else energy.load
    net = demand - energy.ev + uncontrolled - energy.pv
    storage = energy.storage
    stationary = float(params["battery.kwh"])
    total = float(storage.battery_kwh) if storage is not None else 0.0
    tags = {t for c in cards for t in c.effects.tags}
    hp_controlled = bool(tags & HP_CONTROL_TAGS) and float(energy.heat_pump_el.sum()) > 0
    hp_heat = energy.hp_heat if energy.hp_heat is not None else energy.heat_pump_el
    cop = np.divide(hp_heat, energy.heat_pump_el, out=np.ones_like(hp_heat), where=energy.heat_pump_el > 0)
    assets = Assets(ev_delta=energy.ev - uncontrolled if params["ev.smart_share"] > 0 else None,
                    hp_el=energy.heat_pump_el, hp_controlled=hp_controlled, cop=cop,
                    thermal_kwh=float(params["thermal_storage.kwh"]) if hp_controlled else 0.0,
                    battery_kwh=stationary, v2g_kwh=max(total - stationary, 0.0),
                    battery_kw=float(storage.battery_kw) if storage is not None else 0.0,
                    efficiency=float(params["battery.efficiency"]))
    asset_tags = {"community_battery", "home_battery", "storage", "thermal_storage", "v2g", "smart_charging", "hems",
                  "virtual_power_plant"}
    return assets, net, tuple(c.id for c in cards if set(c.effects.tags) & asset_tags)


def terms_of(params: Params) -> Terms:
    """The market's terms with the prices in effect: ``flex.availability_eur_per_kw_h`` and
    ``flex.utilisation_eur_per_kwh`` (defaults :data:`AVAILABILITY_EUR_PER_KW_H` and
    :data:`UTILISATION_EUR_PER_KWH` with their sources, or the facilitator's override)."""
    return Terms(availability_eur_per_kw_h=params["flex.availability_eur_per_kw_h"],
                 utilisation_eur_per_kwh=params["flex.utilisation_eur_per_kwh"])


#: The source of a market price the facilitator set for the workshop (``assess(overrides=...)``).
OVERRIDE_PHRASE = data_phrase("market prices set by the facilitator for this workshop")


def overridden(terms: Terms) -> bool:
    """True when the market's prices are not the sourced defaults (a facilitator's override)."""
    return (terms.availability_eur_per_kw_h, terms.utilisation_eur_per_kwh) != (AVAILABILITY_EUR_PER_KW_H, UTILISATION_EUR_PER_KWH)


def market_of(cards: Sequence[Card], energy: EnergyResult, district: District, params: Params) -> Market | None:
    """The market cleared for the table at the prices in effect (:func:`terms_of`), None when
    no market card is on it (the flat ``tariff.flex`` path of :mod:`game_rules.flows` applies then)."""
    if not market_cards(cards):
        return None
    assets, net, _ = assets_of(cards, energy, district, params)
    return clear(net, assets, terms_of(params))


def _seller(cards: Sequence[Card], roles: Roles) -> tuple[Stakeholder, tuple[str, ...], str]:
    aggregators = tuple(c.id for c in cards if "aggregator" in c.effects.tags)
    if aggregators or roles.coordinator is Stakeholder.AGGREGATOR:
        who = f"aggregator {'(' + ', '.join(aggregators) + ')' if aggregators else roles.decided_by}"
        return Stakeholder.AGGREGATOR, aggregators, who
    return roles.owner, (), f"owner = {roles.owner.value} {roles.decided_by}"


def _source(market: Market) -> str:
    """Where the market's prices and hours come from, for people."""
    prices = ("British stand-in: availability and utilisation prices of British DSO flexibility markets (NGED 2023/24, UKPN 2023) at "
              f"{GBP_TO_EUR} EUR/GBP" if not overridden(market.terms) else OVERRIDE_PHRASE)
    return f"{prices}; market hours: assumption {market.terms.threshold} [0.7-0.9] of the annual peak"


def result(market: Market, cards: Sequence[Card], roles: Roles, params: Params, energy: EnergyResult,
           district: District) -> FlexibilityMarket:
    """The market as the assessment reports it (:class:`game_rules.results.FlexibilityMarket`):
    hours, peak and its reduction, prices in effect, revenue [EUR/yr] and what each asset adds,
    with the cards, rule and sources of :func:`market_flows`."""
    _, _, asset_cards = assets_of(cards, energy, district, params)
    seller, aggregators, _ = _seller(cards, roles)
    terms = market.terms
    prov = Provenance(cards=tuple(dict.fromkeys((*market_cards(cards), *aggregators, *asset_cards))), rule="flexibility_market",
                      source=_source(market), references=_references(market, district.country))
    return FlexibilityMarket(
        market_hours=market.market_hours, peak_kw=market.peak_kw, peak_reduction_kw=market.peak_reduction_kw,
        delivered_kwh=market.delivered_kwh, utilised_kwh=market.utilised_kwh,
        availability_eur_per_kw_h=terms.availability_eur_per_kw_h, utilisation_eur_per_kwh=terms.utilisation_eur_per_kwh,
        availability_eur=market.availability_eur, utilisation_eur=market.utilisation_eur, revenue_eur=market.revenue_eur,
        reinforcement_eur=market.reinforcement_eur, seller=seller.value,
        assets=tuple(FlexibilityAsset(asset=name, peak_kw=kw, kwh=kwh) for name, (kw, kwh) in market.by_asset.items()),  # type: ignore[arg-type]
        provenance=prov)


def _references(market: Market, country: str) -> tuple[str, ...]:
    """The market's bibliography; § 14a EnWG only in Germany and where controlled heat pumps or EV
    charging responded. The British DSO markets' prices stand in everywhere (the flow's source
    says so): no other country publishes local flexibility prices in our sources."""
    controlled = any(market.by_asset.get(name, (0.0, 0.0))[1] > 0 for name in ("heat_pumps", "smart_charging"))
    return tuple(r for r in MARKET_REFERENCES if r != "enwg-14a" or (controlled and country == "DE"))


def market_flows(market: Market, cards: Sequence[Card], roles: Roles, params: Params,
                 energy: EnergyResult, district: District) -> list[FlowResult]:
    """``flexibility_market`` (DSO -> seller: availability + utilisation [EUR/yr]) and, when an
    aggregator sells, ``flexibility_share`` (aggregator -> asset owner: ``flex.owner_share`` of
    it, the aggregator card's rule). No flow without revenue (no asset, or none in the hours)."""
    revenue = market.revenue_eur
    if revenue < 1:
        return []
    _, _, asset_cards = assets_of(cards, energy, district, params)
    seller, aggregators, who = _seller(cards, roles)
    governance = (roles.card,) if roles.card else ()
    prov_cards = tuple(dict.fromkeys((*market_cards(cards), *aggregators, *governance, *asset_cards)))
    parts = ", ".join(f"{name} {kw:,.0f} kW / {kwh:,.0f} kWh" for name, (kw, kwh) in market.by_asset.items() if kwh >= 1 or kw >= 1)
    terms = market.terms
    rule = (f"flexibility_market: {market.peak_reduction_kw:,.0f} kW peak reduction x {terms.availability_eur_per_kw_h:.3f} EUR/kW/h x "
            f"{market.market_hours} market hours (import >= {terms.threshold:.0%} of the {market.peak_kw:,.0f} kW peak) + "
            f"{market.utilised_kwh:,.0f} kWh in the {terms.utilisation_hours} called hours x {terms.utilisation_eur_per_kwh:.2f} EUR/kWh "
            f"(assets: {parts}; sold by {who})")
    source = _source(market)
    out = [FlowResult.model_validate({"from": Stakeholder.DSO.value, "to": seller.value, "kind": FlowKind.MONEY.value,
                                      "amount": revenue, "unit": "EUR/yr", "label": text("flow.flexibility"),
                                      "provenance": Provenance(cards=prov_cards, rule=rule, source=source,
                                                               references=_references(market, district.country))})]
    share = params["flex.owner_share"]
    if seller is Stakeholder.AGGREGATOR and roles.owner is not Stakeholder.AGGREGATOR and share * revenue >= 1:
        origin = tuple(c for c in params.origin.get("flex.owner_share", ()) if c != "default")
        out.append(FlowResult.model_validate({
            "from": Stakeholder.AGGREGATOR.value, "to": roles.owner.value, "kind": FlowKind.MONEY.value,
            "amount": share * revenue, "unit": "EUR/yr", "label": text("flow.flexibility_share"),
            "provenance": Provenance(cards=tuple(dict.fromkeys((*aggregators, *governance, *origin))),
                                     rule=(f"flexibility_share: flex.owner_share x flexibility market revenue = {share * 100:.0f} % "
                                           f"(to owner = {roles.owner.value} {roles.decided_by})"),
                                     source="flex.owner_share: HOW-07 revenue-sharing basis",
                                     references=_references(market, district.country))}))
    return out


def dso_value(market: Market, cards: Sequence[Card]) -> dict[str, tuple[CostItem, ...]]:
    """The grid operator's avoided reinforcement as a negative running cost [EUR/yr]: peak
    reduction x :data:`REINFORCEMENT_EUR_PER_KW_YR` (an assumption, range [25-100])."""
    amount = market.reinforcement_eur
    if amount < 1:
        return {}
    rule = (f"{REINFORCEMENT_AVOIDED}: {market.peak_reduction_kw:,.0f} kW peak reduction in the market's hours x "
            f"{REINFORCEMENT_EUR_PER_KW_YR:.0f} EUR/kW/yr")
    item = CostItem(item=REINFORCEMENT_AVOIDED, amount=-amount, label=text("cost.reinforcement_avoided"),
                    provenance=Provenance(cards=market_cards(cards), rule=rule, references=("ukpn-dso-flexibility",),
                                          source="assumption: annuity of LV/MV reinforcement per kW of peak, plausible 25-100 EUR/kW/yr"))
    return {Stakeholder.DSO.value: (item,)}
