"""``assembler district new`` and ``check`` through the real command entry point."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from server.cli import main

EPW = Path(__file__).resolve().parents[2] / "data" / "weather" / "pvgis-tmy_45.000_8.000.epw"


def test_new_writes_a_district_that_checks_and_assesses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "porto-campanha.yaml"
    assert main(["district", "new", "--name", "Porto Campanhã", "--lat", "41.15", "--lon", "-8.59",
                 "--country", "PT", "-o", str(out)]) == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["country"] == "PT" and data["regime"] == "EU" and data["location"]["timezone"] == "Europe/Lisbon"
    assert "tabula-episcope-webtool" in data["buildings"][0]["references"]
    assert data["buildings"][0]["assumptions"]["heat_kwh_per_m2"][0] < data["buildings"][0]["heat_kwh_per_m2"]
    assert main(["district", "check", str(out)]) == 0
    assert "ok" in capsys.readouterr().out
    model = Path(__file__).resolve().parents[3] / "examples" / "munich-harthof.yaml"
    assert main(["assess", str(model), "--district", str(out)]) == 0


def test_new_takes_climate_normals_from_a_weather_file(tmp_path: Path) -> None:
    out = tmp_path / "piemonte.yaml"
    assert main(["district", "new", "--name", "Piemonte", "--lat", "45", "--lon", "8", "--country", "IT",
                 "--timezone", "Europe/Rome", "--weather", str(EPW), "-o", str(out)]) == 0
    climate = yaml.safe_load(out.read_text(encoding="utf-8"))["climate"]
    assert sum(climate["monthly_ghi_kwh_m2"]) == pytest.approx(1435.9, rel=0.01)  # the file's GHI


def test_check_names_every_wrong_field_with_its_range(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = Path(__file__).resolve().parents[3] / "game_rules" / "data" / "districts" / "stockholm.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["location"]["latitude"] = float("nan")
    data["tariffs"]["gas_eur_per_kwh"] = "cheap"
    data["buildings"][1]["floor_area_m2"] = -10
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert main(["district", "check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "3 wrong field(s)" in err
    assert "location.latitude" in err and "allowed -90 ≤ value ≤ 90" in err
    assert "gas_eur_per_kwh: expected a number, got 'cheap'" in err
    assert "buildings.1.floor_area_m2" in err and "Traceback" not in err


def test_new_refuses_a_bad_latitude_without_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["district", "new", "--name", "x", "--lat", "north", "--lon", "1", "--country", "PT"])
    assert exit_.value.code == 2
    assert "expected a latitude [°] between -90 and 90, got 'north'" in capsys.readouterr().err
