"""Value flows between stakeholders and each stakeholder's annual net value.

Two sources of flows, each with provenance:

* **engine rules** (always on, driven by the energy model):
  ``bills_avoided`` (utility -> occupants: the fall in the occupants' energy bill against the
  district as it is, split by their share of demand; negative means bills rise),
  ``feed_in`` (DSO -> asset owner: additional exported kWh x feed-in tariff),
  ``capital_service`` (asset owner -> capital provider: annuity of each loan-like source),
  ``opex`` (asset owner -> coordinator: ``opex.extra_eur``);
* **card rules**: each card's ``effects.value_flows`` formula evaluated over the variables of
  :func:`variables` (``docs/rules.md``, "Formula variables"). A negative result reverses the flow.
  A party named by a role is resolved from the table (:func:`game_rules.governance.table_roles`):
  ``owner``/``coordinator``/``risk_bearer`` from the governance card, ``occupants`` split by
  share of demand like ``bills_avoided``; a share that would flow from a stakeholder to itself
  is internal and dropped. The rule names the resolution, e.g.
  ``card_flow: local_new_kwh * tariff.local (from occupants = residents, 54 % of demand;
  to owner = city via GOV-01)``.

Net value [EUR/yr] = money in - money out (energy, data and service flows are shown, not summed).
"""

from __future__ import annotations

from collections.abc import Sequence

from cards.effects import FlowKind, FlowParty, Role, Stakeholder, ValueFlow
from cards.model import Card
from game_rules.districts import District
from game_rules.energy import RETROFIT_CLASSES
from game_rules.formulas import evaluate
from game_rules.governance import Roles
from game_rules.kpis import Annual
from game_rules.params import Params
from game_rules.results import CapitalUse, FlowResult, Provenance, StakeholderValue
from game_rules.texts import Text, capital_kind, stakeholder, text


def variables(run: Annual, ref: Annual, district: District, params: Params, capex: float) -> dict[str, float]:
    """The names a card formula may use (units: kWh/yr, EUR/kWh, EUR, counts)."""
    local = max(run.pv_kwh - run.export_kwh - run.curtailed_kwh, 0.0)
    # Today's self-consumed PV already lowers today's bills (the reference), so a card that sells
    # local power against the bills it avoids sells only what the model adds.
    local_new = max(local - max(ref.pv_kwh - ref.export_kwh - ref.curtailed_kwh, 0.0), 0.0)
    old_area = sum(g.floor_area_m2 for g in district.buildings if g.energy_class in RETROFIT_CLASSES)
    values = {
        "pv_kwh": run.pv_kwh, "self_kwh": local, "export_kwh": run.export_kwh,
        "import_kwh": run.import_kwh, "demand_kwh": run.load_kwh, "heat_kwh": run.heat_kwh,
        "heat_saved_kwh": max(ref.heat_kwh - run.heat_kwh, 0.0), "gas_kwh": run.gas_kwh,
        "dh_kwh": run.dh_kwh, "dh_new_kwh": max(run.dh_kwh - ref.dh_kwh, 0.0),
        "hp_kwh": run.hp_kwh, "hp_heat_kwh": run.ambient_kwh + run.hp_kwh,
        "solar_heat_kwh": run.solar_heat_kwh, "ev_kwh": run.ev_kwh,
        "flex_kwh": run.shifted_kwh + run.battery_out_kwh,
        "local_kwh": local * params["participation.share"],
        "local_new_kwh": local_new * params["participation.share"], "kwp": run.kwp,
        "new_kwp": max(run.kwp - ref.kwp, 0.0), "battery_kwh": params["battery.kwh"],
        "households": float(district.dwellings),
        "participants": district.dwellings * params["participation.share"],
        "participation": params["participation.share"], "floor_m2": district.floor_area_m2,
        "retrofit_m2": old_area * params["retrofit.share"], "capex": capex,
        "bills_saved": ref.energy_cost_eur - run.energy_cost_eur,
        "co2_saved_t": max(ref.co2_t - run.co2_t, 0.0), "ev_count": 0.0,
        "shared_cars": params["ev.shared_cars"],
        "tariff.local": params["tariff.electricity"] * params["tariff.local_ratio"],
        "tariff.flex": params["tariff.flex_eur_per_kwh"], "price.co2": params["price.co2_eur_per_t"],
    }
    for name in ("electricity", "feed_in", "gas", "heat", "grid_fee", "surcharge"):
        values[f"tariff.{name}"] = params[f"tariff.{name}"]
    values["ev_count"] = district.mobility.cars * params["ev.share"] + params["ev.shared_cars"]
    return values


def _flow(source: str, to: str, kind: str, amount: float, unit: str, label: Text, prov: Provenance) -> FlowResult:
    if amount < 0:
        source, to, amount = to, source, -amount
    return FlowResult.model_validate({"from": source, "to": to, "kind": kind, "amount": amount, "unit": unit,
                                      "label": label, "provenance": prov})


def engine_flows(run: Annual, ref: Annual, district: District, roles: Roles,
                 sources: Sequence[CapitalUse], measure_cards: tuple[str, ...], params: Params) -> list[FlowResult]:
    """The rule-driven flows of the module doc (money, EUR/yr)."""
    owner, coordinator = roles.owner, roles.coordinator
    flows: list[FlowResult] = []
    # The occupants' bills exclude export revenue, which goes to the asset owner.
    saved = (ref.energy_cost_eur + ref.export_kwh * params["tariff.feed_in"]) - (
        run.energy_cost_eur + run.export_kwh * params["tariff.feed_in"])
    for occupant, share in roles.occupants:
        if abs(saved * share) >= 1:
            flows.append(_flow(Stakeholder.UTILITY.value, occupant.value, FlowKind.MONEY.value, saved * share,
                               "EUR/yr", text("flow.bills_avoided"),
                               Provenance(cards=measure_cards, rule="bills_avoided", source=district.tariffs.source)))
    extra_export = (run.export_kwh - ref.export_kwh) * params["tariff.feed_in"]
    if abs(extra_export) >= 1:
        flows.append(_flow(Stakeholder.DSO.value, owner.value, FlowKind.MONEY.value, extra_export, "EUR/yr",
                           text("flow.feed_in"), Provenance(cards=measure_cards, rule="feed_in", source=district.tariffs.source)))
    for use in sources:
        if use.annual_service > 0 and use.provider != owner.value:
            flows.append(_flow(owner.value, use.provider, FlowKind.MONEY.value, use.annual_service, "EUR/yr",
                               text("flow.capital_service", kind=capital_kind(use.kind)),
                               Provenance(cards=(use.card,), rule="capital_service", source=use.provenance.source)))
    opex = params["opex.extra_eur"]
    if opex > 0 and coordinator is not owner:
        origin = tuple(c for c in params.origin.get("opex.extra_eur", ()) if c != "default")
        flows.append(_flow(owner.value, coordinator.value, FlowKind.MONEY.value, opex, "EUR/yr", text("flow.opex"),
                           Provenance(cards=origin, rule="opex", source="card parameters")))
    return flows


def _sides(party: FlowParty, roles: Roles, side: str) -> list[tuple[Stakeholder, float, str]]:
    """The stakeholders behind one side of a card flow: (stakeholder, share, provenance note)."""
    if isinstance(party, Stakeholder):
        return [(party, 1.0, "")]
    if party is Role.OCCUPANTS:
        return [(who, share, f"{side} occupants = {who.value}, {share * 100:.0f} % of demand")
                for who, share in roles.occupants]
    who = roles.party(party)
    return [(who, 1.0, f"{side} {party.value} = {who.value} {roles.decided_by}")]


def _card_flow(card: Card, vf: ValueFlow, amount: float, roles: Roles) -> list[FlowResult]:
    """One card flow with its roles resolved: one result per pair of concrete stakeholders."""
    label = Text(en=vf.label.en, fr=vf.label.fr, de=vf.label.de) if vf.label else Text(
        en=card.title("en"), fr=card.title("fr"), de=card.title("de"))
    by_governance = roles.card is not None and any(
        isinstance(p, Role) and p is not Role.OCCUPANTS for p in (vf.source, vf.to))
    cards = (card.id, roles.card) if by_governance and roles.card and roles.card != card.id else (card.id,)
    out = []
    for source, source_share, source_note in _sides(vf.source, roles, "from"):
        for to, to_share, to_note in _sides(vf.to, roles, "to"):
            if source is to:
                continue  # e.g. residents paying an owner that is the residents' own community
            notes = "; ".join(n for n in (source_note, to_note) if n)
            rule = f"card_flow: {vf.formula}" + (f" ({notes})" if notes else "")
            out.append(_flow(source.value, to.value, vf.kind.value, amount * source_share * to_share, vf.unit, label,
                             Provenance(cards=cards, rule=rule, source=vf.basis or card.id)))
    return out


def card_flows(cards: Sequence[Card], values: dict[str, float], roles: Roles) -> list[FlowResult]:
    """Each card's own flows, formulas evaluated over ``values``, roles resolved by ``roles``."""
    flows: list[FlowResult] = []
    for card in cards:
        for vf in card.effects.value_flows:
            flows += _card_flow(card, vf, evaluate(vf.formula, values), roles)
    return flows


def net_values(flows: Sequence[FlowResult], present: Sequence[str]) -> list[StakeholderValue]:
    """Money in, out and net [EUR/yr] for every stakeholder in a flow or in ``present``."""
    names = list(dict.fromkeys([*present, *(f.source for f in flows), *(f.to for f in flows)]))
    out = []
    for name in names:
        money = [f for f in flows if f.kind == FlowKind.MONEY.value and f.unit == "EUR/yr"]
        inflow = sum(f.amount for f in money if f.to == name)
        outflow = sum(f.amount for f in money if f.source == name)
        cards = tuple(dict.fromkeys(c for f in money if name in (f.source, f.to) for c in f.provenance.cards))
        out.append(StakeholderValue(stakeholder=name, label=stakeholder(name), inflow=inflow, outflow=outflow,
                                    net=inflow - outflow, provenance=Provenance(cards=cards, rule="net_value")))
    return out
