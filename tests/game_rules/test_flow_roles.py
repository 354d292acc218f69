"""Card value flows are governance-relative: roles (owner, coordinator, risk bearer, occupants)
are resolved from the table, occupants are split like ``bills_avoided``, provenance says how."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cards.deck import Deck
from cards.effects import Role, Stakeholder, ValueFlow
from cards.model import Card
from game_rules import District, TableModel, assess
from game_rules.flows import card_flows
from game_rules.governance import Roles, default_owner, occupant_shares, table_roles
from game_rules.results import Assessment, FlowResult
from game_rules.scheme_shares import scheme_shares

STAKEHOLDER_IDS = {s.value for s in Stakeholder}


def _governance_cards(deck: Deck) -> list[Card]:
    return [c for c in deck if c.effects.governance is not None]


def _uniform_values(deck: Deck) -> dict[str, float]:
    """Every formula variable the deck uses set to 1 (the amounts do not matter here)."""
    from game_rules.formulas import names_in

    return {name: 1.0 for c in deck for vf in c.effects.value_flows for name in names_in(vf.formula)}


def _money(flows: list[FlowResult]) -> list[FlowResult]:
    return [f for f in flows if f.kind == "money"]


@pytest.fixture(scope="module")
def lyon_example(lyon: District, example) -> Assessment:
    return assess(example("lyon-confluence"), lyon)


def test_roles_come_from_each_governance_card(deck: Deck, lyon: District, munich: District) -> None:
    cards = _governance_cards(deck)
    assert len(cards) >= 10
    for district in (lyon, munich):
        for card in cards:
            gov = card.effects.governance
            assert gov is not None
            roles = table_roles([deck.get("WHAT-01"), card], district)
            assert (roles.owner, roles.coordinator, roles.risk_bearer, roles.card) == (
                gov.owner, gov.coordinator, gov.risk_bearer, card.id)
            assert roles.party(Role.OWNER) is gov.owner and roles.party(Role.RISK_BEARER) is gov.risk_bearer
            assert roles.decided_by == f"via {card.id}"


def test_first_governance_card_decides(deck: Deck, lyon: District) -> None:
    roles = table_roles([deck.get("GOV-07"), deck.get("GOV-01")], lyon)
    assert roles.owner is Stakeholder.COOPERATIVE and roles.card == "GOV-07"


def test_without_a_governance_card_the_largest_owner_takes_every_role(deck: Deck, lyon: District) -> None:
    roles = table_roles([deck.get("WHAT-01"), deck.get("TECH-01")], lyon)
    owner = default_owner(lyon)
    assert (roles.owner, roles.coordinator, roles.risk_bearer, roles.card) == (owner, owner, owner, None)
    assert "by default" in roles.decided_by


def test_occupants_are_not_a_single_party(lyon: District, deck: Deck) -> None:
    with pytest.raises(ValueError, match="expected owner, coordinator or risk_bearer, got 'occupants'"):
        table_roles([], lyon).party(Role.OCCUPANTS)


def test_occupant_shares_sum_to_one_and_follow_demand(lyon: District, munich: District) -> None:
    for district in (lyon, munich):
        shares = occupant_shares(district)
        assert sum(shares.values()) == pytest.approx(1.0)
        assert set(shares) == {g.occupant for g in district.buildings}
    assert occupant_shares(lyon)[Stakeholder.RESIDENTS] > occupant_shares(lyon)[Stakeholder.HOMEOWNERS]


def test_occupants_split_sums_to_the_total_and_goes_to_the_owner(deck: Deck, lyon: District) -> None:
    roles = table_roles([deck.get("GOV-01")], lyon)
    values = {"local_new_kwh": 200_000.0, "tariff.local": 0.17}
    flows = _money(card_flows([deck.get("WHAT-01")], values, roles))
    shares = occupant_shares(lyon)
    assert {f.source for f in flows} == {s.value for s in shares}
    assert {f.to for f in flows} == {"city"}
    assert sum(f.amount for f in flows) == pytest.approx(200_000.0 * 0.17)
    for f in flows:
        assert f.amount == pytest.approx(200_000.0 * 0.17 * shares[Stakeholder(f.source)])


def test_a_share_paid_to_oneself_is_dropped(deck: Deck, lyon: District) -> None:
    roles = table_roles([deck.get("GOV-05")], lyon)  # renewable energy community: residents own
    flows = _money(card_flows([deck.get("WHAT-01")], {"local_new_kwh": 1000.0, "tariff.local": 0.2}, roles))
    assert all(f.source != f.to for f in flows)
    assert "residents" not in {f.source for f in flows} and {f.to for f in flows} == {"residents"}
    residents = occupant_shares(lyon)[Stakeholder.RESIDENTS]
    assert sum(f.amount for f in flows) == pytest.approx(200.0 * (1 - residents))


def test_a_negative_amount_reverses_a_role_flow(deck: Deck, lyon: District) -> None:
    roles = table_roles([deck.get("GOV-01")], lyon)
    flows = _money(card_flows([deck.get("WHAT-01")], {"local_new_kwh": -10.0, "tariff.local": 1.0}, roles))
    assert {f.source for f in flows} == {"city"} and all(f.amount > 0 for f in flows)


def test_provenance_names_the_role_and_the_governance_card(deck: Deck, lyon: District) -> None:
    roles = table_roles([deck.get("GOV-01")], lyon)
    flows = _money(card_flows([deck.get("WHAT-01")], {"local_new_kwh": 1.0, "tariff.local": 1.0}, roles))
    residents = next(f for f in flows if f.source == "residents")
    assert residents.provenance.rule.startswith("card_flow: local_new_kwh * tariff.local (")
    assert "from occupants = residents, 54 % of demand" in residents.provenance.rule
    assert "to owner = city via GOV-01" in residents.provenance.rule
    assert residents.provenance.cards == ("WHAT-01", "GOV-01")
    fixed = card_flows([deck.get("HOW-02")], {"surcharge_new_kwh": 1.0, "tariff.surcharge": 1.0},
                       table_roles([deck.get("GOV-03")], lyon))
    assert fixed[0].source == "public_funders" and fixed[0].to == "housing_company"
    assert fixed[0].provenance.rule.endswith("(to owner = housing_company via GOV-03)")


def test_provenance_names_the_default_without_a_governance_card(deck: Deck, lyon: District) -> None:
    flows = _money(card_flows([deck.get("WHAT-01")], {"local_new_kwh": 1.0, "tariff.local": 1.0},
                              table_roles([], lyon)))
    owner = default_owner(lyon).value
    assert all(f"to owner = {owner} by default: no governance card" in f.provenance.rule for f in flows)
    assert all(f.provenance.cards == ("WHAT-01",) for f in flows)


def test_every_role_in_the_deck_resolves_for_every_governance_card(deck: Deck, lyon: District, munich: District) -> None:
    values = _uniform_values(deck)
    with_flows = [c for c in deck if c.effects.value_flows]
    used = {p for c in with_flows for vf in c.effects.value_flows for p in (vf.source, vf.to) if isinstance(p, Role)}
    assert used == set(Role), "the deck should use every role"
    for district in (lyon, munich):
        tables: list[Roles] = [table_roles([g], district) for g in _governance_cards(deck)] + [table_roles([], district)]
        for roles in tables:
            for card in with_flows:
                for flow in card_flows([card], values, roles):
                    assert flow.source in STAKEHOLDER_IDS and flow.to in STAKEHOLDER_IDS, (card.id, roles.card, flow)
                    assert flow.source != flow.to


def test_a_flow_party_is_a_stakeholder_or_a_role() -> None:
    flow = ValueFlow.model_validate({"from": "occupants", "to": "owner", "kind": "money", "formula": "1"})
    assert flow.source is Role.OCCUPANTS and flow.to is Role.OWNER
    fixed = ValueFlow.model_validate({"from": "dso", "to": "risk_bearer", "kind": "money", "formula": "1"})
    assert fixed.source is Stakeholder.DSO and fixed.to is Role.RISK_BEARER
    with pytest.raises(ValidationError, match=r"expected a stakeholder id \(residents.*\) or a role "
                                              r"\(owner, coordinator, risk_bearer, occupants\), got 'landlord'"):
        ValueFlow.model_validate({"from": "landlord", "to": "owner", "kind": "money", "formula": "1"})
    with pytest.raises(ValidationError, match="two different parties, got owner twice"):
        ValueFlow.model_validate({"from": "owner", "to": "owner", "kind": "money", "formula": "1"})
    assert not {r.value for r in Role} & STAKEHOLDER_IDS


def test_lyon_residents_pay_less_for_local_power_than_the_grid_power_it_replaces(lyon_example: Assessment, lyon: District) -> None:
    card = [f for f in lyon_example.value_flows if f.provenance.rule.startswith("card_flow") and "WHAT-01" in f.provenance.cards]
    what01 = [f for f in card if f.kind == "money"]
    # The new PV's owners sell it: each roof's owner (docs/rules.md, "Who owns the PV"), GOV-01's city none.
    # (the city owns the PV off the roofs and on façades as governance owner).
    roof_owners = {g.owner.value for g in lyon.buildings} | {"city"}
    assert what01 and {f.to for f in what01} <= roof_owners and "housing_company" in {f.to for f in what01}
    paid: dict[str, float] = {}
    for f in what01:
        paid[f.source] = paid.get(f.source, 0.0) + f.amount
    avoided = {f.to: f.amount for f in lyon_example.value_flows if f.provenance.rule.startswith("bills_avoided")}
    assert paid["residents"] < avoided["residents"]
    # The payment to one owner is split like the local kWh it buys: by each occupant's kWh from the scheme.
    scheme = scheme_shares(lyon_example.sharing)
    assert scheme is not None
    to_housing = {f.source: f.amount for f in what01 if f.to == "housing_company"}
    occupants = dict(scheme.occupants)
    assert {who: amount / sum(to_housing.values()) for who, amount in to_housing.items()} == pytest.approx(
        {who: share / sum(occupants[w] for w in to_housing) for who, share in occupants.items() if who in to_housing})
    # Each occupant pays for its local kWh less than the grid power they replace (retail price).
    energy: dict[str, float] = {}
    for f in card:
        if f.kind == "energy":
            energy[f.to] = energy.get(f.to, 0.0) + f.amount
    assert set(energy) == set(paid)
    for who, kwh in energy.items():
        assert 0 < paid[who] < kwh * lyon.tariffs.electricity_eur_per_kwh
    net = {v.stakeholder: v.net for v in lyon_example.stakeholders}
    assert net["residents"] > 0


def test_lyon_flows_name_only_parties_the_table_brought(lyon_example: Assessment) -> None:
    parties = {p for f in lyon_example.value_flows for p in (f.source, f.to)}
    assert "cooperative" not in parties
    split = [r for r in lyon_example.risks if r.code == "risk.split_incentives"]
    assert all("cooperative" not in r.text.en for r in split)


def test_the_pv_owners_receive_the_local_revenue_in_every_example(lyon: District, munich: District, example) -> None:
    """The local sales go to whoever owns the new PV: the roof and façade owners by default (Lyon
    under GOV-01: the city owns no building and builds no PV off the roofs, so it sells none;
    Munich under GOV-03), the cooperative that leases the roofs under GOV-07 (docs/rules.md,
    "Who owns the PV", "Who owns the other assets")."""
    for name, district, owners in (("lyon-confluence", lyon, {g.owner.value for g in lyon.buildings}),
                                   ("munich-harthof", munich, {"housing_company", "homeowners", "city"}),
                                   ("citizen-cooperative", munich, {"cooperative"})):
        a = assess(example(name), district)
        sales = [f for f in a.value_flows if f.kind == "money" and f.provenance.rule.startswith("card_flow: local_new_kwh * tariff.local")]
        assert sales and {f.to for f in sales} == owners, name
        occupants = {g.occupant.value for g in district.buildings}
        assert {f.source for f in sales} <= occupants, name


def test_model_with_roles_resolves_in_a_custom_table(lyon: District) -> None:
    model = TableModel.from_mapping({"slots": {"governance": ["GOV-07"], "what": ["WHAT-01"], "why": ["WHY-02"],
                                               "measures": ["TECH-01"]}})
    a = assess(model, lyon)
    subscriptions = [f for f in a.value_flows if f.provenance.rule.startswith("card_flow: participants")]
    assert {f.to for f in subscriptions} == {"cooperative"}
    assert all("to risk_bearer = cooperative via GOV-07" in f.provenance.rule for f in subscriptions)
