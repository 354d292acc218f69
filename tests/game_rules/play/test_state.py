"""The pure table state machine: decisions, folding, replay, undo, projection."""

from __future__ import annotations

import pytest

from cards.codes import card_payload
from cards.deck import Deck
from cards.model import Slot
from game_rules.play import (
    Accepted,
    Actor,
    CardPlayed,
    CommentCmd,
    Duplicate,
    JoinCmd,
    KickCmd,
    LockCmd,
    MoveCardCmd,
    Phase,
    PlayCardCmd,
    Redacted,
    Rejected,
    RemoveCardCmd,
    RevealScenarioCmd,
    SetPhaseCmd,
    Table,
    TakeRoleCmd,
    UndoCmd,
    apply,
    fold,
    replay,
)
from server.projection import project_event, project_table

FAC = Actor("facilitator")
ALICE = Actor("participant", "seat-alice")
BOB = Actor("participant", "seat-bob")


class Game:
    """A table plus its log, driven through apply + fold like the server does."""

    def __init__(self, deck: Deck) -> None:
        self.deck, self.table, self.log, self.n = deck, Table(), [], 0

    def do(self, command, actor=FAC, cmd_id=None):  # type: ignore[no-untyped-def]
        self.n += 1
        decision = apply(self.table, command, actor, 1000.0 + self.n, self.deck, cmd_id or f"cmd-{self.n:04d}")
        if isinstance(decision, Accepted):
            for event in decision.events:
                fold(self.table, event)
                self.log.append(event)
        return decision

    def ok(self, command, actor=FAC):  # type: ignore[no-untyped-def]
        decision = self.do(command, actor)
        assert isinstance(decision, Accepted), decision
        return decision.events[0]

    def rejected(self, command, actor=FAC) -> str:  # type: ignore[no-untyped-def]
        decision = self.do(command, actor)
        assert isinstance(decision, Rejected), decision
        return decision.reason.value


@pytest.fixture
def game(deck: Deck) -> Game:
    g = Game(deck)
    g.ok(JoinCmd(seat_id="seat-alice", nickname="Alice <b>"), Actor("system"))
    g.ok(JoinCmd(seat_id="seat-bob", nickname="Bob"), Actor("system"))
    return g


def test_roles_are_taken_once_and_only_role_cards(game: Game) -> None:
    game.ok(TakeRoleCmd(role_card="ROLE-01"), ALICE)
    assert game.rejected(TakeRoleCmd(role_card="ROLE-01"), BOB) == "role_taken"
    assert game.rejected(TakeRoleCmd(role_card="GOV-01"), BOB) == "not_a_role"
    assert game.table.seats["seat-alice"].role_card == "ROLE-01"


def test_slots_open_with_the_phases(game: Game) -> None:
    assert game.rejected(PlayCardCmd(card_id="GOV-01"), ALICE) == "phase_closed"
    game.ok(SetPhaseCmd(phase=Phase.GOVERNANCE))
    played = game.ok(PlayCardCmd(card_id="GOV-01", source="scan"), ALICE)
    assert isinstance(played, CardPlayed) and played.slot is Slot.GOVERNANCE and played.seat_id == "seat-alice"
    assert game.rejected(PlayCardCmd(card_id="WHO-01"), ALICE) == "phase_closed"
    game.ok(SetPhaseCmd(phase=Phase.OUTCOME))
    assert game.rejected(PlayCardCmd(card_id="WHO-01"), ALICE) == "phase_closed"


def test_card_named_by_payload_code_or_id_and_refused_when_foreign(game: Game, deck: Deck) -> None:
    game.ok(SetPhaseCmd(phase=Phase.CANVAS))
    game.ok(PlayCardCmd(payload=card_payload(deck, deck.get("WHO-01"), "http://10.0.0.2:8000")), ALICE)
    game.ok(PlayCardCmd(code=deck.get("WHAT-01").code.lower()), BOB)
    assert game.rejected(PlayCardCmd(payload="PCED.1/WHO-02.ZZ"), ALICE) == "bad_check"
    assert game.rejected(PlayCardCmd(payload="https://example.org/"), ALICE) == "foreign"
    assert game.rejected(PlayCardCmd(card_id="WHO-99"), ALICE) == "unknown_card"
    assert game.rejected(PlayCardCmd(card_id="WHO-02", code="X"), ALICE) == "unknown_card"
    assert game.rejected(PlayCardCmd(card_id="WHO-02", slot=Slot.HOW), ALICE) == "wrong_slot"
    assert game.table.board() == {Slot.WHO: ("WHO-01",), Slot.WHAT: ("WHAT-01",)}


def test_rescans_and_retries_never_duplicate(game: Game) -> None:
    game.ok(SetPhaseCmd(phase=Phase.CANVAS))
    first = game.do(PlayCardCmd(card_id="HOW-01"), ALICE, cmd_id="retry-0001")
    again = game.do(PlayCardCmd(card_id="HOW-01"), ALICE, cmd_id="retry-0001")
    assert isinstance(first, Accepted) and again == Duplicate(first.events[0].seq)
    assert game.rejected(PlayCardCmd(card_id="HOW-01"), BOB) == "already_on_board"
    assert len(game.table.plays) == 1


def test_facilitator_only_and_read_only(game: Game) -> None:
    for command in (SetPhaseCmd(phase=Phase.CANVAS), LockCmd(), KickCmd(seat_id="seat-bob"), UndoCmd()):
        assert game.rejected(command, ALICE) == "facilitator_only"
    assert game.rejected(CommentCmd(text="note", private=True), ALICE) == "facilitator_only"
    assert game.rejected(CommentCmd(text="hi"), Actor("projector")) == "read_only"
    assert game.rejected(CommentCmd(text="hi"), Actor("participant", "nobody")) == "not_joined"
    assert game.rejected(JoinCmd(seat_id="seat-eve", nickname="Eve"), ALICE) == "facilitator_only"


def test_lock_and_kick(game: Game) -> None:
    game.ok(LockCmd())
    assert game.rejected(CommentCmd(text="hello"), ALICE) == "table_locked"
    game.ok(CommentCmd(text="the facilitator may still act"))
    game.ok(KickCmd(seat_id="seat-bob"))
    assert game.rejected(CommentCmd(text="hello"), BOB) == "kicked"


def test_undo_is_a_compensating_event(game: Game) -> None:
    game.ok(SetPhaseCmd(phase=Phase.CANVAS))
    played = game.ok(PlayCardCmd(card_id="WHO-01"), ALICE)
    game.ok(MoveCardCmd(play_id=played.seq, slot=Slot.WHO), ALICE)
    game.ok(RemoveCardCmd(play_id=played.seq), BOB)
    restored = game.ok(UndoCmd())
    assert restored.type == "card_played" and restored.undo_of == restored.seq - 1
    assert game.table.plays[played.seq].card_id == "WHO-01"
    game.ok(UndoCmd())  # undoes the move (back to its own slot)
    removed = game.ok(UndoCmd())
    assert removed.type == "card_removed" and removed.undo_of == played.seq
    assert game.table.plays == {}
    assert game.rejected(UndoCmd()) == "nothing_to_undo"
    assert [e.seq for e in game.log] == list(range(1, len(game.log) + 1))


def test_replay_rebuilds_the_same_table(game: Game) -> None:
    game.ok(SetPhaseCmd(phase=Phase.FINANCING))
    game.ok(PlayCardCmd(card_id="WHY-01", slot=Slot.FINANCING), ALICE)
    game.ok(PlayCardCmd(card_id="SCN-01"))
    game.ok(CommentCmd(text="private", private=True))
    assert replay(game.log) == game.table
    half = replay(game.log[:3])
    assert replay(game.log[3:], half) == game.table


def test_hidden_scenarios_and_notes_are_filtered_in_one_place(game: Game) -> None:
    dealt = game.ok(PlayCardCmd(card_id="SCN-02"))
    note = game.ok(CommentCmd(text="watch Bob", private=True))
    assert dealt.hidden and project_event(dealt, "participant").card_id is None
    assert project_event(dealt, "facilitator").card_id == "SCN-02"
    assert isinstance(project_event(note, "projector"), Redacted)
    assert project_event(note, "projector").seq == note.seq
    assert game.rejected(PlayCardCmd(card_id="SCN-03"), ALICE) in ("facilitator_only", "phase_closed")
    view = project_table(game.table, "participant")
    assert [p.card_id for p in view.plays] == [None] and view.comments == []
    assert "Alice <b>" not in project_table(game.table, "review").model_dump_json()
    game.ok(RevealScenarioCmd(play_id=dealt.seq))
    assert [p.card_id for p in project_table(game.table, "participant").plays] == ["SCN-02"]
    assert game.rejected(RevealScenarioCmd(play_id=dealt.seq)) == "not_hidden"


def test_nicknames_are_cleaned_and_bounded(game: Game) -> None:
    assert game.rejected(JoinCmd(seat_id="seat-long", nickname="x" * 40), Actor("system")) == "bad_text"
    joined = game.ok(JoinCmd(seat_id="seat-tab", nickname=" Zoë\t\x00 M. "), Actor("system"))
    assert joined.nickname == "Zoë M."
