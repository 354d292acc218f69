"""The table report's market page: the "Peer-to-peer market" section (the clearing rules
compared on the same year: volume, price, gains, fees, losers, fairness; who gains under the
table's rule; :attr:`game_rules.results.Assessment.market`, :mod:`game_rules.p2p`), then the
"Local flexibility market" (:attr:`~game_rules.results.Assessment.flexibility`) and "e-Mobility
as a service" (:attr:`~game_rules.results.Assessment.mobility`) sections; and the market figures
of each table in the workshop comparison.

:func:`market_part`, :func:`flexibility_part`, :func:`mobility_part` and :func:`figures_part`
turn the assessment's results into the report models (pure); :func:`market_section` prints
the page, :func:`figures_table` the comparison's table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from reportlab.platypus import CondPageBreak, Flowable, Spacer

from game_rules.p2p import REFERENCES as RULE_REFERENCES
from printables.geometry import MM
from printables.report import model as rm
from printables.report.council import prov
from printables.report.doc import FRAME_W, grid_table
from printables.report.formatting import format_number, format_value, unit_text
from printables.report.i18n import has, t
from printables.report.rows import Cell
from printables.report.story import Ctx, _cell, _p, heading

if TYPE_CHECKING:
    from game_rules.results import Assessment, MarketFigures


def market_part(a: Assessment) -> rm.Market | None:
    """The report's market section of ``a`` (None when no P2P card is played)."""
    m = a.market
    if m is None:
        return None
    return rm.Market(
        rule=m.rule, members=m.members, charges_eur_per_kwh=m.charges_eur_per_kwh, fee_eur_per_kwh=m.fee_eur_per_kwh,
        rules=tuple(rm.MarketRuleRow(rule=r.rule, traded_kwh=r.traded_kwh, average_price=r.average_price,  # type: ignore[arg-type]
                                     gain_eur=r.gain_eur, fee_eur=r.fee_eur, losers=r.losers, fairness=r.fairness)
                    for r in m.rules),
        groups=tuple(rm.MarketGroupRow(stakeholder=g.stakeholder, side=g.side, participants=g.participants, gain_eur=g.gain_eur)
                     for g in m.groups),
        leavers=len(m.leavers), provenance=prov(m.provenance), typical_day_index=m.typical_day_index,
        typical_day=tuple(rm.MarketHourRow(hour=h.hour, traded_kwh=h.traded_kwh, price=h.price) for h in m.typical_day))


def flexibility_part(a: Assessment) -> rm.FlexibilitySection | None:
    """The report's flexibility-market section of ``a`` (None without a market card)."""
    f = a.flexibility
    if f is None:
        return None
    return rm.FlexibilitySection(
        market_hours=f.market_hours, peak_kw=f.peak_kw, peak_reduction_kw=f.peak_reduction_kw, delivered_kwh=f.delivered_kwh,
        availability_eur_per_kw_h=f.availability_eur_per_kw_h, utilisation_eur_per_kwh=f.utilisation_eur_per_kwh,
        revenue_eur=f.revenue_eur, reinforcement_eur=f.reinforcement_eur, seller=f.seller,
        assets=tuple(rm.FlexibilityAsset(asset=x.asset, peak_kw=x.peak_kw, kwh=x.kwh) for x in f.assets),
        provenance=prov(f.provenance))


def mobility_part(a: Assessment) -> rm.MobilitySection | None:
    """The report's eMaaS section of ``a`` (None without shared cars)."""
    m = a.mobility
    if m is None:
        return None
    return rm.MobilitySection(
        shared_cars=m.shared_cars, private_evs=m.private_evs, replaced_cars=m.replaced_cars, users=m.users,
        cars_per_dwelling_before=m.cars_per_dwelling_before, cars_per_dwelling_after=m.cars_per_dwelling_after,
        km_shifted=m.km_shifted, solar_charging_share=m.solar_charging_share, v2g_cars=m.v2g_cars, v2g_peak_kw=m.v2g_peak_kw,
        v2g_kwh=m.v2g_kwh, fee_per_car_eur=m.fee_per_car_eur, revenue_per_user_eur=m.revenue_per_user_eur,
        cost_per_user_eur=m.cost_per_user_eur, provenance=prov(m.provenance))


def figures_part(f: MarketFigures | None) -> rm.MarketFigures | None:
    """A ranked table's market figures for the workshop comparison (None: no market)."""
    if f is None:
        return None
    return rm.MarketFigures(p2p_traded_kwh=f.p2p_traded_kwh, p2p_gain_eur=f.p2p_gain_eur, fairness=f.fairness,
                            flexibility_revenue_eur=f.flexibility_revenue_eur, shared_cars=f.shared_cars,
                            km_shifted=f.km_shifted, npv_eur=f.npv_eur, npv_without_markets_eur=f.npv_without_markets_eur,
                            provenance=prov(f.provenance))


def _who(ctx: Ctx, stakeholder: str) -> str:
    key = f"stakeholder.{stakeholder}"
    return t(key, ctx.lang) if has(key) else ctx.name(stakeholder)


def market_section(ctx: Ctx) -> list[Flowable]:
    """The market page: peer-to-peer trading, the flexibility market and eMaaS, each when the
    table plays it; every figure traced to the appendix."""
    return [*_p2p_section(ctx), *_flexibility_section(ctx), *_mobility_section(ctx)]


def _figure_rows(ctx: Ctx, figures: list[tuple[str, str]], provenance: rm.Provenance) -> Flowable:
    """A two-column table (figure, value), each row traced with ``provenance``."""
    rows: list[list[Cell]] = [[_cell(t("col.figure", ctx.lang)), _cell(t("col.value", ctx.lang), right=True)]]
    for key, value in figures:
        rows.append([_cell(t(key, ctx.lang)), _cell(value, right=True)])
        ctx.trace.add(t(key, ctx.lang), value, provenance)
    return grid_table(rows, [FRAME_W - 50 * MM, 50 * MM], right_cols=(1,))


def _flexibility_section(ctx: Ctx) -> list[Flowable]:
    """Prices and hours, the peak reduction, revenue and seller, then what each asset adds."""
    lang, f = ctx.lang, ctx.report.flexibility
    if f is None:
        return []
    story: list[Flowable] = [CondPageBreak(60 * MM), heading(ctx, "sec.flexibility"), _p(t(
        "flex.intro", lang, hours=f.market_hours, peak=format_value(f.peak_kw, "kW", lang),
        availability=format_value(f.availability_eur_per_kw_h, "EUR/kW/h", lang),
        utilisation=format_value(f.utilisation_eur_per_kwh, "EUR/kWh", lang)))]
    story.append(_figure_rows(ctx, [
        ("flex.peak_reduction", format_value(f.peak_reduction_kw, "kW", lang)),
        ("flex.delivered", format_value(f.delivered_kwh, "kWh/yr", lang)),
        ("flex.revenue", format_value(f.revenue_eur, "EUR/yr", lang)),
        ("flex.seller", _who(ctx, f.seller)),
        ("flex.reinforcement", format_value(f.reinforcement_eur, "EUR/yr", lang)),
    ], f.provenance))
    if f.assets:
        rows: list[list[Cell]] = [[_cell(t("col.asset", lang)), _cell(t("flex.peak_reduction", lang), right=True),
                                   _cell(t("flex.delivered", lang), right=True)]]
        for x in f.assets:
            rows.append([_cell(t(f"flex.asset.{x.asset}", lang)), _cell(format_value(x.peak_kw, "kW", lang), right=True),
                         _cell(format_value(x.kwh, "kWh/yr", lang), right=True)])
        story += [Spacer(1, 2 * MM), grid_table(rows, [FRAME_W - 90 * MM, 45 * MM, 45 * MM], right_cols=(1, 2))]
    return [*story, Spacer(1, 3 * MM)]


def _mobility_section(ctx: Ctx) -> list[Flowable]:
    """Fleet, the car-free ambition, charging, V2G and the service's money per user."""
    lang, m = ctx.lang, ctx.report.mobility
    if m is None:
        return []

    def count(x: float) -> str:
        return format_value(x, "count", lang)

    cars = f"{format_value(m.cars_per_dwelling_before, 'factor', lang)} / {format_value(m.cars_per_dwelling_after, 'factor', lang)}"
    figures = [("mob.shared_cars", count(m.shared_cars)), ("mob.users", count(m.users)),
               ("mob.replaced", count(m.replaced_cars)), ("mob.private_evs", count(m.private_evs)),
               ("mob.cars_per_dwelling", cars), ("mob.km_shifted", format_value(m.km_shifted, "km/yr", lang)),
               ("mob.solar", format_value(m.solar_charging_share, "fraction", lang)),
               ("mob.v2g", f"{count(m.v2g_cars)} · {format_value(m.v2g_peak_kw, 'kW', lang)} · {format_value(m.v2g_kwh, 'kWh/yr', lang)}"),
               ("mob.fee", format_value(m.fee_per_car_eur, "EUR/yr", lang)),
               ("mob.revenue", format_value(m.revenue_per_user_eur, "EUR/yr", lang)),
               ("mob.cost", format_value(m.cost_per_user_eur, "EUR/yr", lang))]
    return [CondPageBreak(60 * MM), heading(ctx, "sec.mobility"), _p(t("mob.intro", lang)),
            _figure_rows(ctx, figures, m.provenance), Spacer(1, 3 * MM)]


def figures_table(ranking: Sequence[rm.RankedTable], lang: str, label_col: float, col: float) -> Flowable | None:
    """The comparison's market figures: the project NPV and the NPV without the markets side by
    side, then one row per market figure, tables as columns ("–" where a table plays no such
    market); None when no table plays a market."""
    if all(r.market is None for r in ranking):
        return None
    dash = "–"

    def cell(r: rm.RankedTable, field: str, unit: str) -> Cell:
        value = getattr(r.market, field) if r.market is not None else None
        return _cell(format_value(value, unit, lang) if value is not None else dash, right=True)

    rows: list[list[Cell]] = [[_cell(t("ws.market", lang))] + [_cell(f"{t('cover.table', lang)} {r.table}", bold=True, right=True)
                                                               for r in ranking]]
    for key, field, unit in (("fin.project_npv", "npv_eur", "EUR"), ("fin.project_npv_without_markets", "npv_without_markets_eur", "EUR"),
                             ("cmp.p2p_traded", "p2p_traded_kwh", "kWh/yr"), ("cmp.p2p_gain", "p2p_gain_eur", "EUR/yr"),
                             ("cmp.fairness", "fairness", "fraction"), ("cmp.flex_revenue", "flexibility_revenue_eur", "EUR/yr"),
                             ("cmp.shared_cars", "shared_cars", "count"), ("cmp.km_shifted", "km_shifted", "km/yr")):
        rows.append([_cell(t(key, lang))] + [cell(r, field, unit) for r in ranking])
    return grid_table(rows, [label_col] + [col] * len(ranking), right_cols=())


def _p2p_section(ctx: Ctx) -> list[Flowable]:
    """Rules table, then gains by stakeholder and side; every gain traced to the appendix."""
    lang, m = ctx.lang, ctx.report.market
    if m is None:
        return []
    story: list[Flowable] = [CondPageBreak(70 * MM), heading(ctx, "sec.market"), _p(t(
        "market.intro", lang, members=m.members, charges=format_value(m.charges_eur_per_kwh, "EUR/kWh", lang),
        fee=format_value(m.fee_eur_per_kwh, "EUR/kWh", lang)))]
    dash = "–"
    head = [_cell(t("col.rule", lang)), _cell(t("col.traded", lang), right=True), _cell(t("col.local_price", lang), right=True),
            _cell(t("col.market_gain", lang), right=True), _cell(t("col.platform_fee", lang), right=True),
            _cell(t("col.losers", lang), right=True), _cell(t("col.fairness", lang), right=True)]
    rows: list[list[Cell]] = [head]
    for r in m.rules:
        chosen = r.rule == m.rule
        rows.append([_cell(t(f"market.rule.{r.rule}", lang), bold=chosen),
                     _cell(format_value(r.traded_kwh / 1000, "MWh/yr", lang), right=True),
                     _cell(format_value(r.average_price, "EUR/kWh", lang) if r.average_price is not None else dash, right=True),
                     _cell(format_value(r.gain_eur, "EUR/yr", lang), right=True),
                     _cell(format_value(r.fee_eur, "EUR/yr", lang), right=True), _cell(str(r.losers), right=True),
                     _cell(format_value(r.fairness, "fraction", lang) if r.fairness is not None else dash, right=True)])
        ctx.trace.add(f"{t(f'market.rule.{r.rule}', lang)}: {t('col.market_gain', lang)}",
                      format_value(r.gain_eur, "EUR/yr", lang), rule_provenance(m.provenance, r.rule))
    story += [grid_table(rows, [FRAME_W - 128 * MM, 22 * MM, 22 * MM, 22 * MM, 22 * MM, 18 * MM, 22 * MM],
                         right_cols=(1, 2, 3, 4, 5, 6)), Spacer(1, 3 * MM)]
    table: list[list[Cell]] = [[_cell(t("col.stakeholder", lang)), _cell(t("col.side", lang)),
                                _cell(t("col.participants", lang), right=True), _cell(t("col.market_gain", lang), right=True)]]
    for g in m.groups:
        table.append([_cell(_who(ctx, g.stakeholder)), _cell(t(f"market.side.{g.side}", lang)),
                      _cell(str(g.participants), right=True), _cell(format_value(g.gain_eur, "EUR/yr", lang), right=True)])
    story += [grid_table(table, [FRAME_W - 100 * MM, 40 * MM, 28 * MM, 32 * MM], right_cols=(2, 3)),
              Spacer(1, 2 * MM), _p(t("market.note", lang, leavers=m.leavers), "small")]
    if any(r.rule == "bill_sharing" for r in m.rules):
        story.append(_p(t("market.bill_sharing_note", lang), "small"))
    return story + _typical_day(ctx, m)


def rule_provenance(p: rm.Provenance, rule: str) -> rm.Provenance:
    """The market's provenance for one clearing rule's row: that rule (``p2p.<rule>``) and its own
    source (game_rules.p2p.REFERENCES: Zhou et al. 2018 for mid-market and bill sharing,
    Mengelkamp et al. 2018 for the auction) in place of the other rules', so the appendix cites
    each row's source."""
    others = {ref for refs in RULE_REFERENCES.values() for ref in refs}
    own = RULE_REFERENCES.get(rule, ())
    return p.model_copy(update={"rule": f"p2p.{rule}",
                                "references": tuple(dict.fromkeys((*own, *(x for x in p.references if x not in others))))})


def _typical_day(ctx: Ctx, m: rm.Market) -> list[Flowable]:
    """The typical day's clearing: the hours with trade as columns, local kWh and price as rows."""
    lang = ctx.lang
    hours = [h for h in m.typical_day if h.traded_kwh > 0]
    if not hours or m.typical_day_index is None:
        return []
    dash = "–"
    rows: list[list[Cell]] = [
        [_cell(t("market.hour", lang), bold=True)] + [_cell(f"{h.hour:02d}", bold=True, right=True) for h in hours],
        [_cell(t("market.local_kwh", lang))] + [_cell(format_value(h.traded_kwh, "count", lang), right=True) for h in hours],
        # The unit stands in the row's label, so a price cell holds a number that fits its narrow column
        # ("0.101", not "0.101 €/kWh" wrapped onto two lines; review of issue #17, finding 6).
        [_cell(f"{t('col.local_price', lang)} [{unit_text('EUR/kWh', lang)}]")]
        + [_cell(format_number(h.price, 3, lang) if h.price is not None else dash, right=True) for h in hours]]
    label = 32 * MM
    total = sum(h.traded_kwh for h in hours)
    ctx.trace.add(t("market.typical_day", lang, day=m.typical_day_index + 1), format_value(total, "kWh", lang), m.provenance)
    return [Spacer(1, 3 * MM), _p(t("market.typical_day", lang, day=m.typical_day_index + 1)),
            grid_table(rows, [label] + [(FRAME_W - label) / len(hours)] * len(hours), right_cols=tuple(range(1, len(hours) + 1))),
            Spacer(1, 3 * MM)]
