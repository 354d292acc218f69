"""Slots follow the phase and the card's own slot; capacities are the ones printed on the mat
(issue 13, point 4)."""

from __future__ import annotations

import pytest

from cards.deck import Deck, default_deck
from cards.mat_layout import SLOT_CAPACITY
from cards.model import Slot
from game_rules.play import (
    Accepted,
    Actor,
    CardPlayed,
    JoinCmd,
    Phase,
    PlayCardCmd,
    Rejected,
    SetPhaseCmd,
    Table,
    apply,
    fold,
    home_slots,
)
from printables.i18n import SLOT_GUIDANCE

FAC = Actor("facilitator")


@pytest.fixture(scope="module")
def deck() -> Deck:
    """The shipped deck: the issue is about its capital cards, which the fixture deck lacks."""
    return default_deck()


ANA = Actor("participant", "seat-ana")


def _table(deck: Deck, phase: Phase) -> Table:
    table = Table()
    for n, (cmd, actor) in enumerate(((JoinCmd(seat_id="seat-ana", nickname="Ana"), Actor("system")),
                                      (SetPhaseCmd(phase=phase), FAC))):
        decision = apply(table, cmd, actor, 1000.0 + n, deck, f"setup-{n}")
        assert isinstance(decision, Accepted), decision
        for event in decision.events:
            fold(table, event)
    return table


def _play(table: Table, deck: Deck, cmd: PlayCardCmd, actor: Actor = ANA) -> Accepted | Rejected:
    decision = apply(table, cmd, actor, 2000.0 + table.seq, deck, f"play-{table.seq}")
    if isinstance(decision, Accepted):
        for event in decision.events:
            fold(table, event)
    return decision  # type: ignore[return-value]


def test_a_financing_card_typed_in_the_financing_phase_lands_in_financing(deck: Deck) -> None:
    """A soft loan, a grant or citizen shares bring capital (effects.capital), which game_rules.financing counts only
    in the financing slot: typed by its printed code in the financing phase it lands there, and a
    revenue pattern (WHY-01, no capital) still lands in WHY."""
    table = _table(deck, Phase.FINANCING)
    loans = [c for c in deck.cards if c.effects.capital and Slot.FINANCING in c.slots]
    assert len(loans) >= 3, "the deck has at least three capital cards"
    for card in loans[:3]:
        decision = _play(table, deck, PlayCardCmd(code=card.code.lower()))
        assert isinstance(decision, Accepted), decision
        event = decision.events[0]
        assert isinstance(event, CardPlayed) and event.slot is Slot.FINANCING, (card.id, event)
    revenue = next(c for c in deck.cards if c.slots and c.slots[0] is Slot.WHY and not c.effects.capital)
    decision = _play(table, deck, PlayCardCmd(card_id=revenue.id))
    assert isinstance(decision, Accepted) and decision.events[0].slot is Slot.WHY  # type: ignore[union-attr]


def test_a_capital_card_before_the_financing_phase_waits_for_it(deck: Deck) -> None:
    """In the canvas phase the financing slot is closed: the card is refused, not misfiled in WHY."""
    table = _table(deck, Phase.CANVAS)
    loan = next(c for c in deck.cards if c.effects.capital and Slot.FINANCING in c.slots)
    assert home_slots(loan)[0] is Slot.FINANCING
    decision = _play(table, deck, PlayCardCmd(card_id=loan.id))
    assert isinstance(decision, Rejected) and decision.reason.value == "phase_closed", decision


def test_governance_holds_one_card_as_the_mat_prints(deck: Deck) -> None:
    """The mat prints "One card" under governance; a second is refused with the reason, for the
    facilitator too, and every other slot's guidance does not promise one card."""
    for slot, capacity in SLOT_CAPACITY.items():
        says_one = "one card" in SLOT_GUIDANCE[slot]["en"].lower()
        assert says_one == (capacity == 1), (slot, capacity, SLOT_GUIDANCE[slot]["en"])
    table = _table(deck, Phase.GOVERNANCE)
    assert isinstance(_play(table, deck, PlayCardCmd(card_id="GOV-01")), Accepted)
    for actor in (ANA, FAC):
        second = _play(table, deck, PlayCardCmd(card_id="GOV-02"), actor)
        assert isinstance(second, Rejected) and second.reason.value == "slot_full", second
        assert "one card" in second.message and "governance" in second.message
    assert table.board() == {Slot.GOVERNANCE: ("GOV-01",)}


def test_a_model_file_obeys_the_same_capacities(deck: Deck) -> None:
    """The assessment's model files (docs/rules.md) refuse what the mat and the live table refuse."""
    from game_rules.table import ModelError, TableModel

    with pytest.raises(ModelError, match=r"slots.governance: the mat holds 1 card\(s\) there, got 2"):
        TableModel.from_mapping({"slots": {"governance": ["GOV-01", "GOV-02"]}, "roles": []}, deck)


def test_duplicate_nicknames_are_refused(deck: Deck) -> None:
    """Two seats called "Ana" (any case) cannot be told apart: the second join is refused with
    nickname_taken; once the first is removed, the name is free again."""
    from game_rules.play import KickCmd

    table = _table(deck, Phase.ROLES)
    for n, name in enumerate(("ana", " ANA ")):
        decision = apply(table, JoinCmd(seat_id=f"seat-{n}", nickname=name), Actor("system"), 3000.0, deck, f"j-{n}")
        assert isinstance(decision, Rejected) and decision.reason.value == "nickname_taken", decision
    kicked = apply(table, KickCmd(seat_id="seat-ana"), FAC, 3001.0, deck, "kick")
    assert isinstance(kicked, Accepted)
    for event in kicked.events:
        fold(table, event)
    assert isinstance(apply(table, JoinCmd(seat_id="seat-new", nickname="Ana"), Actor("system"), 3002.0, deck, "j-new"), Accepted)
