"""The rules in force on a date, and the findings a table's model meets under them."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from cards.deck import Deck
from game_rules import District
from game_rules.params import base_params
from game_rules.references import load
from game_rules.regulation import RegulationError, all_rules, findings, rules_in_force

TODAY = date(2026, 11, 29)
RULES_2025 = date(2025, 6, 1)


def _run(kwp: float) -> SimpleNamespace:
    return SimpleNamespace(kwp=kwp)


def _with_regulation(district: District, **update: object) -> District:
    return district.model_copy(update={"regulation": district.regulation.model_copy(update=update)})


def test_every_rule_names_its_law_and_sources_that_exist() -> None:
    """Each rule version carries a legal reference and bibliography ids found in
    game_rules/data/references (e.g. § 42c EnWG -> enwg-42c, gesetze-im-internet.de)."""
    known = load()
    for regime in ("DE", "FR", "EU"):
        for rule in all_rules(regime):
            assert rule.legal.strip(), rule.key
            assert rule.references and all(ref in known for ref in rule.references), (rule.key, rule.references)


def test_energy_sharing_allowed_in_munich_today_and_refused_under_2025_rules(munich: District, deck: Deck) -> None:
    """§ 42c EnWG energy sharing applies from 1 June 2026 (recht-energisch.de, 'Nun aber:
    Energy Sharing ab Juni 2026', 2026): allowed on 2026-11-29, not on 2025-06-01."""
    sharing = (deck.get("HOW-04"), deck.get("GOV-12"))
    now, then = rules_in_force("DE", TODAY), rules_in_force("DE", RULES_2025)
    assert now.allows("energy_sharing") and now.get("energy_sharing").legal == "§ 42c EnWG"
    assert not then.allows("energy_sharing")
    assert findings(munich, sharing, _run(1000), now) == []
    refused = findings(munich, sharing, _run(1000), then)
    assert {f.code for f in refused} == {"reg.not_in_force"}
    assert {f.cards for f in refused} == {("HOW-04",), ("GOV-12",)}
    assert all("enwg-42c" in f.references for f in refused)
    # The parameter defaults follow the same date: no flag to set by hand.
    assert base_params(munich, TODAY)["regulation.energy_sharing"] == 1.0
    assert base_params(munich, RULES_2025)["regulation.energy_sharing"] == 0.0


def test_a_german_energy_sharing_card_in_lyon_is_flagged_as_foreign_law(lyon: District, deck: Deck) -> None:
    """§ 42c EnWG is German law; in a French district the card gets a regime finding, which
    cites the French route, collective self-consumption through a PMO (Code de l'énergie L315-2,
    ref code-energie-l315-2), not the German law: a national law is cited only in its country."""
    out = findings(lyon, (deck.get("GOV-12"),), _run(500), rules_in_force("FR", TODAY))
    assert [f.code for f in out] == ["risk.regime"]
    assert out[0].rule == "energy_sharing" and "enwg-42c" not in out[0].references
    assert "code-energie-l315-2" in out[0].references and out[0].legal.startswith("Code de l'énergie L315-2")


def test_acc_perimeter_by_settlement(lyon: District, deck: Deck) -> None:
    """ACC perimeter: 2 km between the furthest participants; by derogation 10 km in peri-urban
    and 20 km in rural communes (arrêté of 21 Nov 2019, art. 1er bis as amended 19 Sept 2023;
    Banque des Territoires 2023). A 12 km operation is refused in an urban district, allowed with
    the rural derogation, refused again beyond 20 km."""
    acc = (deck.get("HOW-01"),)
    rules = rules_in_force("FR", TODAY)
    urban = findings(_with_regulation(lyon, perimeter_km=12.0), acc, _run(500), rules)
    assert [(f.code, f.limit) for f in urban] == [("risk.perimeter", 2.0)]
    assert "jorf-acc-derogation-2023" not in urban[0].references and "arrete-acc-2019" in urban[0].references
    peri = findings(_with_regulation(lyon, perimeter_km=12.0, settlement="peri_urban"), acc, _run(500), rules)
    assert [(f.code, f.limit) for f in peri] == [("risk.perimeter", 10.0)]
    assert findings(_with_regulation(lyon, perimeter_km=12.0, settlement="rural"), acc, _run(500), rules) == []
    far = findings(_with_regulation(lyon, perimeter_km=21.0, settlement="rural"), acc, _run(500), rules)
    assert [(f.code, f.limit) for f in far] == [("risk.perimeter", 20.0)]
    assert "jorf-acc-derogation-2023" in far[0].references


def test_acc_power_cap_and_the_public_body_derogation(lyon: District, deck: Deck) -> None:
    """ACC power cap 5 MW since the arrêté of 21 Feb 2025 (JO 5 March 2025; 3 MW before), 10 MW
    for projects whose participants are all public bodies (Gossement Avocats; Seban Avocats 2025).
    6 MW is refused for a private operation, allowed for a public-body one; 6 MW in 2024 met the
    old 3 MW cap."""
    acc = (deck.get("HOW-01"), deck.get("GOV-04"))
    rules = rules_in_force("FR", TODAY)
    private = findings(lyon, acc, _run(6000), rules)
    assert [(f.code, f.limit, f.legal) for f in private] == [("risk.power_cap", 5000.0, "Arrêté du 21 février 2025 (JO 5 March 2025), art. 1")]
    assert "arrete-acc-2025" in private[0].references
    public = _with_regulation(lyon, public_body_project=True)
    assert findings(public, acc, _run(6000), rules) == []
    assert [f.limit for f in findings(public, acc, _run(11000), rules)] == [10000.0]
    before = findings(lyon, acc, _run(4000), rules_in_force("FR", date(2024, 6, 1)))
    assert [(f.code, f.limit) for f in before] == [("risk.power_cap", 3000.0)]
    assert findings(lyon, acc, _run(4000), rules) == []
    assert base_params(public, TODAY)["regulation.power_cap_kw"] == 10000.0


def test_current_mieterstromzuschlag_applied(munich: District) -> None:
    """Mieterstromzuschlag (§ 48a EEG 2023): 2023 rates 2.67 / 2.48 / 1.67 ct/kWh up to 10 kW /
    40 kW / 1 MW (ES Smart Energy 2023), lowered by 1 % every six months from 1 Feb 2024
    (§ 49 EEG; 2.64 ct/kWh up to 10 kW for Feb-Jul 2024, Vaillant 2024). On 2026-11-29 that is the
    sixth step: 1.67 x 0.99^6 = 1.57 ct/kWh for multi-family plants up to 1 MW."""
    rules = rules_in_force("DE", TODAY)
    assert rules.value("mieterstrom.surcharge", kw=10) == pytest.approx(0.0251)
    assert rules.value("mieterstrom.surcharge", kw=40) == pytest.approx(0.0233)
    assert rules.value("mieterstrom.surcharge", kw=1000) == pytest.approx(0.0157)
    assert rules_in_force("DE", date(2024, 3, 1)).value("mieterstrom.surcharge", kw=10) == pytest.approx(0.0264)
    params = base_params(munich, TODAY)
    assert params["tariff.surcharge"] == pytest.approx(0.0157)
    assert params.origin["tariff.surcharge"] == ("rule:mieterstrom.surcharge",)
    with pytest.raises(ValueError, match="at most 1000 kW"):
        rules.value("mieterstrom.surcharge", kw=1500)


def test_mieterstrom_price_cap(munich: District, deck: Deck) -> None:
    """§ 42a Abs. 4 EnWG: the Mieterstrom price may be at most 90 % of the default tariff."""
    rules = rules_in_force("DE", TODAY)
    cards = (deck.get("HOW-02"),)
    assert findings(munich, cards, _run(1000), rules, local_price_ratio=0.9) == []
    over = findings(munich, cards, _run(1000), rules, local_price_ratio=0.95)
    assert [(f.code, f.limit) for f in over] == [("risk.mieterstrom_cap", 0.9)]
    # percentages in each language's CLDR format (issue 16): 95% in English, 95 % in French
    assert over[0].text.get("en").startswith("The local price is 95%")
    assert "95\u00a0%" in over[0].text.get("fr")


def test_unknown_regime_is_a_clear_error() -> None:
    with pytest.raises(RegulationError, match="expected one of"):
        rules_in_force("ES", TODAY)
