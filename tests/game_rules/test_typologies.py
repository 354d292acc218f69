"""A new district from a place (game_rules/typologies.py): its clock comes from its coordinates.

Source: the IANA time zone database as drawn by timezone-boundary-builder, looked up offline with
timezonefinder (ref:timezonefinder). Ireland keeps Irish time with summer time (Europe/Dublin,
UTC+0/+1), Norway Central European time with summer time (Europe/Oslo, UTC+1/+2), and La Réunion,
a French département in the Indian Ocean, Réunion time (Indian/Reunion, UTC+4, no summer time),
not the time of mainland France.
"""

from __future__ import annotations

import pytest

from game_rules.district_loading import district_from_mapping
from game_rules.references import load as load_references
from game_rules.typologies import climate_heat, new_district, timezone_at


@pytest.mark.parametrize(("name", "lat", "lon", "country", "zone"), [
    ("Limerick", 52.66, -8.63, "IE", "Europe/Dublin"),  # was Etc/GMT+1 (UTC-1, no summer time)
    ("Trondheim", 63.43, 10.40, "NO", "Europe/Oslo"),  # was Etc/GMT-1 (no summer time)
    ("Saint-Denis, La Réunion", -20.88, 55.45, "FR", "Indian/Reunion"),  # was Europe/Paris
    ("Munich", 48.14, 11.58, "DE", "Europe/Berlin"),
])
def test_a_new_district_takes_the_time_zone_of_its_place(name: str, lat: float, lon: float, country: str, zone: str) -> None:
    assert timezone_at(lat, lon) == zone
    mapping = new_district(name, lat, lon, country)
    assert mapping["location"]["timezone"] == zone
    assert mapping["location"]["references"] == ["timezonefinder"]
    assert district_from_mapping(mapping).location.timezone == zone


def test_a_time_zone_given_by_hand_is_kept_and_the_lookup_is_in_the_bibliography() -> None:
    mapping = new_district("Lyon", 45.74, 4.82, "FR", timezone="Europe/Paris")
    assert mapping["location"]["timezone"] == "Europe/Paris" and "references" not in mapping["location"]
    assert "timezonefinder" in load_references()


def test_at_sea_the_nautical_zone_of_the_longitude() -> None:
    """No zone is drawn on the open Atlantic at 0°, 30° W: UTC-2 (POSIX sign: Etc/GMT+2)."""
    assert timezone_at(0.0, -30.0) == "Etc/GMT+2"


def test_heat_demand_follows_the_climate_of_the_new_district() -> None:
    """The typology's heat (space heating + hot water, TABULA) stands for its own climate; a new
    district keeps the hot water (20 kWh/m²·yr, assumption) and scales the space-heating rest by
    its heating degree days over the typology climate's (Eurostat: 18 °C base, days at or below
    15 °C; ref:eurostat-hdd-method). At the equator (Macapá, 0.03° N, 27 °C all year) no day is
    below the heating limit: HDD = 0, so the flats need hot water only, 20 kWh/m²·yr, and the
    space heat is zero. Tromsø (69.65° N; its published normals, July 12.4 °C, so nearly every
    day is below the heating limit) has well over 1.5 times Munich's degree days, so its flats
    need more than Munich's (issue #12: before, 25,487.5 MWh/yr everywhere, the equator included)."""
    equator = district_from_mapping(new_district("Macapá", 0.03, -51.05, "BR"))
    tromso = district_from_mapping(new_district("Tromsø", 69.65, 18.96, "NO"))
    munich = district_from_mapping(new_district("Munich", 48.14, 11.58, "DE"))
    places = {"Macapá": equator, "Tromsø": tromso, "Munich": munich}
    flats = {name: {g.id: g.heat_kwh_per_m2 for g in d.buildings} for name, d in places.items()}
    assert flats["Macapá"] == {"social_flats": 20.0, "private_flats": 20.0, "schools_shops": 5.0}
    assert flats["Tromsø"]["social_flats"] > flats["Munich"]["social_flats"] > flats["Macapá"]["social_flats"]
    heat = {name: sum(g.heat_kwh for g in d.buildings) for name, d in places.items()}
    assert heat["Tromsø"] > 1.5 * heat["Munich"] > 10 * heat["Macapá"]
    assert "heating degree days 0 / " in next(g for g in equator.buildings if g.id == "social_flats").source


def test_the_degree_day_scaling_by_hand() -> None:
    """200 kWh/m²·yr with 20 of hot water, at 1.5 times the typology's degree days:
    20 + 180 x 1.5 = 290; with none: 20; capped at 600 (the district file's limit)."""
    assert climate_heat(200.0, 20.0, 4500.0, 3000.0) == 290.0
    assert climate_heat(200.0, 20.0, 0.0, 3000.0) == 20.0
    assert climate_heat(200.0, 20.0, 30_000.0, 3000.0) == 600.0
    with pytest.raises(ValueError, match="typology_hdd"):
        climate_heat(200.0, 20.0, 100.0, 0.0)


def test_heating_degree_days_by_the_eurostat_method() -> None:
    """A year of 365 days at 10 °C (below the 15 °C limit) has 365 x (18 - 10) = 2,920 K·d; at
    16 °C (above the limit) none, though below the 18 °C base."""
    import numpy as np

    from game_rules.weather import Weather, heating_degree_days, hourly_index

    index = hourly_index("UTC")
    zeros = np.zeros(len(index))
    for temp, hdd in ((10.0, 2920.0), (16.0, 0.0)):
        year = Weather(index=index, temp_c=zeros + temp, ghi=zeros, dni=zeros, dhi=zeros, wind_m_s=zeros, source="test")
        assert heating_degree_days(year) == pytest.approx(hdd)


def test_new_district_far_north_takes_the_published_normals_of_tromso() -> None:
    """Issue 12 (review): the zonal estimate gave Tromsø a July of 18 °C. Tromsø's published July
    mean is 12.4 °C, its coldest month February −3.7 °C (climatestotravel.com after the Norwegian
    Meteorological Institute, ref ``climatestotravel-tromso``); the new district's July lies within
    2 K of it, its design temperature is written with a range, and the file validates."""
    from game_rules.typologies import new_district

    mapping = new_district("Tromsø sentrum", 69.65, 18.96, "NO")
    climate = mapping["climate"]
    assert abs(climate["monthly_temp_c"][6] - 12.4) <= 2.0
    assert abs(min(climate["monthly_temp_c"]) - (-3.7)) <= 2.0
    low, high = climate["assumptions"]["design_temp_c"]
    assert low < climate["design_temp_c"] < high
    assert "climatestotravel-tromso" in climate["references"]


def test_new_district_in_munich_writes_the_din_design_temperature() -> None:
    """Munich's design outdoor temperature is −16 °C (DIN/TS 12831-1 Beiblatt 1, ref
    ``din-en-12831-norm-aussentemperatur``); the supplement range for the region is −14 to −16 °C.
    ``district new`` at Munich writes it (altitude taken from the reference station, 505 m)."""
    from game_rules.typologies import new_district

    climate = new_district("München Nord", 48.2, 11.6, "DE")["climate"]
    assert -16.0 <= climate["design_temp_c"] <= -14.0
    assert climate["monthly_temp_c"][6] == pytest.approx(19.2, abs=0.5)  # DWD 1991-2020, approx.


def test_far_from_any_station_the_zonal_estimate_states_its_design_temperature() -> None:
    """Away from every reference station (mid-Atlantic, 55°N 30°W) the zonal estimate stands and
    the design temperature is the normals rule (coldest month − 0.75 x annual range), with ±4 K."""
    from game_rules.typologies import design_from_normals, estimate_normals

    climate = estimate_normals(55.0, 0.0, -30.0)
    assert climate["design_temp_c"] == design_from_normals(climate["monthly_temp_c"])
    assert climate["assumptions"]["design_temp_c"] == [climate["design_temp_c"] - 4.0, climate["design_temp_c"] + 4.0]


def test_the_regime_note_names_the_country_in_each_language() -> None:
    """A district under the generic EU regime: the note names its country by the CLDR territory
    name in each language (Unicode CLDR via Babel), not its ISO code."""
    from game_rules.typologies import generic_regime_note

    note = generic_regime_note("NO")
    assert note["en"].startswith("Norway's own") and "Norwegen" in note["de"]
    assert "Norvège" in note["fr"] and "Noruega" in note["pt"]
    assert all("(NO)" not in text and not text.startswith("NO") for text in note.values())


def test_an_overseas_french_district_does_not_get_the_mainland_grid_factor() -> None:
    """Saint-Denis, La Réunion (−20.9°, 55.4°), a French département on an island grid: not
    mainland France's grid CO₂ factor but an assumption with its range and a note saying why;
    Lyon keeps the country's factor."""
    from game_rules.typologies import ISLAND_GRID_CO2, ISLAND_GRID_CO2_RANGE

    reunion = new_district("Saint-Denis", -20.88, 55.45, "FR")["emissions"]
    lyon = new_district("Lyon Part-Dieu", 45.76, 4.86, "FR")["emissions"]
    assert reunion["grid_g_per_kwh"] == ISLAND_GRID_CO2 > 5 * lyon["grid_g_per_kwh"]
    assert reunion["assumptions"]["grid_g_per_kwh"] == list(ISLAND_GRID_CO2_RANGE)
    assert "island" in reunion["notes"]["grid_g_per_kwh"]
    district_from_mapping(new_district("Saint-Denis", -20.88, 55.45, "FR"))


def test_district_new_refuses_a_weather_file_made_for_another_place() -> None:
    """The PVGIS TMY for 45°N 8°E (Piedmont) given for a district in Munich (48.2°N 11.6°E, about
    480 km away) is refused naming both places, not turned into Munich's normals."""
    from pathlib import Path

    from game_rules.weather import WeatherError

    epw = Path(__file__).resolve().parents[1] / "data" / "weather" / "pvgis-tmy_45.000_8.000.epw"
    with pytest.raises(WeatherError, match=r"45\.00° N, 8\.00° E.*48\.20° N, 11\.60° E"):
        new_district("München Nord", 48.2, 11.6, "DE", timezone="Europe/Berlin", weather=str(epw))
