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
from game_rules.schemes import summary
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
    from game_rules.results import Assessment, ScenarioResult, SharingBalance, SharingSummary


def _group(name: rm.Text, buildings: int, members: int, pv_owner: str, b: SharingBalance,
           leased_from: str = "") -> rm.SharingGroup:
    return rm.SharingGroup(name=name, buildings=buildings, members=members, pv_owner=pv_owner, pv_leased_from=leased_from,
                           production_kwh=b.production_kwh,
                           demand_kwh=b.demand_kwh, self_consumption=b.self_consumption, self_sufficiency=b.self_sufficiency,
                           provenance=prov(b.provenance))


def _groups(summary: SharingSummary, district: District) -> tuple[rm.SharingGroup, ...]:
    labels = {g.id: g.label for g in district.buildings}
    return tuple(_group(text(labels[g.group]), g.buildings, g.members, g.pv_owner, g.balance, g.pv_leased_from)
                 for g in summary.groups)


def _whole(summary: SharingSummary) -> rm.SharingGroup:
    buildings = sum(g.buildings for g in summary.groups)
    members = sum(g.members for g in summary.groups)
    return _group(rm.Text({lang: t("sharing.district_scheme", lang) for lang in rm.report_langs()}), buildings, members, "",
                  summary.district)


def _shown(group: rm.SharingGroup) -> tuple[int, float, float, float]:
    """A group's figures as the tables print them (MWh to 0.1, shares to 0.1 %)."""
    return (group.members, round(group.production_kwh / 1000, 1), round(group.self_consumption * 1000),
            round(group.self_sufficiency * 1000))


def _world(result: ScenarioResult, district: District, base: tuple[rm.SharingGroup, ...]) -> rm.SharingWorld | None:
    if result.sharing is None:
        return None
    summary = result.sharing
    groups = _groups(summary, district)
    schemes = tuple(_group(text(x.label), x.candidates, x.members, "", x.balance) for x in summary.schemes)
    same = [_shown(g) for g in groups] == [_shown(g) for g in base]
    return rm.SharingWorld(scenario=result.scenario, name=text(result.label), schemes=schemes,
                           groups=() if same else groups, district=_whole(summary))


def sharing_part(a: Assessment, district: District) -> rm.Sharing | None:
    """The report's sharing section of ``a`` in ``district`` (None when the assessment has none):
    each scheme, each building group of the district file (its buildings summed), the district
    under the scheme and as one node (the KPIs), in the base world, then in each scenario world (:attr:`ScenarioResult.sharing`; its groups
    only where they differ from the base world's as printed)."""
    s = a.sharing
    if s is None:
        return None
    schemes = tuple(rm.SharingScheme(
        name=text(x.label), legal=x.legal, key=x.key, candidates=x.candidates, members=len(x.members),
        perimeters=x.perimeters, refused=tuple(text(r.text) for r in x.refused),
        production_kwh=x.balance.production_kwh, demand_kwh=x.balance.demand_kwh,
        self_consumption=x.balance.self_consumption, self_sufficiency=x.balance.self_sufficiency,
        surcharge_kwh=x.surcharge_kwh, provenance=prov(x.provenance)) for x in s.schemes)
    base = summary(s, district)
    groups = _groups(base, district)
    worlds = tuple(w for w in (_world(r, district, groups) for r in a.scenario_results) if w is not None)
    whole, node_balance = _whole(base), s.one_node
    node = None if node_balance is None else rm.SharingGroup(
        name=rm.Text({lang: t("sharing.district_node", lang) for lang in rm.report_langs()}),
        buildings=whole.buildings, members=whole.members, pv_owner="", production_kwh=node_balance.production_kwh,
        demand_kwh=node_balance.demand_kwh, self_consumption=node_balance.self_consumption,
        self_sufficiency=node_balance.self_sufficiency, provenance=prov(node_balance.provenance))
    return rm.Sharing(schemes=schemes, groups=groups, district=whole, one_node=node, as_of=s.as_of, placement=s.placement,
                      worlds=worlds)


def _pct(value: float, lang: str) -> str:
    return format_value(value, "fraction", lang)


def _owner(ctx: Ctx, stakeholder: str) -> str:
    if not stakeholder:
        return "–"
    key = f"stakeholder.{stakeholder}"
    return t(key, ctx.lang) if has(key) else ctx.name(stakeholder)


def _pv_owner(ctx: Ctx, g: rm.SharingGroup) -> str:
    """The PV's owner, and under a roof lease the roof owner it leases from."""
    if not g.pv_leased_from:
        return _owner(ctx, g.pv_owner)
    return t("sharing.pv_leased", ctx.lang, owner=_owner(ctx, g.pv_owner), roof_owner=_owner(ctx, g.pv_leased_from))


def sharing_section(ctx: Ctx) -> list[Flowable]:
    """Scheme table (legal basis, key, members, refusals, shares), then building groups and the
    district; every figure traced to the appendix."""
    lang, s = ctx.lang, ctx.report.sharing
    if s is None:
        return []
    story: list[Flowable] = [CondPageBreak(80 * MM), heading(ctx, "sec.sharing"),
                             _p(t("sharing.intro", lang, as_of=cldr.day(date.fromisoformat(s.as_of), lang))),
                             _p(t(f"sharing.placement.{s.placement}", lang))]
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
    totals = (s.district,) if s.one_node is None else (s.district, s.one_node)
    story += [_group_table(ctx, (*s.groups, *totals), totals), Spacer(1, 2 * MM), _p(t("sharing.note", lang), "small"),
              _p(t("sharing.note_totals", lang), "small")]
    if s.worlds:
        story += [Spacer(1, 3 * MM), _p(t("sharing.worlds", lang)), _worlds_table(ctx, s.worlds)]
    for w in s.worlds:
        if w.groups:
            story += [Spacer(1, 2 * MM), _p(t("sharing.world_groups", lang, world=w.name.get(lang))),
                      _group_table(ctx, (*w.groups, w.district), (w.district,), w.name.get(lang))]
    return story


def _group_table(ctx: Ctx, groups: tuple[rm.SharingGroup, ...], totals: tuple[rm.SharingGroup, ...],
                 world: str = "") -> Flowable:
    """Building groups and the district rows (``totals``, bold): members, PV owner, PV, shares."""
    lang = ctx.lang
    head = [_cell(t("col.group", lang)), _cell(t("col.group_members", lang), right=True), _cell(t("col.pv_owner", lang)),
            _cell(t("col.pv", lang), right=True), _cell(t("col.self_consumption", lang), right=True),
            _cell(t("col.self_sufficiency", lang), right=True)]
    table: list[list[Cell]] = [head]
    for g in groups:
        table.append([_cell(g.name.get(lang), bold=any(g is x for x in totals)),
                      _cell(t("sharing.members", lang, members=g.members, candidates=g.buildings), right=True),
                      _cell(_pv_owner(ctx, g)), _cell(format_value(g.production_kwh / 1000, "MWh/yr", lang), right=True),
                      _cell(_pct(g.self_consumption, lang), right=True), _cell(_pct(g.self_sufficiency, lang), right=True)])
        where = f"{world}: " if world else ""
        ctx.trace.add(f"{where}{g.name.get(lang)}: {t('col.self_sufficiency', lang)}", _pct(g.self_sufficiency, lang), g.provenance)
    return grid_table(table, [FRAME_W - 146 * MM, 24 * MM, 30 * MM, 28 * MM, 32 * MM, 32 * MM], right_cols=(1, 3, 4, 5))


def _worlds_table(ctx: Ctx, worlds: tuple[rm.SharingWorld, ...]) -> Flowable:
    """One row per scheme and one for the district in each scenario world."""
    lang = ctx.lang
    head = [_cell(t("col.scenario", lang)), _cell(t("col.scheme", lang)), _cell(t("col.members", lang), right=True),
            _cell(t("col.pv", lang), right=True), _cell(t("col.self_consumption", lang), right=True),
            _cell(t("col.self_sufficiency", lang), right=True)]
    table: list[list[Cell]] = [head]
    for w in worlds:
        for k, row in enumerate((*w.schemes, w.district)):
            table.append([_cell(w.name.get(lang) if k == 0 else ""), _cell(row.name.get(lang), bold=row is w.district),
                          _cell(t("sharing.members", lang, members=row.members, candidates=row.buildings), right=True),
                          _cell(format_value(row.production_kwh / 1000, "MWh/yr", lang), right=True),
                          _cell(_pct(row.self_consumption, lang), right=True), _cell(_pct(row.self_sufficiency, lang), right=True)])
            ctx.trace.add(f"{w.name.get(lang)}: {row.name.get(lang)}: {t('col.self_sufficiency', lang)}",
                          _pct(row.self_sufficiency, lang), row.provenance)
    return grid_table(table, [FRAME_W - 134 * MM, 34 * MM, 22 * MM, 26 * MM, 26 * MM, 26 * MM], right_cols=(2, 3, 4, 5))
