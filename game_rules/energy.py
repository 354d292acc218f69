"""The district energy model: one year, hourly, electricity and heat.

Inputs are the district (buildings, roofs, mobility) and the parameters cards have set
(:mod:`game_rules.params`); hourly shapes come cached from :mod:`game_rules.profiles`.
Steps (units: kWh per hour unless stated):

1. Appliance electricity: dwellings x kWh/dwelling and m² x kWh/m² on each group's BDEW profile
   (dynamised H0 for housing, G0-G6 by use), times ``demand.electricity``. A share ``flex.shift_share`` of household demand moves, day by
   day, into that day's solar surplus hours (smart meters / home energy management, up to the
   surplus); what the surplus cannot take fills the day's lowest-import hours (valley filling:
   one level L with sum(max(L - import_h, 0)) = the rest, :func:`fill_valleys`), so the shift
   never lands on the evening peak and never raises the day's peak import. The import it fills
   counts the uncontrolled EVs' evening charging (step 3), which does not move.
2. Heat: floor area x kWh/m², minus ``retrofit.share x retrofit.saving`` on class D-H groups,
   on BDEW heat profiles. Solar-thermal heat (collector m² x yield) covers heat first, hour by hour.
   Fossil-heated demand moves to district heating / air / ground heat pumps by the card shares
   (scaled down together if they add to more than 1).
3. Heat pumps draw heat / COP(hour). EVs: cars x ``ev.share`` x kWh/yr; the ``ev.smart_share``
   part charges in that day's solar surplus (else at night), the rest in the evening.
4. Generation: (roof m² x ``pv.roof_use`` x ``pv.kwp_per_m2`` + ``pv.kwp_extra``) on the roof
   profile plus ``bipv.kwp`` on the façade profile, times ``pv.yield_factor``.
5. Dispatch with batteries (stationary + V2G) and the heat store: :mod:`game_rules.dispatch`.
6. Export above ``grid.export_limit x installed kWp`` is curtailed (grid congestion).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from game_rules.dispatch import STANDBY_W_PER_KWH, Storage, dispatch
from game_rules.district_loading import CacheKey, cache_key
from game_rules.districts import District
from game_rules.params import Params
from game_rules.profiles import Profiles, profiles_for

RETROFIT_CLASSES = frozenset("DEFGH")
V2G_AVAILABILITY = 0.5
"""Share of the day a V2G car is plugged in at home (unverified)."""
NIGHT_HOURS = (0, 1, 2, 3, 4, 5)

#: Parameters the hourly run depends on (a scenario changing none of them reuses the run).
ENERGY_PARAMS: tuple[str, ...] = (
    "pv.roof_use", "pv.kwp_per_m2", "pv.kwp_extra", "pv.yield_factor", "bipv.kwp",
    "solar_thermal.m2", "retrofit.share", "retrofit.saving", "heat_pump.air_share",
    "heat_pump.ground_share", "district_heating.connect_share", "thermal_storage.kwh",
    "battery.kwh", "battery.c_rate", "battery.efficiency", "demand.electricity",
    "flex.shift_share", "ev.share", "ev.smart_share", "ev.v2g_share", "ev.v2g_kwh_per_car",
    "ev.shared_cars", "demand.heat", "grid.export_limit",
)


@dataclass(frozen=True)
class EnergyResult:
    """Hourly series [kWh/h] and the sizes that produced them."""

    pv: np.ndarray
    load: np.ndarray
    grid_import: np.ndarray
    grid_export: np.ndarray
    heat_demand: np.ndarray
    gas: np.ndarray
    district_heat: np.ndarray
    heat_pump_el: np.ndarray
    solar_heat: np.ndarray
    ev: np.ndarray
    shifted: np.ndarray
    curtailed: np.ndarray
    battery_out: np.ndarray
    kwp: float
    bipv_kwp: float
    battery_kwh: float
    heat_saved_kwh: float
    reference_heat_kwh: float
    ev_count: float
    demand: np.ndarray | None = None  # electric load before the heat store and battery [kWh/h]
    hp_heat: np.ndarray | None = None  # heat the heat pumps deliver [kWh/h]
    storage: Storage | None = None  # the storage the run was dispatched with
    standby: np.ndarray | None = None  # battery stand-by energy [kWh/h]

    def total(self, name: str) -> float:
        """Annual sum of one hourly series [kWh/yr]."""
        return float(getattr(self, name).sum())


def _allocate_daily(energy_per_day: np.ndarray, surplus: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """Spread each day's energy over that day's surplus hours (up to the surplus), rest by ``fallback``.

    ``energy_per_day`` (365,), ``surplus`` (8760,) >= 0, ``fallback`` (24,) summing to 1.
    """
    days = surplus.reshape(365, 24)
    available = days.sum(axis=1)
    solar = np.minimum(energy_per_day, available)
    share = np.divide(days, available[:, None], out=np.zeros_like(days), where=available[:, None] > 0)
    rest = (energy_per_day - solar)[:, None] * fallback[None, :]
    result: np.ndarray = (share * solar[:, None] + rest).reshape(-1)
    return result


def fill_valleys(energy_per_day: np.ndarray, floor: np.ndarray) -> np.ndarray:
    """Per day, the load [kWh/h] that adds ``energy_per_day`` (365,) [kWh] to the day's lowest
    hours of ``floor`` (8760,) [kWh/h] up to one level L: added_h = max(L - floor_h, 0) with
    sum_h added_h = the day's energy (valley filling, the schedule that keeps the day's maximum of
    floor + added lowest). Exact: the k lowest hours are raised to L = (E + their sum) / k for the
    largest k whose filling to the k-th lowest value needs no more than E."""
    days = floor.reshape(-1, 24)
    if energy_per_day.shape != (days.shape[0],):
        raise ValueError(f"expected one energy per day {(days.shape[0],)}, got {energy_per_day.shape}")
    ordered = np.sort(days, axis=1)
    filled = np.cumsum(ordered, axis=1)
    k = np.arange(1, 25)
    needed = k * ordered - filled  # energy to raise the k lowest hours to the k-th lowest value
    count = (needed <= energy_per_day[:, None]).sum(axis=1)  # needed rises with k: the largest such k
    level = (energy_per_day + filled[np.arange(len(count)), count - 1]) / count
    result: np.ndarray = np.maximum(level[:, None] - days, 0.0).reshape(-1)
    return result


def _shift(energy_per_day: np.ndarray, pv: np.ndarray, rest: np.ndarray, fixed: np.ndarray) -> np.ndarray:
    """Where the shiftable household load goes [kWh/h] (step 1): into the day's solar surplus
    over ``rest`` (the load without the shiftable part) up to that surplus, the remainder into
    the day's lowest-import hours of ``rest`` + ``fixed`` (load that does not move) + the solar
    part - ``pv`` (:func:`fill_valleys`)."""
    surplus = np.maximum(pv - rest, 0.0)
    days = surplus.reshape(365, 24)
    available = days.sum(axis=1)
    solar = np.minimum(energy_per_day, available)
    share = np.divide(days, available[:, None], out=np.zeros_like(days), where=available[:, None] > 0)
    in_sun = (share * solar[:, None]).reshape(-1)
    result: np.ndarray = in_sun + fill_valleys(energy_per_day - solar, rest + fixed + in_sun - pv)
    return result


def _appliances(district: District, params: Params, prof: Profiles) -> tuple[np.ndarray, np.ndarray]:
    """Household (H0) and non-household (G0-G6 by each group's use) appliance load [kWh/h]."""
    scale = params["demand.electricity"]
    household, commerce = np.zeros(len(prof.elec_household)), np.zeros(len(prof.elec_household))
    for group in district.buildings:
        shape = prof.load_profile(group.profile) if prof.electricity else (
            prof.elec_household if group.profile == "H0" else prof.elec_commerce)
        if group.profile == "H0":
            household = household + group.electricity_kwh * scale * shape
        else:
            commerce = commerce + group.electricity_kwh * scale * shape
    return household, commerce


@dataclass(frozen=True)
class _Heat:
    fossil: np.ndarray
    district_heating: np.ndarray
    heat_pump_air: np.ndarray
    heat_pump_ground: np.ndarray
    solar: np.ndarray
    total: np.ndarray
    reference_kwh: float
    saved_kwh: float
    by_group: dict[str, tuple[np.ndarray, np.ndarray]]  # heat from air and ground heat pumps per group [kWh/h]


def _heat(district: District, params: Params, prof: Profiles) -> _Heat:
    saving = params["retrofit.share"] * params["retrofit.saving"]
    weather = params["demand.heat"]
    carriers = {"fossil": np.zeros(8760), "district_heating": np.zeros(8760),
                "heat_pump_air": np.zeros(8760), "heat_pump_ground": np.zeros(8760)}
    reference = 0.0
    saved = 0.0
    groups: list[tuple[str, str, np.ndarray]] = []
    for group in district.buildings:
        shape = prof.heat_residential if group.use == "residential" else prof.heat_commerce
        factor = 1 - saving if group.energy_class in RETROFIT_CLASSES else 1.0
        reference += group.heat_kwh
        saved += group.heat_kwh * (1 - factor)
        key: str = "fossil" if group.heating in ("gas_boiler", "oil_boiler") else str(group.heating)
        series = group.heat_kwh * factor * weather * shape
        groups.append((group.id, key, series))
        carriers[key] = carriers[key] + series
    total = carriers["fossil"] + carriers["district_heating"] + carriers["heat_pump_air"] + carriers["heat_pump_ground"]
    solar = np.minimum(params["solar_thermal.m2"] * prof.solar_thermal, total)
    remaining = 1 - np.divide(solar, total, out=np.zeros_like(total), where=total > 0)
    carriers = {k: v * remaining for k, v in carriers.items()}
    shares = {"district_heating": params["district_heating.connect_share"],
              "heat_pump_air": params["heat_pump.air_share"],
              "heat_pump_ground": params["heat_pump.ground_share"]}
    moved = sum(shares.values())
    scale = 1 / moved if moved > 1 else 1.0
    fossil = carriers["fossil"]
    for key, share in shares.items():
        carriers[key] = carriers[key] + fossil * share * scale
    # Each group's heat-pump heat, the same steps on its own series (they sum to the carriers).
    by_group: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for gid, key, series in groups:
        if key == "fossil" and shares["heat_pump_air"] + shares["heat_pump_ground"] > 0:
            left = series * remaining
            by_group[gid] = (left * shares["heat_pump_air"] * scale, left * shares["heat_pump_ground"] * scale)
        elif key in ("heat_pump_air", "heat_pump_ground"):
            own, none = series * remaining, np.zeros_like(series)
            by_group[gid] = (own, none) if key == "heat_pump_air" else (none, own)
    return _Heat(
        fossil=fossil * (1 - min(moved, 1.0)), district_heating=carriers["district_heating"],
        heat_pump_air=carriers["heat_pump_air"], heat_pump_ground=carriers["heat_pump_ground"],
        solar=solar, total=total, reference_kwh=reference, saved_kwh=saved, by_group=by_group,
    )


def group_loads(district: District, params: Params) -> dict[str, np.ndarray]:
    """Each building group's electricity [kWh/h] (8760,) by id, before EV charging and before the
    household shift lands: its appliances on its BDEW profile x ``demand.electricity`` (household
    groups less the ``flex.shift_share`` that step 1 moves) plus its heat pumps' electricity (its
    own heat after retrofit, weather, solar thermal and the cards' heat-pump shares, / hourly COP:
    steps 1-3 of the module doc on the group alone). Summed over groups, + ``EnergyResult.shifted``
    + ``EnergyResult.ev``, they give ``EnergyResult.demand``; :mod:`game_rules.buildings` splits
    them between a group's buildings."""
    prof = profiles_for(district)
    scale, keep = params["demand.electricity"], 1 - params["flex.shift_share"]
    heat = _heat(district, params, prof)
    out: dict[str, np.ndarray] = {}
    for group in district.buildings:
        shape = prof.load_profile(group.profile) if prof.electricity else (
            prof.elec_household if group.profile == "H0" else prof.elec_commerce)
        load = group.electricity_kwh * scale * shape * (keep if group.profile == "H0" else 1.0)
        if group.id in heat.by_group:
            air, ground = heat.by_group[group.id]
            load = load + air / prof.cop_air + ground / prof.cop_ground
        out[group.id] = load
    return out


def simulate(district: District, params: Params) -> EnergyResult:
    """Run the district for one year with ``params`` (see module doc for the steps)."""
    prof = profiles_for(district)
    household, commerce = _appliances(district, params, prof)
    heat = _heat(district, params, prof)
    hp_air, hp_ground = heat.heat_pump_air, heat.heat_pump_ground
    hp_el = hp_air / prof.cop_air + hp_ground / prof.cop_ground
    kwp = (district.roof_area_m2 * params["pv.roof_use"] * params["pv.kwp_per_m2"]
           + params["pv.kwp_extra"])
    bipv = params["bipv.kwp"]
    pv = (kwp * prof.pv_roof + bipv * prof.pv_facade) * params["pv.yield_factor"]
    base = household + commerce + hp_el
    cars = district.mobility.cars * params["ev.share"] + params["ev.shared_cars"]
    ev_daily = np.full(365, cars * district.mobility.ev_kwh_per_year / 365)
    smart = params["ev.smart_share"]
    uncontrolled = (1 - smart) * ev_daily.sum() * prof.ev_evening
    shift = params["flex.shift_share"] * household
    shifted = _shift(shift.reshape(365, 24).sum(axis=1), pv, base - shift, uncontrolled)
    surplus = np.maximum(pv - (base - shift + shifted), 0.0)
    night = np.zeros(24)
    night[list(NIGHT_HOURS)] = 1 / len(NIGHT_HOURS)
    ev = uncontrolled + _allocate_daily(smart * ev_daily, surplus, night)
    load = base - shift + shifted + ev
    battery = params["battery.kwh"] + cars * params["ev.v2g_share"] * params["ev.v2g_kwh_per_car"] * V2G_AVAILABILITY
    hp_heat = hp_air + hp_ground
    cop = np.divide(hp_heat, hp_el, out=np.ones_like(hp_heat), where=hp_el > 0)
    # V2G cars keep their own electronics running anyway: stand-by counts for stationary kWh only.
    stationary = params["battery.kwh"] / battery if battery > 0 else 0.0
    storage = Storage(battery_kwh=battery, battery_kw=battery * params["battery.c_rate"],
                      efficiency=params["battery.efficiency"], thermal_kwh=params["thermal_storage.kwh"],
                      standby_w_per_kwh=STANDBY_W_PER_KWH * stationary)
    flows = dispatch(pv, load, hp_heat, cop, storage)
    limit = params["grid.export_limit"] * (kwp + bipv)
    export = np.minimum(flows.grid_export, limit) if limit < (kwp + bipv) else flows.grid_export
    return EnergyResult(
        pv=pv, load=flows.load, grid_import=flows.grid_import, grid_export=export,
        curtailed=flows.grid_export - export, battery_out=flows.battery_out,
        heat_demand=heat.total, gas=heat.fossil, district_heat=heat.district_heating,
        heat_pump_el=hp_el, solar_heat=heat.solar,
        ev=ev, shifted=shifted, kwp=float(kwp), bipv_kwp=float(bipv), battery_kwh=float(battery),
        heat_saved_kwh=heat.saved_kwh, reference_heat_kwh=heat.reference_kwh,
        ev_count=float(cars), demand=load, hp_heat=hp_heat, storage=storage, standby=flows.standby,
    )


#: Working household: on weekdays this share of consumption above the base load between 08:00
#: and 17:00 happens in the morning and evening instead (unverified; typical of time-use surveys).
AWAY_SHARE = 0.8
#: Hour-to-hour variability of one household's load (appliance events), log-normal σ (unverified).
SINGLE_HOUSEHOLD_SIGMA = 0.6
_EVENING_HOURS = (6, 7, 18, 19, 20, 21, 22)
_EVENING_WEIGHTS = (0.1, 0.1, 0.15, 0.2, 0.2, 0.15, 0.1)


def flat_load(district: District, annual_kwh: float, seed: int = 7) -> np.ndarray:
    """Hourly load [kWh/h] of ONE flat, for the household reference values.

    BDEW H0 is the average of many households and so too smooth for a single flat (it overstates
    self-sufficiency). This profile keeps H0's seasons and weekly rhythm, moves a working
    household's weekday daytime use to mornings and evenings (:data:`AWAY_SHARE`) and adds
    hour-to-hour appliance variability (:data:`SINGLE_HOUSEHOLD_SIGMA`), seeded.
    """
    prof = profiles_for(district)
    days = prof.elec_household.reshape(365, 24).copy()
    weekday = (np.arange(365) + 6) % 7 < 5  # 1 January 2023 is a Sunday
    away = np.zeros(24, dtype=bool)
    away[8:17] = True
    base = days.min(axis=1, keepdims=True)
    moved = np.where(weekday[:, None] & away[None, :], days - base, 0.0) * AWAY_SHARE
    evening = np.zeros(24)
    evening[list(_EVENING_HOURS)] = _EVENING_WEIGHTS
    shaped = days - moved + moved.sum(axis=1, keepdims=True) * evening[None, :]
    noisy = shaped * np.random.default_rng(seed).lognormal(0.0, SINGLE_HOUSEHOLD_SIGMA, shaped.shape)
    result: np.ndarray = annual_kwh * noisy.reshape(-1) / noisy.sum()
    return result


HOUSEHOLD_C_RATE = 0.5
"""Battery power per nominal kWh of a home system [kW/kWh]: 5 kW for 10 kWh, typical of the
systems in HTW Berlin's Stromspeicher-Inspektion (unverified per system)."""


def household_self_sufficiency(district: District, annual_kwh: float, kwp: float, battery_kwh: float = 0.0) -> float:
    """Self-sufficiency [fraction] of one household with rooftop PV and an optional battery of
    ``battery_kwh`` nominal capacity (usable share, efficiency and stand-by as in
    :mod:`game_rules.dispatch`): 1 - grid import / household consumption."""
    load = flat_load(district, annual_kwh)
    pv = kwp * profiles_for(district).pv_roof
    zeros, ones = np.zeros(8760), np.ones(8760)
    flows = dispatch(pv, load, zeros, ones, Storage(battery_kwh, battery_kwh * HOUSEHOLD_C_RATE))
    return float(1 - flows.grid_import.sum() / load.sum())


@lru_cache(maxsize=256)
def _energy(district: CacheKey, key: tuple[float, ...]) -> EnergyResult:
    return simulate(district.district, Params(dict(zip(ENERGY_PARAMS, key, strict=True))))


def energy_run(district: District, params: Params) -> EnergyResult:
    """The hourly run for ``params`` (cached on the energy parameters and the district, so
    scenarios and sensitivity rows that only move prices reuse one run)."""
    return _energy(cache_key(district), params.key(ENERGY_PARAMS))
