"""The table report's "Sharing scheme" section: which scheme, on what legal basis, who is in and
who was refused, the allocation key, and self-consumption and self-sufficiency per scheme, per
building group and for the district (from :attr:`game_rules.results.Assessment.sharing`,
built by :mod:`game_rules.schemes`).

:func:`sharing_part` turns the assessment's result into the report model (pure);
:func:`sharing_section` prints it. Shares are fractions in the data, per cent on paper.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from reportlab.platypus import CondPageBreak, Flowable, Spacer

from catalogs import formatting as cldr
from printables.geometry import MM
from printables.report import model as rm
from printables.report.council import prov, text
from printables.report.doc import FRAME_W, grid_table
from printables.report.formatting import format_value
from printables.report.i18n import has, t
from printables.report.rows import Cell
from printables.report.story import Ctx, _cell, _p, heading

if TYPE_CHECKING:
    from game_rules.districts import District
    from game_rules.results import Assessment


def sharing_part(a: Assessment, district: District) -> rm.Sharing | None:
    """The report's sharing section of ``a`` in ``district`` (None when the assessment has none):
    each scheme, each building group of the district file (its buildings summed), the district
    under the scheme and the district as one node (the KPIs)."""
    s = a.sharing
    if s is None:
        return None
    schemes = tuple(rm.SharingScheme(
        name=text(x.label), legal=x.legal, key=x.key, candidates=x.candidates, members=len(x.members),
        perimeters=x.perimeters, refused=tuple(text(r.text) for r in x.refused),
        production_kwh=x.balance.production_kwh, demand_kwh=x.balance.demand_kwh,
        self_consumption=x.balance.self_consumption, self_sufficiency=x.balance.self_sufficiency,
        surcharge_kwh=x.surcharge_kwh, provenance=prov(x.provenance)) for x in s.schemes)
    groups = []
    for g in district.buildings:
        rows = [b for b in s.buildings if b.group == g.id]
        if not rows:
            continue
        n = [len(b.buildings) for b in rows]
        production = sum(k * b.pv_kwh for k, b in zip(n, rows, strict=True))
        demand = sum(k * b.demand_kwh for k, b in zip(n, rows, strict=True))
        own = sum(k * b.own_use_kwh for k, b in zip(n, rows, strict=True))
        local = sum(k * (b.own_use_kwh + b.received_kwh) for k, b in zip(n, rows, strict=True))
        groups.append(rm.SharingGroup(
            name=text(g.label), buildings=sum(n), members=sum(k for k, b in zip(n, rows, strict=True) if b.member),
            pv_owner=rows[0].pv_owner, production_kwh=production, demand_kwh=demand,
            self_consumption=own / production if production > 0 else 0.0,
            self_sufficiency=local / demand if demand > 0 else 0.0, provenance=prov(s.buildings_provenance)))
    d, node_balance = s.district, s.one_node
    count = sum(len(b.buildings) for b in s.buildings)
    members = sum(len(b.buildings) for b in s.buildings if b.member)
    whole = rm.SharingGroup(
        name=rm.Text({lang: t("sharing.district_scheme", lang) for lang in rm.report_langs()}),
        buildings=count, members=members, pv_owner="", production_kwh=d.production_kwh, demand_kwh=d.demand_kwh,
        self_consumption=d.self_consumption, self_sufficiency=d.self_sufficiency, provenance=prov(d.provenance))
    node = None if node_balance is None else rm.SharingGroup(
        name=rm.Text({lang: t("sharing.district_node", lang) for lang in rm.report_langs()}),
        buildings=count, members=members, pv_owner="", production_kwh=node_balance.production_kwh,
        demand_kwh=node_balance.demand_kwh, self_consumption=node_balance.self_consumption,
        self_sufficiency=node_balance.self_sufficiency, provenance=prov(node_balance.provenance))
    return rm.Sharing(schemes=schemes, groups=tuple(groups), district=whole, one_node=node, as_of=s.as_of)


def _pct(value: float, lang: str) -> str:
    return format_value(value, "fraction", lang)


def _owner(ctx: Ctx, stakeholder: str) -> str:
    if not stakeholder:
        return "–"
    key = f"stakeholder.{stakeholder}"
    return t(key, ctx.lang) if has(key) else ctx.name(stakeholder)


def sharing_section(ctx: Ctx) -> list[Flowable]:
    """Scheme table (legal basis, key, members, refusals, shares), then building groups and the
    district; every figure traced to the appendix."""
    lang, s = ctx.lang, ctx.report.sharing
    if s is None:
        return []
    story: list[Flowable] = [CondPageBreak(80 * MM), heading(ctx, "sec.sharing"),
                             _p(t("sharing.intro", lang, as_of=cldr.day(date.fromisoformat(s.as_of), lang)))]
    if not s.schemes:
        story.append(_p(t("sharing.none", lang)))
    for x in s.schemes:
        name = x.name.get(lang)
        members = t("sharing.members_of_candidates", lang, members=x.members, candidates=x.candidates)
        if x.perimeters > 1:
            members += " · " + t("sharing.per_connection", lang, count=x.perimeters)
        rows: list[list[Cell]] = [
            [_cell(t("col.scheme", lang)), _cell(f"{name} ({x.legal})")],
            [_cell(t("col.key", lang)), _cell(t(f"sharing.key.{x.key}", lang))],
            [_cell(t("col.scheme_members", lang)), _cell(members)],
            [_cell(t("col.refused", lang)), _cell("\n".join(r.get(lang) for r in x.refused) or t("sharing.no_refusal", lang))],
            [_cell(t("col.self_consumption", lang)), _cell(_pct(x.self_consumption, lang))],
            [_cell(t("col.self_sufficiency", lang)), _cell(_pct(x.self_sufficiency, lang))],
        ]
        if x.surcharge_kwh is not None:
            rows.append([_cell(t("col.surcharge_kwh", lang)), _cell(format_value(x.surcharge_kwh / 1000, "MWh/yr", lang))])
        story.append(grid_table(rows, [46 * MM, FRAME_W - 46 * MM]))
        for what, value in ((t("col.self_consumption", lang), _pct(x.self_consumption, lang)),
                            (t("col.self_sufficiency", lang), _pct(x.self_sufficiency, lang))):
            ctx.trace.add(f"{name}: {what}", value, x.provenance)
        story.append(Spacer(1, 3 * MM))
    head = [_cell(t("col.group", lang)), _cell(t("col.group_members", lang), right=True), _cell(t("col.pv_owner", lang)),
            _cell(t("col.pv", lang), right=True), _cell(t("col.self_consumption", lang), right=True),
            _cell(t("col.self_sufficiency", lang), right=True)]
    table: list[list[Cell]] = [head]
    totals = (s.district,) if s.one_node is None else (s.district, s.one_node)
    for g in (*s.groups, *totals):
        table.append([_cell(g.name.get(lang), bold=any(g is x for x in totals)),
                      _cell(t("sharing.members", lang, members=g.members, candidates=g.buildings), right=True),
                      _cell(_owner(ctx, g.pv_owner)), _cell(format_value(g.production_kwh / 1000, "MWh/yr", lang), right=True),
                      _cell(_pct(g.self_consumption, lang), right=True), _cell(_pct(g.self_sufficiency, lang), right=True)])
        ctx.trace.add(f"{g.name.get(lang)}: {t('col.self_sufficiency', lang)}", _pct(g.self_sufficiency, lang), g.provenance)
    story += [grid_table(table, [FRAME_W - 146 * MM, 24 * MM, 30 * MM, 28 * MM, 32 * MM, 32 * MM], right_cols=(1, 3, 4, 5)),
              Spacer(1, 2 * MM), _p(t("sharing.note", lang), "small"), _p(t("sharing.note_totals", lang), "small")]
    return story

