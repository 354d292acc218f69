"""One table in one world: the table read for a district (:class:`Prepared`, :func:`prepare`)
and the outcome of its project against its reference (:func:`_outcome`): energy runs, value
flows, running costs, net values and the lifecycle financing. :mod:`game_rules.assessment`
assembles these outcomes into an :class:`~game_rules.results.Assessment` (worlds, KPIs, risks,
warnings); :mod:`game_rules.reruns` re-runs them (hourly export, mitigations). The rules are in
docs/rules.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from cards.deck import Deck, default_deck
from cards.effects import Op, ParameterChange, Stakeholder
from cards.model import Card
from game_rules import direct_marketing as dm
from game_rules import emaas, flexibility, modernisation, p2p, regulation, schemes
from game_rules import financing as fin
from game_rules import flows as fl
from game_rules import market_npv as mnpv
from game_rules import pv_ownership as pvo
from game_rules import running_costs as rc
from game_rules import sources as src
from game_rules.districts import District
from game_rules.energy import EnergyResult, energy_run
from game_rules.governance import Roles, table_roles
from game_rules.kpis import Annual, annual_run
from game_rules.modernisation import Levy
from game_rules.params import Params, base_params, spec_of
from game_rules.results import (
    Financing,
    FlowResult,
    Provenance,
    Sharing,
    StakeholderValue,
)
from game_rules.scheme_shares import scheme_shares
from game_rules.table import ModelError, TableModel
from game_rules.texts import (
    Text,
)


@dataclass(frozen=True)
class _Outcome:
    params: Params
    energy: EnergyResult
    run: Annual
    financing: Financing
    flows: tuple[FlowResult, ...]
    values: tuple[StakeholderValue, ...]
    reference: Annual  # today's district without the project, in the same world
    sharing: Sharing  # the table's scheme building by building in this world
    levies: tuple[Levy, ...] = ()  # tenants' share of the landlord's modernisation (game_rules.modernisation)
    market: flexibility.Market | None = None  # the local flexibility market's clearing, None without a market card
    owned: Mapping[str, float] | None = None  # each asset owner's share of the CAPEX (game_rules.pv_ownership)

    @property
    def net(self) -> dict[str, float]:
        return {v.stakeholder: v.net for v in self.values}


@dataclass(frozen=True)
class _Table:
    district: District
    deck: Deck
    cards: tuple[Card, ...]
    roles: Roles
    present: tuple[str, ...]
    base: Params  # district defaults with the facilitator's overrides, no card, base world
    ref: Annual  # the reference in the base world
    as_of: date  # the rules in force (the sharing scheme's perimeters)


def _measure_cards(params: Params) -> tuple[str, ...]:
    out: list[str] = []
    for origin in params.origin.values():
        out.extend(o for o in origin if "-" in o and not o.startswith("district:") and o not in out)
    return tuple(out)


def _outcome(t: _Table, params: Params, reference: Params, sizing: tuple[Annual, Annual] | None = None,
             *, lifecycle: bool = True, stakeholder_finance: bool = True, explain: bool = True) -> _Outcome:
    """The project at ``params`` against the reference at ``reference`` (the same world, no cards).

    ``sizing``: the (project, reference) runs of the base world that size the investments; a
    scenario changes how the assets run and what they cost per unit, not what was built.
    ``lifecycle=False`` leaves out the yearly cash flows (NPV, IRR, LCOE stay 0 / None): what
    the risk mitigation re-runs need is the energy, the value flows, the CAPEX and the gap.
    ``stakeholder_finance=False`` keeps the project's lifecycle but leaves out each
    stakeholder's, and ``explain=False`` the net values' sums in words (what a sensitivity bar
    end needs: its numbers are the same).
    """
    energy = energy_run(t.district, params)
    run = annual_run(t.district, params)  # the same run: energy_run is keyed alike
    # The reference is shared by every table of a district, world and date: summed once.
    ref_now = annual_run(t.district, reference)
    size_run, size_ref = sizing if sizing is not None else (run, ref_now)
    items = fin.capex_items(t.district, params, reference, size_run, size_ref)
    capex = sum(i.amount for i in items)
    financing_cards = [c for c in t.cards if c.effects.capital]
    sources, gap = fin.allocate(capex, financing_cards, params)
    measures = _measure_cards(params)
    # Money: flows by sharing regime and the scheme of this world (its PV, uptake and key; cached on
    # what it reads), running costs, then the lifecycle (docs/rules.md, "Money follows the scheme").
    regime = fl.sharing_regime(t.cards, t.district)
    shared = schemes.sharing(t.district, t.cards, params, t.as_of)
    scheme = scheme_shares(shared)
    # Who owns each new asset: the owners of the buildings it sits in (roof PV pro rata to kWp, façade PV,
    # retrofit, heat pumps), the governance owner for community assets or when it leases the roofs, an
    # ESCO under performance contracting (docs/rules.md, "Who owns the PV", "Who owns the other assets");
    # the CAPEX, its financing and O&M follow the ownership.
    pv = pvo.pv_ownership(t.district, params, reference, t.roles.owner, t.cards)
    owned = pvo.capex_shares(items, pv)
    shared = pvo.lessee_view(shared, pv)  # the per-building table names the PV's owner, leased from the roof's
    flows = fl.engine_flows(run, ref_now, t.district, t.roles, sources, measures, params, regime, t.cards, scheme, pv, owned)
    # The P2P trades carry their money per trade, the platform fee with them (game_rules.p2p.market_flows).
    trading = p2p.assess_market(t.district, t.cards, params, shared, compare=False)
    values_in = fl.variables(run, ref_now, t.district, params, capex, regime, scheme, trading.traded_kwh if trading is not None else 0.0)
    # A market card opens the local flexibility market (game_rules.flexibility), else the flat tariff.flex path.
    market = flexibility.market_of(t.cards, energy, t.district, params)
    flows += (flexibility.market_flows(market, t.cards, t.roles, params, energy, t.district) if market is not None else
              fl.flexibility_flows(t.cards, values_in, t.roles, params, fl.flexible_kwh(t.cards, run, params),
                                   src.variable_references("flex_kwh", t.district, params, t.cards)))
    flows += fl.card_flows(t.cards, values_in, t.roles, t.district, params, scheme,
                           cleared=frozenset({p2p.FEE_VARIABLE}) if trading is not None else frozenset(), pv=pv)
    flows += p2p.market_flows(trading, t.cards, t.district, params)
    flows += emaas.lease_flows(params, t.cards, t.roles.owner)
    levies = tuple(modernisation.levies(t.district, params, pv, items, sources,
                                        regulation.rules_in_force(t.district.regime, t.as_of), run))
    flows += modernisation.levy_flows(levies)
    _, om_refs, _ = fin.first_year_om(items, params)
    mobility_costs = emaas.cost_items(t.district, params, t.cards)
    om_tables = [rc.asset_om_costs(om, Stakeholder(who), measures, f"asset_om: fixed O&M of each asset class x its CAPEX "
                                   f"({_owner_note(who, t.roles, owned)})", om_refs, om_range)
                 for who, (om, om_range) in fin.om_by_owner(items, params, pv).items()]
    costs = rc.merge_costs(
        rc.running_costs(params, t.roles, t.district, t.cards), *om_tables,
        rc.supplier_costs(run, ref_now, t.district, params, regime, measures, scheme),
        rc.capital_recovered(sources, t.roles.owner, owned),
        rc.feed_in_refunds(flows, t.district), flexibility.dso_value(market, t.cards) if market is not None else {},
        mobility_costs)
    values = fl.net_values(flows, t.present, costs, explain=explain)
    if not lifecycle:
        financing = Financing(capex=capex, capex_items=tuple(items), sources=tuple(sources), gap=gap,
                              cost_of_capital=fin.cost_of_capital(sources), payback_years=None, npv=0.0, per_stakeholder=(),
                              provenance=Provenance(rule="financing (without lifecycle: mitigation re-run)",
                                                    references=(src.CAPEX_METHOD,)))
        return _Outcome(params, energy, run, financing, tuple(flows), tuple(values), ref_now, shared, levies, market, owned)
    financing = fin.lifecycle(
        district=t.district, params=params, items=items, sources=sources, gap=gap, flows=flows, values=values,
        owner=t.roles.owner, benefit=fin.project_benefit(run, ref_now, t.district, params, regime, flows, scheme),
        # The aggregator's platform earns the flexibility revenue that B counts, so it costs the project too.
        operation=params["opex.extra_eur"] + params["opex.aggregator_eur"], energy=fin.energy_delta(run, ref_now, t.district, params, regime, scheme),
        cards=tuple(c.id for c in financing_cards) + measures, stakeholders=stakeholder_finance, pv=pv,
        markets=mnpv.lines(flows, trading, mobility_costs))
    return _Outcome(params, energy, run, financing, tuple(flows), tuple(values), ref_now, shared, levies, market, owned)


def _owner_note(who: str, roles: Roles, owned: Mapping[str, float]) -> str:
    """Why ``who`` carries asset O&M, for provenance: the governance owner, or the share of the
    CAPEX it owns, the assets in its buildings (its roofs' PV, its façades, its retrofit, its heat pumps)."""
    if who == roles.owner.value:
        return f"owner = {who} {roles.decided_by}"
    return f"{who}: {owned.get(who, 0.0) * 100:.0f} % of the CAPEX: the assets in its buildings"


def _with_cards(base: Params, cards: Sequence[Card], district: District,
                after: Mapping[str, float] | None = None) -> Params:
    """The project in a world: the cards' parameter changes applied to that world's base, so a
    scenario and a card's own change compose (a direct-marketing premium on the scenario's
    feed-in price; a card's extra uptake on the scenario's uptake) and the project differs from
    its reference by the cards only. ``after``: values set on top of the cards (a sensitivity
    bar's end). Last, a direct-marketing premium is paid on the sites large enough for direct
    marketing (:func:`game_rules.direct_marketing.with_premium`)."""
    params = base.apply((c.id, ch) for c in cards for ch in c.effects.parameters)
    if after:
        params = params.apply(("sensitivity", ParameterChange(param=n, op=Op.SET, value=v, source="sensitivity"))
                              for n, v in after.items())
    return dm.with_premium(district, params)


def _base(district: District, overrides: Mapping[str, float] | None, as_of: date | None = None) -> Params:
    """District defaults with the facilitator's overrides (origin ``override``).

    ``ModelError`` naming the parameter, its unit and allowed range for an unknown name or a
    value out of bounds.
    """
    base = base_params(district, as_of)  # rule-derived defaults on the as-of date
    if not overrides:
        return base
    checked: dict[str, float] = {}
    for name, value in overrides.items():
        try:
            spec = spec_of(name)
        except ValueError as exc:
            raise ModelError(str(exc)) from None
        if not isinstance(value, int | float) or not spec.low <= float(value) <= spec.high:
            raise ModelError(f"override {name!r}: expected a number in [{spec.low:g}, {spec.high:g}] {spec.unit}, got {value!r}")
        checked[name] = float(value)
    return base.apply(("override", ParameterChange(param=n, op=Op.SET, value=v, source="facilitator override"))
                      for n, v in checked.items())


@dataclass(frozen=True)
class Prepared:
    """A table read for one district: what every run of :func:`assess` and the sensitivity
    run share (the base with overrides, the project's parameters, the base-world outcome)."""

    table: _Table
    params: Params
    main: _Outcome

    def evaluate(self, overrides: Mapping[str, float]) -> _Outcome:
        """The project re-run with ``overrides`` applied to the base (cards on top), against
        the reference with the same overrides: one bar end of the sensitivity tornado."""
        t = self.table
        base = t.base.apply(("sensitivity", ParameterChange(param=n, op=Op.SET, value=v, source="sensitivity"))
                            for n, v in overrides.items())
        return _outcome(t, _with_cards(base, t.cards, t.district), base, stakeholder_finance=False, explain=False)

    def evaluate_on_cards(self, overrides: Mapping[str, float]) -> _Outcome:
        """The project re-run with ``overrides`` set on top of the cards (a value a card sets,
        moved across the card's own stated range), against the unchanged reference."""
        t = self.table
        params = _with_cards(t.base, t.cards, t.district, after=overrides)
        return _outcome(t, params, t.base, stakeholder_finance=False, explain=False)


def prepare(model: TableModel, district: District, *, deck: Deck | None = None,
            overrides: Mapping[str, float] | None = None, as_of: date | None = None, lifecycle: bool = True,
            explain: bool = True) -> Prepared:
    """Read ``model`` in ``district``: roles, base (with ``overrides``), the project's
    parameters and its outcome in the base world (``explain=False``: net values without their
    sums in words, for re-runs nobody reads). ``ModelError`` for a bad override."""
    deck = deck or default_deck()
    cards = tuple(deck.get(i) for i in model.cards())
    roles = table_roles(cards, district)
    owner, coordinator = roles.owner, roles.coordinator
    present = list(dict.fromkeys([owner.value, coordinator.value, *(s.value for c in cards for s in c.effects.stakeholders)]))
    if roles.card is not None:
        present.append(roles.risk_bearer.value)
    base = _base(district, overrides, as_of)
    table = _Table(district, deck, cards, roles, tuple(dict.fromkeys(present)), base, annual_run(district, base),
                   as_of or date.today())
    params = _with_cards(base, cards, district)
    return Prepared(table, params, _outcome(table, params, base, lifecycle=lifecycle, explain=explain))


def _label(card: Card) -> Text:
    return Text.build(card.title)
