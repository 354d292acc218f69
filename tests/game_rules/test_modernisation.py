"""The tenants' share of a landlord's energy modernisation (game_rules/modernisation.py;
docs/rules.md, "Modernisation levy"): § 559, § 559a, § 559e BGB in Germany, the contribution au
partage de l'économie de charges (loi n° 89-462 art. 23-1, décrets n° 2009-1438 / 2009-1439) in
France."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from game_rules import TableModel, assess
from game_rules.assessment import prepare

AS_OF = date(2026, 11, 29)


def _levies(result: object) -> list:  # type: ignore[type-arg]
    return [f for f in result.value_flows  # type: ignore[attr-defined]
            if f.provenance.rule.startswith(("modernisation_levy", "energy_savings_contribution"))]


def _net(result: object, who: str) -> float:
    return next(v.net for v in result.stakeholders if v.stakeholder == who)  # type: ignore[attr-defined]


def test_munich_tenants_pay_the_housing_company_the_section_559_levy(munich, example) -> None:
    """Munich example (GWG lets 163,000 m² of class-F flats to its tenants and, as the asset
    owner under GOV-03, pays TECH-07's light retrofit of 40 % of the floor area at 150 EUR/m²).

    § 559 (1) BGB: 8 % a year of the cost spent on the flats, less the maintenance the work
    replaces (§ 559 (2): 20 %, assumption [0-40 %]) and the grants that cover it (§ 559a (1):
    WHY-11's EUR 5,000,000 on EUR 21,970,790 of CAPEX, pro rata):
    C = 163,000 m² x 0.4 x 150 EUR/m² = EUR 9,780,000; G = 9,780,000 x 5,000,000 / 21,970,790
    = EUR 2,225,682; L = 0.08 x (9,780,000 - 0.2 x 9,780,000 - 2,225,682) = EUR 447,865/yr,
    below the cap of 3 EUR/m² a month (rent 8 EUR/m² >= 7, § 559 (3a)): 3 x 12 x 65,200 m² =
    EUR 2,347,200/yr. The tenants' heat saving is 65,200 m² x 185 kWh/m² x 25 % x 0.15 EUR/kWh
    = EUR 452,325/yr, so the warm rent stays about neutral and no warning is raised. The housing
    company's loss falls by the levy to EUR 271,423/yr (brief: "-EUR 719 k/yr overstated for a
    German council"; its local-supply flows follow TECH-13's shift of household load into the
    solar hours, game_rules.energy), and to EUR 451,288/yr (EUR 430,707 with electricity at the 39.7 ct
    average incl. the standing charge, before the energy price of 35.7 ct) once the PV on the homeowners' and
    the city's roofs (486 + 270 of 1,512 kWp) is theirs with its sales, feed-in, loan share and
    O&M (docs/rules.md, "Who owns the PV"; tests/game_rules/test_pv_ownership.py), then to
    EUR 104,758/yr (EUR 121,451/yr with the Solarpaket I surcharge and the 35.7 ct energy price
    below) once the retrofit of the homeowners' (93,000 m²) and the city's (22,000 m²)
    buildings is theirs too: 6,900,000 of the 16,680,000 EUR retrofit with its loan share and
    O&M (docs/rules.md, "Who owns the other assets"; tests/game_rules/test_asset_ownership.py).
    The levy does not move: it was always the cost of the landlord's own flats. The Solarpaket I
    (§ 21 Abs. 3 EEG 2023 as amended, BGBl. 2024 I Nr. 151) lets the schools' and shops' kWh earn
    the Mieterstromzuschlag too, and avoided kWh are valued at the energy price without the
    standing charge (35.7 ct/kWh)."""
    result = assess(example("munich-harthof"), munich, as_of=AS_OF)
    [levy] = _levies(result)
    assert (levy.source, levy.to, levy.unit, levy.years) == ("residents", "housing_company", "EUR/yr", None)
    assert levy.amount == pytest.approx(0.08 * (9_780_000 - 0.2 * 9_780_000 - 9_780_000 * 5_000_000 / 21_970_790), rel=1e-6)
    assert levy.amount == pytest.approx(447_865, abs=1)
    assert "2,347,200 EUR/yr" in levy.provenance.rule and "452,325 EUR/yr" in levy.provenance.rule
    assert {"bgb-559", "bgb-559a", "bgb-559e"} <= set(levy.provenance.references)
    assert _net(result, "housing_company") == pytest.approx(-121_451, abs=1)
    assert not any(w.code == "warn.warm_rent" for w in result.warnings)
    # A transfer between two of the district's parties: the project NPV does not move (EUR 4,902
    # before the Mieterstromzuschlag was fixed in EUR for its 20 years, EEG 2023 § 25 (1); EUR
    # -64,924 before the feed-in tariff ended after its 20 years, EEG 2023 § 25 (1), and the kWh
    # earned the market value of solar power after it).
    assert result.financing.npv == pytest.approx(-1_110_502, abs=1)  # -1,163,350 before the Solarpaket I surcharge, -68,823 at the 39.7 ct average price


def test_without_a_grant_nothing_is_deducted_but_maintenance(munich) -> None:
    """The same retrofit with no grant on the table (§ 559a (1) BGB has nothing to deduct): L =
    0.08 x (1 - 0.2) x 9,780,000 = EUR 625,920/yr; with the maintenance share overridden to 0
    (the § 559 (2) estimate is an assumption [0-40 %]) L = 0.08 x 9,780,000 = EUR 782,400/yr."""
    model = TableModel.from_mapping({"slots": {"governance": ["GOV-03"], "measures": ["TECH-07"]}})
    plain = assess(model, munich, as_of=AS_OF, mitigations=False, bibliography=False)
    assert _levies(plain)[0].amount == pytest.approx(625_920, abs=1)
    none = assess(model, munich, as_of=AS_OF, mitigations=False, bibliography=False,
                  overrides={"modernisation.maintenance_share": 0.0})
    assert _levies(none)[0].amount == pytest.approx(782_400, abs=1)


def test_a_deep_retrofit_hits_the_cap_and_the_warm_rent_rises(munich) -> None:
    """TECH-06-like deep retrofit priced by override: 1,500 EUR/m² on the same 65,200 m² gives
    0.08 x 0.8 x 97,800,000 = EUR 6,259,200/yr, above the 2 EUR cap at a rent of 6.5 EUR/m²
    (§ 559 (3a) Satz 2 BGB): 2 x 12 x 65,200 = EUR 1,564,800/yr. The tenants save far less on
    heat, so ``warn.warm_rent`` names the levy, the saving and the rise."""
    from game_rules import modernisation as mod
    from game_rules.pv_ownership import pv_ownership
    from game_rules.regulation import rules_in_force

    prep = prepare(TableModel.from_mapping({"slots": {"governance": ["GOV-03"], "measures": ["TECH-07"]}}), munich,
                   as_of=AS_OF, overrides={"modernisation.rent_eur_per_m2_month": 6.5})
    m = prep.main
    items = [i.model_copy(update={"amount": i.amount * 10}) if i.item == "retrofit" else i for i in m.financing.capex_items]
    assets = pv_ownership(munich, prep.params, prep.table.base, prep.table.roles.owner, prep.table.cards)
    found = mod.levies(munich, prep.params, assets, items, (), rules_in_force("DE", AS_OF), m.run)
    [levy] = found
    assert levy.levy == pytest.approx(2 * 12 * 65_200)
    assert levy.warm_rent_change > 0
    [warning] = mod.warnings(found, munich)
    assert warning.code == "warn.warm_rent" and "bgb-559" in warning.references
    assert "€1,564,800" in warning.text.en and "€452,325" in warning.text.en and "Warmmiete" in warning.text.de


def test_before_2019_the_levy_was_11_percent(munich, example) -> None:
    """The Mietrechtsanpassungsgesetz (BGBl. 2018 I S. 2648) lowered the levy from 11 % to 8 % from
    1 January 2019 (ref:mietanpg-2018): "under the 2018 rules" the same retrofit levies 11/8 as
    much (the per-m² caps came with the 8 %: before, only the 11 % applies)."""
    now = _levies(assess(example("munich-harthof"), munich, as_of=AS_OF, mitigations=False, bibliography=False))[0]
    then = _levies(assess(example("munich-harthof"), munich, as_of=date(2018, 6, 1), mitigations=False,
                          bibliography=False))[0]
    assert then.amount == pytest.approx(now.amount * 11 / 8, rel=1e-6)


def test_the_landlord_who_paid_levies_and_owner_occupiers_never_do(lyon, example) -> None:
    """Lyon example (GOV-01, the city governs): the retrofit of the housing company's class-E flats
    is the housing company's (docs/rules.md, "Who owns the other assets"), so its tenants owe the
    contribution (loi n° 89-462 art. 23-1: half their saving, 15 years); the owner-occupied
    condominiums (class C, not retrofitted) never do: one levy, residents -> housing company."""
    [levy] = _levies(assess(example("lyon-confluence"), lyon, as_of=AS_OF, mitigations=False, bibliography=False))
    assert (levy.source, levy.to, levy.years) == ("residents", "housing_company", 15)
    saving = float(levy.provenance.rule.split("tenants' energy saving ")[1].split(" EUR/yr")[0].replace(",", ""))
    assert levy.amount == pytest.approx(0.5 * saving, abs=1.0)


def test_no_levy_under_shared_savings(lyon, examples_dir) -> None:
    """With HOW-09 (shared savings) the ESCO invests in the retrofit and is paid half the bills
    saved: the landlord paid nothing, so its tenants owe no contribution on top."""
    data = yaml.safe_load((examples_dir / "lyon-confluence.yaml").read_text(encoding="utf-8"))
    data["slots"]["how"].append("HOW-09")
    model = TableModel.from_mapping(data)
    assert _levies(assess(model, lyon, as_of=AS_OF, mitigations=False, bibliography=False)) == []


def test_french_tenants_share_half_the_saving_for_15_years(lyon) -> None:
    """Loi n° 89-462 art. 23-1 (décret n° 2009-1438 for social landlords): after the landlord's
    energy works the tenants may be asked at most half their estimated energy saving, fixed, for
    at most 15 years. Lyon, housing company as asset owner (GOV-03) retrofitting its class-E
    flats (TECH-07) and adding ground heat pumps (TECH-05): the contribution is 50 % of the
    saving the rule states, paid for 15 of the 25 years: the residents' yearly cash flows lose it
    from year 16."""
    model = TableModel.from_mapping({"slots": {"governance": ["GOV-03"], "measures": ["TECH-07", "TECH-05"]}})
    result = assess(model, lyon, as_of=AS_OF, mitigations=False, bibliography=False)
    [levy] = _levies(result)
    assert (levy.source, levy.to, levy.years) == ("residents", "housing_company", 15)
    saving = float(levy.provenance.rule.split("tenants' energy saving ")[1].split(" EUR/yr")[0].replace(",", ""))
    assert levy.amount == pytest.approx(0.5 * saving, abs=1.0)
    assert {"loi-89-462-art-23-1", "decret-2009-1438", "decret-2009-1439"} <= set(levy.provenance.references)
    rows = next(t for t in result.financing.cash_flows.stakeholders if t.stakeholder == "residents").rows
    escalation = 1.02  # energy prices +2 %/yr (assets.yaml), the residents' other money
    energy = rows[16].revenue / escalation ** 15
    assert rows[15].revenue == pytest.approx(energy * escalation ** 14 - levy.amount, rel=1e-6)
