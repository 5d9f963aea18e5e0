"""One sync round of an office PC: probe, push the outbox, pull reference data, pull records.

Plain Python, run off the UI thread (the window) or headless (`akimdesk sync`, the scheduler).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from akimdesk.i18n import N_, Msg
from akimdesk.models import AuditEntry
from akimdesk.storage.database import Database
from akimdesk.sync import outbox, protocol, records, refdata, state, upload
from akimdesk.sync.transport import SyncFailure, Transport

T = TypeVar("T")

Progress = Callable[[str, int, int], None]  # stage, done, total

MIN_OPS, START_OPS, MAX_OPS = 10, 200, 2000
MIN_AUDIT_ROWS, START_AUDIT_ROWS = 20, 500
TOKEN_PREFIX = "akd_"  # as the server issues them (akimdesk.district.tokens)


@dataclass
class RoundResult:
    sent: int = 0
    rejected: int = 0
    refdata_rows: int = 0
    records_applied: int = 0
    clock_skew_s: float | None = None
    retries: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def clock_warning(self) -> bool:
        return (
            self.clock_skew_s is not None
            and abs(self.clock_skew_s) > protocol.CLOCK_WARNING_SECONDS
        )


class Backoff:
    """Exponential back-off with full jitter after a failure. A server that says when to come
    back (503/429 + Retry-After) is waited for that long plus up to a second, so offices told
    the same second spread out; that is no failure of the link and does not count toward
    giving up, up to `patience` seconds of such waiting in a round."""

    def __init__(self, base: float = 1.0, cap: float = 60.0, attempts: int = 8,
                 sleep: Callable[[float], None] = time.sleep, patience: float = 900.0) -> None:  # fmt: skip
        self.base, self.cap, self.attempts, self.sleep = base, cap, attempts, sleep
        self.patience = patience
        self.failures = 0
        self.told_to_wait = 0.0

    def wait(self, failure: SyncFailure, cancel: threading.Event | None) -> None:
        if failure.retry_after > 0:
            delay = failure.retry_after + random.uniform(0, 1.0)
            self.told_to_wait += delay
            if self.told_to_wait > self.patience:
                raise failure
        else:
            self.failures += 1
            if self.failures >= self.attempts:
                raise failure
            delay = random.uniform(0, min(self.cap, self.base * 2**self.failures))
        if cancel is not None:
            if cancel.wait(delay):
                raise SyncFailure("cancelled", transient=False)
        else:
            self.sleep(delay)

    def reset(self) -> None:
        self.failures = 0


class SyncClient:
    def __init__(self, db: Database, transport: Transport | None = None, *,
                 backoff: Backoff | None = None) -> None:  # fmt: skip
        self.db = db
        with db.read() as s:
            link = state.link_of(s)
        if link is None:
            raise SyncFailure("not_linked", "this PC is not linked to a district server",
                              transient=False)  # fmt: skip
        self.link = link
        self._own_transport = transport is None  # then the audit hashes get a connection too
        self.transport = transport or Transport(link.url, link.token)
        self.backoff = backoff or Backoff()
        self.retries = 0
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.wire = protocol.WIRE_VERSION  # lowered by probe() for a server not upgraded yet
        self.stats = upload.UploadStats()

    def close(self) -> None:
        self.transport.close()

    # -- one full round ------------------------------------------------------------------
    def round(
        self, progress: Progress | None = None, cancel: threading.Event | None = None
    ) -> RoundResult:
        result = RoundResult()
        self.retries = 0
        self.stats = upload.UploadStats()
        progress = progress or (lambda *_: None)
        try:
            result.clock_skew_s = self.probe()
            hashes = self._beside(self.push_audit)
            try:
                self.push(result, progress, cancel)
                result.refdata_rows = self.pull_refdata(progress, cancel)
                result.records_applied = self.pull_records(progress, cancel)
            except BaseException:
                hashes.finish(failed=True)
                raise
            hashes.finish()
            self.push_audit(cancel)  # last too: the pulls above wrote audit rows
            result.retries = self.retries
        except SyncFailure as exc:
            self._remember_error(exc.code)
            raise
        self._remember_error(None)
        return result

    def probe(self) -> float:
        """The cheap call: is the server there, does it know us, how far off is our clock."""
        sent = self.clock()
        # No retries here: an unreachable server ends the round at once; the timer tries later.
        hello = self.transport.get("/v1/hello")
        received = self.clock()
        self.wire = min(protocol.WIRE_VERSION, int(hello.get("wire_version") or 1))
        server = datetime.fromisoformat(hello["server_time"])
        skew = ((sent - server) + (received - server)).total_seconds() / 2
        with self.db.write() as s:
            state.put(s, state.CLOCK_SKEW, round(skew, 1))
            state.put(s, state.OFFICE_NAME, hello["office"]["name"])
        return skew

    def push(self, result: RoundResult, progress: Progress, cancel: threading.Event | None) -> None:
        """Sends the outbox batch by batch. Over protocol 2 the next batch is built (read and
        encoded) while the one before is on the wire, and a cut upload resumes where it stopped
        (sync/upload.py). An older server gets protocol 1: a cut batch is sent again whole,
        smaller (halved) so that it gets through."""
        with self.db.read() as s:
            total = outbox.pending_count(s)
            max_ops = int(state.get(s, state.BATCH_OPS) or START_OPS)
        resumable = self.wire >= 2
        done = 0
        batch: outbox.OutgoingBatch | None = None
        ahead: Future[outbox.OutgoingBatch | None] | None = None
        progress("push", 0, total)
        with ThreadPoolExecutor(1, thread_name_prefix="akimdesk-batch") as builder:
            while True:
                if cancel is not None and cancel.is_set():
                    raise SyncFailure("cancelled", transient=False)
                if batch is None or batch.count > max_ops:
                    # A resend keeps the same batch (same id, same bytes) unless it is too big.
                    batch = ahead.result() if ahead is not None else self._build(max_ops)
                    ahead = None
                    if batch is None:
                        break
                if resumable and ahead is None:
                    ahead = builder.submit(self._build, min(MAX_OPS, max_ops * 2), batch.last)
                try:
                    if resumable:
                        ack = upload.send(self.transport, batch, self.backoff, cancel, self.stats)
                    else:
                        ack = self.transport.post_batch(batch.body, batch.digest)
                except SyncFailure as exc:
                    if exc.code in ("gap", "batch_conflict"):
                        ahead = _discard(ahead)
                    if exc.code == "gap":
                        with self.db.write() as s:
                            outbox.resend_from(s, int(exc.body.get("expected", 1)))
                            total = outbox.pending_count(s)
                        batch = None
                        continue
                    if exc.code == "batch_conflict":
                        batch = None  # never expected from this client: start a fresh batch
                        continue
                    if not exc.transient:
                        raise
                    self.retries += 1
                    ahead = _discard(ahead)
                    if not resumable:  # after a cut, smaller batches get through
                        max_ops = max(MIN_OPS, max_ops // 2)
                    self.backoff.wait(exc, cancel)
                    continue
                with self.db.write() as s:
                    rejected = outbox.record_ack(s, ack)
                    max_ops = min(MAX_OPS, max_ops * 2)
                    state.put(s, state.BATCH_OPS, max_ops)
                if int(ack["acked_through"]) != batch.last:
                    ahead = _discard(ahead)  # the district expects something else next
                self.backoff.reset()
                result.sent += batch.count
                result.rejected += len(rejected)
                done += batch.count
                progress("push", min(done, total), total)
                batch = None
        self.retries += self.stats.cuts

    def _build(self, max_ops: int, after: int = 0) -> outbox.OutgoingBatch | None:
        with self.db.read() as s:
            return outbox.build(s, self.link, max_ops, self.wire, after)

    def _beside(self, step: Callable[..., None]) -> _Beside:
        """Runs `step` (the audit hashes) on a connection of its own while the batches go:
        on a fast link the server checks the hashes while it applies the batches."""
        if not self._own_transport:
            return _Beside(None)
        backoff = Backoff(self.backoff.base, self.backoff.cap, self.backoff.attempts,
                          self.backoff.sleep, self.backoff.patience)  # fmt: skip
        return _Beside(lambda stop: step(stop, Transport(self.link.url, self.link.token), backoff))

    def push_audit(self, cancel: threading.Event | None, transport: Transport | None = None,
                   backoff: Backoff | None = None) -> None:  # fmt: skip
        """Sends the hashes of the audit rows the district has not seen; it checks that they
        link to the ones it holds (server/audit.py). Its verdict is kept for `check` and the
        status bar. Like batches, the chunk halves after a cut and grows after a success."""
        transport, backoff = transport or self.transport, backoff or self.backoff
        try:
            self._push_audit(cancel, transport, backoff)
        finally:
            if transport is not self.transport:
                transport.close()

    def _push_audit(self, cancel: threading.Event | None, transport: Transport,
                    backoff: Backoff) -> None:  # fmt: skip
        size = START_AUDIT_ROWS
        while True:
            if cancel is not None and cancel.is_set():
                raise SyncFailure("cancelled", transient=False)
            with self.db.read() as s:
                cursor = int(state.get(s, state.AUDIT_CURSOR) or 0)
                rows = s.execute(
                    select(AuditEntry.id, AuditEntry.prev_hash, AuditEntry.row_hash)
                    .where(AuditEntry.id > cursor).order_by(AuditEntry.id).limit(size)
                ).all()  # fmt: skip
            if not rows:
                return
            encoding = "zstd" if self.wire >= 2 else "gzip"
            hashes = [(i, prev, h) for i, prev, h in rows]
            body = protocol.encode_audit(self.link.stream, hashes, encoding)
            try:
                answer = transport.post_audit(body, encoding)
            except SyncFailure as exc:
                if not exc.transient:
                    raise
                self.retries += 1
                size = max(MIN_AUDIT_ROWS, size // 2)
                backoff.wait(exc, cancel)
                continue
            backoff.reset()
            size = min(protocol.MAX_AUDIT_ROWS, size * 2)
            problem = answer.get("problem")
            accepted = int(answer.get("accepted_to") or 0)
            if problem and problem.get("kind") == "epoch":
                # A restored PC's new epoch: the district takes its hashes once its first batch
                # came (the round sends them again after the batches). Nothing wrong here.
                with self.db.write() as s:
                    _audit_accepted(s, rows, cursor, accepted)
                return
            with self.db.write() as s:
                if problem and problem.get("kind") in ("gap", "relinked") and cursor > 0:
                    # "gap": the district lacks earlier rows (a new or reset server).
                    # "relinked": new rows do not follow the last one it holds; sent again from
                    # the start, the first changed row is named. Rows it holds unchanged are
                    # accepted again as they are.
                    state.put(s, state.AUDIT_CURSOR, 0)
                    continue
                _audit_accepted(s, rows, cursor, accepted)
                state.put(s, state.AUDIT_PROBLEM,
                          f"{problem['kind']}:{problem['row']}" if problem else None)  # fmt: skip
            if problem:
                return

    def pull_refdata(self, progress: Progress, cancel: threading.Event | None) -> int:
        applied = 0
        fresh_snapshot_taken = False
        while True:
            with self.db.read() as s:
                since = int(state.get(s, state.REF_CURSOR) or 0)
            try:
                page = self._with_retry(
                    partial(self.transport.get, "/v1/refdata", since=since), cancel
                )
            except SyncFailure as exc:
                if exc.code != "cursor_expired":
                    raise
                page = None
            if page is None:
                self._reset_ref_cursor()
                continue
            applied += refdata.apply_page(self.db, page)
            progress("refdata", applied, applied)
            if page.get("more"):
                continue
            with self.db.read() as s:
                bad = refdata.mismatches(s, page.get("datasets", {}))
            if not bad:
                return applied
            if fresh_snapshot_taken:
                raise SyncFailure("refdata_mismatch", ", ".join(bad), transient=False)
            fresh_snapshot_taken = True
            self._reset_ref_cursor()

    def _reset_ref_cursor(self) -> None:
        with self.db.write() as s:
            state.put(s, state.REF_CURSOR, 0)

    def pull_records(self, progress: Progress, cancel: threading.Event | None) -> int:
        got = 0
        while True:
            with self.db.read() as s:
                since = records.pending_cursor(s)
            try:
                page = self._with_retry(
                    partial(self.transport.get, "/v1/records", since=since,
                            stream=str(self.link.stream)),
                    cancel,
                )  # fmt: skip
            except SyncFailure as exc:
                if exc.code != "cursor_expired":
                    raise
                with self.db.write() as s:
                    state.put(s, records.PENDING_CURSOR, 0)
                    state.put(s, state.RECORDS_CURSOR, 0)
                continue
            got += records.stage_page(self.db, page)
            progress("records", got, got)
            if not page.get("more"):
                break
        return records.apply_staged(self.db)

    def _with_retry(self, call: Callable[[], T], cancel: threading.Event | None) -> T:
        while True:
            try:
                result = call()
                self.backoff.reset()
                return result
            except SyncFailure as exc:
                if not exc.transient:
                    raise
                self.retries += 1
                self.backoff.wait(exc, cancel)

    def _remember_error(self, code: str | None) -> None:
        try:
            with self.db.write() as s:
                state.put(s, state.LAST_ERROR, code)
        except Exception:  # the round's own error is what matters
            pass


class _Beside:
    """A step on a thread of its own, given an event that stops it (at its next check or wait).
    `finish` waits for it and raises what it raised; after the round failed it stops it first
    and leaves the round's own error to be told."""

    def __init__(self, step: Callable[[threading.Event], None] | None) -> None:
        self.stop = threading.Event()
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None
        if step is None:
            return

        def run() -> None:
            try:
                step(self.stop)
            except BaseException as exc:  # handed to the round's thread by finish()
                self.error = exc

        self.thread = threading.Thread(target=run, name="akimdesk-audit", daemon=True)
        self.thread.start()

    def finish(self, failed: bool = False) -> None:
        if self.thread is None:
            return
        if failed:
            self.stop.set()
        self.thread.join()
        if self.error is not None and not failed:
            raise self.error


def _audit_accepted(s: Session, rows: Sequence[Any], cursor: int, accepted: int) -> None:
    """The district holds the rows up to `accepted`: the next ones are sent, and its last is
    the one `check` compares the PC's log with."""
    if accepted > cursor:
        state.put(s, state.AUDIT_CURSOR, accepted)
        state.put(s, state.AUDIT_ACK_HASH, next(r.row_hash for r in rows if r.id == accepted))


def _discard(
    ahead: Future[outbox.OutgoingBatch | None] | None,
) -> Future[outbox.OutgoingBatch | None] | None:
    """Drops a batch built ahead that no longer follows what the district holds; what is
    ahead then is nothing."""
    if ahead is not None:
        ahead.cancel()
    return None


def validate_link(url: str, token: str) -> dict[str, str | Msg]:
    """Checks what a person typed to link the PC, before anything goes on the wire."""
    errors: dict[str, str | Msg] = {}
    if not url.strip().lower().startswith(("http://", "https://")):
        errors["url"] = N_("The address starts with http:// or https://")
    if not token.strip().startswith(TOKEN_PREFIX) or len(token.strip()) < 20:
        errors["token"] = N_("The token is the line the district gave, starting with akd_")
    return errors


def link(db: Database, url: str, token: str, transport: Transport | None = None) -> str:
    """Links this PC to the district server; returns the office name the server knows."""
    t = transport or Transport(url, token)
    try:
        hello = t.get("/v1/hello")
    finally:
        if transport is None:
            t.close()
    with db.write() as s:
        state.put(s, state.SERVER_URL, url.rstrip("/"))
        state.put(s, state.TOKEN, token.strip())
        state.put(s, state.OFFICE_NAME, hello["office"]["name"])
        state.ensure_id(s, state.PC_ID)
        state.ensure_id(s, state.EPOCH)
    return str(hello["office"]["name"])
