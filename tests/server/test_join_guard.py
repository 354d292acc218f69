"""Join-code guessing is slowed per address without locking a room out (issue 14, point 5).

A room's 60 phones share one NAT address: mistyped codes there must never stop a right code. A
guesser from one address gets attempts one at a time once over budget, and a crowd of parallel
guesses beyond the waiting room is refused outright.
"""

from __future__ import annotations

import asyncio

from server.auth import JoinGuard


async def test_attempts_under_budget_go_ahead_at_once() -> None:
    guard = JoinGuard(capacity=3, rate=50, lane_max=2)
    for _ in range(3):
        async with guard.lane("10.0.0.1") as admitted:
            assert admitted
        guard.failed("10.0.0.1")
    assert guard.over_budget("10.0.0.1")
    assert not guard.over_budget("10.0.0.2")  # another address is not affected


async def test_over_budget_attempts_wait_their_turn_and_a_crowd_is_refused() -> None:
    guard = JoinGuard(capacity=1, rate=50, lane_max=2)
    guard.failed("10.0.0.1")
    order: list[str] = []

    async def attempt(name: str) -> bool:
        async with guard.lane("10.0.0.1") as admitted:
            if admitted:
                order.append(name)
                guard.failed("10.0.0.1")  # every guess is wrong
            return bool(admitted)

    results = await asyncio.gather(*(attempt(f"g{k}") for k in range(6)))
    assert results.count(True) == 2 and results.count(False) == 4  # two may wait, the rest are refused
    assert len(order) == 2  # admitted one after the other, each after the budget refilled


async def test_a_right_code_after_many_wrong_ones_still_gets_in() -> None:
    guard = JoinGuard(capacity=2, rate=50, lane_max=5)
    for _ in range(2):
        guard.failed("10.0.0.1")
    async with guard.lane("10.0.0.1") as admitted:
        assert admitted  # waited for the budget, then went ahead; a right code spends nothing
