"""The energy-money flows between stakeholders: what the energy model's kWh are worth to whom.

Split from :mod:`game_rules.flows` (which re-exports every public name here, and evaluates the
card rules and sums net values). The flows of this module, each with provenance:

* **engine rules** (always on, driven by the energy model):
  ``bills_avoided`` (utility -> occupants: the fall in the occupants' energy bill against the
  district as it is, split by their share of demand; negative means bills rise). New local PV
  lowers the bills of the **participants** only (``participation.share``): the kWh the other
  households draw are, commercially, fed into the grid at the PV meter and bought by those
  households from their supplier at the retail price, as under Mieterstrom (§42a EnWG: the
  tenant's own supply contract stays for whoever does not opt in) and French collective
  self-consumption (Code de l'énergie L315-2: only the participants' consumption is allocated).
  So ``bills_avoided`` = today's bill - the new bill - (1 - participation) x new local kWh x
  retail price, and those kWh earn the feed-in tariff instead;
  ``feed_in`` (feed-in buyer -> asset owner: (additional exported kWh + new local kWh outside
  the scheme) x feed-in tariff; the buyer follows the regime, :data:`FEED_IN_BUYER`),
  ``capital_service`` (asset owner -> capital provider: annuity of each loan-like source),
  ``opex`` (asset owner -> coordinator: ``opex.extra_eur``, which the coordinator spends, see
  running costs below);
* **flexibility** (``flexibility_revenue``): the kWh a controllable asset delivers on request
  (:func:`flexible_kwh`: battery discharge, EV charging that smart charging schedules; household
  demand that smart meters shift into solar hours is self-consumption, not a service) are sold
  once, to the DSO, at ``tariff.flex``, only when a market card (tagged ``flexibility_revenue``)
  AND such an asset are on the table; the asset owner sells them, or an
  aggregator (a card tagged ``aggregator`` or an aggregator coordinator) sells them and passes
  ``flex.owner_share`` on (``flexibility_share``). Cards enable the sale or raise its volume and
  price; none adds a copy of the revenue;
* **charges by regime** (:mod:`game_rules.charges`): new local kWh shared over the public grid
  (§42c energy sharing, French ACC) still bear grid fees, levies and VAT, so ``bills_avoided``
  counts only their energy part; behind the meter and under Mieterstrom (§42a) they avoid the
  whole retail price. The supplier loses its margin on each kWh it no longer sells, not the
  retail price: ``grid_fees_passed_on`` (DSO -> utility: the grid fees of kWh no longer drawn
  from the grid) and the utility's negative running costs
  (:func:`game_rules.running_costs.supplier_costs`: energy procurement avoided; VAT, taxes and
  levies no longer passed on);
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cards.effects import FlowKind, Stakeholder
from cards.model import Card
from game_rules.charges import (
    PriceStack,
    SharingRegime,
    legal_basis,
    price_stack,
)
from game_rules.districts import District
from game_rules.governance import Roles
from game_rules.kpis import Annual, kpi_references
from game_rules.params import Params, parameter_references
from game_rules.pv_ownership import LEASE_RULE, PvOwnership
from game_rules.references import fitting
from game_rules.results import CapitalUse, FlowResult, Provenance
from game_rules.scheme_shares import SchemeShares, bill_shares, in_scheme_share
from game_rules.sources import ANNUITY_METHOD, DECK_SOURCE, assumed_range, card_range
from game_rules.texts import Text, capital_kind, text

#: Who buys exported PV under each regulation regime, with the legal basis.
#: FR: the *obligation d'achat* makes EDF OA (or the local distribution company) buy the surplus
#: of small PV at the regulated surplus tariff (Code de l'énergie L314-1; arrêté du 6 octobre
#: 2021 "S21"), refunded by the state as a public-service charge (CSPE): modelled as the
#: ``utility`` stakeholder, the obligated buyer, not the DSO (Enedis only meters).
#: DE: the grid operator the plant is connected to takes the power and pays the EEG feed-in
#: tariff (EEG 2023 §§ 11, 19, 21), refinanced through the EEG account: the ``dso``.
#: EU (a generic custom district): the grid operator, as under the EEG, the common case of
#: feed-in tariffs in the EU.
FEED_IN_BUYER: dict[str, tuple[Stakeholder, str]] = {
    "FR": (Stakeholder.UTILITY, "FR obligation d'achat: EDF OA buys the surplus (Code de l'énergie L314-1, S21 tariff)"),
    "DE": (Stakeholder.DSO, "DE EEG feed-in tariff paid by the grid operator (EEG 2023 §§ 11, 19, 21)"),
    "EU": (Stakeholder.DSO, "feed-in tariff paid by the grid operator (generic EU district, as under the German EEG)"),
}

#: How long the feed-in tariff is paid from commissioning [years] under each regime, with the
#: references: DE, 20 years (EEG 2023 § 25 Abs. 1); FR, the obligation d'achat contract lasts 20
#: years (arrêté tarifaire S21); EU, as under the EEG. After the term, exported kWh earn their
#: market value (``tariff.feed_in_after_term``), in the flow's ``after_term``.
#: The published tariffs behind each regime's feed-in price (cited on the flow even where the
#: district lists the price with a range for the tornado): DE, the EEG rates the Bundesnetzagentur
#: publishes; FR, the S21 surplus tariffs (CRE, DGEC).
FEED_IN_TARIFF_REFS: dict[str, tuple[str, ...]] = {
    "DE": ("bnetza-eeg-foerdersaetze", "bnetza-eeg-rates-2025-08"),
    "FR": ("cre-s21-2025", "kano-s21-t4-2025"),
    "EU": (),
}

FEED_IN_TERM: dict[str, tuple[int, tuple[str, ...]]] = {
    "DE": (20, ("eeg-2023-25",)),
    "FR": (20, ("lfa-contrat-achat-2023",)),
    "EU": (20, ("eeg-2023-25",)),
}


#: Tags that put a card in the flexibility business (docs/rules.md, "Flexibility revenue").
FLEX_SALE_TAG = "flexibility_revenue"
#: The rules of the flows in which the grid operator buys the district's flexibility: the flat
#: price of :func:`flexibility_flows` and the local market of :mod:`game_rules.flexibility`. Money
#: that enters the district from outside, so the project's benefit counts it (``flexibility_share``
#: only passes it on inside the district).
FLEXIBILITY_SALES = frozenset({"flexibility_revenue", "flexibility_market"})
AGGREGATOR_TAG = "aggregator"
#: Tags of cards that bring an asset able to deliver flexibility on request: batteries
#: (stationary, V2G) and EV charging a controller schedules. Heat stores and heat pumps driven by
#: a HEMS respond on the local market only (:mod:`game_rules.flexibility`), hour by hour.
FLEX_ASSET_TAGS = frozenset({"community_battery", "home_battery", "v2g", "smart_charging"})
#: Of those, the ones whose volume is the EV charging they schedule (not a battery's discharge).
EV_ASSET_TAGS = frozenset({"v2g", "smart_charging"})


def rule_name(flow: FlowResult) -> str:
    """The name of the rule behind a flow: its provenance rule up to the first colon
    (e.g. ``flexibility_market``, ``feed_in``)."""
    return flow.provenance.rule.split(":", 1)[0].strip()


def is_flexibility_sale(flow: FlowResult) -> bool:
    """True for a money flow in which the grid operator buys the district's flexibility
    (:data:`FLEXIBILITY_SALES`), whichever of the two rules priced it."""
    return flow.kind == FlowKind.MONEY.value and rule_name(flow) in FLEXIBILITY_SALES


def feed_in_buyer(district: District) -> tuple[Stakeholder, str]:
    """The stakeholder that pays for exported PV in ``district`` and the legal basis (:data:`FEED_IN_BUYER`)."""
    return FEED_IN_BUYER[district.regime]


def local_kwh(run: Annual, ref: Annual) -> tuple[float, float]:
    """PV used in the district and the part the model adds against today [kWh/yr].

    Today's self-consumed PV already lowers today's bills (the reference), so a card that sells
    local power against the bills it avoids sells only what the model adds.
    """
    local = max(run.pv_kwh - run.export_kwh - run.curtailed_kwh, 0.0)
    return local, max(local - max(ref.pv_kwh - ref.export_kwh - ref.curtailed_kwh, 0.0), 0.0)



def flow_result(source: str, to: str, kind: str, amount: float, unit: str, label: Text, prov: Provenance,
          years: int | None = None, after_term: float | None = None) -> FlowResult:
    """One flow ``source`` -> ``to`` of ``amount`` [``unit``]; a negative amount reverses it (and its
    ``after_term``), so a result's amount is never below zero. Used for the card flows
    (:func:`game_rules.flows.card_flows`) too."""
    if amount < 0:
        source, to, amount = to, source, -amount
        after_term = -after_term if after_term is not None else None
    return FlowResult.model_validate({"from": source, "to": to, "kind": kind, "amount": amount, "unit": unit,
                                      "label": label, "provenance": prov, "years": years, "after_term": after_term})


def shared_kwh(run: Annual, ref: Annual, params: Params, regime: SharingRegime, scheme: SchemeShares | None = None) -> float:
    """New local kWh the participants draw over the public grid (§42c, ACC) [kWh/yr]; 0 when
    the scheme stays behind the meter. Participants: :func:`in_scheme_share`."""
    return local_kwh(run, ref)[1] * in_scheme_share(params, scheme) if regime.uses_public_grid else 0.0


@dataclass(frozen=True)
class EnergyCost:
    """The district's energy cost as its parties pay it: ``eur`` [EUR/yr]; ``note`` says what it
    adds to the metered cost (empty when nothing); ``references`` the scheme's and the charges'."""

    eur: float
    note: str
    references: tuple[str, ...]


def district_energy_cost(run: Annual, ref: Annual, district: District, params: Params,
                         regime: SharingRegime = SharingRegime.SELF_CONSUMPTION,
                         scheme: SchemeShares | None = None) -> EnergyCost:
    """The district's energy cost with the project as its parties pay it (docs/kpis.md):

        C = C_run + shared kWh x charges kept + outside kWh x (p - f)   [EUR/yr]

    ``C_run``: the KPI formula of :mod:`game_rules.kpis` on the run's metered kWh; shared kWh
    (:func:`shared_kwh`) still pay grid fees, levies and VAT under a grid-based scheme
    (:meth:`game_rules.charges.PriceStack.charges_kept`, BDEW/CRE price stacks); a new local kWh
    drawn outside the scheme (:func:`in_scheme_share`) is still bought at the retail price p while
    its owner earns the feed-in tariff f for it (``bills_avoided``, ``feed_in``). So the saving
    against today, ``ref.energy_cost_eur`` - C, is the project benefit before flexibility and
    subsidies (:func:`game_rules.financing.project_benefit`). C = ``run.energy_cost_eur`` for
    the reference itself (nothing new is shared)."""
    stack = price_stack(district, params)
    shared = shared_kwh(run, ref, params, regime, scheme)
    outside = (1 - in_scheme_share(params, scheme)) * local_kwh(run, ref)[1]
    parts: list[str] = []
    refs: list[str] = list(scheme.references) if scheme is not None else []
    if shared >= 1:
        parts.append(f"+ {shared:,.0f} kWh/yr shared over the public grid x {stack.charges_kept(regime):.4f} EUR/kWh "
                     f"grid fee, levies and VAT still due: {legal_basis(regime, district, stack)[0]}")
        refs += (*legal_basis(regime, district, stack)[1], *stack.references)
    if outside >= 1:
        parts.append(f"+ {outside:,.0f} kWh/yr new local PV outside the scheme x (retail price of electricity "
                     f"{params['tariff.electricity']:.4f} EUR/kWh - feed-in payment {params['tariff.feed_in']:.4f} EUR/kWh)")
    eur = (run.energy_cost_eur + shared * stack.charges_kept(regime)
           + outside * (params["tariff.electricity"] - params["tariff.feed_in"]))
    return EnergyCost(eur=eur, note="; ".join(parts) if parts else "", references=tuple(dict.fromkeys(refs)))


def engine_flows(run: Annual, ref: Annual, district: District, roles: Roles,
                 sources: Sequence[CapitalUse], measure_cards: tuple[str, ...], params: Params,
                 regime: SharingRegime = SharingRegime.SELF_CONSUMPTION, table_cards: Sequence[Card] = (),
                 scheme: SchemeShares | None = None, pv: PvOwnership | None = None,
                 owned: Mapping[str, float] | None = None) -> list[FlowResult]:
    """The rule-driven flows of the module doc (money, EUR/yr). ``table_cards``: the table's cards,
    whose parameter sources give the range of an assumption a flow rests on (``opex``).

    ``pv``: who owns the new PV (:mod:`game_rules.pv_ownership`): ``feed_in`` goes to its owners
    pro rata to kWp, and a roof lease adds ``roof_lease``; ``owned``: each stakeholder's share
    of the CAPEX (:func:`game_rules.pv_ownership.capex_shares`), by which the asset owners pay
    the loans' service (``capital_service``). Without them the governance owner owns everything.

    ``bills_avoided`` subtracts the grid fees, levies and taxes that shared kWh still bear under
    ``regime`` (:meth:`game_rules.charges.PriceStack.charges_kept`). With ``scheme`` (the
    table's sharing scheme, :mod:`game_rules.scheme_shares`) the participants' new local kWh are
    the scheme's share of them, and the saving they buy goes to the occupants of the buildings
    that receive them (:func:`bill_shares`); the rest of the saving by share of demand."""
    owner, coordinator = roles.owner, roles.coordinator
    flows: list[FlowResult] = []
    participation = in_scheme_share(params, scheme)
    local_new = local_kwh(run, ref)[1]
    outside_kwh = (1 - participation) * local_new  # new local kWh the non-participants draw
    in_scheme = tuple(c for c in params.origin.get("participation.share", ()) if c != "default")
    if scheme is not None:
        in_scheme = tuple(dict.fromkeys((*in_scheme, *scheme.cards)))
    stack = price_stack(district, params)
    shared = shared_kwh(run, ref, params, regime, scheme)
    kept = shared * stack.charges_kept(regime)
    # The occupants' bills exclude export revenue, which goes to the asset owner.
    saved = (ref.energy_cost_eur + ref.export_kwh * params["tariff.feed_in"]) - (
        run.energy_cost_eur + run.export_kwh * params["tariff.feed_in"]) - outside_kwh * params["tariff.electricity"] - kept
    if scheme is not None:
        note = f" ({scheme.note()}; {outside_kwh:,.0f} kWh/yr stay on the bills of buildings outside the scheme)"
    else:
        note = (f" (new local PV counted for participants only: {participation * 100:.0f} %; "
                f"{outside_kwh:,.0f} kWh/yr stay on non-participants' bills)") if outside_kwh >= 1 else ""
    if kept >= 1:
        note += (f" (minus {shared:,.0f} kWh/yr shared over the public grid x {stack.charges_kept(regime):.4f} EUR/kWh "
                 f"grid fee, levies and VAT still due: {legal_basis(regime, district, stack)[0]})")
    cards = tuple(dict.fromkeys((*measure_cards, *in_scheme))) if note else measure_cards
    # The bills come from the energy model's kWh at the district's prices; charges kept on shared kWh by regime.
    refs = tuple(dict.fromkeys((*kpi_references("energy_cost", district), *parameter_references("tariff.electricity", district, params),
                                *((*legal_basis(regime, district, stack)[1], *stack.references) if kept >= 1 else ()),
                                *(scheme.references if scheme is not None else ()))))
    pv_part = participation * local_new * params["tariff.electricity"] - kept
    for occupant, share in bill_shares(roles, scheme, saved, pv_part):
        if abs(saved * share) >= 1:
            flows.append(flow_result(Stakeholder.UTILITY.value, occupant, FlowKind.MONEY.value, saved * share,
                               "EUR/yr", text("flow.bills_avoided"),
                               Provenance(cards=cards, rule="bills_avoided" + note, source=district.tariffs.source,
                                          references=refs)))
    flows += _feed_in(run, ref, district, owner, outside_kwh, cards, params, pv)
    if pv is not None:
        flows += roof_lease_flows(pv, district, params, table_cards)
    flows += _grid_fees_passed_on(run, ref, district, params, regime, outside_kwh, stack, cards, scheme)
    # Each asset owner pays its share of the CAPEX's debt service (game_rules.pv_ownership.capex_shares).
    payers = dict(owned) if owned else {owner.value: 1.0}
    for use in sources:
        for payer, share in payers.items():
            if use.annual_service * share < 1 or use.provider == payer:
                continue
            flows.append(flow_result(payer, use.provider, FlowKind.MONEY.value, use.annual_service * share, "EUR/yr",
                               text("flow.capital_service", kind=capital_kind(use.kind)),
                               Provenance(cards=(use.card,), rule="capital_service",
                                          source=f"annuity of {use.amount:,.0f} EUR at {use.rate * 100:.1f} % over "
                                                 f"{use.term_years} yr (VDI 2067-1); {use.provenance.source}",
                                          references=(ANNUITY_METHOD, *use.provenance.references))))
    opex = params["opex.extra_eur"]
    if opex > 0 and coordinator is not owner:
        flows.append(flow_result(owner.value, coordinator.value, FlowKind.MONEY.value, opex, "EUR/yr", text("flow.opex"),
                           parameter_provenance(params, district, "opex.extra_eur", "opex", table_cards)))
    return flows


def parameter_provenance(params: Params, district: District, param: str, rule: str,
                          cards: Sequence[Card] = ()) -> Provenance:
    """A money amount set by a card parameter: the parameter's references when it has any,
    else an assumption with its range (listed in ``Assessment.assumptions`` card by card)
    backed by the card deck's own source, the ASCEND business-model patterns."""
    refs = parameter_references(param, district, params, cards)
    span = card_range(params, param, cards)
    source = (f"{param}: card parameters" if refs or span is None else
              f"{param}: assumption [{span[0]:.0f}-{span[1]:.0f}] set by the cards")
    return Provenance(cards=origin_cards(params, param), rule=rule, source=source, references=refs or (DECK_SOURCE,))


def origin_cards(params: Params, *names: str) -> tuple[str, ...]:
    """The cards (not defaults, not the district) that set ``names``."""
    return tuple(dict.fromkeys(c for name in names for c in params.origin.get(name, ())
                               if c != "default" and not c.startswith("district:")))


def _feed_in(run: Annual, ref: Annual, district: District, owner: Stakeholder, outside_kwh: float,
             cards: tuple[str, ...], params: Params, pv: PvOwnership | None = None) -> list[FlowResult]:
    """``feed_in``: (additional export + new local kWh outside the scheme) x feed-in tariff, paid
    by the regime's feed-in buyer (:data:`FEED_IN_BUYER`) to the owners of the new PV [EUR/yr],
    pro rata to the new kWp each owns (:meth:`PvOwnership.output_shares`; without ``pv`` all
    to ``owner``), fixed in EUR for the regime's term (:data:`FEED_IN_TERM`, ``years``); after it
    the same kWh earn ``tariff.feed_in_after_term`` (``after_term``, year-1 prices)."""
    buyer, basis = feed_in_buyer(district)
    term, term_refs = FEED_IN_TERM[district.regime]
    extra = run.export_kwh - ref.export_kwh
    amount = (extra + outside_kwh) * params["tariff.feed_in"]
    shares = pv.output_shares() if pv is not None else {owner.value: 1.0}
    rule = (f"feed_in: ({extra:,.0f} kWh/yr more export + {outside_kwh:,.0f} kWh/yr new local PV outside the scheme)"
            f" x tariff.feed_in for {term} yr, then x tariff.feed_in_after_term; buyer {buyer.value}: {basis}")
    refs = tuple(dict.fromkeys((*parameter_references("tariff.feed_in", district, params), *fitting(FEED_IN_TARIFF_REFS[district.regime], district.country),
                                *fitting(term_refs, district.country),
                                *parameter_references("tariff.feed_in_after_term", district, params),
                                *kpi_references("peak_export", district))))
    after_term = (extra + outside_kwh) * params["tariff.feed_in_after_term"]
    out = []
    for to, share in shares.items():
        if abs(amount * share) < 1 or to == buyer.value:
            continue
        note = f"; to {to}: {share * 100:.0f} % of the new PV's kWp" if len(shares) > 1 else ""
        out.append(flow_result(buyer.value, to, FlowKind.MONEY.value, amount * share, "EUR/yr", text("flow.feed_in"),
                         Provenance(cards=cards, rule=rule + note, source=district.tariffs.source, references=refs),
                         years=term, after_term=after_term * share))
    return out


def roof_lease_flows(pv: PvOwnership, district: District, params: Params, cards: Sequence[Card] = ()) -> list[FlowResult]:
    """``roof_lease``: under a roof-lease card the governance owner pays each other roof owner
    the new kWp on its roofs x ``pv.roof_lease_eur_per_kwp`` [EUR/yr] (:mod:`game_rules.pv_ownership`);
    a transfer inside the district, so the project's NPV does not count it."""
    out = []
    for to, kwp in pv.leases().items():
        amount = kwp * pv.lease_rate
        if amount < 1:
            continue
        rule = (f"{LEASE_RULE}: {kwp:,.0f} kWp x pv.roof_lease_eur_per_kwp {pv.lease_rate:.1f} EUR/kWp/yr "
                f"(to {to} via {', '.join(pv.lease_cards)})")
        prov = parameter_provenance(params, district, "pv.roof_lease_eur_per_kwp", rule, cards)
        out.append(flow_result(pv.owner.value, to, FlowKind.MONEY.value, amount, "EUR/yr", text("flow.roof_lease"),
                         prov.model_copy(update={"cards": tuple(dict.fromkeys((*pv.lease_cards, *prov.cards)))})))
    return out


def lost_sales_kwh(run: Annual, ref: Annual, params: Params, scheme: SchemeShares | None = None) -> float:
    """Electricity the supplier no longer sells [kWh/yr]: the fall in grid imports less the new
    local kWh non-participants still buy from it (negative when electrification raises sales)."""
    outside = (1 - in_scheme_share(params, scheme)) * local_kwh(run, ref)[1]
    return ref.import_kwh - run.import_kwh - outside


def _grid_fees_passed_on(run: Annual, ref: Annual, district: District, params: Params, regime: SharingRegime,
                         outside_kwh: float, stack: PriceStack, cards: tuple[str, ...],
                         scheme: SchemeShares | None = None) -> list[FlowResult]:
    """``grid_fees_passed_on``: for kWh no longer drawn from the public grid the supplier stops
    passing the grid fee on to the DSO, so the DSO, not the supplier, loses it (DSO -> utility,
    (lost sales - shared kWh) x grid fee) [EUR/yr]."""
    behind_meter = lost_sales_kwh(run, ref, params, scheme) - shared_kwh(run, ref, params, regime, scheme)
    amount = behind_meter * stack.grid_fee
    if abs(amount) < 1:
        return []
    rule = (f"grid_fees_passed_on: {behind_meter:,.0f} kWh/yr no longer drawn from the grid x grid fee "
            f"{stack.grid_fee:.4f} EUR/kWh (the supplier passes grid fees through to the DSO)")
    return [flow_result(Stakeholder.DSO.value, Stakeholder.UTILITY.value, FlowKind.MONEY.value, amount, "EUR/yr",
                  text("flow.grid_fees_passed_on"),
                  Provenance(cards=cards, rule=rule, source=district.tariffs.source,
                             references=tuple(dict.fromkeys((*stack.references, *kpi_references("energy_cost", district))))))]


def flexible_kwh(cards: Sequence[Card], run: Annual, params: Params) -> tuple[float, tuple[str, ...]]:
    """The volume an asset can offer a flexibility market [kWh/yr] and the asset cards behind it.

    Only what an asset delivers on request counts (the assets of :mod:`game_rules.flexibility`):
    a battery's discharge (``battery.kwh`` > 0, stationary or V2G) and the EV charging smart or
    bidirectional charging schedules (``ev.smart_share`` x EV charging, :data:`EV_ASSET_TAGS`).
    Household demand that smart meters, a HEMS or behaviour shift into solar hours
    (``flex.shift_share``) is not sold: it raises self-consumption, and the bills it lowers are
    its value (``bills_avoided``)."""
    assets = tuple(c.id for c in cards if set(c.effects.tags) & FLEX_ASSET_TAGS)
    if not assets:
        return 0.0, ()
    volume = run.battery_out_kwh if params["battery.kwh"] > 0 or params["ev.v2g_share"] > 0 else 0.0
    if any(set(c.effects.tags) & EV_ASSET_TAGS for c in cards):
        volume += params["ev.smart_share"] * run.ev_kwh
    return volume, assets


def flexibility_flows(cards: Sequence[Card], values: dict[str, float], roles: Roles, params: Params,
                      volume: tuple[float, tuple[str, ...]] | None = None,
                      references: tuple[str, ...] | None = None) -> list[FlowResult]:
    """``flexibility_revenue`` and ``flexibility_share`` of the module doc [EUR/yr].

    Revenue needs both a market card (tagged ``flexibility_revenue``: a flexibility market, an
    aggregator or VPP, a DSO buying flexibility) and a flexible asset (:func:`flexible_kwh`,
    passed as ``volume``; without it the formula volume ``flex_kwh`` is used). The volume is one
    physical quantity, so it is sold once at ``tariff.flex`` whatever number of cards talk about
    selling it. ``references``: the bibliography ids behind the volume (the energy model's,
    :func:`variable_references`); the price is an assumption.
    """
    sellers = tuple(c.id for c in cards if FLEX_SALE_TAG in c.effects.tags)
    kwh, asset_cards = volume if volume is not None else (values["flex_kwh"], ())
    values_refs = references or ()
    amount = kwh * values["tariff.flex"]
    if not sellers or amount < 1:
        return []
    aggregators = tuple(c.id for c in cards if AGGREGATOR_TAG in c.effects.tags)
    via_aggregator = bool(aggregators) or roles.coordinator is Stakeholder.AGGREGATOR
    seller = Stakeholder.AGGREGATOR if via_aggregator else roles.owner
    sized_by = origin_cards(params, "battery.kwh", "ev.v2g_share", "ev.smart_share", "tariff.flex_eur_per_kwh")
    governance = (roles.card,) if roles.card and (not via_aggregator or not aggregators) else ()
    prov_cards = tuple(dict.fromkeys((*sellers, *aggregators, *governance, *asset_cards, *sized_by)))
    who = (f"aggregator {'(' + ', '.join(aggregators) + ')' if aggregators else roles.decided_by}" if via_aggregator
           else f"owner = {roles.owner.value} {roles.decided_by}")
    assets = f"; flexible assets {', '.join(asset_cards)}" if asset_cards else ""
    rule = (f"flexibility_revenue: flexible kWh x tariff.flex = {kwh:,.0f} kWh/yr x {values['tariff.flex']:.3f} EUR/kWh, "
            f"sold once (market: {', '.join(sellers)}{assets}; sold by {who})")
    out = [flow_result(Stakeholder.DSO.value, seller.value, FlowKind.MONEY.value, amount, "EUR/yr", text("flow.flexibility"),
                 Provenance(cards=prov_cards, rule=rule,
                            source=f"tariff.flex_eur_per_kwh: value of a flexible kWh, {assumed_range('tariff.flex_eur_per_kwh')}",
                            references=tuple(dict.fromkeys((*values_refs, DECK_SOURCE)))))]
    share = params["flex.owner_share"]
    if via_aggregator and roles.owner is not Stakeholder.AGGREGATOR and share * amount >= 1:
        rule = (f"flexibility_share: flex.owner_share x flexibility revenue = {share * 100:.0f} % "
                f"(to owner = {roles.owner.value} {roles.decided_by})")
        out.append(flow_result(Stakeholder.AGGREGATOR.value, roles.owner.value, FlowKind.MONEY.value, share * amount, "EUR/yr",
                         text("flow.flexibility_share"),
                         Provenance(cards=tuple(dict.fromkeys((*aggregators, *((roles.card,) if roles.card else ()), *origin_cards(params, "flex.owner_share")))),
                                    rule=rule, source=f"flex.owner_share: HOW-07 revenue-sharing basis, {assumed_range('flex.owner_share')}",
                                    references=out[0].provenance.references)))
    return out
