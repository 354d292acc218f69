"""The pages a council compares, rendered from a hand-built report whose every number is known:
today without the project beside the project, the scenarios side by side, the sensitivity
tornado (a vector chart), P5/P50/P95, the cash flows over the horizon (chart and table), the
project NPV with its horizon on the financing page, and the references (full citations) at the
end of the appendix, in every shipped language (the catalogs present)."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
import report_pdfcheck as pdfcheck
from report_fixtures import REFERENCES, table_report

from catalogs import languages
from printables.report import render_table_report
from printables.report.formatting import format_value
from printables.report.i18n import t

COUNCIL_HEADINGS = ("sec.cash_flows", "sec.baseline", "sec.scenarios", "sec.sensitivity", "sec.uncertainty",
                    "sec.references")


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {lang: render_table_report(table_report(lang=lang), lang) for lang in languages()}


def _page_of(pdf: bytes, heading: str) -> int:
    """The 0-based page whose text starts a line with ``heading``."""
    for k, text in enumerate(pdfcheck.page_texts(pdf)):
        if re.search(rf"^{re.escape(pdfcheck.norm(heading))}$", text, flags=re.MULTILINE):
            return k
    raise AssertionError(f"no page with the heading {heading!r}")


@pytest.mark.parametrize("lang", languages())
def test_council_pages_exist_render_and_are_bookmarked(pdfs: dict[str, bytes], lang: str) -> None:
    pdf = pdfs[lang]
    titles = pdfcheck.outline_titles(pdf)
    for key in COUNCIL_HEADINGS:
        assert t(key, lang) in titles, f"{key} missing from the outline"
    pages = pdfcheck.rendered_pages(pdf, dpi=40)
    for key in COUNCIL_HEADINGS[:-1]:
        k = _page_of(pdf, t(key, lang))
        assert pdfcheck.ink_fraction(pages[k]) > 0.01, f"{key}: page {k + 1} is nearly empty"
    # the full check: every figure printed as assessed, no text outside the frame, no English left
    pdfcheck.check_report(pdf, table_report(lang=lang), lang)


@pytest.mark.parametrize("lang", languages())
def test_financing_page_shows_project_npv_and_horizon(pdfs: dict[str, bytes], lang: str) -> None:
    report = table_report(lang=lang)
    text = pdfcheck.page_texts(pdfs[lang])[_page_of(pdfs[lang], t("sec.financing", lang))]
    assert report.financing.project_npv is not None
    npv = pdfcheck.norm(format_value(report.financing.project_npv.value, "EUR", lang))
    assert re.search(rf"^{re.escape(pdfcheck.norm(t('fin.project_npv', lang)))} {re.escape(npv)}$", text, re.MULTILINE)
    assert f"{t('fin.horizon', lang)} 20" in text
    # With grants from outside the district counted, the return on the whole investment beside it
    # (EC CBA guide 2014, FNPV(C); docs/rules.md, "Project cash flows").
    assert report.financing.project_npv_before_grants is not None
    before = pdfcheck.norm(format_value(report.financing.project_npv_before_grants.value, "EUR", lang))
    assert re.search(rf"^{re.escape(pdfcheck.norm(t('fin.project_npv_before_grants', lang)))} {re.escape(before)}$",
                     text, re.MULTILINE)
    assert pdfcheck.norm(format_value(0.0213, "fraction", lang)) in text  # IRR as per cent for people


def test_tornado_is_drawn_as_vectors_with_the_widest_bar_first(pdfs: dict[str, bytes]) -> None:
    """The tornado has no raster image; the bar of the retail price (swing 555 k€) is above the
    discount rate's (276 k€), and each bar's ends are printed in the table below it."""
    pdf = pdfs["en"]
    k = _page_of(pdf, t("sec.sensitivity", "en"))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[k]
        assert not page.images
        assert len(page.rects) >= 4 and len(page.lines) >= 10  # bars, hatching, grid, base line
        words = {w["text"]: w for w in page.extract_words()}
    text = pdfcheck.page_texts(pdf)[k]
    assert text.index("retail electricity price") < text.index("discount rate *")
    assert "-512,000 € 43,000 €" in text and "-101,000 € -377,000 €" in text
    assert "retail" in words


def test_cash_flows_print_every_year_and_the_npv_at_the_horizon(pdfs: dict[str, bytes]) -> None:
    """The fixture's project: −1.1 M€ in year 0, 95 k€/yr revenue, 12 k€/yr O&M, an inverter
    (45 k€) in year 12 and 60 k€ residual value in year 20, at 4 %: the table's last
    cumulative discounted value is the sum of the discounted column."""
    report = table_report()
    cf = report.financing.cash_flows[0]
    assert cf.years[-1].cumulative_discounted_eur == pytest.approx(sum(y.discounted_eur for y in cf.years))
    text = "\n".join(pdfcheck.page_texts(pdfs["en"]))
    for year in (0, 12, 20):
        row = cf.years[year]
        net = pdfcheck.norm(format_value(row.net_eur, "EUR", "en"))
        cumulative = pdfcheck.norm(format_value(row.cumulative_discounted_eur, "EUR", "en"))
        assert re.search(rf"^{year} .*{re.escape(net)} {re.escape(cumulative)}$", text, re.MULTILINE), year
    assert "-45,000 €" in text  # the inverter replacement
    assert t("cash.chart", "en") in text


@pytest.mark.parametrize("lang", languages())
def test_references_are_full_citations_in_the_appendix(pdfs: dict[str, bytes], lang: str) -> None:
    text = "\n".join(pdfcheck.page_texts(pdfs[lang]))
    appendix = text[text.index(pdfcheck.norm(t("sec.appendix", lang)), text.index(pdfcheck.norm(t("sec.log", lang)))):]
    refs = appendix[appendix.index(pdfcheck.norm(t("sec.references", lang))):]
    flat = refs.replace("\n", " ")
    for r in REFERENCES:
        assert r.id in refs
        assert f"{r.authors} ({r.year})" in flat or r.authors.split(",")[0] in flat, r.authors
        assert r.url in flat.replace(" ", "") or r.url in flat, r.url
    # the appendix row of a cited figure cites the number of its reference in the list (sorted
    # by authors: the CRE first, the European Commission second), never the run of ids
    from printables.report.council_pages import reference_numbers

    assert reference_numbers(REFERENCES) == {"cre-tarifs-2025": 1, "ec-cba-guide-2014": 2}
    assert "[2]" in appendix and "[ec-cba-guide-2014]" not in appendix.replace("\n", " ")
    assert "[1]" in refs and "[2]" in refs


def test_numbered_citations_join_runs() -> None:
    """Numbered citations as in a journal's reference style: sorted, three or more consecutive
    numbers as a range, an id the list lacks by itself."""
    from printables.report.council_pages import cite

    numbers = {f"r{k}": k for k in range(1, 20)}
    assert cite(["r12", "r3", "r4", "r5", "r14"], numbers) == "[3–5, 12, 14]"
    assert cite(["r7", "r8"], numbers) == "[7, 8]"
    assert cite(["r2", "unknown-id"], numbers) == "[2, unknown-id]"
    assert cite([], numbers) == ""


@pytest.mark.parametrize("lang", languages())
def test_scenarios_side_by_side_and_baseline_columns(pdfs: dict[str, bytes], lang: str) -> None:
    pdf = pdfs[lang]
    report = table_report(lang=lang)
    scn = pdfcheck.page_texts(pdf)[_page_of(pdf, t("sec.scenarios", lang))]
    assert "SCN-09" in scn and pdfcheck.norm(format_value(-654_321.0, "EUR", lang)) in scn
    base = pdfcheck.page_texts(pdf)[_page_of(pdf, t("sec.baseline", lang))]
    assert report.baseline is not None
    today = {k.key: k for k in report.baseline.kpis}["self_sufficiency"]
    project = {k.key: k for k in report.energy.kpis}["self_sufficiency"]
    line = (f"{pdfcheck.norm(project.name.get(lang))} {pdfcheck.norm(format_value(today.value, 'fraction', lang))} "
            f"{pdfcheck.norm(format_value(project.value, 'fraction', lang))}")
    assert line in base, line


def test_a_lenders_summary_row_shows_its_loan_so_the_row_adds_up() -> None:
    """The per-stakeholder summary printed investment, O&M, replacement, benefit and residual
    only: a lender's row showed −1,129,600 € and nothing else beside an NPV of 0 (a newcomer's
    check of the sample report). A lender pays the principal out (investment) and gets the
    annuity back (financing, ``CashFlowRow.financing``): at its own rate the NPV is 0 (annuity
    method, VDI 2067-1). The summary shows the loan service whenever a row has it."""
    from report_fixtures import cash_flows, prov

    from printables.report.i18n import label
    from printables.report.model import CashFlows, CashFlowYear

    rate, term, principal = 0.02, 20, 1_000_000.0
    annuity = principal * rate / (1 - (1 + rate) ** -term)
    rows, cumulative = [], 0.0
    for year in range(term + 1):
        inv = -principal if year == 0 else 0.0
        fin = annuity if year >= 1 else 0.0
        net = inv + fin
        cumulative += net / (1 + rate) ** year
        rows.append(CashFlowYear(year=year, investment_eur=inv, financing_eur=fin, net_eur=net,
                                 discounted_eur=net / (1 + rate) ** year, cumulative_discounted_eur=cumulative))
    assert abs(cumulative) < 1e-6
    lender = CashFlows(scope="stakeholder", id="investors", name=label("stakeholder.investors"), discount_rate=rate,
                       years=tuple(rows), provenance=prov("WHY-06", rule="stakeholder_npv"))
    report = table_report(lang="en")
    report = report.model_copy(update={"financing": report.financing.model_copy(
        update={"cash_flows": (cash_flows(), lender)})})
    pdf = render_table_report(report, "en")
    page = pdfcheck.page_texts(pdf)[_page_of(pdf, pdfcheck.norm(t("cash.stakeholders", "en")))]
    assert pdfcheck.norm(t("col.financing", "en")) in page, page[:600]
    assert pdfcheck.norm(format_value(annuity * term, "EUR", "en")) in page, (format_value(annuity * term, "EUR", "en"), page[:900])


@pytest.mark.parametrize("lang", ["en", "de"])
def test_an_inert_scenario_column_says_why_without_a_likelihood(lang: str) -> None:
    """Issue 11 (review): an inert scenario (not applicable under the district's regime, or its
    law already in force) was shown with a likelihood and figures as if it changed something.
    Its column says "already in force since 1 June 2026" / "not applicable here" (§ 42c EnWG from
    1 June 2026, ref:enwg-42c) and shows no NPV of its own; an acting scenario keeps its likelihood."""
    from datetime import date

    report = table_report(lang=lang)
    acting = report.scenario_outcomes[0].model_copy(update={"likelihood": 3})
    in_force = acting.model_copy(update={"scenario_card": "SCN-06", "status": "in_force", "likelihood": None,
                                         "in_force_since": date(2026, 6, 1)})
    elsewhere = acting.model_copy(update={"scenario_card": "SCN-05", "status": "not_applicable", "likelihood": None})
    pdf = render_table_report(report.model_copy(update={"scenario_outcomes": (acting, in_force, elsewhere)}), lang)
    def flat(text: str) -> str:  # cells wrap: compare word by word
        return " ".join(pdfcheck.norm(text).split())

    page = flat(pdfcheck.page_texts(pdf)[_page_of(pdf, t("sec.scenarios", lang))])
    from printables.report.council_pages import inert_text

    # Wrapped cells interleave in the extracted text: the phrases are checked as the table prints them.
    said = {"en": ("already in force since June 1, 2026", "not applicable here"),
            "de": ("bereits in Kraft seit 1. Juni 2026", "hier nicht anwendbar")}[lang]
    assert (inert_text(in_force, lang), inert_text(elsewhere, lang)) == said
    assert all(word in page.split() for word in " ".join(said).split())
    assert page.count("3/4") == 1  # the acting scenario's likelihood ("likelihood 3/4"), no other
    assert page.count(flat(format_value(-654_321.0, "EUR", lang))) == 1
def test_an_asset_class_shows_the_present_value_of_its_costs_not_an_npv() -> None:
    """An asset class carries its costs only (the project's savings are not attributed to it):
    printed as an NPV, rooftop PV read "−1,928,089 €" beside a retail price five times its LCOE
    (issue 11). The asset table prints the present value of its costs and the LCOE, no NPV
    column. Hand example: EUR 100,000 in year 0 and EUR 1,000/yr O&M for 2 years at 4 %:
    100,000 + 1,000 / 1.04 + 1,000 / 1.04^2 = 101,886.09 €."""
    from report_fixtures import prov

    from printables.report.i18n import label
    from printables.report.model import CashFlows, CashFlowYear

    rate, rows, cumulative = 0.04, [], 0.0
    for year, (inv, om) in enumerate(((-100_000.0, 0.0), (0.0, -1_000.0), (0.0, -1_000.0))):
        net = inv + om
        cumulative += net / (1 + rate) ** year
        rows.append(CashFlowYear(year=year, investment_eur=inv, operation_eur=om, net_eur=net,
                                 discounted_eur=net / (1 + rate) ** year, cumulative_discounted_eur=cumulative))
    assert -cumulative == pytest.approx(101_886.09, abs=0.01)
    pv = CashFlows(scope="asset", id="pv", name=label("asset.pv"), discount_rate=rate, years=tuple(rows),
                   provenance=prov("TECH-01", rule="asset_cash_flows"), present_value_of_costs_eur=-cumulative,
                   lcoe_eur_per_kwh=0.081)
    report = table_report(lang="en")
    report = report.model_copy(update={"financing": report.financing.model_copy(
        update={"cash_flows": (report.financing.cash_flows[0], pv)})})
    pdf = render_table_report(report, "en")
    page = pdfcheck.page_texts(pdf)[_page_of(pdf, pdfcheck.norm(t("cash.assets", "en")))]
    section = page[page.index(pdfcheck.norm(t("cash.assets", "en"))):]
    assert "Present" in section  # the header "Present value of costs", wrapped in its narrow column
    assert pdfcheck.norm(format_value(101_886.09, "EUR", "en")) in section, section[:600]
    assert pdfcheck.norm(format_value(0.081, "EUR/kWh", "en")) in section
    assert pdfcheck.norm(t("col.benefit", "en")) not in section


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_tornado_with_many_bars_fits_the_page(lang: str) -> None:
    """The Lyon +CityxChange table (example + WHO-09, WHAT-05, HOW-05/06/07/11) has 47 inputs
    that move the NPV: drawn whole, the chart was 16 pt × 47 + 54 = 806 pt against the 740 pt
    frame and reportlab raised LayoutError in en and fr (review of issue #17, finding 1). The
    chart keeps the Tornado.MAX_BARS largest swings (25 bars, 454 pt), says so, and the table
    still lists all 47."""
    from reportlab.platypus import Paragraph

    from printables.report.charts import Tornado
    from printables.report.council_pages import sensitivity_section
    from printables.report.doc import FRAME_H, FRAME_W
    from printables.report.story import Ctx

    report = table_report(lang=lang)
    assert report.sensitivity is not None
    one = report.sensitivity.bars[0]
    bars = tuple(one.model_copy(update={"parameter": f"p.{k}", "low_output": -1_000.0 * (47 - k),
                                        "high_output": 1_000.0 * (47 - k)}) for k in range(47))
    report = report.model_copy(update={"sensitivity": report.sensitivity.model_copy(update={"bars": bars})})
    story = sensitivity_section(Ctx(report, lang, "t1-"))
    tornado = next(f for f in story if isinstance(f, Tornado))
    assert len(tornado.bars) == Tornado.MAX_BARS == 25
    assert [b.parameter for b in tornado.bars] == [f"p.{k}" for k in range(25)]  # the largest swings
    assert tornado.wrap(FRAME_W, FRAME_H)[1] == pytest.approx(454.0)
    heads = sum(f.wrap(FRAME_W, FRAME_H)[1] for f in story[:story.index(tornado)])
    assert heads + 454.0 <= FRAME_H
    assert t("sens.top", lang, shown=25, n=47) in [f.getPlainText() for f in story if isinstance(f, Paragraph)]


def test_page_one_and_the_scenarios_show_the_npv_without_the_market_benefits() -> None:
    """docs/rules.md ("Which NPV this is"): beside every NPV the NPV without the market benefits
    (their investment and running costs kept). Review of issue #11 (finding 1): page 1 "At a
    glance" and the "Scenarios side by side" page showed only the NPV. Here the table's is
    -3,653,990 € (the Munich +CityxChange table's before the eMaaS fix) and the scenario's -4,000,000 €."""
    from report_fixtures import prov

    from printables.report.model import Figure

    report = table_report()
    fig = Figure(value=-3_653_990.0, unit="EUR", provenance=prov(rule="npv.project"))
    report = report.model_copy(update={
        "financing": report.financing.model_copy(update={"project_npv_without_markets": fig}),
        "scenario_outcomes": tuple(o.model_copy(update={"npv_without_markets": fig.model_copy(update={"value": -4_000_000.0})})
                                   for o in report.scenario_outcomes)})
    pages = pdfcheck.page_texts(render_table_report(report, "en"))
    label = pdfcheck.norm(t("fin.project_npv_without_markets", "en"))
    base, scenario = (pdfcheck.norm(format_value(v, "EUR", "en")) for v in (-3_653_990.0, -4_000_000.0))
    flat = [" ".join(p.split()) for p in pages]
    head = " ".join(label.split()[:5])  # the label wraps in its column; its first words stay on one line
    assert head in flat[0] and base in flat[0], flat[0]
    scenarios = next(k for k, p in enumerate(pages) if re.search(rf"^{re.escape(pdfcheck.norm(t('sec.scenarios', 'en')))}$", p, re.M))
    assert head in flat[scenarios] and base in flat[scenarios] and scenario in flat[scenarios]
