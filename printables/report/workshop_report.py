"""A workshop's outcome report: every table side by side, the comparison, each table's model in
every built-in district (:mod:`printables.report.replication_page`), then each table.

The side-by-side view puts up to :data:`TABLES_PER_BLOCK` tables in one block of columns, so a
12-table workshop stays readable on A4 portrait. The comparison prints the facilitator's
criteria and weights, then the ranking with each table's score and the reasons the engine gave.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer

from catalogs import formatting as cldr
from printables.geometry import MM
from printables.report.doc import FRAME_W, Heading, esc, grid_table, render, styles
from printables.report.formatting import NBSP, format_number, format_value, unit_text
from printables.report.i18n import t
from printables.report.market import figures_table
from printables.report.model import Comparison, RankedTable, TableReport, WorkshopReport
from printables.report.replication_page import replication_section
from printables.report.rows import Cell
from printables.report.table_report import table_story

TABLES_PER_BLOCK = 4
LABEL_COL = 52 * MM


def _cell(text: str, bold: bool = False, right: bool = False) -> Cell:
    """A table cell (8 pt, wrapping; text is printed as given, never parsed as markup)."""
    return Cell(text, bold=bold, right=right)


def _heading(key: str, lang: str, level: int, anchor: str, text: str | None = None) -> Heading:
    st = styles()
    return Heading(text or t(key, lang), (st.h1, st.h2)[level], level, anchor)


def top_risk(report: TableReport) -> int:
    """The highest risk score of a table under any scenario (0 without risks)."""
    return max((r.score for s in report.scenarios for r in s.risks), default=0)


SHOWN_ABOVE = frozenset({"capex", "financing_gap", "risk_score"})
"""KPI keys the side-by-side table already has as its own rows (CAPEX, gap, highest risk)."""


def _summary_rows(tables: Sequence[TableReport], lang: str) -> list[list[Cell]]:
    rows: list[list[Cell]] = [[_cell("")] + [_cell(f"{t('cover.table', lang)} {r.meta.table}", bold=True)
                                                 for r in tables]]
    rows.append([_cell(t("ws.governance", lang), bold=True)] + [
        _cell(f"{r.governance.model.get(lang)} ({t(f'gov.level.{r.governance.level}', lang)})") for r in tables])
    rows.append([_cell(t("ws.cards", lang), bold=True)] + [
        _cell(", ".join(c.code for b in r.board for c in b.cards)) for r in tables])
    if any(r.financing.project_npv is not None for r in tables):
        rows.append([_cell(t("fin.project_npv", lang), bold=True)] + [
            _cell("–" if r.financing.project_npv is None else format_value(r.financing.project_npv.value, "EUR", lang)
                  + ("" if r.financing.horizon_years is None
                     else f" / {format_number(r.financing.horizon_years, 0, lang)}{NBSP}{unit_text('years', lang)}"),
                  right=True)
            for r in tables])
    if any(r.financing.project_npv_without_markets is not None for r in tables):
        # Beside the NPV: what it is without the markets' counted parts (eMaaS users' car costs,
        # flexibility sales), so a council compares tables on both (docs/rules.md).
        rows.append([_cell(t("fin.project_npv_without_markets", lang), bold=True)] + [
            _cell("–" if r.financing.project_npv_without_markets is None
                  else format_value(r.financing.project_npv_without_markets.value, "EUR", lang), right=True)
            for r in tables])
    rows.append([_cell(t("fin.capex", lang), bold=True)] + [
        _cell(format_value(r.financing.capex.value, r.financing.capex.unit, lang), right=True) for r in tables])
    rows.append([_cell(t("fin.gap", lang), bold=True)] + [
        _cell(format_value(r.financing.gap.value, r.financing.gap.unit, lang), right=True) for r in tables])
    rows.append([_cell(t("fin.payback", lang), bold=True)] + [
        _cell(t("fin.never", lang) if r.financing.payback_years is None
              else format_value(r.financing.payback_years.value, r.financing.payback_years.unit, lang), right=True)
        for r in tables])
    for kpi in tables[0].energy.kpis:
        if kpi.key in SHOWN_ABOVE:
            continue
        values = []
        for r in tables:
            match = next((k for k in r.energy.kpis if k.key == kpi.key), None)
            values.append(_cell("–" if match is None else format_value(match.value, match.unit, lang), right=True))
        rows.append([_cell(kpi.name.get(lang), bold=True), *values])
    rows.append([_cell(t("ws.top_risk", lang), bold=True)] + [
        _cell(format_value(top_risk(r), "count", lang), right=True) for r in tables])
    return rows


def side_by_side(report: WorkshopReport, lang: str) -> list[Flowable]:
    story: list[Flowable] = [_heading("sec.side_by_side", lang, 0, "ws-side")]
    tables = report.tables
    for start in range(0, len(tables), TABLES_PER_BLOCK):
        block = tables[start:start + TABLES_PER_BLOCK]
        col = (FRAME_W - LABEL_COL) / TABLES_PER_BLOCK
        story += [CondPageBreak(90 * MM), grid_table(_summary_rows(block, lang), [LABEL_COL] + [col] * len(block),
                                                     right_cols=()), Spacer(1, 5 * MM)]
    return story


def comparison_section(comparison: Comparison | None, lang: str) -> list[Flowable]:
    story: list[Flowable] = [PageBreak(), _heading("sec.comparison", lang, 0, "ws-comparison")]
    if comparison is None:
        return [*story, Paragraph(esc(t("ws.no_comparison", lang)), styles().body)]
    story.append(Paragraph(esc(t("ws.method", lang, m=comparison.method)), styles().body))
    crit: list[list[Cell]] = [[_cell(t("col.criterion", lang)), _cell(t("col.weight", lang), right=True),
                                   _cell(t("col.direction", lang))]]
    for c in comparison.criteria:
        crit.append([_cell(c.name.get(lang)), _cell(format_value(c.weight, "", lang), right=True),
                     _cell(t("dir.higher" if c.higher_is_better else "dir.lower", lang))])
    story += [_heading("ws.criteria", lang, 1, "ws-criteria"),
              grid_table(crit, [FRAME_W - 60 * MM, 25 * MM, 35 * MM], right_cols=(1,)),
              _heading("ws.ranking", lang, 1, "ws-ranking")]
    head = [_cell(t("col.rank", lang), right=True), _cell(t("cover.table", lang)),
            _cell(t("col.score", lang), right=True), _cell(t("col.reasons", lang))]
    rows: list[list[Cell]] = [head]
    ranking = sorted(comparison.ranking, key=lambda r: r.rank)
    for r in ranking:
        reasons = " ".join(x.get(lang) for x in r.reasons)
        rows.append([_cell(str(r.rank), right=True), _cell(r.table), _cell(format_value(r.score, "score", lang),
                                                                           right=True), _cell(reasons)])
    story.append(grid_table(rows, [12 * MM, 22 * MM, 16 * MM, FRAME_W - 50 * MM], right_cols=()))
    story.append(Spacer(1, 4 * MM))
    for start in range(0, len(ranking), TABLES_PER_BLOCK):
        story.append(_criteria_values(comparison, ranking[start:start + TABLES_PER_BLOCK], lang))
        story.append(Spacer(1, 3 * MM))
    # The markets are shown beside the ranking (P2P, flexibility, eMaaS), not weighted in it.
    col = (FRAME_W - LABEL_COL) / TABLES_PER_BLOCK
    blocks = [figures_table(ranking[start:start + TABLES_PER_BLOCK], lang, LABEL_COL, col)
              for start in range(0, len(ranking), TABLES_PER_BLOCK)]
    if any(b is not None for b in blocks):
        story.append(Paragraph(esc(t("ws.market_note", lang)), styles().body))
        for block in blocks:
            if block is not None:
                story += [block, Spacer(1, 3 * MM)]
    return story


def _criteria_values(comparison: Comparison, ranking: Sequence[RankedTable], lang: str) -> Flowable:
    """Each criterion's value per table (tables as columns, in rank order)."""
    head = [_cell(t("col.criterion", lang))] + [_cell(f"{t('cover.table', lang)} {r.table}", bold=True, right=True)
                                                for r in ranking]
    rows: list[list[Cell]] = [head]
    for c in comparison.criteria:
        rows.append([_cell(c.name.get(lang))] + [
            _cell(format_value(r.values[c.key], c.unit, lang) if c.key in r.values else "–", right=True)
            for r in ranking])
    col = (FRAME_W - LABEL_COL) / TABLES_PER_BLOCK
    return grid_table(rows, [LABEL_COL] + [col] * len(ranking), right_cols=())


def workshop_story(report: WorkshopReport, lang: str) -> list[Flowable]:
    m, st = report.meta, styles()
    rows = [[_cell(t("cover.workshop", lang), bold=True), _cell(m.workshop)],
            [_cell(t("cover.district", lang), bold=True), _cell(m.district.get(lang))],
            [_cell(t("cover.date", lang), bold=True), _cell(cldr.day(m.date, lang))],
            [_cell(t("cover.tables", lang), bold=True), _cell(", ".join(r.meta.table for r in report.tables))]]
    story: list[Flowable] = [Spacer(1, 10 * MM), Heading(t("report.workshop_title", lang), st.title, 0, "ws-cover"),
                             grid_table(rows, [45 * MM, FRAME_W - 45 * MM], header=False),
                             Spacer(1, 4 * MM), Paragraph(esc(t("cover.reading", lang)), st.small), Spacer(1, 6 * MM)]
    story += side_by_side(report, lang)
    story += comparison_section(report.comparison, lang)
    story += replication_section(report, lang)
    story += [PageBreak(), _heading("sec.table_reports", lang, 0, "ws-tables")]
    for k, table in enumerate(report.tables):
        story += ([PageBreak()] if k else []) + table_story(table, lang, prefix=f"t{k}-")
    return story


def render_workshop_report(report: WorkshopReport, lang: str | None = None) -> bytes:
    """The PDF of a workshop's report in ``lang`` (default: the workshop's language)."""
    lang = lang or report.meta.lang
    title = f"{t('report.workshop_title', lang)} — {report.meta.workshop}"
    footer = f"{t('report.footer', lang)} · {report.meta.workshop}"
    return render(workshop_story(report, lang), title=title, subject=t("report.subject", lang), lang=lang,
                  footer=footer)
