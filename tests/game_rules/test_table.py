"""Table models: valid files load; bad ones fail with a message that names the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from cards.model import Slot
from game_rules import ModelError, TableModel
from server.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize("name", ["munich-harthof", "lyon-confluence", "citizen-cooperative"])
def test_examples_load(name: str) -> None:
    model = TableModel.from_yaml(EXAMPLES / f"{name}.yaml")
    assert model.in_slot(Slot.GOVERNANCE) and model.in_slot(Slot.MEASURES) and model.roles


@pytest.mark.parametrize(("data", "message"), [
    ({"slots": {"who": ["WHO-99"]}}, "unknown card 'WHO-99'"),
    ({"slots": {"who": ["TECH-01"]}}, "TECH-01 (energy) cannot lie there; it belongs in measures"),
    ({"slots": {"financing": ["GOV-01"]}}, "GOV-01 (governance) cannot lie there"),
    ({"slots": {"roof": ["TECH-01"]}}, "unknown slot 'roof'"),
    ({"slots": {"who": "WHO-01"}}, "expected a list of card ids"),
    ({"slots": {}, "roles": ["GOV-01"]}, "GOV-01 is a governance card, expected a role card"),
    ({"slots": {"who": ["WHO-01"], "what": ["WHO-01"]}}, "WHO-01 (who) cannot lie there"),
    ({"slots": {"measures": ["TECH-01", "TECH-01"]}}, "TECH-01 appears twice"),
    ({"cards": ["TECH-01"]}, "unexpected keys ['cards']"),
    (["TECH-01"], "expected a mapping"),
])
def test_bad_models_are_refused_with_a_clear_message(deck, data: object, message: str) -> None:
    with pytest.raises(ModelError) as info:
        TableModel.from_mapping(data, deck)
    assert message in str(info.value)


def test_human_codes_are_accepted_and_normalised(deck) -> None:
    card = deck.get("TECH-01")
    model = TableModel.from_mapping({"slots": {"measures": [card.code.lower()]}}, deck)
    assert model.in_slot(Slot.MEASURES) == ("TECH-01",)


def test_cli_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("slots:\n  who: [TECH-01]\n", encoding="utf-8")
    assert main(["assess", str(bad), "--district", "lyon-confluence"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "TECH-01" in err[0] and "Traceback" not in err[0]
    broken = tmp_path / "broken.yaml"
    broken.write_text("slots: [unclosed", encoding="utf-8")
    assert main(["assess", str(broken)]) == 2
    assert "not valid YAML" in capsys.readouterr().err


def test_cli_prints_summary_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["assess", str(EXAMPLES / "munich-harthof.yaml"), "--scenario", "SCN-01", "--lang", "de"]) == 0
    out = capsys.readouterr().out
    assert "Autarkiegrad" in out and "SCN-01" in out
    assert main(["assess", str(EXAMPLES / "lyon-confluence.yaml"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["district"] == "lyon-confluence" and data["value_flows"][0]["from"]


def test_cli_prints_each_net_value_with_its_sum_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    """``assess --lang fr``: each stakeholder's net value printed in the French CLDR format
    (``-448 460 €``, catalogs.formatting.money) and, under it, its sum in words."""
    from catalogs.formatting import money
    from game_rules import assess, load_district

    path = EXAMPLES / "lyon-confluence.yaml"
    assert main(["assess", str(path), "--lang", "fr"]) == 0
    lines = capsys.readouterr().out.splitlines()
    model = TableModel.from_yaml(path)
    a = assess(model, load_district(model.district or "lyon-confluence"))
    printed = [v for v in a.stakeholders if abs(v.net) >= 1 or v.costs >= 1]
    assert any(v.costs > 0 for v in printed), "the Lyon example must show a stakeholder with running costs"
    for v in printed:
        at = next(k for k, line in enumerate(lines)
                  if line.strip().startswith(v.label.fr) and line.rstrip().endswith(money(v.net, "fr")))
        assert v.explanation is not None and lines[at + 1].strip() == v.explanation.fr, v.stakeholder
