"""District presets and custom district files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from game_rules import DISTRICT_PRESETS, DistrictError, load_district
from game_rules.district_loading import district_from_mapping
from game_rules.districts import DATA_DIR, standard_offset_h


@pytest.mark.parametrize("name", DISTRICT_PRESETS)
def test_presets_load_with_sources(name: str) -> None:
    d = load_district(name)
    assert d.id == name
    assert d.dwellings > 0 and d.roof_area_m2 > 0
    for section in (d.location, d.climate, d.existing, d.tariffs, d.emissions, d.primary_energy, d.regulation, d.finance, d.mobility):
        assert len(section.source) > 3
    assert all(len(g.source) > 3 for g in d.buildings)
    assert abs(sum(d.owner_shares().values()) - 1) < 1e-9


def test_regimes_match_countries(munich, lyon) -> None:
    assert (munich.regime, lyon.regime) == ("DE", "FR")
    assert lyon.tariffs.electricity_eur_per_kwh == pytest.approx(0.1952)


def test_an_avoided_kwh_is_valued_at_the_energy_price_in_both_examples(munich, lyon) -> None:
    """A saved, self-consumed or shared kWh does not avoid the standing charge, so both example
    districts price electricity per kWh without it (issue 11 review, finding 6). Munich: BDEW 2025
    average 39.7 ct/kWh for 3,500 kWh/yr incl. the standing charge (ref:bdew-strompreis-2025) less
    the default-supply standing charge 139 EUR/yr (Verivox 2023, ref:verivox-grundversorgung-2023):
    39.7 - 13,900 / 3,500 = 35.73 ct/kWh. Lyon: TRVE Base energy price from 1 Aug 2025, 19.52 ct/kWh
    (ref:cre-trve-2025-08). Districts priced from Eurostat averages say they include it."""
    from game_rules.district_loading import load_district

    assert (munich.tariffs.electricity_basis, lyon.tariffs.electricity_basis) == ("energy_price", "energy_price")
    assert munich.tariffs.electricity_eur_per_kwh == pytest.approx(0.397 - 139 / 3500, abs=5e-4)
    assert munich.tariffs.standing_charge_eur_per_year == pytest.approx(139)
    assert "verivox-grundversorgung-2023" in munich.tariffs.references
    assert load_district("porto").tariffs.electricity_basis == "average_incl_fixed"


def _custom(tmp_path: Path, **changes: object) -> Path:
    data = yaml.safe_load((DATA_DIR / "munich-harthof.yaml").read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "custom.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_custom_district_file_loads(tmp_path: Path) -> None:
    d = load_district(_custom(tmp_path, id="my-town"))
    assert d.id == "my-town"


def test_wrong_month_count_names_the_field(tmp_path: Path) -> None:
    data = yaml.safe_load((DATA_DIR / "lyon-confluence.yaml").read_text(encoding="utf-8"))
    data["climate"]["monthly_temp_c"] = [1, 2, 3]
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(DistrictError, match="monthly_temp_c: expected 12 monthly values, got 3"):
        load_district(path)


def test_missing_section_and_bad_files(tmp_path: Path) -> None:
    data = yaml.safe_load((DATA_DIR / "lyon-confluence.yaml").read_text(encoding="utf-8"))
    del data["tariffs"]
    path = tmp_path / "no-tariffs.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(DistrictError, match="tariffs"):
        load_district(path)
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(DistrictError, match="not valid YAML"):
        load_district(broken)
    with pytest.raises(DistrictError, match="does not exist"):
        load_district(tmp_path / "nowhere.yaml")
    with pytest.raises(DistrictError, match="expected a district preset"):
        load_district("paris-centre")


def test_a_district_is_hashed_once_as_a_cache_key() -> None:
    """The energy and annual caches key on ``cache_key(district)``: the same object gives the same
    key (hashed once), an equal district an equal key (so it shares the cached runs), a changed
    district another key."""
    from game_rules.district_loading import cache_key

    lyon = load_district("lyon-confluence")
    key = cache_key(lyon)
    assert cache_key(lyon) is key
    same = lyon.model_copy()
    assert same is not lyon and cache_key(same) == key and hash(cache_key(same)) == hash(key)
    other = lyon.model_copy(update={"id": "lyon-other"})
    assert cache_key(other) != key


@pytest.mark.parametrize(("zone", "longitude"), [
    ("America/New_York", 11.56),  # Munich on UTC-5
    ("Asia/Tokyo", 11.56),  # Munich on UTC+9
    ("Etc/GMT-5", -8.63),  # Limerick on UTC+5
])
def test_a_time_zone_far_from_the_suns_is_refused_naming_the_field(zone: str, longitude: float) -> None:
    """The profiles run on the district's clock, so a zone whose standard UTC offset lies more than
    3 h from the mean solar time of the longitude (longitude / 15 h) is a wrong zone: refused,
    naming location.timezone (game_rules.districts.MAX_SOLAR_OFFSET_H)."""
    data = yaml.safe_load((DATA_DIR / "munich-harthof.yaml").read_text(encoding="utf-8"))
    data["location"].update(timezone=zone, longitude=longitude)
    with pytest.raises(DistrictError, match=r"location: timezone: expected a zone within 3 h"):
        district_from_mapping(data)


def test_zones_with_summer_time_near_the_sun_are_accepted() -> None:
    """Ireland's winter clock is UTC+0 (tzdata calls it a negative summer time: the standard
    offset is the smaller of January's and July's); Spain's UTC+1 at 3.7° W is 1.2 h off."""
    assert standard_offset_h("Europe/Dublin") == 0.0 and standard_offset_h("Indian/Reunion") == 4.0
    data = yaml.safe_load((DATA_DIR / "munich-harthof.yaml").read_text(encoding="utf-8"))
    data["location"].update(timezone="Europe/Madrid", longitude=-3.7)
    assert district_from_mapping(data).location.timezone == "Europe/Madrid"
@pytest.mark.parametrize("name", DISTRICT_PRESETS)
def test_the_listed_finance_lifetime_is_the_horizon_the_model_uses(name: str) -> None:
    """``finance.lifetime_years`` is listed among the assumptions; it must be what the model
    discounts over: the lifecycle's 25-year horizon [20-30] of assets.yaml (VDI 2067-1 period of
    observation), not a 20-year PV life the model does not use (PV modules last 30 years there)."""
    from game_rules import cashflow as cf

    district = load_district(name)
    horizon = cf.load().horizon
    assert district.finance.lifetime_years == horizon.value == 25
    assert tuple(district.finance.assumptions["lifetime_years"]) == horizon.assumption
    assert "PV asset life" not in district.finance.source
