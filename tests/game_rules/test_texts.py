"""Sentences shown to people: grammatical agreement, card titles, language conventions."""

from __future__ import annotations

import re

import pytest

from catalogs import languages
from game_rules import assess
from game_rules.texts import Text, card_names, money_text, text, with_stakeholders


def test_stakeholders_agree_with_their_verbs() -> None:
    many = with_stakeholders("risk.net_negative", {"who": "residents"}, net=money_text(403_000), scenario="")
    one = with_stakeholders("risk.net_negative", {"who": "housing_company"}, net=money_text(403_000), scenario="")
    assert {lang: many.get(lang) for lang in ("en", "fr", "de")} == {
        "en": "Residents lose €403,000 per year.", "fr": "Les habitants perdent 403\u202f000\u00a0€ par an.",
        "de": "Die Bewohner verlieren 403.000\u00a0€ pro Jahr."}
    assert {lang: one.get(lang) for lang in ("en", "fr", "de")} == {
        "en": "The housing company loses €403,000 per year.", "fr": "Le bailleur social perd 403\u202f000\u00a0€ par an.",
        "de": "Die Wohnungsgesellschaft verliert 403.000\u00a0€ pro Jahr."}


def test_cards_are_named_by_title_and_id(deck) -> None:
    one = text("risk.card", card=card_names([deck.get("TECH-01")]))
    two = text("risk.card", card=card_names([deck.get("TECH-01"), deck.get("TECH-02")]))
    title = deck.get("TECH-01").title("en")
    assert one.en == f"{title} (TECH-01) raises this risk."
    assert two.en.endswith("(TECH-02) raise this risk.") and " and " in two.en
    assert two.fr.endswith("accroissent ce risque.") and " et " in two.fr
    assert two.de.endswith("erhöhen dieses Risiko.") and " und " in two.de


def test_money_follows_each_language() -> None:
    """CLDR currency patterns (Unicode CLDR via Babel 2.19): en "¤#,##0.00" -> €4,500; fr
    "#,##0.00 ¤" with U+202F grouping; de "#,##0.00 ¤" with "." grouping; whole euros at every
    magnitude, as the report's tables print them (never a compact "€1.2M")."""
    big, small = money_text(1_234_567), money_text(-4_500)
    assert [big.get(lang) for lang in ("en", "fr", "de")] == ["€1,234,567", "1\u202f234\u202f567\u00a0€", "1.234.567\u00a0€"]
    assert [small.get(lang) for lang in ("en", "fr", "de")] == ["-€4,500", "-4\u202f500\u00a0€", "-4.500\u00a0€"]


@pytest.mark.parametrize("name", ["munich-harthof", "lyon-confluence", "citizen-cooperative"])
def test_every_sentence_of_an_assessment_reads_cleanly(name: str, example, munich, lyon) -> None:
    model = example(name)
    district = lyon if model.district == "lyon-confluence" else munich
    other = munich if district is lyon else lyon
    sentences: list[Text] = []
    for result in (assess(model, district, ("SCN-01", "SCN-03", "SCN-12")), assess(model, other)):
        sentences += [r.text for r in result.risks] + [w.text for w in result.warnings]
        sentences += [r.text for r in result.governance.reasons] + [f.label for f in result.value_flows]
    assert sentences
    for sentence in sentences:
        for lang in languages():
            value = sentence.get(lang)
            assert value[:1].isupper() or value[:1] in "€-0123456789", value
            assert not re.search(r"[{}\[\]]|\b[a-z]+_[a-z_]+\b|\b[A-Z]{2,5}-\d\d raises\b", value), value


def test_a_sentence_opening_with_a_cased_name_keeps_its_small_letter() -> None:
    """Issue #17: the idle-battery warning opened with "EMaaS mobility hub ..." because a sentence
    that opens with a noun phrase gets a capital. A name spelt with a small first letter and a
    capital after it (eMaaS, the card's title) keeps its spelling; other openings still get one."""
    from game_rules.texts import Noun

    langs = languages()
    hub = Noun({lang: "eMaaS mobility hub" for lang in langs})
    battery = Noun({lang: "community battery" for lang in langs})
    warn = text("warn.idle_asset", asset=hub, cycles=Text.build(lambda lang: "0"), limit=Text.build(lambda lang: "100"))
    assert warn.en.startswith("eMaaS mobility hub")
    other = text("warn.idle_asset", asset=battery, cycles=Text.build(lambda lang: "0"), limit=Text.build(lambda lang: "100"))
    assert other.en.startswith("Community battery")
