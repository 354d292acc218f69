"""The table, as a pure state machine: commands in, events or a rejection out.

No I/O, no asyncio, no clock: the caller passes the actor, the time and the deck. Three functions
make the whole contract:

* :func:`apply` decides: ``apply(table, command, actor, now, deck) -> Accepted | Rejected``.
  It never mutates ``table``. Retrying a command id that the table already holds returns
  :class:`Duplicate` with the seq of the first answer, so retries are idempotent.
* :func:`~game_rules.play.fold.fold` and :func:`~game_rules.play.fold.replay` (in
  :mod:`game_rules.play.fold`) apply accepted events to a table and rebuild one from its log.

One command makes exactly one event, so a command id names one row of the log.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from cards.codes import parse_payload
from cards.deck import Deck
from cards.errors import PayloadError
from cards.mat_layout import SLOT_CAPACITY
from cards.model import Card, Category, Slot
from game_rules.play.messages import (
    FACILITATOR_COMMANDS,
    AnyEvent,
    CardMoved,
    CardPlayed,
    CardRemoved,
    CardSource,
    Command,
    CommentAdded,
    CommentCmd,
    JoinCmd,
    KickCmd,
    LockCmd,
    MoveCardCmd,
    Phase,
    PhaseSet,
    PlayCardCmd,
    RemoveCardCmd,
    RevealScenarioCmd,
    RoleTaken,
    ScenarioRevealed,
    SeatJoined,
    SeatKicked,
    SetPhaseCmd,
    StartTimerCmd,
    StopTimerCmd,
    TableLocked,
    TableUnlocked,
    TakeRoleCmd,
    TimerStarted,
    TimerStopped,
    UndoCmd,
    UnlockCmd,
    VoteCast,
    VoteCmd,
)

MAX_NICKNAME = 32
MAX_COMMENT = 500
MAX_PER_SLOT = max(SLOT_CAPACITY.values())
"""Cards the largest slot may hold; per-slot capacities are cards.mat_layout.SLOT_CAPACITY."""


PHASES: tuple[Phase, ...] = tuple(Phase)

#: Slots participants may fill in each phase. Slots open cumulatively as the process advances;
#: the outcome phase freezes the board. The facilitator may play into any slot at any time.
OPEN_SLOTS: dict[Phase, frozenset[Slot]] = {
    Phase.ROLES: frozenset(),
    Phase.GOVERNANCE: frozenset({Slot.GOVERNANCE}),
    Phase.CANVAS: frozenset({Slot.GOVERNANCE, Slot.WHO, Slot.WHAT, Slot.HOW, Slot.WHY, Slot.MEASURES}),
    Phase.VALUE_FLOWS: frozenset({Slot.GOVERNANCE, Slot.WHO, Slot.WHAT, Slot.HOW, Slot.WHY, Slot.MEASURES}),
    Phase.SCENARIOS: frozenset({Slot.GOVERNANCE, Slot.WHO, Slot.WHAT, Slot.HOW, Slot.WHY, Slot.MEASURES}),
    Phase.FINANCING: frozenset(
        {Slot.GOVERNANCE, Slot.WHO, Slot.WHAT, Slot.HOW, Slot.WHY, Slot.MEASURES, Slot.FINANCING}
    ),
    Phase.OUTCOME: frozenset(),
}


def home_slots(card: Card) -> tuple[Slot, ...]:
    """The card's allowed slots, its own slot first: a *why* card that brings capital
    (``effects.capital``: loans, grants, shares, on-bill) belongs in FINANCING, where
    game_rules.financing counts it; a revenue pattern belongs in WHY."""
    slots = card.slots
    if Slot.FINANCING in slots and card.effects.capital:
        return (Slot.FINANCING, *(s for s in slots if s is not Slot.FINANCING))
    return slots


def default_slot(card: Card) -> Slot | None:
    """Where a play that names no slot lands: the card's home slot (None for a role card).

    Not the first slot that happens to be open: a capital card played before the financing
    phase is refused with ``phase_closed`` (the phone keeps it in the hand until the phase
    comes) rather than filed under revenue, where the assessment would not count its capital."""
    slots = home_slots(card)
    return slots[0] if slots else None


class Reason(StrEnum):
    """Stable rejection codes; clients translate them (never show the English message alone)."""

    NOT_JOINED = "not_joined"
    KICKED = "kicked"
    READ_ONLY = "read_only"
    FACILITATOR_ONLY = "facilitator_only"
    TABLE_LOCKED = "table_locked"
    PHASE_CLOSED = "phase_closed"
    UNKNOWN_CARD = "unknown_card"
    WRONG_SLOT = "wrong_slot"
    ALREADY_ON_BOARD = "already_on_board"
    SLOT_FULL = "slot_full"
    NO_SUCH_PLAY = "no_such_play"
    NO_SUCH_SEAT = "no_such_seat"
    NOT_A_ROLE = "not_a_role"
    ROLE_TAKEN = "role_taken"
    SEAT_EXISTS = "seat_exists"
    NICKNAME_TAKEN = "nickname_taken"
    BAD_TEXT = "bad_text"
    BAD_VALUE = "bad_value"
    NOTHING_TO_UNDO = "nothing_to_undo"
    NOT_UNDOABLE = "not_undoable"
    NOT_HIDDEN = "not_hidden"
    # Card code reasons, passed through from cards.codes.parse_payload.
    FOREIGN = "foreign"
    OTHER_DECK = "other_deck"
    STALE_DECK = "stale_deck"
    BAD_CHECK = "bad_check"


# --------------------------------------------------------------------------- state


class _State(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Seat(_State):
    """A participant's place at the table."""

    seat_id: str
    nickname: str
    role_card: str | None = None
    kicked: bool = False
    joined_at: float


class Play(_State):
    """A card lying on the board. ``play_id`` is the seq of the event that first placed it."""

    play_id: int
    card_id: str | None = Field(description="null for a scenario card not revealed to this viewer")
    slot: Slot
    source: CardSource
    seat_id: str | None = Field(description="who played it; null for the facilitator")
    hidden: bool = False
    votes: dict[str, int] = Field(default_factory=dict, description="seat_id -> -1, 0 or +1")


class Comment(_State):
    comment_id: int
    seat_id: str | None
    text: str
    play_id: int | None = None
    private: bool = Field(default=False, description="a facilitator note: only the facilitator sees it")
    at: float


class Timer(_State):
    started_at: float = Field(description="[s since the Unix epoch]")
    duration_s: float = Field(description="[s]")
    then: Literal["nothing", "lock", "next_phase"] = "nothing"
    sound: bool = False
    seq: int = Field(default=0, description="seq of the timer_started event: names this run of the timer")

    @property
    def ends_at(self) -> float:
        return self.started_at + self.duration_s


class Table(_State):
    """Everything a table is, rebuilt from its log by :func:`replay`."""

    seq: int = 0
    phase: Phase = Phase.ROLES
    locked: bool = False
    timer: Timer | None = None
    seats: dict[str, Seat] = Field(default_factory=dict)
    plays: dict[int, Play] = Field(default_factory=dict)
    comments: list[Comment] = Field(default_factory=list)
    cmd_seqs: dict[str, int] = Field(default_factory=dict, description="command id -> seq of its event")
    undoable: list[int] = Field(default_factory=list, description="seqs of board events not yet undone")
    undo_info: dict[int, dict[str, str | int | None]] = Field(default_factory=dict)

    def board(self) -> dict[Slot, tuple[str, ...]]:
        """Card ids per slot (hidden scenario cards included), in play order."""
        result: dict[Slot, list[str]] = {}
        for play in sorted(self.plays.values(), key=lambda p: p.play_id):
            if play.card_id is not None:
                result.setdefault(play.slot, []).append(play.card_id)
        return {slot: tuple(ids) for slot, ids in result.items()}

    def role_cards(self) -> tuple[str, ...]:
        return tuple(s.role_card for s in self.seats.values() if s.role_card and not s.kicked)

    def revealed_scenarios(self) -> tuple[str, ...]:
        return tuple(
            p.card_id for p in sorted(self.plays.values(), key=lambda p: p.play_id)
            if p.slot is Slot.SCENARIO and not p.hidden and p.card_id
        )


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Actor:
    """Who sends a command: ``facilitator``, ``participant`` (with a seat), ``projector``,
    ``review`` (read-only) or ``system`` (the server itself, e.g. a join)."""

    role: Literal["facilitator", "participant", "projector", "review", "system"]
    seat_id: str | None = None

    @property
    def name(self) -> str:
        return self.seat_id if self.role == "participant" and self.seat_id else self.role

    @property
    def is_facilitator(self) -> bool:
        return self.role in ("facilitator", "system")


@dataclass(frozen=True)
class Accepted:
    events: tuple[AnyEvent, ...]


@dataclass(frozen=True)
class Rejected:
    reason: Reason
    message: str


@dataclass(frozen=True)
class Duplicate:
    """The command id was seen before; ``seq`` is the event its first delivery produced."""

    seq: int


Decision = Accepted | Rejected | Duplicate


def _reject(reason: Reason, message: str) -> Rejected:
    return Rejected(reason, message)


# --------------------------------------------------------------------------- deciding


def apply(table: Table, command: Command, actor: Actor, now: float, deck: Deck, cmd_id: str) -> Decision:
    """Decide what ``command`` from ``actor`` at ``now`` [s] does to ``table``; never mutates it."""
    if cmd_id in table.cmd_seqs:
        return Duplicate(table.cmd_seqs[cmd_id])
    refusal = _check_actor(table, command, actor)
    if refusal is not None:
        return refusal
    base = {"seq": table.seq + 1, "at": now, "actor": actor.name, "cmd_id": cmd_id}
    result = _decide(table, command, actor, now, deck, base)
    if isinstance(result, Rejected):
        return result
    return Accepted((result,))


def _check_actor(table: Table, command: Command, actor: Actor) -> Rejected | None:
    if actor.role in ("projector", "review"):
        return _reject(Reason.READ_ONLY, f"a {actor.role} screen cannot change the table")
    if command.kind == "join":
        if actor.role != "system":
            return _reject(Reason.FACILITATOR_ONLY, "seats are created by joining with a code")
        return None
    if actor.role == "participant":
        seat = table.seats.get(actor.seat_id or "")
        if seat is None:
            return _reject(Reason.NOT_JOINED, "expected a seat at this table, got none")
        if seat.kicked:
            return _reject(Reason.KICKED, "the facilitator removed this seat from the table")
        if command.kind in FACILITATOR_COMMANDS:
            return _reject(Reason.FACILITATOR_ONLY, f"only the facilitator may {command.kind}")
        if table.locked:
            return _reject(Reason.TABLE_LOCKED, "the facilitator locked this table")
    return None


def _decide(table: Table, cmd: Command, actor: Actor, now: float, deck: Deck, base: dict[str, Any]) -> AnyEvent | Rejected:
    match cmd:
        case JoinCmd():
            return _join(table, cmd, base)
        case TakeRoleCmd():
            return _take_role(table, cmd, actor, deck, base)
        case PlayCardCmd():
            return _play(table, cmd, actor, deck, base)
        case RemoveCardCmd():
            return _remove(table, cmd, actor, base)
        case MoveCardCmd():
            return _move(table, cmd, actor, deck, base)
        case CommentCmd():
            return _comment(cmd, actor, base)
        case VoteCmd():
            return _vote(table, cmd, actor, base)
        case SetPhaseCmd():
            return PhaseSet(**base, phase=cmd.phase)
        case StartTimerCmd():
            return TimerStarted(**base, started_at=now, duration_s=cmd.duration_s, then=cmd.then, sound=cmd.sound)
        case StopTimerCmd():
            return TimerStopped(**base)
        case LockCmd():
            return TableLocked(**base)
        case UnlockCmd():
            return TableUnlocked(**base)
        case KickCmd():
            if cmd.seat_id not in table.seats:
                return _reject(Reason.NO_SUCH_SEAT, f"no seat {cmd.seat_id!r} at this table")
            return SeatKicked(**base, seat_id=cmd.seat_id, may_rejoin=cmd.may_rejoin)
        case RevealScenarioCmd():
            return _reveal(table, cmd, base)
        case UndoCmd():
            return _undo(table, cmd, base)
    raise ValueError(f"expected a known command kind, got {cmd!r}")


def _clean_text(text: str) -> str:
    """Drop control characters and squeeze spaces; HTML is escaped by every screen, not here."""
    return " ".join("".join(ch for ch in text if ch.isprintable() or ch == " ").split())


def _nickname_key(nickname: str) -> str:
    return unicodedata.normalize("NFC", nickname).casefold()


def _join(table: Table, cmd: JoinCmd, base: dict[str, Any]) -> AnyEvent | Rejected:
    nickname = _clean_text(cmd.nickname)
    if not 1 <= len(nickname) <= MAX_NICKNAME:
        return _reject(Reason.BAD_TEXT, f"expected a nickname of 1 to {MAX_NICKNAME} characters, got {len(nickname)}")
    if cmd.seat_id in table.seats:
        return _reject(Reason.SEAT_EXISTS, f"seat {cmd.seat_id!r} already exists")
    # Two "Ana" at one table cannot be told apart on any screen or in the report's log: refuse,
    # comparing as people read names (case and accents' composed forms ignored).
    key = _nickname_key(nickname)
    if any(_nickname_key(s.nickname) == key for s in table.seats.values() if not s.kicked):
        return _reject(Reason.NICKNAME_TAKEN, f"someone at this table is already called {nickname!r}: expected another nickname")
    return SeatJoined(**base, seat_id=cmd.seat_id, nickname=nickname)


def _take_role(table: Table, cmd: TakeRoleCmd, actor: Actor, deck: Deck, base: dict[str, Any]) -> AnyEvent | Rejected:
    if actor.role != "participant" or actor.seat_id is None:
        return _reject(Reason.NOT_JOINED, "only a participant's seat takes a role")
    if cmd.role_card is not None:
        card = deck.find(cmd.role_card)
        if card is None or card.category is not Category.ROLE:
            return _reject(Reason.NOT_A_ROLE, f"expected a ROLE-xx card, got {cmd.role_card!r}")
        holder = next((s for s in table.seats.values() if s.role_card == card.id and not s.kicked), None)
        if holder is not None and holder.seat_id != actor.seat_id:
            return _reject(Reason.ROLE_TAKEN, f"{card.id} is already taken by another seat")
        return RoleTaken(**base, seat_id=actor.seat_id, role_card=card.id)
    return RoleTaken(**base, seat_id=actor.seat_id, role_card=None)


def resolve_card(cmd: PlayCardCmd, deck: Deck) -> Card | Rejected:
    """The card a play names by id, printed code or QR payload (exactly one of them)."""
    given = [v for v in (cmd.card_id, cmd.code, cmd.payload) if v]
    if len(given) != 1:
        return _reject(Reason.UNKNOWN_CARD, f"expected exactly one of card_id, code, payload; got {len(given)}")
    if cmd.payload:
        try:
            return parse_payload(deck, cmd.payload).card
        except PayloadError as exc:
            return _reject(Reason(exc.reason), str(exc))
    text = cmd.card_id or cmd.code or ""
    card = deck.find(text)
    if card is None:
        return _reject(Reason.UNKNOWN_CARD, f"expected a card id or printed code of this deck, got {text[:40]!r}")
    return card


def _slot_refusal(table: Table, card: Card, slot: Slot, actor: Actor) -> Rejected | None:
    if slot not in card.slots:
        allowed = ", ".join(s.value for s in card.slots) or "none (role cards are taken, not placed)"
        return _reject(Reason.WRONG_SLOT, f"{card.id} goes in {allowed}, got {slot.value}")
    if not actor.is_facilitator:
        if slot is Slot.SCENARIO:
            return _reject(Reason.FACILITATOR_ONLY, "the facilitator deals scenario cards")
        if slot not in OPEN_SLOTS[table.phase]:
            return _reject(Reason.PHASE_CLOSED, f"the {slot.value} slot is not open in the {table.phase.value} phase")
    capacity = SLOT_CAPACITY[slot]
    if sum(1 for p in table.plays.values() if p.slot is slot) >= capacity:
        cards = "one card" if capacity == 1 else f"{capacity} cards"
        return _reject(Reason.SLOT_FULL, f"the {slot.value} slot holds {cards}, as printed on the mat: remove one first")
    return None


def _play(table: Table, cmd: PlayCardCmd, actor: Actor, deck: Deck, base: dict[str, Any]) -> AnyEvent | Rejected:
    card = resolve_card(cmd, deck)
    if isinstance(card, Rejected):
        return card
    if card.category is Category.ROLE:
        return _reject(Reason.WRONG_SLOT, f"{card.id} is a role card: take it as your role instead")
    slot = cmd.slot or default_slot(card) or card.slots[0]
    # A rescan of a card already lying there says so, before any "slot full" would.
    if any(p.card_id == card.id for p in table.plays.values()):
        return _reject(Reason.ALREADY_ON_BOARD, f"{card.id} is already on the board")
    refusal = _slot_refusal(table, card, slot, actor)
    if refusal is not None:
        return refusal
    hidden = slot is Slot.SCENARIO and not cmd.revealed
    return CardPlayed(
        **base, play_id=base["seq"], card_id=card.id, slot=slot, source=cmd.source,
        seat_id=actor.seat_id, hidden=hidden,
    )


def _may_touch(play: Play, actor: Actor, table: Table) -> Rejected | None:
    if play.slot is Slot.SCENARIO and not actor.is_facilitator:
        return _reject(Reason.FACILITATOR_ONLY, "the facilitator handles scenario cards")
    if not actor.is_facilitator and table.phase is Phase.OUTCOME:
        return _reject(Reason.PHASE_CLOSED, "the board is frozen in the outcome phase")
    return None


def _remove(table: Table, cmd: RemoveCardCmd, actor: Actor, base: dict[str, Any]) -> AnyEvent | Rejected:
    play = table.plays.get(cmd.play_id)
    if play is None:
        return _reject(Reason.NO_SUCH_PLAY, f"no card with play id {cmd.play_id} on the board")
    refusal = _may_touch(play, actor, table)
    return refusal or CardRemoved(**base, play_id=play.play_id)


def _move(table: Table, cmd: MoveCardCmd, actor: Actor, deck: Deck, base: dict[str, Any]) -> AnyEvent | Rejected:
    play = table.plays.get(cmd.play_id)
    if play is None or play.card_id is None:
        return _reject(Reason.NO_SUCH_PLAY, f"no card with play id {cmd.play_id} on the board")
    refusal = _may_touch(play, actor, table) or _slot_refusal(table, deck.get(play.card_id), cmd.slot, actor)
    if refusal is not None:
        return refusal
    return CardMoved(**base, play_id=play.play_id, from_slot=play.slot, to_slot=cmd.slot)


def _comment(cmd: CommentCmd, actor: Actor, base: dict[str, Any]) -> AnyEvent | Rejected:
    text = _clean_text(cmd.text)
    if not 1 <= len(text) <= MAX_COMMENT:
        return _reject(Reason.BAD_TEXT, f"expected a comment of 1 to {MAX_COMMENT} characters, got {len(text)}")
    if cmd.private and not actor.is_facilitator:
        return _reject(Reason.FACILITATOR_ONLY, "only the facilitator writes private notes")
    return CommentAdded(**base, seat_id=actor.seat_id, text=text, play_id=cmd.play_id, private=cmd.private)


def _vote(table: Table, cmd: VoteCmd, actor: Actor, base: dict[str, Any]) -> AnyEvent | Rejected:
    if actor.seat_id is None:
        return _reject(Reason.NOT_JOINED, "only a participant's seat votes")
    if cmd.play_id not in table.plays:
        return _reject(Reason.NO_SUCH_PLAY, f"no card with play id {cmd.play_id} on the board")
    return VoteCast(**base, seat_id=actor.seat_id, play_id=cmd.play_id, value=cmd.value)


def _reveal(table: Table, cmd: RevealScenarioCmd, base: dict[str, Any]) -> AnyEvent | Rejected:
    play = table.plays.get(cmd.play_id)
    if play is None or play.card_id is None:
        return _reject(Reason.NO_SUCH_PLAY, f"no card with play id {cmd.play_id} on the board")
    if not play.hidden:
        return _reject(Reason.NOT_HIDDEN, f"play {cmd.play_id} is already face up")
    return ScenarioRevealed(**base, play_id=play.play_id, card_id=play.card_id)


def _undo(table: Table, cmd: UndoCmd, base: dict[str, Any]) -> AnyEvent | Rejected:
    if not table.undoable:
        return _reject(Reason.NOTHING_TO_UNDO, "no board change left to undo")
    target = cmd.target_seq if cmd.target_seq is not None else table.undoable[-1]
    info = table.undo_info.get(target)
    if target not in table.undoable or info is None:
        return _reject(Reason.NOT_UNDOABLE, f"event {target} is not a board change that can be undone")
    play_id = int(info["play_id"] or 0)
    play = table.plays.get(play_id)
    kind = info["type"]
    undo = {**base, "undo_of": target}
    if kind == "card_played":
        if play is None:
            return _reject(Reason.NOT_UNDOABLE, f"the card of event {target} is no longer on the board")
        return CardRemoved(**undo, play_id=play_id)
    if kind == "card_removed":
        card_id = str(info["card_id"])
        if play is not None or any(p.card_id == card_id for p in table.plays.values()):
            return _reject(Reason.NOT_UNDOABLE, f"{card_id} is on the board again")
        return CardPlayed(
            **undo, play_id=play_id, card_id=card_id, slot=Slot(str(info["slot"])),
            source=CardSource(str(info["source"])), seat_id=None if info["seat_id"] is None else str(info["seat_id"]), hidden=bool(info["hidden"]),
        )
    if play is None or play.slot.value != info["to_slot"]:
        return _reject(Reason.NOT_UNDOABLE, f"the card moved by event {target} has moved since")
    return CardMoved(**undo, play_id=play_id, from_slot=play.slot, to_slot=Slot(str(info["from_slot"])))
