"""The outcome report PDF, rendered from hand-built inputs whose every number is known."""

from __future__ import annotations

import io
import re

import pytest
import report_pdfcheck as pdfcheck
from pypdf import PdfReader
from report_fixtures import HOSTILE, table_report, workshop_report

from catalogs import languages
from printables.report import render_table_report, render_workshop_report
from printables.report.i18n import t
from printables.report.provenance_text import rule_text


@pytest.fixture(scope="module")
def reports() -> dict[str, bytes]:
    return {lang: render_table_report(table_report(lang=lang), lang) for lang in languages()}


@pytest.mark.parametrize("lang", languages())
def test_table_report_keeps_every_rule(reports: dict[str, bytes], lang: str) -> None:
    pdfcheck.check_report(reports[lang], table_report(lang=lang), lang)


@pytest.mark.parametrize("lang", languages())
def test_every_section_is_a_bookmark(reports: dict[str, bytes], lang: str) -> None:
    titles = pdfcheck.outline_titles(reports[lang])
    for key in ("report.title", "sec.model", "sec.flows", "sec.governance", "sec.financing", "sec.risks",
                "sec.energy", "sec.replication", "sec.log", "sec.appendix"):
        assert t(key, lang) in titles, f"{key} missing from the outline {titles}"


def test_document_title_language_and_viewer_prefs(reports: dict[str, bytes]) -> None:
    reader = PdfReader(io.BytesIO(reports["fr"]))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr"
    assert reader.metadata is not None and reader.metadata.title is not None
    assert reader.metadata.title.startswith(t("report.title", "fr"))
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert root["/PageMode"] == "/UseOutlines"


def test_markup_in_nicknames_and_card_texts_prints_as_text() -> None:
    report = table_report(nickname="<b>Zoé</b> & co", hostile=True)
    pdf = render_table_report(report, "en")
    pdfcheck.check_report(pdf, report, "en")
    text = "\n".join(pdfcheck.page_texts(pdf))
    assert "<b>Zoé</b> & co" in text
    assert "<script>alert(1)</script>" in text
    assert HOSTILE.split(" &")[0] in text


def test_nicknames_are_off_unless_given() -> None:
    text = "\n".join(pdfcheck.page_texts(render_table_report(table_report(nickname=None), "en")))
    assert "Zoé" not in text


def test_appendix_traces_every_printed_figure(reports: dict[str, bytes]) -> None:
    report = table_report()
    text = "\n".join(pdfcheck.page_texts(reports["en"]))
    appendix = text[text.index(t("sec.appendix", "en"), text.index(t("sec.log", "en"))):]
    words = set(appendix.split())
    provenances = ([f.provenance for f in report.flows] + [k.provenance for k in report.energy.kpis]
                   + [i.provenance for s in report.stakeholders for i in s.cost_items])
    assert any(s.cost_items for s in report.stakeholders), "the fixture must carry running costs"
    for prov in [*provenances, report.governance.provenance, report.financing.capex.provenance]:
        # Cells wrap and pdfplumber interleaves columns line by line: compare word by word.
        assert set(rule_text(prov.rule, "en").split()) <= words, prov.rule
        assert set(prov.cards) <= {w.strip(",") for w in words}, prov.cards
    for item in (i for s in report.stakeholders for i in s.cost_items):
        assert set(item.label.en.split()) <= {w.strip(":") for w in words}, item.label.en
        assert set(item.provenance.source.split()) <= words, item.provenance.source


def test_many_cards_in_one_slot_do_not_overflow_the_mat() -> None:
    report = table_report()
    many = report.board[6].model_copy(update={"cards": report.board[6].cards * 6})
    crowded = report.model_copy(update={"board": (*report.board[:6], many, *report.board[7:])})
    pdf = render_table_report(crowded, "de")
    assert not pdfcheck.chars_outside_frame(pdf)
    text = "\n".join(pdfcheck.page_texts(pdf))
    assert re.search(r"\+\d+ weitere", text), "a crowded slot names how many cards it could not show"
    for card in many.cards:
        assert card.title.de in text, "the table under the mat lists every card"


@pytest.mark.parametrize("lang", ["en", "de"])
def test_workshop_report_has_tables_side_by_side_ranking_and_each_table(lang: str) -> None:
    workshop = workshop_report(3, lang)
    pdf = render_workshop_report(workshop, lang)
    assert not pdfcheck.chars_outside_frame(pdf)
    pages = pdfcheck.rendered_pages(pdf)
    assert all(pdfcheck.ink_fraction(p) >= 0.002 for p in pages)
    text = "\n".join(pdfcheck.page_texts(pdf))
    for table in workshop.tables:
        for value in pdfcheck.expected_numbers(table, lang).values():
            assert value in text
    assert workshop.comparison is not None
    for ranked in workshop.comparison.ranking:
        score = pdfcheck.norm(pdfcheck.format_value(ranked.score, "score", lang))
        assert f"{ranked.rank} {ranked.table} {score}" in text
    titles = pdfcheck.outline_titles(pdf)
    assert t("sec.comparison", lang) in titles
    assert titles.count(t("sec.risks", lang)) == len(workshop.tables)
    if lang != "en":
        assert not pdfcheck.english_labels_in(pdfcheck.before_appendix(text, lang), lang)
