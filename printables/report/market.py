"""The table report's "Peer-to-peer market" section: the clearing rules compared on the same
year (volume, price, gains, fees, losers, fairness) and who gains under the table's rule (from
:attr:`game_rules.results.Assessment.market`, built by :mod:`game_rules.p2p`).

:func:`market_part` turns the assessment's result into the report model (pure);
:func:`market_section` prints it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.platypus import CondPageBreak, Flowable, Spacer

from printables.geometry import MM
from printables.report import model as rm
from printables.report.council import prov
from printables.report.doc import FRAME_W, grid_table
from printables.report.formatting import format_value
from printables.report.i18n import has, t
from printables.report.rows import Cell
from printables.report.story import Ctx, _cell, _p, heading

if TYPE_CHECKING:
    from game_rules.results import Assessment


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
        leavers=len(m.leavers), provenance=prov(m.provenance))


def _who(ctx: Ctx, stakeholder: str) -> str:
    key = f"stakeholder.{stakeholder}"
    return t(key, ctx.lang) if has(key) else ctx.name(stakeholder)


def market_section(ctx: Ctx) -> list[Flowable]:
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
                      format_value(r.gain_eur, "EUR/yr", lang), m.provenance)
    story += [grid_table(rows, [FRAME_W - 128 * MM, 22 * MM, 22 * MM, 22 * MM, 22 * MM, 18 * MM, 22 * MM],
                         right_cols=(1, 2, 3, 4, 5, 6)), Spacer(1, 3 * MM)]
    table: list[list[Cell]] = [[_cell(t("col.stakeholder", lang)), _cell(t("col.side", lang)),
                                _cell(t("col.participants", lang), right=True), _cell(t("col.market_gain", lang), right=True)]]
    for g in m.groups:
        table.append([_cell(_who(ctx, g.stakeholder)), _cell(t(f"market.side.{g.side}", lang)),
                      _cell(str(g.participants), right=True), _cell(format_value(g.gain_eur, "EUR/yr", lang), right=True)])
    story += [grid_table(table, [FRAME_W - 100 * MM, 40 * MM, 28 * MM, 32 * MM], right_cols=(2, 3)),
              Spacer(1, 2 * MM), _p(t("market.note", lang, leavers=m.leavers), "small")]
    return story
