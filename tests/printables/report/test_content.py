"""A report's content is a pure function of a table's log and its assessment (no store, no server).

The same function the CLI's ``report`` and the HTTP routes call through ``server.reporting``:
here a table is played through the rules of play (``game_rules.play``) in memory and turned into
a report model in every shipped language.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cards.deck import default_deck
from cards.model import Slot
from catalogs import languages
from game_rules.play import (
    Accepted,
    Actor,
    AnyEvent,
    Phase,
    PlayCardCmd,
    SetPhaseCmd,
    Table,
    apply,
    fold,
)
from printables.report.content import (
    ReportError,
    ReportOptions,
    assess_table,
    report_lang,
    table_report,
)


@dataclass(frozen=True)
class Row:
    id: str = "t-mem"
    name: str = "3"
    number: int = 3


@dataclass(frozen=True)
class Workshop:
    id: str = "w-mem"
    name: str = "Oficina em memória"
    district: str = "lyon-confluence"
    lang: str = "pt"
    district_file: str | None = None


def _played() -> tuple[Table, list[AnyEvent]]:
    deck, table, events = default_deck(), Table(), []
    commands = [SetPhaseCmd(phase=Phase.CANVAS), PlayCardCmd(card_id="GOV-07", slot=Slot.GOVERNANCE),
                PlayCardCmd(card_id="TECH-01", slot=Slot.MEASURES)]
    for k, cmd in enumerate(commands):
        decision = apply(table, cmd, Actor("facilitator"), 1_750_000_000.0 + 60 * k, deck, f"mem.{k}")
        assert isinstance(decision, Accepted), decision
        for event in decision.events:
            fold(table, event)
            events.append(event)
    return table, events


def test_a_table_in_memory_becomes_a_report_in_every_language() -> None:
    deck = default_deck()
    table, events = _played()
    played = assess_table(Row(), table, events, Workshop(), deck, ReportOptions())
    for lang in languages():
        report = table_report(played, Workshop(), deck, ReportOptions(lang=lang))
        assert report.meta.lang == lang and report.meta.table == "3"
        assert {c.id for slot in report.board for c in slot.cards} == {"GOV-07", "TECH-01"}
        assert [e.kind for e in report.log] == ["phase", "play", "play"]
        assert all(k.name.get(lang) for k in report.energy.kpis)
    assert report_lang(ReportOptions(), Workshop()) == "pt"  # the workshop's language by default


def test_an_unknown_report_language_names_the_choices() -> None:
    with pytest.raises(ReportError, match=r"expected a report language in .*got 'xx'"):
        report_lang(ReportOptions(lang="xx"), Workshop())


def test_an_uploaded_district_is_the_home_and_may_be_the_replication_target() -> None:
    """A workshop's uploaded district (here Porto's file under another id) is what its boards are
    assessed in and, named by its id, the replication target; its assessments are keyed by the
    file's content, so a file reusing a preset's id never shares the preset's cached results."""
    from game_rules.districts import DATA_DIR, District
    from printables.report.content import (
        ReportOptions,
        district_key,
        home_district,
        replication_target,
    )

    text = (DATA_DIR / "porto.yaml").read_text(encoding="utf-8").replace("id: porto", "id: my-porto", 1)
    mine = Workshop(district="my-porto", district_file=text)
    home = home_district(mine)
    assert isinstance(home, District) and home.id == "my-porto"
    target, key = replication_target(mine, ReportOptions(replicate_to="my-porto"))
    assert isinstance(target, District) and target.id == "my-porto" and key == district_key(mine)
    assert district_key(mine).startswith("file:")
    same_id = Workshop(district="porto", district_file=(DATA_DIR / "porto.yaml").read_text(encoding="utf-8"))
    assert district_key(same_id) != "porto"
    assert replication_target(Workshop(), ReportOptions()) == ("munich-harthof", "munich-harthof")
