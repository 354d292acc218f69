"""Financing logic: the lifecycle cash flows of an outcome and what they are worth to whom.

The capital side, what the measures cost, which capital pays for them and who puts in what
(CAPEX items, capital sources and the gap, annuities, cost of capital, :func:`invested_by`,
:func:`granted_by`, :func:`lender_rate`, :func:`stakeholder_rate`), is :mod:`game_rules.capital`;
its public names are re-exported here, so ``game_rules.financing.<name>`` keeps working.

* Lifecycle (:func:`lifecycle`): yearly cash flows over one horizon per asset, per stakeholder
  and for the project, with NPV, IRR, discounted payback and LCOE (:mod:`game_rules.cashflow`).
* The project's year-1 benefit (:func:`project_benefit`), what the new assets deliver
  (:func:`energy_delta`) and the assets' fixed O&M (:func:`first_year_om`, :func:`om_by_owner`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cards.effects import Stakeholder
from game_rules import cashflow as cf
from game_rules import market_npv as mnpv
from game_rules import money_flows as mf
from game_rules import running_costs as rc

# The capital side, re-exported: the assessment, the re-runs and the tests import it from here.
from game_rules.capital import OUTSIDE_FUNDERS as OUTSIDE_FUNDERS
from game_rules.capital import RATE_LINKED as RATE_LINKED
from game_rules.capital import allocate as allocate
from game_rules.capital import annuity as annuity
from game_rules.capital import annuity_factor as annuity_factor
from game_rules.capital import capex_items as capex_items
from game_rules.capital import cost_of_capital as cost_of_capital
from game_rules.capital import finance_data as finance_data
from game_rules.capital import granted_by as granted_by
from game_rules.capital import invested_by as invested_by
from game_rules.capital import lender_rate as lender_rate
from game_rules.capital import outside_grants as outside_grants
from game_rules.capital import stakeholder_rate as stakeholder_rate
from game_rules.charges import SharingRegime, price_stack
from game_rules.districts import District
from game_rules.kpis import Annual
from game_rules.params import Params
from game_rules.pv_ownership import LEASE_RULE, PvOwnership, capex_shares, whole_owner
from game_rules.references import fitting
from game_rules.results import (
    AssetCashFlows,
    CapexItem,
    CapitalUse,
    CashFlowRow,
    CashFlows,
    CostItem,
    Financing,
    FlowResult,
    Provenance,
    StakeholderCashFlows,
    StakeholderFinance,
    StakeholderValue,
)
from game_rules.scheme_shares import SchemeShares, in_scheme_share
from game_rules.sources import DISCOUNT_METHOD, discount_rate_source
from game_rules.texts import money_text, text
from game_rules.texts import stakeholder as stakeholder_text

# -- lifecycle (docs/rules.md, "Finance") -------------------------------------------------------

#: CAPEX item -> asset class of ``game_rules/data/assets.yaml`` (heat pumps by the larger share).
ITEM_ASSETS: dict[str, str] = {
    "pv": "pv", "bipv": "bipv", "battery": "battery", "thermal_storage": "thermal_storage",
    "solar_thermal": "solar_thermal", "retrofit": "retrofit", "district_heating": "district_heating",
    "smart_meters": "smart_meters", "chargers": "chargers", "shared_cars": "shared_cars", "set_up": "set_up",
}

#: The rule names of flows whose amount is fixed in nominal EUR for the loan's term.
_DEBT_RULE = "capital_service"
#: Flows fixed in EUR: the feed-in tariff, set at commissioning, the tenants' modernisation
#: levy (a rent rise of a fixed amount, § 559 BGB; a fixed, non-revised contribution, loi n° 89-462
#: art. 23-1) and the roof lease (a fixed yearly rent per kWp over the contract, assumption:
#: :mod:`game_rules.pv_ownership`), each for ``FlowResult.years`` or the whole horizon. Any flow with ``years`` set (a
#: card flow with ``fixed_years``, e.g. the Mieterstromzuschlag: ct/kWh fixed at commissioning for
#: 20 years, EEG 2023 § 21 (3), § 25 (1)) is fixed in EUR for those years too.
_FIXED_RULES = ("feed_in:", "modernisation_levy", "energy_savings_contribution", f"{LEASE_RULE}:")
#: Cost items that follow operation costs (escalated at the O&M rate); others follow energy prices.
_OPERATION_ITEMS = frozenset({"asset_om", "opex.extra_eur", "opex.aggregator_eur"})


@dataclass(frozen=True)
class EnergyDelta:
    """What the new assets deliver in year 1 [kWh/yr] and what that is worth [EUR/kWh]."""

    pv_kwh: float  # new PV generation (rooftop + façade)
    pv_share_bipv: float  # façade share of the new PV power
    pv_value_eur_per_kwh: float  # average value of a new PV kWh (saved or sold): degradation loses it
    hp_heat_kwh: float
    hp_electricity_kwh: float
    dh_heat_kwh: float
    solar_heat_kwh: float
    pv_sold_eur_per_kwh: float = 0.0  # the part of that value earned at the feed-in tariff (fixed in EUR)
    feed_in_eur: float = 0.0  # year-1 feed-in revenue of the new PV [EUR/yr], fixed in EUR for feed_in_years
    feed_in_years: int | None = None  # the feed-in term (flows.FEED_IN_TERM); None: the whole horizon
    feed_in_after_eur: float = 0.0  # the same kWh at their market value after the term [EUR/yr, year-1 prices]
    pv_sold_after_eur_per_kwh: float = 0.0  # pv_sold_eur_per_kwh at the post-term market value


def asset_of(item: str, params: Params) -> str:
    """The asset class of a CAPEX item (``heat_pumps`` -> air or ground by the larger share)."""
    if item == "heat_pumps":
        return "heat_pump_air" if params["heat_pump.air_share"] >= params["heat_pump.ground_share"] else "heat_pump_ground"
    return ITEM_ASSETS[item]


def _first_year_kwh(asset: str, energy: EnergyDelta) -> float | None:
    return {
        "pv": energy.pv_kwh * (1 - energy.pv_share_bipv), "bipv": energy.pv_kwh * energy.pv_share_bipv,
        "heat_pump_air": energy.hp_heat_kwh, "heat_pump_ground": energy.hp_heat_kwh,
        "district_heating": energy.dh_heat_kwh, "solar_thermal": energy.solar_heat_kwh,
    }.get(asset)


def asset_tables(items: Sequence[CapexItem], params: Params, energy: EnergyDelta, rate: float,
                 data: cf.FinanceData | None = None) -> list[AssetCashFlows]:
    """One :class:`AssetCashFlows` per CAPEX item, discounted at the project ``rate``."""
    data = data or cf.load()
    out = []
    for item in items:
        asset = asset_of(item.item, params)
        out.append(cf.asset_cash_flows(asset, item.item, item.amount, rate, data=data,
                                       first_year_kwh=_first_year_kwh(asset, energy), cards=item.provenance.cards))
    return out


def lcoe_electricity(tables: Sequence[AssetCashFlows], rate: float, data: cf.FinanceData) -> float | None:
    """LCOE of the new PV with its battery [EUR/kWh] (``cashflow.lcoe``; residual value credited)."""
    electric = [t for t in tables if data.assets[t.asset].energy == "electricity"]
    generating = [t for t in electric if t.rows[1].energy_kwh]
    if not generating:
        return None
    years = range(data.horizon_years + 1)
    costs = [-sum(t.rows[y].investment + t.rows[y].operation + t.rows[y].replacement + t.rows[y].residual
                  for t in electric) for y in years]
    energy = [sum(t.rows[y].energy_kwh or 0.0 for t in generating) for y in years]
    return cf.lcoe(rate, costs, energy)


def lcoe_heat(tables: Sequence[AssetCashFlows], energy: EnergyDelta, params: Params, rate: float,
              data: cf.FinanceData) -> float | None:
    """Levelised cost of the new heat supply [EUR/kWh]: heat assets' lifecycle costs plus the
    electricity of new heat pumps and the new district heat bought, escalated, over the new heat
    delivered (heat pumps, district heat, solar heat). Retrofits save heat rather than supply it
    and stay out."""
    heat = [t for t in tables if data.assets[t.asset].energy == "heat"]
    delivered = energy.hp_heat_kwh + energy.dh_heat_kwh + energy.solar_heat_kwh
    if not heat or delivered <= 0:
        return None
    e = data.escalation["energy"].value
    bought = energy.hp_electricity_kwh * params["tariff.electricity"] + energy.dh_heat_kwh * params["tariff.heat"]
    years = range(data.horizon_years + 1)
    costs = [-sum(t.rows[y].investment + t.rows[y].operation + t.rows[y].replacement + t.rows[y].residual for t in heat)
             + cf.escalated(bought, e, y) for y in years]
    return cf.lcoe(rate, costs, [0.0 if y == 0 else delivered for y in years])


def _stakeholder_rows(name: str, invested: float, flows: Sequence[FlowResult], costs: Sequence[CostItem],
                      terms: dict[str, int], owner_assets: Sequence[tuple[AssetCashFlows, float]], rate: float,
                      data: cf.FinanceData, granted: float = 0.0) -> tuple[CashFlowRow, ...]:
    """Years 0..H of one stakeholder: year 0 its money put in (``granted`` of it, the grants it
    gives, in the grants column), then its year-1 money flows escalated at the energy rate, its
    debt service fixed for each loan's term, feed-in revenue fixed in EUR for its term (a feed-in
    tariff is set for 20 years at commissioning: EEG 2023 § 25, the French S21 contract) and a
    flow's ``after_term`` (the market value of the same kWh) after it, rising with energy prices;
    the obligated feed-in buyer's refund mirrors what it pays (the tariff for the term, then the
    market value it resells the kWh at), so its rows stay neutral; a modernisation
    levy fixed in EUR for its ``years`` (§ 559 BGB; loi n° 89-462 art. 23-1), its running costs
    escalated at the O&M rate, and, for an asset owner, its share of each asset's replacements and
    residual values (``owner_assets``: (asset table, share owned) pairs). A
    lender's ``capital_recovered`` is not a cash flow (its cash is the loan out in year 0 and the
    debt service back) and stays out."""
    e, o = data.escalation["energy"].value, data.escalation["operation"].value
    money = [f for f in flows if f.kind == "money" and f.unit == "EUR/yr" and name in (f.source, f.to)]
    debt: dict[int, float] = {}
    energy_linked = 0.0
    fixed: dict[int, float] = {}  # years -> EUR/yr fixed in EUR for that many years
    after: dict[int, float] = {}  # years -> EUR/yr (year-1 prices) paid after that many years
    for f in money:
        sign = 1.0 if f.to == name else -1.0
        if f.provenance.rule == _DEBT_RULE:
            term = terms.get(f.provenance.cards[0], data.horizon_years) if f.provenance.cards else data.horizon_years
            debt[term] = debt.get(term, 0.0) + sign * f.amount
        elif f.provenance.rule.startswith(_FIXED_RULES) or f.years is not None:
            lasts = f.years or data.horizon_years
            fixed[lasts] = fixed.get(lasts, 0.0) + sign * f.amount
            if f.after_term is not None:
                after[lasts] = after.get(lasts, 0.0) + sign * f.after_term
        else:
            energy_linked += sign * f.amount
    operation = -sum(c.amount for c in costs if c.item in _OPERATION_ITEMS)
    refunded = sum(c.amount for c in costs if c.item == rc.FEED_IN_REFUNDED)  # refunds what it pays: fixed too
    if refunded:
        paid = [f for f in money if f.source == name and f.provenance.rule.startswith("feed_in:")]
        term = next((f.years for f in paid if f.years is not None), data.horizon_years)
        fixed[term] = fixed.get(term, 0.0) - refunded
        after[term] = after.get(term, 0.0) + sum(f.after_term or 0.0 for f in paid)
    energy_linked -= sum(c.amount for c in costs
                         if c.item not in _OPERATION_ITEMS and c.item not in (rc.CAPITAL_RECOVERED, rc.FEED_IN_REFUNDED))
    horizon = data.horizon_years
    years = np.arange(horizon + 1)
    cols = cf.columns(horizon)
    cols["investment"][0] = -(invested - granted)
    cols["grants"][0] = -granted
    cols["revenue"] = cf.escalation(energy_linked, e, horizon)
    for years_fixed, amount in fixed.items():
        cols["revenue"] += np.where((years >= 1) & (years <= years_fixed), amount, 0.0)
    for years_fixed, amount in after.items():
        cols["revenue"] += np.where(years > years_fixed, cf.escalation(amount, e, horizon), 0.0)
    cols["operation"] = cf.escalation(operation, o, horizon)
    for term, amount in debt.items():
        cols["financing"] += np.where((years >= 1) & (years <= term), amount, 0.0)
    for a, share in owner_assets:
        cols["replacement"] += share * cf.column(a.rows, "replacement")
        cols["residual"] += share * cf.column(a.rows, "residual")
    return cf.to_rows(rate, cols)


def lifecycle(*, district: District, params: Params, items: Sequence[CapexItem], sources: Sequence[CapitalUse],
              gap: float, flows: Sequence[FlowResult], values: Sequence[StakeholderValue], owner: Stakeholder,
              benefit: float, operation: float, energy: EnergyDelta, cards: tuple[str, ...],
              data: cf.FinanceData | None = None, stakeholders: bool = True,
              markets: Sequence[mnpv.MarketLine] = (), pv: PvOwnership | None = None) -> Financing:
    """The :class:`Financing` of one outcome with its yearly cash flows (docs/rules.md, "Finance").

    ``benefit`` [EUR/yr]: the district's year-1 saving and revenue (bills avoided net of charges
    still due on shared kWh, feed-in, flexibility); ``operation`` [EUR/yr]: its running costs
    outside the assets (the coordinator's platforms and staff, the aggregator's platform). Project rows, at ``finance.discount_rate``:
    year 0 = -CAPEX + grants from outside the district (:func:`outside_grants`); year t =
    (benefit - feed-in - saved-kWh degradation loss_t) x (1 + e)^(t-1) + F_t - operation x
    (1 + e_om)^(t-1) + the assets' O&M, replacements and residual value, where the feed-in part
    F_t = feed-in - sold-kWh degradation loss_t at the tariff, fixed in EUR, for t <= T (the
    feed-in term, ``energy.feed_in_years``: 20 years, EEG 2023 § 25 Abs. 1, the S21 contract),
    and F_t = (feed-in after - sold-kWh degradation loss_t at the market value) x (1 + e)^(t-1)
    after it (``tariff.feed_in_after_term``), as in the stakeholders' rows; the savings follow
    energy prices.
    Stakeholders are discounted at their type's rate (``assets.yaml``) shifted by the
    difference between ``finance.discount_rate`` and the district's default; a lender at its
    cost of funds at its loans' rate (:func:`lender_rate`). Every stakeholder that puts money in
    (grantors too) gets a table.
    ``stakeholders=False`` leaves out the per-stakeholder tables (``per_stakeholder`` empty): the
    sensitivity run reads only the project's figures and rebuilds this about 50 times a table.
    ``markets``: the market lines of :func:`game_rules.market_npv.lines`; the project rows add the
    counted ones B does not carry (eMaaS), and ``npv_without_markets`` leaves every counted one out.
    ``pv``: who owns the new PV (:mod:`game_rules.pv_ownership`): each asset owner invests its
    share of the CAPEX's gap and carries its share of each asset's replacements and residual
    value; None: ``owner`` owns every asset. The project rows do not depend on it.
    """
    data = data or finance_data(params)
    rate = params["finance.discount_rate"]
    horizon = data.horizon_years
    e, o = data.escalation["energy"].value, data.escalation["operation"].value
    tables = asset_tables(items, params, energy, rate, data)
    capex = sum(i.amount for i in items)
    grants = outside_grants(sources)
    degradation = data.assets["pv"].degradation.value
    years = np.arange(horizon + 1, dtype=float)
    lost = energy.pv_kwh * (1 - (1 - degradation) ** np.maximum(years - 1, 0.0))  # kWh lost to degradation
    saved_value = energy.pv_value_eur_per_kwh - energy.pv_sold_eur_per_kwh
    fixed_in = fixed_subsidies(flows)
    own = cf.columns(horizon)
    own["grants"][0] = grants
    term = energy.feed_in_years or horizon
    in_term = (years >= 1) & (years <= term)
    feed_in = np.where(in_term, energy.feed_in_eur - lost * energy.pv_sold_eur_per_kwh, 0.0) + np.where(
        years > term, (energy.feed_in_after_eur - lost * energy.pv_sold_after_eur_per_kwh) * cf.escalation(1.0, e, horizon), 0.0)
    own["revenue"] = (cf.escalation(benefit - energy.feed_in_eur - sum(fixed_in.values()), e, horizon)
                      - lost * saved_value * cf.escalation(1.0, e, horizon) + feed_in)
    for lasts, amount in fixed_in.items():
        own["revenue"] += np.where((years >= 1) & (years <= lasts), amount, 0.0)
    own["operation"] = -cf.escalation(operation, o, horizon)
    own["revenue"] += mnpv.rows_addition(markets, e, o, horizon)  # eMaaS: real savings B does not carry
    market_parts = mnpv.valued(markets, rate, e, o, horizon)
    yearly = benefit + sum(p.year1_eur for p in markets if p.in_npv and not p.in_benefit)  # year-1 B with eMaaS [EUR/yr]
    for part in ("investment", "operation", "replacement", "residual"):
        for t in tables:
            own[part] = own[part] + cf.column(t.rows, part)
    project = cf.to_rows(rate, own)
    flows_net = cf.nets(project)
    pv = pv or whole_owner(owner)
    owned = capex_shares(items, pv)
    invested = invested_by(owner, sources, gap, owned)
    owned_assets: dict[str, list[tuple[AssetCashFlows, float]]] = {}
    for item, table in zip(items, tables, strict=True):
        for who, share in pv.item_shares(item.item).items():
            owned_assets.setdefault(who, []).append((table, share))
    granted = granted_by(sources)
    terms = {s.card: s.term_years for s in sources}
    per: list[StakeholderFinance] = []
    tables_by: list[StakeholderCashFlows] = []
    listed = {v.stakeholder for v in values}
    # A grantor with no yearly flow still has its grant to show.
    silent = [_silent(who, sources) for who in invested if who not in listed and invested[who] > 0]
    for v in (*values, *silent) if stakeholders else ():
        put_in = invested.get(v.stakeholder, 0.0)
        if put_in <= 0 and abs(v.net) < 1:
            continue
        kind = data.stakeholder_type(v.stakeholder)
        at_loan = lender_rate(v.stakeholder, sources, owner, data)
        s_rate = stakeholder_rate(v.stakeholder, params, district, sources, owner, data)
        rows = _stakeholder_rows(v.stakeholder, put_in, flows, v.cost_items, terms,
                                 owned_assets.get(v.stakeholder, ()), s_rate, data,
                                 granted.get(v.stakeholder, 0.0))
        nets = cf.nets(rows)
        if at_loan is None:
            refs = (*data.discount_rates[kind].references, *DISCOUNT_METHOD)
            basis, why = discount_rate_source(data.discount_rates[kind].source()), kind
        else:
            refs = fitting((*data.lenders.references, *DISCOUNT_METHOD), district.country)
            basis, why = data.lenders.note, f"{kind} lender at its loans' rate"
        prov = Provenance.combine(f"stakeholder_npv: {horizon} yr at {s_rate * 100:.1f} % ({why})", v.provenance,
                                  source=basis, references=refs)
        # Simple payback counts cash: a lender's principal coming back pays its loan back too.
        cash = v.net + sum(c.amount for c in v.cost_items if c.item == rc.CAPITAL_RECOVERED)
        per.append(StakeholderFinance(
            stakeholder=v.stakeholder, invested=put_in, npv=cf.npv(s_rate, nets),
            payback_years=put_in / cash if cash > 0 and put_in > 0 else None, provenance=prov,
            stakeholder_type=kind, discount_rate=s_rate, irr=cf.is_finite(cf.irr(nets)) if put_in > 0 else None,
            discounted_payback_years=cf.discounted_payback(s_rate, nets) if put_in > 0 else None,
            npv_without_residual=cf.npv_without_residual(s_rate, rows)))
        tables_by.append(StakeholderCashFlows(stakeholder=v.stakeholder, stakeholder_type=kind, discount_rate=s_rate,
                                              rows=rows, provenance=prov))
    # The LCOE method (Fraunhofer ISE's study) is German: elsewhere its figures are not cited.
    refs = fitting(("vdi-2067-1-2012", "ec-cba-guide-2014", "fraunhofer-ise-lcoe-2024",
                    *(r for t in tables for r in t.provenance.references)), district.country)
    rule = (f"financing: lifecycle over {horizon} yr at {rate * 100:.1f} %; energy prices +{e * 100:.1f} %/yr, "
            f"O&M +{o * 100:.1f} %/yr; replacements and straight-line residual values per asset class; "
            f"grants from outside the district counted: {grants:,.0f} EUR")
    return Financing(
        capex=capex, capex_items=tuple(items), sources=tuple(sources), gap=gap,
        cost_of_capital=cost_of_capital(sources),
        payback_years=(capex - grants) / (yearly - operation) if yearly > operation and capex > grants else None,
        npv=cf.npv(rate, flows_net), npv_before_grants=cf.npv(rate, flows_net) - grants, per_stakeholder=tuple(per),
        npv_without_residual=cf.npv_without_residual(rate, project),
        npv_without_markets=(cf.npv(rate, flows_net) - sum(p.present_value_eur for p in market_parts if p.in_npv)
                             if market_parts else None),
        market_parts=market_parts,
        provenance=Provenance(cards=cards, rule=rule, references=(*refs, *getattr(district.finance, "references", ())),
                              source=f"discount rate {rate * 100:.1f} % (the district's finance section, overridable); "
                                     f"horizon: {data.horizon.source()}"),
        horizon_years=horizon, discount_rate=rate, irr=cf.is_finite(cf.irr(flows_net)),
        discounted_payback_years=cf.discounted_payback(rate, flows_net),
        lcoe_electricity_eur_per_kwh=lcoe_electricity(tables, rate, data),
        lcoe_heat_eur_per_kwh=lcoe_heat(tables, energy, params, rate, data),
        cash_flows=CashFlows(horizon_years=horizon, project=project, assets=tuple(tables), stakeholders=tuple(tables_by)),
    )


def fixed_subsidies(flows: Sequence[FlowResult]) -> dict[int, float]:
    """Money paid into the district by :data:`OUTSIDE_FUNDERS` at a legally fixed rate, by the
    years it lasts [EUR/yr]: flows with ``years`` set (e.g. the Mieterstromzuschlag, fixed in
    ct/kWh at commissioning and paid for 20 years, EEG 2023 § 21 (3), § 25 (1)). The project
    rows pay them unchanged in nominal EUR for those years instead of escalating them."""
    out: dict[int, float] = {}
    for f in flows:
        if (f.kind == "money" and f.unit == "EUR/yr" and f.years is not None
                and f.source in OUTSIDE_FUNDERS and f.to not in OUTSIDE_FUNDERS):
            out[f.years] = out.get(f.years, 0.0) + f.amount
    return out


def _silent(who: str, sources: Sequence[CapitalUse]) -> StakeholderValue:
    """A stakeholder that only puts money in (a grantor with no yearly flow): net value 0."""
    cards = tuple(dict.fromkeys(s.card for s in sources if s.provider == who))
    return StakeholderValue(stakeholder=who, label=stakeholder_text(who), inflow=0.0, outflow=0.0, net=0.0,
                            explanation=text("net.explained", inflow=money_text(0.0), outflow=money_text(0.0),
                                             net=money_text(0.0)),
                            provenance=Provenance(cards=cards, rule="net_value"))

def energy_delta(run: Annual, ref: Annual, district: District, params: Params, regime: SharingRegime,
                 scheme: SchemeShares | None = None) -> EnergyDelta:
    """What the project's new assets deliver in year 1 against the reference, and the average
    value of a new PV kWh: participants' new local kWh at what they avoid (:mod:`game_rules.charges`),
    the rest (more export, non-participants' local kWh) at the feed-in tariff; and the year-1
    feed-in revenue of the new PV, (more export + non-participants' new local kWh) x tariff, as
    the ``feed_in`` flow pays it (:mod:`game_rules.flows`), for the regime's feed-in term, and the
    same kWh at ``tariff.feed_in_after_term`` after it. Participants: the table's scheme
    members when ``scheme`` is given (:func:`game_rules.scheme_shares.in_scheme_share`)."""
    local_new = mf.local_kwh(run, ref)[1]
    participation = in_scheme_share(params, scheme)
    new_pv = max(run.pv_kwh - ref.pv_kwh, 0.0)
    outside = (1 - participation) * local_new
    sold = max(run.export_kwh - ref.export_kwh, 0.0) + outside
    saved = participation * local_new * price_stack(district, params).avoided(regime)
    value = (saved + sold * params["tariff.feed_in"]) / new_pv if new_pv > 0 else 0.0
    sold_value = sold * params["tariff.feed_in"] / new_pv if new_pv > 0 else 0.0
    after_price = params["tariff.feed_in_after_term"]
    new_kwp = max(run.kwp - ref.kwp, 0.0)
    hp_heat = max((run.ambient_kwh + run.hp_kwh) - (ref.ambient_kwh + ref.hp_kwh), 0.0)
    return EnergyDelta(
        pv_kwh=new_pv, pv_share_bipv=min(params["bipv.kwp"] / new_kwp, 1.0) if new_kwp > 0 else 0.0,
        pv_value_eur_per_kwh=value, hp_heat_kwh=hp_heat, hp_electricity_kwh=max(run.hp_kwh - ref.hp_kwh, 0.0),
        dh_heat_kwh=max(run.dh_kwh - ref.dh_kwh, 0.0), solar_heat_kwh=max(run.solar_heat_kwh - ref.solar_heat_kwh, 0.0),
        pv_sold_eur_per_kwh=sold_value,
        feed_in_eur=(run.export_kwh - ref.export_kwh + outside) * params["tariff.feed_in"],
        feed_in_years=mf.FEED_IN_TERM[district.regime][0],
        feed_in_after_eur=(run.export_kwh - ref.export_kwh + outside) * after_price,
        pv_sold_after_eur_per_kwh=sold * after_price / new_pv if new_pv > 0 else 0.0)


def project_benefit(run: Annual, ref: Annual, district: District, params: Params, regime: SharingRegime,
                    flows: Sequence[FlowResult], scheme: SchemeShares | None = None) -> float:
    """The district's year-1 saving and revenue [EUR/yr] (docs/rules.md, "Project cash flows"):
    energy costs avoided (imports, fuels, heat, less export revenue), minus the grid fees, levies
    and VAT shared kWh still bear, minus what the new local kWh of non-participants do not save,
    plus flexibility sold to the grid operator (:func:`game_rules.flows.is_flexibility_sale`: the
    flat price or the local market, whose costs the project carries too) and operating subsidies
    paid from outside the district.

    A new local kWh drawn by a household outside the scheme lowers the district's metered
    imports but not its bills: that household keeps buying it at the retail price p and the
    asset owner earns the feed-in tariff f for it (``bills_avoided``, ``feed_in`` in
    :mod:`game_rules.flows`). So B counts it at f, like the degradation loss, by subtracting
    (1 - participation) x new local kWh x (p - f); B is then the sum of what the district's parties
    gain, and a higher feed-in tariff or participation cannot lower it. Money paid by
    :data:`OUTSIDE_FUNDERS` (e.g. the Mieterstromzuschlag) enters the district like a grant.
    Participants: the table's scheme members when ``scheme`` is given (excluded buildings' new
    local kWh count at f like a non-participant's)."""
    money = [f for f in flows if f.kind == "money" and f.unit == "EUR/yr"]
    flex = sum(f.amount for f in money if mf.is_flexibility_sale(f))
    subsidies = sum(f.amount for f in money if f.source in OUTSIDE_FUNDERS and f.to not in OUTSIDE_FUNDERS)
    # The same cost as the energy-cost KPI, so the KPI's saving and the NPV's benefit agree.
    return ref.energy_cost_eur - mf.district_energy_cost(run, ref, district, params, regime, scheme).eur + flex + subsidies


def om_by_owner(items: Sequence[CapexItem], params: Params, pv: PvOwnership,
                data: cf.FinanceData | None = None) -> dict[str, tuple[float, tuple[float, float]]]:
    """Year-1 fixed O&M [EUR/yr] each asset owner carries, with its plausible range: CAPEX x
    fixed_om per class (:func:`first_year_om`), each item split by :meth:`PvOwnership.item_shares`."""
    data = data or finance_data(params)
    out: dict[str, tuple[float, tuple[float, float]]] = {}
    for item in items:
        om = data.assets[asset_of(item.item, params)].fixed_om
        lo, hi = om.assumption if om.assumption is not None else (om.value, om.value)
        for who, share in pv.item_shares(item.item).items():
            total, (low, high) = out.get(who, (0.0, (0.0, 0.0)))
            amount = item.amount * share
            out[who] = (total + amount * om.value, (low + amount * lo, high + amount * hi))
    return out


def first_year_om(items: Sequence[CapexItem], params: Params,
                  data: cf.FinanceData | None = None) -> tuple[float, tuple[str, ...], tuple[float, float]]:
    """Year-1 fixed O&M of all assets [EUR/yr] (CAPEX x fixed_om per class), its references and
    its plausible range (low, high) from the classes' assumption ranges."""
    data = data or finance_data(params)
    total, low, high = 0.0, 0.0, 0.0
    refs: list[str] = []
    for item in items:
        om = data.assets[asset_of(item.item, params)].fixed_om
        total += item.amount * om.value
        lo, hi = om.assumption if om.assumption is not None else (om.value, om.value)
        low += item.amount * lo
        high += item.amount * hi
        refs += om.references
    return total, tuple(dict.fromkeys(refs)), (low, high)
