"""Replication of one table model to every built-in district (issue 12, point 6).

Reference facts: Mieterstrom is German law (§ 42a EnWG; the Mieterstromzuschlag § 21 Abs. 3
EEG 2023), so a Mieterstrom model breaks under French law (Lyon) and, in the six multiplier-city
districts, whose own sharing schemes are not modelled, the generic EU regime applies instead:
renewable energy communities (Directive (EU) 2018/2001 art. 22) and citizen energy communities
(Directive (EU) 2019/944 art. 16). The CO₂-reduction threshold is the engine's own PED target
(``game_rules.assessment._energy_kpis``, docs/kpis.md).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cards.deck import Deck
from game_rules import DISTRICT_PRESETS, District, TableModel, assess, load_district
from game_rules.replication import replicate_all
from game_rules.results import Replication


@pytest.fixture(scope="module")
def harthof_everywhere(example: Callable[[str], TableModel], munich: District, deck: Deck) -> dict[str, Replication]:
    targets = [load_district(name) for name in DISTRICT_PRESETS]
    reps = replicate_all(example("munich-harthof"), munich, targets, deck=deck)
    return {r.to_district: r for r in reps}


def test_one_replication_per_district_and_nothing_breaks_at_home(harthof_everywhere: dict[str, Replication]) -> None:
    assert list(harthof_everywhere) == list(DISTRICT_PRESETS)
    home = harthof_everywhere["munich-harthof"]
    assert home.target is home.source and not home.breaks and not home.new_warnings


def test_mieterstrom_breaks_under_french_law_citing_the_regime(harthof_everywhere: dict[str, Replication]) -> None:
    """§ 42a EnWG does not exist in France: HOW-02's note names German law and what the figures
    count instead (no French scheme takes its place); the bare ``risk.regime`` sentence ("only
    works under German law") is not printed beside it, which it contradicted."""
    lyon = harthof_everywhere["lyon-confluence"]
    mapped = [b for b in lyon.breaks if b.code == "scheme_mapped" and "HOW-02" in b.text.get("en")]
    assert len(mapped) == 1 and "German law" in mapped[0].text.get("en")
    assert "no scheme of this district's law takes its place" in mapped[0].text.get("en")
    assert not any(b.code == "risk.regime" and "HOW-02" in b.text.get("en") for b in lyon.breaks)
    assert all(b.what is not None and b.what.get("en") in b.text.get("en") for b in lyon.breaks)


@pytest.mark.parametrize("name", [d for d in DISTRICT_PRESETS if load_district(d).regime == "EU"])
def test_generic_eu_district_names_the_scheme_the_figures_use(
        harthof_everywhere: dict[str, Replication], name: str) -> None:
    """Issue 12 review: the note said "must be rebuilt as a renewable energy community" beside
    figures computed otherwise. Munich's Mieterstrom cards (HOW-02, GOV-03) in a generic-EU
    district: the figures use jointly acting self-consumers in one building (RED II art. 21(4),
    Directive (EU) 2018/2001), and the note names that scheme."""
    rep = harthof_everywhere[name]
    [scheme] = rep.target.sharing.schemes if rep.target.sharing else ()
    assert scheme.scheme == "jacs" and scheme.members
    mapped = [b for b in rep.breaks if b.code == "scheme_mapped"]
    cards = {card for b in mapped for card in ("HOW-02", "GOV-03") if card in b.text.get("en")}
    assert cards == {"HOW-02", "GOV-03"}, [b.text.get("en") for b in rep.breaks]
    words = mapped[0].what
    assert words is not None
    assert "German law" in words.get("en") and "2018/2001 art. 21(4)" in words.get("en")
    assert "rebuilt" not in words.get("en") and words.get("pt") != words.get("en")


def test_a_foreign_scheme_note_follows_the_figures_in_every_district(
        example: Callable[[str], TableModel], munich: District, lyon: District, deck: Deck) -> None:
    """The cooperative's § 42c card (HOW-04, German law) in Lyon and Porto: the same treatment in
    both, each note naming the scheme its figures were computed with: an ACC (Code de l'énergie
    L315-2) in Lyon, a renewable energy community (RED II art. 22) in Porto."""
    reps = replicate_all(example("citizen-cooperative"), munich, [lyon, load_district("porto")], deck=deck)
    for rep, legal in zip(reps, ("Code de l'énergie L315-2", "Directive (EU) 2018/2001 art. 22"), strict=True):
        [formed] = [x for x in rep.target.sharing.schemes if x.members] if rep.target.sharing else []
        assert formed.legal == legal
        [note] = [b for b in rep.breaks if b.code == "scheme_mapped"]
        assert "HOW-04" in note.text.get("en") and legal in note.text.get("en")


def test_a_kpi_threshold_met_at_home_and_missed_there_breaks(
        example: Callable[[str], TableModel], lyon: District, munich: District, deck: Deck) -> None:
    """The Harthof cards meet the CO₂-reduction target in Lyon and miss it in Munich (the
    engine's own values and threshold are read, not typed in here)."""
    model = example("munich-harthof")
    home = assess(model, lyon, deck=deck, mitigations=False, bibliography=False)
    (rep,) = replicate_all(model, lyon, [munich], deck=deck, source=home)
    before, after = home.kpi("co2_reduction"), rep.target.kpi("co2_reduction")
    assert before.meets is True and after.meets is False, (before.value, after.value, after.threshold)
    missed = [b for b in rep.breaks if b.code == "kpi_missed" and before.label.get("en") in b.text.get("en")]
    assert len(missed) == 1


def test_light_assessment_keeps_every_figure_and_only_drops_the_mitigation_reruns(
        example: Callable[[str], TableModel], munich: District, deck: Deck) -> None:
    model = example("citizen-cooperative")
    full = assess(model, munich, deck=deck)
    light = assess(model, munich, deck=deck, mitigations=False, bibliography=False)
    assert [(k.key, k.value) for k in light.kpis] == [(k.key, k.value) for k in full.kpis]
    assert [(r.code, r.score) for r in light.risks] == [(r.code, r.score) for r in full.risks]
    assert light.financing.npv == full.financing.npv
    assert any(r.mitigating_cards for r in full.risks) and not any(r.mitigating_cards for r in light.risks)
    assert full.references and not light.references


def test_replicated_self_consumption_is_what_the_target_law_allows(harthof_everywhere: dict[str, Replication]) -> None:
    """Issue 12 (review): Munich's Mieterstrom model in Lyon showed the one-node self-consumption,
    though Mieterstrom (§ 42a EnWG) is German law and Lyon is under French law: no building may
    share under it there. The replicated KPIs are the building-level figures under Lyon's law
    (each building's own PV behind its meter), and the page says what breaks: the scheme with 0 of
    its candidates, naming the rule. (In Porto the generic EU regime lets each building's residents
    share its PV, RED II art. 21(4): tested above.)"""
    rep = harthof_everywhere["lyon-confluence"]
    target = rep.target
    assert target.sharing is not None and target.sharing.one_node is not None
    legal = target.sharing.district
    for key in ("self_consumption", "self_sufficiency"):
        assert target.kpi(key).value == pytest.approx(getattr(legal, key))
        assert "under the district's law" in target.kpi(key).provenance.rule
    assert target.kpi("self_consumption").value < target.sharing.one_node.self_consumption - 0.01
    [scheme] = target.sharing.schemes
    assert scheme.members == () and scheme.candidates > 0
    lost = [c for c in rep.breaks if c.code == "sharing"]
    assert lost and f"0 of {scheme.candidates} buildings may share here" in lost[0].text.get("en")
    assert "German law" in lost[0].text.get("en")
    # At home the same rule: the building-level figure of Munich's own Mieterstrom scheme.
    home = harthof_everywhere["munich-harthof"].target
    assert home.sharing is not None
    assert home.kpi("self_consumption").value == pytest.approx(home.sharing.district.self_consumption)


def test_a_national_premium_applies_only_in_its_country(munich: District) -> None:
    """WHY-04's direct-marketing premium (0.2 ct/kWh, assumption [0-0.4], § 53 EEG 2023,
    ref:eeg-2023-53) encodes the German and French schemes: set in Munich (regime DE), not in Porto
    (generic EU regime), where it stays 0, the feed-in parameter keeps the district's own value and
    no assumption lists the premium. Where set, it is paid only above the direct-marketing size
    (tests/game_rules/test_feed_in_sites.py)."""
    from cards.deck import default_deck
    from game_rules.params import assumptions, base_params

    card = default_deck().get("WHY-04")
    porto = load_district("porto")
    for district, premium in ((munich, 0.002), (porto, 0.0)):
        base = base_params(district)
        with_card = base.apply((card.id, ch) for ch in card.effects.parameters)
        assert with_card["tariff.direct_marketing_premium"] == pytest.approx(premium)
        assert with_card["tariff.feed_in"] == base["tariff.feed_in"]
        listed = [a for a in assumptions(district, with_card, [card]) if a.set_by == "WHY-04"]
        assert bool(listed) == (premium != 0.0)
