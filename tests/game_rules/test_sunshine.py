"""Irradiation of ``district new`` for a place with no weather file (game_rules.sunshine)."""

from __future__ import annotations

import pytest

from game_rules.district_loading import load_district
from game_rules.sunshine import estimate_irradiation
from game_rules.typologies import estimate_normals


@pytest.mark.parametrize(("name", "lat", "lon", "alt", "published"), [
    # Built-in Porto: PVGIS-based monthly GHI, annual 1,633 kWh/m² (game_rules/data/districts/porto.yaml).
    ("Porto Campanhã", 41.15, -8.59, 90, 1633.0),
    # Built-in Stockholm: annual 943 kWh/m² (stockholm.yaml).
    ("Stockholm Hammarby", 59.30, 18.10, 20, 943.0),
    # Tromsø 669 kWh/m², MET Norway SUNPOINT (ref:metno-sunpoint-solinnstraling).
    ("Tromsø", 69.65, 18.96, 10, 669.0),
    # Uganda's 56 stations: mean 1,680 kWh/m² (ref:katongole-uganda-ghi).
    ("Kampala", 0.35, 32.58, 1200, 1680.0),
])
def test_annual_irradiation_of_district_new_is_within_ten_percent_of_the_published_value(
        name: str, lat: float, lon: float, alt: float, published: float) -> None:
    """Review of issue 12 (F-irr): Porto Campanhã was 1,043 kWh/m² against 1,633 for the built-in
    Porto 3 km away, Stockholm 721 against 943. Now within ±10 % of the published annual GHI."""
    climate = estimate_normals(lat, alt, lon)
    annual = sum(climate["monthly_ghi_kwh_m2"])
    assert abs(annual / published - 1.0) <= 0.10, (name, annual, published)
    low, high = climate["assumptions"]["monthly_ghi_kwh_m2"]
    assert low <= published <= high


def test_a_station_carries_its_monthly_shape_latitude_corrected() -> None:
    """Near a built-in station its clear-sky index is taken month by month: a place 100 km north of
    Porto keeps Porto's summer/winter ratio within 10 %, and gets less in December (lower sun)."""
    porto = load_district("porto").climate.monthly_ghi_kwh_m2
    sun = estimate_irradiation(42.05, -8.63, 90.0)
    assert sun.near and sun.place.id == "porto"
    assert abs((sun.monthly[6] / sun.monthly[11]) / (porto[6] / porto[11]) - 1.0) < 0.15
    assert sun.monthly[11] < porto[11]


def test_beyond_the_radius_the_place_of_the_nearest_latitude_stands_in() -> None:
    """Quito (0.2°S) is nearest by distance to Porto, across the Atlantic; its cloudiness is that of
    the equatorial belt, so Uganda's clear-sky index is used, and the range is the wide one."""
    sun = estimate_irradiation(-0.18, -78.47, 2850.0)
    assert not sun.near and sun.place.id == "uganda-central"
    assert sun.factor_range == (0.75, 1.25)
    assert "Uganda" in sun.source


def test_a_wrong_coordinate_is_refused_naming_what_was_expected() -> None:
    with pytest.raises(ValueError, match=r"expected latitude -90\.\.90"):
        estimate_irradiation(95.0, 0.0)
