"""One table's outcome report: the story (list of flowables) and the PDF.

Sections, in the order a city reads them: cover, the assembled model on the mat, value flows,
governance fit, financing and the cash flows over the horizon, today without the project beside
the project, the scenarios side by side, sensitivity, uncertainty (P5/P50/P95), risks per
scenario, energy, replication, the decision log, warnings, and the appendix tracing every figure
to its cards, rules, data sources and references (full citations at its end). The council pages
are in :mod:`printables.report.council_pages`.
"""

from __future__ import annotations

import re
from datetime import date

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
)

from catalogs import formatting as cldr
from printables.fonts import register_fonts
from printables.geometry import MM
from printables.report.charts import DayLines, KpiChart, MonthlyBars, RiskMatrix, nice_max
from printables.report.doc import FRAME_W, Heading, grid_table, render, styles
from printables.report.formatting import NBSP, format_number, format_value, unit_text
from printables.report.i18n import has, t
from printables.report.market import market_section
from printables.report.mat import MatDrawing
from printables.report.model import (
    CardRef,
    Kpi,
    Risk,
    ScenarioRisks,
    TableReport,
)
from printables.report.rows import Cell
from printables.report.sankey import Sankey
from printables.report.sharing import sharing_section
from printables.report.story import Ctx, _cell, _p, heading

FLOW_KINDS = ("money", "energy", "data", "service")


def _card_text(card: CardRef, lang: str) -> str:
    return f"{card.code} · {card.title.get(lang)}"


# --------------------------------------------------------------------------- cover


def cover(ctx: Ctx) -> list[Flowable]:
    m, lang, st = ctx.report.meta, ctx.lang, styles()
    rows = [
        [_cell(t("cover.workshop", lang), bold=True), _cell(m.workshop)],
        [_cell(t("cover.district", lang), bold=True), _cell(m.district.get(lang))],
        [_cell(t("cover.date", lang), bold=True), _cell(cldr.day(m.date, lang))],
        [_cell(t("cover.table", lang), bold=True), _cell(m.table)],
    ]
    sharing = ctx.report.sharing
    if sharing is not None and sharing.as_of != m.date.date().isoformat():
        # The assessment applies the law and tariffs of its own date, which a council must see
        # beside a session held earlier (docs/rules.md, "--as-of").
        rows.insert(3, [_cell(t("cover.rules_as_of", lang), bold=True),
                        _cell(cldr.day(date.fromisoformat(sharing.as_of), lang))])
    roles = [p.role.get(lang) + (f" ({p.nickname})" if p.nickname else "") for p in m.participants]
    story: list[Flowable] = [
        Spacer(1, 10 * MM if ctx.prefix else 30 * MM),
        Heading(f"{t('cover.table', lang)} {m.table} — {t('report.title', lang)}" if ctx.prefix
                else t("report.title", lang), st.title, 1 if ctx.prefix else 0, ctx.key("cover")),
        grid_table(rows, [45 * MM, FRAME_W - 45 * MM], header=False),
        Spacer(1, 6 * MM),
        _p(t("cover.roles", lang), "h3"),
        _p(", ".join(roles) if roles else t("cover.no_roles", lang)),
        Spacer(1, 6 * MM),
        _p(t("cover.at_a_glance", lang), "h3"),
        glance_table(ctx.report, lang),
        Spacer(1, 8 * MM),
        _p(t("cover.reading", lang), "small"),
        PageBreak(),
    ]
    return story


GLANCE_SKIP = frozenset({"financing_gap", "capex"})
"""KPI keys the summary already shows as financing figures."""


def glance_table(report: TableReport, lang: str) -> Flowable:
    """Governance, CAPEX, gap and the KPIs that carry a PED threshold, in one small table."""
    g, f = report.governance, report.financing
    rows = [
        [_cell(t("gov.model", lang), bold=True),
         _cell(f"{g.model.get(lang)} — {t('gov.fit', lang)}{t('term.colon', lang)}{t(f'gov.level.{g.level}', lang)}")],
        [_cell(t("fin.capex", lang), bold=True), _cell(format_value(f.capex.value, f.capex.unit, lang))],
        [_cell(t("fin.gap", lang), bold=True), _cell(format_value(f.gap.value, f.gap.unit, lang))],
    ]
    if f.project_npv is not None:
        horizon = "" if f.horizon_years is None else (
            f" ({t('fin.horizon', lang)} {format_number(f.horizon_years, 0, lang)}{NBSP}{unit_text('years', lang)})")
        rows.insert(1, [_cell(t("fin.project_npv", lang), bold=True),
                        _cell(format_value(f.project_npv.value, "EUR", lang) + horizon)])
        if f.project_npv_without_markets is not None:  # beside every NPV (docs/rules.md "Which NPV this is")
            rows.insert(2, [_cell(t("fin.project_npv_without_markets", lang), bold=True),
                            _cell(format_value(f.project_npv_without_markets.value, "EUR", lang))])
    for kpi in report.energy.kpis:
        if kpi.threshold is not None and kpi.key not in GLANCE_SKIP:
            rows.append([_cell(kpi.name.get(lang), bold=True), _cell(_kpi_status(kpi, lang))])
    return grid_table(rows, [60 * MM, FRAME_W - 60 * MM], header=False)


def _kpi_status(kpi: Kpi, lang: str) -> str:
    value = format_value(kpi.value, kpi.unit, lang)
    if kpi.passes is None:
        return value
    return f"{value} ({t('kpi.pass' if kpi.passes else 'kpi.fail', lang)})"


# --------------------------------------------------------------------------- model and flows


def model_section(ctx: Ctx) -> list[Flowable]:
    lang = ctx.lang
    rows: list[list[Cell]] = [[_cell(t("col.slot", lang)), _cell(t("col.code", lang)), _cell(t("col.card", lang))]]
    for board_slot in ctx.report.board:
        for card in board_slot.cards:
            rows.append([_cell(t(f"slot.{board_slot.slot}", lang)), _cell(card.code, bold=True),
                         _cell(card.title.get(lang))])
    return [
        heading(ctx, "sec.model"),
        _p(t("model.intro", lang)),
        MatDrawing(ctx.report.board, lang, FRAME_W),
        Spacer(1, 4 * MM),
        grid_table(rows, [30 * MM, 16 * MM, FRAME_W - 46 * MM]),
        PageBreak(),
    ]


def flows_section(ctx: Ctx) -> list[Flowable]:
    lang, report = ctx.lang, ctx.report
    story: list[Flowable] = [heading(ctx, "sec.flows"), _p(t("flows.intro", lang))]
    names = {s.id: s.name.get(lang) for s in report.stakeholders}
    if not report.flows:
        story.append(_p(t("flows.none", lang)))
    for kind in FLOW_KINDS:
        for unit in sorted({f.unit for f in report.flows if f.kind == kind}):
            flows = [f for f in report.flows if f.kind == kind and f.unit == unit]
            total = format_value(sum(f.amount for f in flows), unit, lang)
            height = min(max(90.0, 26.0 * len({f.source for f in flows} | {f.target for f in flows})), 300.0)
            story.append(KeepTogether([
                heading(ctx, f"kind.{kind}", 1, f"{t(f'kind.{kind}', lang)} — {t('sankey.total', lang, v=total)}"),
                Sankey(flows, report.stakeholders, names, lang, FRAME_W, height),
            ]))
    story += [heading(ctx, "flows.net_values", 1), _net_value_table(ctx)]
    story += [heading(ctx, "flows.register", 1), _flow_register(ctx), PageBreak()]
    return story


def _net_value_table(ctx: Ctx) -> Flowable:
    """Stakeholder (with the engine's sum in words under the name), own running costs and net
    value [EUR/yr], so that money in − money out − own costs = net value reads off one row;
    each cost item goes to the appendix with its own provenance."""
    lang = ctx.lang
    rows: list[list[Cell]] = [[_cell(t("col.stakeholder", lang)), _cell(t("col.own_costs", lang), right=True),
                               _cell(t("col.net_value", lang), right=True)]]
    for s in sorted(ctx.report.stakeholders, key=lambda s: -s.net_value_eur):
        name = s.name.get(lang)
        value = format_value(s.net_value_eur, "EUR/yr", lang)
        costs = format_value(s.costs_eur, "EUR/yr", lang)
        who = Cell(f"\n{s.explanation.get(lang)}", strong=name) if s.explanation else _cell(name)
        rows.append([who, _cell(costs, right=True), _cell(value, right=True)])
        ctx.trace.add(f"{t('col.net_value', lang)}: {name}", value, s.provenance)
        for item in s.cost_items:
            ctx.trace.add(f"{t('col.own_costs', lang)}: {name} — {item.label.get(lang)}",
                          format_value(item.amount_eur, "EUR/yr", lang), item.provenance)
    return grid_table(rows, [FRAME_W - 80 * MM, 36 * MM, 44 * MM], right_cols=(1, 2))


def _flow_register(ctx: Ctx) -> Flowable:
    lang = ctx.lang
    rows: list[list[Cell]] = [[_cell(t(k, lang)) for k in ("col.from", "col.to", "col.kind", "col.what")]
                                  + [_cell(t("col.amount", lang), right=True)]]
    for f in ctx.report.flows:
        amount = format_value(f.amount, f.unit, lang)
        rows.append([_cell(ctx.name(f.source)), _cell(ctx.name(f.target)), _cell(t(f"kind.{f.kind}", lang)),
                     _cell(f.label.get(lang)), _cell(amount, right=True)])
        ctx.trace.add(f"{ctx.name(f.source)} › {ctx.name(f.target)}: {f.label.get(lang)}", amount, f.provenance)
    return grid_table(rows, [32 * MM, 32 * MM, 18 * MM, FRAME_W - 112 * MM, 30 * MM], right_cols=(4,))


# --------------------------------------------------------------------------- governance and financing


def governance_section(ctx: Ctx) -> list[Flowable]:
    lang, g = ctx.lang, ctx.report.governance
    score = format_value(g.score, "points", lang)
    story: list[Flowable] = [
        heading(ctx, "sec.governance"),
        _p(f"{t('gov.model', lang)}{t('term.colon', lang)}{g.model.get(lang)}", "big"),
        _p(f"{t('gov.fit', lang)}{t('term.colon', lang)}{t(f'gov.level.{g.level}', lang)} ({t('gov.score', lang, v=score)})"),
        _p(t("gov.reasons", lang), "h3"),
    ]
    story += [_p(f"• {r.get(lang)}") for r in g.reasons]
    ctx.trace.add(t("gov.fit", lang), score, g.provenance)
    return story


def _market_npv_rows(ctx: Ctx) -> list[list[Cell]]:
    """The markets' parts of the project NPV (game_rules.market_npv): the counted ones ("of
    which"), the NPV without them, then the lines shown but not in the NPV."""
    lang, f = ctx.lang, ctx.report.financing
    rows: list[list[Cell]] = []
    lines = [(f"fin.market.{m.part}", m.figure) for m in f.market_npv if m.in_npv]
    if f.project_npv_without_markets is not None:
        lines.append(("fin.project_npv_without_markets", f.project_npv_without_markets))
    lines += [(f"fin.market.{m.part}", m.figure) for m in f.market_npv if not m.in_npv]
    for key, fig in lines:
        value = format_value(fig.value, "EUR", lang)
        rows.append([_cell(t(key, lang)), _cell(value, right=True)])
        ctx.trace.add(t(key, lang), value, fig.provenance)
    return rows


def financing_section(ctx: Ctx) -> list[Flowable]:
    lang, f = ctx.lang, ctx.report.financing
    figures = [("fin.project_npv", f.project_npv), ("fin.project_npv_without_residual", f.project_npv_without_residual),
               ("fin.project_npv_before_grants", f.project_npv_before_grants),
               ("fin.capex", f.capex), ("fin.gap", f.gap),
               ("fin.payback", f.payback_years), ("fin.discounted_payback", f.discounted_payback_years),
               ("fin.irr", f.irr), ("fin.wacc", f.cost_of_capital), ("fin.lcoe_electricity", f.lcoe_electricity),
               ("fin.lcoe_heat", f.lcoe_heat)]
    rows: list[list[Cell]] = [[_cell(t("col.figure", lang)), _cell(t("col.value", lang), right=True)]]
    for key, fig in figures:
        if key == "fin.capex":
            rows += _market_npv_rows(ctx)  # right under the project NPV, whose parts they are
        if fig is None:
            if key == "fin.payback" or (key == "fin.discounted_payback" and f.project_npv is not None):
                rows.append([_cell(t(key, lang)), _cell(t("fin.never", lang), right=True)])
            continue
        value = format_value(fig.value, fig.unit, lang)
        rows.append([_cell(t(key, lang)), _cell(value, right=True)])
        ctx.trace.add(t(key, lang), value, fig.provenance)
    if f.horizon_years is not None:
        horizon = f"{format_number(f.horizon_years, 0, lang)}{NBSP}{unit_text('years', lang)}"
        rows.append([_cell(t("fin.horizon", lang)), _cell(horizon, right=True)])
    story: list[Flowable] = [CondPageBreak(80 * MM), heading(ctx, "sec.financing"),
                             grid_table(rows, [FRAME_W - 45 * MM, 45 * MM], right_cols=(1,)),
                             heading(ctx, "fin.sources", 1)]
    if f.sources:
        src: list[list[Cell]] = [[_cell(t("col.source", lang)), _cell(t("col.amount", lang), right=True),
                                      _cell(t("col.rate", lang), right=True)]]
        for s in f.sources:
            amount = format_value(s.amount_eur, "EUR", lang)
            src.append([_cell(s.name.get(lang)), _cell(amount, right=True),
                        _cell(format_value(s.rate, "fraction", lang), right=True)])
            ctx.trace.add(f"{t('col.source', lang)}: {s.name.get(lang)}", amount, s.provenance)
        story.append(grid_table(src, [FRAME_W - 70 * MM, 45 * MM, 25 * MM], right_cols=(1, 2)))
    else:
        story.append(_p(t("fin.no_sources", lang)))
    # Beside each NPV, the same without the residual value: how much of it rests on that method.
    npv: list[list[Cell]] = [[_cell(t("col.stakeholder", lang)), _cell(t("col.npv", lang), right=True),
                              _cell(t("col.npv_without_residual", lang), right=True)]]
    for n in f.npv:
        value = format_value(n.npv_eur, "EUR", lang)
        bare = "–" if n.npv_without_residual_eur is None else format_value(n.npv_without_residual_eur, "EUR", lang)
        npv.append([_cell(ctx.name(n.stakeholder)), _cell(value, right=True), _cell(bare, right=True)])
        ctx.trace.add(f"{t('col.npv', lang)}: {ctx.name(n.stakeholder)}", value, n.provenance)
        if n.npv_without_residual_eur is not None:
            ctx.trace.add(f"{t('col.npv_without_residual', lang)}: {ctx.name(n.stakeholder)}", bare, n.provenance)
    story += [heading(ctx, "fin.npv", 1),
              grid_table(npv, [FRAME_W - 90 * MM, 45 * MM, 45 * MM], right_cols=(1, 2)), PageBreak()]
    return story


# --------------------------------------------------------------------------- risks


def risk_numbers(scenario: ScenarioRisks) -> dict[str, str]:
    """Short numbers R1, R2, … by descending score, shared by the matrix and the register."""
    ordered = sorted(scenario.risks, key=lambda r: (-r.score, r.id))
    return {r.id: f"R{k}" for k, r in enumerate(ordered, start=1)}


def risks_section(ctx: Ctx) -> list[Flowable]:
    lang = ctx.lang
    story: list[Flowable] = [heading(ctx, "sec.risks"), _p(t("risk.intro", lang))]
    for k, scenario in enumerate(ctx.report.scenarios):
        if k:
            story.append(CondPageBreak(120 * MM))
        name = t("risk.scenario", lang, name=scenario.scenario.get(lang))
        story.append(heading(ctx, "risk.scenario", 1, name))
        if not scenario.risks:
            story.append(_p(t("risk.none", lang)))
            continue
        numbers = risk_numbers(scenario)
        story += [RiskMatrix(scenario.risks, numbers, lang, 62 * MM), _risk_register(ctx, scenario, numbers)]
    story.append(PageBreak())
    return story


def _risk_register(ctx: Ctx, scenario: ScenarioRisks, numbers: dict[str, str]) -> Flowable:
    lang = ctx.lang
    head = [_cell(t(k, lang)) for k in ("col.id", "col.risk")] + [
        _cell(t(k, lang), right=True) for k in ("col.p", "col.i", "col.score")] + [_cell(t("col.mitigation", lang))]
    rows: list[list[Cell]] = [head]
    for risk in sorted(scenario.risks, key=lambda r: numbers[r.id][1:].zfill(3)):
        rows.append(_risk_row(ctx, risk, numbers[risk.id], scenario))
    return grid_table(rows, [10 * MM, 64 * MM, 8 * MM, 8 * MM, 12 * MM, FRAME_W - 102 * MM], right_cols=(2, 3, 4))


def _risk_row(ctx: Ctx, risk: Risk, number: str, scenario: ScenarioRisks) -> list[Cell]:
    lang = ctx.lang
    kind = t(f"riskkind.{risk.kind}", lang) if has(f"riskkind.{risk.kind}") else risk.kind
    mitigation = "; ".join(_card_text(c, lang) for c in risk.mitigating_cards) or t("risk.no_mitigation", lang)
    score = format_value(risk.score, "count", lang)
    ctx.trace.add(f"{number} {risk.title.get(lang)} ({scenario.scenario.get(lang)})", score, risk.provenance)
    title = Cell(f"{t('term.colon', lang)}{risk.title.get(lang)}", strong=kind)
    return [_cell(number, bold=True), title, _cell(str(risk.probability), right=True),
            _cell(str(risk.impact), right=True), _cell(score, right=True), _cell(mitigation)]


# --------------------------------------------------------------------------- energy


def energy_section(ctx: Ctx) -> list[Flowable]:
    lang, e = ctx.lang, ctx.report.energy
    top = nice_max(max(max(d.demand_kw + d.generation_kw + d.import_kw) for d in (e.summer_day, e.winter_day)))
    half = FRAME_W / 2 - 2 * MM
    with_threshold = tuple(k for k in e.kpis if k.threshold is not None)
    days = Table([[DayLines(e.summer_day, top, lang, half, 62 * MM), DayLines(e.winter_day, top, lang, half, 62 * MM)]],
                 colWidths=[FRAME_W / 2, FRAME_W / 2], hAlign="LEFT",
                 style=[("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("FONT", (0, 0), (-1, -1), register_fonts().regular, 8)])
    story: list[Flowable] = [
        heading(ctx, "sec.energy"),
        heading(ctx, "energy.monthly", 1),
        MonthlyBars(e.months, lang, FRAME_W, 62 * MM),
        Spacer(1, 3 * MM),
        days,
        KeepTogether([
            heading(ctx, "energy.kpis", 1),
            KpiChart(with_threshold, {k.key: k.name.get(lang) for k in with_threshold}, lang, FRAME_W),
        ]) if with_threshold else heading(ctx, "energy.kpis", 1),
        Spacer(1, 3 * MM),
        _kpi_table(ctx, e.kpis),
        PageBreak(),
    ]
    return story


def _kpi_table(ctx: Ctx, kpis: tuple[Kpi, ...], trace: bool = True) -> Flowable:
    lang = ctx.lang
    rows: list[list[Cell]] = [[_cell(t("col.kpi", lang)), _cell(t("col.value", lang), right=True),
                                   _cell(t("col.threshold", lang), right=True), _cell(t("col.status", lang))]]
    for kpi in kpis:
        value = format_value(kpi.value, kpi.unit, lang)
        threshold = "–" if kpi.threshold is None else t("kpi.min" if kpi.higher_is_better else "kpi.max", lang,
                                                        v=format_value(kpi.threshold, kpi.unit, lang))
        status = t("kpi.info", lang) if kpi.passes is None else t("kpi.pass" if kpi.passes else "kpi.fail", lang)
        rows.append([_cell(kpi.name.get(lang)), _cell(value, right=True), _cell(threshold, right=True), _cell(status)])
        if trace:
            ctx.trace.add(kpi.name.get(lang), value, kpi.provenance)
    return grid_table(rows, [FRAME_W - 100 * MM, 36 * MM, 40 * MM, 24 * MM], right_cols=(1, 2))


# --------------------------------------------------------------------------- replication, log, warnings


def replication_section(ctx: Ctx) -> list[Flowable]:
    lang, rep = ctx.lang, ctx.report.replication
    story: list[Flowable] = [heading(ctx, "sec.replication")]
    if rep is None:
        return [*story, _p(t("rep.none", lang)), PageBreak()]
    story.append(_p(t("rep.intro", lang, district=rep.district.get(lang))))
    there = {k.key: k for k in rep.kpis}
    rows: list[list[Cell]] = [[_cell(t("col.kpi", lang)), _cell(t("col.here", lang), right=True),
                                   _cell(f"{t('col.there', lang)}{t('term.colon', lang)}{rep.district.get(lang)}", right=True)]]
    for kpi in ctx.report.energy.kpis:
        if kpi.key in there:
            other = there[kpi.key]
            value = format_value(other.value, other.unit, lang)
            rows.append([_cell(kpi.name.get(lang)), _cell(format_value(kpi.value, kpi.unit, lang), right=True),
                         _cell(value, right=True)])
            ctx.trace.add(f"{kpi.name.get(lang)} ({rep.district.get(lang)})", value, other.provenance)
    here_nv = {s.id: s for s in ctx.report.stakeholders}
    for s in rep.net_values:
        here = format_value(here_nv[s.id].net_value_eur, "EUR/yr", lang) if s.id in here_nv else "–"
        value = format_value(s.net_value_eur, "EUR/yr", lang)
        rows.append([_cell(f"{t('col.net_value', lang)}{t('term.colon', lang)}{s.name.get(lang)}"), _cell(here, right=True),
                     _cell(value, right=True)])
        ctx.trace.add(f"{t('col.net_value', lang)}: {s.name.get(lang)} ({rep.district.get(lang)})", value, s.provenance)
    story.append(grid_table(rows, [FRAME_W - 90 * MM, 40 * MM, 50 * MM], right_cols=(1, 2)))
    story.append(_p(t("rep.changes", lang), "h3"))
    story += [_p(f"• {c.get(lang)}") for c in rep.changes]
    story.append(_p(t("rep.breaks", lang), "h3"))
    story += [_p(f"• {b.get(lang)}") for b in rep.breaks] or [_p(t("rep.nothing_breaks", lang))]
    story.append(PageBreak())
    return story


def log_section(ctx: Ctx) -> list[Flowable]:
    lang = ctx.lang
    story: list[Flowable] = [heading(ctx, "sec.log"), _p(t("log.intro", lang))]
    if not ctx.report.log:
        return [*story, _p(t("log.empty", lang))]
    rows: list[list[Cell]] = [[_cell(t("col.seq", lang), right=True), _cell(t("col.time", lang)),
                                   _cell(t("col.who", lang)), _cell(t("col.event", lang))]]
    for e in ctx.report.log:
        rows.append([_cell(str(e.seq), right=True), _cell(cldr.clock(e.at, lang)), _cell(e.actor.get(lang)),
                     _cell(_log_text(e.kind, e.detail, e.card, e.slot, lang))])
    story.append(grid_table(rows, [12 * MM, 18 * MM, 40 * MM, FRAME_W - 70 * MM], right_cols=(0,)))
    return story


def _log_text(kind: str, detail: str, card: CardRef | None, slot: str | None, lang: str) -> str:
    if kind == "undo":
        text = t("log.undo", lang, n=detail)
    elif kind == "phase":
        text = f"{t('log.phase', lang)}{t('term.colon', lang)}{t(f'phase.{detail}', lang) if has(f'phase.{detail}') else detail}"
    else:
        text = t(f"log.{kind}", lang)
        if detail and kind in ("comment", "vote", "timer", "kick", "join", "role"):
            text += f"{t('term.colon', lang)}{detail}"
    if card is not None:
        text += f" {_card_text(card, lang)}"
    if slot is not None:
        text += f" › {t(f'slot.{slot}', lang)}"
    return text


def warnings_section(ctx: Ctx) -> list[Flowable]:
    lang = ctx.lang
    story: list[Flowable] = [CondPageBreak(40 * MM), heading(ctx, "sec.warnings")]
    if not ctx.report.warnings:
        return [*story, _p(t("warn.none", lang))]
    for w in ctx.report.warnings:
        story.append(_p(f"• {w.text.get(lang)}"))
        ctx.trace.add(t("sec.warnings", lang), w.text.get(lang), w.provenance)
    return story


def appendix_section(ctx: Ctx) -> list[Flowable]:
    """Figures grouped by identical provenance (many share the same cards, rule and source),
    each group one row: the figures with their values, then cards, rule and data source, the
    rule and the source in the report's language (:mod:`printables.report.provenance_text`),
    the source's references as numbers of the references list (:func:`council_pages.cite`)."""
    lang, st = ctx.lang, styles()
    from printables.report.council_pages import cite, reference_numbers, references_section
    from printables.report.provenance_text import rule_text, source_text

    # The figures' labels join their parts with a colon: spaced as the language writes it
    # (``report:term.colon``: "Valeur nette : Habitants : 132 456 €/an" in French).
    colon = t("term.colon", lang)
    groups: dict[tuple[tuple[str, ...], str, str, tuple[str, ...]], list[str]] = {}
    for what, value, prov in ctx.trace.rows:
        figure = re.sub(r"(?<! ): ", colon, what) + colon + value
        groups.setdefault((prov.cards, prov.rule, prov.source, prov.references), []).append(figure)
    rows: list[list[Cell]] = [[_cell(t("col.figure", lang)), _cell(t("col.cards", lang)),
                                         _cell(t("col.rule", lang)), _cell(t("col.data", lang))]]
    numbers = reference_numbers(ctx.report.references)
    for (cards, rule, source, refs), figures in groups.items():
        size = st.tiny.fontSize
        # Numbered citations keyed to the references list below ([3–5, 12]), not runs of ids.
        data = source_text(source, lang) + (f" {cite(refs, numbers)}" if refs else "")
        rows.append([Cell("\n".join(figures), size=size), Cell(", ".join(cards) or t("app.no_cards", lang), size=size),
                     Cell(rule_text(rule, lang), size=size), Cell(data, size=size)])
    return [PageBreak(), heading(ctx, "sec.appendix"), _p(t("app.intro", lang)),
            grid_table(rows, [56 * MM, 34 * MM, 38 * MM, FRAME_W - 128 * MM]), Spacer(1, 4 * MM),
            *references_section(ctx)]


def table_story(report: TableReport, lang: str, prefix: str = "") -> list[Flowable]:
    """The flowables of one table's report (``prefix`` nests its bookmarks in a workshop report)."""
    from printables.report import council_pages as cp

    ctx = Ctx(report, lang, prefix)
    story: list[Flowable] = []
    for section in (cover, model_section, flows_section, governance_section, financing_section,
                    cp.cash_flow_section, cp.baseline_section, cp.scenarios_section, cp.sensitivity_section,
                    cp.uncertainty_section, risks_section, energy_section, sharing_section, market_section, replication_section, log_section,
                    warnings_section, appendix_section):
        story += section(ctx)
    return story


def render_table_report(report: TableReport, lang: str | None = None) -> bytes:
    """The PDF of one table's report in ``lang`` (default: the workshop's language)."""
    lang = lang or report.meta.lang
    title = f"{t('report.title', lang)} — {report.meta.workshop} — {t('cover.table', lang)} {report.meta.table}"
    footer = f"{t('report.footer', lang)} · {report.meta.workshop} · {t('cover.table', lang)} {report.meta.table}"
    return render(table_story(report, lang), title=title, subject=t("report.subject", lang), lang=lang, footer=footer)
