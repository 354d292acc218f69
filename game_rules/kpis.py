"""Annual KPIs of one energy run: each defined here once, with its formula (docs/kpis.md).

Symbols (annual sums, kWh/yr): G local PV generation, L electric load (appliances, heat pumps,
EVs), I grid import, X grid export, C curtailed PV, Q heat demand, S solar heat, A ambient heat
of heat pumps (heat delivered - their electricity), F fossil heat, D district heat.

* self-sufficiency = 1 - I / L
* self-consumption = 1 - (X + C) / G
* local renewable share = (G - X - C + S + A) / (L + F + D + S + A)
* primary-energy balance = f_export x X - f_grid x I - f_gas x F - f_dh x k_dh x D  [MWh_PE/yr]
  (> 0 means a positive energy district, JPI Urban Europe definition in primary energy)
* CO₂ = (I x e_grid x k_grid + F x e_gas + D x e_dh x k_dh) / 10⁶  [t/yr]
* energy cost = I x p_el + F x (p_gas + p_CO₂ x e_gas / 10⁶) + D x p_heat - X x p_feed-in  [EUR/yr]
"""

from __future__ import annotations

from dataclasses import dataclass

from game_rules.districts import District
from game_rules.energy import EnergyResult
from game_rules.params import Params


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
        renewable_share=(g - exp - cur + solar + ambient) / final if final > 0 else 0.0,
        pe_balance_mwh=balance, co2_t=co2, energy_cost_eur=cost,
        pv_yield=g / kwp if kwp > 0 else 0.0,
    )
