"""Annual KPIs of one energy run: each defined here once, with its formula (docs/kpis.md).

Symbols (annual sums, kWh/yr): G local PV generation, L electric load (appliances, heat pumps,
EVs), I grid import, X grid export, C curtailed PV, Q heat demand, S solar heat, A ambient heat
of heat pumps (heat delivered - their electricity), F fossil heat, D district heat, r_dh the
renewable and recovered share of district heat (district file, ``primary_energy``).

* self-sufficiency = 1 - I / L
* self-consumption = 1 - (X + C) / G
* local renewable share = (G - X - C + S + A + r_dh x D) / (L + F + D + S + A)
  (renewable heat counts: solar, ambient heat and the renewable share of district heat; grid
  electricity counts as non-local)
* primary-energy balance = f_export x X - f_grid x I - f_gas x F - f_dh x k_dh x D  [MWh_PE/yr]
  (> 0 means a positive energy district, JPI Urban Europe definition in primary energy)
* CO₂ = (I x e_grid x k_grid + F x e_gas + D x e_dh x k_dh) / 10⁶  [t/yr]
* energy cost = I x p_el + F x (p_gas + p_CO₂ x e_gas / 10⁶) + D x p_heat - X x p_feed-in  [EUR/yr]

Units: each KPI has one unit in every output (:data:`KPI_UNITS`); shares stay fractions [0-1]
in JSON and are formatted as percentages only for display. Emission factors use one scope per
district (``emissions.scope``: ``direct`` CO₂ at combustion and generation for both shipped
districts) and state their year; prices state their basis (``tariffs.electricity_basis``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from catalogs.data_phrases import data_phrase
from game_rules.district_loading import CacheKey, cache_key
from game_rules.districts import District
from game_rules.energy import ENERGY_PARAMS, EnergyResult, energy_run
from game_rules.params import Params
from game_rules.references import fitting, foreign


@dataclass(frozen=True)
class Annual:
    """Annual figures of one run, in the units named."""

    pv_kwh: float
    load_kwh: float
    import_kwh: float
    export_kwh: float
    curtailed_kwh: float
    heat_kwh: float
    solar_heat_kwh: float
    ambient_kwh: float
    gas_kwh: float
    dh_kwh: float
    hp_kwh: float
    ev_kwh: float
    shifted_kwh: float
    battery_out_kwh: float
    peak_import_kw: float
    peak_export_kw: float
    kwp: float
    self_sufficiency: float
    self_consumption: float
    renewable_share: float
    pe_balance_mwh: float
    co2_t: float
    energy_cost_eur: float
    pv_yield: float


def annual(energy: EnergyResult, district: District, params: Params) -> Annual:
    """The KPI formulas of the module doc applied to one run."""
    g, load = energy.total("pv"), energy.total("load")
    imp, exp, cur = energy.total("grid_import"), energy.total("grid_export"), energy.total("curtailed")
    hp = energy.total("heat_pump_el")
    gas, dh, solar = energy.total("gas"), energy.total("district_heat"), energy.total("solar_heat")
    hp_heat = energy.total("heat_demand") - gas - dh - solar
    ambient = max(hp_heat - hp, 0.0)
    pe, em, k_dh = district.primary_energy, district.emissions, params["district_heating.pe_factor"]
    balance = (pe.export * exp - pe.grid * imp - pe.gas * gas - pe.district_heat * k_dh * dh) / 1000
    co2 = (imp * em.grid_g_per_kwh * params["grid.co2_factor"] + gas * em.gas_g_per_kwh
           + dh * em.district_heat_g_per_kwh * k_dh) / 1e6
    gas_price = params["tariff.gas"] + params["price.co2_eur_per_t"] * em.gas_g_per_kwh / 1e6
    cost = imp * params["tariff.electricity"] + gas * gas_price + dh * params["tariff.heat"] - exp * params["tariff.feed_in"]
    final = load + gas + dh + solar + ambient
    renewable_heat = solar + ambient + dh * district.primary_energy.district_heat_renewable_share
    kwp = energy.kwp + energy.bipv_kwp
    return Annual(
        pv_kwh=g, load_kwh=load, import_kwh=imp, export_kwh=exp, curtailed_kwh=cur,
        heat_kwh=energy.total("heat_demand"), solar_heat_kwh=solar, ambient_kwh=ambient,
        gas_kwh=gas, dh_kwh=dh, hp_kwh=hp, ev_kwh=energy.total("ev"),
        shifted_kwh=energy.total("shifted"), battery_out_kwh=energy.total("battery_out"),
        peak_import_kw=float(energy.grid_import.max()), peak_export_kw=float(energy.grid_export.max()),
        kwp=kwp,
        self_sufficiency=1 - imp / load if load > 0 else 0.0,
        self_consumption=1 - (exp + cur) / g if g > 0 else 0.0,
        renewable_share=(g - exp - cur + renewable_heat) / final if final > 0 else 0.0,
        pe_balance_mwh=balance, co2_t=co2, energy_cost_eur=cost,
        pv_yield=g / kwp if kwp > 0 else 0.0,
    )


#: The parameters :func:`annual` reads besides the energy run's (factors, prices).
ANNUAL_PARAMS: tuple[str, ...] = (
    "district_heating.pe_factor", "grid.co2_factor", "tariff.gas", "price.co2_eur_per_t",
    "tariff.electricity", "tariff.heat", "tariff.feed_in",
)


@lru_cache(maxsize=512)
def _annual_run(key: CacheKey, energy_key: tuple[float, ...], values: tuple[float, ...]) -> Annual:
    params = Params(dict(zip(ENERGY_PARAMS, energy_key, strict=True)) | dict(zip(ANNUAL_PARAMS, values, strict=True)))
    return annual(energy_run(key.district, params), key.district, params)


def annual_run(district: District, params: Params) -> Annual:
    """:func:`annual` of the hourly run at ``params`` (:func:`game_rules.energy.energy_run`).

    Memoised on what it reads: the district, the energy run's key and the exact values of
    :data:`ANNUAL_PARAMS` (bounded), so a reference ("today, without the project") shared by
    the tables of one district, world and date, and by the sensitivity bars that leave it
    alone, is summed once. Pure: the same inputs give the same (frozen) result.
    """
    return _annual_run(cache_key(district), params.key(ENERGY_PARAMS), tuple(params[name] for name in ANNUAL_PARAMS))


#: The one unit of each KPI in every output (assess --json, report JSON, CSV, PDF, screens).
KPI_UNITS: dict[str, str] = {
    "pv_yield": "kWh/kWp",
    "pv_generation": "MWh/yr",
    "electricity_demand": "MWh/yr",
    "heat_demand": "MWh/yr",
    "self_sufficiency": "fraction",
    "self_consumption": "fraction",
    "self_sufficiency_legal": "fraction",
    "self_consumption_legal": "fraction",
    "renewable_share": "fraction",
    "pe_balance": "MWh_PE/yr",
    "co2": "t/yr",
    "co2_reduction": "fraction",
    "peak_import": "kW",
    "peak_export": "kW",
    "energy_cost": "EUR/yr",
    "capex": "EUR",
    "financing_gap": "EUR",
    "worst_stakeholder": "EUR/yr",
    "governance_fit": "points",
    "risk_score": "points",
}

#: District sections whose data and sources a KPI uses.
_KPI_SECTIONS: dict[str, tuple[str, ...]] = {
    "pv_yield": ("climate",),
    "pv_generation": ("climate", "existing"),
    "electricity_demand": ("buildings", "mobility"),
    "heat_demand": ("buildings",),
    "self_sufficiency": ("climate", "buildings"),
    "self_consumption": ("climate", "buildings"),
    "renewable_share": ("climate", "buildings", "primary_energy"),
    "pe_balance": ("primary_energy",),
    "co2": ("emissions",),
    "co2_reduction": ("emissions",),
    "peak_import": ("buildings",),
    "peak_export": ("regulation",),
    "energy_cost": ("tariffs",),
}


#: Published methods behind each part of the hourly energy model (bibliography ids):
#: load shapes (VDEW/BDEW standard load profiles, game_rules.profiles), PV yield (pvlib with
#: the PVWatts model, game_rules.weather), heat-pump performance (Fraunhofer ISE field tests,
#: game_rules.profiles.cop) and specific heat demand by building type and age (TABULA).
MODEL_METHODS: dict[str, tuple[str, ...]] = {
    "profiles": ("vdew-lastprofile-1999", "vdew-lastprofile-step-by-step-2000"),
    "pv": ("pvlib-python", "dobos-pvwatts-2014"),
    "heat_pumps": ("fraunhofer-ise-wp-feldtest",),
    "typologies": ("tabula-episcope-webtool",),
}

#: The model parts each KPI runs through (keys of :data:`MODEL_METHODS`).
_KPI_METHODS: dict[str, tuple[str, ...]] = {
    "pv_yield": ("pv",),
    "pv_generation": ("pv",),
    "electricity_demand": ("profiles", "heat_pumps"),
    "heat_demand": ("typologies",),
    "self_sufficiency": ("pv", "profiles"),
    "self_consumption": ("pv", "profiles"),
    "renewable_share": ("pv", "profiles", "heat_pumps"),
    "pe_balance": ("pv", "profiles"),
    "co2": ("pv", "profiles"),
    "co2_reduction": ("pv", "profiles"),
    "peak_import": ("profiles", "pv"),
    "peak_export": ("pv", "profiles"),
    "energy_cost": ("pv", "profiles"),
}


#: Why a model part whose only sources describe another country still runs there, and the range
#: its stand-in is taken to be off by (factor on what the part shapes), by part.
STAND_INS: dict[str, tuple[str, float, float]] = {
    "profiles": (data_phrase("the German standard load profiles (VDEW H0 dynamised, G0-G6, BDEW heat profiles via demandlib) "
                             "shape the hours of the district's own annual demand, as no local profile ships with the model "
                             "(for France: Enedis's published RES and PRO profiles)"), 0.9, 1.1),
}


def model_references(district: District | None = None) -> tuple[str, ...]:
    """Every method reference of the hourly energy model (:data:`MODEL_METHODS`), each once; with
    a ``district``, only those that fit its country (a national method elsewhere is a stand-in,
    :func:`stand_in_methods`)."""
    refs = tuple(dict.fromkeys(ref for refs in MODEL_METHODS.values() for ref in refs))
    return refs if district is None else fitting(refs, district.country)


def stand_in_methods(district: District) -> dict[str, tuple[str, float, float]]:
    """The model parts whose published method describes another country than ``district``'s:
    part -> (the phrase saying what stands in and why, low, high of the factor it may be off by).
    Raises ``ValueError`` for a part with foreign sources and no entry in :data:`STAND_INS`."""
    out: dict[str, tuple[str, float, float]] = {}
    for part, refs in MODEL_METHODS.items():
        if refs and not fitting(refs, district.country):
            if part not in STAND_INS:
                raise ValueError(f"model part {part!r} rests on foreign sources {foreign(refs, district.country)} "
                                 f"in {district.country}; expected a stand-in entry in kpis.STAND_INS")
            why, low, high = STAND_INS[part]
            out[part] = (data_phrase(f"stand-in assumption [{low:g}-{high:g}]: {why}"), low, high)
    return out


def section_references(district: District, *sections: str) -> tuple[str, ...]:
    """The ``references`` of the named district sections (a tuple section such as ``buildings``
    contributes every group's), each once, in order."""
    ids: dict[str, None] = {}
    for section in sections:
        value = getattr(district, section)
        for part in value if isinstance(value, tuple) else (value,):
            for ref_id in getattr(part, "references", ()):
                ids.setdefault(ref_id, None)
    return tuple(ids)


def kpi_references(key: str, district: District) -> tuple[str, ...]:
    """Bibliography ids behind KPI ``key`` in ``district``: the ``references`` of the district
    sections its inputs come from, then the methods of the model parts it runs through
    (:data:`MODEL_METHODS`); empty for KPIs computed from cards only."""
    methods = fitting((ref for part in _KPI_METHODS.get(key, ()) for ref in MODEL_METHODS[part]), district.country)
    return tuple(dict.fromkeys((*section_references(district, *_KPI_SECTIONS.get(key, ())), *methods)))


def kpi_basis(key: str, district: District) -> str:
    """A short phrase stating the scope or basis of KPI ``key`` (emission scope and year, price
    basis), empty when nothing needs saying."""
    if key in ("co2", "co2_reduction"):
        em = district.emissions
        year = f", factors of {em.year}" if em.year else ""
        scope = "direct CO₂ at combustion and generation" if em.scope == "direct" else "life-cycle CO₂ incl. upstream chains"
        return f"{scope}{year}"
    if key == "energy_cost":
        basis = district.tariffs.electricity_basis
        return ("electricity at the energy price per kWh (standing charge excluded)" if basis == "energy_price"
                else "electricity at the average price incl. the standing charge")
    if key == "renewable_share":
        share = district.primary_energy.district_heat_renewable_share
        return f"solar, ambient and {share:.0%} renewable district heat count as renewable"
    return ""
