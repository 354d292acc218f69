"""The table's wire vocabulary: the commands a client sends and the events the log holds.

Split from :mod:`game_rules.play.state` (which decides) and :mod:`game_rules.play.fold` so each
stays short; all are pure data with no I/O. Every name here is re-exported by :mod:`game_rules.play`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from cards.model import Slot

MAX_TIMER_S = 4 * 3600
"""Longest phase timer [s]."""
MAX_SEQ = 2**31 - 1
"""Largest seq or play id a client may name: the log's ``seq`` column is a 32-bit integer."""
SeqNo = Annotated[int, Field(ge=1, le=MAX_SEQ, description="a seq of this table's log")]
CardName = Annotated[str, Field(min_length=1, max_length=40)]

class Phase(StrEnum):
    """The guided process, in order (issue 6, "The guided process")."""

    ROLES = "roles"
    GOVERNANCE = "governance"
    CANVAS = "canvas"  # who / what / how / why (and the energy measures they need)
    VALUE_FLOWS = "value_flows"
    SCENARIOS = "scenarios"
    FINANCING = "financing"
    OUTCOME = "outcome"



class CardSource(StrEnum):
    """How a card reached the server: in-app QR scan, picked from a list, typed code, photo."""

    SCAN = "scan"
    PICK = "pick"
    CODE = "code"
    PHOTO = "photo"


# --------------------------------------------------------------------------- commands


class _Cmd(BaseModel):
    model_config = ConfigDict(extra="forbid")


class JoinCmd(_Cmd):
    """Issued by the server when someone joins with a code (HTTP ``/api/join``), never by a client."""

    kind: Literal["join"] = "join"
    seat_id: Annotated[str, Field(min_length=4, max_length=40)]
    nickname: str


class TakeRoleCmd(_Cmd):
    kind: Literal["take_role"] = "take_role"
    role_card: CardName | None = Field(description="a ROLE-xx card id, or null to give the role back")


class PlayCardCmd(_Cmd):
    """Play one card. Name it by exactly one of ``card_id``, ``code`` (4 characters printed on the
    card) or ``payload`` (what the QR code says). ``slot`` defaults to the card's first slot."""

    kind: Literal["play_card"] = "play_card"
    card_id: CardName | None = None
    code: CardName | None = None
    payload: Annotated[str | None, Field(max_length=300)] = None
    slot: Slot | None = None
    source: CardSource = CardSource.PICK
    revealed: bool = Field(default=False, description="facilitator only: deal a scenario card face up")


class RemoveCardCmd(_Cmd):
    kind: Literal["remove_card"] = "remove_card"
    play_id: SeqNo


class MoveCardCmd(_Cmd):
    kind: Literal["move_card"] = "move_card"
    play_id: SeqNo
    slot: Slot


class CommentCmd(_Cmd):
    kind: Literal["comment"] = "comment"
    text: Annotated[str, Field(min_length=1, max_length=2000, description="1 to 500 characters once whitespace is collapsed")]
    play_id: SeqNo | None = None
    private: bool = False


class VoteCmd(_Cmd):
    kind: Literal["vote"] = "vote"
    play_id: SeqNo
    value: Literal[-1, 0, 1]


class SetPhaseCmd(_Cmd):
    kind: Literal["set_phase"] = "set_phase"
    phase: Phase


TimerEnd = Literal["nothing", "lock", "next_phase"]
"""What follows when a timer reaches 0:00, chosen by the facilitator when starting it."""


class StartTimerCmd(_Cmd):
    kind: Literal["start_timer"] = "start_timer"
    duration_s: Annotated[float, Field(gt=0, le=MAX_TIMER_S)]
    then: TimerEnd = Field(default="nothing", description="what follows at 0:00: nothing, lock the table, or the next phase")
    sound: bool = Field(default=False, description="screens that can play a sound chime at 0:00")


class StopTimerCmd(_Cmd):
    kind: Literal["stop_timer"] = "stop_timer"


class LockCmd(_Cmd):
    kind: Literal["lock"] = "lock"


class UnlockCmd(_Cmd):
    kind: Literal["unlock"] = "unlock"


class KickCmd(_Cmd):
    kind: Literal["kick"] = "kick"
    seat_id: Annotated[str, Field(min_length=1, max_length=40)]
    may_rejoin: bool = Field(default=False, description="the facilitator lets the person join again with the table code (once: the same as kick, then \"Let back in\")")


class RevealScenarioCmd(_Cmd):
    kind: Literal["reveal_scenario"] = "reveal_scenario"
    play_id: SeqNo


class UndoCmd(_Cmd):
    """Undo the latest board change (or ``target_seq``) with a compensating event."""

    kind: Literal["undo"] = "undo"
    target_seq: SeqNo | None = None


Command = Annotated[
    JoinCmd | TakeRoleCmd | PlayCardCmd | RemoveCardCmd | MoveCardCmd | CommentCmd | VoteCmd
    | SetPhaseCmd | StartTimerCmd | StopTimerCmd | LockCmd | UnlockCmd | KickCmd
    | RevealScenarioCmd | UndoCmd,
    Field(discriminator="kind"),
]

FACILITATOR_COMMANDS = frozenset(
    {"set_phase", "start_timer", "stop_timer", "lock", "unlock", "kick", "reveal_scenario", "undo"}
)


# --------------------------------------------------------------------------- events


class _Ev(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seq: int = Field(description="position in the table's log, from 1, no gaps")
    at: float = Field(description="[s since the Unix epoch] server time of acceptance")
    actor: str = Field(description="seat id, 'facilitator' or 'system'")
    cmd_id: str


class SeatJoined(_Ev):
    type: Literal["seat_joined"] = "seat_joined"
    seat_id: str
    nickname: str


class RoleTaken(_Ev):
    type: Literal["role_taken"] = "role_taken"
    seat_id: str
    role_card: str | None


class CardPlayed(_Ev):
    type: Literal["card_played"] = "card_played"
    play_id: int
    card_id: str | None = Field(description="null to viewers who may not see a hidden scenario")
    slot: Slot
    source: CardSource
    seat_id: str | None
    hidden: bool = False
    undo_of: int | None = None


class CardRemoved(_Ev):
    type: Literal["card_removed"] = "card_removed"
    play_id: int
    undo_of: int | None = None


class CardMoved(_Ev):
    type: Literal["card_moved"] = "card_moved"
    play_id: int
    from_slot: Slot
    to_slot: Slot
    undo_of: int | None = None


class CommentAdded(_Ev):
    type: Literal["comment_added"] = "comment_added"
    seat_id: str | None
    text: Annotated[str, Field(min_length=1, max_length=2000, description="1 to 500 characters once whitespace is collapsed")]
    play_id: SeqNo | None = None
    private: bool = False


class VoteCast(_Ev):
    type: Literal["vote_cast"] = "vote_cast"
    seat_id: str
    play_id: int
    value: int


class PhaseSet(_Ev):
    type: Literal["phase_set"] = "phase_set"
    phase: Phase


class TimerStarted(_Ev):
    type: Literal["timer_started"] = "timer_started"
    started_at: float
    duration_s: float
    then: TimerEnd = "nothing"
    sound: bool = False


class TimerStopped(_Ev):
    type: Literal["timer_stopped"] = "timer_stopped"


class TableLocked(_Ev):
    type: Literal["table_locked"] = "table_locked"


class TableUnlocked(_Ev):
    type: Literal["table_unlocked"] = "table_unlocked"


class SeatKicked(_Ev):
    type: Literal["seat_kicked"] = "seat_kicked"
    seat_id: str
    may_rejoin: bool = False


class ScenarioRevealed(_Ev):
    type: Literal["scenario_revealed"] = "scenario_revealed"
    play_id: int
    card_id: str


class Redacted(_Ev):
    """What a viewer receives in place of an event it may not see: the seq stays, no gap."""

    type: Literal["redacted"] = "redacted"


Event = Annotated[
    SeatJoined | RoleTaken | CardPlayed | CardRemoved | CardMoved | CommentAdded | VoteCast
    | PhaseSet | TimerStarted | TimerStopped | TableLocked | TableUnlocked | SeatKicked
    | ScenarioRevealed | Redacted,
    Field(discriminator="type"),
]
AnyEvent = (
    SeatJoined | RoleTaken | CardPlayed | CardRemoved | CardMoved | CommentAdded | VoteCast
    | PhaseSet | TimerStarted | TimerStopped | TableLocked | TableUnlocked | SeatKicked
    | ScenarioRevealed | Redacted
)
