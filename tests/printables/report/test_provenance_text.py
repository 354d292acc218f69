"""The appendix's rules and sources in the report's language (printables.report.provenance_text).

Issue 16: a French report's appendix printed the engine's English rule strings
(``procurement_avoided: 1,336,759 kWh/yr not sold x 0.0900 EUR/kWh ...``) with English number
formats. Every rule id the engine writes for the three examples (all scenarios, sensitivity on)
must have its words in the catalogs, and every English phrase of its formula a catalog term.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import report_pdfcheck as pdfcheck
from report_fixtures import prov, table_report

from catalogs import formatting as cldr
from catalogs import languages, message
from printables.report import render_table_report
from printables.report.i18n import t
from printables.report.provenance_text import rule_id, rule_text, source_text, untranslated

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ("lyon-confluence", "munich-harthof", "citizen-cooperative")
#: The +CityxChange review tables of issue #17 (market, flexibility and eMaaS cards), each in its own district.
CXC_TABLES = ("munich-cxc", "lyon-cxc")
OTHER_DISTRICTS = ("alba-iulia", "budapest", "charleroi", "porto", "prague", "stockholm")
PROCUREMENT = ("procurement_avoided: 1,016,573 kWh/yr not sold x 0.0900 EUR/kWh; margin 0.0704 EUR/kWh = "
               "0.3970 / (1 + 0.19 VAT) - grid fee 0.1095 - levies and taxes 0.0637 - procurement 0.0900")


def _provenances(node: Any) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if isinstance(node, dict):
        if isinstance(node.get("rule"), str):
            out.append((node["rule"], node.get("source") or ""))
        for value in node.values():
            out += _provenances(value)
    elif isinstance(node, list):
        for value in node:
            out += _provenances(value)
    return out


@pytest.fixture(scope="module")
def engine_provenances() -> list[tuple[str, str]]:
    """Every (rule, source) of the examples assessed under every scenario card, with the
    sensitivity and uncertainty runs, as ``assembler assess --scenario ... --sensitivity --json``;
    the +CityxChange review tables (``tests/data/tables``) the same way in their own district."""
    from cards.deck import default_deck
    from game_rules import TableModel, assess, load_district

    deck = default_deck()
    scenarios = tuple(c.id for c in deck.cards if c.id.startswith("SCN-"))
    found: dict[tuple[str, str], None] = {}
    paths = [ROOT / "examples" / f"{name}.yaml" for name in EXAMPLES]
    paths += [ROOT / "tests" / "data" / "tables" / f"{name}.yaml" for name in CXC_TABLES]
    for path in paths:
        model = TableModel.from_yaml(path)
        assert model.district is not None
        a = assess(model, load_district(model.district), scenarios, deck=deck, sensitivity=True)
        for pair in _provenances(a.model_dump(mode="json")):
            found[pair] = None
    return list(found)


def test_every_rule_and_source_of_the_examples_has_its_words_in_the_catalogs(engine_provenances: list[tuple[str, str]]) -> None:
    """No rule id without ``report:rule.<id>`` and no English word of a formula or a data source
    outside a ``report:term.*`` (the data phrases of the districts the examples play in)."""
    assert len({rule_id(r) for r, _ in engine_provenances}) > 30, "expected the engine's many rules"
    problems = sorted({p for rule, source in engine_provenances for p in untranslated(rule, source)})
    assert not problems, "rules or sources without catalog text:\n" + "\n".join(problems)


@pytest.mark.parametrize("district", OTHER_DISTRICTS)
def test_every_source_of_the_other_built_in_districts_has_its_words(district: str) -> None:
    """The built-in districts no example plays in (their climate, tariffs, typology and
    emission sources): the Lyon example's cards assessed there, as a workshop would."""
    from cards.deck import default_deck
    from game_rules import TableModel, assess, load_district

    model = TableModel.from_yaml(ROOT / "examples" / "lyon-confluence.yaml")
    a = assess(model, load_district(district), (), deck=default_deck())
    problems = sorted({p for rule, source in _provenances(a.model_dump(mode="json")) for p in untranslated(rule, source)})
    assert not problems, f"{district}: rules or sources without catalog text:\n" + "\n".join(problems)


def test_an_unknown_rule_id_is_named_and_printed_as_written() -> None:
    assert untranslated("brand_new_rule: 3 x tariff")[0] == "rule id 'brand_new_rule'"
    assert rule_text("brand_new_rule: 3 x tariff", "en") == "brand_new_rule: 3 × tariff"
    assert rule_text("brand_new_rule: 3 x tariff", "fr") == "brand_new_rule" + message("report:term.colon", "fr") + "3 × tariff"


@pytest.mark.parametrize("lang", [lang for lang in languages() if lang != "en"])
def test_a_formula_reads_in_the_language_with_cldr_numbers(lang: str) -> None:
    """``1,016,573`` and ``0.0900`` are CLDR's ``1 016 573`` / ``0,0900`` in French (and
    ``1.016.573`` in German); the words come from the catalogs, none of the English stays."""
    text = rule_text(PROCUREMENT, lang)
    assert text.startswith(message("report:rule.procurement_avoided", lang))
    for number, digits in ((1016573, 0), (0.09, 4), (0.0704, 4), (0.19, 2)):
        assert cldr.number(number, lang, digits) in text, (number, text)
    for term in ("not_sold", "margin", "grid_fee", "levies_taxes", "procurement", "vat"):
        assert message(f"report:term.{term}", lang) in text, (term, text)
    for english in ("not sold", "grid fee", "levies and taxes", "1,016,573", "0.0900", " x "):
        assert english not in text, (english, text)


def test_kpi_and_baseline_rules_are_described_by_their_key() -> None:
    """``kpi.<key>`` names the KPI's own formula; ``baseline.kpi.<key>`` puts "today" before it."""
    assert rule_text("kpi.self_sufficiency", "de") == message("report:rule.kpi.self_sufficiency", "de")
    assert rule_text("baseline.kpi.co2", "fr") == message("report:rule.formula", "fr").format(
        rule=message("report:rule.baseline", "fr"), formula=message("report:rule.kpi.co2", "fr"))


def test_card_formulas_keep_their_symbols_and_roles_read_as_names() -> None:
    rule = "card_flow: 0.2 * local_new_kwh * tariff.local (from owner = cooperative via GOV-07; to occupants = residents, 63 % of demand)"
    text = rule_text(rule, "pt")
    assert f"{cldr.number(0.2, 'pt', 1)} * local_new_kwh * tariff.local" in text
    assert t("stakeholder.cooperative", "pt") in text and t("stakeholder.residents", "pt") in text
    assert "GOV-07" in text and "of demand" not in text


def test_a_district_id_as_source_is_the_district_name() -> None:
    assert source_text("lyon-confluence", "de") == message("district:lyon-confluence.name", "de")


def test_the_french_appendix_prints_the_rule_in_french() -> None:
    """A rendered French table report: the appendix shows the rule's words and formula in French."""
    report = table_report(lang="fr")
    kpi = report.energy.kpis[0].model_copy(update={"provenance": prov("TECH-07", rule=PROCUREMENT)})
    report = report.model_copy(update={"energy": report.energy.model_copy(update={"kpis": (kpi, *report.energy.kpis[1:])})})
    text = pdfcheck.norm(" ".join(pdfcheck.page_texts(render_table_report(report, "fr"))))
    # Cells wrap and the text extraction interleaves columns line by line: compare word by word.
    words = set(text[text.rindex(pdfcheck.norm(t("sec.appendix", "fr"))):].split())
    for term in ("not_sold", "levies_taxes", "procurement"):
        assert set(pdfcheck.norm(message(f"report:term.{term}", "fr")).split()) <= words, term
    assert not {"sold", "levies", "procurement", "0.0900"} & words


def test_a_source_reads_in_the_language_with_its_numbers_and_dates_in_cldr() -> None:
    """A district's tariff source: its words from the catalog, 20.16 and 23.9 as CLDR de writes
    them, the date 1 Feb 2025 as CLDR's long German date (Babel)."""
    from datetime import date

    source = ("regulated tariff (TRVE) option Base from 1 Feb 2025: 20.16 c€/kWh energy price incl. taxes, "
              "without the subscription (average incl. subscription 23.9 c€/kWh)")
    text = source_text(source, "de")
    assert cldr.day(date(2025, 2, 1), "de") in text
    assert cldr.number(20.16, "de", 2) in text and cldr.number(23.9, "de", 1) in text
    assert "energy price" not in text and "subscription" not in text
    assert untranslated("kpi.co2", source) == []
    assert untranslated("kpi.co2", "a brand new data phrase") != []


def _card_flow_bases() -> list[tuple[str, str]]:
    from cards.deck import default_deck

    out = []
    for card in default_deck().cards:
        for flow in card.effects.value_flows:
            out += [(f"{card.id} {regime}", basis) for regime, basis in
                    (("any", flow.basis), *sorted((flow.bases or {}).items())) if basis]
    return out


def test_every_card_flow_basis_of_every_regime_reads_in_every_language() -> None:
    """A card's value flow prints its legal basis (``basis``, or ``bases`` per regime) as the
    flow's data source in the appendix: each must read in the report's language, whichever
    cards a table plays and wherever, and its ``ref:<id>`` tokens appear as numbered citations,
    never as ids in the text (the sample report printed ``ref:code-energie-l315-2 ...``)."""
    bases = _card_flow_bases()
    assert len(bases) >= 20, f"expected the deck's flow bases, got {len(bases)}"
    problems = sorted({f"{where}: {p}" for where, basis in bases for p in untranslated("card_flow: x", basis)})
    assert not problems, "flow bases without catalog text:\n" + "\n".join(problems)
    for where, basis in bases:
        for lang in languages():
            assert "ref:" not in source_text(basis, lang), f"{where} ({lang}) prints a citation id"


def test_a_source_with_citations_reads_without_their_ids() -> None:
    """HOW-04's French basis: the ids leave the text, and the phrase is the French one."""
    source = ("ref:code-energie-l315-2 ref:cibs-l312-87 allocated kWh cross the public grid and bear TURPE, and the "
              "excise only on the share produced by sites of 1 MW or more (ACC, Code de l'énergie L315-2; CIBS "
              "L312-87); the engine deducts them from the bills avoided")
    fr = source_text(source, "fr")
    assert fr.startswith("les kWh répartis passent par le réseau public et supportent le TURPE"), fr
    assert "ref:" not in fr and "le moteur les déduit des factures évitées" in fr


@pytest.mark.parametrize("rule", [
    "kpi.co2; NPV without the assets' straight-line residual value at the horizon",  # printables.report.council (form)
    "kpi.self_sufficiency (building by building under the district's law: its own PV behind each meter, "
    "shared only within a scheme and perimeter the law allows)",  # game_rules.replication.legal_kpis
])
def test_report_side_rule_extensions_have_their_words(rule: str) -> None:
    """Newcomer review 11: the French appendix printed "residual value à the horizon" and a Python
    module name after the legal KPIs' rule; both read in the language now, with no module name."""
    assert untranslated(rule) == []
    text = rule_text(rule, "fr")
    assert "the horizon" not in text and "game_rules" not in text and "building by building" not in text
