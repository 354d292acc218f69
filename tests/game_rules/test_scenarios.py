"""Scenarios as worlds (issue 11, finding 1 and 3's scenario part): a scenario changes the
conditions of the project AND of its reference (today's district without the project); a
magnitude is relative to the district's current value or a dated new value; a country's law acts
only under that regime, and says so elsewhere."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from cards.effects import Op, ScenarioChange
from cards.model import Category
from game_rules import TableModel, assess
from game_rules.params import base_params
from game_rules.scenarios import check_card, is_world, world_of
from game_rules.table import ModelError


def _net(result: object, who: str) -> float:
    return next((v.net for v in result.stakeholders if v.stakeholder == who), 0.0)  # type: ignore[attr-defined]


def _inflow(values: object, who: str) -> float:
    return next(v.inflow for v in values if v.stakeholder == who)  # type: ignore[attr-defined]


def _kpi(kpis: object, key: str) -> float:
    return next(k.value for k in kpis if k.key == key)  # type: ignore[attr-defined]


def test_cold_winter_raises_avoided_bills_against_a_reference_in_the_same_winter(munich, example) -> None:
    """SCN-10 (heat demand × 1.15) in the Munich example.

    Reference values: before the fix the reference ("today") never saw the cold winter and the
    residents' net value went from +€304 k/yr to −€286 k/yr, the project NPV from −€2.8 M to about −€15.9 M
    and €0.4 M of CAPEX appeared (issue 11, finding 1). In the same cold year today's district
    pays 15 % more for heat too, so the occupants' avoided bills must RISE, the investment must
    stay what was built, and the reference's heat demand must be 1.15 × today's.
    """
    model = example("munich-harthof")
    result = assess(model, munich, ("SCN-10",))
    cold = result.scenario_results[0]
    # Money in for the residents is their avoided bills (the rent levy is money out, the same in both).
    assert _inflow(cold.stakeholders, "residents") > _inflow(result.stakeholders, "residents") > 0
    assert _net(cold, "residents") > _net(result, "residents")
    assert _kpi(cold.kpis, "capex") == pytest.approx(result.financing.capex)
    assert cold.npv > result.financing.npv - 1.0  # more heat avoided is worth more, never −€13 M
    assert _kpi(cold.baseline, "heat_demand") == pytest.approx(1.15 * _kpi(result.baseline, "heat_demand"), rel=1e-6)
    bills = [f.amount for f in result.value_flows if f.to == "residents" and f.provenance.rule.startswith("bills_avoided")]
    assert bills and sum(bills) > 0


def test_feed_in_cut_is_french_law_in_force_in_lyon_and_a_relative_cut_elsewhere(lyon, munich, deck) -> None:
    """SCN-04 encodes the French surplus cut of 28 March 2025 (12.69 to 4 c€/kWh for 0-9 kWc,
    arrêté du 26 mars 2025; ref:cre-s21-2025). Issue 11 (review): as a dated 4 c€ it set
    Munich's EEG feed-in to 4.4 ct and lowered Lyon's 9-100 kWc tariff to the 0-9 kWc value
    although the cut was already in force. Now, under French rules from 28 March 2025 it is the
    law (inert, "in_force" since that day); before it, and in Germany, it cuts the district's own
    tariff as deep as the French cut (× 0.315 = 4 / 12.69): Munich 6.80 → 2.142 ct/kWh."""
    card = deck.get("SCN-04")
    in_force = world_of(card, lyon, date(2025, 6, 1))
    assert (in_force.status, in_force.since, in_force.changes) == ("in_force", date(2025, 3, 28), ())
    assert in_force.apply(base_params(lyon, date(2025, 6, 1)))["tariff.feed_in"] == pytest.approx(0.0617)
    before = world_of(card, lyon, date(2025, 3, 27))
    assert before.status == "acts" and before.changes[0].op is Op.MUL
    assert before.apply(base_params(lyon, date(2025, 3, 27)))["tariff.feed_in"] == pytest.approx(0.0617 * 0.315)
    germany = world_of(card, munich, date(2025, 6, 1))
    assert germany.status == "acts" and germany.inert == ()
    assert germany.apply(base_params(munich, date(2025, 6, 1)))["tariff.feed_in"] == pytest.approx(0.02142)


def test_german_law_scenario_is_inert_in_lyon_and_says_so(lyon, example) -> None:
    """SCN-06 encodes §42c EnWG (German energy sharing, in force 1 June 2026). In Lyon (French
    law) it must change nothing — before, it raised participation by 10 points (issue 11,
    finding 3) — and the assessment must say so in a warning rather than stay silent."""
    model = example("lyon-confluence")
    result = assess(model, lyon, ("SCN-06",))
    scenario = result.scenario_results[0]
    assert scenario.changes == () and scenario.status == "not_applicable"
    assert set(scenario.inert) == {"regulation.energy_sharing", "participation.share"}
    assert [(v.stakeholder, round(v.net, 6)) for v in scenario.stakeholders] == [
        (v.stakeholder, round(v.net, 6)) for v in result.stakeholders]
    warning = next(w for w in result.warnings if w.code == "warn.scenario_regime")
    assert warning.cards == ("SCN-06",)
    assert "German" in warning.text.en and "French" in warning.text.en
    assert "allemand" in warning.text.fr and "deutsch" in warning.text.de.lower()


def test_german_law_scenario_acts_in_munich(munich, example) -> None:
    """The same card in a German district before § 42c EnWG applies (rules of 2025) applies both
    changes (participation + 10 points)."""
    result = assess(example("munich-harthof"), munich, ("SCN-06",), as_of=date(2025, 6, 1))
    assert result.scenario_results[0].changes == ("regulation.energy_sharing", "participation.share")
    assert result.scenario_results[0].status == "acts"
    assert not any(w.code == "warn.scenario_regime" for w in result.warnings)


def test_every_scenario_card_is_a_world_with_a_likelihood(deck) -> None:
    """Scenario cards change exogenous parameters only (weather, demand, prices, rules, uptake)
    and state a COBEN likelihood level with its basis; no flat probability for all."""
    scenarios = [c for c in deck if c.category is Category.SCENARIO]
    assert len(scenarios) == 13
    problems = [p for c in scenarios for p in check_card(c)]
    assert problems == []
    levels = {c.effects.likelihood.level for c in scenarios if c.effects.likelihood}
    assert len(levels) >= 3


def test_world_and_decision_parameters_are_split() -> None:
    """Prices, weather, rules and uptake are the world; what the cards size is a decision."""
    for name in ("tariff.electricity", "demand.heat", "pv.yield_factor", "regulation.energy_sharing",
                 "participation.share", "finance.discount_rate", "cost.pv_eur_per_kwp"):
        assert is_world(name), name
    for name in ("pv.roof_use", "battery.kwh", "retrofit.share", "tariff.local_ratio", "opex.extra_eur"):
        assert not is_world(name), name


def test_a_dated_scenario_value_must_be_an_explicit_new_value() -> None:
    """A historic change is stated as the new value with its date, never as a factor."""
    with pytest.raises(ValidationError, match="explicit new value"):
        ScenarioChange(param="tariff.feed_in", op=Op.MUL, value=0.35, since=date(2025, 3, 28), source="test")


def test_a_facilitator_override_is_checked_and_applied(munich, example) -> None:
    """Overrides replace a default before the cards act; out of range they are refused with
    the parameter, its unit and its range named."""
    model = example("munich-harthof")
    with pytest.raises(ModelError, match=r"cost.pv_eur_per_kwp.*\[300, 4000\] EUR/kWp.*got 10"):
        assess(model, munich, overrides={"cost.pv_eur_per_kwp": 10})
    with pytest.raises(ModelError, match="unknown parameter"):
        assess(model, munich, overrides={"pv.colour": 1.0})
    cheap = assess(model, munich, overrides={"cost.pv_eur_per_kwp": 700})
    dear = assess(model, munich, overrides={"cost.pv_eur_per_kwp": 1400})
    assert cheap.financing.capex < dear.financing.capex


def test_an_empty_table_has_the_baseline_as_its_kpis(munich) -> None:
    """With no card the project IS today's district: its KPIs equal the baseline's."""
    bare = assess(TableModel.from_mapping({"slots": {}}), munich)
    for k in bare.baseline:
        assert bare.kpi(k.key).value == pytest.approx(k.value), k.key


def test_hourly_runs_follow_the_world_rules(lyon, munich, example) -> None:
    """The analysts' hourly export reads the same worlds as the assessment: 8,760 hours; the
    cold winter (heat × 1.15) raises the reference's heat hour by hour too; SCN-06 changes
    nothing in Lyon."""
    from game_rules.assessment import hourly_runs

    model = example("munich-harthof")
    base, cold = hourly_runs(model, munich), hourly_runs(model, munich, "SCN-10")
    assert base.project.pv.shape == (8760,) and base.reference.heat_demand.shape == (8760,)
    assert cold.reference.heat_demand.sum() == pytest.approx(1.15 * base.reference.heat_demand.sum(), rel=1e-9)
    lyon_model = example("lyon-confluence")
    same, law = hourly_runs(lyon_model, lyon), hourly_runs(lyon_model, lyon, "SCN-06")
    assert law.inert == ("regulation.energy_sharing", "participation.share")
    assert (law.project.grid_import == same.project.grid_import).all()
    with pytest.raises(ModelError, match="scenario card"):
        hourly_runs(model, munich, "TECH-01")


def test_scenario_sources_cite_a_reference_or_state_an_assumption_with_its_range(deck) -> None:
    """Every scenario change is the card's own premise ("card: +50 %"), cites a bibliography id
    (ref:<id>, which must exist) or is an assumption with a plausible range; no working notes
    (FACTS) and nothing merely "unverified"."""
    from game_rules.references import assumption_range, cited_in, load

    library = load()
    for card in deck:
        if card.category is not Category.SCENARIO:
            continue
        for change in card.effects.scenario:
            src = change.source
            assert "FACTS" not in src and "unverified" not in src, (card.id, src)
            refs = cited_in(src)
            assert src.startswith("card:") or refs or assumption_range(src) is not None, (card.id, src)
            assert all(r in library for r in refs), (card.id, refs)
        assert card.effects.likelihood is not None
        assert "FACTS" not in card.effects.likelihood.basis


def test_cards_act_on_top_of_the_world(lyon, example, deck) -> None:
    """The project in a world is the world's base with the cards on top: the Lyon example's
    direct-marketing premium (WHY-04, 0.2 ct/kWh on the share of kWp on sites above the direct-
    marketing size, game_rules/direct_marketing.py) is added to SCN-04's cut feed-in price
    (6.17 c€ x 0.315), and the reference gets the world's price without it. On 1 March 2025 the
    French size is 500 kWc (ref:cre-s21-2025) and no Lyon site reaches it: the premium is inert;
    with the size lowered to 50 kWc (a test value) the office sites (about 96 kWp) earn it."""
    from game_rules.assessment import _with_cards, prepare
    from game_rules.buildings import site_kwp
    from game_rules.params import Params
    from game_rules.scenarios import reference_params

    day = date(2025, 3, 1)  # before the French cut: SCN-04 acts (× 0.315 on 6.17 c€)
    prep = prepare(example("lyon-confluence"), lyon, as_of=day)
    assert "WHY-04" in {c.id for c in prep.table.cards}
    world = world_of(deck.get("SCN-04"), lyon, day)
    reference = reference_params(prep.table.base, world)
    assert reference["tariff.feed_in"] == pytest.approx(0.0617 * 0.315)
    assert reference["tariff.direct_marketing_above_kw"] == 500
    assert _with_cards(reference, prep.table.cards, lyon)["tariff.feed_in"] == pytest.approx(0.0617 * 0.315)
    low = Params({**reference.values, "tariff.direct_marketing_above_kw": 50.0}, reference.origin, reference.regime)
    project = _with_cards(low, prep.table.cards, lyon)
    sites = site_kwp(lyon, project)
    share = sum(kw for kw in sites if kw > 50) / sum(sites)
    assert 0 < share < 1
    assert project["tariff.feed_in"] == pytest.approx(0.0617 * 0.315 + 0.002 * share)


def test_a_law_scenario_already_in_force_is_inert_and_says_so(munich, example) -> None:
    """§42c EnWG energy sharing is in force from 1 June 2026 (ref:enwg-42c). Issue 11 (review):
    as of 2026-11-29 SCN-06 still added 10 points of uptake (NPV 4,902 → 832,596, likelihood
    4/4). Now it is the base world's law: status ``in_force`` since 2026-06-01, no change, the
    base world's NPV, no risk rated under it, and a warning in every language. As of 2025-06-01
    it is a future world and no such warning appears."""
    model = example("munich-harthof")
    today = assess(model, munich, ("SCN-06",), as_of=date(2026, 11, 29))
    law = today.scenario_results[0]
    assert (law.status, law.in_force_since, law.changes) == ("in_force", date(2026, 6, 1), ())
    assert law.in_force == ("regulation.energy_sharing", "participation.share")
    assert law.npv == pytest.approx(today.financing.npv)
    assert not any(r.scenario == "SCN-06" for r in today.risks)
    warning = next(w for w in today.warnings if w.code == "warn.scenario_law_in_force")
    assert "June 1, 2026" in warning.text.en and "1. Juni 2026" in warning.text.de
    assert "1 juin 2026" in warning.text.fr and "29 de novembro de 2026" in warning.text.pt
    before = assess(model, munich, ("SCN-06",), as_of=date(2025, 6, 1))
    assert before.scenario_results[0].status == "acts" and before.scenario_results[0].in_force == ()
    assert not any(w.code == "warn.scenario_law_in_force" for w in before.warnings)


def test_a_law_scenario_before_its_day_puts_the_law_in_force_in_its_world(munich, example) -> None:
    """Under the 2025 rules § 42c EnWG does not apply yet (from 1 June 2026, ref:enwg-42c), so a
    sharing table (HOW-04 energy sharing) forms no scheme in the base world. SCN-06 means "what
    if § 42c comes in": in its world the scheme forms (issue 11, review: it had 0 members and
    the base world's NPV). Its project NPV must differ from the base world's."""
    sharing = TableModel.from_mapping({"slots": {"how": ["HOW-04"], "measures": ["TECH-01", "TECH-13"]}})
    result = assess(sharing, munich, ("SCN-06",), as_of=date(2025, 6, 1))
    assert result.sharing is not None and sum(len(s.members) for s in result.sharing.schemes) == 0
    world = result.scenario_results[0]
    assert world.sharing is not None and sum(s.members for s in world.sharing.schemes) > 0
    assert world.npv != pytest.approx(result.financing.npv)


#: Scenario cards that are events with a frequency; every other scenario persists (docs/rules.md,
#: "Scenarios as worlds": the classification of the deck).
EVENTS = {"SCN-01": (20.0, 2), "SCN-10": (7.0, 1), "SCN-11": (3.0, 1)}


def test_every_scenario_card_says_whether_it_persists_or_is_an_event(deck) -> None:
    """Each SCN card states its occurrence: a cold winter, a hot summer and a price spike are
    events (once every N years, with a range and a basis); price paths, laws, uptake, investment
    prices and grid limits persist from a year on (issue 11, brief "worlds": SCN-10 was applied
    to all 25 years although the card says one year in five to ten)."""
    scenarios = [c for c in deck if c.category is Category.SCENARIO]
    for card in scenarios:
        occ = card.effects.occurrence
        assert occ is not None and occ.basis, card.id
        assert "FACTS" not in occ.basis
        if card.id in EVENTS:
            every, lasts = EVENTS[card.id]
            assert (occ.kind, occ.every_years, occ.lasts_years) == ("event", every, lasts), card.id
            assert occ.every_range is not None and occ.every_range[0] <= every <= occ.every_range[1]
        else:
            assert (occ.kind, occ.from_year) == ("persistent", 1), card.id
    assert EVENTS["SCN-10"][0] == 7.0 and deck.get("SCN-10").effects.occurrence.every_range == (5.0, 10.0)


def test_an_event_needs_a_frequency_and_a_persistent_world_none() -> None:
    """An event without its recurrence interval, or a persistent world with one, is refused
    with what was expected."""
    from cards.effects import Occurrence

    with pytest.raises(ValidationError, match="every_years"):
        Occurrence(kind="event", basis="test")
    with pytest.raises(ValidationError, match="no frequency"):
        Occurrence(kind="persistent", every_years=5, basis="test")
    with pytest.raises(ValidationError, match="must contain"):
        Occurrence(kind="event", every_years=12, every_range=(5, 10), basis="test")
    assert Occurrence(kind="event", every_years=20, every_range=(10, 30), lasts_years=2, basis="test").share_of_years == 0.1


def test_a_cold_winter_counts_in_the_lifecycle_one_year_in_seven(munich, example) -> None:
    """SCN-10 is an event about one year in seven (card: one year in five to ten). Its lifecycle
    is the base world's cash flows plus 1/7 of the cold year's difference in each operating
    year (expected value; EC CBA guide 2014, risk assessment): NPV = -1,110,502 + (-265,209 +
    1,110,502) / 7 = EUR -989,746 (Munich example, as of 2026-11-29, electricity at its energy
    price of 35.7 ct/kWh without the standing charge; at the 39.7 ct average: -68,823, 776,470 and
    51,933; -1,163,350, -318,057 and -1,042,594 before the Solarpaket I surcharge); EUR -265,209
    is the NPV if every
    year of the 25 were that cold, which the assessment reported before; the base NPV is lower
    since the Mieterstromzuschlag is fixed in EUR for 20 years, EEG 2023 § 25 (1), and the
    feed-in tariff is paid for 20 years, then the market value of solar power; since the
    Solarpaket I, BGBl. 2024 I Nr. 151, the schools' and shops' kWh earn the surcharge too:
    -68,823 / 776,470 / 51,933 before). The annual
    figures stay those of the cold year: heat demand x 1.15, the occupants' avoided bills higher."""
    model = example("munich-harthof")
    result = assess(model, munich, ("SCN-10",), as_of=date(2026, 11, 29))
    cold = result.scenario_results[0]
    base = result.financing.npv
    assert base == pytest.approx(-1_110_502, abs=1)
    assert cold.npv_event_every_year == pytest.approx(-265_209, abs=1)
    assert cold.npv == pytest.approx(base + (cold.npv_event_every_year - base) / 7, abs=1e-6)
    assert cold.npv == pytest.approx(-989_746, abs=1)
    assert cold.occurrence is not None
    assert (cold.occurrence.kind, cold.occurrence.annual_figures) == ("event", "event_year")
    assert _kpi(cold.kpis, "heat_demand") == pytest.approx(1.15 * _kpi(result.kpis, "heat_demand"), rel=1e-3)
    assert _inflow(cold.stakeholders, "residents") > _inflow(result.stakeholders, "residents")


def test_a_persistent_world_is_its_own_lifecycle_and_a_late_one_starts_late(munich, example, deck) -> None:
    """SCN-03 (rates + 3 points) persists from year 1: its NPV is the world's own lifecycle, no
    weighting. The same world from year 6 on keeps the base world's cash flows in years 0-5 and
    the world's from year 6 (a law that takes effect later)."""
    from cards.effects import Occurrence
    from game_rules.assessment import _outcome, _with_cards, prepare
    from game_rules.scenarios import lifecycle_in_world, reference_params

    prep = prepare(example("munich-harthof"), munich)
    card = deck.get("SCN-02")
    world = world_of(card, munich)
    ref = reference_params(prep.table.base, world)
    o = _outcome(prep.table, _with_cards(ref, prep.table.cards, prep.table.district), ref, (prep.main.run, prep.main.reference))
    assert lifecycle_in_world(prep.main.financing, o.financing, world) is o.financing
    late = world_of(card.model_copy(update={"effects": card.effects.model_copy(update={
        "occurrence": Occurrence(kind="persistent", from_year=6, basis="test: a law from year 6")})}), munich)
    fin = lifecycle_in_world(prep.main.financing, o.financing, late)
    base_rows, world_rows = prep.main.financing.cash_flows.project, o.financing.cash_flows.project
    for row in fin.cash_flows.project:
        expected = base_rows[row.year] if row.year < 6 else world_rows[row.year]
        assert row.net == pytest.approx(expected.net, abs=1e-6), row.year
    assert min(prep.main.financing.npv, o.financing.npv) < fin.npv < max(prep.main.financing.npv, o.financing.npv)


def _risk_view(result: object) -> list[tuple[object, ...]]:
    return [(r.kind, r.code, r.probability, r.impact, r.score, r.scenario, r.triggered_by, r.exposure, r.mitigating_cards)
            for r in result.risks]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "status"), [("lyon-confluence", "not_applicable"), ("munich-harthof", "in_force")])
def test_an_inert_scenario_changes_nothing(name: str, status: str, lyon, munich, deck, example) -> None:
    """SCN-06 puts § 42c EnWG (energy sharing) in force: German law (ref:enwg-42c), in force since
    1 June 2026. In Lyon it is foreign law ("not_applicable"); in Munich, as of today, it is the
    law of the base world already ("in_force"). Either way the scenario is inert and must change
    nothing: no parameter (neither the rule flag nor the +0.1 participation it carries), no KPI,
    net value or NPV, and no risk: the card's own ``risks:`` lines (regulatory -1, participation
    -1, data privacy +1) never adjust a probability, every risk keeps its probability, impact,
    exposure, triggering worlds and mitigations, and none is filed under SCN-06."""
    district = {"lyon-confluence": lyon, "munich-harthof": munich}[name]
    model = example(name)
    world = world_of(deck.get("SCN-06"), district, date.today())
    assert world.status == status and world.changes == () and not world.acts
    assert {c.param for c in world.inert} == {"regulation.energy_sharing", "participation.share"}
    base = assess(model, district, deck=deck)
    with_it = assess(model, district, ("SCN-06",), deck=deck)
    result = with_it.scenario_results[0]
    assert result.status == status and result.changes == ()
    assert _risk_view(with_it) == _risk_view(base)
    assert not any(r.scenario == "SCN-06" or "SCN-06" in r.triggered_by for r in with_it.risks)
    assert [(k.key, k.value) for k in result.kpis] == [(k.key, k.value) for k in base.kpis]
    assert [(v.stakeholder, v.net) for v in result.stakeholders] == [(v.stakeholder, v.net) for v in base.stakeholders]
    assert result.npv == pytest.approx(base.financing.npv, abs=1e-6)
    assert with_it.financing.npv == pytest.approx(base.financing.npv, abs=1e-6)
