"""The sensitivity (tornado) and uncertainty runs reported in the assessment (issue 11, item 5)."""

from __future__ import annotations

import pytest

from game_rules import assess
from game_rules.assessment import prepare
from game_rules.sensitivity import CORE, span, tornado


@pytest.fixture(scope="module")
def harthof(munich, example):  # type: ignore[no-untyped-def]
    return assess(example("munich-harthof"), munich, sensitivity=True)


def _row(a, name):  # type: ignore[no-untyped-def]
    return next(r for r in a.sensitivity.rows if r.parameter == name)


def test_tornado_covers_prices_capex_rate_yield_and_participation(harthof) -> None:  # type: ignore[no-untyped-def]
    """Every core parameter with a range is a row, largest NPV swing first; the base NPV is the
    assessment's."""
    names = {r.parameter for r in harthof.sensitivity.rows}
    assert set(CORE) <= names | set(harthof.sensitivity.no_effect)
    assert {"tariff.electricity", "capex.factor", "finance.discount_rate", "pv.yield_factor"} <= names
    # The Harthof example has no battery: its price moves nothing and is listed apart.
    assert "cost.battery_eur_per_kwh" in harthof.sensitivity.no_effect
    swings = [r.swing for r in harthof.sensitivity.rows]
    assert swings == sorted(swings, reverse=True)
    assert harthof.sensitivity.npv == pytest.approx(harthof.financing.npv)
    for r in harthof.sensitivity.rows:
        assert r.low < r.base < r.high or r.range_basis in ("plausible", "district"), r.parameter
        assert r.label.en and r.label.fr and r.label.de
        assert r.provenance.rule == "sensitivity"


def test_rows_are_monotone_where_physics_says_so(harthof) -> None:  # type: ignore[no-untyped-def]
    """More PV yield: more self-sufficiency and renewable share (G up, I down: 1 - I/L).
    Dearer construction (capex.factor) and a higher discount rate with a positive annual
    benefit: a lower NPV (NPV = -(CAPEX - grants) + benefit x annuity factor, annuity factor
    falling in r). Dearer retail electricity: the project avoids imports, so its NPV rises."""
    pv = _row(harthof, "pv.yield_factor")
    assert pv.kpis_high["self_sufficiency"] > pv.kpis_low["self_sufficiency"]
    assert pv.kpis_high["renewable_share"] > pv.kpis_low["renewable_share"]
    capex = _row(harthof, "capex.factor")
    assert capex.npv_high < capex.npv_low
    rate = _row(harthof, "finance.discount_rate")
    assert rate.npv_high < rate.npv_low
    price = _row(harthof, "tariff.electricity")
    assert price.npv_high > price.npv_low


def test_a_world_parameter_moves_the_reference_too(munich, example) -> None:
    """A price is the world: a dearer gas price raises today's bill as well, so the project's
    CO₂ reduction (against the reference in the same world) does not move with it."""
    prep = prepare(example("munich-harthof"), munich)
    low, high = prep.evaluate({"tariff.gas": 0.08}), prep.evaluate({"tariff.gas": 0.16})
    assert high.reference.energy_cost_eur > low.reference.energy_cost_eur
    assert high.run.co2_t == pytest.approx(low.run.co2_t)


def test_sourced_values_vary_by_20_percent_and_zero_has_no_range() -> None:
    """Without a plausible range a sourced value moves ±20 %; a value of 0 has no such range."""
    assert span("tariff.electricity", 0.4) == pytest.approx((0.32, 0.48, "±20 %"))
    assert span("price.co2_eur_per_t", 0.0) is None


def test_a_range_the_district_states_comes_before_the_default(lyon) -> None:  # type: ignore[no-untyped-def]
    """Lyon's district file states its 4 % discount rate within [0.02, 0.07]
    (lyon-confluence.yaml, finance.assumptions; EC CBA guide benchmark): the bar spans 2-7 %,
    not ±20 % (3.2-4.8 %); its feed-in price states [0.04, 0.08]; its retail price states none."""
    from game_rules.params import assumption_of, base_params

    def stated(name: str) -> tuple[float, float] | None:
        assumed = assumption_of(name, lyon, base)
        return None if assumed is None or assumed.set_by != "district:lyon-confluence" else (assumed.low, assumed.high)

    base = base_params(lyon)
    assert stated("finance.discount_rate") == (0.02, 0.07)
    assumed = assumption_of("finance.discount_rate", lyon, base)
    assert assumed is not None
    assert span("finance.discount_rate", 0.04, assumed) == (0.02, 0.07, "plausible")
    assert stated("tariff.feed_in") == (0.04, 0.08)
    assert stated("tariff.electricity") is None  # a sourced tariff without a stated range


def test_the_tornado_bar_of_the_discount_rate_spans_the_districts_range(lyon, example) -> None:  # type: ignore[no-untyped-def]
    prep = prepare(example("lyon-confluence"), lyon)
    row = tornado(prep, ("finance.discount_rate",)).rows[0]
    assert (row.low, row.base, row.high, row.range_basis) == (0.02, 0.04, 0.07, "district")


def test_tornado_over_given_parameters(munich, example) -> None:
    prep = prepare(example("munich-harthof"), munich)
    result = tornado(prep, ("capex.factor",))
    assert [r.parameter for r in result.rows] == ["capex.factor"]


def test_uncertainty_is_reported(harthof) -> None:  # type: ignore[no-untyped-def]
    """P5 ≤ P50 ≤ P95 of self-sufficiency over 1,000 seeded samples; the deterministic value
    lies inside the band."""
    u = harthof.uncertainty
    assert u.samples == 1000
    p5, p50, p95 = u.self_sufficiency
    assert p5 < p50 < p95
    assert p5 <= harthof.kpi("self_sufficiency").value <= p95
    assert u.npv is not None
    n5, n50, n95 = u.npv
    assert n5 < n50 < n95
    assert n5 <= harthof.financing.npv <= n95
    assert "box-wilson-1951" in u.provenance.references


def test_the_npv_response_surface_matches_full_re_runs(lyon, example) -> None:  # type: ignore[no-untyped-def]
    """The NPV of a draw from the response surface (game_rules.uncertainty: a parabola per
    input through three full re-runs, Box and Wilson 1951) against the full re-run at that draw:
    within 2 % of the NPV's P5-P95 spread (Lyon's spread is about 1.1 M EUR) at draws within the
    fitted ranges, interactions included in the re-run only (largest miss 19,630 EUR at the
    corner draw (0.88, 1.12, 0.93) since the French prices of August 2025 and the S21 feed-in of
    October 2025 (6.17 c€); 10,016 EUR before)."""
    import numpy as np

    from game_rules.uncertainty import npv_samples

    prep = prepare(example("lyon-confluence"), lyon, explain=False)
    base = prep.table.base
    draws = ((1.1, 0.9, 0.87), (0.88, 1.12, 0.93), (0.95, 0.95, 0.86))
    pv, load, eff = (np.array(column) for column in zip(*draws, strict=True))
    surface = npv_samples(prep, base, pv, load, eff, has_battery=True)
    for (f_pv, f_load, e), approx in zip(draws, surface, strict=True):
        exact = prep.evaluate({"pv.yield_factor": base["pv.yield_factor"] * f_pv,
                               "demand.electricity": base["demand.electricity"] * f_load,
                               "battery.efficiency": e}).financing.npv
        assert approx == pytest.approx(exact, abs=22_000), (f_pv, f_load, e)


def test_every_tornado_parameter_is_named_in_every_language() -> None:
    """Each row's parameter has a label in every language (game_rules/texts.py): every
    vocabulary parameter, since a card may set any of them with an assumption range and the
    tornado then varies it (:func:`game_rules.sensitivity.card_assumptions`)."""
    from game_rules.params import VOCABULARY
    from game_rules.sensitivity import label
    from game_rules.texts import CATALOGUE

    for name in VOCABULARY:
        assert f"param.{name}" in CATALOGUE, name
        t = label(name)
        assert t.en and t.fr and t.de and t.fr != t.en, name


def test_a_bar_end_has_the_numbers_of_a_full_run_without_the_words(munich, example) -> None:  # type: ignore[no-untyped-def]
    """A tornado bar end (``Prepared.evaluate``) skips writing the net values out in every
    language; its numbers (net values, NPV, energy) are those of the full outcome at the same
    parameters (docs/rules.md, "Sensitivity": project and reference re-run in the same world)."""
    from cards.effects import Op, ParameterChange
    from game_rules.assessment import _outcome, _with_cards

    prep = prepare(example("munich-harthof"), munich)
    for name, value in (("tariff.electricity", 0.3), ("pv.yield_factor", 0.9)):
        lean = prep.evaluate({name: value})
        base = prep.table.base.apply([("sensitivity", ParameterChange(param=name, op=Op.SET, value=value, source="sensitivity"))])
        full = _outcome(prep.table, _with_cards(base, prep.table.cards, prep.table.district), base, stakeholder_finance=False)
        assert all(v.explanation is None for v in lean.values)
        assert all(v.explanation is not None for v in full.values)
        assert [v.model_copy(update={"explanation": None}) for v in full.values] == list(lean.values)
        assert lean.financing == full.financing and lean.run == full.run and lean.reference == full.reference


def _ends(example, name: str, param: str):  # type: ignore[no-untyped-def]
    """(NPV at the low end, NPV at the high end) of ``param``'s tornado range for example ``name``."""
    from game_rules import load_district

    model = example(name)
    prep = prepare(model, load_district(model.district))
    low, high, _ = span(param, prep.table.base[param])
    return prep, prep.evaluate({param: low}).financing.npv, prep.evaluate({param: high}).financing.npv


@pytest.mark.parametrize("name", ["munich-harthof", "lyon-confluence", "citizen-cooperative"])
def test_a_dearer_feed_in_tariff_never_lowers_the_project_npv(example, name: str) -> None:  # type: ignore[no-untyped-def]
    """Brief B, fault 3: every kWh the project sells to the grid (more export, and the new local
    kWh non-participants draw, which are fed in at the PV meter and earn the feed-in tariff)
    earns more at a higher tariff, so the NPV cannot fall. It did in Munich (EUR 3.44 M at
    5.44 ct, 3.42 M at 8.16 ct) because the PV degradation loss valued the non-participants'
    kWh at the tariff while the benefit valued them at the retail price (as avoided imports)."""
    prep, low, high = _ends(example, name, "tariff.feed_in")
    from game_rules.flows import local_kwh

    o = prep.main
    sold = o.run.export_kwh - o.reference.export_kwh + (1 - o.params["participation.share"]) * local_kwh(o.run, o.reference)[1]
    assert sold > 0
    assert high >= low


@pytest.mark.parametrize("name", ["munich-harthof", "lyon-confluence", "citizen-cooperative"])
def test_more_participation_raises_the_project_npv(example, name: str) -> None:  # type: ignore[no-untyped-def]
    """Raising participation (0.3 -> 0.8) raises the project NPV in all three examples, and
    that is the economics: a participant's new local kWh saves what it would have bought (the
    retail price behind the meter under Mieterstrom, §42a; the energy part once grid fees,
    levies and VAT are paid on kWh shared over the grid, §42c and ACC: 19.1 ct in Munich),
    while a non-participant's earns only the feed-in tariff (5.4-8.2 ct). The supplier's lost
    margin and the grid operator's lost fees are real losses but fall outside the district (the
    project NPV is the district's parties together), so they do not offset it. Before, the
    benefit counted every new local kWh at the retail price whoever drew it, and participation
    only added the degradation loss and the shared kWh's charges: the NPV fell with it."""
    _, low, high = _ends(example, name, "participation.share")
    assert high > low


def test_a_value_a_card_sets_is_varied_across_the_cards_own_range(example) -> None:  # type: ignore[no-untyped-def]
    """Munich Harthof's light retrofit (TECH-07) sets the retrofit cost to 150 EUR/m²,
    'assumption [100-250]' (cards/deck/energy.yaml). Varied on the base it moved nothing (the card
    overrides it: "no effect"), although retrofit is most of the CAPEX. It is now varied on top of
    the cards across the card's range, and at 250 EUR/m² the NPV is lower than at 100 EUR/m²."""
    from game_rules import load_district
    from game_rules.sensitivity import card_assumptions, tornado

    model = example("munich-harthof")
    prep = prepare(model, load_district(model.district))
    value, low, high, card = card_assumptions(prep)["cost.retrofit_eur_per_m2"]
    assert (value, low, high) == (150.0, 100.0, 250.0) and card.startswith("TECH-")
    s = tornado(prep)
    row = next(r for r in s.rows if r.parameter == "cost.retrofit_eur_per_m2")
    assert row.assumption and row.npv_high < row.npv_low and row.provenance.cards == (card,)
    assert "cost.retrofit_eur_per_m2" not in s.no_effect


def test_a_district_value_marked_as_an_assumption_is_an_assumption_bar(harthof) -> None:  # type: ignore[no-untyped-def]
    """Issue 11 ("cite"): Munich's district-heat price 0.15 EUR/kWh is listed in the district
    file as an assumption [0.12-0.18] (game_rules/data/districts/munich-harthof.yaml, no
    published Harthof price). Its bar was shown as sourced (±20 %, no ``*``) with the tariffs'
    BDEW electricity text; now it spans the district's range, is flagged as an assumption, reads
    the district's own note for that value and cites no BDEW electricity source."""
    bar = _row(harthof, "tariff.heat")
    assert bar.assumption is True
    assert (bar.low, bar.high) == (0.12, 0.18)
    assert bar.base == pytest.approx(0.15)
    assert bar.range_basis == "district"  # the district file's own range (marked † in the report)
    assert "district heat price of SWM's network at Harthof assumed" in bar.provenance.source
    assert "assumption [0.12-0.18]" in bar.provenance.source
    assert "BDEW" not in bar.provenance.source
    assert "bdew-strompreis-2025" not in bar.provenance.references
    # A sourced district value stays a sourced bar (BDEW household electricity 2025, ±20 %).
    price = _row(harthof, "tariff.electricity")
    assert price.assumption is False and price.range_basis == "±20 %"


def test_a_foreign_stand_in_is_an_assumption_bar_in_lyon(lyon, example) -> None:  # type: ignore[no-untyped-def]
    """The rooftop PV cost comes from a German survey (Fraunhofer ISE 2024, EUR 900-1,600/kWp):
    sourced in Munich, a stand-in assumption [800-1600] in Lyon, so the tornado varies it there
    and marks it."""
    from game_rules.sensitivity import parameters

    prep = prepare(example("lyon-confluence"), lyon)
    assert "cost.pv_eur_per_kwp" in parameters(lyon, prep.table.base)
    assert "cost.pv_eur_per_kwp" not in parameters()
    (bar,) = tornado(prep, ("cost.pv_eur_per_kwp",)).rows
    assert bar.assumption and (bar.low, bar.high) == (800.0, 1600.0)
    assert "stand-in assumption [800-1600]" in bar.provenance.source
    assert "fraunhofer-ise-lcoe-2024" not in bar.provenance.references


def test_the_tornado_covers_the_finance_assumptions(harthof) -> None:  # type: ignore[no-untyped-def]
    """Issue 11: the lifecycle's assumptions are bars too: asset lifetimes (each class across
    its own range in assets.yaml, e.g. retrofit 40 years [30-50]), the O&M level, the residual
    value method (straight line, VDI 2067-1, or none) and the grant shares the cards state
    (WHY-12's EU grant, 30 % of CAPEX, assumption [0.2-0.5]: grant factor [0.2/0.3, 0.5/0.3]).
    The residual-value bar ends at the NPV without residual value (low) and the NPV (high)."""
    names = {r.parameter for r in harthof.sensitivity.rows}
    assert {"lifecycle.asset_lifetimes", "lifecycle.om_factor", "lifecycle.residual_value", "finance.grant_factor"} <= names
    residual = _row(harthof, "lifecycle.residual_value")
    assert (residual.low, residual.high) == (0.0, 1.0)
    assert residual.npv_low == pytest.approx(harthof.financing.npv_without_residual, rel=1e-6)
    assert residual.npv_high == pytest.approx(harthof.financing.npv, rel=1e-6)
    grants = _row(harthof, "finance.grant_factor")
    assert (grants.low, grants.high) == (pytest.approx(0.2 / 0.3), pytest.approx(0.5 / 0.3))
    assert grants.npv_high > grants.npv_low
    lives = _row(harthof, "lifecycle.asset_lifetimes")
    assert lives.npv_high > lives.npv_low  # longer lives: fewer replacements, more residual value
    for r in (residual, grants, lives):
        assert r.assumption and r.label.en != r.parameter


def test_the_uncertainty_run_names_what_it_draws(harthof) -> None:  # type: ignore[no-untyped-def]
    """The Monte Carlo draws three inputs only (PV yield, demand, battery efficiency); the
    result says so, so that nobody reads its spread as covering prices or costs."""
    assert harthof.uncertainty is not None
    assert harthof.uncertainty.drawn == ("pv.yield_factor", "demand.electricity", "battery.efficiency")
