"""The table report's market page (printables/report/market.py): the "Peer-to-peer market"
section rendered from the hand clearing of tests/game_rules/test_p2p.py (45 kWh traded; gains
4.95 EUR under every rule; bill sharing leaves every seller losing), the flexibility market and
eMaaS sections with the figures of docs/rules.md (the cooperative's EUR 7,495/yr on the market;
Munich's HOW-11: 15 shared cars replace 120, 1,178,400 car-km), and the workshop comparison's
market figures; so every printed number is known."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from report_fixtures import prov, table_report, workshop_report

from catalogs import languages
from printables.report import model as rm
from printables.report import render_table_report, render_workshop_report
from printables.report.i18n import t

SECTION = rm.Market(
    rule="mid_market", members=8, charges_eur_per_kwh=0.10, fee_eur_per_kwh=0.01,
    rules=(rm.MarketRuleRow(rule="mid_market", traded_kwh=45.0, average_price=0.14, gain_eur=4.95, fee_eur=0.45, losers=0,
                            fairness=0.5),
           rm.MarketRuleRow(rule="bill_sharing", traded_kwh=45.0, average_price=0.0, gain_eur=4.95, fee_eur=0.45, losers=3,
                            fairness=0.97),
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
    # Bill sharing's local price of 0 and its losing sellers are explained, not left to puzzle a reader.
    assert " ".join(t("market.bill_sharing_note", lang).split()) in text


def test_no_section_without_a_market() -> None:
    """No P2P card, no market section."""
    assert t("sec.market", "en") not in _text(render_table_report(table_report(lang="en"), "en"))


FLEX = rm.FlexibilitySection(
    market_hours=265, peak_kw=4242.0, peak_reduction_kw=452.0, delivered_kwh=20_000.0, availability_eur_per_kw_h=0.025,
    utilisation_eur_per_kwh=0.35, revenue_eur=7495.0, reinforcement_eur=22_600.0, seller="aggregator",
    assets=(rm.FlexibilityAsset(asset="stationary_battery", peak_kw=425.0, kwh=15_000.0),
            rm.FlexibilityAsset(asset="v2g", peak_kw=27.0, kwh=5_000.0)),
    provenance=prov("HOW-06", rule="flexibility_market", refs=("nged-flex-earnings",)))
MOBILITY = rm.MobilitySection(
    shared_cars=15, private_evs=40.0, replaced_cars=120, users=300, cars_per_dwelling_before=0.55, cars_per_dwelling_after=0.47,
    km_shifted=1_178_400.0, solar_charging_share=0.31, v2g_cars=10.0, v2g_peak_kw=27.0, v2g_kwh=5_000.0, fee_per_car_eur=6000.0,
    revenue_per_user_eur=300.0, cost_per_user_eur=395.76, provenance=prov("HOW-11", rule="emaas", refs=("kba-vk-2023",)))


@pytest.mark.parametrize("lang", languages())
def test_the_page_prints_flexibility_and_emaas(lang: str) -> None:
    """Both sections' headings and rows in the report's language, the revenue EUR 7,495 and
    the 300 subscribers; every figure traced to the appendix."""
    report = table_report(lang=lang).model_copy(update={"flexibility": FLEX, "mobility": MOBILITY})
    text = _text(render_table_report(report, lang))
    for key in ("sec.flexibility", "sec.mobility", "flex.revenue", "mob.users", "mob.km_shifted", "flex.asset.v2g"):
        assert " ".join(t(key, lang).split()) in text, key
    assert "7" in text and "495" in text and "300" in text


def test_the_workshop_comparison_prints_market_figures() -> None:
    """Table 1 trades 40,500 kWh peer to peer and earns EUR 7,495 on the flexibility market;
    the other tables play no market: their cells are dashes."""
    report = workshop_report(n_tables=3, lang="en")
    assert report.comparison is not None
    figures = rm.MarketFigures(p2p_traded_kwh=40_500.0, p2p_gain_eur=4572.0, fairness=0.35, flexibility_revenue_eur=7495.0,
                               npv_eur=7_130_412.0, npv_without_markets_eur=-3_315_118.0,
                               provenance=prov("HOW-05", "HOW-06", rule="compare.market"))
    ranking = tuple(r.model_copy(update={"market": figures}) if r.table == "1" else r for r in report.comparison.ranking)
    report = report.model_copy(update={"comparison": report.comparison.model_copy(update={"ranking": ranking})})
    text = _text(render_workshop_report(report, "en"))
    assert t("ws.market_note", "en") in text and t("cmp.flex_revenue", "en") in text
    assert "40,500" in text and "7,495" in text and "35" in text
    # "NPV" and "NPV without markets" side by side in the comparison's market figures.
    assert t("fin.project_npv_without_markets", "en") in text
    assert "7,130,412" in text and "-3,315,118" in text


def test_the_side_by_side_view_shows_the_npv_without_the_markets() -> None:
    """The workshop's side-by-side tables: the project NPV row, then the NPV without the
    markets' counted parts (Munich's +CityxChange table: EUR 0.37 M with, -10.08 M without, docs/rules.md)."""
    report = workshop_report(n_tables=2, lang="en")
    first = report.tables[0]
    npv = rm.Figure(value=370_000.0, unit="EUR", provenance=prov("HOW-11", rule="financing"))
    without = rm.Figure(value=-10_080_000.0, unit="EUR", provenance=prov("HOW-11", rule="financing"))
    financing = first.financing.model_copy(update={"project_npv": npv, "project_npv_without_markets": without})
    tables = (first.model_copy(update={"financing": financing}), *report.tables[1:])
    text = _text(render_workshop_report(report.model_copy(update={"tables": tables}), "en"))
    assert t("fin.project_npv", "en") in text and t("fin.project_npv_without_markets", "en") in text
    assert text.index(t("fin.project_npv", "en")) < text.index(t("fin.project_npv_without_markets", "en"))
    assert "370,000" in text and "-10,080,000" in text


def test_no_market_figures_without_markets() -> None:
    assert t("ws.market_note", "en") not in _text(render_workshop_report(workshop_report(n_tables=2, lang="en"), "en"))


def test_the_page_prints_a_typical_days_clearing() -> None:
    """Issue #17 asks for a typical day's clearing on the market page: the pinned community's
    day (tests/game_rules/test_p2p.py) trades 5 kWh an hour from 08 to 16 at the mid-market 0.14
    EUR/kWh; the page lists those hours with their local kWh and price, and no hour without trade."""
    hours = tuple(rm.MarketHourRow(hour=h, traded_kwh=5.0 if 8 <= h <= 16 else 0.0, price=0.14 if 8 <= h <= 16 else None)
                  for h in range(24))
    section = SECTION.model_copy(update={"typical_day": hours, "typical_day_index": 171})
    report = table_report(lang="en").model_copy(update={"market": section})
    text = _text(render_table_report(report, "en"))
    assert "day 172 of the year" in text
    assert "08 09 10 11 12 13 14 15 16" in text and " 07 " not in text
    assert "0.14" in text


def test_the_financing_table_shows_the_markets_parts_of_the_npv() -> None:
    """The markets in the project NPV (game_rules.market_npv): the counted eMaaS saving, the NPV
    without the market benefits and the P2P saving shown but not added, each with its value."""
    fig = rm.Figure(value=11_075_936.0, unit="EUR", provenance=prov("HOW-11", rule="market_npv.emaas_car_costs_avoided"))
    p2p = rm.Figure(value=66_735.0, unit="EUR", provenance=prov("HOW-05", rule="market_npv.p2p_saving"))
    without = rm.Figure(value=-3_315_118.0, unit="EUR", provenance=prov("HOW-11", rule="financing"))
    base = table_report(lang="en")
    financing = base.financing.model_copy(update={
        "market_npv": (rm.MarketNpvLine(part="emaas_car_costs_avoided", in_npv=True, figure=fig),
                       rm.MarketNpvLine(part="p2p_saving", in_npv=False, figure=p2p)),
        "project_npv_without_markets": without})
    text = _text(render_table_report(base.model_copy(update={"financing": financing}), "en"))
    for key, value in (("fin.market.emaas_car_costs_avoided", "11,075,936"), ("fin.project_npv_without_markets", "-3,315,118"),
                       ("fin.market.p2p_saving", "66,735")):
        assert t(key, "en") in text and value in text, key
    # On the financing page the NPV without the market benefits follows the market lines (page 1 shows it too).
    assert t("fin.project_npv_without_markets", "en") in text[text.index(t("fin.market.emaas_car_costs_avoided", "en")):]


def test_typical_day_prices_fit_their_columns() -> None:
    """Review of issue #17, finding 6: in the Lyon table's report each price cell wrapped
    "0.101 €/kW" / "h" onto two lines. The unit stands in the row's label and each of the 9
    hours prints its price (the pinned community's 0.14 EUR/kWh) as a number on one line."""
    hours = tuple(rm.MarketHourRow(hour=h, traded_kwh=5.0 if 8 <= h <= 16 else 0.0, price=0.14 if 8 <= h <= 16 else None)
                  for h in range(24))
    section = SECTION.model_copy(update={"typical_day": hours, "typical_day_index": 171})
    text = _text(render_table_report(table_report(lang="en").model_copy(update={"market": section}), "en"))
    assert "Local price [€/kWh] " + " ".join(["0.140"] * 9) in text.replace(t("col.local_price", "en"), "Local price")


def test_each_rule_row_cites_its_own_source() -> None:
    """The auction row's figures cite Mengelkamp et al. 2018 (the Brooklyn Microgrid's uniform-
    price double auction, ``mengelkamp-2018-brooklyn``), the other rows Zhou, Wu & Long 2018;
    review of issue #17, finding 6: the auction's source was missing from the bibliography."""
    from printables.report.market import rule_provenance

    p = prov("HOW-05", rule="p2p.mid_market", refs=("zhou-2018-p2p-mechanisms", "mengelkamp-2018-brooklyn", "bnetza-2025"))
    auction = rule_provenance(p, "auction")
    assert auction.rule == "p2p.auction" and auction.references == ("mengelkamp-2018-brooklyn", "bnetza-2025")
    assert rule_provenance(p, "bill_sharing").references == ("zhou-2018-p2p-mechanisms", "bnetza-2025")
