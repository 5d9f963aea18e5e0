"""A TCP proxy that plays a bad rural link: a byte rate, connections cut every N bytes (or
after a random number of bytes in a range, as a rural link drops at no fixed point), and
one-shot cuts before the request is whole or after it was answered (before the ack arrives).
It counts what crossed it each way; bytes it had read but not passed on when a cut came are
not counted (they never crossed the link)."""

from __future__ import annotations

import asyncio
import contextlib
import random
import threading
import time


class LinkProxy:
    def __init__(self, target_port: int, *, rate: float | None = None,
                 cut_every: int | None = None, cut_between: tuple[int, int] | None = None,
                 seed: int = 24) -> None:  # fmt: skip
        self.target_port = target_port
        self.rate = rate  # bytes per second, both directions together
        self.cut_every = cut_every  # bytes per connection, both directions
        self.cut_between = cut_between  # or a random number of bytes in this range
        self._random = random.Random(seed)  # the same cuts for the same traffic
        self.cut_request_once = False  # drop while the request is on its way
        self.cut_response_once = False  # drop when the answer starts to come back
        self.down = False  # refuse everything: the link is gone
        self.cuts = 0
        self.bytes_up = 0
        self.bytes_down = 0
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._bucket_t = time.monotonic()
        self._bucket = 0.0

    def start(self) -> LinkProxy:
        self._thread.start()
        self._ready.wait(10)
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _throttle(self, n: int) -> None:
        if not self.rate:
            return
        # One shared link: every connection's bytes take their turn in the same budget.
        now = time.monotonic()
        self._bucket = max(0.0, self._bucket - (now - self._bucket_t) * self.rate) + n
        self._bucket_t = now
        wait = self._bucket / self.rate
        if wait > 0.001:
            await asyncio.sleep(wait)

    def _count(self, upward: bool, n: int) -> None:
        if upward:
            self.bytes_up += n
        else:
            self.bytes_down += n

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.down:
            writer.close()
            return
        try:
            up_r, up_w = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.close()
            return
        used = [0]
        limit = self.cut_every
        if self.cut_between is not None:
            limit = self._random.randint(*self.cut_between)
        posting = [False]  # the connection's current request is a batch upload
        done = asyncio.Event()

        def cut() -> None:
            self.cuts += 1
            for w in (writer, up_w):  # both ends see the link die at once, as with a real drop
                w.transport.abort()

        async def pump(src: asyncio.StreamReader, dst: asyncio.StreamWriter, upward: bool) -> None:
            try:
                while not done.is_set():
                    data = await src.read(1024)
                    if not data:
                        break
                    if upward and data[:5] in (b"POST ", b"GET /", b"PUT /"):
                        posting[0] = data.startswith((b"POST ", b"PUT "))
                    if upward and posting[0] and self.cut_request_once:
                        self.cut_request_once = False
                        cut()
                        break
                    if not upward and posting[0] and self.cut_response_once:
                        self.cut_response_once = False
                        cut()
                        break
                    if limit and used[0] + len(data) > limit:
                        # The link carries what fits before the cut, then drops.
                        part = data[: max(0, limit - used[0])]
                        if part:
                            used[0] += len(part)
                            self._count(upward, len(part))
                            await self._throttle(len(part))
                            dst.write(part)
                            with contextlib.suppress(OSError):
                                await dst.drain()
                        cut()
                        break
                    used[0] += len(data)
                    self._count(upward, len(data))
                    await self._throttle(len(data))
                    dst.write(data)
                    await dst.drain()
            except (OSError, asyncio.IncompleteReadError):
                pass
            finally:
                done.set()

        await asyncio.gather(pump(reader, up_w, True), pump(up_r, writer, False))
        for w in (writer, up_w):
            with contextlib.suppress(OSError):
                w.close()
