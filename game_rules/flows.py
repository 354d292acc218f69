"""Value flows between stakeholders, their own running costs and each stakeholder's net value.

Three sources of flows, each with provenance. The **engine rules** (bills avoided, feed-in,
capital service, opex, roof lease), **flexibility** and the **charges by regime** are the
energy-money flows of :mod:`game_rules.money_flows` (its public names are re-exported here, so
``game_rules.flows.<name>`` keeps working); this module evaluates the third source and sums:

* **card rules**: each card's ``effects.value_flows`` formula evaluated over the variables of
  :func:`variables` (``docs/rules.md``, "Formula variables"). A negative result reverses the flow.
  A party named by a role is resolved from the table (:func:`game_rules.governance.table_roles`):
  ``owner``/``coordinator``/``risk_bearer`` from the governance card, ``occupants`` split by
  share of demand like ``bills_avoided``; a share that would flow from a stakeholder to itself
  is internal and dropped. The rule names the resolution, e.g.
  ``card_flow: local_new_kwh * tariff.local (from occupants = residents, 54 % of demand;
  to owner = city via GOV-01)``.


**Running costs** (money a stakeholder spends outside the model's stakeholders) are
:mod:`game_rules.running_costs`. Net value [EUR/yr] (:func:`net_values`) = money in - money out -
running costs, so a coordinator paid its costs nets zero (energy, data and service flows are
shown, not summed).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from cards.effects import FlowKind, FlowParty, Role, Stakeholder, ValueFlow
from cards.model import Card
from catalogs import languages, message
from game_rules.charges import SharingRegime, price_stack
from game_rules.charges import sharing_regime as sharing_regime  # re-exported for the assessment
from game_rules.districts import District
from game_rules.energy import RETROFIT_CLASSES
from game_rules.formulas import evaluate
from game_rules.governance import Roles
from game_rules.kpis import Annual

# The energy-money flows, re-exported: the assessment, running costs, financing, P2P and the tests
# import them from here.
from game_rules.money_flows import AGGREGATOR_TAG as AGGREGATOR_TAG
from game_rules.money_flows import EV_ASSET_TAGS as EV_ASSET_TAGS
from game_rules.money_flows import FEED_IN_BUYER as FEED_IN_BUYER
from game_rules.money_flows import FEED_IN_TERM as FEED_IN_TERM
from game_rules.money_flows import FLEX_ASSET_TAGS as FLEX_ASSET_TAGS
from game_rules.money_flows import FLEX_SALE_TAG as FLEX_SALE_TAG
from game_rules.money_flows import FLEXIBILITY_SALES as FLEXIBILITY_SALES
from game_rules.money_flows import EnergyCost as EnergyCost
from game_rules.money_flows import district_energy_cost as district_energy_cost
from game_rules.money_flows import engine_flows as engine_flows
from game_rules.money_flows import feed_in_buyer as feed_in_buyer
from game_rules.money_flows import flexibility_flows as flexibility_flows
from game_rules.money_flows import flexible_kwh as flexible_kwh
from game_rules.money_flows import flow_result
from game_rules.money_flows import is_flexibility_sale as is_flexibility_sale
from game_rules.money_flows import local_kwh as local_kwh
from game_rules.money_flows import lost_sales_kwh as lost_sales_kwh
from game_rules.money_flows import origin_cards as origin_cards
from game_rules.money_flows import parameter_provenance as parameter_provenance
from game_rules.money_flows import roof_lease_flows as roof_lease_flows
from game_rules.money_flows import rule_name as rule_name
from game_rules.money_flows import shared_kwh as shared_kwh
from game_rules.params import Params
from game_rules.pv_ownership import PvOwnership
from game_rules.references import cited_in
from game_rules.results import CostItem, FlowResult, Provenance, StakeholderValue
from game_rules.scheme_shares import SchemeShares, in_scheme_share, scheme_roles, surcharge_share

# capex_references, capital_references, discount_rate_source and DISCOUNT_METHOD are re-exported:
# other modules once read them as ``fl.<name>``; game_rules.capital imports them from sources.
from game_rules.sources import DECK_SOURCE, formula_references
from game_rules.sources import DISCOUNT_METHOD as DISCOUNT_METHOD
from game_rules.sources import capex_references as capex_references
from game_rules.sources import capital_references as capital_references
from game_rules.sources import discount_rate_source as discount_rate_source
from game_rules.texts import Text, money_text, stakeholder, text

#: Formula variables counting the scheme members' local kWh (their occupants pay for them).
SCHEME_VARIABLES = frozenset({"local_kwh", "local_new_kwh", "surcharge_new_kwh"})
#: Formula variables priced on the PV's output: the ``owner`` of a flow over one of them is the
#: owners of the new PV, pro rata to kWp (:mod:`game_rules.pv_ownership`), so the PV's sales go
#: to whoever invested in it.
PV_VARIABLES = frozenset({"local_kwh", "local_new_kwh", "self_kwh", "pv_kwh", "export_kwh"})
# Not ``surcharge_new_kwh``: the Mieterstromzuschlag is paid to the tenant-electricity supplier for
# kWh delivered to tenants (§ 21 (3) EEG 2023), the governance owner, not to owners that supply themselves.
_WORD = re.compile(r"[a-z_][a-z0-9_.]*")


def variables(run: Annual, ref: Annual, district: District, params: Params, capex: float,
              regime: SharingRegime = SharingRegime.SELF_CONSUMPTION, scheme: SchemeShares | None = None,
              p2p_kwh: float = 0.0) -> dict[str, float]:
    """The names a card formula may use (units: kWh/yr, EUR/kWh, EUR, counts).

    ``p2p_kwh``: the kWh the table's peer-to-peer market trades (``traded_kwh`` of :func:`game_rules.p2p.assess_market`),
    priced by ``price.p2p_fee`` (``p2p.fee_eur_per_kwh``), so the platform fee a card charges is
    the clearing's fee; ``price.shared_car``: the fees a shared car earns (``emaas.fee_eur_per_car``).

    ``local_kwh`` and ``local_new_kwh`` are the district's local kWh x :func:`in_scheme_share`
    (the scheme's members only, when ``scheme`` is given); ``surcharge_new_kwh`` the new local
    kWh x :func:`surcharge_share` (§ 21 Abs. 3 EEG 2023).

    ``tariff.local`` = ``tariff.local_ratio`` x what a local kWh saves the participant: the retail
    price behind the meter, only its energy part where the kWh crosses the public grid
    (:mod:`game_rules.charges`), so a local price never asks participants to pay grid fees twice."""
    local, local_new = local_kwh(run, ref)
    old_area = sum(g.floor_area_m2 for g in district.buildings if g.energy_class in RETROFIT_CLASSES)
    values = {
        "pv_kwh": run.pv_kwh, "self_kwh": local, "export_kwh": run.export_kwh,
        "import_kwh": run.import_kwh, "demand_kwh": run.load_kwh, "heat_kwh": run.heat_kwh,
        "heat_saved_kwh": max(ref.heat_kwh - run.heat_kwh, 0.0), "gas_kwh": run.gas_kwh,
        "dh_kwh": run.dh_kwh, "dh_new_kwh": max(run.dh_kwh - ref.dh_kwh, 0.0),
        "hp_kwh": run.hp_kwh, "hp_heat_kwh": run.ambient_kwh + run.hp_kwh,
        "solar_heat_kwh": run.solar_heat_kwh, "ev_kwh": run.ev_kwh,
        "flex_kwh": run.battery_out_kwh + params["ev.smart_share"] * run.ev_kwh,
        "local_kwh": local * in_scheme_share(params, scheme),
        "local_new_kwh": local_new * in_scheme_share(params, scheme),
        "surcharge_new_kwh": local_new * surcharge_share(params, scheme), "kwp": run.kwp,
        "new_kwp": max(run.kwp - ref.kwp, 0.0), "battery_kwh": params["battery.kwh"],
        "households": float(district.dwellings),
        "participants": district.dwellings * params["participation.share"],
        "participation": params["participation.share"], "floor_m2": district.floor_area_m2,
        "retrofit_m2": old_area * params["retrofit.share"], "capex": capex,
        "bills_saved": ref.energy_cost_eur - district_energy_cost(run, ref, district, params, regime, scheme).eur,
        "co2_saved_t": max(ref.co2_t - run.co2_t, 0.0), "ev_count": 0.0,
        "shared_cars": params["ev.shared_cars"],
        "tariff.local": price_stack(district, params).avoided(regime) * params["tariff.local_ratio"],
        "tariff.flex": params["tariff.flex_eur_per_kwh"], "price.co2": params["price.co2_eur_per_t"],
        "p2p_kwh": p2p_kwh, "price.p2p_fee": params["p2p.fee_eur_per_kwh"], "price.shared_car": params["emaas.fee_eur_per_car"],
    }
    for name in ("electricity", "feed_in", "gas", "heat", "grid_fee", "surcharge"):
        values[f"tariff.{name}"] = params[f"tariff.{name}"]
    values["ev_count"] = district.mobility.cars * params["ev.share"] + params["ev.shared_cars"]
    return values


def _sides(party: FlowParty, roles: Roles, side: str,
           pv_owners: Mapping[str, float] | None = None) -> list[tuple[Stakeholder, float, str]]:
    """The stakeholders behind one side of a card flow: (stakeholder, share, provenance note).
    ``pv_owners``: the new PV's owners by share, who fill ``owner`` in a flow priced on its output."""
    if isinstance(party, Stakeholder):
        return [(party, 1.0, "")]
    if party is Role.OWNER and pv_owners and len(pv_owners) > 1:
        return [(Stakeholder(who), share, f"{side} owner = {who}, {share * 100:.0f} % of the new PV's kWp")
                for who, share in pv_owners.items()]
    if party is Role.OCCUPANTS:
        return [(who, share, f"{side} occupants = {who.value}, {share * 100:.0f} % of demand")
                for who, share in roles.occupants]
    who = roles.party(party)
    return [(who, 1.0, f"{side} {party.value} = {who.value} {roles.decided_by}")]


def _card_flow(card: Card, vf: ValueFlow, amount: float, roles: Roles, references: tuple[str, ...] = (),
               regime: str | None = None, pv_owners: Mapping[str, float] | None = None) -> list[FlowResult]:
    """One card flow with its roles resolved: one result per pair of concrete stakeholders.
    ``references``: the bibliography ids of the variables its formula reads; the basis's own
    ``ref:<id>`` tokens are added, and a basis that is an assumption says so in ``source``.
    ``regime``: the district's regulation regime, whose law the basis cites (``ValueFlow.bases``)."""
    basis = vf.basis_in(regime)
    refs = tuple(dict.fromkeys((*cited_in(basis), *references))) or (DECK_SOURCE,)
    label = Text(vf.label.root) if vf.label else Text.build(card.title)
    by_governance = roles.card is not None and any(
        isinstance(p, Role) and p is not Role.OCCUPANTS for p in (vf.source, vf.to))
    cards = (card.id, roles.card) if by_governance and roles.card and roles.card != card.id else (card.id,)
    out = []
    for source, source_share, source_note in _sides(vf.source, roles, "from", pv_owners):
        for to, to_share, to_note in _sides(vf.to, roles, "to", pv_owners):
            if source is to:
                continue  # e.g. residents paying an owner that is the residents' own community
            notes = "; ".join(n for n in (source_note, to_note) if n)
            rule = f"card_flow: {vf.formula}" + (f" ({notes})" if notes else "")
            out.append(flow_result(source.value, to.value, vf.kind.value, amount * source_share * to_share, vf.unit, label,
                             Provenance(cards=cards, rule=rule, source=basis or card.id, references=refs),
                             years=vf.fixed_years))
    return out


#: Formula variables that count the table as a whole (every card adding to ``ev.shared_cars`` adds
#: to the same fleet): a card flow reading one is paid once, whichever cards carry the same flow
#: (one subscription per user, issue #17; :func:`card_flows`).
ONCE_VARIABLES = frozenset({"shared_cars"})


def card_flows(cards: Sequence[Card], values: dict[str, float], roles: Roles,
               district: District | None = None, params: Params | None = None,
               scheme: SchemeShares | None = None, cleared: frozenset[str] = frozenset(),
               pv: PvOwnership | None = None) -> list[FlowResult]:
    """Each card's own flows, formulas evaluated over ``values``, roles resolved by ``roles``;
    with ``district`` and ``params`` each names the references of the variables its formula
    reads (:func:`formula_references`). With ``scheme``, a formula priced on the members' local
    kWh (:data:`SCHEME_VARIABLES`) splits ``occupants`` by who receives them (:func:`scheme_roles`).
    ``cleared``: variables whose money a market's clearing already carries per trade (the P2P
    platform fee, :func:`game_rules.p2p.market_flows`); a formula reading one yields no flow.
    A formula over :data:`ONCE_VARIABLES` (e.g. ``shared_cars * price.shared_car``, WHAT-07 and
    HOW-11) is paid once for the same parties and kind, its provenance naming every card that
    carries it: the fleet is one, so are its subscriptions.
    ``pv``: who owns the new PV; a formula over its output (:data:`PV_VARIABLES`) pays its
    ``owner`` side to those owners pro rata to kWp."""
    pv_owners = pv.output_shares() if pv is not None else None
    flows: list[FlowResult] = []
    memo: dict[str, tuple[str, ...]] = {}
    by_scheme = scheme_roles(roles, scheme)
    # A formula over a table-wide count (ONCE_VARIABLES) is paid once: by the first card, naming every card that brings it.
    bringing = {name: tuple(dict.fromkeys(c.id for c in cards for vf in c.effects.value_flows
                                          if name in _WORD.findall(vf.formula)))
                for name in ONCE_VARIABLES}
    paid: set[tuple[str, str, str, str]] = set()
    for card in cards:
        for vf in card.effects.value_flows:
            refs = (formula_references(vf.formula, district, params, cards, memo)
                    if district is not None and params is not None else ())
            names = set(_WORD.findall(vf.formula))
            if names & cleared:
                continue
            once = sorted(names & ONCE_VARIABLES)
            key = (vf.formula, str(vf.source), str(vf.to), vf.kind.value)
            if once and key in paid:
                continue
            priced_on_scheme = bool(SCHEME_VARIABLES & names)
            made = _card_flow(card, vf, evaluate(vf.formula, values), by_scheme if priced_on_scheme else roles, refs,
                              district.regime if district is not None else None,
                              pv_owners if names & PV_VARIABLES else None)
            if once:
                paid.add(key)
                others = tuple(c for name in once for c in bringing[name] if c != card.id)
                if len(others) > 0:
                    made = [f.model_copy(update={"provenance": f.provenance.model_copy(update={
                        "cards": tuple(dict.fromkeys((*f.provenance.cards, *others)))})}) for f in made]
            flows += made
    return flows


def _inline(label: str, lang: str) -> str:
    """A label set inside a sentence: lower-case first letter where the language does so
    (catalog ``rules:grammar.inline_lowercase``; German nouns keep their capital)."""
    return label[:1].lower() + label[1:] if message("rules:grammar.inline_lowercase", lang) == "yes" else label


def net_values(flows: Sequence[FlowResult], present: Sequence[str],
               costs: Mapping[str, Sequence[CostItem]] | None = None, *, explain: bool = True) -> list[StakeholderValue]:
    """Money in, out, own running costs and net [EUR/yr] for every stakeholder in a flow, in
    ``present`` or bearing a cost; net = in - out - costs, explained in words.

    ``explain=False`` leaves ``explanation`` None: the same numbers for a run whose values
    nobody reads in words (a sensitivity bar end), without formatting money in every language.
    """
    costs = costs or {}
    names = list(dict.fromkeys([*present, *(f.source for f in flows), *(f.to for f in flows), *costs]))
    money = [f for f in flows if f.kind == FlowKind.MONEY.value and f.unit == "EUR/yr"]
    out = []
    for name in names:
        inflow = sum(f.amount for f in money if f.to == name)
        outflow = sum(f.amount for f in money if f.source == name)
        items = tuple(costs.get(name, ()))
        spent = sum(i.amount for i in items)
        # The net value rests on every flow and cost it sums (Provenance.combine: cards and references).
        inputs = [*(f.provenance for f in money if name in (f.source, f.to)), *(i.provenance for i in items)]
        rule = "net_value" + (" (in - out - running costs)" if items else "")
        prov = Provenance.combine(rule, *inputs, source="sum of the stakeholder's money flows and running costs")
        if not prov.references:  # no money moves: zero by the rules of the game (the deck's source)
            prov = prov.citing(DECK_SOURCE)
        net = inflow - outflow - spent
        why: Text | None = None
        if explain and items:
            labels = Text(**{lang: ", ".join(_inline(i.label.get(lang), lang) for i in items) for lang in languages()})
            # Costs that sum below zero are savings (a utility's avoided purchases): added as a
            # positive amount, never "− own costs −€169,336".
            if spent < 0:
                why = text("net.explained_savings", inflow=money_text(inflow), outflow=money_text(outflow),
                           savings=money_text(-spent), items=labels, net=money_text(net))
            else:
                why = text("net.explained_costs", inflow=money_text(inflow), outflow=money_text(outflow),
                           costs=money_text(spent), items=labels, net=money_text(net))
        elif explain:
            why = text("net.explained", inflow=money_text(inflow), outflow=money_text(outflow), net=money_text(net))
        out.append(StakeholderValue(stakeholder=name, label=stakeholder(name), inflow=inflow, outflow=outflow, net=net,
                                    costs=spent, cost_items=items, explanation=why,
                                    provenance=prov))
    return out
