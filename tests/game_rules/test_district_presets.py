"""All eight built-in districts load, cite known references, and assess; bad files name the field."""

from __future__ import annotations

import math

import pytest
import yaml

from game_rules import assess, load_district
from game_rules.district_loading import district_from_mapping
from game_rules.districts import DATA_DIR, DISTRICT_PRESETS, DistrictError
from game_rules.references import load as load_references


def test_the_eight_presets_are_the_lighthouses_and_multiplier_cities() -> None:
    assert set(DISTRICT_PRESETS) == {"lyon-confluence", "munich-harthof", "porto", "charleroi", "stockholm",
                                     "prague", "budapest", "alba-iulia"}


@pytest.mark.parametrize("name", DISTRICT_PRESETS)
def test_every_preset_assesses(name: str, example) -> None:  # type: ignore[no-untyped-def]
    district = load_district(name)
    assessment = assess(example("munich-harthof"), district, ["SCN-01"])
    assert all(math.isfinite(k.value) for k in assessment.kpis)
    assert 500 < assessment.kpi("pv_yield").value < 1700


@pytest.mark.parametrize("name", ["porto", "charleroi", "stockholm", "prague", "budapest", "alba-iulia"])
def test_multiplier_cities_say_which_regime_applies_and_cite_known_sources(name: str) -> None:
    """The generic EU regime (RED II art. 22 RECs; Directive (EU) 2019/944 art. 16 CECs) applies
    where the national sharing scheme is not modelled, and the district says so for the report."""
    district = load_district(name)
    assert district.regime == "EU"
    assert district.regime_note is not None and "2018/2001" in district.regime_note.en and "2019/944" in district.regime_note.fr
    known = load_references()
    sections = (district.location, district.climate, *district.buildings, district.existing, district.tariffs,
                district.emissions, district.primary_energy, district.regulation, district.finance, district.mobility)
    cited = {ref for section in sections for ref in section.references}
    assert cited and cited <= set(known), cited - set(known)
    # Every unsourced section lists its assumptions with ranges that contain the value.
    for section in sections:
        for field, (low, high) in section.assumptions.items():
            value = getattr(section, field)
            if isinstance(value, (int, float)):
                assert low <= value <= high, (name, field, value, low, high)


def _munich() -> dict:  # type: ignore[type-arg]
    data: dict = yaml.safe_load((DATA_DIR / "munich-harthof.yaml").read_text(encoding="utf-8"))  # type: ignore[type-arg]
    return data


@pytest.mark.parametrize(("edit", "named"), [
    (lambda d: d["tariffs"].update(gas_eur_per_kwh="twelve"), "gas_eur_per_kwh"),
    (lambda d: d["finance"].pop("discount_rate"), "finance.discount_rate"),
    (lambda d: d["location"].update(latitude=float("nan")), "location.latitude"),
    (lambda d: d["location"].update(latitude=95), "location.latitude"),
    (lambda d: d["buildings"][0].update(floor_area_m2=-1), "buildings.0.floor_area_m2"),
    (lambda d: d["climate"]["monthly_temp_c"].__setitem__(3, "warm"), "monthly_temp_c"),
    (lambda d: d["climate"].update(monthly_ghi_kwh_m2=[10] * 11), "monthly_ghi_kwh_m2"),
])
def test_a_wrong_value_is_refused_naming_the_field(edit, named: str) -> None:  # type: ignore[no-untyped-def]
    data = _munich()
    edit(data)
    with pytest.raises(DistrictError, match=named.replace(".", r"\.")):
        district_from_mapping(data)


def test_a_range_error_states_the_allowed_range() -> None:
    data = _munich()
    data["location"]["latitude"] = -95
    with pytest.raises(DistrictError, match="allowed -90 ≤ value ≤ 90"):
        district_from_mapping(data)
