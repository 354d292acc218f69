"""The committed JSON Schema of card files is the one the code generates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cards.schema import card_file_schema

SCHEMA = Path(__file__).parents[2] / "docs" / "schemas" / "card-file.schema.json"


def test_committed_schema_matches_the_code() -> None:
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert committed == card_file_schema(), "run: python -m cards.schema > docs/schemas/card-file.schema.json"


def test_schema_names_every_category_and_the_effects_block() -> None:
    text = SCHEMA.read_text(encoding="utf-8")
    for word in ("governance", "scenario", "value_flows", "risk_bearer", "max_share_of_capex"):
        assert word in text


def test_schema_offers_flow_roles_beside_stakeholders() -> None:
    flow = card_file_schema()["$defs"]["ValueFlow"]["properties"]
    for side in ("from", "to"):
        refs = {option["$ref"].rsplit("/", 1)[-1] for option in flow[side]["anyOf"]}
        assert refs == {"Stakeholder", "Role"}
    assert set(card_file_schema()["$defs"]["Role"]["enum"]) == {"owner", "coordinator", "risk_bearer", "occupants"}


def test_a_flow_party_that_is_neither_is_refused_on_load(tmp_path: Path) -> None:
    from cards.deck import DeckError, load_file

    card = """
category: what
cards:
  - id: WHAT-01
    code: ABCD
    sp: SP2
    icon: sun
    text:
      en: {title: "Local power", hook: "Solar power from the roofs next door.", body: "Neighbours share PV from local roofs below the supplier's tariff, in every season."}
      fr: {title: "Courant local", hook: "Du solaire des toits voisins.", body: "Les voisins partagent le solaire des toits, moins cher que le tarif du fournisseur."}
      de: {title: "Lokaler Strom", hook: "Solarstrom vom Dach nebenan.", body: "Nachbarn teilen Solarstrom der Dächer, günstiger als der Tarif des Versorgers."}
      pt: {title: "Eletricidade local", hook: "Energia solar dos telhados vizinhos.", body: "Os vizinhos partilham o solar dos telhados locais abaixo da tarifa do fornecedor."}
    effects:
      value_flows:
        - {from: landlord, to: owner, kind: money, formula: '1'}
"""
    path = tmp_path / "what.yaml"
    path.write_text(card, encoding="utf-8")
    with pytest.raises(DeckError, match=r"WHAT-01.*value_flows\.0\.from.*or a role \(owner, coordinator, "
                                        r"risk_bearer, occupants\), got 'landlord'"):
        load_file(path)
    path.write_text(card.replace("from: landlord", "from: occupants"), encoding="utf-8")
    assert load_file(path)
