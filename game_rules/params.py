"""The parameter vocabulary: every number a card or scenario may change, with its default.

Cards name parameters by dotted names (``pv.roof_use``) in their ``effects.parameters`` and
``effects.scenario`` blocks; this module is the single list of those names, their units, their
defaults and where each default comes from. A card naming an unknown parameter is refused when the
deck is checked against the engine (``tests/game_rules/test_deck_effects.py``).
Defaults that depend on the district (tariffs, EV share, existing PV) are read from it; the
``regulation.*`` defaults and the Mieterstromzuschlag come from the rules in force on the
assessment date (:mod:`game_rules.regulation`), so "under the 2025 rules" is a date, not a flag.
Facilitators override values per workshop through :func:`validate_overrides`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from cards.effects import Op, ParameterChange
from cards.model import Card
from catalogs.data_phrases import data_phrase
from game_rules.districts import District, SourcedSection, district_unit
from game_rules.references import assumption_range, cited_in, fitting
from game_rules.regulation import RuleSet, all_rules, rules_in_force
from game_rules.results import Assumption


@dataclass(frozen=True)
class ParamSpec:
    """One parameter: unit, default (None = from the district or the rules in force), bounds
    and where the default comes from.

    Every default is one of: *neutral* (``0`` or a factor ``1``: no card or scenario has
    changed it), *from the district* or *from the rules in force* (``default`` None; the
    district file or ``data/regulation`` cites the source), *sourced* (``references`` name
    bibliography ids) or an *assumption* (no reference; ``plausible`` gives the range a
    sensitivity run varies it over). A spec that is none of these is refused at import.
    """

    unit: str
    default: float | None
    low: float
    high: float
    doc: str
    source: str
    references: tuple[str, ...] = ()
    plausible: tuple[float, float] | None = None
    neutral: bool = False

    def __post_init__(self) -> None:
        if self.default is not None and not self.neutral and not self.references and self.plausible is None:
            raise ValueError(f"parameter {self.doc!r}: expected references or a plausible range for the default {self.default}")
        if self.plausible is not None:
            low, high = self.plausible
            if not self.low <= low <= high <= self.high:
                raise ValueError(f"parameter {self.doc!r}: plausible range {self.plausible} must lie within [{self.low}, {self.high}]")

    @property
    def assumption(self) -> bool:
        """True when the default has no published source anywhere (it carries a plausible
        range); :func:`assumption_of` also says when the only sources are foreign to a district."""
        return self.plausible is not None and not self.references


def _card(unit: str, low: float, high: float, doc: str, default: float = 0.0) -> ParamSpec:
    """A parameter only cards change: its default is the neutral 'nothing built'."""
    return ParamSpec(unit, default, low, high, doc, "set by cards", neutral=True)


def _scenario(unit: str, low: float, high: float, doc: str, default: float = 1.0) -> ParamSpec:
    """A parameter only scenarios (or cards) change: its default is the neutral 'no change'."""
    return ParamSpec(unit, default, low, high, doc, "set by scenario or card", neutral=True)


def _assume(unit: str, default: float, low: float, high: float, doc: str, plausible: tuple[float, float], why: str) -> ParamSpec:
    return ParamSpec(unit, default, low, high, doc, f"assumption: {why}", plausible=plausible)


VOCABULARY: dict[str, ParamSpec] = {
    # Energy supply
    "pv.roof_use": ParamSpec("fraction", None, 0, 1, "share of usable roof area covered with PV", "district: existing PV / roof potential"),
    "pv.kwp_per_m2": ParamSpec("kWp/m²", 0.18, 0.05, 0.25, "PV density on usable roof area",
                               data_phrase("HTW Berlin: 5-10 m² of roof per kWp (0.10-0.20 kWp/m²); 0.18 for flat roofs with modern modules"),
                               references=("htw-unabhaengigkeitsrechner",), plausible=(0.12, 0.2)),
    "pv.kwp_extra": _card("kWp", 0, 1e6, "PV outside the roofs (carports, ground)"),
    "pv.yield_factor": _scenario("factor", 0.3, 1.5, "actual / expected PV yield"),
    "bipv.kwp": _card("kWp", 0, 1e6, "façade PV (BIPV), south-facing"),
    "solar_thermal.m2": _card("m²", 0, 1e6, "solar-thermal collector area"),
    # Heat
    "retrofit.share": _card("fraction", 0, 1, "share of floor area in class D or worse that is retrofitted"),
    "retrofit.saving": _card("fraction", 0, 0.9, "heat saved in retrofitted floor area"),
    "heat_pump.air_share": _card("fraction", 0, 1, "share of fossil-heated demand moved to air-source heat pumps"),
    "heat_pump.ground_share": _card("fraction", 0, 1, "share of fossil-heated demand moved to ground-source heat pumps"),
    "district_heating.connect_share": _card("fraction", 0, 1, "share of fossil-heated demand connected to district heating"),
    "district_heating.pe_factor": _scenario("factor", 0, 2, "scales the district-heat primary-energy and CO₂ factors"),
    "thermal_storage.kwh": _card("kWh", 0, 1e7, "heat storage charged by heat pumps from PV surplus"),
    # Electricity
    "battery.kwh": _card("kWh", 0, 1e7, "stationary battery nominal capacity (90 % usable, game_rules/dispatch.py)"),
    "battery.c_rate": _assume("1/h", 0.5, 0.1, 2, "battery power per kWh of nominal capacity", (0.25, 1.0),
                              "home and community batteries discharge in 1-4 h"),
    "battery.efficiency": _assume("fraction", 0.9, 0.5, 1, "battery round-trip efficiency, AC to AC incl. inverter", (0.85, 0.95),
                                  "about 95 % charging x 95 % discharging for current home storage systems"),
    "demand.heat": _scenario("factor", 0.3, 2, "scales heat demand (e.g. a cold winter)"),
    "grid.export_limit": _scenario("fraction", 0, 1, "export limit as a share of installed PV power; the rest is curtailed"),
    "demand.electricity": _scenario("factor", 0.3, 2, "scales appliance electricity demand"),
    "flex.shift_share": _card("fraction", 0, 0.5, "share of household demand shifted into solar hours of the same day"),
    "smart_meters.share": _card("fraction", 0, 1, "share of dwellings with smart meters"),
    "ev.share": ParamSpec("fraction", None, 0, 1, "share of the district's cars that are electric", "district mobility"),
    "ev.smart_share": _card("fraction", 0, 1, "share of EV charging that follows the solar surplus"),
    "ev.v2g_share": _card("fraction", 0, 1, "share of EVs offering vehicle-to-grid storage"),
    "ev.v2g_kwh_per_car": _assume("kWh", 10.0, 0, 60, "battery capacity a V2G car offers, averaged over plug-in time", (5.0, 20.0),
                                  data_phrase("a share of a 40-60 kWh car battery, limited by plug-in time and driver reserve")),
    "ev.shared_cars": _card("cars", 0, 1e5, "shared electric cars replacing private cars (eMaaS)"),
    "sharing.key": ParamSpec("key", 0.0, 0, 2, "allocation key of a sharing scheme: 0 dynamic, 1 static, 2 custom",
                             data_phrase("décret n° 2017-676: pro rata of consumption (dynamic) unless the PMO gives a key"),
                             references=("decret-2017-676-acc",), plausible=(0.0, 1.0)),
    "participation.share": _assume("fraction", 0.5, 0, 1, "share of households taking part in local supply or sharing", (0.3, 0.8),
                                   "opt-in tenant and sharing schemes; no published uptake for these districts"),
    # Prices and tariffs (basis of each district price: see the district file's tariffs source)
    "tariff.electricity": ParamSpec("EUR/kWh", None, 0, 2, "retail electricity price", "district tariffs"),
    "tariff.feed_in": ParamSpec("EUR/kWh", None, 0, 1, "price for exported PV", "district tariffs"),
    # After its fixed term (flows.FEED_IN_TERM: 20 years) an exported kWh earns its market value.
    # The TSOs' annual market value of solar power, 2024, stands for it; the range spans the annual
    # values outside the 2021-2022 price crisis (2.879 ct/kWh in 2020 to 7.2 ct/kWh in 2023). A
    # price 20 years ahead is a forecast: the tornado always varies it (sensitivity.CORE).
    "tariff.feed_in_after_term": ParamSpec(
        "EUR/kWh", 0.046, 0, 1, "value of an exported kWh after the feed-in term (market value of solar power, in year-1 prices)",
        data_phrase("German TSOs' annual market value of solar power (MW Solar): 4.624 ct/kWh in 2024, 2.9-7.2 ct/kWh 2018-2024 outside 2021-2022"),
        references=("netztransparenz-marktwerte", "emt-marktwerte-2024"), plausible=(0.029, 0.072)),
    # Direct marketing (game_rules/direct_marketing.py): a card's premium over the statutory feed-in
    # tariff, paid only on the sites above the regime's direct-marketing size (rules in force).
    "tariff.direct_marketing_premium": _card("EUR/kWh", 0, 0.05, "premium a directly marketed kWh earns over the statutory feed-in tariff"),
    "tariff.direct_marketing_above_kw": ParamSpec(
        "kWp", None, 0, 1e6, "site size above which PV is marketed directly (0: no direct marketing scheme)",
        "rules in force (DE: § 21 Abs. 1 Nr. 1 EEG 2023; FR: S21 purchase obligation up to 500 kWc)"),
    "tariff.gas": ParamSpec("EUR/kWh", None, 0, 1, "gas price", "district tariffs"),
    "tariff.heat": ParamSpec("EUR/kWh", None, 0, 1, "district-heat price", "district tariffs"),
    "tariff.grid_fee": ParamSpec("EUR/kWh", None, 0, 1, "grid fees within the retail price", "district tariffs"),
    "tariff.surcharge": ParamSpec("EUR/kWh", None, 0, 1, "Mieterstrom surcharge paid per local kWh",
                                  "rules in force (DE: § 48a, § 49 EEG 2023, plants up to 1 MW), else district tariffs"),
    # In Germany the rules in force set it (Mieterstrom cap, § 42a EnWG); elsewhere no law caps the
    # local price, so the default is an assumption (French ACC: the price is the PMO's contract).
    "tariff.local_ratio": _assume("fraction", 0.9, 0, 1.5, "local electricity price / retail price", (0.8, 1.0),
                                  "a local price 0-20 % below the retail price wins participants; no law caps it outside Germany"),
    "flex.owner_share": _assume("fraction", 0.7, 0, 1, "share of flexibility revenue an aggregator passes on to the asset owner", (0.5, 0.9),
                                "revenue-sharing virtual power plant (HOW-07 basis)"),
    "pv.roof_lease_eur_per_kwp": _assume("EUR/kWp/yr", 20.0, 0, 200, "roof lease a PV operator pays the roof owner per leased kWp",
                                          (5.0, 40.0), "German Dachpacht examples run from 5 % of the feed-in revenue to "
                                          "25 EUR/kWp/yr; no published survey for these districts"),
    "tariff.flex_eur_per_kwh": _assume("EUR/kWh", 0.05, 0, 1, "value of a shifted or stored kWh on a flexibility market", (0.0, 0.1),
                                       "no published local flexibility price for these districts"),
    # Market prices (game_rules.p2p, flexibility, emaas): the facilitator may override them per workshop
    "p2p.fee_eur_per_kwh": _assume("EUR/kWh", 0.01, 0, 0.2, "platform fee per kWh traded peer to peer", (0.005, 0.02),
                                   "the P2P card's 1 ct/kWh; no published fee for these districts"),
    "flex.availability_eur_per_kw_h": ParamSpec(
        "EUR/kW/h", 0.025, 0, 1, "availability price a grid operator pays per kW of peak reduction and market hour",
        data_phrase("NGED's worked example: GBP 2,440.80 for 0.5 MW over 228 h (winter 2023/24) = GBP 21.4/MW/h at 1.17 EUR/GBP"),
        references=("nged-flex-earnings",), plausible=(0.01, 0.05)),
    "flex.utilisation_eur_per_kwh": ParamSpec(
        "EUR/kWh", 0.35, 0, 5, "utilisation price a grid operator pays per kWh not drawn in the hours it calls",
        data_phrase("UKPN 2023 demand-reduction tender (up to GBP 600/MWh) and NGED's SU_SEP example (GBP 1,812/MWh); GBP 300/MWh central"),
        references=("modo-dno-flex-tenders-2023", "nged-flex-earnings"), plausible=(0.15, 2.1)),
    "emaas.fee_eur_per_car": _assume("EUR/yr", 6000.0, 0, 50000, "subscription fees a shared car earns a year (eMaaS)", (4000.0, 8000.0),
                                     "the shared-mobility cards' basis: about EUR 6,000 of fees per shared car"),
    # The eMaaS users' saving (game_rules.emaas.cost_items, game_rules.market_npv): the line a council asks about
    # The cars SOLD per shared car (2.1-5.3) reduce today's stock; the purchases suppressed (7.8-18.6) are cars
    # never bought, not a saving on today's cars: counting them would raise the figure (review of issue #17).
    "emaas.cars_replaced_per_shared_car": ParamSpec(
        "cars", 3.7, 0, 50, "private cars one shared car replaces (eMaaS)",
        data_phrase("per free-floating shared car 2.1-5.3 private cars sold and 7.8-18.6 purchases suppressed, up to 20 in "
                    "optimistic scenarios (11 European cities); shared cars mostly replace a second or third car; "
                    "today's stock falls by the cars sold only, 3.7 the middle of their range (the suppressed purchases "
                    "would raise it): assumption [2.1-5.3]"),
        references=("jochem-2020-share-now", "kit-ksri-share-now-2020", "nijland-2017-car-sharing"), plausible=(2.1, 5.3)),
    "emaas.private_car_eur_per_yr": ParamSpec(
        "EUR/yr", 4800.0, 0, 20000, "what a household saves a year on a private car it gives up (eMaaS)",
        data_phrase("ADAC car costs: EUR 430-530 a month for the cheapest small cars at 15,000 km a year; a car given up "
                    "is often older and drives less, so EUR 400 a month: assumption [3,000-6,500]"),
        references=("adac-autokosten-2025", "adac-autokosten-method", "kba-vk-2023"), plausible=(3000.0, 6500.0)),
    # A household without its car still travels: the saving is net of what its trips then cost (review of issue #17).
    "emaas.substitute_mobility_eur_per_yr": ParamSpec(
        "EUR/yr", 756.0, 0, 10000, "what a household that gave up its car still pays a year for its trips (eMaaS)",
        data_phrase("Deutschlandticket EUR 63 a month from January 2026 (EUR 58 in 2025), one pass per car given up, "
                    "the shared car's use being in the subscription; taxis and rentals on top: assumption [696-1,500]"),
        references=("upday-deutschlandticket-2026", "finanztip-deutschlandticket"), plausible=(696.0, 1500.0)),
    "price.co2_eur_per_t": _scenario("EUR/t", 0, 1000, "carbon price added to fossil heat", default=0.0),
    "grid.co2_factor": _scenario("factor", 0, 3, "scales the grid CO₂ factor"),
    # Money
    "finance.discount_rate": ParamSpec("fraction", None, 0, 0.3, "discount rate for NPV", "district finance"),
    "finance.rate_add": _scenario("fraction", -0.05, 0.2, "added to every loan's interest rate", default=0.0),
    "finance.grant_factor": _scenario("factor", 0, 3, "scales every grant"),
    "cost.pv_eur_per_kwp": ParamSpec("EUR/kWp", 1000.0, 300, 4000, "rooftop PV investment",
                                     data_phrase("Fraunhofer ISE LCOE study 2024: EUR 900-1,600/kWp for rooftop PV up to 30 kWp; "
                                                 "larger multi-family roofs at the low end"),
                                     references=("fraunhofer-ise-lcoe-2024",), plausible=(800.0, 1600.0)),
    "cost.bipv_eur_per_kwp": _assume("EUR/kWp", 2500.0, 500, 8000, "façade PV investment", (1500.0, 4000.0), "BIPV costs about twice rooftop PV per kWp"),
    "cost.battery_eur_per_kwh": _assume("EUR/kWh", 550.0, 100, 2000, "battery investment", (400.0, 1000.0), "installed home and community storage"),
    "cost.thermal_storage_eur_per_kwh": _assume("EUR/kWh", 40.0, 1, 500, "heat storage investment", (20.0, 100.0), "large hot-water stores"),
    "cost.solar_thermal_eur_per_m2": _assume("EUR/m²", 700.0, 100, 3000, "solar-thermal investment", (400.0, 1000.0), "installed collector field on multi-family roofs"),
    "cost.retrofit_eur_per_m2": _assume("EUR/m²", 350.0, 20, 2000, "retrofit investment per m² retrofitted", (200.0, 700.0), "envelope retrofit of post-war housing"),
    "cost.heat_pump_air_eur_per_mwh": _assume("EUR/(MWh/yr)", 600.0, 50, 5000, "air heat pump investment per MWh of annual heat", (400.0, 1000.0),
                                              "EUR 1,200/kW at 2,000 full-load hours"),
    "cost.heat_pump_ground_eur_per_mwh": _assume("EUR/(MWh/yr)", 1000.0, 50, 8000, "ground heat pump investment per MWh of annual heat", (700.0, 1600.0),
                                                 "air heat pump plus boreholes"),
    "cost.dh_connection_eur_per_mwh": _assume("EUR/(MWh/yr)", 300.0, 10, 5000, "district-heating connection per MWh of annual heat", (150.0, 600.0),
                                              "substation and service pipe per building"),
    "cost.smart_meter_eur": _assume("EUR", 200.0, 20, 2000, "smart meter per dwelling installed", (100.0, 400.0), "meter, gateway and installation"),
    "cost.charger_eur": _assume("EUR", 1500.0, 100, 20000, "smart or bidirectional charge point per EV", (800.0, 3000.0), data_phrase("11 kW wallbox installed")),
    "cost.shared_car_eur": _assume("EUR", 35000.0, 5000, 100000, "shared electric car", (25000.0, 50000.0), data_phrase("compact battery-electric car")),
    "capex.factor": _scenario("factor", 0.3, 3, "scales every investment (construction prices)"),
    "capex.extra_eur": _card("EUR", 0, 1e9, "one-off costs of platforms, studies, set-up"),
    "opex.extra_eur": _card("EUR/yr", 0, 1e8, "running costs of platforms, staff, management, borne by the coordinator"),
    "opex.aggregator_eur": _card("EUR/yr", 0, 1e8, "running costs of an aggregator's platform, paid from its share of flexibility revenue"),
    # Modernisation levy on let flats (game_rules/modernisation.py): the law's rates are rules in force
    "modernisation.maintenance_share": _assume("fraction", 0.2, 0, 0.9, "share of a retrofit's cost that due maintenance would have cost",
                                               (0.0, 0.4), "§ 559 (2) BGB asks for an estimate case by case, "
                                               "windows and roofs of post-war housing near the end of their life"),
    "modernisation.rent_eur_per_m2_month": _assume("EUR/m² per month", 8.0, 0, 50, "net rent of the let flats before the modernisation",
                                                   (6.0, 12.0), "municipal housing in large German cities, below 7 EUR/m² "
                                                   "the levy cap is 2 EUR/m² a month instead of 3 (§ 559 (3a) BGB)"),
    # Regulation: the law in force on the assessment date (game_rules/regulation.py), not assumptions
    "regulation.perimeter_limit_km": ParamSpec("km", None, 0, 100, "collective self-consumption perimeter (FR)",
                                               "rules in force: arrêté of 21 Nov 2019 as amended (2 km; 10/20 km by derogation)"),
    "regulation.power_cap_kw": ParamSpec("kW", None, 0, 1e6, "collective self-consumption power cap (FR)",
                                         "rules in force: 3 MW until 5 Mar 2025, 5 MW since (10 MW for public-body projects)"),
    "regulation.acc_excise_site_cap_kw": ParamSpec("kW", None, 0, 1e6, "production sites of an ACC below this power [kW] give its shared kWh the zero excise rate (FR; 0: no zero rate)",
                                                  "rules in force: CIBS L312-79 and L312-87 as amended by loi n° 2025-127, art. 75 (1 MW)"),
    "regulation.mieterstrom_cap": ParamSpec("fraction", None, 0, 1.5, "Mieterstrom price cap / default tariff (DE)", "rules in force: § 42a EnWG, 90 %"),
    "regulation.energy_sharing": ParamSpec("flag", None, 0, 1, "1 when energy sharing over the public grid is allowed",
                                           "rules in force: § 42c EnWG from 1 June 2026 (DE)"),
    "regulation.p2p_allowed": ParamSpec("flag", None, 0, 1, "1 when peer-to-peer trading between households is allowed",
                                        "rules in force: no regime in data/regulation allows it (pilots only)"),
}


#: Bounds [low, high] of the lifecycle assumptions (their plausible ranges are in assets.yaml).
_LIFECYCLE_BOUNDS: dict[str, tuple[float, float]] = {
    "lifecycle.horizon_years": (1, 60), "lifecycle.energy_escalation": (-0.1, 0.2),
    "lifecycle.om_escalation": (-0.1, 0.2), "lifecycle.pv_degradation": (0, 0.05), "lifecycle.om_factor": (0, 5),
    "lifecycle.asset_lifetimes": (-1, 1), "lifecycle.residual_value": (0, 1),
}


def _lifecycle_specs() -> dict[str, ParamSpec]:
    """The lifecycle finance's assumptions (``game_rules.cashflow.LIFECYCLE_PARAMS``: horizon,
    escalation, PV degradation, O&M level) as parameters, so that facilitator overrides and the
    sensitivity run reach them like every other assumption."""
    from game_rules.cashflow import LIFECYCLE_PARAMS, lifecycle_assumptions

    out: dict[str, ParamSpec] = {}
    for name, item in lifecycle_assumptions().items():
        unit, doc = LIFECYCLE_PARAMS[name]
        low, high = _LIFECYCLE_BOUNDS[name]
        out[name] = ParamSpec(unit, float(item.value), low, high, doc, item.source() or "lifecycle data (assets.yaml)",
                              references=tuple(item.references), plausible=item.assumption)
    return out


VOCABULARY.update(_lifecycle_specs())

#: Rule-in-force keys behind the ``regulation.*`` defaults (and the FR/DE fallbacks when a
#: regime has no such rule: the value that leaves the model unconstrained or not allowed).
_RULE_DEFAULTS: dict[str, tuple[str, float]] = {
    "regulation.power_cap_kw": ("acc.power_cap_kw", 1e6),
    "regulation.mieterstrom_cap": ("mieterstrom.price_cap", 1.5),
    "regulation.energy_sharing": ("energy_sharing", 0.0),
    "regulation.p2p_allowed": ("p2p_trading", 0.0),
    "regulation.acc_excise_site_cap_kw": ("acc.excise_zero_rate.site_kw", 0.0),
    "tariff.direct_marketing_above_kw": ("feed_in.direct_marketing_above_kw", 0.0),
}


def _district_default(name: str, district: District) -> float:
    tariffs = district.tariffs
    values = {
        "pv.roof_use": min(1.0, district.existing.pv_kwp / max(district.roof_area_m2 * 0.18, 1e-9)),
        "ev.share": district.mobility.ev_share,
        "tariff.electricity": tariffs.electricity_eur_per_kwh,
        "tariff.feed_in": tariffs.feed_in_eur_per_kwh,
        "tariff.gas": tariffs.gas_eur_per_kwh,
        "tariff.heat": tariffs.district_heat_eur_per_kwh,
        "tariff.grid_fee": tariffs.grid_fee_eur_per_kwh,
        "tariff.surcharge": tariffs.mieterstrom_surcharge_eur_per_kwh,
        "finance.discount_rate": district.finance.discount_rate,
    }
    return values[name]


def _rule_default(name: str, district: District, rules: RuleSet) -> tuple[float, str] | None:
    """The default of ``name`` from the rules in force, with the rule key; None when the district
    value stands (e.g. no Mieterstromzuschlag outside Germany)."""
    if name == "regulation.perimeter_limit_km":
        settlement = getattr(district.regulation, "settlement", "urban")
        key = f"acc.perimeter_km.{settlement}"
        rule = rules.get(key) or rules.get("acc.perimeter_km.urban")
        return (rule.value_at(rules.as_of), rule.key) if rule else (100.0, key)
    if name == "regulation.power_cap_kw" and getattr(district.regulation, "public_body_project", False):
        rule = rules.get("acc.power_cap_kw.public_bodies")
        if rule is not None:
            return rule.value_at(rules.as_of), rule.key
    if name in _RULE_DEFAULTS:
        key, fallback = _RULE_DEFAULTS[name]
        rule = rules.get(key)
        return (rule.value_at(rules.as_of), rule.key) if rule else (fallback, key)
    if name == "tariff.local_ratio":
        # The Mieterstrom cap is the local price a German scheme may charge at most (§ 42a EnWG).
        rule = rules.get("mieterstrom.price_cap")
        return (rule.value_at(rules.as_of), rule.key) if rule else None
    if name == "tariff.surcharge":
        rule = rules.get("mieterstrom.surcharge")
        # Multi-family roofs: the band up to 1 MW per building (§ 48a Nr. 3 EEG 2023).
        return (rule.value_at(rules.as_of, kw=1000), rule.key) if rule else None
    return None


@dataclass(frozen=True)
class Params:
    """Parameter values and, for each, the cards (or district) that set it."""

    values: Mapping[str, float]
    origin: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    regime: str | None = None
    """The district's regulation regime (FR, DE, EU): a change of national schemes
    (``ParameterChange.regimes``) applies only under theirs; None applies every change."""

    def __getitem__(self, name: str) -> float:
        return self.values[name]

    def applies(self, change: ParameterChange) -> bool:
        """Whether ``change`` applies here: no national scheme, or this regime's own."""
        return not change.regimes or self.regime is None or self.regime in change.regimes

    def apply(self, changes: Iterable[tuple[str, ParameterChange]]) -> Params:
        """Apply ``(card_id, change)`` pairs in order (a national scheme's change only in its own
        regime, :meth:`applies`); values are clamped to the spec's bounds."""
        values = dict(self.values)
        origin = {k: tuple(v) for k, v in self.origin.items()}
        for card_id, change in changes:
            if not self.applies(change):
                continue
            spec = spec_of(change.param)
            old = values[change.param]
            new = {Op.SET: change.value, Op.ADD: old + change.value, Op.MUL: old * change.value}[change.op]
            values[change.param] = min(spec.high, max(spec.low, new))
            origin[change.param] = (*origin.get(change.param, ()), card_id)
        return Params(values, origin, self.regime)

    def key(self, names: Iterable[str]) -> tuple[float, ...]:
        """A hashable key over ``names`` (used to reuse energy runs between scenarios)."""
        return tuple(round(self.values[name], 9) for name in names)


def spec_of(name: str) -> ParamSpec:
    """The spec of parameter ``name`` or a ``ValueError`` listing the known families."""
    try:
        return VOCABULARY[name]
    except KeyError:
        families = sorted({key.split(".")[0] for key in VOCABULARY})
        raise ValueError(f"unknown parameter {name!r}; expected one of {families} (see docs/rules.md)") from None


#: The vocabulary's rule flags (1: the rule is in force) and the rule each one stands for.
RULE_FLAGS: dict[str, str] = {name: key for name, (key, fallback) in _RULE_DEFAULTS.items()
                              if name.startswith("regulation.") and fallback == 0.0}


def enacted_rules(params: Params, regime: str, as_of: date) -> tuple[str, ...]:
    """The rule keys whose flag (:data:`RULE_FLAGS`) ``params`` turn on although no version of the
    rule applies under ``regime`` on ``as_of``: a world that puts the law in force before its
    day (scenario SCN-06, "what if § 42c EnWG comes in"), for
    :func:`~game_rules.regulation.rules_in_force`'s ``enacted``."""
    rules = rules_in_force(regime, as_of)
    return tuple(key for name, key in RULE_FLAGS.items() if params[name] >= 0.5 and rules.get(key) is None)


def base_params(district: District, as_of: date | None = None) -> Params:
    """Every parameter at its default for ``district`` on ``as_of`` (default: today).

    Origins: ``default`` (vocabulary), ``district:<id>`` (district file) or ``rule:<key>``
    (a rule in force, :func:`game_rules.regulation.rules_in_force`).
    """
    rules = rules_in_force(district.regime, as_of or date.today())
    values: dict[str, float] = {}
    origin: dict[str, tuple[str, ...]] = {}
    for name, spec in VOCABULARY.items():
        from_rule = _rule_default(name, district, rules)
        if from_rule is not None:
            values[name], key = from_rule
            origin[name] = (f"rule:{key}",)
        elif spec.default is None:
            values[name] = _district_default(name, district)
            origin[name] = (f"district:{district.id}",)
        else:
            values[name] = spec.default
            origin[name] = ("default",)
    return Params(values, origin, district.regime)


#: The district section each district-read parameter default comes from (its ``references``).
_DISTRICT_SECTIONS: dict[str, str] = {
    "pv.roof_use": "existing", "ev.share": "mobility", "finance.discount_rate": "finance",
    **{f"tariff.{name}": "tariffs" for name in ("electricity", "feed_in", "gas", "heat", "grid_fee", "surcharge")},
}


#: The district field each district-read parameter default comes from: (section, field), so that
#: the range the district file states for it (``<section>.assumptions.<field>``) is found.
def _rule_references(key: str, regime: str) -> tuple[str, ...]:
    """The bibliography ids of every shipped version of rule ``key`` under ``regime`` and the EU."""
    regimes = dict.fromkeys((regime, "EU"))
    return tuple(dict.fromkeys(ref for r in regimes for rule in all_rules(r) if rule.key == key for ref in rule.references))


def parameter_references(name: str, district: District, params: Params | None = None,
                         cards: Iterable[Card] = ()) -> tuple[str, ...]:
    """The bibliography ids behind parameter ``name``'s value: the spec's own, the district
    section (``district:<id>`` origin) or the rule in force (``rule:<key>``) it is read from, and
    the ``ref:<id>`` tokens in the sources of the ``cards`` that changed it. Empty for a
    neutral default or an assumption (see :func:`assumptions`)."""
    spec = spec_of(name)
    origins = params.origin.get(name, ()) if params is not None else ()
    # A vocabulary default's own sources count only where they fit the district's country: a
    # German cost survey does not source a value in Lyon (there it is a stand-in assumption,
    # :func:`assumption_of`).
    refs: list[str] = list(fitting(spec.references, district.country))
    from_district = any(o.startswith("district:") for o in origins) or (not origins and spec.default is None)
    if from_district and name in _DISTRICT_SECTIONS:
        section = getattr(district, _DISTRICT_SECTIONS[name])
        # A field the district lists as an assumption rests on no source of its section (the
        # section's references back its other values: Munich's BDEW electricity prices do not
        # source its district-heat price).
        field_name = DISTRICT_FIELDS[name][1] if name in DISTRICT_FIELDS else ""
        if field_name not in section.assumptions:
            refs += getattr(section, "references", ())
    for origin in origins:
        if origin.startswith("rule:"):
            refs += _rule_references(origin.removeprefix("rule:"), district.regime)
    for card in cards:
        if card.id in origins:
            # A card's law backs its value only in that law's country (§ 42a EnWG's cap is not Lyon's).
            refs += fitting((ref for change in card.effects.parameters if change.param == name
                             for ref in cited_in(change.source)), district.country)
    return tuple(dict.fromkeys(refs))


#: The district field each district-read parameter default is (section, field).
DISTRICT_FIELDS: dict[str, tuple[str, str]] = {
    "ev.share": ("mobility", "ev_share"), "finance.discount_rate": ("finance", "discount_rate"),
    "tariff.electricity": ("tariffs", "electricity_eur_per_kwh"), "tariff.feed_in": ("tariffs", "feed_in_eur_per_kwh"),
    "tariff.gas": ("tariffs", "gas_eur_per_kwh"), "tariff.heat": ("tariffs", "district_heat_eur_per_kwh"),
    "tariff.grid_fee": ("tariffs", "grid_fee_eur_per_kwh"), "tariff.surcharge": ("tariffs", "mieterstrom_surcharge_eur_per_kwh"),
}


@dataclass(frozen=True)
class AssumedValue:
    """Why a parameter's base value in a district is an assumption: its plausible range
    [low, high] (in the parameter's unit), the phrase that says so, and who set it
    (``default`` or ``district:<id>``)."""

    low: float
    high: float
    reason: str
    set_by: str


def assumption_of(name: str, district: District, params: Params) -> AssumedValue | None:
    """Whether parameter ``name``'s base value in ``district`` is an assumption, and its range.

    * read from the district (``district:<id>`` origin) and listed in that section's
      ``assumptions``: the district's range and its own phrase for that field;
    * a vocabulary default without a published source (``ParamSpec.assumption``);
    * a vocabulary default whose only sources describe another country (a *stand-in*, e.g. a
      German cost survey in Lyon): the spec's plausible range, and the phrase says so;
    * None for a sourced value, a rule in force or a neutral default. Values a card sets are the
      tornado's and :func:`assumptions`' own case (their ``assumption [low-high]``).
    """
    spec = spec_of(name)
    origins = params.origin.get(name, ("default",))
    if any(o.startswith("district:") for o in origins) and name in DISTRICT_FIELDS:
        section_name, field_name = DISTRICT_FIELDS[name]
        section = getattr(district, section_name)
        if field_name in section.assumptions:
            low, high = section.assumptions[field_name]
            return AssumedValue(low, high, section.note(field_name), f"district:{district.id}")
        return None
    if origins != ("default",) or spec.plausible is None:
        return None
    if spec.assumption:
        return AssumedValue(*spec.plausible, spec.source, "default")
    if spec.references and not fitting(spec.references, district.country):
        low, high = spec.plausible
        return AssumedValue(low, high, stand_in_phrase(spec.source, district.country, low, high), "default")
    return None


def stand_in_phrase(source: str, country: str, low: float, high: float) -> str:
    """The phrase for a foreign figure standing in for a missing local one, with its range."""
    return data_phrase(f"stand-in assumption [{low:g}-{high:g}]: {source}") + "; " + data_phrase(
        f"no {country} source in the bibliography, so the foreign figure is used with a plausible range")


def validate_overrides(overrides: Mapping[str, object]) -> dict[str, float]:
    """A facilitator's per-workshop values, checked: ``{name: value}`` with known names and
    finite numbers inside each parameter's bounds.

    Raises ``ValueError`` naming the parameter, its unit and allowed range (or the known
    families for an unknown name).
    """
    checked: dict[str, float] = {}
    for name, raw in overrides.items():
        spec = spec_of(name)
        allowed = f"{spec.low:g} to {spec.high:g} {spec.unit}"
        if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
            raise ValueError(f"override {name}: expected a number in {allowed}, got {raw!r}")
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"override {name}: expected a number in {allowed}, got {raw!r}") from None
        if not math.isfinite(value) or not spec.low <= value <= spec.high:
            raise ValueError(f"override {name} = {raw}: outside the allowed range {allowed} ({spec.doc})")
        checked[name] = value
    return checked


def assumptions(district: District, params: Params, cards: Iterable[Card] = ()) -> tuple[Assumption, ...]:
    """Every value an assessment uses without a published source, with its plausible range:
    parameter defaults marked as assumptions (unchanged by cards), card changes whose source says
    ``assumption [low-high]``, and the district's ``assumptions`` (section field -> range)."""
    out: list[Assumption] = []
    for card in cards:
        for change in card.effects.parameters:
            span = assumption_range(change.source)
            if span is not None and params.applies(change):
                # A change by a factor states its range as factors, whatever the parameter's unit.
                unit = "factor" if change.op is Op.MUL else spec_of(change.param).unit
                out.append(Assumption(parameter=change.param, value=change.value, unit=unit,
                                      low=span[0], high=span[1], set_by=card.id,
                                      reason=f"{change.op.value} {change.value:g}: {change.source}"))
    for name, spec in VOCABULARY.items():
        assumed = assumption_of(name, district, params)
        if assumed is not None and assumed.set_by == "default":
            out.append(Assumption(parameter=name, value=params[name], unit=spec.unit, low=assumed.low,
                                  high=assumed.high, set_by="default", reason=assumed.reason))
    sections: list[tuple[str, SourcedSection]] = [(name, getattr(district, name)) for name in (
        "location", "climate", "existing", "tariffs", "emissions", "primary_energy", "regulation", "finance", "mobility")]
    sections += [(f"buildings.{group.id}", group) for group in district.buildings]
    for section_name, section in sections:
        for field_name, (low, high) in getattr(section, "assumptions", {}).items():
            raw = getattr(section, field_name)
            value = float(sum(raw)) if isinstance(raw, tuple) else float(raw)
            out.append(Assumption(parameter=f"district.{section_name}.{field_name}", value=value,
                                  unit=district_unit(field_name), low=low, high=high,
                                  set_by=f"district:{district.id}", reason=section.note(field_name)))
    return tuple(out)
