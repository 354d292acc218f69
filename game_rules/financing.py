"""Financing logic: what the measures cost, which capital pays for them, and what is left.

* CAPEX [EUR] per item = size added by the cards x unit cost parameter x ``capex.factor``
  (sizes are differences to the district as it is; unit costs in :mod:`game_rules.params`).
* Capital sources (``effects.capital`` of the cards in the financing slot) are used in order:
  grants first (times ``finance.grant_factor``), then the others in table order, each up to
  ``max_share_of_capex x CAPEX`` and ``max_eur``. What remains is the financing gap.
* Annual service of a loan-like source = annuity: A = P x r / (1 - (1 + r)^-n), with
  r = card rate + ``finance.rate_add`` (for interest-bearing kinds) and n = term [years].
* Cost of capital = amount-weighted mean rate of the non-grant sources.
"""

from __future__ import annotations

from collections.abc import Sequence

from cards.effects import CapitalKind, Stakeholder
from cards.model import Card
from game_rules.districts import District
from game_rules.energy import RETROFIT_CLASSES
from game_rules.kpis import Annual
from game_rules.params import Params
from game_rules.results import CapexItem, CapitalUse, Provenance

#: Capital kinds that cost interest that follows the market (a rate scenario moves them).
RATE_LINKED = frozenset({CapitalKind.DEBT, CapitalKind.GREEN_BOND, CapitalKind.ON_BILL,
                         CapitalKind.THIRD_PARTY, CapitalKind.CITIZEN_SHARES, CapitalKind.CROWDFUNDING})


def annuity(principal: float, rate: float, years: int) -> float:
    """Constant annual payment [EUR/yr] repaying ``principal`` over ``years`` at ``rate``."""
    if principal <= 0:
        return 0.0
    if rate <= 0:
        return principal / years
    return principal * rate / (1 - (1 + rate) ** -years)


def annuity_factor(rate: float, years: int) -> float:
    """Present value of 1 EUR per year for ``years`` at ``rate`` (for NPV)."""
    if rate <= 0:
        return float(years)
    return (1 - (1 + rate) ** -years) / rate


def _cards(params: Params, *names: str) -> tuple[str, ...]:
    seen: list[str] = []
    for name in names:
        for origin in params.origin.get(name, ()):
            if origin not in seen and not origin.startswith("district:") and origin != "default":
                seen.append(origin)
    return tuple(seen)


def capex_items(district: District, params: Params, base: Params, run: Annual, base_run: Annual) -> list[CapexItem]:
    """Investment per measure [EUR], each with the cards whose parameters sized it."""
    f = params["capex.factor"]
    old_area = sum(g.floor_area_m2 for g in district.buildings if g.energy_class in RETROFIT_CLASSES)
    hp_heat = max(run.heat_kwh - run.gas_kwh - run.dh_kwh - run.solar_heat_kwh, 0.0)
    base_hp = max(base_run.heat_kwh - base_run.gas_kwh - base_run.dh_kwh - base_run.solar_heat_kwh, 0.0)
    new_dh = max(run.dh_kwh - base_run.dh_kwh * params["demand.heat"] / max(base["demand.heat"], 1e-9), 0.0)
    ev_cars = district.mobility.cars * params["ev.share"] + params["ev.shared_cars"]
    sizes: list[tuple[str, float, tuple[str, ...]]] = [
        ("pv", (run.kwp - params["bipv.kwp"] - base_run.kwp) * params["cost.pv_eur_per_kwp"],
         ("pv.roof_use", "pv.kwp_extra", "pv.kwp_per_m2", "cost.pv_eur_per_kwp")),
        ("bipv", params["bipv.kwp"] * params["cost.bipv_eur_per_kwp"], ("bipv.kwp", "cost.bipv_eur_per_kwp")),
        ("battery", params["battery.kwh"] * params["cost.battery_eur_per_kwh"], ("battery.kwh", "cost.battery_eur_per_kwh")),
        ("thermal_storage", params["thermal_storage.kwh"] * params["cost.thermal_storage_eur_per_kwh"], ("thermal_storage.kwh",)),
        ("solar_thermal", params["solar_thermal.m2"] * params["cost.solar_thermal_eur_per_m2"], ("solar_thermal.m2",)),
        ("retrofit", old_area * params["retrofit.share"] * params["cost.retrofit_eur_per_m2"],
         ("retrofit.share", "retrofit.saving", "cost.retrofit_eur_per_m2")),
        ("heat_pumps", max(hp_heat - base_hp, 0.0) / 1000 * (
            params["cost.heat_pump_air_eur_per_mwh"] if params["heat_pump.air_share"] >= params["heat_pump.ground_share"]
            else params["cost.heat_pump_ground_eur_per_mwh"]), ("heat_pump.air_share", "heat_pump.ground_share")),
        ("district_heating", new_dh / 1000 * params["cost.dh_connection_eur_per_mwh"], ("district_heating.connect_share",)),
        ("smart_meters", district.dwellings * params["smart_meters.share"] * params["cost.smart_meter_eur"], ("smart_meters.share",)),
        ("chargers", ev_cars * max(params["ev.smart_share"], params["ev.v2g_share"]) * params["cost.charger_eur"],
         ("ev.smart_share", "ev.v2g_share")),
        ("shared_cars", params["ev.shared_cars"] * params["cost.shared_car_eur"], ("ev.shared_cars",)),
        ("set_up", params["capex.extra_eur"], ("capex.extra_eur",)),
    ]
    items = []
    for name, amount, names in sizes:
        if amount > 0.5:
            items.append(CapexItem(item=name, amount=amount * f, provenance=Provenance(
                cards=_cards(params, *names, "capex.factor"), rule=f"capex.{name}",
                source="game_rules/params.py unit costs (FACTS.md; unverified where marked)")))
    return items


def allocate(capex: float, cards: Sequence[Card], params: Params) -> tuple[list[CapitalUse], float]:
    """Use the financing cards' capital against ``capex``: (sources used, gap [EUR])."""
    entries = [(card, source) for card in cards for source in card.effects.capital]
    entries.sort(key=lambda e: 0 if e[1].kind is CapitalKind.GRANT else 1)
    remaining = capex
    used: list[CapitalUse] = []
    for card, source in entries:
        if remaining <= 0:
            break
        factor = params["finance.grant_factor"] if source.kind is CapitalKind.GRANT else 1.0
        cap = source.max_share_of_capex * capex * factor
        if source.max_eur is not None:
            cap = min(cap, source.max_eur * factor)
        amount = min(cap, remaining)
        if amount <= 0:
            continue
        rate = source.rate + (params["finance.rate_add"] if source.kind in RATE_LINKED else 0.0)
        rate = max(rate, 0.0)
        service = 0.0 if source.kind in (CapitalKind.GRANT, CapitalKind.EQUITY) else annuity(amount, rate, source.term_years)
        used.append(CapitalUse(
            card=card.id, kind=source.kind.value, provider=source.provider.value, amount=amount,
            rate=rate, term_years=source.term_years, annual_service=service,
            provenance=Provenance(cards=(card.id, *_cards(params, "finance.rate_add", "finance.grant_factor")),
                                  rule="financing.allocate", source=source.source),
        ))
        remaining -= amount
    return used, max(remaining, 0.0)


def cost_of_capital(sources: Sequence[CapitalUse]) -> float:
    """Amount-weighted rate of the non-grant capital [fraction/yr]."""
    paid = [s for s in sources if s.kind != CapitalKind.GRANT.value]
    total = sum(s.amount for s in paid)
    return sum(s.amount * s.rate for s in paid) / total if total > 0 else 0.0


def invested_by(owner: Stakeholder, sources: Sequence[CapitalUse], gap: float) -> dict[str, float]:
    """Money each stakeholder puts in up front [EUR]: lenders their loans, the owner equity + gap."""
    out: dict[str, float] = {owner.value: gap}
    for s in sources:
        if s.kind == CapitalKind.GRANT.value:
            continue
        out[s.provider] = out.get(s.provider, 0.0) + s.amount
    return out
