"""Hourly profiles of one district, computed once and cached: the expensive part of a model run.

The server assesses after every play, so everything that depends only on the place (weather,
solar yield, BDEW load shapes, heat-pump COP) is computed once per district place (location,
climate, weather file) and kept in an ``lru_cache``; a model run then only scales and adds these
arrays.

Time base: every array is on the district's local **clock time with summer time**, hour-beginning
stamps, hourly means (:func:`game_rules.weather.time_base`; ``Profiles.time_base``).

* Electricity: BDEW standard load profiles from demandlib (``ElecSlp``), 15-minute values
  averaged to hourly energy, normalised to 1 kWh/yr. Households follow the **dynamised H0**
  (``h0_dyn``): the static H0 times the BDEW dynamisation polynomial
  F_t = −3.92e−10 t⁴ + 3.2e−7 t³ − 7.02e−5 t² + 2.1e−3 t + 1.24 (t = day of year), which gives
  January/July ≈ 1.46 instead of the static profile's 0.92 (VDEW 2000, "Anwendung der
  Repräsentativen VDEW-Lastprofile step-by-step"). Non-residential groups follow G0-G6 by use
  (``BuildingGroup.load_profile``). The profiles are tabulated on clock time, so each instant
  reads its local clock hour (:func:`game_rules.weather.clock_positions`). South of the equator
  the seasonal pattern is shifted by 182 days (26 whole weeks, weekdays kept): the dynamisation
  and the BDEW seasons describe a northern year (assumption).
* Heat: BDEW heat profiles from demandlib (``HeatBuilding``; MFH for housing, GHD for
  non-residential), driven by the year's temperature including its design cold spell (see
  :mod:`game_rules.weather`), hot water included, normalised.
* Heat-pump COP: Carnot COP to a 50 °C sink times a quality grade of 0.45, with a 15 % defrost
  penalty for air below 5 °C, clipped to [1.5, 6]; ground source at 10 °C. This gives seasonal
  factors near the Fraunhofer ISE field results (air ≈ 2.8, ground ≈ 3.7).
* EV charging without control: arrivals at home 17:00-23:00 clock time (shape an assumption,
  typical of residential charging studies).

demandlib 0.2.2's ``ElecSlp`` calls ``warnings.simplefilter("error")`` for the whole process; it
is called inside ``warnings.catch_warnings()`` so that filter never leaks (tested).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from game_rules.districts import Climate, District, LoadProfile, Location
from game_rules.results import Warning
from game_rules.weather import (
    HOURS,
    YEAR,
    SolarYield,
    Weather,
    check_weather_place,
    clock_positions,
    read_weather_file,
    solar_yield,
    synthesise,
    time_base,
)

SINK_TEMP_C = 50.0
CARNOT_GRADE = 0.45
DEFROST_BELOW_C = 5.0
DEFROST_FACTOR = 0.85
GROUND_TEMP_C = 10.0
COP_RANGE = (1.5, 6.0)
BDEW_TEMPERATURE_RANGE = (-19.5, 39.5)
"""Temperatures [°C] the BDEW heat profile classes cover (demandlib's interval table)."""
SOUTHERN_SHIFT_DAYS = 182
"""Days the northern seasonal load pattern is shifted south of the equator (26 whole weeks)."""

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

#: Share of a day's uncontrolled EV charging in each clock hour (sums to 1); arrivals after work.
EV_EVENING = np.array(
    [0.02, 0.01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.02, 0.08, 0.17, 0.22, 0.2, 0.14, 0.09, 0.05]
)

#: BDEW load profiles by name: demandlib column.
_SLP_COLUMNS: dict[str, str] = {"H0": "h0_dyn", "H0_static": "h0", "G0": "g0", "G1": "g1", "G2": "g2",
                                "G3": "g3", "G4": "g4", "G5": "g5", "G6": "g6"}


@dataclass(frozen=True)
class Profiles:
    """Hourly shapes of one district; arrays of 8,760 values on ``time_base``, read-only."""

    temp_c: np.ndarray
    pv_roof: np.ndarray  # kWh per kWp per hour, roof
    pv_facade: np.ndarray  # kWh per kWp per hour, equator-facing façade
    solar_thermal: np.ndarray  # kWh heat per m² collector per hour
    elec_household: np.ndarray  # dynamised H0, sums to 1
    elec_commerce: np.ndarray  # G0, sums to 1
    heat_residential: np.ndarray  # MFH, sums to 1
    heat_commerce: np.ndarray  # GHD, sums to 1
    cop_air: np.ndarray
    cop_ground: np.ndarray
    ev_evening: np.ndarray  # sums to 1
    hour: np.ndarray  # local clock hour 0-23
    day: np.ndarray  # local day of year, 0-364
    month: np.ndarray  # local month, 0-11
    index: pd.DatetimeIndex | None = None  # the hour-beginning stamps (tz-aware, clock time)
    time_base: str = ""
    weather_source: str = ""
    solar: SolarYield | None = None
    electricity: dict[str, np.ndarray] = field(default_factory=dict)  # H0, G0-G6, each sums to 1

    def load_profile(self, name: LoadProfile) -> np.ndarray:
        """The hourly shape [share of the year per hour] of a BDEW profile (H0, G0-G6)."""
        return self.electricity[name]


def _normalised(values: np.ndarray) -> np.ndarray:
    total = float(values.sum())
    if total <= 0:
        raise ValueError("expected a profile with a positive annual sum, got zero")
    result: np.ndarray = values / total
    return result


def _clock_year_profiles() -> dict[str, np.ndarray]:
    """All BDEW profiles (:data:`_SLP_COLUMNS`) as hourly energy on the naive 8,760-hour clock year."""
    from demandlib import bdew

    with warnings.catch_warnings():
        slp = bdew.ElecSlp(YEAR, holidays=HOLIDAYS)
        frame = slp.get_profiles()
    out = {}
    for name, column in _SLP_COLUMNS.items():
        quarter = frame[column].to_numpy(dtype=float)[: HOURS * 4]
        out[name] = _normalised(quarter.reshape(HOURS, 4).sum(axis=1))
    return out


@lru_cache(maxsize=1)
def _shared_clock_profiles() -> dict[str, np.ndarray]:
    """:func:`_clock_year_profiles` computed once per process (demandlib takes about 0.4 s)."""
    return _clock_year_profiles()


def electricity_profiles(timezone: str = "Europe/Berlin", *, southern: bool = False) -> dict[str, np.ndarray]:
    """BDEW H0 (dynamised) and G0-G6 on the zone's clock time, each summing to 1 [share/hour]."""
    from game_rules.weather import hourly_index

    positions = clock_positions(hourly_index(timezone))
    out = {}
    for name, values in _shared_clock_profiles().items():
        shaped = np.roll(values, SOUTHERN_SHIFT_DAYS * 24) if southern else values
        out[name] = _normalised(shaped[positions])
    return out


def heat_profile(weather: Weather, kind: str) -> np.ndarray:
    """BDEW heat profile ("MFH" or "GHD") for the year's temperature, summing to 1.

    demandlib needs a regular naive index: the profile is computed on the 8,760-hour clock year
    (hour *i* = the *i*-th instant's temperature, an hour off in summer, when little is heated)
    and read back at each instant's clock hour."""
    from demandlib import bdew

    index = pd.date_range(f"{YEAR}-01-01", periods=HOURS, freq="h")
    # demandlib's BDEW temperature classes span -20 to +40 °C; the sigmoid is flat beyond them.
    temperature = pd.Series(np.clip(weather.temp_c, *BDEW_TEMPERATURE_RANGE), index=index)
    building_class = 2 if kind == "MFH" else 0
    with warnings.catch_warnings():
        building = bdew.HeatBuilding(
            index, holidays=HOLIDAYS, temperature=temperature, shlp_type=kind,
            building_class=building_class, wind_class=0, annual_heat_demand=1.0, name=kind,
            ww_incl=True,
        )
        profile = np.asarray(building.get_bdew_profile(), dtype=float)
    return _normalised(profile[clock_positions(weather.index)])


def cop(source_temp_c: np.ndarray, *, air: bool) -> np.ndarray:
    """Hourly coefficient of performance [-] for a heat pump lifting to :data:`SINK_TEMP_C`."""
    sink_k = SINK_TEMP_C + 273.15
    lift = np.maximum(SINK_TEMP_C - source_temp_c, 10.0)
    value = CARNOT_GRADE * sink_k / lift
    if air:
        value = np.where(source_temp_c < DEFROST_BELOW_C, value * DEFROST_FACTOR, value)
    result: np.ndarray = np.clip(value, *COP_RANGE)
    return result


def weather_for(location: Location, climate: Climate, weather_file: str | None = None, name: str = "") -> Weather:
    """The district's year: its weather file if it names one (refused by
    :func:`game_rules.weather.check_weather_place` when made for another place; ``name`` names
    the district in that message), else the synthetic year."""
    if weather_file is not None:
        weather = read_weather_file(weather_file, location.timezone)
        check_weather_place(weather, location, name or "here")
        return weather
    return synthesise(location, climate)


@lru_cache(maxsize=16)
def _profiles(location: Location, climate: Climate, weather_file: str | None, name: str = "") -> Profiles:
    weather = weather_for(location, climate, weather_file, name)
    solar = solar_yield(weather, location, climate)
    electricity = electricity_profiles(location.timezone, southern=location.latitude < 0)
    index = weather.index
    hours = np.arange(HOURS)
    annual_phase = hours / HOURS - (0.3 if location.latitude >= 0 else 0.8)
    ground = GROUND_TEMP_C + 2.0 * np.sin(2 * np.pi * annual_phase)
    clock_hour = np.asarray(index.hour, dtype=int)
    ev_shape = EV_EVENING[clock_hour]
    arrays = Profiles(
        temp_c=weather.temp_c,
        pv_roof=solar.pv_roof_kwh_per_kwp,
        pv_facade=solar.pv_facade_kwh_per_kwp,
        solar_thermal=solar.solar_thermal_kwh_per_m2,
        elec_household=electricity["H0"],
        elec_commerce=electricity["G0"],
        heat_residential=heat_profile(weather, "MFH"),
        heat_commerce=heat_profile(weather, "GHD"),
        cop_air=cop(weather.temp_c, air=True),
        cop_ground=cop(ground, air=False),
        ev_evening=_normalised(ev_shape),
        hour=clock_hour,
        day=np.asarray(index.dayofyear, dtype=int) - 1,
        month=np.asarray(index.month, dtype=int) - 1,
        index=index,
        time_base=time_base(location.timezone),
        weather_source=weather.source,
        solar=solar,
        electricity=electricity,
    )
    for value in (*vars(arrays).values(), *electricity.values()):
        if isinstance(value, np.ndarray):
            value.setflags(write=False)
    return arrays


def profiles_for(district: District) -> Profiles:
    """The cached hourly profiles of ``district`` (keyed by its location, climate and weather file)."""
    return _profiles(district.location, district.climate, district.weather, district.id)


def with_weather(district: District, path: str | Path) -> District:
    """``district`` with its year taken from a weather file (EPW or PVGIS TMY), checked now so a
    bad file, or one made for another place, fails with :class:`~game_rules.weather.WeatherError`
    naming it, not mid-assessment. The file wins over a typed PV yield (see
    :func:`game_rules.weather.calibration_applies`)."""
    file = Path(path).resolve()
    check_weather_place(read_weather_file(file, district.location.timezone), district.location, district.id)
    return district.model_copy(update={"weather": str(file)})


def weather_warnings(district: District) -> list[Warning]:
    """``warn.pv_yield_weather``/``warn.pv_yield_calibrates_weather`` when the district both types a
    PV yield and runs on a weather file: which of the two sets the PV yield, with both figures
    [kWh/kWp·yr], so nobody mistakes one for the other. Empty otherwise."""
    from catalogs import formatting as fmt
    from game_rules.texts import Text, text

    typed = district.climate.pv_yield_kwh_per_kwp
    if district.weather is None or typed is None:
        return []
    solar = profiles_for(district).solar
    computed = solar.computed_yield_kwh_per_kwp if solar is not None else 0.0
    code = "warn.pv_yield_calibrates_weather" if district.climate.pv_yield_calibrates_weather_file else "warn.pv_yield_weather"
    return [Warning(code=code, text=text(
        code, file=Path(district.weather).name,
        typed=Text.build(lambda lang: fmt.number(typed, lang)),
        computed=Text.build(lambda lang: fmt.number(round(computed), lang))))]
