"""One year of hourly weather for a district, and the solar yield pvlib computes from it.

Time base (named on every hourly output, :func:`time_base`): 8,760 hours starting at 1 January
00:00 on the district's local **clock time** with summer time (an IANA zone such as
``Europe/Berlin``); each stamp labels the hour it begins and every value is the **mean over that
hour** (irradiance, temperature) or the energy in it (PV). Solar geometry is evaluated at the
middle of each hour, so PV is an hourly mean, not a sample at the start of the hour.

Two sources of weather:

* **A real typical year** (:func:`read_weather_file`): EPW files (``pvlib.iotools.read_epw``) and
  PVGIS TMY files (``pvlib.iotools.read_pvgis_tmy``: csv, json, basic; a PVGIS EPW is an EPW).
  Hours are matched by UTC instant, so a file in UTC (PVGIS) or in local standard time (EPW header
  ``TZ``) lands on the district's clock; February 29 is dropped, the file's year is ignored.
* **An offline synthetic year** (:func:`synthesise`) from the district's climate normals:

  - *Temperature* [°C]: monthly normals interpolated to days (periodic), a day-to-day AR(1)
    anomaly (lag-1 φ = :data:`AR1_PHI`, σ between :data:`SIGMA_SUMMER_K` and
    :data:`SIGMA_WINTER_K` by season; assumptions, see their ranges), a **design cold spell** in
    the coldest month whose lowest 2-day mean equals the design outdoor temperature θ_e (DIN EN
    12831-1:2017 defines θ_e as the lowest 2-day mean air temperature reached or undercut ten times
    in twenty years; DIN/TS 12831-1 Beiblatt 1 lists it per German location, Munich −16 °C), and
    a **heat wave** in the warmest month (:data:`HEAT_WAVE_K`). Both spells are compensated over
    their month, so the monthly means stay on the normals. A diurnal cosine with the month's mean
    daily range peaks at 15:00 local solar time.
  - *Solar*: pvlib solar position and Ineichen clear-sky irradiance; each day's clearness index
    K_t from the Bendt et al. (1981) distribution of its month's mean with day-to-day persistence
    (AR(1) Gaussian copula, :data:`CLOUD_PERSISTENCE`; Graham et al. 1988), which gives the
    **cloudy streaks** of real records; each month rescaled to the measured monthly GHI; direct
    and diffuse parts by the Erbs et al. (1982) decomposition (``pvlib.irradiance.erbs``).

A weather file must describe the district's place: the file's own latitude and longitude (EPW
header, PVGIS metadata) must lie within :data:`MAX_WEATHER_KM` of the district's location, or
the file is refused naming both places (:func:`check_weather_place`).

PV yield (:func:`solar_yield`) is computed by pvlib from the weather, whichever its source:
plane-of-array irradiance (Hay-Davies transposition, ground albedo 0.2), Faiman cell
temperature, PVWatts DC with γ = −0.4 %/K, the PVWatts system losses (14.08 %, Dobos 2014) and a
96 % inverter. A measured specific yield in the district (``climate.pv_yield_kwh_per_kwp``) is
OPTIONAL and calibrates the **synthetic year** (built from normals, it cannot know the local
plant). A weather file the user gives wins: its computed yield stands, unless the district
says explicitly that its measured yield is a calibration target for any year
(``climate.pv_yield_calibrates_weather_file: true``, e.g. a measured yield of this very plant);
:func:`calibration_applies` decides, and an assessment warns whenever both are given
(:func:`game_rules.profiles.weather_warnings`).

The seed derives from the coordinates (any hemisphere), so the same district always gets the
same synthetic year.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib

from game_rules.districts import Climate, Location

YEAR = 2023
"""Reference year: not a leap year, 8,760 hours, starts on a Sunday."""
HOURS = 8760

_MID_MONTH = np.array([15, 45, 74, 105, 135, 166, 196, 227, 258, 288, 319, 349], dtype=float)
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

AR1_PHI = 0.7
"""Lag-1 autocorrelation of daily mean temperature anomalies (assumption, plausible 0.6-0.8)."""
SIGMA_WINTER_K = 3.5
"""Standard deviation of daily mean temperature anomalies in the coldest month [K] (assumption,
plausible 3-5 K in Central Europe)."""
SIGMA_SUMMER_K = 2.0
"""The same in the warmest month [K] (assumption, plausible 1.5-3 K)."""
SPELL_DAYS = 5
"""Length of the cold spell and heat-wave windows [days] (raised-cosine shape; assumption)."""
HEAT_WAVE_K = 6.0
"""Peak daily-mean excess of the heat wave over the warmest month's normal [K] (assumption,
plausible 4-9 K; DWD counts a heat wave from three days with a maximum ≥ 30 °C)."""
DESIGN_FROM_AMPLITUDE = 0.75
"""Fallback when a district gives no design temperature: θ_e ≈ T_coldest − 0.75 x (T_warmest −
T_coldest) [°C] (assumption, ±4 K; reproduces −15 °C for Munich, −9 °C for Lyon, +2 °C for
Porto). District files should give ``climate.design_temp_c`` from the national annex."""
WIND_M_S = 2.0
MAX_WEATHER_KM = 50.0
"""How far a weather file's own coordinates may lie from the district's location [km]
(assumption [25-100]: about two ERA5 0.25° cells, the reanalysis PVGIS TMY files are built
from; farther apart, relief and coast change irradiation and temperature more than a typical
year's own uncertainty, so a file for another place is a mistake, not the district's weather)."""
"""Wind speed for the cell-temperature model in the synthetic year [m/s] (assumption, 1-4)."""

SOLAR_THERMAL_EFFICIENCY = 0.35
"""Annual useful heat / plane-of-array irradiation of a flat-plate collector system, including
storage and piping losses (assumption, plausible 0.3-0.4: 350-500 kWh/m²·yr in Central Europe)."""
SYSTEM_LOSSES = 0.1408
"""PVWatts default system losses (soiling, shading, mismatch, wiring, connections, LID,
nameplate, availability): 14.08 % (Dobos 2014, NREL/TP-6A20-62641; ``pvlib.pvsystem.pvwatts_losses``)."""
INVERTER_EFFICIENCY = 0.96
"""PVWatts nominal inverter efficiency (Dobos 2014)."""
GAMMA_PDC = -0.004
"""Power temperature coefficient of crystalline silicon [1/K] (module data sheets: −0.3 to −0.45 %/K)."""
ALBEDO = 0.2


class WeatherError(ValueError):
    """A weather file cannot be read or does not hold a full year; the message names the file."""


@dataclass(frozen=True)
class Weather:
    """One year, hourly, on the district's clock time (see the module doc for the time base).

    ``temp_c`` [°C], ``ghi``/``dni``/``dhi`` [W/m², hourly means], ``wind_m_s`` [m/s]; all (8760,).
    """

    index: pd.DatetimeIndex
    temp_c: np.ndarray
    ghi: np.ndarray
    dni: np.ndarray
    dhi: np.ndarray
    wind_m_s: np.ndarray
    source: str
    latitude: float | None = None
    longitude: float | None = None
    """The file's own coordinates [degrees] (EPW header, PVGIS metadata); None for the synthetic year."""
    from_file: bool = False


@dataclass(frozen=True)
class SolarYield:
    """Hourly output per unit [kWh/kWp or kWh/m² per hour] and the roof's annual POA [kWh/m²]."""

    pv_roof_kwh_per_kwp: np.ndarray
    pv_facade_kwh_per_kwp: np.ndarray
    solar_thermal_kwh_per_m2: np.ndarray
    poa_roof_kwh_m2: float
    computed_yield_kwh_per_kwp: float
    calibration: float


def zone(timezone: str) -> zoneinfo.ZoneInfo:
    """The IANA zone or a :class:`ValueError` naming what was expected."""
    try:
        return zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"location.timezone: expected an IANA time zone such as 'Europe/Paris', got {timezone!r}") from None


def hourly_index(timezone: str) -> pd.DatetimeIndex:
    """8,760 hour-beginning stamps from 1 January 00:00 local clock time, with summer time."""
    zone(timezone)
    return pd.date_range(f"{YEAR}-01-01", periods=HOURS, freq="h", tz=timezone)


def time_base(timezone: str) -> str:
    """The time base of every hourly output, in words (for CSV headers, charts and reports)."""
    return (f"local clock time {timezone} with summer time; each row is the hour beginning at its "
            "stamp; power and irradiance are means over that hour")


def clock_positions(index: pd.DatetimeIndex) -> np.ndarray:
    """For each stamp, its hour on a naive 8,760-hour clock-time year (0 = 1 January 00:00).

    Standard load profiles (BDEW) are tabulated on clock time: in spring the skipped hour is
    absent, in autumn the repeated hour is read twice."""
    naive = index.tz_localize(None) if index.tz is not None else index
    hours = (naive - pd.Timestamp(f"{YEAR}-01-01")) // pd.Timedelta(hours=1)
    result: np.ndarray = np.clip(np.asarray(hours, dtype=int), 0, HOURS - 1)
    return result


def _utc_hour_of_year(index: pd.DatetimeIndex) -> np.ndarray:
    hours = (index.tz_convert("UTC") - pd.Timestamp(f"{YEAR}-01-01", tz="UTC")) // pd.Timedelta(hours=1)
    result: np.ndarray = np.asarray(hours, dtype=int) % HOURS
    return result


def _seed(location: Location) -> int:
    # Modulo keeps every hemisphere non-negative (La Réunion, −20.9°, used to fail) and leaves
    # the seeds of the northern/eastern built-in districts unchanged.
    raw = 20_000_000 + round(location.latitude * 1000) * 1000 + round(location.longitude * 1000)
    return raw % (2**32)


def _daily_from_monthly(monthly: tuple[float, ...] | np.ndarray) -> np.ndarray:
    """Daily values through mid-month knots (periodic), the knots adjusted so that each month's
    mean equals its normal (plain interpolation would flatten the coldest and warmest months)."""
    days = np.arange(365, dtype=float)
    x = np.concatenate([_MID_MONTH - 365, _MID_MONTH, _MID_MONTH + 365])
    target = np.asarray(monthly, dtype=float)
    month_of_day = np.repeat(np.arange(12), _DAYS_IN_MONTH)
    knots = target.copy()
    for _ in range(8):
        result: np.ndarray = np.interp(days, x, np.tile(knots, 3))
        knots = knots + target - np.bincount(month_of_day, weights=result) / _DAYS_IN_MONTH
    result = np.interp(days, x, np.tile(knots, 3))
    return result


def design_temperature(climate: Climate) -> float:
    """θ_e [°C]: the district's ``design_temp_c`` or the :data:`DESIGN_FROM_AMPLITUDE` fallback."""
    if climate.design_temp_c is not None:
        return climate.design_temp_c
    temps = np.asarray(climate.monthly_temp_c)
    return float(temps.min() - DESIGN_FROM_AMPLITUDE * (temps.max() - temps.min()))


def _window(days: int) -> np.ndarray:
    """A raised-cosine bump of ``days`` days, peak 1."""
    result: np.ndarray = 0.5 - 0.5 * np.cos(2 * np.pi * (np.arange(days) + 0.5) / days)
    return result


def _spell(daily: np.ndarray, month: int, target: float, *, cold: bool) -> np.ndarray:
    """Add a spell in ``month`` so that its extreme 2-day mean equals ``target`` [°C], compensated
    over the month so the monthly mean is unchanged."""
    month_of_day = np.repeat(np.arange(12), _DAYS_IN_MONTH)
    days = np.flatnonzero(month_of_day == month)
    shape = _window(SPELL_DAYS)
    inner = days[SPELL_DAYS // 2: len(days) - SPELL_DAYS // 2 - 1]
    two_day = (daily[inner] + daily[inner + 1]) / 2
    start = int(inner[np.argmin(two_day) if cold else np.argmax(two_day)]) - SPELL_DAYS // 2 + 1
    bump = np.zeros(365)
    bump[start:start + SPELL_DAYS] = shape
    bump[days] -= bump[days].mean()
    centre = start + SPELL_DAYS // 2 - 1
    base = (daily[centre] + daily[centre + 1]) / 2
    gain = (bump[centre] + bump[centre + 1]) / 2
    amplitude = (target - base) / gain
    if (cold and amplitude > 0) or (not cold and amplitude < 0):
        return daily  # the year is already as extreme as the target
    result: np.ndarray = daily + amplitude * bump
    return result


def _temperature(location: Location, climate: Climate, index: pd.DatetimeIndex,
                 rng: np.random.Generator) -> np.ndarray:
    normals = np.asarray(climate.monthly_temp_c, dtype=float)
    mean = _daily_from_monthly(normals)
    span = _daily_from_monthly(climate.daily_range_k)
    # Seasonal variability: σ_winter in the coldest month, σ_summer in the warmest.
    amplitude = max(float(normals.max() - normals.min()), 1e-6)
    season = (mean - normals.min()) / amplitude
    sigma = SIGMA_WINTER_K + (SIGMA_SUMMER_K - SIGMA_WINTER_K) * season
    shocks = rng.normal(0.0, 1.0, 365) * np.sqrt(1 - AR1_PHI**2)
    z = np.zeros(365)
    z[0] = rng.normal()
    for day in range(1, 365):
        z[day] = AR1_PHI * z[day - 1] + shocks[day]
    anomaly = z * sigma
    month_of_day = np.repeat(np.arange(12), _DAYS_IN_MONTH)
    anomaly -= (np.bincount(month_of_day, weights=anomaly) / _DAYS_IN_MONTH)[month_of_day]
    daily = mean + anomaly
    coldest, warmest = int(np.argmin(normals)), int(np.argmax(normals))
    daily = _spell(daily, coldest, design_temperature(climate), cold=True)
    if warmest != coldest:
        daily = _spell(daily, warmest, float(normals[warmest]) + HEAT_WAVE_K, cold=False)
    utc = index.tz_convert("UTC")
    solar_hour = (utc.hour.to_numpy() + utc.minute.to_numpy() / 60 + 0.5 + location.longitude / 15) % 24
    of_day = np.asarray(index.dayofyear, dtype=int) - 1
    shape = np.cos(2 * np.pi * (solar_hour - 15) / 24)  # +1 at 15:00 solar time, −1 at 03:00
    result: np.ndarray = daily[of_day] + span[of_day] / 2 * shape
    return result


def _month_of_hour(index: pd.DatetimeIndex) -> np.ndarray:
    result: np.ndarray = np.asarray(index.month, dtype=int) - 1
    return result


def _monthly_sum(values: np.ndarray, months: np.ndarray) -> np.ndarray:
    result: np.ndarray = np.bincount(months, weights=values, minlength=12)
    return result


def _midpoints(index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    return index + pd.Timedelta(minutes=30)


KT_MIN = 0.05
"""Lowest daily clearness index K_t (GHI / extraterrestrial horizontal irradiation) of the Bendt
et al. distribution (Bendt, Collares-Pereira & Rabl 1981, "The frequency distribution of daily
insolation values", Solar Energy 27:1-5)."""
CLOUD_PERSISTENCE = 0.3
"""Lag-1 autocorrelation of the (Gaussian-transformed) daily clearness index. Measured records
give about 0.3 at mid-latitude stations: Brinkworth 1977 ("Autocorrelation and stochastic
modelling of insolation sequences", Solar Energy 19:343-347); Graham, Hollands & Unny 1988 ("A time
series model for K_t with application to global synthetic weather generation", Solar Energy
40:83-92), whose AR(1) model on normalised K_t this reproduces; Aguiar, Collares-Pereira & Conde
1988 (Solar Energy 40:269-279) find the same persistence in their Markov transition matrices."""


def _kt_max(mean_kt: np.ndarray) -> np.ndarray:
    """Highest daily K_t for a monthly mean K_t (Bendt et al. 1981, eq. 4)."""
    result: np.ndarray = 0.6313 + 0.267 * mean_kt - 11.9 * (mean_kt - 0.75) ** 8
    return result


def _bendt_mean(gamma: float, k_min: float, k_max: float) -> float:
    """Mean of the Bendt density f(K) ∝ exp(γK) on [k_min, k_max]."""
    if abs(gamma) < 1e-6:
        return (k_min + k_max) / 2
    a, b = np.exp(gamma * k_min), np.exp(gamma * k_max)
    return float(((k_min - 1 / gamma) * a - (k_max - 1 / gamma) * b) / (a - b))


def _bendt_gamma(mean_kt: float) -> float:
    """The γ of Bendt et al. (1981) whose distribution has the measured monthly mean K_t."""
    from scipy.optimize import brentq

    k_max = float(_kt_max(np.asarray(mean_kt)))
    target = min(max(mean_kt, KT_MIN + 0.01), k_max - 0.01)
    gamma: float = brentq(lambda g: _bendt_mean(g, KT_MIN, k_max) - target, -200.0, 200.0)
    return gamma


def _bendt_quantile(u: np.ndarray, mean_kt: float) -> np.ndarray:
    """Daily K_t for uniform quantiles ``u`` (inverse of the Bendt et al. cumulative distribution)."""
    gamma, k_max = _bendt_gamma(mean_kt), float(_kt_max(np.asarray(mean_kt)))
    if abs(gamma) < 1e-6:
        uniform: np.ndarray = KT_MIN + u * (k_max - KT_MIN)
        return uniform
    a, b = np.exp(gamma * KT_MIN), np.exp(gamma * k_max)
    result: np.ndarray = np.log(a - u * (a - b)) / gamma
    return result


def _daily_kt(monthly_kt: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Daily clearness index K_t [-]: each day drawn from the Bendt et al. distribution of its
    month's measured mean K_t, with day-to-day persistence from an AR(1) Gaussian copula
    (:data:`CLOUD_PERSISTENCE`), as in Graham et al. 1988."""
    from scipy import stats

    z = np.zeros(365)
    shocks = rng.normal(0.0, np.sqrt(1 - CLOUD_PERSISTENCE**2), 365)
    z[0] = rng.normal()
    for day in range(1, 365):
        z[day] = CLOUD_PERSISTENCE * z[day - 1] + shocks[day]
    u = stats.norm.cdf(z)
    month = np.repeat(np.arange(12), _DAYS_IN_MONTH)
    kt = np.zeros(365)
    for m in range(12):
        days = month == m
        if monthly_kt[m] > 0:  # months without sun (polar night) stay at zero
            kt[days] = _bendt_quantile(u[days], float(min(monthly_kt[m], 0.8)))
    return kt


def _day_of_hour(index: pd.DatetimeIndex) -> np.ndarray:
    result: np.ndarray = np.asarray(index.dayofyear, dtype=int) - 1
    return result


def synthesise(location: Location, climate: Climate) -> Weather:
    """The reproducible synthetic year for a location and its climate normals (see module doc)."""
    rng = np.random.default_rng(_seed(location))
    index = hourly_index(location.timezone)
    temp = _temperature(location, climate, index, rng)
    site = pvlib.location.Location(location.latitude, location.longitude, "UTC", location.altitude_m)
    middle = _midpoints(index).tz_convert("UTC")
    solar = site.get_solarposition(middle)
    clear_ghi = site.get_clearsky(middle, solar_position=solar, model="ineichen")["ghi"].to_numpy(dtype=float)
    months, day = _month_of_hour(index), _day_of_hour(index)
    zenith = solar["zenith"].to_numpy(dtype=float)
    cos_zenith = np.clip(np.cos(np.radians(zenith)), 0.0, None)
    extra = pvlib.irradiance.get_extra_radiation(middle).to_numpy(dtype=float) * cos_zenith
    extra_month = _monthly_sum(extra, months)
    measured = np.asarray(climate.monthly_ghi_kwh_m2, dtype=float) * 1000.0
    monthly_kt = np.divide(measured, extra_month, out=np.zeros(12), where=extra_month > 0)
    daily_extra = np.bincount(day, weights=extra, minlength=365)
    daily_clear = np.bincount(day, weights=clear_ghi, minlength=365)
    daily_ghi = _daily_kt(monthly_kt, rng) * daily_extra
    # The day's clear-sky index scales its clear-sky hours (no day brighter than clear sky).
    cloud = np.clip(np.divide(daily_ghi, daily_clear, out=np.zeros(365), where=daily_clear > 0), 0.0, 1.0)
    ghi = clear_ghi * cloud[day]
    have = _monthly_sum(ghi, months)
    ghi = ghi * np.divide(measured, have, out=np.zeros(12), where=have > 0)[months]
    parts = pvlib.irradiance.erbs(ghi, zenith, middle)
    dni = np.nan_to_num(np.asarray(parts["dni"], dtype=float))
    dhi = np.nan_to_num(np.asarray(parts["dhi"], dtype=float))
    return Weather(index, temp, ghi, dni, dhi, np.full(HOURS, WIND_M_S),
                   source="synthetic year from the district's climate normals")


def read_weather_file(path: str | Path, timezone: str) -> Weather:
    """A typical year from an EPW (``.epw``) or PVGIS TMY (``.csv``, ``.json``, ``.txt``) file,
    put on the clock of ``timezone``. Raises :class:`WeatherError` naming the file and problem."""
    file = Path(path)
    if not file.is_file():
        raise WeatherError(f"weather file {file} does not exist")
    suffix = file.suffix.lower()
    try:
        if suffix == ".epw":
            data, meta = pvlib.iotools.read_epw(str(file), coerce_year=YEAR)
        elif suffix in (".csv", ".json", ".txt", ".basic"):
            data, meta = pvlib.iotools.read_pvgis_tmy(str(file), map_variables=True)[:2]
        else:
            raise WeatherError(f"weather file {file.name}: expected .epw (EnergyPlus) or a PVGIS TMY .csv/.json, got {suffix or 'no suffix'!r}")
    except WeatherError:
        raise
    except Exception as exc:  # pvlib raises many kinds on a malformed file
        raise WeatherError(f"weather file {file.name}: cannot be read as {suffix} ({type(exc).__name__}: {exc})") from None
    missing = [c for c in ("ghi", "dni", "dhi", "temp_air") if c not in data.columns]
    if missing:
        raise WeatherError(f"weather file {file.name}: expected columns ghi, dni, dhi, temp_air; missing {missing}")
    if data.index.tz is None:
        data = data.tz_localize("UTC")
    data = data[~((data.index.month == 2) & (data.index.day == 29))]
    if len(data) != HOURS:
        raise WeatherError(f"weather file {file.name}: expected {HOURS} hourly rows (a full year), got {len(data)}")
    stamps = pd.DatetimeIndex([t.replace(year=YEAR) for t in data.index.tz_convert("UTC")])
    position = _utc_hour_of_year(stamps)
    index = hourly_index(timezone)
    wanted = _utc_hour_of_year(index)
    order = np.empty(HOURS, dtype=int)
    order[position] = np.arange(HOURS)
    pick = order[wanted]

    def column(name: str, default: float) -> np.ndarray:
        if name not in data.columns:
            return np.full(HOURS, default)
        values: np.ndarray = data[name].to_numpy(dtype=float)[pick]
        if not np.isfinite(values).all():
            raise WeatherError(f"weather file {file.name}: column {name} has missing values")
        return values

    latitude, longitude = _file_coordinates(meta)
    return Weather(index, column("temp_air", 0.0), np.clip(column("ghi", 0.0), 0, None),
                   np.clip(column("dni", 0.0), 0, None), np.clip(column("dhi", 0.0), 0, None),
                   column("wind_speed", WIND_M_S), source=f"weather file {file.name}",
                   latitude=latitude, longitude=longitude, from_file=True)


def _file_coordinates(meta: object) -> tuple[float | None, float | None]:
    """(latitude, longitude) [degrees] from pvlib's metadata: EPW header keys at the top level,
    PVGIS csv under ``inputs``, PVGIS json under ``inputs.location``; None where absent."""
    if not isinstance(meta, dict):
        return None, None
    for place in (meta, meta.get("inputs"), (meta.get("inputs") or {}).get("location")):
        if isinstance(place, dict) and "latitude" in place and "longitude" in place:
            try:
                return float(place["latitude"]), float(place["longitude"])
            except (TypeError, ValueError):
                return None, None
    return None, None


def check_weather_place(weather: Weather, location: Location, district: str,
                        limit_km: float = MAX_WEATHER_KM) -> None:
    """Refuse a weather file made for another place: raise :class:`WeatherError` naming the file's
    coordinates and the district (``district``, its name or id, and its coordinates) when they lie
    more than ``limit_km`` apart (great circle, :func:`game_rules.geo.great_circle_km`). The
    synthetic year, and a file without coordinates, pass."""
    from game_rules.geo import great_circle_km

    if not weather.from_file or weather.latitude is None or weather.longitude is None:
        return
    km = great_circle_km((weather.latitude, weather.longitude), (location.latitude, location.longitude))
    if km > limit_km:
        raise WeatherError(
            f"{weather.source} was made for {_place(weather.latitude, weather.longitude)}, {km:,.0f} km from "
            f"the district {district} at {_place(location.latitude, location.longitude)}: expected a weather "
            f"file within {limit_km:g} km of the district (use a typical year for the district's own place)")


def _place(latitude: float, longitude: float) -> str:
    return (f"{abs(latitude):.2f}° {'N' if latitude >= 0 else 'S'}, "
            f"{abs(longitude):.2f}° {'E' if longitude >= 0 else 'W'}")


def calibration_applies(weather: Weather, climate: Climate) -> bool:
    """Whether ``climate.pv_yield_kwh_per_kwp`` calibrates this year's computed PV yield: always
    for the synthetic year; for a weather file only when the district says so explicitly
    (``climate.pv_yield_calibrates_weather_file``), since the file the user gave wins."""
    if climate.pv_yield_kwh_per_kwp is None:
        return False
    return not weather.from_file or climate.pv_yield_calibrates_weather_file


def _poa(weather: Weather, solar: pd.DataFrame, middle: pd.DatetimeIndex, tilt: float, azimuth: float) -> np.ndarray:
    dni_extra = pvlib.irradiance.get_extra_radiation(middle)
    poa = pvlib.irradiance.get_total_irradiance(
        tilt, azimuth, solar["apparent_zenith"].to_numpy(), solar["azimuth"].to_numpy(), weather.dni,
        weather.ghi, weather.dhi, dni_extra=dni_extra.to_numpy(), albedo=ALBEDO, model="haydavies",
    )
    result: np.ndarray = np.nan_to_num(np.asarray(poa["poa_global"], dtype=float)).clip(0.0, None)
    return result


def _pv_ac(poa: np.ndarray, weather: Weather) -> np.ndarray:
    """AC output [kWh per kWp per hour] for plane irradiance ``poa`` [W/m²] (PVWatts chain)."""
    cell = pvlib.temperature.faiman(poa, weather.temp_c, wind_speed=weather.wind_m_s)
    dc = np.asarray(pvlib.pvsystem.pvwatts_dc(poa, cell, pdc0=1.0, gamma_pdc=GAMMA_PDC), dtype=float)
    dc = np.clip(dc, 0.0, None) * (1 - SYSTEM_LOSSES)
    ac = np.asarray(pvlib.inverter.pvwatts(dc, pdc0=1.0 / INVERTER_EFFICIENCY, eta_inv_nom=INVERTER_EFFICIENCY), dtype=float)
    result: np.ndarray = np.clip(ac, 0.0, None)  # pdc0 = 1 kW per kWp at 1,000 W/m²: kWh/kWp per hour
    return result


def solar_yield(weather: Weather, location: Location, climate: Climate) -> SolarYield:
    """Roof PV, south (equator-facing) façade PV and solar-thermal output computed from the weather.

    Modules face the equator (azimuth 180° north of the equator, 0° south of it) at
    ``climate.pv_tilt_deg``. When ``climate.pv_yield_kwh_per_kwp`` calibrates this year
    (:func:`calibration_applies`), roof and façade are scaled by measured / computed roof yield
    (``calibration``); else ``calibration`` is 1 and the computed yield stands.
    """
    site = pvlib.location.Location(location.latitude, location.longitude, "UTC", location.altitude_m)
    middle = _midpoints(weather.index).tz_convert("UTC")
    solar = site.get_solarposition(middle)
    azimuth = 180.0 if location.latitude >= 0 else 0.0
    poa_roof = _poa(weather, solar, middle, climate.pv_tilt_deg, azimuth)
    roof = _pv_ac(poa_roof, weather)
    facade = _pv_ac(_poa(weather, solar, middle, 90.0, azimuth), weather)
    computed = float(roof.sum())
    calibration = 1.0
    if climate.pv_yield_kwh_per_kwp is not None and calibration_applies(weather, climate) and computed > 0:
        calibration = climate.pv_yield_kwh_per_kwp / computed
    thermal = poa_roof / 1000.0 * SOLAR_THERMAL_EFFICIENCY
    return SolarYield(roof * calibration, facade * calibration, thermal, float(poa_roof.sum() / 1000.0),
                      computed, calibration)


#: [°C] Eurostat heating degree days (nrg_chdd_a, ref:eurostat-hdd-method): a day counts
#: (HDD_BASE_C - its mean temperature) when its mean is at or below HDD_THRESHOLD_C, else 0.
HDD_BASE_C = 18.0
HDD_THRESHOLD_C = 15.0


def heating_degree_days(weather: Weather) -> float:
    """Heating degree days of the year [K·d/yr] by the Eurostat method (:data:`HDD_BASE_C`,
    :data:`HDD_THRESHOLD_C`; ref:eurostat-hdd-method) on the daily means of ``weather``'s hourly
    temperature (days of the clock year). A day warmer than the heating limit adds nothing, so a
    tropical lowland year has about none."""
    day = _day_of_hour(weather.index)
    daily = np.bincount(day, weights=weather.temp_c) / np.bincount(day)
    return float(np.where(daily <= HDD_THRESHOLD_C, HDD_BASE_C - daily, 0.0).sum())
