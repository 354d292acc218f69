"""Tenants' share of a landlord's energy modernisation, paid through the rent, by regime.

A landlord who retrofits the flats it lets, or replaces their heating, may pass part of the cost
on to the tenants; the project's asset owner paying for the measures is then not the only one
who bears them (the split incentive is smaller than the bare value flows show). Rules in force
(``data/regulation/<regime>.yaml``, :mod:`game_rules.regulation`); docs/rules.md, "Modernisation
levy". Applies to a building group that is **residential, let** (occupant ≠ owner) whose
**owner paid for the measures**: the owner of the buildings does (:mod:`game_rules.pv_ownership`),
except under performance contracting, where the ESCO invests and is paid from the savings.

Germany (``modernisation_levy``, tenants -> landlord, EUR/yr, fixed in EUR for the horizon):

* envelope retrofit (§ 555b Nr. 1, § 559 BGB): L_r = p x (C_r - M - G_r), p = 8 % of the cost
  per year (§ 559 (1)); M = the maintenance the work replaces (§ 559 (2): estimated,
  ``modernisation.maintenance_share`` x C_r, an assumption); G_r = the grants that cover it
  (§ 559a (1): grants on the table pro rata of the CAPEX);
* heating replaced by heat pumps (§ 555b Nr. 1a, § 559e BGB): with grants, L_h = 10 % x
  (0.85 C_h - G_h) (15 % maintenance flat, § 559e (2)); without, as § 559 (1); either way at
  most 0.50 EUR/m² a month (§ 559e (3));
* together at most 3 EUR per m² and month within six years, 2 EUR where the rent is below
  7 EUR/m² (§ 559 (3a); rent ``modernisation.rent_eur_per_m2_month``, an assumption).

C_r = the retrofit CAPEX x the group's share of the retrofitted floor area; C_h = the heat-pump
CAPEX x the group's share of the fossil heat moved to heat pumps. The caps apply to the floor
area each measure reaches (retrofit.share, the heat-pump share). Cheap loans from public
budgets lower the levy by the interest saved (§ 559a (2)); that reduction is not modelled,
so L is an upper bound where such a loan is on the table (the provenance says so).

France (``energy_savings_contribution``, loi n° 89-462 art. 23-1; décret n° 2009-1439 for
private and n° 2009-1438 for social landlords): at most half the tenants' estimated energy
saving, fixed and not revised, for at most 15 years; due only after a set of works (two
measures or a minimum performance), which the retrofit cards are taken to be.

The tenants' year-1 saving S from these measures (retrofit: heat saved x the group's heat price;
heat pumps: heat x (gas price - electricity price / seasonal COP of the run)) is set beside the
levy: the warm rent (rent plus heating) changes by L - S ("warm-rent neutral" when L <= S).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from cards.effects import CapitalKind, FlowKind
from catalogs.data_phrases import data_phrase
from game_rules.districts import BuildingGroup, District
from game_rules.energy import RETROFIT_CLASSES
from game_rules.kpis import Annual
from game_rules.params import Params
from game_rules.pv_ownership import PvOwnership
from game_rules.regulation import RuleSet
from game_rules.results import CapexItem, CapitalUse, FlowResult, Provenance, Warning
from game_rules.texts import money_text, text

#: Months per year, for caps stated per m² and month.
MONTHS = 12
#: Rule prefixes of the flows (game_rules.financing keeps them fixed in EUR).
DE_RULE = "modernisation_levy"
FR_RULE = "energy_savings_contribution"
#: The law behind each regime's flow, for people (translated as data phrases).
DE_SOURCE = data_phrase("§ 559, § 559a and § 559e BGB (modernisation levy); cheap public loans would lower it by the "
                        "interest saved (§ 559a Abs. 2 BGB), not modelled")
FR_SOURCE = data_phrase("loi n° 89-462 art. 23-1, décrets n° 2009-1438 and 2009-1439 (contribution au partage de l'économie de charges)")
#: Bibliography ids behind each regime's rule.
DE_REFERENCES = ("bgb-559", "bgb-559a", "bgb-559e")
FR_REFERENCES = ("loi-89-462-art-23-1", "decret-2009-1439", "decret-2009-1438")


@dataclass(frozen=True)
class Levy:
    """One let building group's levy and its tenants' saving, year 1 [EUR/yr]."""

    group: str
    landlord: str
    tenants: str
    levy: float
    saving: float
    years: int | None  # years the levy is paid (None: the whole horizon)
    basis: str  # the formula with its inputs, for provenance
    references: tuple[str, ...]
    cards: tuple[str, ...] = ()  # the cards that sized the measures

    @property
    def warm_rent_change(self) -> float:
        """Levy minus the tenants' energy saving [EUR/yr]: > 0 means the warm rent rises."""
        return self.levy - self.saving


def _let(group: BuildingGroup, assets: PvOwnership) -> bool:
    return (group.use == "residential" and group.occupant is not group.owner
            and assets.invests_in_own_buildings(group.owner))


def _fossil(group: BuildingGroup) -> bool:
    return group.heating in ("gas_boiler", "oil_boiler")


def _heat_price(group: BuildingGroup, params: Params, district: District, cop: float) -> float:
    """What a kWh of the group's heat costs its occupants [EUR/kWh] (the energy model's prices)."""
    if group.heating == "district_heating":
        return params["tariff.heat"]
    if _fossil(group):
        return params["tariff.gas"] + params["price.co2_eur_per_t"] * district.emissions.gas_g_per_kwh / 1e6
    return params["tariff.electricity"] / cop


def _shares(district: District, params: Params) -> tuple[float, float, float]:
    """(retrofitted share of floor area in class D or worse, heat-pump share of fossil heat,
    the area of those classes [m²])."""
    old_area = sum(g.floor_area_m2 for g in district.buildings if g.energy_class in RETROFIT_CLASSES)
    moved = params["district_heating.connect_share"] + params["heat_pump.air_share"] + params["heat_pump.ground_share"]
    hp = params["heat_pump.air_share"] + params["heat_pump.ground_share"]
    return params["retrofit.share"], hp / moved if moved > 1 else hp, old_area


def levies(district: District, params: Params, assets: PvOwnership, items: Sequence[CapexItem],
           sources: Sequence[CapitalUse], rules: RuleSet, run: Annual) -> list[Levy]:
    """The levy of each let group its owner modernised (module doc; ``assets``: who owns the
    new assets, :func:`game_rules.pv_ownership.pv_ownership`), under the rules in force; empty
    where the regime has no such rule or nothing was modernised."""
    capex = {i.item: i.amount for i in items}
    measures = [i for i in items if i.item in ("retrofit", "heat_pumps")]
    cards = tuple(dict.fromkeys(c for i in measures for c in i.provenance.cards))
    refs = tuple(dict.fromkeys(r for i in measures for r in i.provenance.references))
    total = sum(capex.values())
    grant_share = sum(s.amount for s in sources if s.kind == CapitalKind.GRANT.value) / total if total > 0 else 0.0
    retro_share, hp_share, old_area = _shares(district, params)
    fossil_heat = sum(g.heat_kwh * (1 - params["retrofit.share"] * params["retrofit.saving"]
                                    if g.energy_class in RETROFIT_CLASSES else 1.0)
                      for g in district.buildings if _fossil(g))
    cop = (run.ambient_kwh + run.hp_kwh) / run.hp_kwh if run.hp_kwh > 0 else 3.0
    out = []
    for g in district.buildings:
        if not _let(g, assets):
            continue
        retrofitted = g.energy_class in RETROFIT_CLASSES and old_area > 0
        c_r = capex.get("retrofit", 0.0) * g.floor_area_m2 / old_area if retrofitted else 0.0
        heat_left = g.heat_kwh * params["demand.heat"] * (1 - params["retrofit.share"] * params["retrofit.saving"] if retrofitted else 1.0)
        c_h = capex.get("heat_pumps", 0.0) * heat_left / (fossil_heat * params["demand.heat"]) if _fossil(g) and fossil_heat > 0 else 0.0
        if c_r + c_h < 1:
            continue
        saved_heat = g.heat_kwh * params["demand.heat"] * params["retrofit.share"] * params["retrofit.saving"] if retrofitted else 0.0
        price = _heat_price(g, params, district, cop)
        hp_heat = heat_left * hp_share if c_h > 0 else 0.0
        saving = saved_heat * price + hp_heat * (price - params["tariff.electricity"] / cop)
        if district.regime == "DE" and rules.get("modernisation.levy_rate") is not None:
            found = _german(g, params, rules, c_r, c_h, grant_share, retro_share, hp_share, saving)
        elif district.regime == "FR" and rules.get("energy_savings_contribution.share") is not None:
            found = _french(g, rules, saving)
        else:
            continue
        out.append(replace(found, cards=cards, references=tuple(dict.fromkeys((*found.references, *refs)))))
    return out


def _german(g: BuildingGroup, params: Params, rules: RuleSet, c_r: float, c_h: float, grant_share: float,
            retro_share: float, hp_share: float, saving: float) -> Levy:
    """§ 559, § 559a, § 559e BGB (module doc)."""
    rate = rules.value("modernisation.levy_rate")
    m = params["modernisation.maintenance_share"]
    rent = params["modernisation.rent_eur_per_m2_month"]
    capped = rules.get("modernisation.levy_cap") is not None  # the per-m² caps came in 2019 (MietAnpG)
    low_rent = rules.value("modernisation.low_rent_threshold") if capped else 0.0
    cap = rules.value("modernisation.levy_cap_low_rent" if rent < low_rent else "modernisation.levy_cap") if capped else math.inf
    l_r = rate * max(c_r * (1 - m) - c_r * grant_share, 0.0)
    parts = [f"{rate * 100:.0f} % x ({c_r:,.0f} x (1 - maintenance {m:.2f}) - grants {c_r * grant_share:,.0f})"] if c_r > 0 else []
    heating = rules.get("modernisation.heating_levy_rate")
    l_h = 0.0
    if c_h > 0:
        grant_h = c_h * grant_share
        if heating is not None and grant_h > 0:  # § 559e (1): funded heating, 10 % of the cost less grants, 15 % maintenance
            flat, h_rate = rules.value("modernisation.heating_maintenance_share"), heating.value_at(rules.as_of)
            l_h = h_rate * max(c_h * (1 - flat) - grant_h, 0.0)
            parts.append(f"heat pumps {h_rate * 100:.0f} % x ({c_h:,.0f} x {1 - flat:.2f} - grants {grant_h:,.0f})")
        else:  # no grant (§ 559e (1) sentence 2) or before § 559e: the § 559 route
            l_h = rate * c_h * (1 - m)
            parts.append(f"heat pumps {rate * 100:.0f} % x ({c_h:,.0f} x (1 - maintenance {m:.2f}))")
        if heating is not None:
            h_cap = rules.value("modernisation.heating_levy_cap") * MONTHS * g.floor_area_m2 * hp_share
            if l_h > h_cap:
                l_h = h_cap
                parts.append(f"heat pumps cap {rules.value('modernisation.heating_levy_cap'):.2f} EUR/m² per month")
    area = g.floor_area_m2 * max(retro_share if c_r > 0 else 0.0, hp_share if c_h > 0 else 0.0)
    total_cap = cap * MONTHS * area
    levy = min(l_r + l_h, total_cap)
    capping = (f"cap {cap:g} EUR/m² per month x {area:,.0f} m² (rent {rent:g} EUR/m²) = {total_cap:,.0f} EUR/yr; "
               if capped else "")
    basis = (f"{DE_RULE}: {g.id}: {' + '.join(parts)} = {l_r + l_h:,.0f} EUR/yr; {capping}"
             f"tenants' energy saving {saving:,.0f} EUR/yr")
    return Levy(g.id, g.owner.value, g.occupant.value, levy, saving, None, basis, DE_REFERENCES)


def _french(g: BuildingGroup, rules: RuleSet, saving: float) -> Levy:
    """Loi n° 89-462 art. 23-1, décrets n° 2009-1438 / 2009-1439 (module doc)."""
    share = rules.value("energy_savings_contribution.share")
    years = round(rules.value("energy_savings_contribution.years"))
    levy = share * max(saving, 0.0)
    basis = (f"{FR_RULE}: {g.id}: {share * 100:.0f} % x tenants' energy saving {saving:,.0f} EUR/yr = {levy:,.0f} EUR/yr, "
             f"fixed for {years} yr")
    return Levy(g.id, g.owner.value, g.occupant.value, levy, saving, years, basis, FR_REFERENCES)


def levy_flows(found: Sequence[Levy]) -> list[FlowResult]:
    """One money flow tenants -> landlord per levy of at least 1 EUR/yr."""
    out = []
    for lv in found:
        if lv.levy < 1:
            continue
        out.append(FlowResult.model_validate({
            "from": lv.tenants, "to": lv.landlord, "kind": FlowKind.MONEY.value, "amount": lv.levy, "unit": "EUR/yr",
            "years": lv.years, "label": text("flow.modernisation_levy"),
            "provenance": Provenance(cards=lv.cards, rule=lv.basis, source=DE_SOURCE if lv.years is None else FR_SOURCE,
                                     references=lv.references)}))
    return out


def warnings(found: Sequence[Levy], district: District) -> list[Warning]:
    """``warn.warm_rent``: each let group whose tenants pay a levy above their energy saving
    (the warm rent rises), naming the group, both amounts and the law."""
    labels = {g.id: g.label for g in district.buildings}
    out = []
    for lv in found:
        if lv.levy >= 1 and lv.warm_rent_change >= 1:
            label = labels[lv.group]
            out.append(Warning(code="warn.warm_rent", cards=lv.cards, references=lv.references, text=text(
                "warn.warm_rent", group=label, levy=money_text(lv.levy), saving=money_text(lv.saving),
                change=money_text(lv.warm_rent_change))))
    return out
