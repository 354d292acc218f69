"""Buildings of a district as members of a sharing scheme (game_rules/buildings.py).

Reference values come from the district file (data/districts/munich-harthof.yaml: 3,500 GWG
flats, 2,000 private flats, one school/shop group; 2,100 kWh per flat, 45 kWh/m² on 22,000 m²)
and the documented split of :data:`game_rules.buildings.FLATS_PER_BUILDING` = 12 flats a building.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from cards.effects import Stakeholder
from game_rules.allocation import share
from game_rules.buildings import (
    DEFAULT_AREA,
    FLATS_PER_BUILDING,
    KWP_PER_M2,
    Building,
    BuildingError,
    BuildingSet,
    buildings_for_run,
    buildings_from_district,
)
from game_rules.district_loading import load_district
from game_rules.districts import DISTRICT_PRESETS, District, Site
from game_rules.energy import simulate
from game_rules.params import Params, base_params
from game_rules.perimeters import max_distance_km
from game_rules.profiles import profiles_for


def test_munich_splits_into_buildings_of_twelve_flats_with_the_districts_demand(munich: District) -> None:
    """ceil(3,500 / 12) = 292 GWG buildings + ceil(2,000 / 12) = 167 private + ceil(22,000 m² /
    5,000 m²) = 5 school and shop buildings (M2_PER_NON_RESIDENTIAL_BUILDING, assumption) = 464; their demand adds up to the district's appliance electricity,
    3,500 x 2,100 + 2,000 x 2,100 + 22,000 x 45 = 12,540,000 kWh/yr (no heat pumps in Munich)."""
    result = buildings_from_district(munich)
    assert len(result.buildings) == math.ceil(3500 / FLATS_PER_BUILDING) + math.ceil(2000 / FLATS_PER_BUILDING) + 5 == 464
    assert result.demand.shape == (8760, 464)
    assert result.demand.sum() == pytest.approx(12_540_000, rel=1e-9)
    assert "summer time" in result.time_base


def test_pv_follows_roof_area_use_and_density_and_the_roof_owner_owns_it(munich: District) -> None:
    """With half the roofs used: 28,000 m² x 0.5 x 0.18 kWp/m² = 2,520 kWp, producing that
    times the roof yield pvlib computes from the district's weather."""
    result = buildings_from_district(munich, roof_use=0.5)
    kwp = sum(b.pv_kwp for b in result.buildings)
    assert kwp == pytest.approx(28_000 * 0.5 * KWP_PER_M2)
    assert result.pv.sum() == pytest.approx(kwp * profiles_for(munich).pv_roof.sum(), rel=1e-9)
    owners = {b.group: b.roof_owner for b in result.buildings}
    assert owners == {"gwg_flats": "housing_company", "private_flats": "homeowners", "schools_shops": "city"}


def test_without_a_roof_share_the_existing_pv_is_shared_out(munich: District) -> None:
    """Default roof use = existing PV / roof potential: 250 kWp in Munich's file."""
    result = buildings_from_district(munich)
    assert sum(b.pv_kwp for b in result.buildings) == pytest.approx(250.0)


def test_heat_pumps_add_their_electricity_to_the_buildings_that_have_them(munich: District) -> None:
    """The school group heated by an air heat pump: its demand rises by heat / hourly COP,
    22,000 m² x 120 kWh/m² = 2,640,000 kWh heat on the GHD profile."""
    groups = tuple(g.model_copy(update={"heating": "heat_pump_air"}) if g.id == "schools_shops" else g
                   for g in munich.buildings)
    heated = munich.model_copy(update={"buildings": groups})
    prof = profiles_for(munich)
    added = buildings_from_district(heated).demand.sum() - buildings_from_district(munich).demand.sum()
    assert added == pytest.approx((2_640_000 * prof.heat_commerce / prof.cop_air).sum(), rel=1e-9)
    assert 2_640_000 / 3.5 < added < 2_640_000 / 2.0  # a seasonal COP between 2 and 3.5


def test_buildings_lie_within_the_districts_perimeter(munich: District) -> None:
    """The grid's diagonal is the file's perimeter (1.2 km): the furthest pair is at most that."""
    members = buildings_from_district(munich).buildings
    assert 0.9 * 1.2 <= max_distance_km(members) <= 1.2 + 1e-9


def test_series_of_the_wrong_shape_or_sign_are_refused_naming_them(munich: District) -> None:
    one = (Building("a", "g", "residential", Stakeholder.CITY, Stakeholder.RESIDENTS, 0, 0, "a", "q", "dso", 1.0, 0.0),)
    with pytest.raises(BuildingError, match=r"demand: expected shape \(steps, 1\) for 1 buildings, got \(3, 2\)"):
        BuildingSet(one, demand=np.zeros((3, 2)), pv=np.zeros((3, 1)))
    with pytest.raises(BuildingError, match="non-negative"):
        BuildingSet(one, demand=-np.ones((3, 1)), pv=np.zeros((3, 1)))
    with pytest.raises(BuildingError, match=r"roof_use: expected a fraction 0-1, got 1\.5"):
        buildings_from_district(munich, roof_use=1.5)
    with pytest.raises(BuildingError, match=r"unknown \['nope'\]"):
        BuildingSet(one, demand=np.zeros((3, 1)), pv=np.zeros((3, 1))).with_participation(["nope"])


@pytest.mark.parametrize("name", DISTRICT_PRESETS)
def test_every_built_in_district_splits_into_buildings_that_can_share(name: str) -> None:
    """Each preset's buildings carry the district's appliance electricity (plus heat pumps) and
    share with sensible ratios: local use never above production nor demand."""
    district = load_district(name)
    result = buildings_from_district(district, roof_use=0.5)
    appliances = sum(g.electricity_kwh for g in district.buildings)
    assert result.demand.sum() >= appliances * (1 - 1e-9)
    scheme = share(result)
    assert 0 < scheme.self_consumption <= 1 and 0 < scheme.self_sufficiency <= 1


SITES = Path(__file__).resolve().parents[1] / "data" / "districts"


def test_sites_stand_where_the_district_file_puts_them_with_their_connections() -> None:
    """tests/data/districts/acc-sites.yaml: h2 lies 1 km east of h1, o1 3 km north of h1 (the
    file's comment derives the coordinates on the GRS 80 mean sphere, Moritz 2000); the plane
    (equirectangular, Snyder 1987) keeps both distances within 0.1 %. Each site is behind its own
    connection, in the district's quarter and the default balancing area, as the file gives none."""
    bs = buildings_from_district(load_district(SITES / "acc-sites.yaml"))
    at = {b.id: b for b in bs.buildings}
    assert bs.ids == ("h1", "h2", "o1") and bs.placement == "sites"
    assert math.hypot(at["h2"].x_m - at["h1"].x_m, at["h2"].y_m - at["h1"].y_m) == pytest.approx(1000, rel=1e-3)
    assert math.hypot(at["o1"].x_m - at["h1"].x_m, at["o1"].y_m - at["h1"].y_m) == pytest.approx(3000, rel=1e-3)
    assert [(b.connection, b.quarter, b.area, b.located) for b in bs.buildings] == [
        ("h1", "acc-sites", DEFAULT_AREA, "site"), ("h2", "acc-sites", DEFAULT_AREA, "site"),
        ("o1", "acc-sites", DEFAULT_AREA, "site")]
    groups = {b.group for b in bs.buildings}
    assert groups == {"housing", "offices"}


def test_a_sites_shares_split_the_groups_roof_floor_and_dwellings() -> None:
    """h1 holds roof_share 0.75 of the housing's 2,000 m², so h2 the remaining 0.25: PV 3:1. The
    dwellings give no share, so each site has half of 100 dwellings x 2,000 kWh = 100,000 kWh."""
    district = load_district(SITES / "acc-sites.yaml")
    bs = buildings_from_district(district, roof_use=0.5)
    h1, h2, _ = bs.buildings
    assert (h1.pv_kwp, h2.pv_kwp) == pytest.approx((2000 * 0.75 * 0.5 * KWP_PER_M2, 2000 * 0.25 * 0.5 * KWP_PER_M2))
    assert bs.pv[:, 0].sum() == pytest.approx(3 * bs.pv[:, 1].sum())
    assert bs.demand[:, :2].sum(axis=0) == pytest.approx([100_000, 100_000])


def test_groups_without_sites_stay_on_the_assumed_grid_beside_the_sites(munich: District) -> None:
    """Munich with sites for the school group only: its building at its site, the flats on the
    assumed grid (placement "mixed"); without any site every building is assumed."""
    assert buildings_from_district(munich).placement == "assumed"
    school = next(g for g in munich.buildings if g.id == "schools_shops")
    site = {"id": "school-1a", "latitude": 48.2, "longitude": 11.56, "connection": "c-school", "grid_area": "swm-north"}
    groups = tuple(g.model_copy(update={"sites": (Site(**site),)}) if g is school else g for g in munich.buildings)
    bs = buildings_from_district(munich.model_copy(update={"buildings": groups}))
    placed = next(b for b in bs.buildings if b.id == "school-1a")
    assert (placed.located, placed.connection, placed.area, placed.quarter) == ("site", "c-school", "swm-north", "munich-harthof")
    assert bs.placement == "mixed" and sum(b.located == "assumed" for b in bs.buildings) == len(bs.buildings) - 1
def test_the_cards_loads_and_pv_go_to_the_buildings_by_the_stated_keys(munich: District) -> None:
    """buildings_for_run's keys on Munich (district file: 3,500 + 2,000 flats in 292 + 167
    buildings, schools and shops 22,000 m² of 278,000 m²): with 50 % of the 3,000 cars electric
    (2,000 kWh/yr each) EV charging goes by dwellings, so the schools and shops get none and a
    GWG building of 3,500 / 292 flats gets 3,000 x 0.5 x 2,000 / 5,500 x 3,500 / 292 kWh/yr; 300
    kWp of façade PV goes by floor area, 22,000 / 278,000 of it to the schools and shops (five
    buildings of 4,400 m², one fifth each), whose pv_kwp counts it. The columns add up to the district model's demand and PV."""
    base = base_params(munich)

    def run(ev_share: float, bipv_kwp: float) -> tuple[BuildingSet, np.ndarray, np.ndarray]:
        params = Params({**base.values, "ev.share": ev_share, "bipv.kwp": bipv_kwp}, base.origin)
        energy = simulate(munich, params)
        assert energy.demand is not None
        return buildings_for_run(munich, params, energy), energy.demand, energy.pv

    bs, demand, pv = run(0.5, 300.0)
    without, _, _ = run(0.0, 0.0)
    ev = bs.demand.sum(axis=0) - without.demand.sum(axis=0)
    school = bs.ids.index("schools_shops-1")
    assert ev[school] == pytest.approx(0.0, abs=1e-6)
    assert ev[bs.ids.index("gwg_flats-1")] == pytest.approx(3000 * 0.5 * 2000 / 5500 * 3500 / 292)
    assert bs.buildings[school].pv_kwp - without.buildings[school].pv_kwp == pytest.approx(300 * 22_000 / 278_000 / 5)
    assert np.allclose(bs.demand.sum(axis=1), demand, rtol=0, atol=1e-6)
    assert np.allclose(bs.pv.sum(axis=1), pv, rtol=0, atol=1e-6)
