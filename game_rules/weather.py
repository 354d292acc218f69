"""Reproducible hourly weather and solar yield for one year, synthesised from climate normals.

Why synthesised: the product runs offline in a workshop, so no weather service is called. The
year is built from the district's documented normals (:class:`~game_rules.districts.Climate`):

* **Temperature** [°C]: monthly means interpolated to days (periodic, through mid-month points),
  plus a day-to-day AR(1) anomaly (φ = 0.7, σ = 2.5 K; typical of Central European winter
  variability, unverified), plus a diurnal cosine with the monthly mean daily range, minimum at
  05:00 and maximum at 15:00.
* **Solar** [kWh/kWp per hour]: pvlib solar position and Ineichen clear-sky irradiance (bundled
  Linke turbidity) on the module plane (Hay-Davies transposition), PVWatts DC with γ = -0.4 %/K
  and Faiman cell temperature. Each day's clearness index K_t (GHI / extraterrestrial) is drawn
  from the Bendt et al. (1981) distribution of its month's measured mean K_t, with day-to-day
  persistence from an AR(1) Gaussian copula (lag-1 ≈ 0.3, Graham et al. 1988; see
  :data:`CLOUD_PERSISTENCE`); the day's clear-sky index (K_t x extraterrestrial / clear-sky GHI,
  at most 1) scales its clear-sky hours. Each month is then scaled so that (a) its share of the
  year follows the measured monthly GHI times the square root of the clear-sky tilt gain and
  (b) the annual roof yield equals the measured regional specific yield (FACTS.md: clear-sky
  models overstate yield, so calibrate). Other
  surfaces (façade BIPV, solar-thermal collectors) take the same monthly and daily factors.

The seed derives from the coordinates, so the same district always gets the same year.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
import pvlib

from game_rules.districts import Climate, Location

YEAR = 2023
"""Reference year: not a leap year, 8,760 hours."""
HOURS = 8760

#: Mid-month day of year (0-based) for interpolating monthly normals.
_MID_MONTH = np.array([15, 45, 74, 105, 135, 166, 196, 227, 258, 288, 319, 349], dtype=float)
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

AR1_PHI = 0.7
AR1_SIGMA_K = 2.5
SOLAR_THERMAL_EFFICIENCY = 0.35
"""Annual useful heat / plane-of-array irradiation of a flat-plate collector system, including
storage and piping losses (unverified; typical 0.3-0.4 gives 350-500 kWh/m²·yr in Central Europe)."""
PERFORMANCE_RATIO = 0.8
"""PV yield / plane irradiation (FACTS.md: measured ≈ 0.73 fleet-wide; 0.8 for new systems)."""


@dataclass(frozen=True)
class Weather:
    """One synthesised year, hourly, in local standard time."""

    index: pd.DatetimeIndex
    temp_c: np.ndarray
    pv_roof_kwh_per_kwp: np.ndarray
    pv_facade_kwh_per_kwp: np.ndarray
    solar_thermal_kwh_per_m2: np.ndarray


def hourly_index(timezone: str) -> pd.DatetimeIndex:
    """8,760 hourly stamps in the zone's standard time (no DST jumps, so every day has 24 h)."""
    try:
        zone = zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"expected an IANA time zone such as 'Europe/Paris', got {timezone!r}") from None
    offset = zone.utcoffset(datetime(YEAR, 1, 15))
    hours = int(offset.total_seconds() // 3600) if offset is not None else 0
    fixed = f"Etc/GMT{-hours:+d}" if hours else "UTC"
    return pd.date_range(f"{YEAR}-01-01", periods=HOURS, freq="h", tz=fixed)


def _seed(location: Location) -> int:
    return 20_000_000 + round(location.latitude * 1000) * 1000 + round(location.longitude * 1000)


def _daily_from_monthly(monthly: tuple[float, ...]) -> np.ndarray:
    days = np.arange(365, dtype=float)
    x = np.concatenate([_MID_MONTH - 365, _MID_MONTH, _MID_MONTH + 365])
    y = np.tile(np.asarray(monthly, dtype=float), 3)
    result: np.ndarray = np.interp(days, x, y)
    return result


def _temperature(climate: Climate, rng: np.random.Generator) -> np.ndarray:
    mean = _daily_from_monthly(climate.monthly_temp_c)
    span = _daily_from_monthly(climate.daily_range_k)
    noise = rng.normal(0.0, AR1_SIGMA_K * np.sqrt(1 - AR1_PHI**2), 365)
    anomaly = np.zeros(365)
    for day in range(1, 365):
        anomaly[day] = AR1_PHI * anomaly[day - 1] + noise[day]
    anomaly -= anomaly.mean()
    hour = np.arange(24)
    shape = np.cos(2 * np.pi * (hour - 15) / 24)  # +1 at 15:00, -1 at 03:00
    hourly = (mean + anomaly)[:, None] + (span / 2)[:, None] * shape[None, :]
    result: np.ndarray = hourly.reshape(-1)
    return result


def _month_of_hour() -> np.ndarray:
    return np.repeat(np.repeat(np.arange(12), _DAYS_IN_MONTH), 24)


def _monthly_sum(values: np.ndarray, months: np.ndarray) -> np.ndarray:
    result: np.ndarray = np.bincount(months, weights=values, minlength=12)
    return result


def _plane(location: Location, index: pd.DatetimeIndex, tilt: float, clear: pd.DataFrame,
           solar: pd.DataFrame) -> np.ndarray:
    dni_extra = pvlib.irradiance.get_extra_radiation(index)
    poa = pvlib.irradiance.get_total_irradiance(
        tilt, 180.0, solar["apparent_zenith"], solar["azimuth"], clear["dni"], clear["ghi"],
        clear["dhi"], dni_extra=dni_extra, model="haydavies",
    )
    values: np.ndarray = poa["poa_global"].fillna(0.0).to_numpy(dtype=float)
    return values


def _pv_dc(poa_w_m2: np.ndarray, temp_c: np.ndarray) -> np.ndarray:
    cell = pvlib.temperature.faiman(poa_w_m2, temp_c, wind_speed=2.0)
    dc = pvlib.pvsystem.pvwatts_dc(poa_w_m2, cell, pdc0=1.0, gamma_pdc=-0.004)
    # pdc0 = 1 kW per kWp at 1,000 W/m²: hourly output in kWh per kWp.
    result: np.ndarray = np.clip(np.asarray(dc, dtype=float), 0.0, None) / 1000.0
    return result


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
    kt = np.empty(365)
    for m in range(12):
        days = month == m
        kt[days] = _bendt_quantile(u[days], float(monthly_kt[m]))
    return kt


def _daily_sum(values: np.ndarray) -> np.ndarray:
    result: np.ndarray = values.reshape(365, 24).sum(axis=1)
    return result


def synthesise(location: Location, climate: Climate) -> Weather:
    """Build the reproducible year for a location and its climate normals (see module doc)."""
    rng = np.random.default_rng(_seed(location))
    index = hourly_index(location.timezone)
    temp = _temperature(climate, rng)
    site = pvlib.location.Location(location.latitude, location.longitude, index.tz, location.altitude_m)
    solar = site.get_solarposition(index)
    clear = site.get_clearsky(index, solar_position=solar, model="ineichen")
    poa_roof = _plane(location, index, climate.pv_tilt_deg, clear, solar)
    poa_facade = _plane(location, index, 90.0, clear, solar)
    months = _month_of_hour()
    clear_ghi = clear["ghi"].to_numpy(dtype=float)
    clear_ghi_month = _monthly_sum(clear_ghi, months)
    # Extraterrestrial irradiation on a horizontal plane [Wh/m² per hour] defines K_t.
    cos_zenith = np.clip(np.cos(np.radians(solar["zenith"].to_numpy(dtype=float))), 0.0, None)
    extra = pvlib.irradiance.get_extra_radiation(index).to_numpy(dtype=float) * cos_zenith
    monthly_kt = np.asarray(climate.monthly_ghi_kwh_m2) * 1000.0 / _monthly_sum(extra, months)
    daily_ghi = _daily_kt(monthly_kt, rng) * _daily_sum(extra)
    # The day's clear-sky index scales the clear-sky hours (clipped: no day brighter than clear sky).
    cloud = np.repeat(np.clip(daily_ghi / np.maximum(_daily_sum(clear_ghi), 1e-9), 0.0, 1.0), 24)
    tilt_gain = _monthly_sum(poa_roof, months) / clear_ghi_month
    roof_dc = _pv_dc(poa_roof * cloud, temp)
    roof_month = _monthly_sum(roof_dc, months)
    # Measured monthly GHI times the square root of the clear-sky tilt gain: under clouds most
    # light is diffuse, so a tilted plane gains far less than on clear days (approximation).
    target_month = np.asarray(climate.monthly_ghi_kwh_m2) * np.sqrt(tilt_gain)
    target_month *= climate.pv_yield_kwh_per_kwp / target_month.sum()
    month_scale = np.where(roof_month > 0, target_month / np.maximum(roof_month, 1e-9), 0.0)
    factor = month_scale[months]
    roof = roof_dc * factor
    facade = _pv_dc(poa_facade * cloud, temp) * factor
    # Plane irradiation [kWh/m²] ≈ PV output / performance ratio (1 kWp per 1,000 W/m² at STC).
    thermal = roof / PERFORMANCE_RATIO * SOLAR_THERMAL_EFFICIENCY
    return Weather(index, temp, roof, facade, thermal)
