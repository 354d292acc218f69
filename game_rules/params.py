"""The parameter vocabulary: every number a card or scenario may change, with its default.

Cards name parameters by dotted names (``pv.roof_use``) in their ``effects.parameters`` and
``effects.scenario`` blocks; this module is the single list of those names, their units, their
defaults and where each default comes from. A card naming an unknown parameter is refused when the
deck is checked against the engine (``tests/game_rules/test_deck_effects.py``).
Defaults that depend on the district (tariffs, EV share, existing PV) are read from it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from cards.effects import Op, ParameterChange
from game_rules.districts import District


@dataclass(frozen=True)
class ParamSpec:
    """One parameter: unit, default (None = from the district), bounds and source."""

    unit: str
    default: float | None
    low: float
    high: float
    doc: str
    source: str


_U = "unverified, facilitator may override"

VOCABULARY: dict[str, ParamSpec] = {
    # Energy supply
    "pv.roof_use": ParamSpec("fraction", None, 0, 1, "share of usable roof area covered with PV", "district: existing PV / roof potential"),
    "pv.kwp_per_m2": ParamSpec("kWp/m²", 0.18, 0.05, 0.25, "PV density on usable roof area", f"about 5.5 m² per kWp incl. spacing ({_U})"),
    "pv.kwp_extra": ParamSpec("kWp", 0.0, 0, 1e6, "PV outside the roofs (carports, ground)", "card"),
    "pv.yield_factor": ParamSpec("factor", 1.0, 0.3, 1.5, "actual / expected PV yield", "scenario: technology performance"),
    "bipv.kwp": ParamSpec("kWp", 0.0, 0, 1e6, "façade PV (BIPV), south-facing", "card"),
    "solar_thermal.m2": ParamSpec("m²", 0.0, 0, 1e6, "solar-thermal collector area", "card"),
    # Heat
    "retrofit.share": ParamSpec("fraction", 0.0, 0, 1, "share of floor area in class D or worse that is retrofitted", "card"),
    "retrofit.saving": ParamSpec("fraction", 0.0, 0, 0.9, "heat saved in retrofitted floor area", "card"),
    "heat_pump.air_share": ParamSpec("fraction", 0.0, 0, 1, "share of fossil-heated demand moved to air-source heat pumps", "card"),
    "heat_pump.ground_share": ParamSpec("fraction", 0.0, 0, 1, "share of fossil-heated demand moved to ground-source heat pumps", "card"),
    "district_heating.connect_share": ParamSpec("fraction", 0.0, 0, 1, "share of fossil-heated demand connected to district heating", "card"),
    "district_heating.pe_factor": ParamSpec("factor", 1.0, 0, 2, "scales the district-heat primary-energy and CO₂ factors", "card or scenario"),
    "thermal_storage.kwh": ParamSpec("kWh", 0.0, 0, 1e7, "heat storage charged by heat pumps from PV surplus", "card"),
    # Electricity
    "battery.kwh": ParamSpec("kWh", 0.0, 0, 1e7, "stationary battery nominal capacity (90 % usable, game_rules/dispatch.py)", "card"),
    "battery.c_rate": ParamSpec("1/h", 0.5, 0.1, 2, "battery power per kWh of nominal capacity", f"typical home and community batteries ({_U})"),
    "battery.efficiency": ParamSpec("fraction", 0.9, 0.5, 1, "battery round-trip efficiency, AC to AC incl. inverter", "HTW Berlin Stromspeicher-Inspektion 2025: ≈ 95 % charging × 95 % discharging"),
    "demand.heat": ParamSpec("factor", 1.0, 0.3, 2, "scales heat demand (e.g. a cold winter)", "scenario"),
    "grid.export_limit": ParamSpec("fraction", 1.0, 0, 1, "export limit as a share of installed PV power; the rest is curtailed", "scenario: grid congestion"),
    "demand.electricity": ParamSpec("factor", 1.0, 0.3, 2, "scales appliance electricity demand", "card or scenario"),
    "flex.shift_share": ParamSpec("fraction", 0.0, 0, 0.5, "share of household demand shifted into solar hours of the same day", "card"),
    "smart_meters.share": ParamSpec("fraction", 0.0, 0, 1, "share of dwellings with smart meters", "card"),
    "ev.share": ParamSpec("fraction", None, 0, 1, "share of the district's cars that are electric", "district mobility"),
    "ev.smart_share": ParamSpec("fraction", 0.0, 0, 1, "share of EV charging that follows the solar surplus", "card"),
    "ev.v2g_share": ParamSpec("fraction", 0.0, 0, 1, "share of EVs offering vehicle-to-grid storage", "card"),
    "ev.v2g_kwh_per_car": ParamSpec("kWh", 10.0, 0, 60, "battery capacity a V2G car offers, averaged over plug-in time", _U),
    "ev.shared_cars": ParamSpec("cars", 0.0, 0, 1e5, "shared electric cars replacing private cars (eMaaS)", "card"),
    "participation.share": ParamSpec("fraction", 0.5, 0, 1, "share of households taking part in local supply or sharing", f"opt-in tenant schemes ({_U})"),
    # Prices and tariffs
    "tariff.electricity": ParamSpec("EUR/kWh", None, 0, 2, "retail electricity price", "district tariffs"),
    "tariff.feed_in": ParamSpec("EUR/kWh", None, 0, 1, "price for exported PV", "district tariffs"),
    "tariff.gas": ParamSpec("EUR/kWh", None, 0, 1, "gas price", "district tariffs"),
    "tariff.heat": ParamSpec("EUR/kWh", None, 0, 1, "district-heat price", "district tariffs"),
    "tariff.grid_fee": ParamSpec("EUR/kWh", None, 0, 1, "grid fees within the retail price", "district tariffs"),
    "tariff.surcharge": ParamSpec("EUR/kWh", None, 0, 1, "Mieterstrom surcharge paid per local kWh", "district tariffs"),
    "tariff.local_ratio": ParamSpec("fraction", 0.9, 0, 1.5, "local electricity price / retail price", "FACTS: Mieterstrom at most 90 %"),
    "flex.owner_share": ParamSpec("fraction", 0.7, 0, 1, "share of flexibility revenue an aggregator passes on to the asset owner", f"HOW-07: revenue-sharing virtual power plant, 70 % passed on ({_U})"),
    "tariff.flex_eur_per_kwh": ParamSpec("EUR/kWh", 0.05, 0, 1, "value of a shifted or stored kWh on a flexibility market", _U),
    "price.co2_eur_per_t": ParamSpec("EUR/t", 0.0, 0, 1000, "carbon price added to fossil heat", "scenario (e.g. EU ETS2)"),
    "grid.co2_factor": ParamSpec("factor", 1.0, 0, 3, "scales the grid CO₂ factor", "scenario"),
    # Money
    "finance.discount_rate": ParamSpec("fraction", None, 0, 0.3, "discount rate for NPV", "district finance"),
    "finance.rate_add": ParamSpec("fraction", 0.0, -0.05, 0.2, "added to every loan's interest rate", "scenario"),
    "finance.grant_factor": ParamSpec("factor", 1.0, 0, 3, "scales every grant", "scenario"),
    "cost.pv_eur_per_kwp": ParamSpec("EUR/kWp", 1000.0, 300, 4000, "rooftop PV investment", "FACTS: €900-1,600/kWp rooftop; Harthof 1.5 M€/1.8 MWp = 833"),
    "cost.bipv_eur_per_kwp": ParamSpec("EUR/kWp", 2500.0, 500, 8000, "façade PV investment", _U),
    "cost.battery_eur_per_kwh": ParamSpec("EUR/kWh", 550.0, 100, 2000, "battery investment", f"FACTS: unverified ({_U})"),
    "cost.thermal_storage_eur_per_kwh": ParamSpec("EUR/kWh", 40.0, 1, 500, "heat storage investment", _U),
    "cost.solar_thermal_eur_per_m2": ParamSpec("EUR/m²", 700.0, 100, 3000, "solar-thermal investment", _U),
    "cost.retrofit_eur_per_m2": ParamSpec("EUR/m²", 350.0, 20, 2000, "retrofit investment per m² retrofitted", _U),
    "cost.heat_pump_air_eur_per_mwh": ParamSpec("EUR/(MWh/yr)", 600.0, 50, 5000, "air heat pump investment per MWh of annual heat", f"€1,200/kW at 2,000 full-load hours ({_U})"),
    "cost.heat_pump_ground_eur_per_mwh": ParamSpec("EUR/(MWh/yr)", 1000.0, 50, 8000, "ground heat pump investment per MWh of annual heat", _U),
    "cost.dh_connection_eur_per_mwh": ParamSpec("EUR/(MWh/yr)", 300.0, 10, 5000, "district-heating connection per MWh of annual heat", _U),
    "cost.smart_meter_eur": ParamSpec("EUR", 200.0, 20, 2000, "smart meter per dwelling installed", _U),
    "cost.charger_eur": ParamSpec("EUR", 1500.0, 100, 20000, "smart or bidirectional charge point per EV", _U),
    "cost.shared_car_eur": ParamSpec("EUR", 35000.0, 5000, 100000, "shared electric car", _U),
    "capex.factor": ParamSpec("factor", 1.0, 0.3, 3, "scales every investment (construction prices)", "scenario"),
    "capex.extra_eur": ParamSpec("EUR", 0.0, 0, 1e9, "one-off costs of platforms, studies, set-up", "card"),
    "opex.extra_eur": ParamSpec("EUR/yr", 0.0, 0, 1e8, "running costs of platforms, staff, management, borne by the coordinator", "card"),
    "opex.aggregator_eur": ParamSpec("EUR/yr", 0.0, 0, 1e8, "running costs of an aggregator's platform, paid from its share of flexibility revenue", "card"),
    # Regulation
    "regulation.perimeter_limit_km": ParamSpec("km", 2.0, 0, 100, "collective self-consumption perimeter (FR)", "FACTS: 2 km, derogation 10/20 km"),
    "regulation.power_cap_kw": ParamSpec("kW", 5000.0, 0, 1e6, "collective self-consumption power cap (FR)", "FACTS: 3 MW, raised to 5 MW in 2025"),
    "regulation.mieterstrom_cap": ParamSpec("fraction", 0.9, 0, 1.5, "Mieterstrom price cap / default tariff (DE, §42a EnWG)", "FACTS: at most 90 %"),
    "regulation.energy_sharing": ParamSpec("flag", 0.0, 0, 1, "1 when energy sharing over the public grid is allowed (DE §42c from June 2026)", "FACTS"),
    "regulation.p2p_allowed": ParamSpec("flag", 0.0, 0, 1, "1 when peer-to-peer trading between households is allowed", "FACTS: pilots only (+CityxChange)"),
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


@dataclass(frozen=True)
class Params:
    """Parameter values and, for each, the cards (or district) that set it."""

    values: Mapping[str, float]
    origin: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __getitem__(self, name: str) -> float:
        return self.values[name]

    def apply(self, changes: Iterable[tuple[str, ParameterChange]]) -> Params:
        """Apply ``(card_id, change)`` pairs in order; values are clamped to the spec's bounds."""
        values = dict(self.values)
        origin = {k: tuple(v) for k, v in self.origin.items()}
        for card_id, change in changes:
            spec = spec_of(change.param)
            old = values[change.param]
            new = {Op.SET: change.value, Op.ADD: old + change.value, Op.MUL: old * change.value}[change.op]
            values[change.param] = min(spec.high, max(spec.low, new))
            origin[change.param] = (*origin.get(change.param, ()), card_id)
        return Params(values, origin)

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


def base_params(district: District) -> Params:
    """Every parameter at its default for ``district``; origin ``district:<id>`` or ``default``."""
    values: dict[str, float] = {}
    origin: dict[str, tuple[str, ...]] = {}
    for name, spec in VOCABULARY.items():
        if spec.default is None:
            values[name] = _district_default(name, district)
            origin[name] = (f"district:{district.id}",)
        else:
            values[name] = spec.default
            origin[name] = ("default",)
    return Params(values, origin)
