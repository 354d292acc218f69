"""Monthly global horizontal irradiation for a place with no weather file (``district new``).

The measured irradiation of a reference place is carried to a nearby or similar place through its
**clear-sky index** k = measured GHI / clear-sky GHI (the ratio satellite methods such as
Heliosat, behind PVGIS-SARAH, estimate from cloud reflectance; Huld, Müller & Gambardella 2012,
ref:pvgis-jrc): the place's own clear-sky irradiation (Ineichen-Perez with the Linke turbidity
of its own latitude, longitude and altitude, pvlib) times the reference's k. This corrects for
the difference in latitude (day length, sun height) and altitude, and keeps the reference's
cloudiness, which is what varies slowly in space.

- Within :data:`irradiation_radius_km` of a reference station with monthly measured
  irradiation (the built-in districts, PVGIS-based): k per month.
- Else the reference place of the nearest latitude, either hemisphere
  (``data/climate_stations.yaml``: the stations that give irradiation and
  ``irradiation_places``), any distance: its annual k for every month, an assumption with a
  range :data:`FAR_RANGE`.

Checked against published annual GHI in tests/game_rules/test_sunshine.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import yaml

from game_rules.geo import great_circle_km

NEAR_RANGE = (0.9, 1.1)
"""Plausible factor on a station-derived monthly GHI (assumption [0.9-1.1]: within 150 km and
outside mountains, annual GHI varies by a few per cent; PVGIS maps)."""
FAR_RANGE = (0.75, 1.25)
"""Plausible factor on a GHI carried from a distant reference place (assumption [0.75-1.25]: the
clear-sky index of European and tropical places ranges about 0.6-0.85 (Tromsø 0.61, Uganda 0.61,
Munich 0.71, Porto 0.82 against Ineichen clear sky)."""


@dataclass(frozen=True)
class ReferencePlace:
    """A place with measured irradiation: ``monthly`` [kWh/m² per month, 12] or only ``annual``
    [kWh/m²·yr]; ``source`` text and reference ids."""

    id: str
    name: str
    latitude: float
    longitude: float
    altitude_m: float
    monthly: tuple[float, ...] | None
    annual: float
    source: str
    references: tuple[str, ...]


@lru_cache(maxsize=256)
def clear_sky_monthly(latitude: float, longitude: float, altitude_m: float) -> tuple[float, ...]:
    """Monthly clear-sky GHI [kWh/m²] (Ineichen-Perez, pvlib's Linke turbidity climatology for the
    place; hourly at mid-hour, a non-leap year)."""
    import pandas as pd
    import pvlib

    site = pvlib.location.Location(latitude, longitude, "UTC", altitude_m)
    times = pd.date_range("2023-01-01", periods=8760, freq="h", tz="UTC") + pd.Timedelta(minutes=30)
    clear = site.get_clearsky(times, model="ineichen")["ghi"].to_numpy(dtype=float)
    monthly = np.bincount(times.month.to_numpy() - 1, weights=clear, minlength=12) / 1000.0
    return tuple(float(m) for m in monthly)


def _file() -> dict[str, Any]:
    from game_rules.climate_stations import STATIONS

    data: dict[str, Any] = yaml.safe_load(STATIONS.read_text(encoding="utf-8"))
    return data


def irradiation_radius_km() -> float:
    """[km] distance within which a station's monthly clear-sky index is taken."""
    return float(_file()["irradiation_radius_km"])


@lru_cache(maxsize=1)
def reference_places() -> tuple[ReferencePlace, ...]:
    """Every place of ``data/climate_stations.yaml`` with measured irradiation."""
    from game_rules.climate_stations import reference_stations

    rows = [*reference_stations(), *_file().get("irradiation_places", [])]
    out = []
    for row in rows:
        monthly = row.get("monthly_ghi_kwh_m2")
        annual = row.get("annual_ghi_kwh_m2")
        if monthly is None and annual is None:
            continue
        out.append(ReferencePlace(
            id=str(row["id"]), name=str(row["name"]), latitude=float(row["latitude"]), longitude=float(row["longitude"]),
            altitude_m=float(row["altitude_m"]), monthly=tuple(float(m) for m in monthly) if monthly is not None else None,
            annual=float(sum(monthly)) if monthly is not None else float(annual),
            source=str(row.get("ghi_source", row.get("source", ""))),
            references=tuple(row.get("ghi_references", row.get("references", ())))))
    return tuple(out)


def clear_sky_index(place: ReferencePlace) -> tuple[float, ...]:
    """The place's clear-sky index per month [-]: measured / clear-sky monthly GHI, or the annual
    ratio for every month where only an annual sum is published."""
    clear = clear_sky_monthly(place.latitude, place.longitude, place.altitude_m)
    if place.monthly is not None:
        return tuple(m / c if c > 0 else 0.0 for m, c in zip(place.monthly, clear, strict=True))
    return (place.annual / sum(clear),) * 12


@dataclass(frozen=True)
class Irradiation:
    """Estimated monthly GHI [kWh/m²], the reference it came from, its distance [km], whether it
    was within the station radius, a plausible factor range, and the source sentence."""

    monthly: tuple[float, ...]
    place: ReferencePlace
    km: float
    near: bool
    factor_range: tuple[float, float]
    source: str


def estimate_irradiation(latitude: float, longitude: float, altitude_m: float = 0.0) -> Irradiation:
    """Monthly GHI [kWh/m²] of a place from the nearest reference place's clear-sky index (see
    the module docstring). Raises ``ValueError`` if the latitude or longitude is out of range."""
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        raise ValueError(f"expected latitude -90..90 and longitude -180..180, got {latitude}, {longitude}")
    places = reference_places()
    by_distance = sorted(((great_circle_km((latitude, longitude), (p.latitude, p.longitude)), p) for p in places),
                         key=lambda pair: pair[0])
    radius = irradiation_radius_km()
    near = [(km, p) for km, p in by_distance if km <= radius and p.monthly is not None]
    # Beyond the radius, the place of the nearest latitude (either hemisphere) stands in: cloudiness
    # follows the climate belts (trade winds, westerlies), and the nearest place by distance may lie
    # across an ocean in another belt (Quito's nearest is Porto, not equatorial Uganda).
    km, place = near[0] if near else min(by_distance, key=lambda pair: (abs(abs(latitude) - abs(pair[1].latitude)), pair[0]))
    index = clear_sky_index(place) if near else (place.annual / sum(clear_sky_monthly(
        place.latitude, place.longitude, place.altitude_m)),) * 12
    clear = clear_sky_monthly(latitude, longitude, altitude_m)
    monthly = tuple(round(c * k, 1) for c, k in zip(clear, index, strict=True))
    if near:
        source = (f"irradiation from the monthly clear-sky index of {place.name} ({km:.0f} km away; {place.source}) "
                  f"on this place's own clear sky (Ineichen-Perez, pvlib)")
    else:
        source = (f"irradiation from the annual clear-sky index of {place.name} ({km:.0f} km away, the reference place "
                  f"of the nearest latitude; {place.source}) on this place's own clear sky (Ineichen-Perez, pvlib)")
    return Irradiation(monthly, place, km, bool(near), NEAR_RANGE if near else FAR_RANGE, source)
