"""The table's sharing scheme inside the assessment (game_rules/schemes.py).

Sources: décret n° 2017-676 and Enedis note Enedis-NOI-CF_110E (ACC keys: dynamic by default,
pro rata of consumption in each period; static fixed coefficients); arrêté du 21 novembre 2019
art. 1 and arrêté du 21 février 2025 (ACC: 2 km urban perimeter, 5 MW cap since 6 March 2025);
§ 42a EnWG and § 21 Abs. 3 EEG 2023 (Mieterstrom without the public grid; the surcharge only on
kWh used in the residential PV building or residential buildings of its quarter); § 42c EnWG.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from cards.deck import Deck
from cards.effects import Op, ParameterChange, Stakeholder
from game_rules import District, TableModel, assess, load_district
from game_rules.assessment import prepare
from game_rules.buildings import Building, BuildingSet
from game_rules.params import Params, base_params
from game_rules.results import BuildingSharing, Sharing
from game_rules.schemes import (
    building_set,
    candidates,
    findings,
    scheme_of,
    sharing,
    summary,
    warnings,
)

TODAY = date(2026, 11, 29)


def _b(bid: str, x_km: float = 0.0, *, pv: float = 0.0, connection: str | None = None, housing: float = 1.0) -> Building:
    return Building(id=bid, group="g" if housing >= 0.4 else "shops", use="residential" if housing >= 0.4 else "non_residential",
                    roof_owner=Stakeholder.HOUSING_COMPANY, occupant=Stakeholder.RESIDENTS, x_m=x_km * 1000.0, y_m=0.0,
                    connection=connection or bid, quarter="q1", area="dso-a", residential_share=housing, pv_kwp=pv)


def _params(district: District, **values: float) -> Params:
    base = base_params(district, TODAY)
    return base.apply(("test", ParameterChange(param=k.replace("_", ".", 1), op=Op.SET, value=v, source="test"))
                      for k, v in values.items())


def _row(result: Sharing, building: str) -> BuildingSharing:
    return next(b for b in result.buildings if building in b.buildings)


def _received(result: Sharing) -> dict[str, float]:
    return {i: b.received_kwh for b in result.buildings for i in b.buildings}


def _set(buildings: tuple[Building, ...], demand: list[list[float]], pv: list[list[float]]) -> BuildingSet:
    return BuildingSet(buildings, np.array(demand, dtype=float), np.array(pv, dtype=float))


def test_the_cards_choose_the_scheme_of_the_district_regime(deck: Deck, munich: District, lyon: District) -> None:
    """Mieterstrom (HOW-02, § 42a EnWG) stays Mieterstrom; the PMO card (GOV-04) is ACC in France and
    energy sharing (§ 42c) in Germany; a REC governance card alone a renewable energy community."""
    assert scheme_of([deck.get("HOW-02")], munich) == "mieterstrom"
    assert scheme_of([deck.get("GOV-04")], lyon) == "acc"
    assert scheme_of([deck.get("GOV-04")], munich) == "energy_sharing"
    assert scheme_of([deck.get("GOV-05")], munich) == "rec"
    assert scheme_of([deck.get("TECH-01")], munich) is None


def test_the_default_dynamic_key_allocates_pro_rata_of_consumption(deck: Deck, lyon: District) -> None:
    """One producer (10 kWh surplus) and two members needing 4 and 12 kWh: the default key gives
    10 x 4/16 = 2.5 and 10 x 12/16 = 7.5 kWh (décret n° 2017-676, Enedis-NOI-CF_110E)."""
    trio = (_b("p", pv=10.0), _b("a"), _b("c"))
    result = sharing(lyon, [deck.get("GOV-04")], _params(lyon, participation_share=1.0), TODAY,
                     buildings=_set(trio, [[0, 4, 12]], [[10, 0, 0]]))
    received = _received(result)
    assert received == pytest.approx({"p": 0.0, "a": 2.5, "c": 7.5})
    (scheme,) = result.schemes
    assert (scheme.scheme, scheme.key, scheme.balance.self_sufficiency) == ("acc", "dynamic", pytest.approx(10 / 16))
    assert "decret-2017-676-acc" in scheme.provenance.references


def test_the_static_key_keeps_fixed_shares_from_annual_consumption(deck: Deck, lyon: District) -> None:
    """Static key (sharing.key = 1): coefficients from annual net demand (a 4, c 16: 0.2 and 0.8);
    hour 1 gives a min(2, 4) = 2 and c 8, hour 2 a 0 (no demand) and c min(8, 4) = 4: what a member
    cannot use is exported, not passed on (Enedis static key)."""
    trio = (_b("p", pv=10.0), _b("a"), _b("c"))
    result = sharing(lyon, [deck.get("GOV-04")], _params(lyon, participation_share=1.0, sharing_key=1.0), TODAY,
                     buildings=_set(trio, [[0, 4, 12], [0, 0, 4]], [[10, 0, 0], [10, 0, 0]]))
    received = _received(result)
    assert received == pytest.approx({"p": 0.0, "a": 2.0, "c": 12.0}, rel=1e-9)
    assert result.schemes[0].key == "static"


def test_an_acc_participant_beyond_the_perimeter_is_excluded_citing_the_rule(deck: Deck, lyon: District) -> None:
    """Producer at 0 km, members at 1 and 2.5 km in an urban district: the furthest is beyond the
    2 km perimeter (arrêté du 21 novembre 2019, art. 1), so it leaves the scheme and receives nothing;
    a warning names the rule's law and sources."""
    trio = (_b("p", 0.0, pv=10.0), _b("near", 1.0), _b("far", 2.5))
    result = sharing(lyon, [deck.get("GOV-04")], _params(lyon, participation_share=1.0), TODAY,
                     buildings=_set(trio, [[0, 4, 12]], [[10, 0, 0]]))
    (scheme,) = result.schemes
    assert scheme.members == ("p", "near")
    (refusal,) = scheme.refused
    assert (refusal.code, refusal.rule, refusal.buildings) == ("share.distance", "acc.perimeter_km.urban", ("far",))
    far = _row(result, "far")
    assert (far.member, far.received_kwh, far.excluded_by) == (False, 0.0, ("acc.perimeter_km.urban",))
    assert _row(result, "near").received_kwh == pytest.approx(4.0)
    (warning,) = warnings(result, lyon)
    assert warning.code == "warn.share_excluded" and "arrete-acc-2019" in warning.references
    assert "Arrêté du 21 novembre 2019" in warning.text.get("de") and "1 dos 3" in warning.text.get("pt")


def test_producers_above_the_acc_power_cap_leave_largest_first(deck: Deck, lyon: District) -> None:
    """4 + 2 + 0.5 MW = 6.5 MW against the 5 MW cap in force since 6 March 2025 (arrêté du 21 février
    2025): the 4 MW producer leaves (2.5 MW remain), not the smaller ones."""
    plants = (_b("big", pv=4000.0), _b("mid", pv=2000.0), _b("small", pv=500.0), _b("home"))
    result = sharing(lyon, [deck.get("GOV-04")], _params(lyon, participation_share=1.0), TODAY,
                     buildings=_set(plants, [[0, 0, 0, 5]], [[1, 1, 1, 0]]))
    (scheme,) = result.schemes
    assert scheme.members == ("mid", "small", "home")
    assert [(r.code, r.buildings, r.limit) for r in scheme.refused] == [("share.power_cap", ("big",), 5000.0)]


def test_mieterstrom_earns_no_surcharge_on_kwh_sold_to_another_buildings_shops(deck: Deck, munich: District) -> None:
    """A residential PV building and a shop building behind one grid connection in one quarter may
    form one Mieterstrom scheme (§ 42a EnWG), but the surcharge (§ 21 Abs. 3 EEG 2023) is paid only
    on the kWh used in the residential PV building: 3 kWh own use, not the shop's 5 kWh (as of
    15 May 2024; since the Solarpaket I, BGBl. 2024 I Nr. 151, all 8 kWh earn it)."""
    pair = (_b("home", pv=8.0, connection="c1"), _b("shop", connection="c1", housing=0.0))
    later = sharing(munich, [deck.get("HOW-02")], _params(munich, participation_share=1.0), TODAY,
                    buildings=_set(pair, [[3, 5]], [[8, 0]]))
    assert later.schemes[0].surcharge_kwh == pytest.approx(8.0)
    result = sharing(munich, [deck.get("HOW-02")], _params(munich, participation_share=1.0), date(2024, 5, 15),
                     buildings=_set(pair, [[3, 5]], [[8, 0]]))
    (scheme,) = result.schemes
    assert scheme.members == ("home", "shop") and scheme.perimeters == 1
    assert _row(result, "shop").received_kwh == pytest.approx(5.0)
    assert scheme.surcharge_kwh == pytest.approx(3.0)


def test_participation_spreads_evenly_over_a_residential_group() -> None:
    """participation.share 0.5 of 4 residential buildings: every second one; offices take part whole."""
    group = (*(_b(f"r{k}") for k in range(4)), _b("office", housing=0.0))
    assert candidates(group, 0.5) == ("r1", "r3", "office")


def test_a_scheme_of_another_countrys_law_excludes_every_building_and_is_one_risk(
        deck: Deck, lyon: District) -> None:
    """Mieterstrom (§ 42a EnWG, German law) in Lyon: no building is kept in the scheme, a warning
    names the law in words and cites the route French law opens (ACC through a PMO, ref
    code-energie-l315-2; a national law is cited only in its country), and no second regulatory
    risk joins the route findings (one rule key)."""
    model = TableModel(slots={"governance": ("GOV-03",), "how": ("HOW-02",), "measures": ("TECH-01",)})
    a = assess(model, lyon, deck=deck, as_of=TODAY)
    assert a.sharing is not None
    (scheme,) = a.sharing.schemes
    assert scheme.scheme == "mieterstrom" and scheme.members == ()
    assert len(scheme.refused[0].buildings) == scheme.candidates > 0
    warning = next(w for w in a.warnings if w.code == "warn.share_excluded")
    assert "42a" in warning.text.en and "enwg-42a" not in warning.references
    assert "code-energie-l315-2" in warning.references
    assert not [r for r in a.risks if r.code == "share.regime"]  # the route finding (one per card) already says it
    d = a.sharing.district
    assert d.local_kwh == pytest.approx(sum(len(b.buildings) * (b.own_use_kwh + b.received_kwh) for b in a.sharing.buildings))


def test_the_example_models_report_their_schemes(example: Callable[[str], TableModel], deck: Deck,
                                                  munich: District) -> None:
    """Munich's Mieterstrom is formed behind each grid connection (no public grid, § 42a EnWG), so
    sharing between buildings adds nothing; the cooperative's § 42c scheme pools the members' PV."""
    a = assess(example("citizen-cooperative"), munich, deck=deck, as_of=TODAY)
    assert a.sharing is not None
    (scheme,) = a.sharing.schemes
    assert scheme.scheme == "energy_sharing" and scheme.perimeters == 1 and not scheme.refused
    assert sum(b.received_kwh for b in a.sharing.buildings) > 0
    assert sum(len(b.buildings) for b in a.sharing.buildings) == 464  # every building listed once
    assert 0 < scheme.balance.self_sufficiency <= 1 and 0 < scheme.balance.self_consumption <= 1
    assert scheme.battery_cycles is not None and scheme.battery_cycles < 100  # idle: the 1 MWh battery on today's PV
    assert "enwg-42c" in scheme.provenance.references


def test_a_scenarios_pv_yield_scales_every_buildings_pv(deck: Deck, munich: District) -> None:
    """SCN-11's hot summer sets pv.yield_factor 0.97 (docs/rules.md, "Scenarios as worlds"): the
    district's PV in the building model is 0.97 x the base world's, from the same cached split."""
    cards = [deck.get("GOV-12"), deck.get("HOW-04")]
    base = sharing(munich, cards, _params(munich), TODAY)
    hot = sharing(munich, cards, _params(munich, pv_yield_factor=0.97), TODAY)
    assert hot.district.production_kwh == pytest.approx(0.97 * base.district.production_kwh)
    assert hot.schemes[0].scheme == "energy_sharing" and hot.district.demand_kwh == pytest.approx(base.district.demand_kwh)


def test_a_world_that_moves_only_prices_reuses_the_building_run(deck: Deck, munich: District) -> None:
    """The building model reads the energy run's parameters (the cards' loads, PV and storage),
    uptake and the key (schemes.READS): SCN-01's price shock reuses the base world's run, SCN-07's uptake of 30 %
    does not (fewer candidates: 30 % of each residential group)."""
    cards = [deck.get("GOV-12"), deck.get("HOW-04")]
    base = sharing(munich, cards, _params(munich), TODAY)
    prices = sharing(munich, cards, _params(munich, tariff_electricity=0.6), TODAY)
    uptake = sharing(munich, cards, _params(munich, participation_share=0.3), TODAY)
    assert prices is base
    assert uptake.schemes[0].candidates < base.schemes[0].candidates


def test_a_new_refusal_becomes_one_regulatory_finding(deck: Deck, lyon: District) -> None:
    """The member beyond the 2 km ACC perimeter (arrêté du 21 novembre 2019, art. 1) is a
    regulatory finding with its rule, law, value against the limit and sources; not when the
    district-level check already reports that rule."""
    trio = (_b("p", 0.0, pv=10.0), _b("near", 1.0), _b("far", 2.5))
    result = sharing(lyon, [deck.get("GOV-04")], _params(lyon, participation_share=1.0), TODAY,
                     buildings=_set(trio, [[0, 4, 12]], [[10, 0, 0]]))
    (found,) = findings(result, [])
    assert (found.code, found.rule, found.value, found.limit, found.unit) == (
        "share.distance", "acc.perimeter_km.urban", pytest.approx(2.5), 2.0, "km")
    assert "arrete-acc-2019" in found.references and found.cards == ("GOV-04",)
    assert findings(result, [found]) == []


def test_battery_figures_are_read_only_with_a_community_battery_card(deck: Deck, munich: District) -> None:
    """The community battery runs only with its card (TECH-11, tag community_battery): on a table
    without it, a battery's power (a tornado bar) leaves the scheme's figures as they are;
    with it, a battery of twice the power (c-rate 1 instead of 0.5 kW/kWh) is a new run whose
    cycles are those of :func:`game_rules.community_battery.run_battery` at that power."""
    from game_rules import schemes
    from game_rules.allocation import share
    from game_rules.community_battery import run_battery

    plain = [deck.get("GOV-12"), deck.get("HOW-04")]
    base = sharing(munich, plain, _params(munich, battery_kwh=1000.0), TODAY)
    # Without the card the battery is the cards' storage of the district as one node: its power
    # moves the one-node figure, never the scheme's members (no community battery runs).
    faster = sharing(munich, plain, _params(munich, battery_kwh=1000.0, battery_c_rate=1.0), TODAY)
    assert faster.schemes[0].model_dump(exclude={"provenance"}) == base.schemes[0].model_dump(exclude={"provenance"})
    assert base.schemes[0].battery_cycles is None and faster.schemes[0].battery_cycles is None

    stored = [*plain, deck.get("TECH-11")]
    slow = sharing(munich, stored, _params(munich, battery_kwh=1000.0), TODAY)
    fast = sharing(munich, stored, _params(munich, battery_kwh=1000.0, battery_c_rate=1.0), TODAY)
    params = _params(munich, battery_kwh=1000.0, battery_c_rate=1.0)
    members = schemes.building_set(munich, params).with_participation(fast.schemes[0].members)
    expected = run_battery(share(members, schemes.key_for(params["sharing.key"], members)), 1000.0, c_rate=1.0).full_cycles
    assert fast is not slow and fast.schemes[0].battery_cycles == pytest.approx(expected, rel=1e-12)


def test_a_rerun_with_a_card_of_the_same_scheme_reuses_the_run_and_names_the_card(
        deck: Deck, munich: District, monkeypatch: pytest.MonkeyPatch) -> None:
    """A mitigation re-run adding Mieterstrom (HOW-02) to an energy-sharing table keeps § 42c
    energy sharing (grid schemes take precedence, module doc rule 1): the run is reused, every
    figure is the uncached run's, and every provenance names HOW-02 as that run's does."""
    from game_rules import schemes

    uncached = schemes._sharing
    runs: list[tuple[str, ...]] = []

    def counted(*args: object) -> Sharing:
        runs.append(tuple(c.id for c in args[1]))  # type: ignore[attr-defined]
        return uncached(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(schemes, "_sharing", counted)
    cards = [deck.get("GOV-12"), deck.get("HOW-04")]
    params = _params(munich, participation_share=0.55)  # a value no other test caches
    sharing(munich, cards, params, TODAY)
    more = [*cards, deck.get("HOW-02")]
    reused = sharing(munich, more, params, TODAY)
    fresh = uncached(munich, tuple(more), params, TODAY, None)
    assert runs == [("GOV-12", "HOW-04")]
    assert reused.model_dump_json() == fresh.model_dump_json()
    assert "HOW-02" in reused.provenance.cards and reused.schemes[0].scheme == "energy_sharing"
    provenances = (reused.provenance, reused.buildings_provenance, reused.district.provenance,
                   reused.schemes[0].provenance, reused.schemes[0].balance.provenance)
    assert all(p.cards == fresh.provenance.cards for p in provenances)


SITES = Path(__file__).resolve().parents[1] / "data" / "districts"


def test_an_office_3_km_away_is_outside_the_urban_acc_perimeter_but_inside_the_peri_urban_one(deck: Deck) -> None:
    """tests/data/districts/acc-sites.yaml: o1 stands 3 km north of h1 and 3.16 km from h2. Urban:
    beyond the 2 km between the furthest participants (arrêté du 21 novembre 2019, art. 1), so
    it leaves the ACC; peri-urban: within the 10 km derogation (arrêté du 19 septembre 2023)."""
    district = load_district(SITES / "acc-sites.yaml")
    params = _params(district, participation_share=1.0)
    (urban,) = sharing(district, [deck.get("GOV-04")], params, TODAY).schemes
    assert urban.members == ("h1", "h2")
    (refusal,) = urban.refused
    assert (refusal.code, refusal.rule, refusal.buildings, refusal.limit) == ("share.distance", "acc.perimeter_km.urban", ("o1",), 2.0)
    assert refusal.value == pytest.approx(math.hypot(1.0, 3.0), rel=2e-3) and "arrete-acc-2019" in refusal.references
    peri = district.model_copy(update={"regulation": district.regulation.model_copy(update={"settlement": "peri_urban"})})
    result = sharing(peri, [deck.get("GOV-04")], params, TODAY)
    (wide,) = result.schemes
    assert wide.members == ("h1", "h2", "o1") and not wide.refused
    assert "acc.perimeter_km.peri_urban" in wide.rules
    assert result.placement == "sites" and "snyder-1987-map-projections" in wide.provenance.references


def test_energy_sharing_keeps_one_balancing_area_of_the_district_file(deck: Deck) -> None:
    """tests/data/districts/de-sites.yaml: f1-f3 in balancing area a1, f4 and the shop s1 in a2.
    § 42c Abs. 1 Nr. 4 EnWG (from 1 June 2026; adjacent areas only from 1 June 2028): one area,
    so the minority area's buildings leave, citing the rule and enwg-42c."""
    district = load_district(SITES / "de-sites.yaml")
    result = sharing(district, [deck.get("GOV-04")], _params(district, participation_share=1.0), TODAY)
    (scheme,) = result.schemes
    assert (scheme.scheme, scheme.members) == ("energy_sharing", ("f1", "f2", "f3"))
    (refusal,) = scheme.refused
    assert (refusal.code, refusal.rule, refusal.buildings, refusal.value) == ("share.area", "energy_sharing", ("f4", "s1"), 2.0)
    assert "enwg-42c" in refusal.references
    assert _row(result, "s1").received_kwh == 0.0 and _row(result, "f3").received_kwh > 0


def test_mieterstrom_shares_behind_one_connection_within_one_quarter_of_the_district_file(deck: Deck) -> None:
    """tests/data/districts/de-sites.yaml under Mieterstrom (§ 42a EnWG, § 21 Abs. 3 EEG 2023):
    f1 and f2 behind connection c1 in quarter nord form one scheme, f2 receiving from f1's larger
    roof; f3, in the same quarter but behind its own connection c2, forms its own and receives
    nothing from c1 (no public grid);
    c3 joins f4 (quarter sued) and the shop s1 (quarter west): two quarters, so c3 may not share
    across them, but each of the two has its own roof PV and supplies its own building, which is
    always inside the perimeter (issue 12 review: both used to be excluded): four perimeters,
    nothing refused, and f4 and s1 receive nothing from each other."""
    district = load_district(SITES / "de-sites.yaml")
    result = sharing(district, [deck.get("HOW-02")], _params(district, participation_share=1.0), TODAY)
    (scheme,) = result.schemes
    assert (scheme.scheme, scheme.members, scheme.perimeters) == ("mieterstrom", ("f1", "f2", "f3", "f4", "s1"), 4)
    assert scheme.refused == ()
    assert _row(result, "f3").received_kwh == 0.0 and _row(result, "f2").received_kwh > 0
    assert _row(result, "f4").received_kwh == 0.0 and _row(result, "s1").received_kwh == 0.0
    assert _row(result, "f4").member and _row(result, "f4").excluded_by == ()


def test_a_connection_across_quarters_keeps_the_pv_quarter_and_names_connection_and_quarters() -> None:
    """§ 42a EnWG / § 21 Abs. 3 EEG 2023 (Mieterstrom within the building or in the same quarter,
    without the public grid): behind connection c3, the PV building f4 and a second residential
    building f5 stand in quarter sued, a shop without PV in quarter west. The sued part shares
    (f5 receives from f4's roof); the shop is refused, the sentence naming c3 and both quarters."""
    from game_rules.scheme_forming import _split_by_quarter
    from tests.game_rules.test_perimeters import _b

    district = load_district(SITES / "de-sites.yaml")
    group = [_b("f4", connection="c3", quarter="sued"), _b("f5", 0.05, pv=0.0, connection="c3", quarter="sued"),
             _b("s9", 0.1, pv=0.0, connection="c3", quarter="west", housing=0.0)]
    formed = _split_by_quarter(district, group, "mieterstrom", TODAY, ())
    assert formed.members == ("f4", "f5")
    assert formed.perimeter == {"f4": "c3/sued", "f5": "c3/sued"}
    [(refusal, ids)] = formed.refusals
    assert (refusal.code, ids) == ("share.quarter", ("s9",))
    sentence = refusal.text.get("en")
    assert "grid connection c3" in sentence and "sued, west" in sentence
    assert "Netzanschluss c3" in refusal.text.get("de")


def test_each_scenario_world_carries_its_scheme_by_group(deck: Deck, munich: District) -> None:
    """A world whose PV yield is 20 % higher (pv.yield_factor 1.2) forms the scheme again: the
    summary's groups and scheme produce 1.2 x the base world's PV; a world that moves only prices
    summarises the base world's result (game_rules.schemes.summary)."""
    cards = [deck.get("HOW-02")]
    base = sharing(munich, cards, _params(munich), TODAY)
    sunny = summary(sharing(munich, cards, _params(munich, pv_yield_factor=1.2), TODAY), munich)
    plain = summary(base, munich)
    assert [g.group for g in plain.groups] == [g.id for g in munich.buildings]
    assert sum(g.buildings for g in plain.groups) == sum(len(b.buildings) for b in base.buildings)
    for a, b in zip(sunny.groups, plain.groups, strict=True):
        assert a.balance.production_kwh == pytest.approx(1.2 * b.balance.production_kwh)
    assert sunny.schemes[0].balance.production_kwh == pytest.approx(1.2 * base.schemes[0].balance.production_kwh)
    assert plain.schemes[0].members == len(base.schemes[0].members) and plain.district == base.district
@pytest.mark.parametrize("name", ["munich-harthof", "lyon-confluence", "citizen-cooperative"])
def test_the_building_model_adds_up_to_the_district_kpis(name: str, example: Callable[[str], TableModel]) -> None:
    """Issue #12: the buildings carry the cards' heat pumps, EVs, shifted load, façade PV and
    demand factors (game_rules.buildings.buildings_for_run), so hour by hour their columns sum to
    the district model's demand before storage and its PV; the cards' storage dispatched on those
    sums (the district as one node) gives the district KPIs' self-consumption, 1 - (export +
    curtailed) / PV, and self-sufficiency, 1 - import / load (game_rules/kpis.py), to 0.1 pp. The
    district row under the scheme can only be lower: buildings outside the scheme use their own PV
    alone (Lyon: 164 of 206 buildings are candidates at 80 % uptake)."""
    model = example(name)
    district = load_district(model.district)
    prep = prepare(model, district)
    energy, run, shared = prep.main.energy, prep.main.run, prep.main.sharing
    bs = building_set(district, prep.params)
    assert energy.demand is not None and shared.one_node is not None
    assert np.allclose(bs.demand.sum(axis=1), energy.demand, rtol=0, atol=1e-6)
    assert np.allclose(bs.pv.sum(axis=1), energy.pv, rtol=0, atol=1e-6)
    assert shared.one_node.self_consumption == pytest.approx(run.self_consumption, abs=0.001)
    assert shared.one_node.self_sufficiency == pytest.approx(run.self_sufficiency, abs=0.001)
    assert shared.district.local_kwh <= shared.one_node.local_kwh * (1 + 1e-9)


def test_with_every_building_sharing_the_district_row_is_the_one_node_figure(deck: Deck, lyon: District) -> None:
    """All of Lyon's 216 buildings in one ACC (participation 1, the dynamic key, 1.2 km diagonal:
    no refusal) pool their PV hour by hour: Σ own use + Σ allocated = Σ_t min(Σ PV, Σ demand)
    (game_rules/allocation.py), and the pooled battery (TECH-11, 1 MWh) adds the same kWh to
    both, so the district row equals the one-node figure, the KPI."""
    cards = [deck.get("GOV-04"), deck.get("TECH-11"), deck.get("TECH-02")]
    params = _params(lyon, participation_share=1.0).apply((c.id, ch) for c in cards for ch in c.effects.parameters)
    result = sharing(lyon, cards, params, TODAY)
    (scheme,) = result.schemes
    assert len(scheme.members) == scheme.candidates == 216 and not scheme.refused
    assert result.one_node is not None
    assert result.district.local_kwh == pytest.approx(result.one_node.local_kwh, rel=1e-9)
    assert result.district.self_consumption == pytest.approx(result.one_node.self_consumption, abs=1e-9)


def test_the_rows_mark_the_candidates_the_warning_counts(deck: Deck, munich: District,
                                                         example: Callable[[str], TableModel]) -> None:
    """Issue 11 (fixC point 4): under the rules of 1 June 2025 the cooperative's JSON listed 460
    buildings while the warning read "436 of 436 candidate buildings". Each building row now says
    whether it was a candidate (chosen by ``participation.share`` before the legal perimeter):
    440 candidate ids, the scheme's ``candidates``, of the district's 464 (the schools and shops
    are five buildings of 4,400 m² since non-residential groups are split, game_rules/buildings.py)."""
    a = assess(example("citizen-cooperative"), munich, deck=deck, as_of=date(2025, 6, 1), mitigations=False)
    assert a.sharing is not None
    scheme = a.sharing.schemes[0]
    candidates = sum(len(b.buildings) for b in a.sharing.buildings if b.candidate)
    assert candidates == scheme.candidates == 440
    assert sum(len(b.buildings) for b in a.sharing.buildings) == 464
    warning = next(w for w in a.warnings if w.code == "warn.share_excluded")
    assert "440 of 440 candidate buildings" in warning.text.en


def test_the_example_quarter_file_keeps_the_buildings_that_supply_themselves(deck: Deck) -> None:
    """examples/districts/my-quarter.yaml under Mieterstrom (HOW-02; § 42a EnWG, § 21 Abs. 3 EEG
    2023): connection c3 spans quarters sued (f4) and west (the shop s1), both with roof PV, so
    neither is refused: each supplies its own building (before the review fix both were excluded
    as "two quarters")."""
    example = Path(__file__).resolve().parents[2] / "examples" / "districts" / "my-quarter.yaml"
    district = load_district(example)
    result = sharing(district, [deck.get("HOW-02")], _params(district, participation_share=1.0), TODAY)
    (scheme,) = result.schemes
    assert {"f4", "s1"} <= set(scheme.members)
    assert not any(r.code == "share.quarter" for r in scheme.refused)
    assert _row(result, "s1").received_kwh == 0.0
