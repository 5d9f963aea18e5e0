"""Admission of batches (district/admission.py) on a real server: an office has one batch in
flight, a refused batch leaves nothing stored, and turns stay near however many refusals come.
A batch is held in flight by locking its office's row, as a long application would."""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from collections.abc import Iterator

import httpx
import psycopg

from akimdesk.district.admission import RETRY_CAP_S, TOOK_CAP_S, Gate
from akimdesk.sync import protocol, wire
from tests.support.server import server_cli
from tests.sync.conftest import sql


def add(server_db: str, name: str, bin_: str) -> str:
    return server_cli(server_db, "add-office", "--name", name, "--bin", bin_)


def put(url: str, token: str, offset: int = 0, whole: bool = True,
        timeout: float = 30) -> httpx.Response:  # fmt: skip
    batch_id, stream, pc = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    op = (1, uuid.uuid4(), "official", 0, 2, {"id": str(uuid.uuid4())})
    data, digest = wire.encode(batch_id, stream, pc, [op])
    headers = {"Authorization": f"Bearer {token}", "Content-Encoding": "zstd",
               "Content-Type": "application/octet-stream", "Upload-Offset": str(offset),
               "Upload-Length": str(len(data)), protocol.HASH_HEADER: digest}  # fmt: skip
    return httpx.put(f"{url}/v2/batches/{batch_id}", content=data[offset:] if whole else b"",
                     headers=headers, timeout=timeout)  # fmt: skip


@contextlib.contextmanager
def applying(server_db: str, *names: str) -> Iterator[None]:
    """The offices' rows locked: their batches wait in the middle of being applied."""
    with psycopg.connect(server_db.replace("postgresql+psycopg", "postgresql")) as conn:
        conn.execute("SELECT 1 FROM office_account WHERE name = ANY(%s) FOR UPDATE", [list(names)])
        yield


def in_background(call, *args) -> tuple[threading.Thread, list]:  # type: ignore[no-untyped-def]
    out: list = []
    thread = threading.Thread(target=lambda: out.append(call(*args)))
    thread.start()
    return thread, out


def waiting_on_locks(server_db: str, count: int) -> None:
    deadline = time.time() + 20
    while time.time() < deadline:
        if sql(server_db, "SELECT count(*) FROM pg_locks WHERE NOT granted")[0][0] >= count:
            return
        time.sleep(0.05)
    raise AssertionError("the batches did not reach the database")


def test_an_office_has_one_batch_in_flight(server, server_db, token):
    other = add(server_db, "Office B", "990240000027")
    name = sql(server_db, "SELECT name FROM office_account WHERE name <> 'Office B'")[0][0]
    with applying(server_db, name):
        first, answers = in_background(put, server.url, token)
        waiting_on_locks(server_db, 1)
        # Before: the second batch took the server's other place and waited too (timed out here).
        again = put(server.url, token, timeout=5)
        assert again.status_code == 429 and again.json()["code"] == "one_at_a_time"
        assert 1 <= int(again.headers["Retry-After"]) <= RETRY_CAP_S
        # It took no place: another office's batch goes through at once.
        assert put(server.url, other, timeout=5).status_code == 200
    first.join(30)
    assert answers[0].status_code == 200
    assert put(server.url, token).status_code == 200  # the office's next batch, after its answer


def test_a_busy_server_keeps_no_body_and_turns_stay_near(server, server_db, token):
    b = add(server_db, "Office B", "990240000027")
    c = add(server_db, "Office C", "990240000034")
    names = [
        n for (n,) in sql(server_db, "SELECT name FROM office_account WHERE name <> 'Office C'")
    ]
    with applying(server_db, *names):
        held = [in_background(put, server.url, t) for t in (token, b)]
        waiting_on_locks(server_db, 2)
        turns = []
        for _ in range(30):
            r = put(server.url, c, timeout=10)
            assert r.status_code == 503 and r.json()["code"] == "busy"
            turns.append(int(r.headers["Retry-After"]))
        # Before: every refused body was stored (up to 8 MiB each), and each refusal pushed the
        # office's own turn further away.
        assert sql(server_db, "SELECT count(*) FROM upload")[0][0] == 0
        assert turns == sorted(turns, reverse=True) and turns[0] <= RETRY_CAP_S, turns
    for thread, answers in held:
        thread.join(30)
        assert answers[0].status_code == 200
    # The client comes back with the offset it thinks the server holds; told 0, it sends all.
    r = put(server.url, c, offset=1, whole=False)
    assert r.status_code == 409 and r.json()["offset"] == 0
    assert put(server.url, c).status_code == 200


def test_turns_are_capped_and_slow_batches_count_clipped():
    clock = [1000.0]
    gate = Gate(2, clock=lambda: clock[0])
    for _ in range(20):
        gate.leave(uuid.uuid4(), 600.0)  # batches that took ten minutes each
    assert gate.apply_s <= TOOK_CAP_S
    gate.sem = type(gate.sem)(0)  # leave() released places never taken; none are free now
    # A flood of refusals from a thousand offices: no turn is further than the cap.
    assert max(gate.turn(uuid.uuid4()) for _ in range(1000)) == RETRY_CAP_S
    mine = uuid.uuid4()
    first = gate.turn(mine)
    clock[0] += 30
    assert gate.turn(mine) == first - 30  # asking again keeps the turn; time brings it nearer
    clock[0] += 31
    assert gate.turn(uuid.uuid4()) <= RETRY_CAP_S and mine not in gate.turns
