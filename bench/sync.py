"""Sync figures against a real server and PostgreSQL on this machine, beside the goals of #24.
Prints; asserts nothing.

    .venv/bin/python bench/sync.py [--only 1234] [--changes 10000] [--repeat 3]
        [--wire-cases 1000] [--slow-cases 1000] [--offices 300] [--profile DIR]

1. 10,000 changes from one office to a local server: wall time of `round()` (median of
   --repeat, each against a fresh server database), and the CPU time of the office's process,
   the server's processes and PostgreSQL's beside it (steadier than wall time on a shared
   machine). --profile DIR writes where the time goes: the client's cProfile (its main thread)
   and the server's py-spy samples (when py-spy is installed).
2. Bytes on the wire per fine record (a case and its protocol event): request and response,
   headers included, counted by a proxy; and the request bodies in each encoding the checkout
   has, from the same outbox.
3. 1,000 cases imported from an office's journal (every event, delivery and payment an import
   writes) over a 64 kbit/s link (8,000 B/s both ways together), once uncut and once cut every
   4-40 KB at random (the same seed each run): the time of each and their ratio, the bytes each
   way, and the bytes the cuts cost (cut minus uncut: what was sent again and the requests
   that asked where to resume).
4. N offices each pushing a 500-change batch at the same moment, each with the client's own
   upload code and back-off: errors, p50/p95 of the requests that were accepted, how long
   until every office is done, ops/s, and how often the server said to come back later.

The script runs on older checkouts too (protocol 1), for before/after figures.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select

from akimdesk.domain.roles import ROLES
from akimdesk.models import OutboxEntry
from akimdesk.services.office import set_up
from akimdesk.services.operation import Actor
from akimdesk.storage.database import open_database
from akimdesk.sync import client, protocol, state
from akimdesk.sync.client import Backoff, RoundResult, SyncClient
from akimdesk.sync.transport import SyncFailure, Transport
from tests.conftest import OFFICE
from tests.support.fines import make_cases
from tests.support.postgres import Cluster
from tests.support.proxy import LinkProxy
from tests.support.server import ServerProcess, server_cli

try:  # protocol 2 (#24); an older checkout has neither
    from akimdesk.sync import upload, wire
except ImportError:
    upload = wire = None  # type: ignore[assignment]

ACTOR = Actor("Bench", frozenset(ROLES))
GOALS = {1: "≤ 2 s", 2: "≤ 80 B", 3: "≤ 1.3 ×", 4: "0 errors, p95 ≤ 2 s"}


# --- what the processes spent ----------------------------------------------------------------
def _children(pid: int) -> list[int]:
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                kids.append(int(entry))
    return kids


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and its living descendants."""
    total, todo = 0.0, [pid]
    tick = os.sysconf("SC_CLK_TCK")
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
        todo += _children(p)
    return total


def postmaster(pg: Cluster) -> int:
    return int((pg.datadir / "postmaster.pid").read_text().split()[0])


class Meter:
    """Wall and CPU time of the office (this process), the server and PostgreSQL."""

    def __init__(self, server: ServerProcess, pg: Cluster) -> None:
        self.server_pid, self.pg_pid = server.proc.pid, postmaster(pg)  # type: ignore[union-attr]

    def __enter__(self) -> Meter:
        self.t0, self.c0 = time.perf_counter(), time.process_time()
        self.s0, self.p0 = tree_cpu(self.server_pid), tree_cpu(self.pg_pid)
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.t0
        self.office = time.process_time() - self.c0
        self.server = tree_cpu(self.server_pid) - self.s0
        self.postgres = tree_cpu(self.pg_pid) - self.p0

    def cpu(self) -> str:
        return (f"CPU office {self.office:.2f} s + server {self.server:.2f} s + PostgreSQL "
                f"{self.postgres:.2f} s = {self.office + self.server + self.postgres:.2f} s")  # fmt: skip


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


# --- offices ---------------------------------------------------------------------------------
def office_db(root: Path, name: str, url: str, token: str):  # type: ignore[no-untyped-def]
    db = open_database(root / name)
    set_up(db, ACTOR, OFFICE, "kk", [("Ақсу", "Аксу")])
    client.link(db, url, token)
    return db


def relink(root: Path, template: Path, name: str, url: str, token: str):  # type: ignore[no-untyped-def]
    """A copy of a closed office file, pointed at another server (the same records and epoch:
    each copy goes to its own server database)."""
    (root / name).mkdir()
    for f in template.iterdir():
        if f.is_file():
            shutil.copy(f, root / name / f.name)
    db = open_database(root / name)
    with db.write() as s:
        state.put(s, state.SERVER_URL, url)
        state.put(s, state.TOKEN, token)
    return db


def fresh_server(pg: Cluster, name: str, workers: int = 2) -> tuple[str, str, ServerProcess]:
    url = pg.create_database(name)
    token = server_cli(url, "add-office", "--name", OFFICE.name_ru, "--bin", OFFICE.bin)
    return url, token, ServerProcess(url, workers=workers, pool=16).start()


def one_round(db, url: str | None = None):  # type: ignore[no-untyped-def]
    c = SyncClient(db)
    try:
        t0 = time.perf_counter()
        result = c.round()
        return time.perf_counter() - t0, result
    finally:
        c.close()


def pending(db) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(
            select(func.count()).select_from(OutboxEntry).where(OutboxEntry.acked_at.is_(None))
        )


# --- 1. ten thousand changes -----------------------------------------------------------------
def phases(c: SyncClient) -> dict[str, float]:
    """One round step by step, as SyncClient.round() runs it."""
    out, noop = {}, lambda *a: None
    steps = [("probe", c.probe), ("push", lambda: c.push(RoundResult(), noop, None)),
             ("refdata", lambda: c.pull_refdata(noop, None)),
             ("records", lambda: c.pull_records(noop, None)), ("audit", lambda: c.push_audit(None))]  # fmt: skip
    for name, step in steps:
        t0 = time.perf_counter()
        step()
        out[name] = time.perf_counter() - t0
    return out


def bench_local(root: Path, pg: Cluster, n_changes: int, repeat: int, profile: Path | None):  # type: ignore[no-untyped-def]
    _url, token, server = fresh_server(pg, "local_template")
    try:
        db = office_db(root, "local-template", server.url, token)
        one_round(db)  # link, reference data: not what is measured
        make_cases(db, ACTOR, n_changes // 2)  # each case is 2 changes: the case and its event
        n = pending(db)
        db.close()
    finally:
        server.stop()
    runs = []
    for r in range(repeat + (1 if profile else 0)):
        _url, token, server = fresh_server(pg, f"local_{r}")
        try:
            db = relink(root, root / "local-template", f"local-{r}", server.url, token)
            spy = _spy(server, profile) if profile and r == 0 else []
            prof = cProfile.Profile() if profile and r == 0 else None
            c = SyncClient(db)
            with Meter(server, pg) as m:
                if prof:  # step by step, to see where the time goes
                    prof.enable()
                    steps = phases(c)
                    prof.disable()
                else:
                    c.round()
                    steps = {}
            c.close()
            left = pending(db)
            _stop(spy)
            if prof:
                _write_profile(prof, profile / "client.txt")  # type: ignore[operator]
            runs.append((m, steps, left))
            db.close()
        finally:
            server.stop()
    timed = sorted((x for x in runs if not x[1]), key=lambda x: x[0].wall) or runs
    m, steps, left = timed[len(timed) // 2]
    walls = ", ".join(f"{x[0].wall:.2f}" for x in timed)
    print(f"1. {n} changes to a local server: {m.wall:.2f} s (median of {len(timed)}: {walls}; "
          f"{n / m.wall:,.0f} changes/s; {left} left unsent); {m.cpu()}")  # fmt: skip
    for m_, steps_, _l in runs:
        if steps_:  # the profiled run: its steps one after the other
            print("   profiled run, step by step: " + ", ".join(
                f"{k} {v:.2f} s" for k, v in steps_.items()) + f"; {m_.cpu()}")  # fmt: skip
    return m.wall


def _spy(server: ServerProcess, profile: Path) -> list[subprocess.Popen[bytes]]:
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        print("   (py-spy not installed: no server profile)")
        return []
    profile.mkdir(parents=True, exist_ok=True)
    procs = []
    for pid in [server.proc.pid, *_children(server.proc.pid)]:  # type: ignore[union-attr]
        out = profile / f"server-{pid}.txt"
        procs.append(subprocess.Popen([spy, "record", "-p", str(pid), "-o", str(out), "-f", "raw",
                                       "-r", "200", "--nonblocking"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))  # fmt: skip
    time.sleep(1)
    return procs


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        p.send_signal(2)
    for p in procs:
        p.wait(30)


def _write_profile(prof: cProfile.Profile, path: Path) -> None:
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(40)
    path.write_text(out.getvalue())


# --- 2. bytes per record ---------------------------------------------------------------------
def bench_wire(root: Path, pg: Cluster, n: int) -> float:
    _url, token, server = fresh_server(pg, "wire")
    try:
        db = office_db(root, "wire", server.url, token)
        one_round(db)
        make_cases(db, ACTOR, n)
        proxy = LinkProxy(server.port).start()
        with db.write() as s:
            state.put(s, state.SERVER_URL, proxy.url)
        c = SyncClient(db)
        try:
            c.push(RoundResult(), lambda *a: None, None)
        finally:
            c.close()
        proxy.stop()
        total = proxy.bytes_up + proxy.bytes_down
        per = total / n
        print(f"2. {n} new fine records (case + protocol event): up {proxy.bytes_up:,} B, "
              f"down {proxy.bytes_down:,} B = {per:.1f} B per fine record on the wire")  # fmt: skip
        _encodings(db, n)
        db.close()
        return per
    finally:
        server.stop()


def _encodings(db, n: int) -> None:  # type: ignore[no-untyped-def]
    """The same ops' request bodies in each encoding this checkout has, per fine record."""
    with db.read() as s:
        link = state.link_of(s)
        rows = s.execute(
            select(OutboxEntry.seq, OutboxEntry.op_id, OutboxEntry.entity, OutboxEntry.base_version,
                   OutboxEntry.schema_version, OutboxEntry.payload).order_by(OutboxEntry.seq)
        ).all()  # fmt: skip
    ops = [tuple(r) for r in rows if r.entity != "office"]
    sizes = {"protocol 1 (JSON rows, gzip-9)": len(protocol.encode_batch(uuid.uuid4(), link.stream, link.pc, ops)[0])}  # type: ignore[arg-type]  # fmt: skip
    if wire is not None:
        import zstandard

        sizes["protocol 2 (columns, zstd-" + str(wire.LEVEL) + ")"] = len(
            wire.encode(uuid.uuid4(), link.stream, link.pc, ops)[0]  # type: ignore[arg-type]
        )
        sizes["protocol 2, zstd-19"] = len(wire.encode(
            uuid.uuid4(), link.stream, link.pc, ops, zstandard.ZstdCompressor(level=19))[0])  # type: ignore[arg-type]  # fmt: skip
    print("   request body per fine record, one batch of all: " + "; ".join(
        f"{k} {v / n:.1f} B" for k, v in sizes.items()))  # fmt: skip


# --- 3. a slow link cut at random ------------------------------------------------------------
def bench_slow(root: Path, pg: Cluster, n: int) -> float:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from journal import make_journal  # bench/journal.py: an office's journal as it is kept

    from akimdesk.services.fines import import_export
    from akimdesk.services.journal import Options

    _url, token, server = fresh_server(pg, "slow_template")
    try:
        db = office_db(root, "slow-template", server.url, token)
        one_round(db)  # reference data before the import, as an office has it
        make_journal(root / "journal.xlsx", n)
        report = import_export.import_file(
            db, ACTOR, root / "journal.xlsx",
            options=Options(values={"protocol_author": "Сейтқали Б."}),
        )  # fmt: skip
        changes = pending(db)
        db.close()
    finally:
        server.stop()
    runs = {}
    for name, cuts in (("uncut", None), ("cut every 4-40 KB", (4000, 40000))):
        _url, token, server = fresh_server(pg, "slow_" + name.split()[0])
        proxy = LinkProxy(server.port, rate=8000, cut_between=cuts).start()
        try:
            db = relink(root, root / "slow-template", "slow-" + name.split()[0], proxy.url, token)
            c = SyncClient(db, backoff=Backoff())
            with Meter(server, pg) as m:
                result = c.round()
            c.close()
            runs[name] = (m.wall, proxy.bytes_up, proxy.bytes_down, proxy.cuts, result, pending(db))
            db.close()
        finally:
            proxy.stop()
            server.stop()
    (t0, up0, down0, _c0, _r0, _l0), (t1, up1, down1, cuts, r1, left) = runs.values()
    print(f"3. {report.added} imported cases = {changes} changes over 8,000 B/s: uncut {t0:.1f} s "
          f"(up {up0:,} B, down {down0:,} B); cut every 4-40 KB: {t1:.1f} s (up {up1:,} B, down "
          f"{down1:,} B, {cuts} cuts, {r1.retries} retries, {left} left unsent) = {t1 / t0:.2f} ×; "
          f"the cuts cost {up1 + down1 - up0 - down0:,} B more on the link")  # fmt: skip
    return t1 / t0


# --- 4. a burst of offices -------------------------------------------------------------------
def bench_many(
    root: Path, pg: Cluster, offices: int, profile: Path | None = None
) -> tuple[int, float]:
    """Each office: its own token and stream, a 500-change batch as the client encodes it; all
    released at once by a barrier, each in its own thread with its own connection."""
    url, _token, server = fresh_server(pg, "many")
    template = open_database(root / "many-template")
    set_up(template, ACTOR, OFFICE, "kk", [("Ақсу", "Аксу")])
    make_cases(template, ACTOR, 250)
    with template.read() as s:
        rows = s.scalars(
            select(OutboxEntry).where(OutboxEntry.entity != "office").order_by(OutboxEntry.seq)
        ).all()
        ops = [(r.entity, r.base_version, r.schema_version, r.payload) for r in rows[:500]]
    template.close()
    batches = [_office_batch(url, i, ops) for i in range(offices)]
    barrier = threading.Barrier(offices)
    accepted: list[float] = []
    done: list[float] = []
    errors: list[str] = []
    busy = [0]
    lock = threading.Lock()
    t0 = [0.0]

    def push(token: str, batch) -> None:  # type: ignore[no-untyped-def]
        transport = Transport(server.url, token, timeout=120)
        last = [0.0]
        send = transport.put_batch if upload is not None else transport.post_batch
        name = "put_batch" if upload is not None else "post_batch"

        def timed(*a, **k):  # type: ignore[no-untyped-def]
            start = time.perf_counter()
            try:
                answer = send(*a, **k)
            except SyncFailure as exc:
                if exc.code == "busy":
                    with lock:
                        busy[0] += 1
                raise
            last[0] = time.perf_counter() - start
            return answer

        setattr(transport, name, timed)
        barrier.wait()
        try:
            if upload is not None:
                ack = upload.send(transport, batch, Backoff(), None)
            else:  # protocol 1: the client's loop as it was, sleeping what Retry-After says
                while True:
                    try:
                        ack = transport.post_batch(batch.body, batch.digest)
                        break
                    except SyncFailure as exc:
                        if not exc.transient:
                            raise
                        time.sleep(exc.retry_after or 1)
            with lock:
                accepted.append(last[0])
                done.append(time.perf_counter() - t0[0])
                if ack.get("applied") != 500:
                    errors.append(f"applied {ack.get('applied')}")
        except Exception as exc:
            with lock:
                errors.append(repr(exc)[:120])
        finally:
            transport.close()

    threads = [threading.Thread(target=push, args=b) for b in batches]
    spy = _spy(server, profile / "burst") if profile else []
    with Meter(server, pg) as m:
        t0[0] = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    _stop(spy)
    server.stop()
    accepted.sort()
    done.sort()

    def p(xs: list[float], q: float) -> float:
        return xs[min(len(xs) - 1, int(q * len(xs)))] if xs else float("nan")

    p95 = p(accepted, 0.95)
    print(f"4. {offices} offices × 500-change batch at once: errors {len(errors)}, accepted "
          f"requests p50 {p(accepted, 0.5):.2f} s, p95 {p95:.2f} s, max {p(accepted, 1):.2f} s; "
          f"offices done p50 {p(done, 0.5):.1f} s, p95 {p(done, 0.95):.1f} s, all in {m.wall:.1f} s "
          f"({offices * 500 / m.wall:,.0f} ops/s); told to come back {busy[0]} times; {m.cpu()}")  # fmt: skip
    for e in errors[:5]:
        print("   error:", e)
    return len(errors), p95


def _office_batch(url: str, i: int, ops):  # type: ignore[no-untyped-def]
    """An office of its own with the template's 500 changes under fresh ids, as its own PC
    would have written them (derived op and event ids where the checkout derives them)."""
    from akimdesk.sync import outbox

    token = server_cli(url, "add-office", "--name", f"Office {i}", "--bin", f"{i:012d}")
    stream, pc = uuid.uuid4(), uuid.uuid4()
    remap: dict[str, str] = {}
    own = []
    for seq, (entity, base, sv, payload) in enumerate(ops, start=1):
        p = dict(payload)
        for key in ("id", "case_id"):
            if key in p:
                p[key] = remap.setdefault(p[key], str(uuid.uuid4()))
        op_id = uuid.uuid4()
        if wire is not None:
            from akimdesk.models.core import op_id_for
            from akimdesk.models.fines import event_id

            op_id = op_id_for(stream, seq)
            if entity == "fine_event":
                p["id"] = str(event_id(uuid.UUID(p["case_id"]), p["seq"], stream))
        own.append((seq, op_id, entity, base, sv, p))
    batch_id = uuid.uuid4()
    if wire is not None:
        body, digest = wire.encode(batch_id, stream, pc, own)
        batch = outbox.OutgoingBatch(batch_id, 1, len(own), len(own), body, digest)
    else:
        body, digest = protocol.encode_batch(batch_id, stream, pc, own)
        batch = outbox.OutgoingBatch(batch_id, 1, len(own), len(own), body, digest)
    return token, batch


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--changes", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--wire-cases", type=int, default=1000)
    ap.add_argument("--slow-cases", type=int, default=1000)
    ap.add_argument("--offices", type=int, default=300)
    ap.add_argument("--only", default="1234")
    ap.add_argument("--profile", type=Path)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="akimdesk-bench-"))
    pg = Cluster().start()
    got: dict[int, str] = {}
    print(f"{'protocol ' + str(protocol.WIRE_VERSION)}; {load()}")
    try:
        if "1" in args.only:
            got[1] = f"{bench_local(root, pg, args.changes, args.repeat, args.profile):.2f} s"
        if "2" in args.only:
            got[2] = f"{bench_wire(root, pg, args.wire_cases):.1f} B"
        if "3" in args.only:
            got[3] = f"{bench_slow(root, pg, args.slow_cases):.2f} ×"
        if "4" in args.only:
            errors, p95 = bench_many(root, pg, args.offices, args.profile)
            got[4] = f"{errors} errors, p95 {p95:.2f} s"
    finally:
        pg.stop()
        shutil.rmtree(root, ignore_errors=True)
    print(f"{load()}")
    print("figure | goal | measured")
    names = {1: "10,000 changes to a local server", 2: "bytes per fine record on the wire",
             3: "imported cases over 8 KB/s cut every 4-40 KB, against uncut",
             4: f"{args.offices} offices × 500 changes at once"}  # fmt: skip
    for k, v in got.items():
        print(f"{names[k]} | {GOALS[k]} | {v}")


if __name__ == "__main__":
    main()
