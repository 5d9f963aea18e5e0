"""Admission of batches: a few are applied at once per worker; one that cannot start within a
moment is told when its turn is expected (503 + Retry-After). Turns are handed out one after
the other at the pace batches are being applied, so a burst of offices comes back spread out,
in the order it came, instead of all at once.

No office can hold every place or push the others' turns far away: an office has one batch in
flight at a time (its client sends them one after the other; a further one is refused at once,
429, and takes no turn), an office asking again before its turn keeps its turn instead of taking
another, the time one batch counts toward the pace is clipped, and no turn is given further away
than RETRY_CAP_S (the client's patience for such waits is 900 s a round)."""

from __future__ import annotations

import asyncio
import math
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from akimdesk.sync.protocol import ProtocolError

RETRY_CAP_S = 60  # the furthest turn handed out, whatever the load
TOOK_CAP_S = 5.0  # one batch counts at most this long toward the pace of turns


class Gate:
    def __init__(self, slots: int, wait_s: float = 0.5,
                 clock: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.slots, self.wait_s = slots, wait_s
        self.clock = clock
        self.sem = asyncio.Semaphore(slots)
        self.apply_s = 0.2  # moving average of one batch's application, clipped
        self.next_turn = 0.0
        self.in_flight: set[uuid.UUID] = set()
        self.turns: dict[uuid.UUID, float] = {}  # the turn each refused office was given

    @contextmanager
    def one_batch(self, office_id: uuid.UUID) -> Iterator[None]:
        """The office's only batch in flight here, from its first byte to its answer."""
        if office_id in self.in_flight:
            raise ProtocolError(429, "one_at_a_time", "this office's previous batch is not done",
                                retry_after=max(1, min(RETRY_CAP_S, math.ceil(self.apply_s))))  # fmt: skip
        self.in_flight.add(office_id)
        try:
            yield
        finally:
            self.in_flight.discard(office_id)

    async def enter(self) -> bool:
        try:
            await asyncio.wait_for(self.sem.acquire(), timeout=self.wait_s)
        except TimeoutError:
            return False
        return True

    def leave(self, office_id: uuid.UUID, took_s: float) -> None:
        self.apply_s = 0.8 * self.apply_s + 0.2 * min(took_s, TOOK_CAP_S)
        self.turns.pop(office_id, None)
        self.sem.release()

    def turn(self, office_id: uuid.UUID) -> int:
        """Whole seconds until the office's turn. An office refused again before its turn keeps
        it; a new one takes the next turn, never further than RETRY_CAP_S away. Turns given
        out decay with time: a turn in the past is no longer anyone's."""
        t = self.clock()
        for office, at in list(self.turns.items()):
            if at <= t:
                del self.turns[office]
        mine = self.turns.get(office_id)
        if mine is None:
            self.next_turn = min(max(self.next_turn, t + self.wait_s) + self.apply_s / self.slots,
                                 t + RETRY_CAP_S)  # fmt: skip
            mine = self.turns[office_id] = self.next_turn
        return max(1, min(RETRY_CAP_S, math.ceil(mine - t)))
