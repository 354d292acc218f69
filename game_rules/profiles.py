"""Hourly profiles of one district, computed once and cached: the expensive part of a model run.

The server assesses after every play, so everything that depends only on the place (weather,
solar yield, BDEW load shapes, heat-pump COP) is computed once per (location, climate) and kept
in an ``lru_cache``; a model run then only scales and adds these arrays.

* Electricity: BDEW standard load profiles H0 (households) and G0 (commerce) from demandlib
  (``ElecSlp``), 15-minute power averaged to hourly energy, normalised to 1 kWh/yr.
* Heat: BDEW heat profiles from demandlib (``HeatBuilding``; MFH for housing, GHD for
  non-residential), driven by the synthesised temperature, hot water included, normalised.
* Heat-pump COP: Carnot COP to a 50 °C sink times a quality grade of 0.45, with a 15 % defrost
  penalty for air below 5 °C, clipped to [1.5, 6]; ground source at 10 °C. This gives seasonal
  factors near the Fraunhofer ISE field results (air ≈ 2.8, ground ≈ 3.7; FACTS.md).
* EV charging without control: arrivals at home 17:00-23:00 (shape unverified, typical of
  residential charging studies).

demandlib 0.2.2's ``ElecSlp`` calls ``warnings.simplefilter("error")`` for the whole process; it
is called inside ``warnings.catch_warnings()`` so that filter never leaks (tested).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from game_rules.districts import Climate, District, Location
from game_rules.weather import HOURS, YEAR, Weather, synthesise

SINK_TEMP_C = 50.0
CARNOT_GRADE = 0.45
DEFROST_BELOW_C = 5.0
DEFROST_FACTOR = 0.85
GROUND_TEMP_C = 10.0
COP_RANGE = (1.5, 6.0)

#: Fixed public holidays common to France and Germany, treated as Sundays by the BDEW profiles.
HOLIDAYS = {
    date(YEAR, 1, 1): "New Year",
    date(YEAR, 4, 10): "Easter Monday",
    date(YEAR, 5, 1): "Labour Day",
    date(YEAR, 5, 18): "Ascension",
    date(YEAR, 5, 29): "Whit Monday",
    date(YEAR, 11, 1): "All Saints",
    date(YEAR, 12, 25): "Christmas",
    date(YEAR, 12, 26): "Boxing Day",
}

#: Share of a day's uncontrolled EV charging in each hour (sums to 1); arrivals after work.
EV_EVENING = np.array(
    [0.02, 0.01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.02, 0.08, 0.17, 0.22, 0.2, 0.14, 0.09, 0.05]
)


@dataclass(frozen=True)
class Profiles:
    """Hourly shapes of one district; arrays of 8,760 values, read-only."""

    temp_c: np.ndarray
    pv_roof: np.ndarray  # kWh per kWp per hour, roof
    pv_facade: np.ndarray  # kWh per kWp per hour, south façade
    solar_thermal: np.ndarray  # kWh heat per m² collector per hour
    elec_household: np.ndarray  # H0, sums to 1
    elec_commerce: np.ndarray  # G0, sums to 1
    heat_residential: np.ndarray  # MFH, sums to 1
    heat_commerce: np.ndarray  # GHD, sums to 1
    cop_air: np.ndarray
    cop_ground: np.ndarray
    ev_evening: np.ndarray  # sums to 1
    hour: np.ndarray
    day: np.ndarray
    month: np.ndarray


def _normalised(values: np.ndarray) -> np.ndarray:
    total = float(values.sum())
    if total <= 0:
        raise ValueError("expected a profile with a positive annual sum, got zero")
    result: np.ndarray = values / total
    return result


def electricity_profiles() -> tuple[np.ndarray, np.ndarray]:
    """BDEW H0 and G0 as hourly shares of the year (each sums to 1)."""
    from demandlib import bdew

    with warnings.catch_warnings():
        slp = bdew.ElecSlp(YEAR, holidays=HOLIDAYS)
        power = slp.get_scaled_power_profiles({"h0": 1.0, "g0": 1.0})
    hourly = power.to_numpy(dtype=float)[: HOURS * 4].reshape(HOURS, 4, -1).mean(axis=1)
    columns = list(power.columns)
    return _normalised(hourly[:, columns.index("h0")]), _normalised(hourly[:, columns.index("g0")])


@lru_cache(maxsize=1)
def _shared_electricity_profiles() -> tuple[np.ndarray, np.ndarray]:
    """:func:`electricity_profiles` computed once per process and made read-only: H0 and G0
    depend on neither location nor climate (the year and holidays are fixed), so every
    district shares them; demandlib takes about 0.5 s per call."""
    household, commerce = electricity_profiles()
    household.setflags(write=False)
    commerce.setflags(write=False)
    return household, commerce


def heat_profile(weather: Weather, kind: str) -> np.ndarray:
    """BDEW heat profile ("MFH" or "GHD") for the synthesised temperature, summing to 1."""
    from demandlib import bdew

    index = pd.DatetimeIndex(weather.index.tz_localize(None))
    temperature = pd.Series(weather.temp_c, index=index)
    building_class = 2 if kind == "MFH" else 0
    with warnings.catch_warnings():
        building = bdew.HeatBuilding(
            index, holidays=HOLIDAYS, temperature=temperature, shlp_type=kind,
            building_class=building_class, wind_class=0, annual_heat_demand=1.0, name=kind,
            ww_incl=True,
        )
        profile = building.get_bdew_profile()
    return _normalised(np.asarray(profile, dtype=float))


def cop(source_temp_c: np.ndarray, *, air: bool) -> np.ndarray:
    """Hourly coefficient of performance [-] for a heat pump lifting to :data:`SINK_TEMP_C`."""
    sink_k = SINK_TEMP_C + 273.15
    lift = np.maximum(SINK_TEMP_C - source_temp_c, 10.0)
    value = CARNOT_GRADE * sink_k / lift
    if air:
        value = np.where(source_temp_c < DEFROST_BELOW_C, value * DEFROST_FACTOR, value)
    result: np.ndarray = np.clip(value, *COP_RANGE)
    return result


@lru_cache(maxsize=8)
def _profiles(location: Location, climate: Climate) -> Profiles:
    weather = synthesise(location, climate)
    household, commerce = _shared_electricity_profiles()
    hours = np.arange(HOURS)
    ground = GROUND_TEMP_C + 2.0 * np.sin(2 * np.pi * (hours / HOURS - 0.3))
    arrays = Profiles(
        temp_c=weather.temp_c,
        pv_roof=weather.pv_roof_kwh_per_kwp,
        pv_facade=weather.pv_facade_kwh_per_kwp,
        solar_thermal=weather.solar_thermal_kwh_per_m2,
        elec_household=household,
        elec_commerce=commerce,
        heat_residential=heat_profile(weather, "MFH"),
        heat_commerce=heat_profile(weather, "GHD"),
        cop_air=cop(weather.temp_c, air=True),
        cop_ground=cop(ground, air=False),
        ev_evening=_normalised(np.tile(EV_EVENING, 365)),
        hour=hours % 24,
        day=hours // 24,
        month=np.repeat(np.repeat(np.arange(12), (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)), 24),
    )
    for value in vars(arrays).values():
        value.setflags(write=False)
    return arrays


def profiles_for(district: District) -> Profiles:
    """The cached hourly profiles of ``district`` (keyed by its location and climate only)."""
    return _profiles(district.location, district.climate)
