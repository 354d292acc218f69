"""Sentences shown to people: grammatical agreement, card titles, language conventions."""

from __future__ import annotations

import re

import pytest

from game_rules import assess
from game_rules.texts import Text, card_names, money_text, text, with_stakeholders


def test_stakeholders_agree_with_their_verbs() -> None:
    many = with_stakeholders("risk.net_negative", {"who": "residents"}, net=money_text(403_000), scenario="")
    one = with_stakeholders("risk.net_negative", {"who": "housing_company"}, net=money_text(403_000), scenario="")
    assert many == Text(en="Residents lose €403 k per year.", fr="Les habitants perdent 403 k€ par an.",
                        de="Die Bewohner verlieren 403 Tsd. € pro Jahr.")
    assert one == Text(en="The housing company loses €403 k per year.", fr="Le bailleur social perd 403 k€ par an.",
                       de="Die Wohnungsgesellschaft verliert 403 Tsd. € pro Jahr.")


def test_cards_are_named_by_title_and_id(deck) -> None:
    one = text("risk.card", card=card_names([deck.get("TECH-01")]))
    two = text("risk.card", card=card_names([deck.get("TECH-01"), deck.get("TECH-02")]))
    title = deck.get("TECH-01").title("en")
    assert one.en == f"{title} (TECH-01) raises this risk."
    assert two.en.endswith("(TECH-02) raise this risk.") and " and " in two.en
    assert two.fr.endswith("accroissent ce risque.") and " et " in two.fr
    assert two.de.endswith("erhöhen dieses Risiko.") and " und " in two.de


def test_money_follows_each_language() -> None:
    assert money_text(1_234_567) == Text(en="€1.2 M", fr="1,2 M€", de="1,2 Mio. €")
    assert money_text(-4_500) == Text(en="-€4,500", fr="-4\u202f500 €", de="-4.500 €")


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
        for lang in ("en", "fr", "de"):
            value = sentence.get(lang)
            assert value[:1].isupper() or value[:1] in "€-0123456789", value
            assert not re.search(r"[{}\[\]]|\b[a-z]+_[a-z_]+\b|\b[A-Z]{2,5}-\d\d raises\b", value), value
