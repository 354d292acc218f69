"""A city's own district from a location and a country: building typologies and climate normals.

Pure core of ``assembler district new``. The building stock comes from the residential
typologies of the EU TABULA/EPISCOPE projects (IWU Darmstadt; ``data/typologies.yaml``, one row
per country and construction period, with a generic European fallback); prices, grid CO₂ and
primary-energy factors from the same file's country defaults. Every number that is not sourced
is written into the district's ``assumptions`` with its plausible range, so a city sees what to
replace.

Climate normals come from a weather file when one is given (:func:`normals_from_weather`: the
monthly means of an EPW/PVGIS year) or else from a zonal estimate (:func:`estimate_normals`):
a documented rough model of latitude and altitude, every value an assumption to replace with
measured normals (e.g. a PVGIS TMY for the site).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pvlib
import yaml

from catalogs.data_phrases import data_phrase
from catalogs.text import Text
from game_rules.climate_stations import STATIONS, reference_stations
from game_rules.district_loading import district_from_mapping
from game_rules.districts import District

DATA = Path(__file__).parent / "data" / "typologies.yaml"
ZONAL_LAPSE_K_PER_M = 0.0065
"""Standard-atmosphere temperature lapse rate [K/m] (ICAO standard atmosphere)."""
CLOUD_FACTOR = 0.55
"""Measured / clear-sky monthly irradiation for the zonal estimate (assumption, 0.4-0.75)."""


@lru_cache(maxsize=1)
def typologies() -> dict[str, Any]:
    """The parsed ``data/typologies.yaml``."""
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return data


def _slug(name: str) -> str:
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name.replace("ø", "o").replace("Ø", "O")).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug if slug and slug[0].isalpha() else f"d-{slug or 'district'}"


STATION_UNCERTAINTY_K = 2.0
"""Half-range [K] of a monthly temperature taken from a reference station up to the station radius
away (assumption [1-3]: within about 150 km, away from mountains, monthly normals differ by a few
kelvin at most; the altitude difference is corrected by the lapse rate)."""
DESIGN_RANGE_K = 4.0
"""Half-range [K] of a design temperature estimated from normals
(:data:`game_rules.weather.DESIGN_FROM_AMPLITUDE`'s stated uncertainty)."""




def nearest_station(latitude: float, longitude: float) -> tuple[dict[str, Any], float] | None:
    """The reference station nearest to a place and its distance [km], if within the file's
    ``radius_km`` (great circle, :func:`game_rules.geo.great_circle_km`); else None."""
    from game_rules.geo import great_circle_km

    radius = float(yaml.safe_load(STATIONS.read_text(encoding="utf-8"))["radius_km"])
    best = min(((s, great_circle_km((latitude, longitude), (s["latitude"], s["longitude"]))) for s in reference_stations()),
               key=lambda pair: pair[1])
    return best if best[1] <= radius else None


def design_from_normals(monthly_temp_c: list[float]) -> float:
    """θ_e [°C] estimated from monthly normals by :func:`game_rules.weather.design_temperature`'s
    rule (coldest month minus 0.75 x the annual range; an assumption ±:data:`DESIGN_RANGE_K`)."""
    from game_rules.weather import DESIGN_FROM_AMPLITUDE

    return round(min(monthly_temp_c) - DESIGN_FROM_AMPLITUDE * (max(monthly_temp_c) - min(monthly_temp_c)), 1)


def estimate_normals(latitude: float, altitude_m: float = 0.0, longitude: float | None = None) -> dict[str, Any]:
    """Climate normals [°C, K, kWh/m²] and a design temperature for a place with no weather file.

    Near a reference station (:func:`nearest_station`, ``longitude`` given): the station's
    published monthly temperatures and daily ranges, shifted by the lapse rate
    (:data:`ZONAL_LAPSE_K_PER_M`) for the altitude difference, each an assumption
    ±:data:`STATION_UNCERTAINTY_K`; its design temperature (national annex of EN 12831, where its
    file gives one) likewise shifted, else estimated from the normals (:func:`design_from_normals`).
    Coastal and far-northern places get their own climate this way (Tromsø: July 12.4 °C, not the
    zonal 18 °C). Elsewhere the zonal estimate below. Irradiation (with ``longitude``):
    :func:`game_rules.sunshine.estimate_irradiation`, the nearest reference place's measured
    clear-sky index on this place's own clear sky; without it the zonal clear-sky estimate.
    """
    zonal = _zonal_normals(latitude, altitude_m)
    if longitude is not None:
        _apply_irradiation(zonal, latitude, longitude, altitude_m)
    found = nearest_station(latitude, longitude) if longitude is not None else None
    if found is None:
        design = design_from_normals(zonal["monthly_temp_c"])
        zonal["design_temp_c"] = design
        zonal["assumptions"]["design_temp_c"] = [design - DESIGN_RANGE_K, design + DESIGN_RANGE_K]
        zonal["source"] += ("; design outdoor temperature estimated from the normals (coldest month - 0.75 x "
                            "annual range, assumption)")
        zonal.pop("irradiation_source", None)
        return zonal
    station, km = found
    shift = -ZONAL_LAPSE_K_PER_M * (altitude_m - float(station["altitude_m"]))
    temps = [round(float(t) + shift, 1) for t in station["monthly_temp_c"]]
    if station["design_temp_c"] is not None:
        design = round(float(station["design_temp_c"]) + shift, 1)
        how = f"its design outdoor temperature {station['design_temp_c']:g} °C"
    else:
        design = design_from_normals(temps)
        how = "a design outdoor temperature estimated from them (coldest month - 0.75 x annual range)"
    uncertainty = max(float(station.get("uncertainty_k", 0.0)), STATION_UNCERTAINTY_K)
    climate = {
        **zonal,
        "monthly_temp_c": temps,
        "daily_range_k": [float(r) for r in station["daily_range_k"]],
        "design_temp_c": design,
        "source": (f"monthly temperatures and daily ranges of the reference station {station['name']} "
                   f"({km:.0f} km away; {station['source']}), shifted {shift:+.1f} K for altitude; {how}; "
                   f"{zonal['irradiation_source']}: replace with measured normals"),
        "references": sorted(set(station["references"]) | set(zonal["references"])),
        "assumptions": {"monthly_temp_c": [-uncertainty, uncertainty],
                        "monthly_ghi_kwh_m2": zonal["assumptions"]["monthly_ghi_kwh_m2"],
                        "design_temp_c": [design - 2.0, design + 2.0]},
    }
    climate.pop("irradiation_source", None)
    return climate


def _apply_irradiation(climate: dict[str, Any], latitude: float, longitude: float, altitude_m: float) -> None:
    """Replace a zonal climate's irradiation by :func:`game_rules.sunshine.estimate_irradiation`
    (in place): monthly GHI, its assumption range, source sentence (``irradiation_source``, for
    the caller to place) and references."""
    from game_rules.sunshine import estimate_irradiation

    sun = estimate_irradiation(latitude, longitude, altitude_m)
    climate["monthly_ghi_kwh_m2"] = list(sun.monthly)
    annual = sum(sun.monthly)  # an assumption on a monthly field ranges its annual sum (districts.FIELD_UNITS)
    climate["assumptions"]["monthly_ghi_kwh_m2"] = [round(annual * sun.factor_range[0]), round(annual * sun.factor_range[1])]
    climate["irradiation_source"] = sun.source
    climate["source"] += f"; {sun.source}"
    climate["references"] = sorted(set(climate.get("references", [])) | set(sun.place.references))


def _zonal_normals(latitude: float, altitude_m: float = 0.0) -> dict[str, Any]:
    """Zonal climate estimate [°C, K, kWh/m²] for a place with no measured normals (assumption).

    Annual mean 27 °C up to 10° latitude, 0.4 K colder per degree beyond; half the seasonal swing
    0.25 K per degree minus 2 (at least 1 K); coldest month January in the north, July in the
    south; lapse rate :data:`ZONAL_LAPSE_K_PER_M`; daily range 8 K. Irradiation: monthly Ineichen
    clear-sky GHI x :data:`CLOUD_FACTOR`. Gives about 10 °C mean / ±10 K at 48°N (Munich: 9.5 °C,
    ±9.5 K) and 27 °C at the equator. Every value is an assumption: replace with measured normals.
    """
    north = latitude >= 0
    annual = 27.0 - 0.4 * max(abs(latitude) - 10.0, 0.0) - ZONAL_LAPSE_K_PER_M * altitude_m
    swing = max(0.25 * abs(latitude) - 2.0, 1.0)
    month = np.arange(12)
    phase = np.cos(2 * np.pi * (month - 0.5) / 12)  # +1 around mid-January
    temps = annual - swing * phase if north else annual + swing * phase
    index = pvlib.location.Location(latitude, 0.0, "UTC", altitude_m)
    import pandas as pd

    times = pd.date_range("2023-01-01", periods=8760, freq="h", tz="UTC") + pd.Timedelta(minutes=30)
    clear = index.get_clearsky(times, model="ineichen")["ghi"].to_numpy(dtype=float)
    monthly = np.bincount(times.month.to_numpy() - 1, weights=clear, minlength=12) / 1000.0 * CLOUD_FACTOR
    return {
        "monthly_temp_c": [round(float(t), 1) for t in temps],
        "daily_range_k": [8.0] * 12,
        "monthly_ghi_kwh_m2": [round(float(g), 1) for g in monthly],
        "pv_tilt_deg": float(round(min(max(abs(latitude) * 0.76 + 3.0, 10.0), 60.0))),
        "source": "zonal estimate from latitude and altitude (game_rules.typologies.estimate_normals): replace with measured normals",
        "assumptions": {"monthly_temp_c": [-3.0, 3.0], "monthly_ghi_kwh_m2": [0.75, 1.3]},
    }


def normals_from_weather(path: str, timezone: str, latitude: float, longitude: float | None = None) -> dict[str, Any]:
    """Monthly normals computed from a typical-year weather file (EPW or PVGIS TMY), and a design
    temperature estimated from them (:func:`design_from_normals`, an assumption). With
    ``longitude``, a file made for another place is refused
    (:func:`game_rules.weather.check_weather_place`)."""
    from game_rules.districts import Location
    from game_rules.weather import check_weather_place, read_weather_file

    weather = read_weather_file(path, timezone)
    if longitude is not None:
        check_weather_place(weather, Location(latitude=latitude, longitude=longitude, timezone=timezone,
                                              source="given to assembler district new"), "to be written")
    month = weather.index.month.to_numpy() - 1
    day = weather.index.dayofyear.to_numpy() - 1
    counts = np.bincount(month, minlength=12)
    temps = np.bincount(month, weights=weather.temp_c, minlength=12) / counts
    daily_max = np.full(365, -np.inf)
    daily_min = np.full(365, np.inf)
    np.maximum.at(daily_max, day, weather.temp_c)
    np.minimum.at(daily_min, day, weather.temp_c)
    day_month = np.repeat(np.arange(12), (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31))
    ranges = np.bincount(day_month, weights=daily_max - daily_min, minlength=12) / np.bincount(day_month)
    ghi = np.bincount(month, weights=weather.ghi, minlength=12) / 1000.0
    monthly = [round(float(t), 2) for t in temps]
    design = design_from_normals(monthly)
    return {
        "monthly_temp_c": monthly,
        "daily_range_k": [round(float(r), 2) for r in ranges],
        "monthly_ghi_kwh_m2": [round(float(g), 2) for g in ghi],
        "pv_tilt_deg": float(round(min(max(abs(latitude) * 0.76 + 3.0, 10.0), 60.0))),
        "design_temp_c": design,
        "source": (f"monthly means of the typical year in {Path(path).name}; design outdoor temperature estimated "
                   "from them (coldest month - 0.75 x annual range, assumption)"),
        "references": ["pvgis-jrc"],
        "assumptions": {"design_temp_c": [design - DESIGN_RANGE_K, design + DESIGN_RANGE_K]},
    }


@lru_cache(maxsize=1)
def _zone_finder() -> Any:
    from timezonefinder import TimezoneFinder  # loads its polygons once, only for district new

    return TimezoneFinder()


def timezone_at(latitude: float, longitude: float) -> str:
    """The IANA time zone of a place [degrees, WGS84], looked up offline in the time zone
    boundaries (timezonefinder, ref:timezonefinder): the place decides, not its country (La
    Réunion, a French département, keeps Indian/Reunion). At sea, where no zone is drawn, the
    nautical zone of the longitude (Etc/GMT±n, no summer time; POSIX sign: Etc/GMT-1 is UTC+1)."""
    zone = _zone_finder().timezone_at(lat=latitude, lng=longitude)
    if zone:
        return str(zone)
    offset = round(longitude / 15)
    return "UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"


#: [kWh/m²·yr] the largest heat demand a district file accepts (BuildingGroup.heat_kwh_per_m2).
MAX_HEAT_KWH_PER_M2 = 600.0


@cache
def _preset_hdd(preset: str) -> float:
    """Heating degree days [K·d/yr] of a built-in district's own weather year."""
    from game_rules.district_loading import load_district
    from game_rules.profiles import weather_for
    from game_rules.weather import heating_degree_days

    district = load_district(preset)
    return heating_degree_days(weather_for(district.location, district.climate, district.weather))


def typology_hdd(country: str) -> tuple[float, str]:
    """Heating degree days [K·d/yr] of the climate a country's typology figures stand for, and
    what they were computed from: the weather year of its built-in district (``climate_of`` in
    ``data/typologies.yaml``, its id), or for a country without one the median of those
    districts' ("")."""
    data = typologies()["countries"]
    preset = data.get(country, data["EU"])["climate_of"]
    if preset:
        return _preset_hdd(str(preset)), str(preset)
    values = sorted(_preset_hdd(str(row["climate_of"])) for row in data.values() if row["climate_of"])
    middle = len(values) // 2
    median = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
    return median, ""


def climate_heat(heat_kwh_per_m2: float, hot_water_kwh_per_m2: float, site_hdd: float, typology_hdd: float) -> float:
    """Heat demand [kWh/m²·yr] of a typology figure moved to another climate: hot water kept,
    the space-heating rest scaled by heating degree days (site / the typology's climate,
    Eurostat method, ref:eurostat-hdd-method): the degree-day method of EN ISO 52016-1's
    simplified monthly balance, heat loss proportional to the indoor-outdoor difference below
    the heating limit. A place without heating degree days needs hot water only; the result
    is capped at :data:`MAX_HEAT_KWH_PER_M2`. Raises :class:`ValueError` when ``typology_hdd`` is not positive."""
    if typology_hdd <= 0:
        raise ValueError(f"typology_hdd: expected heating degree days > 0 K·d/yr, got {typology_hdd}")
    space = max(heat_kwh_per_m2 - hot_water_kwh_per_m2, 0.0)
    # Capped at the district file's largest accepted figure, so a polar site still validates.
    return round(min(min(heat_kwh_per_m2, hot_water_kwh_per_m2) + space * site_hdd / typology_hdd, MAX_HEAT_KWH_PER_M2), 1)


def _site_hdd(latitude: float, longitude: float, altitude_m: float, zone: str, climate: dict[str, Any],
              weather: str | None) -> float:
    """Heating degree days [K·d/yr] of the year the new district will run on: its weather file,
    else the synthetic year of its climate normals (:func:`game_rules.weather.synthesise`)."""
    from game_rules.districts import Climate, Location
    from game_rules.weather import heating_degree_days, read_weather_file, synthesise

    if weather is not None:
        return heating_degree_days(read_weather_file(weather, zone))
    location = Location(latitude=latitude, longitude=longitude, altitude_m=altitude_m, timezone=zone, source="given to assembler district new")
    return heating_degree_days(synthesise(location, Climate.model_validate({**climate, "source": "given to assembler district new"})))


#: Bounding boxes (lat_min, lat_max, lon_min, lon_max) [degrees] of the mainland grids whose
#: country-wide factors ``data/typologies.yaml`` holds: a place of the country outside its box is
#: on an island or overseas grid (La Réunion, Guadeloupe, Corsica, Madeira, the Azores, the
#: Canaries...), not interconnected with the mainland's generation mix.
MAINLAND: dict[str, tuple[float, float, float, float]] = {
    "FR": (42.3, 51.2, -5.2, 8.3), "PT": (36.9, 42.2, -9.6, -6.1), "ES": (35.9, 43.8, -9.4, 3.4),
}
ISLAND_GRID_CO2 = 650.0
"""Grid CO₂ intensity [g/kWh] written for a place off its country's mainland grid (assumption
[400-900]: island grids run largely on oil, coal or diesel engines with some hydro, solar and
bagasse; replace with the island's own factor, e.g. the ADEME Base Carbone or the grid operator's)."""
ISLAND_GRID_CO2_RANGE = (400.0, 900.0)


def off_mainland(country: str, latitude: float, longitude: float) -> bool:
    """Whether a place of ``country`` lies outside its mainland grid (:data:`MAINLAND`); False
    for a country without a box."""
    box = MAINLAND.get(country)
    if box is None:
        return False
    lat_min, lat_max, lon_min, lon_max = box
    return not (lat_min <= latitude <= lat_max and lon_min <= longitude <= lon_max)


def design_label(country: str) -> str:
    """The typology row used for ``country`` (the generic fallback for unknown countries)."""
    table = typologies()["countries"]
    return str(table.get(country, table["EU"])["label"])


def new_district(name: str, latitude: float, longitude: float, country: str, *, dwellings: int = 2000,
                 period: str = "1946-1980", altitude_m: float | None = None, timezone: str | None = None,
                 weather: str | None = None) -> dict[str, Any]:
    """A district mapping (ready to dump as YAML) for a place and a country, validated.

    ``altitude_m`` None: the altitude of the nearest reference station within its radius
    (:func:`nearest_station`; the place shares its climate), else 0 m. Climate normals come from
    ``weather`` (a file for this place, checked within :data:`game_rules.weather.MAX_WEATHER_KM`),
    else :func:`estimate_normals`, which also gives the design outdoor temperature.

    ``period`` is one of the typology periods (``data/typologies.yaml``); two-thirds of the
    dwellings are taken from that period (housing company), one third from 1981-2000 (private
    owners), plus schools and shops at 12 % of the residential floor area. Raises
    :class:`~game_rules.districts.DistrictError` (a ``ValueError``) naming a wrong input.
    """
    data = typologies()
    periods: list[str] = data["periods"]
    if period not in periods:
        raise ValueError(f"--period: expected one of {periods}, got {period!r}")
    code = country.upper()
    if not re.fullmatch(r"[A-Z]{2}|EU", code):
        raise ValueError(f"--country: expected an ISO 3166-1 alpha-2 code such as PT, got {country!r}")
    if dwellings < 1:
        raise ValueError(f"--dwellings: expected at least 1, got {dwellings}")
    row = data["countries"].get(code, data["countries"]["EU"])
    known = code in data["countries"]
    defaults = data["defaults"].get(code, data["defaults"]["EU"])
    plausible: dict[str, list[float]] = data["plausible"]
    if altitude_m is None:
        near = nearest_station(latitude, longitude)
        altitude_m = float(near[0]["altitude_m"]) if near is not None else 0.0
    zone = timezone or timezone_at(latitude, longitude)
    m2 = float(data["heated_m2_per_dwelling"])
    if weather is not None:
        climate = normals_from_weather(weather, zone, latitude, longitude)
    else:
        climate = estimate_normals(latitude, altitude_m, longitude)
    site_hdd = _site_hdd(latitude, longitude, altitude_m, zone, climate, weather)
    base_hdd, base_of = typology_hdd(code)
    water = data["hot_water_kwh_per_m2"]
    old_heat = climate_heat(float(row["heat_kwh_per_m2"][periods.index(period)]), water["residential"], site_hdd, base_hdd)
    new_heat = climate_heat(float(row["heat_kwh_per_m2"][periods.index("1981-2000")]), water["residential"], site_hdd, base_hdd)
    shop_heat = climate_heat(120.0, water["non_residential"], site_hdd, base_hdd)
    if base_of:
        scaled = data_phrase(f"space heating scaled by heating degree days {site_hdd:.0f} / {base_hdd:.0f} of {base_of} "
                             f"(Eurostat method, 18 °C base, 15 °C limit)")
    else:
        scaled = data_phrase(f"space heating scaled by heating degree days {site_hdd:.0f} / {base_hdd:.0f}, the median of "
                             f"the built-in districts (Eurostat method, 18 °C base, 15 °C limit)")
    factor = data["plausible_factor"]
    typology_refs = ["tabula-episcope-webtool", "iwu-tabula"]
    label_en = f"{row['label']}{'' if known else f' ({code} not in the table)'}"

    def group(gid: str, share: float, heat: float, owner: str, built: str, label: dict[str, str]) -> dict[str, Any]:
        flats = max(1, round(dwellings * share))
        return {
            "id": gid, "label": label, "use": "residential",
            "owner": owner, "occupant": "residents" if owner == "housing_company" else "homeowners",
            "built": built, "energy_class": energy_class(heat), "floor_area_m2": round(flats * m2),
            "dwellings": flats, "heat_kwh_per_m2": heat,
            "electricity_kwh_per_dwelling": float(data["electricity_kwh_per_dwelling"]),
            "heating": row["heating"], "roof_area_m2": round(flats * m2 / 4 * 0.5),
            "buildings": max(1, round(flats / 30)),
            "owners": 1 if owner == "housing_company" else max(1, round(flats / 4)),
            "source": f"{label_en}: {built} multi-family house, {heat:g} kWh/m²·yr; {scaled}; 65 m² per flat; roofs = floor area / 4 storeys x 50 % usable (assumptions)",
            "references": [*typology_refs, "eurostat-hdd-method"],
            "assumptions": {"heat_kwh_per_m2": [round(heat * factor[0], 1), round(heat * factor[1], 1)],
                            "roof_area_m2": [flats * m2 / 4 * 0.3, flats * m2 / 4 * 0.7]},
        }

    residential_m2 = dwellings * m2
    groups = [
        group("social_flats", 2 / 3, old_heat, "housing_company", period,
              _catalog_text("district:typology.rental_flats", period=period)),
        group("private_flats", 1 / 3, new_heat, "homeowners", "1981-2000", _catalog_text("district:typology.owner_flats")),
        {"id": "schools_shops", "label": _catalog_text("district:typology.schools_shops"),
         "use": "non_residential", "owner": "city", "occupant": "smes", "built": "1960-2000", "energy_class": "D",
         "floor_area_m2": round(residential_m2 * 0.12), "heat_kwh_per_m2": shop_heat, "electricity_kwh_per_m2": 45.0,
         "heating": row["heating"], "roof_area_m2": round(residential_m2 * 0.12 / 2 * 0.5), "load_profile": "G1",
         "source": f"assumption: non-residential floor area 12 % of residential; 120 kWh/m² heat, 45 kWh/m² electricity; {scaled}",
         "references": ["eurostat-hdd-method"],
         "assumptions": {"floor_area_m2": [residential_m2 * 0.05, residential_m2 * 0.25],
                         "heat_kwh_per_m2": [round(shop_heat * 2 / 3, 1), round(shop_heat * 1.5, 1)], "electricity_kwh_per_m2": [25.0, 80.0]}},
    ]

    def ranged(keys: dict[str, str]) -> dict[str, list[float]]:
        return {field: [round(defaults[key] * plausible[key][0], 4), round(defaults[key] * plausible[key][1], 4)]
                for field, key in keys.items()}

    sourced = code in data["sourced_electricity"]
    tariffs_assumed = ranged({"feed_in_eur_per_kwh": "feed_in", "gas_eur_per_kwh": "gas",
                              "district_heat_eur_per_kwh": "district_heat", "grid_fee_eur_per_kwh": "grid_fee"})
    if not sourced:
        tariffs_assumed.update(ranged({"electricity_eur_per_kwh": "electricity"}))
    regime = defaults["regime"]
    mapping: dict[str, Any] = {
        "id": _slug(name), "name": name, "country": code, "regime": regime,
        "location": {"latitude": latitude, "longitude": longitude, "altitude_m": altitude_m, "timezone": zone,
                     "source": ("given to assembler district new" if timezone else
                                "given to assembler district new; time zone looked up from the coordinates"),
                     **({} if timezone else {"references": ["timezonefinder"]})},
        "climate": climate,
        "buildings": groups,
        "existing": {"pv_kwp": 0.0, "source": "assumption: no existing PV known", "assumptions": {"pv_kwp": [0.0, dwellings * 0.2]}},
        "tariffs": {"electricity_eur_per_kwh": defaults["electricity"], "feed_in_eur_per_kwh": defaults["feed_in"],
                    "gas_eur_per_kwh": defaults["gas"], "district_heat_eur_per_kwh": defaults["district_heat"],
                    "grid_fee_eur_per_kwh": defaults["grid_fee"],
                    "source": ("household electricity Eurostat H2 2024; other prices assumptions" if sourced
                               else "assumptions for the country (check Eurostat nrg_pc_204/nrg_pc_202)"),
                    "references": ["eurostat-electricity-prices"], "assumptions": tariffs_assumed},
        "emissions": {"grid_g_per_kwh": defaults["grid_co2"], "gas_g_per_kwh": 202, "district_heat_g_per_kwh": defaults["dh_co2"],
                      "source": "grid: assumption to check against the EEA intensity dataset; gas 202 g/kWh combustion factor (IPCC 2006 default, 56.1 t CO₂/TJ); district heat assumption",
                      "references": ["eea-ghg-intensity-electricity", "ipcc-2006-stationary-combustion"],
                      "assumptions": ranged({"grid_g_per_kwh": "grid_co2", "district_heat_g_per_kwh": "dh_co2"})},
        "primary_energy": {"grid": defaults["pe_grid"], "gas": 1.1, "district_heat": defaults["pe_dh"], "export": defaults["pe_grid"],
                           "source": ("assumptions: national non-renewable primary-energy factors; stand-in assumption: gas 1.1 as in "
                                      "Germany (GEG 2020 Annex 4), no national factor in our sources"),
                           "assumptions": {**ranged({"grid": "pe_grid", "district_heat": "pe_dh", "export": "pe_grid"}), "gas": [1.0, 1.2]}},
        "regulation": {"perimeter_km": 1.0, "grid_capacity_kw": round(dwellings * 2.0),
                       "source": "assumptions: compact district about 1 km across; transformer capacity 2 kW per dwelling",
                       "assumptions": {"perimeter_km": [0.5, 2.0], "grid_capacity_kw": [dwellings * 1.2, dwellings * 3.0]}},
        "finance": {"discount_rate": 0.04, "lifetime_years": 25, "source": "assumptions: municipal discount rate, analysis horizon",
                    "assumptions": {"discount_rate": [0.02, 0.08], "lifetime_years": [20, 30]}},
        "orchestrator": False,
        "mobility": {"cars": round(dwellings * 0.5), "ev_share": 0.05, "ev_kwh_per_year": 2000,
                     "source": "assumptions: 0.5 cars per dwelling, 5 % battery-electric, 12,000 km at 17 kWh/100 km",
                     "assumptions": {"ev_share": [0.01, 0.15], "ev_kwh_per_year": [1500, 3000]}},
    }
    if off_mainland(code, latitude, longitude):
        emissions = mapping["emissions"]
        emissions["grid_g_per_kwh"] = ISLAND_GRID_CO2
        emissions["assumptions"]["grid_g_per_kwh"] = list(ISLAND_GRID_CO2_RANGE)
        emissions["notes"] = {"grid_g_per_kwh": data_phrase(
            "assumption: an island or overseas grid, not the mainland's mix (oil, coal and diesel engines with some "
            "renewables); replace with the island's own factor")}
    if regime == "EU":
        mapping["regime_note"] = generic_regime_note(code)
        mapping["regulation"]["references"] = ["red-ii-art-22", "iemd-2019-944-art-16"]
    if weather is not None:
        mapping["weather"] = str(weather)
    district_from_mapping(mapping, origin=f"district {name!r}")
    return mapping


def generic_regime_note(country: str) -> dict[str, str]:
    """The report's sentence for a district under the generic EU regime, in every shipped
    language (catalog message ``district:typology.regime_note``), naming the country by its CLDR
    territory name in that language (:func:`catalogs.formatting.country`), not its code."""
    from catalogs import formatting as fmt
    from catalogs import languages, message

    return {lang: message("district:typology.regime_note", lang).format(country=fmt.country(country, lang))
            for lang in languages()}


def _catalog_text(key: str, **params: str) -> dict[str, str]:
    """The catalog message ``key`` in every shipped language (a district file's text mapping)."""
    return dict(Text.of(key, **params).root)


#: Upper bounds [kWh/m²·yr] of the energy classes A+ to G (GEG 2020 Anlage 10 scale); above: H.
CLASS_BOUNDS = (("A+", 30), ("A", 50), ("B", 75), ("C", 100), ("D", 130), ("E", 160), ("F", 200), ("G", 250))


def energy_class(heat_kwh_per_m2: float) -> str:
    """Energy class letter for a final-energy intensity (GEG 2020 Anlage 10 bands)."""
    for letter, bound in CLASS_BOUNDS:
        if heat_kwh_per_m2 < bound:
            return letter
    return "H"


def check(mapping: object, origin: str) -> District:
    """Validate a parsed district file (see :func:`~game_rules.district_loading.district_from_mapping`)."""
    return district_from_mapping(mapping, origin=origin)


class _Dumper(yaml.SafeDumper):
    """Lists of numbers on one line (monthly normals, ranges), mappings in block style."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(isinstance(item, (int, float, str)) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)


def dump_district(mapping: dict[str, Any], header: str = "") -> str:
    """YAML text of a district mapping, in the layout of the shipped district files."""
    return header + yaml.dump(mapping, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)
