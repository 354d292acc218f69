"""Data phrases as gettext messages (catalogs.data_phrases, scripts/data_phrases.py).

Brief J: the appendix's sources are composed of English data phrases (district files, assets,
price components, regulation, the deck, the engine's own f-strings). Each is a ``msgctxt "data"``
message whose msgid is the phrase; CI fails on a phrase without its translation in every language.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from catalogs import LOCALE_DIR, entries, languages, message
from catalogs import data_phrases as data
from catalogs import formatting as cldr
from printables.report.provenance_text import covered, source_text, untranslated

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "data_phrases.py"
ANNUITY = "annuity of {0} EUR at {1} % over {2} yr (VDI 2067-1)"


def test_every_data_phrase_has_its_text_in_every_language() -> None:
    """Each phrase of the data files and of the engine's markers is a data message translated in
    every shipped language, or the report terms cover it (``scripts/data_phrases.py --check``)."""
    found = data.extract(ROOT, covered)
    assert len(found) > 100, "expected the phrases of the eight districts, the deck and the engine"
    missing = []
    for lang in languages():
        for msgid, where in found.items():
            entry = entries(lang).get(data.KEY + msgid)
            if entry is None or not all(entry.forms):
                missing.append(f"{lang}: {msgid!r} ({', '.join(where)})")
    assert not missing, "data phrases without translation (run scripts/data_phrases.py):\n" + "\n".join(missing)


def test_the_check_command_agrees() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "every one translated" in done.stdout


def test_a_source_splits_on_its_separators_outside_brackets() -> None:
    text = "lyon-confluence: RE2020 coefficients (electricity 2.3; gas 1.0); score 50: assumption [25-75] points"
    assert data.split(text) == [("lyon-confluence", ": "), ("RE2020 coefficients (electricity 2.3; gas 1.0)", "; "),
                                ("score 50", ": "), ("assumption [25-75] points", "")]


def test_numbers_in_english_format_and_dates_become_placeholders() -> None:
    """``170,000`` and ``46.5`` read differently in French (CLDR), a year or ``ISO 31000`` does not."""
    assert data.template("part of the 170,000 m² new, 46.5 m² each, from 1 Feb 2025 (ISO 31000, 1949-78)") == (
        "part of the {0} m² new, {1} m² each, from {2} (ISO 31000, 1949-78)", ("170,000", "46.5", "1 Feb 2025"))


def test_the_engine_phrases_are_extracted_from_their_fstrings(tmp_path: Path) -> None:
    """A ``data_phrase(f"...")`` marker, a ``source=`` keyword and a ``"source"`` key: each field
    becomes a placeholder, numbered per phrase; a phrase of placeholders only is no message."""
    module = tmp_path / "game_rules" / "money.py"
    module.parent.mkdir()
    module.write_text(
        "from catalogs.data_phrases import data_phrase\n"
        "def f(a, r, n, s, lo, hi):\n"
        "    x = data_phrase(f'{s}; score {n}: assumption [{lo:.0f}-{hi:.0f}] points')\n"
        "    return dict(source=f'annuity of {a:,.0f} EUR at {r:.1f} % over {n} yr (VDI 2067-1); {s}'), {'source': 'net value'}\n",
        encoding="utf-8")
    assert list(data.extract(tmp_path)) == ["score {0}", "assumption [{0}-{1}] points", ANNUITY, "net value"]


def test_a_new_phrase_is_appended_at_the_end_of_every_catalog(tmp_path: Path) -> None:
    """The script appends (never reorders: other branches append too); English gets the phrase,
    the other languages an empty text that the completeness check names."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("data_phrases_script", SCRIPT)
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE_DIR, locale)
    before = (locale / "fr" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    added = script.append({"a brand new data phrase": ["game_rules/data/x.yaml"]}, locale)
    assert set(added) == {"en/LC_MESSAGES/messages.po", "fr/LC_MESSAGES/messages.po", "de/LC_MESSAGES/messages.po",
                          "pt/LC_MESSAGES/messages.po", "messages.pot"}
    after = (locale / "fr" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))
    assert after.endswith('msgctxt "data"\nmsgid "a brand new data phrase"\nmsgstr ""\n')
    assert (locale / "en" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8").endswith(
        'msgid "a brand new data phrase"\nmsgstr "a brand new data phrase"\n')
    assert script.append({"a brand new data phrase": []}, locale) == {}


def test_an_engine_phrase_reads_in_the_language_with_cldr_numbers() -> None:
    """``annuity of 918,600 EUR at 3.0 % over 20 yr (VDI 2067-1)`` (game_rules.flows) in German:
    the catalog's words, 918,600 EUR as CLDR de currency (``918.600 €``, never ``918.600 EUR``)
    and 3.0 as a CLDR de number (``3,0``), the rest of the source (a card's financing source)
    through the report terms."""
    source = "annuity of 918,600 EUR at 3.0 % over 20 yr (VDI 2067-1); assumption [0.02-0.04] (interest rate): municipal green bond"
    text = source_text(source, "de")
    assert text.startswith(message(data.KEY + ANNUITY, "de").replace("{0} EUR", "{0}").format(
        cldr.money(918600, "de"), cldr.number(3.0, "de", 1), "20"))
    assert text.startswith("Annuität von 918.600\u00a0€ zu 3,0")
    assert message(data.KEY + "assumption [{0}-{1}] (interest rate)", "de").format(
        cldr.number(0.02, "de", 2), cldr.number(0.04, "de", 2)) in text
    assert "annuity" not in text and "interest rate" not in text
    assert untranslated("capital_service", source) == []


def test_a_placeholder_that_names_a_stakeholder_reads_as_its_name() -> None:
    assert source_text("net value of housing_company", "fr") == message(data.KEY + "net value of {0}", "fr").format(
        message("report:stakeholder.housing_company", "fr"))


@pytest.mark.parametrize(("text", "expected"), [
    ("SWM plans geothermal expansion to 2040 ref:swm-waermeplan-2024", "SWM plans geothermal expansion to 2040"),
    ("§42c EnWG energy sharing, in force from 1 June 2026 (ref:enwg-42c)", "§42c EnWG energy sharing, in force from 1 June 2026"),
    ("buy-back (arrêté du 26 mars 2025, CRE; ref:cre-s21-tarifs-2025)", "buy-back (arrêté du 26 mars 2025, CRE)"),
    ("ref:a ref:b text; ref:c more", "text; more"),
    ("x ref:a; y", "x; y"),
])
def test_citations_leave_a_phrase_and_its_separators_stay(text: str, expected: str) -> None:
    """The report cites ``ref:<id>`` as numbers after the text: the phrase is what is left,
    with the separators between its phrases kept."""
    from catalogs.data_phrases import without_citations

    assert without_citations(text) == expected
