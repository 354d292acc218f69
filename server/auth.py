"""Secrets and limits: tokens, join codes, and the rate limiters that slow guessing and floods.

Tokens are ``secrets.token_urlsafe(24)`` (192 bits) and only their SHA-256 is stored, so a copy of
the database does not open any screen. The projector and review tokens are derived from the
facilitator token with HMAC, so the facilitator console can show those links again later without
the server keeping any token in clear.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

#: Join codes avoid characters people confuse (0/O, 1/I/L), like the cards' printed codes.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
COMMAND_RATE_PER_S = 20.0
"""[1/s] sustained messages and commands per sender token, WebSocket and HTTP together."""
COMMAND_BURST = 40.0
"""[messages] a sender may send at once before the rate applies."""
RATE_MESSAGE = (f"at most {COMMAND_RATE_PER_S:.0f} messages per second per link "
                f"(bursts of {COMMAND_BURST:.0f}), WebSocket and HTTP together")
REVOKED = "revoked"
"""Token kind of a kicked seat's link: kept (so it is recognised) but opening nothing."""
READMITTED = "readmitted"
"""A kicked seat's link the facilitator let back in: opens nothing, but allows one new join."""
CLOSED_KINDS = frozenset({REVOKED, READMITTED})


def new_token() -> str:
    return secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def derived_token(facilitator_token: str, purpose: str) -> str:
    """A token for ``purpose`` (e.g. ``projector:<table_id>``) that only the facilitator can recompute."""
    digest = hmac.new(facilitator_token.encode("utf-8"), purpose.encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode("ascii").rstrip("=")


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_join_code(text: str) -> str:
    """Upper case without spaces or dashes; people type ``abc-def`` or ``ABC DEF``."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def new_id(prefix: str) -> str:
    return f"{prefix}{secrets.token_hex(6)}"


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


@dataclass
class TokenBucket:
    """``capacity`` actions at once, refilled at ``rate`` per second [1/s]."""

    capacity: float
    rate: float
    tokens: float = -1.0
    stamp: float = field(default_factory=time.monotonic)

    def _refill(self, now: float | None) -> None:
        now = time.monotonic() if now is None else now
        if self.tokens < 0:
            self.tokens = self.capacity
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now

    def has_tokens(self, now: float | None = None) -> bool:
        """True when an action would be allowed now (nothing is spent)."""
        self._refill(now)
        return self.tokens >= 1

    def allow(self, now: float | None = None) -> bool:
        self._refill(now)
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class KeyedLimiter:
    """One bucket per key (e.g. per client address), forgetting idle keys to bound memory."""

    def __init__(self, capacity: float, rate: float, max_keys: int = 50_000) -> None:
        self.capacity, self.rate, self.max_keys = capacity, rate, max_keys
        self._buckets: dict[str, TokenBucket] = {}

    def _bucket(self, key: str) -> TokenBucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self.max_keys:
                self._buckets.clear()
            bucket = self._buckets[key] = TokenBucket(self.capacity, self.rate)
        return bucket

    def allow(self, key: str) -> bool:
        """Spend one action for ``key``; False when its bucket is empty."""
        return self._bucket(key).allow()

    def has_tokens(self, key: str) -> bool:
        return self._bucket(key).has_tokens()


class SeatBudgets:
    """One rate budget per sender (a token's hash), shared by the WebSocket and HTTP commands,
    so a seat cannot double its rate by switching transport. Per worker process."""

    def __init__(self, capacity: float, rate: float) -> None:
        self.capacity, self.rate = capacity, rate
        self._limiter = KeyedLimiter(capacity, rate)

    def allow(self, sender: str) -> bool:
        return self._limiter.allow(sender)


class JoinGuard:
    """Slows join-code guessing without locking a room out.

    A venue's phones share one NAT address, so the budget counts *failed* joins only, per
    address, with a ceiling a room cannot reach by mistyping (``capacity`` at once, then
    ``rate`` per second [1/s]). An address over budget is not refused: its attempts go one at a
    time through a slow lane, each waiting for the budget to refill, so a correct code still
    joins (late) while a guesser gets at most ``rate`` guesses per second. At most ``lane_max``
    attempts may wait per address; more answer ``rate_limited``.
    """

    def __init__(self, capacity: float = 60, rate: float = 0.5, lane_max: int = 120) -> None:
        self.failures = KeyedLimiter(capacity, rate)
        self.rate, self.lane_max = rate, lane_max
        self._lanes: dict[str, tuple[asyncio.Lock, list[int]]] = {}

    def over_budget(self, address: str) -> bool:
        return not self.failures.has_tokens(address)

    def failed(self, address: str) -> None:
        self.failures.allow(address)

    @contextlib.asynccontextmanager
    async def lane(self, address: str) -> AsyncIterator[bool]:
        """Yields True when the attempt may go ahead (at once or after waiting its turn),
        False when too many attempts already wait for this address."""
        if not self.over_budget(address):
            yield True
            return
        lock, waiting = self._lanes.setdefault(address, (asyncio.Lock(), [0]))
        if waiting[0] >= self.lane_max:
            yield False
            return
        waiting[0] += 1
        try:
            async with lock:
                while self.over_budget(address):
                    await asyncio.sleep(1.0 / self.rate)  # the budget refills at ``rate``
                yield True
        finally:
            waiting[0] -= 1
            if waiting[0] == 0:
                self._lanes.pop(address, None)
