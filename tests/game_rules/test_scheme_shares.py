"""Money follows the sharing scheme (game_rules/scheme_shares.py, game_rules/flows.py).

Sources: § 21 Abs. 3 EEG 2023 (ref:eeg-2023-21: the Mieterstromzuschlag only on kWh used in the
residential PV building or residential buildings of its quarter without the public grid);
arrêté du 21 novembre 2019 art. 1 (ACC: 2 km urban perimeter); Code de l'énergie L315-2 (only the
participants' consumption is allocated); décret n° 2017-676 (dynamic key by default).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from cards.deck import Deck
from cards.effects import Op, ParameterChange, Stakeholder
from game_rules import District, TableModel
from game_rules import flows as fl
from game_rules.assessment import prepare
from game_rules.buildings import Building, BuildingSet
from game_rules.charges import SharingRegime, price_stack
from game_rules.governance import table_roles
from game_rules.kpis import Annual, annual_run
from game_rules.params import Params, base_params
from game_rules.results import FlowResult
from game_rules.scheme_shares import SchemeShares, scheme_shares, shared_by_beneficiary
from game_rules.schemes import sharing

TODAY = date(2026, 11, 29)


def _b(bid: str, x_km: float = 0.0, *, pv: float = 0.0, connection: str | None = None, housing: float = 1.0,
       occupant: Stakeholder = Stakeholder.RESIDENTS) -> Building:
    return Building(id=bid, group="g" if housing >= 0.4 else "shops", use="residential" if housing >= 0.4 else "non_residential",
                    roof_owner=Stakeholder.HOUSING_COMPANY, occupant=occupant, x_m=x_km * 1000.0, y_m=0.0,
                    connection=connection or bid, quarter="q1", area="dso-a", residential_share=housing, pv_kwp=pv)


def _params(district: District, **values: float) -> Params:
    return base_params(district, TODAY).apply(
        ("test", ParameterChange(param=k.replace("_", ".", 1), op=Op.SET, value=v, source="test")) for k, v in values.items())


def _set(buildings: tuple[Building, ...], demand: list[list[float]], pv: list[list[float]]) -> BuildingSet:
    return BuildingSet(buildings, np.array(demand, dtype=float), np.array(pv, dtype=float))


def _more_pv(district: District, params: Params, kwh: float) -> tuple[Annual, Annual]:
    """Today's district and the same with ``kwh`` more PV used locally, nothing else changed:
    the imports and the bill fall by those kWh at the retail price."""
    ref = annual_run(district, params)
    run = replace(ref, pv_kwh=ref.pv_kwh + kwh, import_kwh=ref.import_kwh - kwh,
                  energy_cost_eur=ref.energy_cost_eur - kwh * params["tariff.electricity"])
    return run, ref


def _bills(flows: list[FlowResult]) -> dict[str, float]:
    return {f.to: f.amount for f in flows if f.provenance.rule.startswith("bills_avoided")}


def test_the_mieterstrom_surcharge_is_paid_only_on_the_kwh_used_in_the_residential_pv_building(
        deck: Deck, munich: District) -> None:
    """A residential PV building (8 kWh, uses 3) supplies a shop in another building (5 kWh)
    behind one connection: one Mieterstrom scheme (§ 42a EnWG) sharing all 8 kWh, but the
    Mieterstromzuschlag (§ 21 Abs. 3 EEG 2023, ref:eeg-2023-21) is paid on the 3 kWh used in the
    residential building only: HOW-02's flow is 3/8 of the new local kWh x tariff.surcharge (on
    all 8 before, local_new_kwh x tariff.surcharge). As of 15 May 2024, the last day of that
    wording: the Solarpaket I (BGBl. 2024 I Nr. 151) pays it on the shop's kWh too from 16 May 2024."""
    params = _params(munich, participation_share=1.0)
    pair = (_b("home", pv=8.0, connection="c1"), _b("shop", connection="c1", housing=0.0, occupant=Stakeholder.SMES))
    scheme = scheme_shares(sharing(munich, [deck.get("HOW-02")], params, date(2024, 5, 15), buildings=_set(pair, [[3, 5]], [[8, 0]])))
    assert scheme is not None and (scheme.local_kwh, scheme.surcharge_kwh, scheme.pooled_kwh) == pytest.approx((8.0, 3.0, 8.0))
    run, ref = _more_pv(munich, params, 80_000.0)
    values = fl.variables(run, ref, munich, params, 0.0, SharingRegime.MIETERSTROM, scheme)
    assert values["local_new_kwh"] == pytest.approx(80_000.0)
    assert values["surcharge_new_kwh"] == pytest.approx(30_000.0)
    (paid,) = fl.card_flows([deck.get("HOW-02")], values, table_roles([deck.get("GOV-03")], munich))
    assert (paid.source, paid.to) == ("public_funders", "housing_company")
    assert paid.amount == pytest.approx(30_000.0 * params["tariff.surcharge"])
    assert params["tariff.surcharge"] == pytest.approx(0.0157)  # Munich's district file: 1.57 ct/kWh


def test_an_acc_participant_excluded_by_the_perimeter_gets_no_bill_saving(deck: Deck, lyon: District) -> None:
    """Producer at 0 km (10 kWh), residents at 1 km (4 kWh), a shop at 2.5 km (12 kWh): the shop is
    beyond the 2 km urban perimeter (arrêté du 21 novembre 2019, art. 1) and leaves the ACC. The
    scheme places 4 of the 10 kWh one node would use (share 0.4): of 10,000 new local kWh, 4,000
    lower the residents' bills at the energy part of the price (ACC kWh still bear TURPE and the
    excise) and 6,000 are exported at the feed-in tariff; the shop's occupants (smes) save nothing
    on local PV (before, they saved by their share of demand)."""
    params = _params(lyon, participation_share=1.0)
    trio = (_b("p", 0.0, pv=10.0, occupant=Stakeholder.CITY), _b("near", 1.0),
            _b("far", 2.5, occupant=Stakeholder.SMES, housing=0.0))
    result = sharing(lyon, [deck.get("GOV-04")], params, TODAY, buildings=_set(trio, [[0, 4, 12]], [[10, 0, 0]]))
    scheme = scheme_shares(result)
    assert scheme is not None and scheme.share == pytest.approx(0.4) and dict(scheme.occupants) == {"residents": 1.0}
    assert shared_by_beneficiary(result)["far"] == 0.0
    run, ref = _more_pv(lyon, params, 10_000.0)
    roles = table_roles([deck.get("GOV-04")], lyon)
    flows = fl.engine_flows(run, ref, lyon, roles, (), ("TEST",), params, SharingRegime.ACC, (), scheme)
    avoided = price_stack(lyon, params).avoided(SharingRegime.ACC)
    assert _bills(flows) == pytest.approx({"residents": 4_000.0 * avoided})
    (feed_in,) = [f for f in flows if f.provenance.rule.startswith("feed_in:")]
    assert feed_in.amount == pytest.approx(6_000.0 * params["tariff.feed_in"])
    before = _bills(fl.engine_flows(run, ref, lyon, roles, (), ("TEST",), params, SharingRegime.ACC))
    assert before["smes"] > 0


def test_the_shared_kwh_in_the_flows_are_the_schemes(munich: District, example: Callable[[str], TableModel]) -> None:
    """One source of truth: the kWh by beneficiary add up to the scheme's local kWh (its energy
    KPI), and the money splits the district model's new local kWh by exactly that figure over
    the one-node local use: members' kWh (card formulas, bills) + kWh outside the scheme (feed-in)
    = the new local kWh. Munich Harthof (Mieterstrom per connection): 1.21 GWh/yr of 1.87."""
    prep = prepare(example("munich-harthof"), munich, as_of=TODAY)
    o = prep.main
    scheme = scheme_shares(o.sharing)
    assert isinstance(scheme, SchemeShares)
    (energy,) = o.sharing.schemes
    assert sum(shared_by_beneficiary(o.sharing).values()) == pytest.approx(energy.balance.local_kwh)
    assert scheme.local_kwh == pytest.approx(energy.balance.local_kwh) == pytest.approx(1.21e6, rel=0.01)
    assert scheme.share == pytest.approx(energy.balance.local_kwh / o.sharing.pooled_kwh)
    local_new = fl.local_kwh(o.run, o.reference)[1]
    values = fl.variables(o.run, o.reference, munich, o.params, 0.0, SharingRegime.MIETERSTROM, scheme)
    outside = local_new - values["local_new_kwh"]
    assert values["local_new_kwh"] == pytest.approx(local_new * scheme.share)
    # Paid to the new PV's owners pro rata to kWp (docs/rules.md, "Who owns the PV"): the sum is the scheme's.
    feed_in = [f for f in o.flows if f.provenance.rule.startswith("feed_in:")]
    extra = o.run.export_kwh - o.reference.export_kwh
    assert sum(f.amount for f in feed_in) == pytest.approx((extra + outside) * o.params["tariff.feed_in"])
    assert f"{energy.balance.local_kwh:,.0f} of {o.sharing.pooled_kwh:,.0f} kWh/yr" in next(
        f.provenance.rule for f in o.flows if f.provenance.rule.startswith("bills_avoided"))


def test_a_scenario_world_pays_on_its_own_scheme(munich: District, example: Callable[[str], TableModel]) -> None:
    """A world with 30 % uptake (SCN-07's change) forms its own § 42c scheme with fewer candidates,
    and its money reads that scheme, not the base world's (before, scenario worlds had none)."""
    prep = prepare(example("citizen-cooperative"), munich, as_of=TODAY)
    low = prep.evaluate({"participation.share": 0.3})
    base_scheme, low_scheme = scheme_shares(prep.main.sharing), scheme_shares(low.sharing)
    assert base_scheme is not None and low_scheme is not None
    assert low.sharing.schemes[0].candidates < prep.main.sharing.schemes[0].candidates
    assert low_scheme.share < base_scheme.share
    rule = next(f.provenance.rule for f in low.flows if f.provenance.rule.startswith("bills_avoided"))
    assert f"{low_scheme.members} of {low_scheme.candidates} candidate buildings" in rule


def test_without_a_scheme_participation_still_splits_the_local_kwh(lyon: District) -> None:
    """Self-consumption behind the meter only (PV, no sharing card): no scheme, so the flows keep
    ``participation.share`` (Code de l'énergie L315-2 does not apply; results unchanged)."""
    model = TableModel.from_mapping({"slots": {"governance": ["GOV-01"], "measures": ["TECH-01"]}})
    prep = prepare(model, lyon, as_of=TODAY)
    assert prep.main.sharing.schemes == () and scheme_shares(prep.main.sharing) is None
    rule = next(f.provenance.rule for f in prep.main.flows if f.provenance.rule.startswith("bills_avoided"))
    assert "scheme's members" not in rule
