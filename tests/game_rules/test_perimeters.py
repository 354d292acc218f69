"""Which sharing schemes a set of buildings may form (game_rules/perimeters.py).

Sources (game_rules/data/regulation/*.yaml, bibliography in data/references/regulation.yaml):
French ACC: arrêté of 21 November 2019 art. 1 (2 km between the furthest participants, 3 MW),
derogations of 2020/2023 (10 km peri-urban, 20 km rural), arrêté of 21 February 2025 (5 MW,
10 MW for public bodies, whose perimeter is their EPCI). § 42a EnWG and § 21 Abs. 3 EEG 2023
(Mieterstrom without the public grid, in the PV building or residential buildings of its
quarter; surcharge only for residential buildings, ≥ 40 % housing, until 15 May 2024; since the
Solarpaket I, BGBl. 2024 I Nr. 151, any building of the quarter). § 42b EnWG (one building).
§ 42c EnWG (from 1 June 2026, one DSO balancing area; adjacent areas from 2028).
"""

from __future__ import annotations

from datetime import date

import pytest

from cards.effects import Stakeholder
from game_rules.buildings import Building, buildings_from_district
from game_rules.districts import District
from game_rules.perimeters import district_schemes, max_distance_km, schemes_for, verdict

TODAY = date(2026, 11, 29)


def _b(bid: str, x_km: float = 0.0, *, pv: float = 10.0, connection: str | None = None, quarter: str = "q1",
       area: str = "dso-a", housing: float = 1.0) -> Building:
    return Building(id=bid, group="g", use="residential" if housing >= 0.4 else "non_residential",
                    roof_owner=Stakeholder.HOUSING_COMPANY, occupant=Stakeholder.RESIDENTS, x_m=x_km * 1000.0, y_m=0.0,
                    connection=connection or bid, quarter=quarter, area=area, residential_share=housing, pv_kwp=pv)


def test_an_acc_participant_beyond_the_urban_perimeter_is_refused_citing_the_arrete() -> None:
    """Two participants 2.5 km apart in an urban area: the limit is 2 km (arrêté du 21 novembre
    2019, art. 1); the same pair in a peri-urban area is within the 10 km derogation."""
    pair = (_b("a", 0.0), _b("b", 2.5))
    urban = verdict(pair, "acc", "FR", TODAY)
    assert not urban.allowed
    (refusal,) = urban.refusals
    assert (refusal.code, refusal.rule, refusal.limit, refusal.unit) == ("share.distance", "acc.perimeter_km.urban", 2, "km")
    assert refusal.value == pytest.approx(2.5)
    assert refusal.legal == "Arrêté du 21 novembre 2019, art. 1"
    assert "arrete-acc-2019" in refusal.references
    assert "2 km" in refusal.text.get("fr") and "2,5 km" in refusal.text.get("fr")  # CLDR decimal comma
    assert verdict(pair, "acc", "FR", TODAY, settlement="peri_urban").allowed


def test_the_acc_power_cap_follows_the_date_and_the_public_body_derogation() -> None:
    """4 MW of PV: above the 3 MW cap on 1 June 2024, within the 5 MW cap since 6 March 2025.
    8 MW: refused, unless all participants are public bodies (10 MW; no distance then)."""
    four = (_b("a", pv=2000.0), _b("b", 0.5, pv=2000.0))
    assert verdict(four, "acc", "FR", date(2024, 6, 1)).refusals[0].limit == 3000
    assert verdict(four, "acc", "FR", TODAY).allowed
    eight = (_b("a", pv=4000.0), _b("b", 15.0, pv=4000.0))
    refused = verdict(eight, "acc", "FR", TODAY)
    assert {r.code for r in refused.refusals} == {"share.power_cap", "share.distance"}
    public = verdict(eight, "acc", "FR", TODAY, public_bodies=True)
    assert public.allowed and "acc.power_cap_kw.public_bodies" in public.rules


def test_energy_sharing_opens_on_1_june_2026_within_one_balancing_area() -> None:
    """§ 42c EnWG: refused before 1 June 2026 with that date; then one DSO balancing area; two
    areas refused until adjacent areas open (2028), then allowed only if they are adjacent."""
    one = (_b("a"), _b("b", 3.0))
    before = verdict(one, "energy_sharing", "DE", date(2026, 5, 31))
    assert before.refusals[0].code == "share.not_in_force" and "June 1, 2026" in before.refusals[0].text.get("en")
    assert verdict(one, "energy_sharing", "DE", date(2026, 6, 1)).allowed
    two = (_b("a"), _b("b", 3.0, area="dso-b"))
    assert verdict(two, "energy_sharing", "DE", TODAY).refusals[0].code == "share.area"
    later = date(2028, 6, 1)
    assert verdict(two, "energy_sharing", "DE", later, adjacent_areas={frozenset(("dso-a", "dso-b"))}).allowed
    apart = verdict(two, "energy_sharing", "DE", later)
    assert apart.refusals[0].code == "share.area_adjacent" and "dso-a/dso-b" in apart.refusals[0].text.get("de")


def test_shared_building_supply_is_one_building_behind_its_connection() -> None:
    """§ 42b EnWG: one building allowed; two buildings (two connections) refused twice."""
    assert verdict((_b("a"),), "building_supply", "DE", TODAY).allowed
    two = verdict((_b("a"), _b("b", 0.05)), "building_supply", "DE", TODAY)
    assert [r.code for r in two.refusals] == ["share.one_building", "share.public_grid"]
    assert all(r.legal == "§ 42b EnWG" for r in two.refusals)


BEFORE_SOLARPAKET = date(2024, 5, 15)
"""Last day of the pre-Solarpaket-I wording of § 21 Abs. 3 EEG 2023 (BGBl. 2024 I Nr. 151, in force 16 May 2024)."""


def _mixed_quarter() -> tuple[Building, ...]:
    return (_b("flats", connection="site"), _b("flats2", 0.05, pv=0.0, connection="site"),
            _b("shops", 0.1, pv=0.0, connection="site", housing=0.0))


def test_mieterstrom_pays_no_surcharge_on_kwh_sold_to_another_buildings_shops() -> None:
    """Until 15 May 2024: a residential PV building, a second residential building and a shop
    building of the same quarter behind one customer installation: Mieterstrom is allowed
    (§ 21 Abs. 3 EEG 2023), the surcharge is paid for the PV building and the other residential
    building, not the shops (0 % housing < 40 %, § 21 Abs. 3 Satz 2 EEG 2023 before the Solarpaket I)."""
    result = verdict(_mixed_quarter(), "mieterstrom", "DE", BEFORE_SOLARPAKET)
    assert result.allowed
    assert result.surcharge_members == ("flats", "flats2")
    assert "mieterstrom.residential_share" in result.rules


def test_since_the_solarpaket_the_surcharge_covers_non_residential_buildings_of_the_quarter() -> None:
    """From 16 May 2024 (Solarpaket I, BGBl. 2024 I Nr. 151; ADVANT Beiten 2024: "Der Ort, an dem
    Mieterstrom verbraucht wird, ist nicht mehr auf Wohngebäude beschränkt"): the shops of the
    same quarter earn the surcharge, and PV on a shop building qualifies too. A shop building in
    another quarter still cannot join (the quarter perimeter of § 21 Abs. 3 Satz 1 EEG 2023)."""
    result = verdict(_mixed_quarter(), "mieterstrom", "DE", date(2024, 5, 16))
    assert result.allowed and result.surcharge_members == ("flats", "flats2", "shops")
    shop_roof = verdict((_b("shops", housing=0.0, connection="site"), _b("flats", 0.05, pv=0.0, connection="site")),
                        "mieterstrom", "DE", TODAY)
    assert shop_roof.surcharge_members == ("shops", "flats")
    elsewhere = verdict((*_mixed_quarter()[:2], _b("shops", 0.3, pv=0.0, connection="site", quarter="q2", housing=0.0)),
                        "mieterstrom", "DE", TODAY)
    assert [r.code for r in elsewhere.refusals] == ["share.quarter"] and "Solarpaket I" in elsewhere.refusals[0].legal


def test_mieterstrom_may_not_pass_the_public_grid_nor_leave_the_quarter() -> None:
    """Two buildings with their own grid connections in two quarters: both refusals cite
    § 21 Abs. 3 EEG 2023 (the perimeter rule in force since 1 January 2023)."""
    result = verdict((_b("a"), _b("b", 0.3, quarter="q2")), "mieterstrom", "DE", TODAY)
    assert [r.code for r in result.refusals] == ["share.public_grid", "share.quarter"]
    assert all(r.rule == "mieterstrom.perimeter" and "§ 21 Abs. 3" in r.legal for r in result.refusals)
    assert "öffentliche Netz" in result.refusals[0].text.get("de")


def test_the_generic_eu_regime_offers_the_two_community_types_everywhere() -> None:
    """RED II art. 22 (renewable energy communities) and Directive 2019/944 art. 16 (citizen
    energy communities) apply under every regime; the EU regime has no scheme of its own."""
    far = (_b("a"), _b("b", 40.0, area="dso-z"))
    assert [(v.scheme, v.allowed) for v in schemes_for(far, "EU", TODAY)] == [("jacs", False), ("rec", True), ("cec", True)]
    assert [v.scheme for v in schemes_for(far, "DE", TODAY)] == ["mieterstrom", "building_supply", "energy_sharing", "rec", "cec"]


def test_the_generic_eu_regime_lets_the_residents_of_one_building_share_its_pv() -> None:
    """RED II art. 21(4) (Directive (EU) 2018/2001): renewables self-consumers in the same
    building, multi-apartment blocks included, may share the PV of their site. One building
    behind its connection forms the scheme; two buildings are refused, citing art. 21(4)."""
    one = verdict((_b("block"),), "jacs", "EU", TODAY)
    assert one.allowed and one.rules == ("jacs",)
    two = verdict((_b("a"), _b("b", 0.05)), "jacs", "EU", TODAY)
    assert [r.code for r in two.refusals] == ["share.one_building", "share.public_grid"]
    assert all("Article 21(4)" in r.legal and "red-ii-art-21" in r.references for r in two.refusals)
    assert [v.scheme for v in schemes_for((_b("a"),), "DE", TODAY)] == ["mieterstrom", "building_supply", "energy_sharing", "rec", "cec"]


def test_the_distance_is_between_the_two_furthest_members() -> None:
    """A 3-4-5 triangle in km: the furthest pair is 5 km apart."""
    corners = (_b("a"), Building(**{**_b("b").__dict__, "x_m": 3000.0}), Building(**{**_b("c").__dict__, "y_m": 4000.0}))
    assert max_distance_km(corners) == pytest.approx(5.0)
    with pytest.raises(ValueError, match="at least one building"):
        schemes_for((), "FR", TODAY)


def test_a_districts_own_regime_and_settlement_decide_its_schemes(lyon: District, munich: District) -> None:
    """Lyon Confluence (FR, urban, 1.5 km across in its file): its buildings may form an ACC;
    laid out 2.5 km across they may not (2 km urban), unless the file says peri-urban (10 km).
    Munich Harthof's 464 buildings, each behind its own connection, may share energy under
    § 42c EnWG (one DSO area) but not supply Mieterstrom (no public grid) on 29 November 2026."""
    members = buildings_from_district(lyon, roof_use=0.3).members()
    assert {v.scheme: v.allowed for v in district_schemes(lyon, members, TODAY)}["acc"]
    wide = lyon.model_copy(update={"regulation": lyon.regulation.model_copy(update={"perimeter_km": 2.5})})
    spread = buildings_from_district(wide, roof_use=0.3).members()
    refused = {v.scheme: v for v in district_schemes(wide, spread, TODAY)}["acc"]
    assert [r.code for r in refused.refusals] == ["share.distance"]
    rural = wide.model_copy(update={"regulation": wide.regulation.model_copy(update={"settlement": "peri_urban"})})
    assert {v.scheme: v.allowed for v in district_schemes(rural, spread, TODAY)}["acc"]
    german = {v.scheme: v for v in district_schemes(munich, buildings_from_district(munich).members(), TODAY)}
    assert german["energy_sharing"].allowed and not german["mieterstrom"].allowed
    assert german["mieterstrom"].refusals[0].value == 464


def test_before_the_eeg_2023_quarter_rule_mieterstrom_stays_in_one_building() -> None:
    """On 1 June 2022 the modelled quarter rule (§ 21 Abs. 3 EEG 2023) is not yet in force: two
    buildings behind one connection are refused with the date it applies from; one building is
    allowed (§ 42a EnWG since 25 July 2017)."""
    two = verdict((_b("a", connection="site"), _b("b", 0.05, connection="site")), "mieterstrom", "DE", date(2022, 6, 1))
    assert [r.code for r in two.refusals] == ["share.not_in_force"]
    assert two.refusals[0].rule == "mieterstrom.perimeter" and "January 1, 2023" in two.refusals[0].text.get("en")
    assert verdict((_b("a"),), "mieterstrom", "DE", date(2022, 6, 1)).allowed


def test_an_acc_participant_beyond_the_perimeter_is_named_for_exclusion() -> None:
    """A producer and four consumers within 1 km, and one consumer 3 km away: the pair is 3 km
    apart, over the 2 km of the arrêté du 21 novembre 2019; excluding the far consumer alone
    brings the rest within it, and the producer stays."""
    members = (_b("pv", 0.0, pv=100.0), *(_b(f"c{i}", 0.2 * i, pv=0.0) for i in range(1, 5)), _b("far", 3.0, pv=0.0))
    result = verdict(members, "acc", "FR", TODAY)
    assert not result.allowed and result.excluded == ("far",)
    assert result.refusals[0].rule == "acc.perimeter_km.urban"
    kept = [b for b in members if b.id not in result.excluded]
    assert verdict(kept, "acc", "FR", TODAY).allowed
