"""The pages of a table's report that a council compares: today without the project beside the
project, the scenarios side by side, the sensitivity tornado, the P5/P50/P95 run, the cash flows
over the horizon and the list of references (full citations) at the end of the appendix.

Each section takes the report context of :mod:`printables.report.table_report` (language,
appendix trace) and returns flowables; every figure printed is added to the appendix with its
provenance, like the other sections.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from catalogs import SOURCE_LANG
from catalogs.formatting import day as cldr_day
from printables.geometry import MM
from printables.report.charts import CumulativeCash, Tornado
from printables.report.doc import FRAME_W, grid_table
from printables.report.formatting import format_value, unit_text
from printables.report.i18n import t
from printables.report.model import CashFlows, Kpi, Reference, ScenarioOutcome
from printables.report.rows import Cell, fit_columns
from printables.report.story import Ctx, _cell, _p, heading


def _change(today: Kpi, project: Kpi, lang: str) -> str:
    diff = project.value - today.value
    text = format_value(diff, project.unit, lang)
    return ("+" + text) if diff > 0 and not text.startswith("-") else text


def baseline_section(ctx: Ctx) -> list[Flowable]:
    """KPI | today, without the project | with the project | change."""
    lang, base = ctx.lang, ctx.report.baseline
    if base is None:
        return []
    today = {k.key: k for k in base.kpis}
    rows: list[list[Cell]] = [[_cell(t("col.kpi", lang)), _cell(t("col.today", lang), right=True),
                               _cell(t("col.project", lang), right=True), _cell(t("col.change", lang), right=True)]]
    for kpi in ctx.report.energy.kpis:
        if kpi.key not in today:
            continue
        before = today[kpi.key]
        value = format_value(before.value, before.unit, lang)
        rows.append([_cell(kpi.name.get(lang)), _cell(value, right=True),
                     _cell(format_value(kpi.value, kpi.unit, lang), right=True),
                     _cell(_change(before, kpi, lang), right=True)])
        ctx.trace.add(f"{kpi.name.get(lang)} ({t('col.today', lang)})", value, before.provenance)
    return [heading(ctx, "sec.baseline"), _p(t("base.intro", lang)),
            grid_table(rows, [FRAME_W - 114 * MM, 40 * MM, 40 * MM, 34 * MM], right_cols=(1, 2, 3)), PageBreak()]


SCENARIOS_PER_BLOCK = 3
"""Scenario columns beside the "as played" column on one table width."""


def scenarios_section(ctx: Ctx) -> list[Flowable]:
    """For each block of scenarios: the project NPV, each KPI and each net value, as played and
    under each scenario card."""
    lang, report = ctx.lang, ctx.report
    story: list[Flowable] = [heading(ctx, "sec.scenarios"), _p(t("scn.intro", lang))]
    outcomes = report.scenario_outcomes
    if not outcomes:
        return [*story, _p(t("scn.none", lang)), PageBreak()]
    npv = report.financing.project_npv
    names = {s.id: s.name.get(lang) for s in report.stakeholders}
    for start in range(0, len(outcomes), SCENARIOS_PER_BLOCK):
        block = outcomes[start:start + SCENARIOS_PER_BLOCK]
        n = len(block)
        head = [Cell(t("col.kpi", lang), size=HEAD_PT), _head("col.main", lang)] + [
            Cell(f"{o.scenario_card} {o.name.get(lang)} ({inert_text(o, lang)})" if o.inert else
                 f"{o.scenario_card} {o.name.get(lang)}"
                 + (f" ({t('scn.likelihood', lang, p=o.likelihood)})" if o.likelihood else "")
                 + (f"; {occurrence_text(o, lang)}" if o.occurrence else ""), right=True, size=HEAD_PT)
            for o in block]
        rows: list[list[Cell]] = [head]
        npv_row = [_cell(t("scn.project_npv", lang), bold=True),
                   _cell("–" if npv is None else format_value(npv.value, "EUR", lang), right=True, bold=True)]
        for o in block:
            if o.inert:  # the base world's figures: shown once, in the "as played" column
                npv_row.append(_cell(inert_text(o, lang), right=True))
                continue
            value = format_value(o.npv.value, o.npv.unit, lang)
            npv_row.append(_cell(value, right=True, bold=True))
            ctx.trace.add(f"{t('scn.project_npv', lang)} ({o.scenario_card})", value, o.npv.provenance)
        rows.append(npv_row)
        base_without = report.financing.project_npv_without_markets
        if base_without is not None or any(o.npv_without_markets is not None for o in block):
            # Beside every NPV the NPV without the market benefits (docs/rules.md "Which NPV this is").
            label = t("fin.project_npv_without_markets", lang)
            without_row = [_cell(label), _cell("–" if base_without is None else format_value(base_without.value, "EUR", lang),
                                               right=True)]
            for o in block:
                fig = None if o.inert else o.npv_without_markets
                without_row.append(_cell("–" if fig is None else format_value(fig.value, "EUR", lang), right=True))
                if fig is not None:
                    ctx.trace.add(f"{label} ({o.scenario_card})", format_value(fig.value, "EUR", lang), fig.provenance)
            rows.append(without_row)
        for kpi in report.energy.kpis:
            row = [_cell(kpi.name.get(lang)), _cell(format_value(kpi.value, kpi.unit, lang), right=True)]
            for o in block:
                match = None if o.inert else next((k for k in o.kpis if k.key == kpi.key), None)
                value = "–" if match is None else format_value(match.value, match.unit, lang)
                row.append(_cell(value, right=True))
                if match is not None:
                    ctx.trace.add(f"{kpi.name.get(lang)} ({o.scenario_card})", value, match.provenance)
            rows.append(row)
        rows.append([_cell(t("scn.net_values", lang), bold=True)] + [_cell("") for _ in range(n + 1)])
        here = {s.id: s for s in report.stakeholders}
        values: dict[str, list[float]] = {}
        for item in (*here.values(), *(s for o in block for s in o.net_values)):
            values.setdefault(item.id, []).append(item.net_value_eur)
        # A stakeholder with no money in any of these worlds adds a row of zeros: left out.
        ids = [sid for sid, v in values.items() if any(abs(x) >= 1 for x in v)]
        for sid in ids:
            row = [_cell(names.get(sid, sid)),
                   _cell(format_value(here[sid].net_value_eur, "EUR/yr", lang) if sid in here else "–", right=True)]
            for o in block:
                match_s = None if o.inert else next((s for s in o.net_values if s.id == sid), None)
                value = "–" if match_s is None else format_value(match_s.net_value_eur, "EUR/yr", lang)
                row.append(_cell(value, right=True))
                if match_s is not None:
                    ctx.trace.add(f"{t('col.net_value', lang)}: {names.get(sid, sid)} ({o.scenario_card})", value,
                                  match_s.provenance)
            rows.append(row)
        # Words and numbers never break (rows.fit_columns); the KPI names take what is left.
        cells, widths = fit_columns(rows, FRAME_W, grow=tuple(range(n + 2)))
        story += [grid_table(cells, widths, right_cols=tuple(range(1, n + 2))),
                  Spacer(1, 4 * MM)]
    if any(o.occurrence == "event" for o in outcomes):
        story.append(_p(t("scn.event_note", lang)))
    story.append(PageBreak())
    return story


def inert_text(o: ScenarioOutcome, lang: str) -> str:
    """Why a scenario changes nothing here: "not applicable here" / "already in force since 1 June 2026"."""
    if o.status == "in_force" and o.in_force_since is not None:
        return t("scn.already_in_force", lang, since=cldr_day(o.in_force_since, lang))
    return t("scn.not_applicable", lang)


def occurrence_text(o: ScenarioOutcome, lang: str) -> str:
    """When a scenario's world holds, in words: "event: 1 year in 7" / "from year 1"."""
    if o.occurrence == "event" and o.every_years is not None:
        return t("scn.event", lang, n=o.lasts_years, every=format_value(o.every_years, "count", lang))
    return t("scn.persistent", lang, year=o.from_year)


def sensitivity_section(ctx: Ctx) -> list[Flowable]:
    """The tornado chart, then its numbers: input, low and high input, result at each end."""
    lang, s = ctx.lang, ctx.report.sensitivity
    story: list[Flowable] = [heading(ctx, "sec.sensitivity")]
    if s is None or not s.bars:
        return [*story, _p(t("sens.none", lang)), PageBreak()]
    output = s.output_name.get(lang)
    # * an assumption (a plausible range), † a range the district file states for its value.
    # The marks hold on to the name's last word (U+00A0) when a long name wraps.
    names = [b.name.get(lang) + ("\u00a0*" if b.assumption else "") + ("\u00a0†" if b.range_basis == "district" else "")
             for b in s.bars]
    # An input that does not move the output (its card is not on the table) has no bar to draw.
    moving = [(b, n) for b, n in zip(s.bars, names, strict=True) if abs(b.high_output - b.low_output) >= 1.0]
    base_label = t("sens.base", lang, v=format_value(s.base_output, s.unit, lang))
    story.append(_p(t("sens.intro", lang, output=output)))
    if any(b.range_basis == "district" for b in s.bars):
        story.append(_p(t("sens.district_range", lang), "small"))
    if moving:
        # Bars come sorted by swing, largest first: the chart keeps the inputs that move the result
        # most, so it fits on one page with the section's head (a table with many market and eMaaS
        # inputs had 47 bars, 806 pt against a 740 pt frame); the table below lists every input.
        shown = moving[:Tornado.MAX_BARS]
        story.append(Tornado([b for b, _ in shown], [n for _, n in shown], s.base_output, unit_text(s.unit, lang),
                             lang, FRAME_W, base_label))
        if len(shown) < len(moving):
            story.append(_p(t("sens.top", lang, shown=len(shown), n=len(moving)), "small"))
    else:
        story.append(_p(base_label, "small"))
    if len(moving) < len(s.bars):
        story.append(_p(t("sens.flat", lang, n=len(s.bars) - len(moving)), "small"))
    story.append(Spacer(1, 3 * MM))
    rows: list[list[Cell]] = [[_cell(t("col.parameter", lang))] + [
        _cell(t(k, lang), right=True)
        for k in ("col.base_input", "col.low_input", "col.high_input", "col.at_low", "col.at_high")]]
    for bar, name in zip(s.bars, names, strict=True):
        low, high = format_value(bar.low_output, s.unit, lang), format_value(bar.high_output, s.unit, lang)
        rows.append([_cell(name), _cell(format_value(bar.base_input, bar.unit, lang), right=True),
                     _cell(format_value(bar.low_input, bar.unit, lang), right=True),
                     _cell(format_value(bar.high_input, bar.unit, lang), right=True),
                     _cell(low, right=True), _cell(high, right=True)])
        ctx.trace.add(f"{t('sec.sensitivity', lang)}: {name}", f"{low} … {high}", bar.provenance)
    story += [grid_table(rows, [FRAME_W - 120 * MM, 22 * MM, 22 * MM, 22 * MM, 27 * MM, 27 * MM],
                         right_cols=(1, 2, 3, 4, 5)),
              PageBreak()]
    return story


def uncertainty_section(ctx: Ctx) -> list[Flowable]:
    """P5, P50 and P95 of each output of the Monte Carlo run, with its inputs."""
    lang, u = ctx.lang, ctx.report.uncertainty
    if u is None:
        return []
    rows: list[list[Cell]] = [[_cell(t("col.kpi", lang))] + [
        _cell(t(k, lang), right=True) for k in ("col.p5", "col.p50", "col.p95")]]
    for o in u.outputs:
        values = [format_value(v, o.unit, lang) for v in (o.p5, o.p50, o.p95)]
        rows.append([_cell(o.name.get(lang))] + [_cell(v, right=True) for v in values])
        ctx.trace.add(f"{o.name.get(lang)} (P5, P50, P95)", " / ".join(values), u.provenance)
    story: list[Flowable] = [
        CondPageBreak(70 * MM), heading(ctx, "sec.uncertainty"),
        _p(t("unc.intro", lang, n=int(u.samples))),
        grid_table(rows, [FRAME_W - 105 * MM, 35 * MM, 35 * MM, 35 * MM], right_cols=(1, 2, 3)),
        _p(t("unc.inputs", lang), "h3"),
    ]
    story += [_p(f"• {i.get(lang)}") for i in u.inputs]
    story.append(_p(t("unc.only_drawn", lang)))
    if any(o.key == "npv" for o in u.outputs):
        story.append(_p(t("unc.npv_method", lang), "small"))
    story.append(PageBreak())
    return story


HEAD_PT = 6.5
"""[pt] header size of the cash-flow tables: up to ten columns, words must not break."""


def _head(key: str, lang: str) -> Cell:
    return Cell(t(key, lang), right=True, size=HEAD_PT)


_CASH_COLUMNS = (("col.investment", "investment_eur"), ("col.grants", "grants_eur"), ("col.operation", "operation_eur"),
                 ("col.replacement", "replacement_eur"), ("col.benefit", "revenue_eur"), ("col.residual", "residual_eur"),
                 ("col.financing", "financing_eur"), ("col.net", "net_eur"), ("col.cumulative", "cumulative_discounted_eur"))


def _cash_table(ctx: Ctx, flows: CashFlows) -> Flowable:
    """Year by year; columns that are zero in every year are left out."""
    lang = ctx.lang
    columns = [(key, attr) for key, attr in _CASH_COLUMNS
               if attr in ("net_eur", "cumulative_discounted_eur") or any(getattr(y, attr) for y in flows.years)]
    rows: list[list[Cell]] = [[_head("col.year", lang)] + [_head(k, lang) for k, _ in columns]]
    for y in flows.years:
        rows.append([_cell(str(y.year), right=True)] + [
            _cell(format_value(getattr(y, attr), "EUR", lang), right=True) for _, attr in columns])
    last = flows.years[-1]
    ctx.trace.add(f"{t('col.cumulative', lang)}: {flows.name.get(lang)}",
                  format_value(last.cumulative_discounted_eur, "EUR", lang), flows.provenance)
    # Numbers and header words never break: columns fit their widest word (rows.fit_columns).
    cells, widths = fit_columns(rows, FRAME_W, grow=tuple(range(1, len(columns) + 1)))
    return grid_table(cells, widths, right_cols=tuple(range(len(columns) + 1)))


_SUMMARY_COLUMNS = (("col.investment", "investment_eur"), ("col.grants", "grants_eur"), ("col.operation", "operation_eur"),
                    ("col.replacement", "replacement_eur"), ("col.benefit", "revenue_eur"),
                    ("col.residual", "residual_eur"), ("col.financing", "financing_eur"))
#: Always shown; grants and loan service only where some row has them (the rows must add up).
_SUMMARY_ALWAYS = ("investment_eur", "operation_eur", "replacement_eur", "revenue_eur", "residual_eur")


#: An asset class carries costs only (the project's savings are not attributed to asset classes).
_ASSET_COLUMNS = (("col.investment", "investment_eur"), ("col.operation", "operation_eur"),
                  ("col.replacement", "replacement_eur"), ("col.residual", "residual_eur"))


def _cash_summary(ctx: Ctx, flows: tuple[CashFlows, ...], first: str) -> Flowable:
    """One row per stakeholder: its discount rate, the sums of its items over the horizon
    (nominal) and its NPV (the cumulative discounted value at the horizon). Grants and loan
    service appear whenever a row has them, so each row's items add up to its cash flows."""
    lang = ctx.lang
    columns = [(key, attr) for key, attr in _SUMMARY_COLUMNS
               if attr in _SUMMARY_ALWAYS or any(getattr(y, attr) for cf in flows for y in cf.years)]
    rows: list[list[Cell]] = [[Cell(t(first, lang), size=HEAD_PT), _head("col.discount_rate", lang)]
                              + [_head(k, lang) for k, _ in columns] + [_head("col.npv", lang)]]
    for cf in flows:
        npv = format_value(cf.years[-1].cumulative_discounted_eur, "EUR", lang)
        rows.append([_cell(cf.name.get(lang)), _cell(format_value(cf.discount_rate, "fraction", lang), right=True)]
                    + [_cell(format_value(sum(getattr(y, attr) for y in cf.years), "EUR", lang), right=True)
                       for _, attr in columns] + [_cell(npv, right=True)])
        ctx.trace.add(f"{t('col.npv', lang)}: {cf.name.get(lang)}", npv, cf.provenance)
    cells, widths = fit_columns(rows, FRAME_W, grow=tuple(range(len(columns) + 3)))
    return grid_table(cells, widths, right_cols=tuple(range(1, len(columns) + 3)))


def _asset_summary(ctx: Ctx, flows: tuple[CashFlows, ...]) -> Flowable:
    """One row per asset class: the sums of its cost items over the horizon (nominal), the
    present value of its costs and, for PV, its LCOE. No NPV: the project's savings and revenue
    are not attributed to asset classes, and an NPV of costs alone would read as a loss."""
    lang = ctx.lang
    rows: list[list[Cell]] = [[Cell(t("col.asset", lang), size=HEAD_PT), _head("col.discount_rate", lang)]
                              + [_head(k, lang) for k, _ in _ASSET_COLUMNS]
                              + [_head("col.pv_costs", lang), _head("col.lcoe", lang)]]
    for cf in flows:
        cost = format_value(cf.present_value_of_costs_eur or 0.0, "EUR", lang)
        lcoe = format_value(cf.lcoe_eur_per_kwh, "EUR/kWh", lang) if cf.lcoe_eur_per_kwh is not None else "–"
        rows.append([_cell(cf.name.get(lang)), _cell(format_value(cf.discount_rate, "fraction", lang), right=True)]
                    + [_cell(format_value(sum(getattr(y, attr) for y in cf.years), "EUR", lang), right=True)
                       for _, attr in _ASSET_COLUMNS] + [_cell(cost, right=True), _cell(lcoe, right=True)])
        ctx.trace.add(f"{t('col.pv_costs', lang)}: {cf.name.get(lang)}", cost, cf.provenance)
        if cf.lcoe_eur_per_kwh is not None:
            ctx.trace.add(f"{t('col.lcoe', lang)}: {cf.name.get(lang)}", lcoe, cf.provenance)
    # Words and numbers never break (rows.fit_columns).
    cells, widths = fit_columns(rows, FRAME_W, grow=tuple(range(len(_ASSET_COLUMNS) + 4)))
    return grid_table(cells, widths, right_cols=tuple(range(1, len(_ASSET_COLUMNS) + 4)))


def cash_flow_section(ctx: Ctx) -> list[Flowable]:
    """The project's cash flows year by year (chart, then table), then one summary row per
    stakeholder and per asset class (their yearly rows are in the JSON export)."""
    lang, flows = ctx.lang, ctx.report.financing.cash_flows
    if not flows:
        return []
    project, others = flows[0], flows[1:]
    story: list[Flowable] = [
        heading(ctx, "sec.cash_flows"),
        _p(t("cash.intro", lang, rate=format_value(project.discount_rate, "fraction", lang))),
        KeepTogether([heading(ctx, "cash.project", 1, project.name.get(lang)),
                      CumulativeCash(project.years, lang, FRAME_W, 62 * MM)]),
        Spacer(1, 3 * MM), _cash_table(ctx, project)]
    people = tuple(cf for cf in others if cf.scope == "stakeholder")
    if people:
        story += [CondPageBreak(50 * MM), heading(ctx, "cash.stakeholders", 1), _cash_summary(ctx, people, "col.stakeholder")]
    assets = tuple(cf for cf in others if cf.scope == "asset")
    if assets:
        story += [CondPageBreak(50 * MM), heading(ctx, "cash.assets", 1), _p(t("cash.assets_costs_only", lang)),
                  _asset_summary(ctx, assets)]
    story.append(PageBreak())
    return story


def accessed(iso: str, lang: str) -> str:
    """A reference's access date (ISO ``2026-11-29``) as CLDR writes a date in ``lang``
    (``29 novembre 2026``); a value that is not an ISO date is printed as given."""
    from datetime import date

    from catalogs.formatting import day

    try:
        return day(date.fromisoformat(iso), lang)
    except ValueError:
        return iso


def _in_order(refs: Sequence[Reference]) -> list[Reference]:
    """The references as the list prints them: by authors, year, id."""
    return sorted(refs, key=lambda r: (r.authors.lower(), r.year, r.id))


def reference_numbers(refs: Sequence[Reference]) -> dict[str, int]:
    """Reference id -> its number in the references list (1, 2, ... in :func:`_in_order`)."""
    return {r.id: k for k, r in enumerate(_in_order(refs), start=1)}


def cite(ids: Sequence[str], numbers: Mapping[str, int]) -> str:
    """A numbered citation keyed to the references list, runs joined: ``[3–5, 12]``; an id the
    list lacks is cited by itself (``[3, ec-cba-guide-2014]``). Empty for no ids."""
    found = sorted({numbers[i] for i in ids if i in numbers})
    parts: list[str] = []
    k = 0
    while k < len(found):
        end = k
        while end + 1 < len(found) and found[end + 1] == found[end] + 1:
            end += 1
        # Two neighbours read better listed than as a range.
        parts += [f"{found[k]}–{found[end]}"] if end - k >= 2 else [str(n) for n in found[k:end + 1]]
        k = end + 1
    parts += [i for i in dict.fromkeys(ids) if i not in numbers]
    return f"[{', '.join(parts)}]" if parts else ""


def citation_text(r: Reference, lang: str) -> str:
    """One entry of the references list in ``lang``: authors (after/via in words of the
    language), year, title, URL and the date it was read (CLDR)."""
    who = r.authors
    notes = [t("ref.after", lang, name=r.after) if r.after else "", t("ref.via", lang, name=r.via) if r.via else ""]
    if any(notes):
        who += f" ({'; '.join(n for n in notes if n)})"
    return f"{who} ({r.year}). {r.title}. {r.url} ({t('ref.accessed', lang, d=accessed(r.accessed, lang))})"


def references_section(ctx: Ctx) -> list[Flowable]:
    """Full citations, numbered as the appendix cites them: authors (year). Title. URL, accessed
    date (CLDR), the id the JSON export uses — and, in English, the bibliography's own notes
    (what each supports; not translated)."""
    lang = ctx.lang
    refs = ctx.report.references
    # The heading and intro never stand alone at the foot of a page.
    story: list[Flowable] = [CondPageBreak(60 * MM), heading(ctx, "sec.references", 1), _p(t("ref.intro_numbered", lang))]
    if not refs:
        return [*story, _p(t("ref.none", lang))]
    rows: list[list[Cell]] = [[_cell(t("col.number", lang)), _cell(t("col.references", lang))]]
    for k, r in enumerate(_in_order(refs), start=1):
        citation = citation_text(r, lang)
        # What a reference supports is a note in the bibliography's language (English): the
        # report quotes it in that language only; the JSON export keeps it for every language.
        if lang == SOURCE_LANG:
            citation += "".join(f"\n{note}" for note in (r.note,) if note)
            if r.supports:
                citation += f"\n{t('ref.supports', lang)}{t('term.colon', lang)}{r.supports}"
        citation += f"\nid{t('term.colon', lang)}{r.id}"
        rows.append([_cell(f"[{k}]", bold=True), _cell(citation)])
    story.append(grid_table(rows, [12 * MM, FRAME_W - 12 * MM]))
    return story
