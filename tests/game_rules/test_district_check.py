"""The district file check shared by ``assembler district check`` and the server's upload."""

from __future__ import annotations

from pathlib import Path

import pytest

from game_rules.district_check import check_district_text, district_digest, uploaded_district
from game_rules.districts import DATA_DIR, DistrictError

PORTO = (DATA_DIR / "porto.yaml").read_text(encoding="utf-8")


def test_a_shipped_district_checks_and_its_pv_yield_is_computed() -> None:
    """Porto's built-in file passes; its roof PV yield is a Portuguese one (PVGIS gives about
    1,400-1,600 kWh/kWp·yr for optimally tilted PV near Porto; JRC PVGIS 5.2, 2022)."""
    result = check_district_text(PORTO, "porto.yaml")
    assert result.ok and result.district is not None and result.district.id == "porto"
    assert result.pv_yield is not None and 1000 < result.pv_yield < 1800


def test_each_wrong_field_is_named_with_its_range() -> None:
    """Latitude 95: the field and WGS 84's range [-90, 90]; a string for a number: named too."""
    text = PORTO.replace("latitude: 41.", "latitude: 95.", 1).replace("dwellings: ", "dwellings: many #", 1)
    result = check_district_text(text, "porto.yaml")
    fields = {p.field: p for p in result.problems}
    assert result.district is None
    assert (fields["location.latitude"].low, fields["location.latitude"].high) == (-90, 90)
    assert "allowed -90 ≤ value ≤ 90" in fields["location.latitude"].line()
    assert any(f.startswith("buildings.0") for f in fields), fields


def test_an_upload_may_not_name_a_weather_file_but_the_cli_reads_it_beside_the_file(tmp_path: Path) -> None:
    text = PORTO + "\nweather: missing.epw\n"
    refused = check_district_text(text, "upload")
    assert [p.field for p in refused.problems] == ["weather"]
    cli = check_district_text(text, "porto.yaml", base=tmp_path)
    assert cli.district is None and cli.problems[0].field == "(district)"  # the CLI reads (and misses) the file


@pytest.mark.parametrize("text", ["id: [unclosed", "- a\n- list", ""])
def test_a_file_that_is_no_mapping_is_one_problem_on_the_file(text: str) -> None:
    result = check_district_text(text, "x.yaml")
    assert [p.field for p in result.problems] == ["(file)"] and "x.yaml" in result.problems[0].message


def test_a_stored_upload_is_read_again_without_profiles_and_keyed_by_content() -> None:
    assert uploaded_district(PORTO).id == "porto"
    assert district_digest(PORTO) != district_digest(PORTO + "\n# edited\n")
    with pytest.raises(DistrictError, match="weather"):
        uploaded_district(PORTO + "\nweather: /etc/passwd\n")


def test_a_file_whose_aliases_expand_to_billions_of_values_is_refused_at_once() -> None:
    """The "billion laughs" shape: nine levels of ten aliases are 10⁹ values in a few hundred bytes."""
    lines = ["a0: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"]
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    result = check_district_text("\n".join(lines), "laughs.yaml")
    assert [p.field for p in result.problems] == ["(file)"] and "aliases" in result.problems[0].message
