"""Sync figures against a real server and PostgreSQL on this machine. Prints; asserts nothing.

    .venv/bin/python bench/sync.py [--changes 10000] [--slow-cases 1000] [--offices 300]

1. 10,000 changes from one office to a local server (wall time of `round()`).
2. Bytes on the wire per fine record (request + response, counted by a proxy).
3. 1,000 new cases over a 64 kbit/s link (8,000 B/s shared both ways).
4. N offices each pushing a 500-change batch at the same moment: errors and latency percentiles.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
from sqlalchemy import select

from akimdesk.domain.roles import ROLES
from akimdesk.models import OutboxEntry
from akimdesk.services.office import set_up
from akimdesk.services.operation import Actor
from akimdesk.storage.database import open_database
from akimdesk.sync import client, protocol
from akimdesk.sync.client import SyncClient
from tests.conftest import OFFICE
from tests.support.fines import make_cases
from tests.support.postgres import Cluster
from tests.support.proxy import LinkProxy
from tests.support.server import ServerProcess, server_cli

ACTOR = Actor("Bench", frozenset(ROLES))


def office_db(root: Path, name: str, url: str, token: str):  # type: ignore[no-untyped-def]
    db = open_database(root / name)
    set_up(db, ACTOR, OFFICE, "kk", [("Ақсу", "Аксу")])
    client.link(db, url, token)
    return db


def one_round(db) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    c = SyncClient(db)
    try:
        t0 = time.perf_counter()
        result = c.round()
        return time.perf_counter() - t0, result
    finally:
        c.close()


def bench_local(root: Path, server: ServerProcess, token: str, n_changes: int) -> None:
    db = office_db(root, "local", server.url, token)
    one_round(db)  # link, reference data: not what is measured
    make_cases(db, ACTOR, n_changes // 2)  # each case is 2 changes: the case and its event
    with db.read() as s:
        pending = len(
            s.scalars(select(OutboxEntry.seq).where(OutboxEntry.acked_at.is_(None))).all()
        )
    secs, result = one_round(db)
    print(f"1. {pending} changes to a local server: {secs:.2f} s "
          f"({pending / secs:,.0f} changes/s), sent {result.sent}, retries {result.retries}")  # fmt: skip
    db.close()


def bench_wire(root: Path, server: ServerProcess, token: str, n: int) -> None:
    db = office_db(root, "wire", server.url, token)
    one_round(db)
    make_cases(db, ACTOR, n)
    proxy = LinkProxy(server.port).start()
    with db.write() as s:
        from akimdesk.sync import state

        state.put(s, state.SERVER_URL, proxy.url)
    c = SyncClient(db)
    try:
        c.push(__import__("akimdesk.sync.client", fromlist=["RoundResult"]).RoundResult(),
               lambda *a: None, None)  # fmt: skip
    finally:
        c.close()
    total = proxy.bytes_up + proxy.bytes_down
    print(f"2. {n} new fine records (case + protocol event): up {proxy.bytes_up:,} B, "
          f"down {proxy.bytes_down:,} B = {total / n:.1f} B per fine record on the wire")  # fmt: skip
    proxy.stop()
    db.close()


def bench_slow(root: Path, server: ServerProcess, token: str, n: int) -> None:
    db = office_db(root, "slow", server.url, token)
    one_round(db)
    make_cases(db, ACTOR, n)
    proxy = LinkProxy(server.port, rate=8000).start()
    from akimdesk.sync import state

    with db.write() as s:
        state.put(s, state.SERVER_URL, proxy.url)
    secs, result = one_round(db)
    print(f"3. {n} new cases over 64 kbit/s: {secs:.1f} s (sent {result.sent} changes, "
          f"{proxy.bytes_up + proxy.bytes_down:,} B both ways)")  # fmt: skip
    proxy.stop()
    db.close()


def bench_many(root: Path, pg_url: str, server: ServerProcess, offices: int) -> None:
    """Each office: its own token, a 500-change batch built by the real client code; all
    released at once by a barrier, each in its own thread with its own connection."""
    template = open_database(root / "template")
    set_up(template, ACTOR, OFFICE, "kk", [("Ақсу", "Аксу")])
    make_cases(template, ACTOR, 250)
    with template.read() as s:
        rows = s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq).limit(500)).all()
        ops = [
            (r.seq, r.op_id, r.entity, r.base_version, r.schema_version, r.payload) for r in rows
        ]
    template.close()
    bodies = []
    for i in range(offices):
        token = server_cli(pg_url, "add-office", "--name", f"Office {i}", "--bin", f"{i:012d}")
        # Each office's records are its own: fresh ids, op ids and stream.
        remap = {}
        own = []
        for seq, _op, entity, base, sv, payload in ops:
            p = dict(payload)
            for key in ("id", "case_id"):
                if key in p:
                    p[key] = remap.setdefault(p[key], str(uuid.uuid4()))
            own.append((seq, uuid.uuid4(), entity, base, sv, p))
        body, digest = protocol.encode_batch(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), own)
        bodies.append((token, body, digest))
    barrier = threading.Barrier(offices)
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def push(token: str, body: bytes, digest: str) -> None:
        with httpx.Client(timeout=120) as http:
            headers = {"Authorization": f"Bearer {token}", "Content-Encoding": "gzip",
                       protocol.HASH_HEADER: digest, "Content-Type": "application/json"}  # fmt: skip
            barrier.wait()
            t0 = time.perf_counter()
            while True:
                r = http.post(f"{server.url}/v1/batches", content=body, headers=headers)
                if r.status_code in (429, 503):  # the protocol's back-pressure: wait and resend
                    time.sleep(float(r.headers.get("Retry-After", "1")))
                    continue
                break
            elapsed = time.perf_counter() - t0
            with lock:
                times.append(elapsed)
                if r.status_code != 200 or r.json()["applied"] != 500:
                    errors.append(f"{r.status_code} {r.text[:100]}")

    threads = [threading.Thread(target=push, args=b) for b in bodies]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    times.sort()
    p = lambda q: times[min(len(times) - 1, int(q * len(times)))]  # noqa: E731
    print(f"4. {offices} offices × 500-change batch at once: errors {len(errors)}, "
          f"median {statistics.median(times):.2f} s, p95 {p(0.95):.2f} s, max {times[-1]:.2f} s, "
          f"all done in {wall:.1f} s ({offices * 500 / wall:,.0f} ops/s)")  # fmt: skip
    for e in errors[:5]:
        print("   error:", e)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--changes", type=int, default=10_000)
    ap.add_argument("--wire-cases", type=int, default=1000)
    ap.add_argument("--slow-cases", type=int, default=1000)
    ap.add_argument("--offices", type=int, default=300)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--only", default="1234")
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="akimdesk-bench-"))
    pg = Cluster().start()
    try:
        url = pg.create_database("bench")
        token = server_cli(url, "add-office", "--name", OFFICE.name_ru, "--bin", OFFICE.bin)
        server = ServerProcess(url, workers=args.workers, pool=16).start()
        try:
            if "1" in args.only:
                bench_local(root, server, token, args.changes)
            if "2" in args.only:
                bench_wire(root, server, token, args.wire_cases)
            if "3" in args.only:
                bench_slow(root, server, token, args.slow_cases)
            if "4" in args.only:
                bench_many(root, url, server, args.offices)
        finally:
            server.stop()
    finally:
        pg.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
