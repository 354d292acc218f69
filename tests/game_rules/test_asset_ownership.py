"""Every investment belongs to the owner of the asset it sits in (docs/rules.md, "Who owns the
other assets"; game_rules/pv_ownership.py): the retrofit and the heat pumps to the owners of the
buildings, façade PV to the building owners by floor area (leased with the roofs under a
roof-lease card), community assets (battery, district-heating connections, smart meters, the
set-up) to the governance owner, and under shared savings (HOW-09) to the ESCO.

Lyon Confluence (game_rules/data/districts/lyon-confluence.yaml): new housing 115,000 m² and
the class-E social housing 19,000 m² (housing company), offices 55,000 m² (investors),
condominiums 30,000 m² (homeowners): 219,000 m² in all; only the social housing is in class D or
worse. The city owns no building. The Lyon example (GOV-01, the city governs) builds
EUR 6,156,352: roof PV 1,134,000, façade PV 750,000, battery 450,000, retrofit 2,565,000,
district-heating connections 467,352, smart meters 490,000, set-up 300,000.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from cards.deck import Deck
from cards.effects import Op, ParameterChange, Stakeholder
from game_rules import District, TableModel, assess
from game_rules.assessment import prepare
from game_rules.params import base_params
from game_rules.pv_ownership import pv_ownership

#: The Lyon example's project NPV and the city's net value before the rule (the city owned every
#: asset but the roof PV): `assembler assess examples/lyon-confluence.yaml` on the previous commit.
LYON_NPV = -2_514_428  # -2,253,522 before the French prices of 1 Aug 2025 and the S21 tariff of 1 Oct 2025
LYON_CITY_BEFORE = -471_531


def test_lyon_city_no_longer_invests_in_the_social_landlords_retrofit(lyon: District,
                                                                     example: Callable[[str], TableModel]) -> None:
    """The retrofit (EUR 2,565,000) is the housing company's, which owns the class-E flats; the
    façade PV splits by floor area (134,000 / 55,000 / 30,000 of 219,000 m²); the city owns only
    the community assets: 450,000 + 467,352 + 490,000 + 300,000 = EUR 1,707,352 of 6,156,352 =
    27.73 % of the CAPEX, so it pays 27.73 % of WHY-10's annuity (EUR 3,693,811 at 3.5 % over
    15 years: 3,693,811 x 0.035 / (1 - 1.035^-15) = EUR 320,715/yr): EUR 88,945/yr."""
    o = prepare(example("lyon-confluence"), lyon).main
    amounts = {i.item: i.amount for i in o.financing.capex_items}
    assert amounts["retrofit"] == pytest.approx(2_565_000, abs=1)
    assert o.owned is not None
    community = amounts["battery"] + amounts["district_heating"] + amounts["smart_meters"] + amounts["set_up"]
    assert community == pytest.approx(1_707_352, abs=1)
    assert o.owned["city"] == pytest.approx(1_707_352 / 6_156_352, rel=1e-6)
    pv = pv_ownership(lyon, o.params, base_params(lyon), Stakeholder.CITY)
    assert pv.item_shares("retrofit") == {"housing_company": 1.0}
    assert pv.item_shares("bipv") == pytest.approx({"housing_company": 134 / 219, "investors": 55 / 219,
                                                    "homeowners": 30 / 219})
    assert pv.item_shares("district_heating") == pv.item_shares("battery") == {"city": 1.0}
    service = {f.source: f.amount for f in o.flows if f.provenance.rule == "capital_service"}
    assert service["city"] == pytest.approx(3_693_811 * 0.035 / (1 - 1.035 ** -15) * 1_707_352 / 6_156_352, rel=1e-4)
    assert service["city"] == pytest.approx(88_945, abs=2)


def test_lyon_project_npv_is_unchanged_and_the_top_risk_moves(lyon: District,
                                                              example: Callable[[str], TableModel]) -> None:
    """Who owns an asset moves money between the district's parties, not the project's value:
    the NPV stays EUR -2,253,522. The city's loss falls from EUR 471,531/yr to its orchestrator
    contract (EUR 215,000/yr, opex.extra_eur), its share of the loan's service (88,945) and its
    assets' O&M: EUR 322,918/yr. Its stake, the annuity of its own share of the investment, falls
    more, so its loss stays first but reads 470 % instead of 234 %: the loss is now the
    orchestrator's running cost. Owning no occupied building, the city has no tenants keeping
    savings: a plain loss (risk.net_negative), not a split incentive, which is now the housing
    company's (its retrofit, its residents' savings)."""
    a = assess(example("lyon-confluence"), lyon, mitigations=False, bibliography=False)
    assert a.financing.npv == pytest.approx(LYON_NPV, abs=1)
    city = next(v for v in a.stakeholders if v.stakeholder == "city")
    om = sum(i.amount for i in city.cost_items if i.item == "asset_om")
    service = sum(f.amount for f in a.value_flows if f.provenance.rule == "capital_service" and f.source == "city")
    assert city.net == pytest.approx(-(215_000 + service + om), abs=1)
    assert city.net == pytest.approx(-322_918, abs=1)
    assert city.net > LYON_CITY_BEFORE
    top = next(r for r in sorted(a.risks, key=lambda r: -r.score) if r.bearer == "city")
    assert top.score == max(r.score for r in a.risks)
    assert (top.kind, top.code) == ("participation", "risk.net_negative")
    split = next(r for r in a.risks if r.code == "risk.split_incentives")
    assert split.bearer == "housing_company" and "residents keep the savings" in split.text.en
    assert top.exposure == pytest.approx(322_918, abs=1)
    assert "€322,918" in top.text.en and "470%" in top.text.en


def test_facade_pv_is_leased_with_the_roofs(munich: District, deck: Deck) -> None:
    """Munich with 100 kWp of façade PV (bipv.kwp): by default the building owners own it by
    floor area (163,000 / 93,000 / 22,000 of 278,000 m²); under GOV-07 (roof lease) the
    cooperative owns it and pays each owner the lease on its share too: the homeowners' lease
    covers 486 kWp of roof + 100 x 93 / 278 = 33.45 kWp of façade."""
    ref = base_params(munich)
    params = ref.apply([("TECH-01", ParameterChange(param="pv.roof_use", op=Op.ADD, value=0.3, source="test")),
                        ("X", ParameterChange(param="bipv.kwp", op=Op.SET, value=100, source="test"))])
    owned = pv_ownership(munich, params, ref, Stakeholder.COOPERATIVE)
    assert owned.kwp == pytest.approx({"housing_company": 756 + 100 * 163 / 278, "homeowners": 486 + 100 * 93 / 278,
                                       "city": 270 + 100 * 22 / 278})
    assert owned.leases() == {}
    leased = pv_ownership(munich, params, ref, Stakeholder.COOPERATIVE, (deck.get("GOV-07"),))
    assert leased.kwp == pytest.approx({"cooperative": 1_612.0})
    assert leased.item_shares("bipv") == {"cooperative": 1.0}
    assert leased.leases()["homeowners"] == pytest.approx(486 + 100 * 93 / 278)
    # The retrofit stays the building owners' under a roof lease: only roofs and façades are leased.
    assert leased.item_shares("retrofit") == pytest.approx({"housing_company": 163 / 278, "homeowners": 93 / 278,
                                                            "city": 22 / 278})


def test_the_building_table_names_the_lessee_under_a_roof_lease(munich: District,
                                                                example: Callable[[str], TableModel]) -> None:
    """Citizen cooperative in Munich (GOV-07 leases the roofs): each building row and group says
    the PV is the cooperative's, leased from the roof's owner (housing company, homeowners, city)."""
    from game_rules import schemes

    a = assess(example("citizen-cooperative"), munich, mitigations=False, bibliography=False)
    assert a.sharing is not None
    assert {b.pv_owner for b in a.sharing.buildings} == {"cooperative"}
    assert {b.pv_leased_from for b in a.sharing.buildings} == {"housing_company", "homeowners", "city"}
    groups = schemes.summary(a.sharing, munich).groups
    assert {(g.pv_owner, g.pv_leased_from) for g in groups} == {
        ("cooperative", "housing_company"), ("cooperative", "homeowners"), ("cooperative", "city")}


def test_under_shared_savings_the_esco_invests_and_is_paid_from_the_savings(lyon: District, examples_dir: Path,
                                                                            deck: Deck) -> None:
    """HOW-09 (shared savings) on the Lyon table: the ESCO owns the retrofit (EUR 2,565,000) and
    receives HOW-09's half of the bills saved; the housing company invests in none of it."""
    data = yaml.safe_load((examples_dir / "lyon-confluence.yaml").read_text(encoding="utf-8"))
    data["slots"]["how"].append("HOW-09")
    o = prepare(TableModel.from_mapping(data), lyon).main
    pv = pv_ownership(lyon, o.params, base_params(lyon), Stakeholder.CITY, (deck.get("HOW-09"),))
    assert pv.item_shares("retrofit") == {"esco": 1.0}
    assert o.owned is not None
    assert o.owned["esco"] == pytest.approx(2_565_000 / 6_156_352, rel=1e-6)
    shared = [f for f in o.flows if "HOW-09" in f.provenance.cards and f.kind == "money"]
    assert shared and {f.to for f in shared} == {"esco"}
