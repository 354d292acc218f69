"""What each viewer may see, decided in one place for snapshots, events and logs alike.

Viewers are the roles of :class:`game_rules.play.Actor`:

* ``facilitator`` sees everything (private notes, hidden scenario cards).
* ``participant`` and ``projector`` see the board, but a scenario card dealt face down shows no
  card id until it is revealed, and facilitator notes arrive as ``redacted`` events (the seq is
  kept, so a client never mistakes a hidden event for a gap).
* ``review`` (a city reading the outcome after the workshop) sees what a participant sees, with
  nicknames replaced by neutral labels: the people at the table are not named in a review link.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from game_rules.play import (
    AnyEvent,
    CardPlayed,
    Comment,
    CommentAdded,
    Phase,
    Play,
    Redacted,
    SeatJoined,
    Table,
)

Viewer = Literal["facilitator", "participant", "projector", "review", "system"]


class SeatView(BaseModel):
    seat_id: str
    nickname: str = Field(description="plain text: screens must insert it as text, never as HTML")
    role_card: str | None
    kicked: bool


class TimerView(BaseModel):
    started_at: float = Field(description="[s since the Unix epoch]")
    duration_s: float = Field(description="[s]")
    ends_at: float = Field(description="[s since the Unix epoch]")
    then: Literal["nothing", "lock", "next_phase"] = Field(default="nothing", description="what follows at 0:00")
    sound: bool = Field(default=False, description="chime at 0:00")
    seq: int = Field(default=0, description="seq of the timer_started event")


class TableView(BaseModel):
    """A table as one viewer may see it (the ``snapshot`` message's body)."""

    seq: int
    phase: Phase
    locked: bool
    timer: TimerView | None
    seats: list[SeatView]
    plays: list[Play]
    comments: list[Comment]
    can_undo: bool = Field(description="facilitator only: an undoable board change exists")


def review_label(seat_id: str) -> str:
    """The neutral name a review link shows instead of a nickname."""
    return f"Participant {seat_id[:4].upper()}"


def sees_everything(viewer: Viewer) -> bool:
    return viewer in ("facilitator", "system")


def project_event(event: AnyEvent, viewer: Viewer) -> AnyEvent:
    """``event`` as ``viewer`` may see it; same seq, possibly redacted."""
    if sees_everything(viewer):
        return event
    if isinstance(event, CommentAdded) and event.private:
        return Redacted(seq=event.seq, at=event.at, actor=event.actor, cmd_id=event.cmd_id)
    if isinstance(event, CardPlayed) and event.hidden:
        return event.model_copy(update={"card_id": None})
    if isinstance(event, SeatJoined) and viewer == "review":
        return event.model_copy(update={"nickname": review_label(event.seat_id)})
    return event


def project_events(events: list[AnyEvent], viewer: Viewer) -> list[AnyEvent]:
    return [project_event(e, viewer) for e in events]


def project_table(table: Table, viewer: Viewer) -> TableView:
    """The snapshot ``viewer`` receives."""
    full = sees_everything(viewer)
    seats = [
        SeatView(
            seat_id=s.seat_id,
            nickname=s.nickname if viewer != "review" else review_label(s.seat_id),
            role_card=s.role_card,
            kicked=s.kicked,
        )
        for s in table.seats.values()
    ]
    plays = [
        p if full or not p.hidden else p.model_copy(update={"card_id": None})
        for p in sorted(table.plays.values(), key=lambda p: p.play_id)
    ]
    comments = [c for c in table.comments if full or not c.private]
    timer = None
    if table.timer is not None:
        timer = TimerView(started_at=table.timer.started_at, duration_s=table.timer.duration_s,
                          ends_at=table.timer.ends_at, then=table.timer.then, sound=table.timer.sound,
                          seq=table.timer.seq)
    return TableView(
        seq=table.seq, phase=table.phase, locked=table.locked, timer=timer, seats=seats,
        plays=plays, comments=comments, can_undo=full and bool(table.undoable),
    )


def project_state(table: Table, viewer: Viewer) -> Table:
    """A copy of the full state holding only what ``viewer`` may see, for outputs built from the
    state itself (reports, CSV, JSON exports): scenario cards still face down are left off the
    board, private notes dropped, and for ``review`` nicknames replaced by neutral labels."""
    if sees_everything(viewer):
        return table
    seats = {k: s.model_copy(update={"nickname": review_label(s.seat_id)}) if viewer == "review" else s
             for k, s in table.seats.items()}
    plays = {k: p for k, p in table.plays.items() if not p.hidden}
    comments = [c for c in table.comments if not c.private]
    return table.model_copy(update={"seats": seats, "plays": plays, "comments": comments})


class ViewerStore:
    """A read view of :class:`server.store.Store` whose table states and logs are projected for
    one viewer, so code that reads the store (the report builder) cannot leak what that viewer
    may not see. Every other attribute is the store's own."""

    def __init__(self, store: Any, viewer: Viewer) -> None:
        self._store, self.viewer = store, viewer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def load_table(self, table_id: str) -> Table:
        return project_state(self._store.load_table(table_id), self.viewer)

    def events_after(self, table_id: str, after: int, limit: int | None = None) -> list[AnyEvent]:
        return project_events(self._store.events_after(table_id, after, limit), self.viewer)
