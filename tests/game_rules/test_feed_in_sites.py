"""The feed-in price per site: direct marketing only where it exists (game_rules.direct_marketing),
non-residential groups laid out as buildings of a typical size (game_rules.buildings), the
feed-in flow's sources (game_rules.money_flows). Issue 11 review, findings 2, 3 and 4."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from game_rules import District, TableModel
from game_rules import direct_marketing as dm
from game_rules.assessment import prepare
from game_rules.buildings import M2_PER_NON_RESIDENTIAL_BUILDING, site_kwp
from game_rules.charges import ExciseStatus, acc_excise
from game_rules.params import Params, base_params


def _feed_in_flows(outcome) -> list:
    return [f for f in outcome.flows if f.provenance.rule.startswith("feed_in:")]


def test_why04_adds_no_premium_to_small_plants_on_a_statutory_tariff(munich: District, lyon: District,
                                                                      example: Callable[[str], TableModel]) -> None:
    """Direct marketing exists only for plants above the regime's size: Germany's feed-in tariff
    is for plants up to 100 kW (§ 21 Abs. 1 Nr. 1 EEG 2023, ref:eeg-2023-21), France's S21
    purchase obligation for roof plants up to 100 kWc since 22 September 2025 (ref:kano-s21-t4-2025;
    500 kWc before, ref:cre-s21-2025). Both examples play WHY-04, and none of their sites is above
    the threshold, so the feed-in price stays the statutory tariff: Munich 6.80 ct/kWh (EEG 10-40 kWp
    from 1 Aug 2025, ref:bnetza-eeg-rates-2025-08), Lyon 6.17 c€/kWh (S21 9-100 kWc from 1 Oct 2025,
    ref:kano-s21-t4-2025), where the card's +10 % made 7.48 and 8.37 before."""
    for district, name, tariff in ((munich, "munich-harthof", 0.068), (lyon, "lyon-confluence", 0.0617)):
        prep = prepare(example(name), district, as_of=date(2026, 11, 30))
        assert "WHY-04" in {c.id for c in prep.table.cards}
        assert prep.params["tariff.direct_marketing_premium"] == pytest.approx(0.002)
        assert max(site_kwp(district, prep.params)) <= prep.params["tariff.direct_marketing_above_kw"]
        assert prep.params["tariff.feed_in"] == pytest.approx(tariff)
        flows = _feed_in_flows(prep.main)
        kwh = float(flows[0].provenance.rule.split("(")[1].split(" kWh")[0].replace(",", "")) + float(
            flows[0].provenance.rule.split("+ ")[1].split(" kWh")[0].replace(",", ""))
        assert sum(f.amount for f in flows) == pytest.approx(kwh * tariff, rel=1e-3)


def test_the_premium_is_paid_on_the_share_of_kwp_above_the_threshold(munich: District) -> None:
    """A site above 100 kW in Germany is marketed directly (§ 20 EEG 2023) and earns at most the
    0.4 ct/kWh that § 53 EEG 2023 takes off the fixed tariff (ref:eeg-2023-53), less the direct
    marketer's fee: WHY-04's 0.2 ct (assumption [0-0.4]). Munich's sites are all below 100 kW, so
    the test lowers the threshold to 5 kW: the school and shop buildings (about 9 kWp each) are
    then above it and the flats (about 0.5 kWp) below; the premium is paid on the schools' share
    of the kWp only, feed-in' = feed-in + 0.002 x share."""
    base = base_params(munich, date(2026, 11, 30))
    assert base["tariff.direct_marketing_above_kw"] == 100
    assert max(site_kwp(munich, base)) < 100
    params = Params({**base.values, "tariff.direct_marketing_above_kw": 5.0, "tariff.direct_marketing_premium": 0.002},
                    base.origin, base.regime)
    sites = site_kwp(munich, params)
    share = sum(kw for kw in sites if kw > 5) / sum(sites)
    assert 0 < share < 1
    assert dm.marketed_share(munich, params) == pytest.approx(share)
    assert dm.with_premium(munich, params)["tariff.feed_in"] == pytest.approx(0.068 + 0.002 * share)
    # No premium set: nothing changes; a regime without a threshold (0): the premium is inert.
    assert dm.with_premium(munich, base)["tariff.feed_in"] == base["tariff.feed_in"]
    none = Params({**params.values, "tariff.direct_marketing_above_kw": 0.0}, params.origin, params.regime)
    assert dm.with_premium(munich, none)["tariff.feed_in"] == pytest.approx(0.068)


def test_the_french_direct_marketing_size_follows_the_assessment_date(lyon: District) -> None:
    """S21 purchase obligation up to 500 kWc (ref:cre-s21-2025) until the 100-500 kWc segment moved to
    simplified tenders on 22 September 2025 (ref:kano-s21-t4-2025)."""
    assert base_params(lyon, date(2025, 6, 30))["tariff.direct_marketing_above_kw"] == 500
    assert base_params(lyon, date(2026, 11, 30))["tariff.direct_marketing_above_kw"] == 100


def test_lyon_offices_are_buildings_of_a_typical_size_below_the_excise_cap(lyon: District,
                                                                            example: Callable[[str], TableModel]) -> None:
    """Lyon's 55,000 m² of offices were one 1,056 kWp plant in the example, which crossed the ACC zero
    excise's 1 MW site cap (CIBS L312-87 2°, ref:cibs-l312-87) and took the small-plant surplus
    tariff. Non-residential groups are now buildings of 5,000 m² (assumption [2,000-15,000]):
    ceil(55,000 / 5,000) = 11 office buildings, each below 100 kWc, so every site keeps the zero
    excise (e = 1) and stays in the S21 9-100 kWc band."""
    offices = next(g for g in lyon.buildings if g.id == "offices")
    assert M2_PER_NON_RESIDENTIAL_BUILDING == 5000
    prep = prepare(example("lyon-confluence"), lyon, as_of=date(2026, 11, 30))
    sites = site_kwp(lyon, prep.params)
    counts = len(site_kwp(lyon, base_params(lyon)))
    assert counts == len(sites)
    assert max(sites) < 100 and max(sites) > 50
    status, share = acc_excise(lyon, prep.params)
    assert status is ExciseStatus.EXEMPT and share == pytest.approx(1.0)
    assert offices.floor_area_m2 / M2_PER_NON_RESIDENTIAL_BUILDING == 11


def test_lyon_feed_in_flow_cites_the_s21_tariff_and_the_tornado_uses_the_district_range(
        lyon: District, example: Callable[[str], TableModel]) -> None:
    """The feed-in flow of a French district cites the S21 tariffs (ref:cre-s21-2025,
    ref:kano-s21-t4-2025) even though the district lists the price with a range [0.04-0.08]; no card
    sets the feed-in price any more, so the sensitivity run varies it over that district range."""
    from game_rules.params import assumption_of
    from game_rules.sensitivity import card_assumptions, span

    prep = prepare(example("lyon-confluence"), lyon, as_of=date(2026, 11, 30))
    refs = _feed_in_flows(prep.main)[0].provenance.references
    assert {"cre-s21-2025", "kano-s21-t4-2025"} <= set(refs)
    assert "WHY-04" not in prep.params.origin.get("tariff.feed_in", ())
    assert "tariff.feed_in" not in card_assumptions(prep)
    base = prep.table.base
    low, high, _ = span("tariff.feed_in", base["tariff.feed_in"], assumption_of("tariff.feed_in", lyon, base))
    assert (low, high) == (0.04, 0.08)
