"""The table report's "Peer-to-peer market" section (printables/report/market.py), rendered from
the hand clearing of tests/game_rules/test_p2p.py (45 kWh traded; gains 4.95 EUR under every
rule; bill sharing leaves P3 with -0.02 EUR, one loser), so every printed number is known."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from report_fixtures import prov, table_report

from catalogs import languages
from printables.report import model as rm
from printables.report import render_table_report
from printables.report.i18n import t

SECTION = rm.Market(
    rule="mid_market", members=8, charges_eur_per_kwh=0.10, fee_eur_per_kwh=0.01,
    rules=(rm.MarketRuleRow(rule="mid_market", traded_kwh=45.0, average_price=0.14, gain_eur=4.95, fee_eur=0.45, losers=0,
                            fairness=0.5),
           rm.MarketRuleRow(rule="bill_sharing", traded_kwh=45.0, average_price=0.12, gain_eur=4.95, fee_eur=0.45, losers=1,
                            fairness=0.56),
           rm.MarketRuleRow(rule="auction", traded_kwh=45.0, average_price=None, gain_eur=4.95, fee_eur=0.45, losers=0,
                            fairness=None)),
    groups=(rm.MarketGroupRow(stakeholder="residents", side="buying", participants=5, gain_eur=2.475),
            rm.MarketGroupRow(stakeholder="cooperative", side="selling", participants=3, gain_eur=2.475)),
    leavers=0, provenance=prov("HOW-05", rule="p2p.mid_market", refs=("zhou-2018-p2p-mechanisms",)))


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("lang", languages())
def test_the_section_prints_rules_gains_and_who_gains(lang: str) -> None:
    """Heading, the three rules' names, the tenants' share 50 % and the stakeholders, in the
    report's language."""
    report = table_report(lang=lang).model_copy(update={"market": SECTION})
    text = _text(render_table_report(report, lang))
    for key in ("sec.market", "market.rule.mid_market", "market.rule.bill_sharing", "col.local_price"):
        assert " ".join(t(key, lang).split()) in text, key
    assert "50" in text and t("stakeholder.residents", lang).split()[0] in text


def test_no_section_without_a_market() -> None:
    """No P2P card, no market section."""
    assert t("sec.market", "en") not in _text(render_table_report(table_report(lang="en"), "en"))
