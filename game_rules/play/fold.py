"""Folding: how an accepted event changes a table, and how a log rebuilds one.

Deterministic and free of I/O: :func:`fold` changes a :class:`~game_rules.play.state.Table` in
place (the server folds only after the event is committed), :func:`replay` rebuilds a table from
its events in seq order, which is how any worker serves any table.
"""

from __future__ import annotations

from game_rules.play.messages import (
    AnyEvent,
    CardMoved,
    CardPlayed,
    CardRemoved,
    CommentAdded,
    PhaseSet,
    Redacted,
    RoleTaken,
    ScenarioRevealed,
    SeatJoined,
    SeatKicked,
    TableLocked,
    TableUnlocked,
    TimerStarted,
    TimerStopped,
    VoteCast,
)
from game_rules.play.state import Comment, Play, Seat, Table, Timer


def fold(table: Table, event: AnyEvent) -> Table:
    """Apply one accepted event to ``table`` in place and return it (deterministic, no I/O)."""
    if event.seq != table.seq + 1:
        raise ValueError(f"expected event seq {table.seq + 1}, got {event.seq}")
    table.seq = event.seq
    table.cmd_seqs[event.cmd_id] = event.seq
    _fold_one(table, event)
    return table


def _fold_one(table: Table, ev: AnyEvent) -> None:
    match ev:
        case SeatJoined():
            table.seats[ev.seat_id] = Seat(seat_id=ev.seat_id, nickname=ev.nickname, joined_at=ev.at)
        case RoleTaken():
            table.seats[ev.seat_id].role_card = ev.role_card
        case CardPlayed():
            _fold_played(table, ev)
        case CardRemoved():
            _fold_removed(table, ev)
        case CardMoved():
            table.plays[ev.play_id].slot = ev.to_slot
            _mark_undo(table, ev, {"type": "card_moved", "play_id": ev.play_id,
                                   "from_slot": ev.from_slot.value, "to_slot": ev.to_slot.value})
        case CommentAdded():
            table.comments.append(Comment(comment_id=ev.seq, seat_id=ev.seat_id, text=ev.text,
                                          play_id=ev.play_id, private=ev.private, at=ev.at))
        case VoteCast():
            play = table.plays.get(ev.play_id)
            if play is not None:
                play.votes[ev.seat_id] = ev.value
        case PhaseSet():
            table.phase = ev.phase
        case TimerStarted():
            table.timer = Timer(started_at=ev.started_at, duration_s=ev.duration_s, then=ev.then, sound=ev.sound, seq=ev.seq)
        case TimerStopped():
            table.timer = None
        case TableLocked() | TableUnlocked():
            table.locked = isinstance(ev, TableLocked)
        case SeatKicked():
            table.seats[ev.seat_id].kicked = True
        case ScenarioRevealed():
            table.plays[ev.play_id].hidden = False
        case Redacted():
            pass


def _mark_undo(table: Table, ev: CardPlayed | CardRemoved | CardMoved, info: dict[str, str | int | None]) -> None:
    if ev.undo_of is not None:
        if ev.undo_of in table.undoable:
            table.undoable.remove(ev.undo_of)
        table.undo_info.pop(ev.undo_of, None)
        return
    table.undoable.append(ev.seq)
    table.undo_info[ev.seq] = info


def _fold_played(table: Table, ev: CardPlayed) -> None:
    table.plays[ev.play_id] = Play(play_id=ev.play_id, card_id=ev.card_id, slot=ev.slot,
                                   source=ev.source, seat_id=ev.seat_id, hidden=ev.hidden)
    _mark_undo(table, ev, {"type": "card_played", "play_id": ev.play_id})


def _fold_removed(table: Table, ev: CardRemoved) -> None:
    play = table.plays.pop(ev.play_id)
    _mark_undo(table, ev, {"type": "card_removed", "play_id": play.play_id, "card_id": play.card_id,
                           "slot": play.slot.value, "source": play.source.value,
                           "seat_id": play.seat_id, "hidden": int(play.hidden)})


def replay(events: list[AnyEvent], start: Table | None = None) -> Table:
    """Rebuild a table from its events in seq order (optionally on top of a snapshot)."""
    table = start.model_copy(deep=True) if start is not None else Table()
    for event in events:
        fold(table, event)
    return table
