"""Each stakeholder's own running costs: money it spends outside the model's stakeholders [EUR/yr].

The value flows between stakeholders are :mod:`game_rules.flows`; these are the costs a
stakeholder bears itself, which its net value subtracts (:func:`game_rules.flows.net_values`):

* the coordinator spends ``opex.extra_eur`` (rule ``opex_cost``), an aggregator
  ``opex.aggregator_eur`` (``aggregator_cost``): :func:`running_costs`;
* the asset owner the operation and maintenance of the assets (:func:`asset_om_costs`,
  ``game_rules.cashflow``: fixed O&M x CAPEX per asset class, VDI 2067-1);
* the supplier less on energy and pass-through charges (:func:`supplier_costs`, negative): with
  ``bills_avoided`` and ``grid_fees_passed_on`` it loses its margin per kWh, not the retail price
  (:mod:`game_rules.charges`);
* a lender gets its principal back (:func:`capital_recovered`, negative for its net value: its
  gain is the interest), and the obligated feed-in buyer the tariff it pays
  (:func:`feed_in_refunds`: the EEG account in Germany, the CSPE in France, the national support
  scheme elsewhere).

:func:`merge_costs` joins the tables stakeholder by stakeholder.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from cards.effects import Stakeholder
from cards.model import Card
from catalogs.data_phrases import data_phrase
from game_rules.charges import SharingRegime, heat_margins, price_stack, prices_for
from game_rules.districts import District
from game_rules.flows import (
    FEED_IN_BUYER,
    lost_sales_kwh,
    origin_cards,
    parameter_provenance,
    shared_kwh,
)
from game_rules.governance import Roles
from game_rules.kpis import Annual, kpi_references
from game_rules.params import Params
from game_rules.results import CapitalUse, CostItem, FlowResult, Provenance
from game_rules.scheme_shares import SchemeShares
from game_rules.sources import ANNUITY_METHOD, DECK_SOURCE
from game_rules.texts import text


def supplier_costs(run: Annual, ref: Annual, district: District, params: Params, regime: SharingRegime,
                   cards: tuple[str, ...] = (), scheme: SchemeShares | None = None) -> dict[str, tuple[CostItem, ...]]:
    """The supplier's (``utility``) running costs that fall with its lost sales [EUR/yr, negative
    = spends less]: energy procurement (lost kWh x procurement cost) and the VAT, taxes and levies
    it no longer collects and passes on. With ``bills_avoided`` and ``grid_fees_passed_on`` this
    leaves the utility losing its margin per kWh, not the retail price (:mod:`game_rules.charges`)."""
    stack = price_stack(district, params)
    lost = lost_sales_kwh(run, ref, params, scheme)
    shared = shared_kwh(run, ref, params, regime, scheme)
    behind_meter = lost - shared
    taxes = behind_meter * (stack.levies + stack.vat) + shared * (stack.procurement + stack.margin) * stack.vat_rate
    procurement = lost * stack.procurement
    items = []
    # The kWh not sold come from the energy model at the district's prices.
    refs = tuple(dict.fromkeys((*stack.references, *kpi_references("energy_cost", district))))
    basis = (f"margin {stack.margin:.4f} EUR/kWh = {stack.retail:.4f} / (1 + {stack.vat_rate:.2f} VAT) - grid fee "
             f"{stack.grid_fee:.4f} - levies and taxes {stack.levies:.4f} - procurement {stack.procurement:.4f}")
    if abs(procurement) >= 1:
        items.append(CostItem(item="procurement_avoided", amount=-procurement, label=text("cost.procurement_avoided"),
                              provenance=Provenance(cards=cards, rule=f"procurement_avoided: {lost:,.0f} kWh/yr not sold x "
                                                    f"{stack.procurement:.4f} EUR/kWh; {basis}",
                                                    source=f"energy procurement cost of a household supplier: {prices_for(district).procurement.source()} EUR/kWh",
                                                    references=refs)))
    if abs(taxes) >= 1:
        items.append(CostItem(item="taxes_passed_on", amount=-taxes, label=text("cost.taxes_passed_on"),
                              provenance=Provenance(cards=cards, rule=f"taxes_passed_on: VAT, taxes and levies on {lost:,.0f} kWh/yr "
                                                    f"not sold ({shared:,.0f} of them shared over the grid, which still bear levies)",
                                                    source="household price components", references=refs)))
    items += _heat_supplier_costs(run, ref, district, params, cards)
    return {Stakeholder.UTILITY.value: tuple(items)} if items else {}


def _heat_supplier_costs(run: Annual, ref: Annual, district: District, params: Params,
                         cards: tuple[str, ...]) -> list[CostItem]:
    """Gas and district heat the supplier no longer sells (or sells more of) [EUR/yr, negative =
    spends less]: gas pass-through charges and procurement; the cost of generating district heat.
    Its loss on them is then its margin (:func:`game_rules.charges.heat_margins`)."""
    m = heat_margins(district, params)
    prices = prices_for(district)
    gas = ref.gas_kwh - run.gas_kwh
    heat = ref.dh_kwh - run.dh_kwh
    out = []
    for item, amount, rule, source in (
        ("gas_pass_through", gas * m.gas_pass_through,
         f"gas_pass_through: {gas:,.0f} kWh/yr gas not sold x {m.gas_pass_through:.4f} EUR/kWh network charges, taxes, levies, VAT and carbon price",
         data_phrase(f"gas price components: {prices.gas.pass_through_share.source() or 'published shares'}")),
        ("gas_procurement_avoided", gas * m.gas_procurement,
         f"gas_procurement_avoided: {gas:,.0f} kWh/yr x {m.gas_procurement:.4f} EUR/kWh; gas margin {m.gas:.4f} EUR/kWh",
         data_phrase(f"gas procurement: {prices.gas.procurement.source()} EUR/kWh")),
        ("heat_cost_avoided", heat * m.heat_cost,
         f"heat_cost_avoided: {heat:,.0f} kWh/yr district heat not sold x {m.heat_cost:.4f} EUR/kWh generation, network and VAT; "
         f"heat margin {m.heat:.4f} EUR/kWh",
         data_phrase(f"district-heat cost share: {prices.district_heat.cost_share.source()}")),
    ):
        if abs(amount) >= 1:
            # The kWh come from the energy model at the district's prices; a price share without a
            # published source is an assumption (listed with its range by game_rules.provenance).
            refs = (*m.references, *kpi_references("energy_cost", district))
            out.append(CostItem(item=item, amount=-amount, label=text(f"cost.{item}"),
                                provenance=Provenance(cards=cards, rule=rule, source=source, references=tuple(dict.fromkeys(refs)))))
    return out


def merge_costs(*tables: Mapping[str, Sequence[CostItem]]) -> dict[str, tuple[CostItem, ...]]:
    """Running-cost tables joined stakeholder by stakeholder."""
    out: dict[str, list[CostItem]] = {}
    for table in tables:
        for who, items in table.items():
            out.setdefault(who, []).extend(items)
    return {who: tuple(items) for who, items in out.items()}


def asset_om_costs(amount: float, owner: Stakeholder, cards: tuple[str, ...], rule: str,
                   references: tuple[str, ...] = (), plausible: tuple[float, float] | None = None) -> dict[str, tuple[CostItem, ...]]:
    """The owner's first-year operation and maintenance of the assets [EUR/yr] as a running cost
    (``game_rules.cashflow``: fixed O&M x CAPEX per asset class), with its plausible range."""
    if amount < 1:
        return {}
    low, high = plausible if plausible is not None else (amount, amount)
    source = f"fixed O&M share of each asset class; assumption [{low:.0f}-{high:.0f}] EUR/yr"
    # O&M as a yearly share of the investment is the VDI 2067-1 cost method.
    refs = tuple(dict.fromkeys((*references, ANNUITY_METHOD)))
    return {owner.value: (CostItem(item="asset_om", amount=amount, label=text("cost.asset_om"),
                                   provenance=Provenance(cards=cards, rule=rule, source=source, references=refs)),)}


#: The cost item that takes a lender's return of principal out of its annual net value.
CAPITAL_RECOVERED = "capital_recovered"


def capital_recovered(sources: Sequence[CapitalUse], owner: Stakeholder,
                      owned: Mapping[str, float] | None = None) -> dict[str, tuple[CostItem, ...]]:
    """Each lender's principal coming back [EUR/yr], straight line: P / n per loan-like source
    with debt service (provider not the owner). ``capital_service`` pays the lender the whole
    annuity A = P r / (1 - (1 + r)^-n), but A - P / n of it is interest, its gain (the mean over
    the term); the rest returns the money it lent in year 0. So its net value is the interest,
    not the annuity (annuity method, VDI 2067-1). Not a cash flow: the lender's lifecycle rows
    carry the loan out in year 0 and the annuity back instead (:mod:`game_rules.financing`).
    ``owned``: each asset owner's share of the CAPEX, which pays that share of the service; a
    lender that owns assets lends its own share to itself, so only the rest comes back."""
    items: dict[str, list[CostItem]] = {}
    shares = owned or {owner.value: 1.0}
    for use in sources:
        lent_out = 1.0 - shares.get(use.provider, 0.0)
        if use.annual_service <= 0 or lent_out * use.annual_service < 1 or use.term_years <= 0:
            continue
        lent, service = use.amount * lent_out, use.annual_service * lent_out
        amount = lent / use.term_years
        rule = (f"{CAPITAL_RECOVERED}: {lent:,.0f} EUR lent over {use.term_years} years, returned in equal parts; "
                f"the annuity {service:,.0f} EUR/yr less this is the mean interest {service - amount:,.0f} EUR/yr")
        items.setdefault(use.provider, []).append(CostItem(
            item=CAPITAL_RECOVERED, amount=amount, label=text("cost.capital_recovered"),
            provenance=Provenance(cards=(use.card,), rule=rule, source=use.provenance.source, references=("vdi-2067-1-2012",))))
    return {who: tuple(found) for who, found in items.items()}


#: The cost item that gives the obligated feed-in buyer back the tariff it pays.
FEED_IN_REFUNDED = "feed_in_refunded"
#: Who refunds the obligated feed-in buyer, by regime: (basis, reference ids).
#: The label names the regime's own fund (catalog ``rules:cost.feed_in_refunded*``): no national law elsewhere.
_REFUND_BASIS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "DE": ("the transmission system operator refunds the grid operator (EEG 2023 § 57(1)); the federal budget "
           "balances the EEG account (EnFG § 6)", ("eeg-2023-57", "enfg-6"), "cost.feed_in_refunded_de"),
    "FR": ("the State compensates the obligated buyer for the purchase obligation above market prices "
           "(CSPE, Code de l'énergie L121-6, L121-7)", ("code-energie-l121-6", "code-energie-l121-7"), "cost.feed_in_refunded_fr"),
    "EU": ("refinanced outside the district by the national support scheme for renewable electricity (RED II art. 4)",
           ("red-ii-art-4",), "cost.feed_in_refunded"),
}


def feed_in_refunds(flows: Sequence[FlowResult], district: District) -> dict[str, tuple[CostItem, ...]]:
    """The feed-in tariff each obligated buyer pays, refunded from outside the district [EUR/yr,
    negative running cost]: a transfer from the EEG account or the CSPE to the plant owner, for
    which the buyer is only the conduit, so its net value and NPV do not count it as its loss."""
    basis, refs, label = _REFUND_BASIS[district.regime]
    out: dict[str, tuple[CostItem, ...]] = {}
    for who, amount in refinanced(flows).items():
        if amount < 1:
            continue
        cards = tuple(dict.fromkeys(c for f in flows if f.source == who and f.provenance.rule.startswith("feed_in:")
                                    for c in f.provenance.cards))
        out[who] = (CostItem(item=FEED_IN_REFUNDED, amount=-amount, label=text(label),
                             provenance=Provenance(cards=cards, rule=f"{FEED_IN_REFUNDED}: {amount:,.0f} EUR/yr of feed-in paid "
                                                   f"as the obligated buyer, refunded", source=basis, references=refs)),)
    return out


def refinanced(flows: Sequence[FlowResult]) -> dict[str, float]:
    """What each stakeholder pays as the obligated feed-in buyer [EUR/yr]: refunded outside the
    district (EEG account, CSPE), so the risk rules add it back (``game_rules.risks``)."""
    out: dict[str, float] = {}
    for f in flows:
        if f.provenance.rule.startswith("feed_in:") and f.source in {b.value for b, _ in FEED_IN_BUYER.values()}:
            out[f.source] = out.get(f.source, 0.0) + f.amount
    return out



def running_costs(params: Params, roles: Roles, district: District | None = None,
                  cards: Sequence[Card] = ()) -> dict[str, tuple[CostItem, ...]]:
    """Each stakeholder's own running costs [EUR/yr] (module doc): the coordinator spends
    ``opex.extra_eur`` on staff, platforms and metering (paid to it by the ``opex`` flow unless
    it owns the assets itself); an aggregator spends ``opex.aggregator_eur`` on its platform."""
    items: dict[str, list[CostItem]] = {}
    for param, who, code, rule in (("opex.extra_eur", roles.coordinator, "cost.opex", "opex_cost"),
                                   ("opex.aggregator_eur", Stakeholder.AGGREGATOR, "cost.aggregator", "aggregator_cost")):
        amount = params[param]
        if amount >= 1:
            note = f" (coordinator = {who.value} {roles.decided_by})" if param == "opex.extra_eur" else ""
            prov = (parameter_provenance(params, district, param, f"{rule}: {param}{note}", cards) if district is not None
                    else Provenance(cards=origin_cards(params, param), rule=f"{rule}: {param}{note}", source="card parameters",
                                    references=(DECK_SOURCE,)))
            items.setdefault(who.value, []).append(CostItem(item=param, amount=amount, label=text(code), provenance=prov))
    return {who: tuple(found) for who, found in items.items()}
