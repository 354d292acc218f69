"""Units as each language writes them (printables/report/formatting.py)."""

from __future__ import annotations

import pytest

from printables.report.formatting import format_value, unit_text


@pytest.mark.parametrize(("unit", "lang", "expected"), [
    ("kWp", "fr", "kWc"),  # kilowatt-crête, the French name of the peak power of PV
    ("kWp/m²", "fr", "kWc/m²"),  # a compound the catalogs lack is written from its parts
    ("kWp/m²", "en", "kWp/m²"),
    ("made-up-unit", "de", "made-up-unit"),
    ("cars", "fr", "voitures"),  # the eMaaS parameters' unit in the sensitivity table (newcomer review 11)
    ("cars", "de", "Autos"),
    ("EUR/kWp/yr", "pt", "€/kWp/ano"),  # unknown units print as given, never fail
])
def test_units_are_written_in_the_language(unit: str, lang: str, expected: str) -> None:
    assert unit_text(unit, lang) == expected


def test_a_pv_density_reads_french_in_a_french_report() -> None:
    """The tornado's base column printed 'kWp/m²' in French reports (the browser test of a
    French workshop caught the English unit)."""
    assert format_value(0.18, "kWp/m²", "fr") == "0,18\u00a0kWc/m²"


def test_shared_cars_read_in_the_language_with_one_decimal() -> None:
    """The French sensitivity table printed "3,70 cars" for the private cars one shared car
    replaces (3.7, assumption [2.1-5.3]; game_rules.params): the unit is a word of the language."""
    assert format_value(3.7, "cars", "fr") == "3,7\u00a0voitures"
    assert format_value(15, "cars", "pt") == "15,0\u00a0carros"
