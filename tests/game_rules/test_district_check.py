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


SITES = (Path(__file__).resolve().parents[1] / "data" / "districts" / "acc-sites.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("edit", "field", "words"), [
    (("longitude: 4.830886}", "longitude: 4.830886, roof_share: 0.5}"), "buildings.0.sites.roof_share",
     "expected the sites' shares to sum to 1"),
    (("{id: h2,", "{id: h1,"), "buildings.0.sites", "expected unique site ids"),
    (("{id: o1,", "{id: h2,"), "buildings.1.sites.0.id", "expected a site id unique in the district"),
    (("{id: h2,", "{id: offices-1,", "    sites:\n      - {id: o1, latitude: 45.76798, longitude: 4.818}\n", ""),
     "buildings.0.sites.1.id", "expected an id other than the assumed buildings'"),
    (("latitude: 45.76798, longitude: 4.818}", "latitude: 4.818, longitude: 45.76798}"), "buildings.1.sites.0",
     "(latitude and longitude swapped?)"),
    (("latitude: 45.76798", "latitude: 46.76798"), "buildings.1.sites.0", "expected within 50 km"),
    (("latitude: 45.76798", "latitude: north"), "buildings.1.sites.0.latitude", "expected a number"),
    (("{id: o1, latitude: 45.76798, ", "{id: o1, "), "buildings.1.sites.0.latitude", "Field required"),
    (("    roof_area_m2: 2000\n", "    roof_area_m2: 2000\n    buildings: 3\n"), "buildings.0.buildings",
     "expected the number of sites (2)"),
])
def test_a_wrong_site_is_refused_naming_its_field(edit: tuple[str, ...], field: str, words: str) -> None:
    """tests/data/districts/acc-sites.yaml with one site field wrong: shares summing to 1.25, a
    site id twice in a group or the district or named like an assumed building of a group without
    sites, latitude and longitude swapped or a site 114 km from the district's location (typing
    errors: beyond game_rules.districts.MAX_SITE_KM), a latitude in words or missing, a building
    count other than the sites'. The check (CLI and upload alike) names the field."""
    text = SITES
    for old, new in zip(edit[::2], edit[1::2], strict=True):
        assert old in text
        text = text.replace(old, new)
    result = check_district_text(text, "sites.yaml")
    assert result.district is None
    assert [(p.field, words in p.message) for p in result.problems] == [(field, True)], result.problems


def test_a_district_with_sites_checks() -> None:
    result = check_district_text(SITES, "acc-sites.yaml")
    assert result.ok and result.district is not None
    assert [s.id for g in result.district.buildings for s in g.sites] == ["h1", "h2", "o1"]


def _climate_line(text: str, field: str, values: str) -> str:
    """``text`` with the climate's ``field`` list replaced by ``values``."""
    import re

    return re.sub(rf"(\n  {field}: )\[[^\]]*\]", rf"\g<1>{values}", text, count=1)


@pytest.mark.parametrize("name", ["munich-harthof", "lyon-confluence", "porto", "charleroi", "stockholm", "prague",
                                  "budapest", "alba-iulia"])
def test_every_built_in_district_is_plausible(name: str) -> None:
    from game_rules.district_loading import load_district
    from game_rules.district_plausibility import plausibility_problems

    assert plausibility_problems(load_district(name)) == []


def test_a_roof_of_a_billion_square_metres_is_refused_naming_the_field_and_its_bound() -> None:
    """Review of issue 12 (F-plaus): 10⁹ m² of roof made 48 GW of export and passed."""
    import re

    text = re.sub(r"roof_area_m2: [0-9.]+", "roof_area_m2: 1000000000", PORTO, count=1)
    result = check_district_text(text, "porto.yaml")
    assert result.district is None
    problem = result.problems[0]
    assert problem.field == "buildings.0.roof_area_m2" and problem.got == "1e+09"
    assert problem.low == 0 and problem.high is not None and problem.high < 1e6
    assert "allowed 0 ≤ value ≤" in problem.line()


def test_sixty_degrees_all_year_is_refused_month_by_month() -> None:
    """Monthly means beyond −50..+40 °C are no inhabited place's (WMO normals' extremes)."""
    text = _climate_line(PORTO, "monthly_temp_c", "[" + ", ".join(["60"] * 12) + "]")
    result = check_district_text(text, "porto.yaml")
    fields = [p.field for p in result.problems]
    assert "climate.monthly_temp_c.0" in fields and "climate.monthly_temp_c.11" in fields
    first = next(p for p in result.problems if p.field == "climate.monthly_temp_c.0")
    assert (first.low, first.high, first.got) == (-50.0, 40.0, "60")


def test_a_design_temperature_above_the_coldest_month_is_refused() -> None:
    import re

    text = re.sub(r"design_temp_c: [-0-9.]+", "design_temp_c: 15", PORTO, count=1)
    result = check_district_text(text, "porto.yaml")
    assert [p.field for p in result.problems] == ["climate.design_temp_c"]
    assert "value ≤ " in result.problems[0].line()


def test_no_sun_in_months_with_daylight_is_refused_but_the_polar_night_is_not() -> None:
    """All-zero GHI at Porto (41°N): every month has daylight, so every month is refused. A
    new district at Tromsø (69.65°N) with zero-ish December still checks."""
    text = _climate_line(PORTO, "monthly_ghi_kwh_m2", "[" + ", ".join(["0.001"] * 12) + "]")
    result = check_district_text(text, "porto.yaml")
    assert sum(p.field.startswith("climate.monthly_ghi_kwh_m2.") for p in result.problems) == 12
    from game_rules.typologies import dump_district, new_district

    tromso = dump_district(new_district("Tromsø", 69.65, 18.96, "NO", timezone="Europe/Oslo"))
    assert check_district_text(tromso, "tromso.yaml").ok


def test_an_upload_from_district_new_with_weather_keeps_the_line_as_a_comment() -> None:
    """The server's upload route (server.api.checked_district) accepts a ``district new --weather``
    file: the ``weather:`` line becomes a comment naming the file and what runs instead, and the
    stored text is read again without a weather file."""
    from server.api import checked_district

    district_id, stored = checked_district(PORTO + "weather: 'pvgis-tmy_41.157_-8.629.epw'  # from PVGIS\n")
    assert district_id == "porto"
    assert "\nweather:" not in stored and "# weather: pvgis-tmy_41.157_-8.629.epw -- not uploaded" in stored
    assert uploaded_district(stored).weather is None
    assert checked_district(PORTO)[1] == PORTO  # a file without one is stored as it came
