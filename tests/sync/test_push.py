"""Office -> district: everything recorded arrives exactly once, whatever the link does."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import func, select

from akimdesk.models import FineCase, OutboxEntry
from akimdesk.sync import client, outbox, protocol, state
from akimdesk.sync.client import Backoff, SyncClient
from akimdesk.sync.transport import SyncFailure, Transport
from tests.conftest import ACTOR, OFFICE
from tests.support.fines import make_cases
from tests.support.proxy import LinkProxy
from tests.support.server import server_cli
from tests.sync.conftest import held, sql, sync_round


def outbox_counts(db) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        rows = s.execute(
            select(OutboxEntry.entity, func.count(func.distinct(OutboxEntry.entity_id))).group_by(
                OutboxEntry.entity
            )
        ).all()
    return dict(rows)


def assert_exactly_once(db, server_db) -> None:  # type: ignore[no-untyped-def]
    with db.read() as s:
        assert outbox.pending_count(s) == 0
        total_ops = s.scalar(select(func.count()).select_from(OutboxEntry))
    assert held(server_db) == outbox_counts(db)
    applied = sql(server_db, "SELECT count(*), count(DISTINCT op_id) FROM op_log")[0]
    assert applied == (total_ops, total_ops)


def test_first_round_sends_everything_and_brings_reference_data(linked, server_db):
    make_cases(linked, ACTOR, 30)
    result = sync_round(linked)
    assert result.sent > 60 and result.rejected == 0
    assert result.refdata_rows > 0
    assert_exactly_once(linked, server_db)
    again = sync_round(linked)
    assert (again.sent, again.refdata_rows, again.records_applied) == (0, 0, 0)
    with linked.read() as s:
        assert s.scalar(select(func.count()).select_from(FineCase)) == 30


def via(db, proxy):  # type: ignore[no-untyped-def]
    from akimdesk.sync import state

    with db.write() as s:
        state.put(s, state.SERVER_URL, proxy.url)


def test_link_drops_before_the_server_commits(linked, server, server_db):
    proxy = LinkProxy(server.port).start()
    try:
        via(linked, proxy)
        make_cases(linked, ACTOR, 10)
        sync_round(linked)  # probe, reference data
        make_cases(linked, ACTOR, 10, start=10)
        proxy.cut_request_once = True
        result = sync_round(linked)
        assert proxy.cuts == 1 and result.retries >= 1
        assert_exactly_once(linked, server_db)
    finally:
        proxy.stop()


def test_link_drops_after_the_commit_before_the_ack(linked, server, server_db):
    proxy = LinkProxy(server.port).start()
    try:
        via(linked, proxy)
        sync_round(linked)
        make_cases(linked, ACTOR, 10)
        proxy.cut_response_once = True  # the server applies the batch; its answer is lost
        result = sync_round(linked)
        assert proxy.cuts == 1 and result.retries >= 1
        assert_exactly_once(linked, server_db)
        replays = sql(server_db, "SELECT count(*) FROM received_batch")[0][0]
        assert replays >= 1
    finally:
        proxy.stop()


def raw_post(server, token, body, digest):  # type: ignore[no-untyped-def]
    """A batch of wire version 1, as an office not upgraded yet sends it."""
    t = Transport(server.url, token)
    try:
        return t.post_batch(body, digest)
    finally:
        t.close()


def raw_send(server, token, batch):  # type: ignore[no-untyped-def]
    """A batch as this client sends it, in either version."""
    if batch.version == 1:
        return raw_post(server, token, batch.body, batch.digest)
    t = Transport(server.url, token)
    try:
        return t.put_batch(batch.batch_id, batch.body, batch.digest)
    finally:
        t.close()


def batch_of(db, max_ops=1000, version=protocol.WIRE_VERSION):  # type: ignore[no-untyped-def]
    from akimdesk.sync import state

    with db.read() as s:
        return outbox.build(s, state.link_of(s), max_ops, version)


@pytest.mark.parametrize("version", [1, 2])
def test_same_batch_twice_gets_the_same_ack(linked, server, token, server_db, version):
    make_cases(linked, ACTOR, 5)
    b = batch_of(linked, version=version)
    first = raw_send(server, token, b)
    second = raw_send(server, token, b)
    assert second["replayed"] and second["acked_through"] == first["acked_through"] == b.last
    assert sql(server_db, "SELECT count(*) FROM op_log")[0][0] == b.count


def test_same_batch_id_with_other_content_is_refused(linked, server, token, server_db):
    make_cases(linked, ACTOR, 5)
    b = batch_of(linked, version=1)
    raw_post(server, token, b.body, b.digest)
    with linked.read() as s:
        link = state.link_of(s)
    ops = [(1, uuid.uuid4(), "fine_case", 0, 2, {"id": str(uuid.uuid4()), "version": 1})]
    body, digest = protocol.encode_batch(b.batch_id, link.stream, link.pc, ops)
    with pytest.raises(SyncFailure) as err:
        raw_post(server, token, body, digest)
    assert err.value.code == "batch_conflict"


def test_a_gap_is_refused_with_the_expected_seq(linked, server, token, server_db):
    make_cases(linked, ACTOR, 5)
    with linked.read() as s:
        link = state.link_of(s)
        rows = s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
    ops = [(r.seq, r.op_id, r.entity, r.base_version, r.schema_version, r.payload) for r in rows]
    body, digest = protocol.encode_batch(uuid.uuid4(), link.stream, link.pc, ops[:3])
    raw_post(server, token, body, digest)
    body, digest = protocol.encode_batch(uuid.uuid4(), link.stream, link.pc, ops[5:])
    with pytest.raises(SyncFailure) as err:
        raw_post(server, token, body, digest)
    assert err.value.code == "gap" and err.value.body["expected"] == ops[3][0]
    # The client itself recovers: it sends from what the server expects.
    result = sync_round(linked)
    assert result.rejected == 0
    assert_exactly_once(linked, server_db)


def test_one_bad_op_is_rejected_and_kept_the_rest_applied(linked, server, token, server_db):
    make_cases(linked, ACTOR, 3)
    with linked.read() as s:
        link = state.link_of(s)
        rows = s.scalars(select(OutboxEntry).order_by(OutboxEntry.seq)).all()
    ops = [(r.seq, r.op_id, r.entity, r.base_version, r.schema_version, r.payload) for r in rows]
    bad = ops[2]
    broken = {k: v for k, v in bad[5].items() if k != "number"} if bad[2] == "fine_case" else {}
    ops[2] = (*bad[:5], {**broken, "id": bad[5]["id"], "version": 1})
    body, digest = protocol.encode_batch(uuid.uuid4(), link.stream, link.pc, ops)
    ack = raw_post(server, token, body, digest)
    assert [r["seq"] for r in ack["rejected"]] == [bad[0]]
    assert ack["applied"] == len(ops) - 1 and ack["acked_through"] == ops[-1][0]
    kept = sql(server_db, "SELECT reason, payload IS NOT NULL FROM op_log WHERE status='rejected'")
    assert len(kept) == 1 and kept[0][1]


def test_server_restarted_in_the_middle(linked, server, server_db):
    make_cases(linked, ACTOR, 400)
    with linked.write() as s:
        state.put(s, state.BATCH_OPS, 20)
    c = SyncClient(linked, backoff=Backoff(base=0.1, cap=0.5, attempts=100))
    progress: list[int] = []
    restarted = threading.Event()

    def on_progress(stage: str, done: int, total: int) -> None:
        progress.append(done)
        if stage == "push" and done > 100 and not restarted.is_set():
            restarted.set()
            threading.Thread(target=server.restart).start()

    try:
        result = c.round(progress=on_progress)
    finally:
        c.close()
    assert restarted.is_set() and result.retries >= 1
    assert_exactly_once(linked, server_db)


def test_slow_link_with_cuts_makes_progress_and_never_starts_over(linked, server, server_db):
    sync_round(linked)  # reference data first; the upload is what is measured
    make_cases(linked, ACTOR, 200)
    proxy = LinkProxy(server.port, rate=8000, cut_every=12_000).start()
    try:
        via(linked, proxy)
        with linked.write() as s:
            state.put(s, state.BATCH_OPS, 400)  # too big for the link at first
        acked: list[int] = []
        c = SyncClient(linked, backoff=Backoff(base=0.05, cap=0.3, attempts=200))
        try:
            result = c.round(progress=lambda st, d, n: acked.append(d) if st == "push" else None)
        finally:
            c.close()
        assert proxy.cuts >= 1
        assert acked == sorted(acked)  # acknowledged progress only grows
        # Each cut wastes at most one connection; smaller batches then get through, so the
        # cuts stay few and nothing is sent twice (exactly once below).
        assert proxy.cuts <= 8, proxy.cuts
        assert result.sent >= 400
        assert_exactly_once(linked, server_db)
    finally:
        proxy.stop()


def test_revoked_token_keeps_the_outbox(linked, server, server_db):
    sync_round(linked)
    make_cases(linked, ACTOR, 5)
    server_cli(server_db, "revoke", OFFICE.bin)
    with pytest.raises(SyncFailure) as err:
        sync_round(linked)
    assert err.value.code == "revoked" and not err.value.transient
    with linked.read() as s:
        assert outbox.pending_count(s) == 10
    token = server_cli(server_db, "rotate-token", OFFICE.bin)
    client.link(linked, server.url, token)
    sync_round(linked)
    assert_exactly_once(linked, server_db)


class OldServer:
    """The district server as it was before protocol 2, in front of the real one: its hello
    names no wire version, it has no /v2 routes and reads gzip bodies only. It notes what the
    client asked for."""

    def __init__(self) -> None:
        import httpx

        self.inner = httpx.HTTPTransport()
        self.asked: list[tuple[str, str, str | None]] = []

    def handle_request(self, request):  # type: ignore[no-untyped-def]
        import httpx

        path, encoding = request.url.path, request.headers.get("content-encoding")
        self.asked.append((request.method, path, encoding))
        if path.startswith("/v2/"):
            return httpx.Response(404, json={"detail": "Not Found"})
        if encoding not in (None, "gzip"):
            return httpx.Response(415, json={"code": "bad_encoding", "detail": encoding})
        response = self.inner.handle_request(request)
        if path != "/v1/hello":
            return response
        response.read()
        hello = {k: v for k, v in response.json().items() if k != "wire_version"}
        return httpx.Response(response.status_code, json=hello)

    def close(self) -> None:
        self.inner.close()


def test_an_old_server_gets_protocol_1(linked, server, token, server_db):
    """A district not upgraded yet: the client falls back to wire format 1 (gzip bodies, POST
    /v1/batches) and everything arrives once, audit hashes too."""
    import httpx

    make_cases(linked, ACTOR, 30)
    old = OldServer()
    transport = Transport(server.url, token)
    transport.client = httpx.Client(base_url=transport.url, headers=transport.client.headers,
                                    transport=old)  # type: ignore[arg-type]  # fmt: skip
    c = SyncClient(linked, transport=transport, backoff=Backoff(base=0.02, cap=0.2))
    try:
        result = c.round()
    finally:
        c.close()
    assert c.wire == 1 and result.rejected == 0
    assert not [a for a in old.asked if a[1].startswith("/v2/") or a[2] not in (None, "gzip")]
    assert ("POST", "/v1/batches", "gzip") in old.asked
    assert ("POST", "/v1/audit", "gzip") in old.asked
    assert_exactly_once(linked, server_db)
    with linked.read() as s:
        assert state.get(s, state.AUDIT_CURSOR)  # the district took the hashes
    # Upgraded, the same server is spoken to in protocol 2 from the next round on.
    make_cases(linked, ACTOR, 2, start=40)
    c = client.SyncClient(linked, backoff=Backoff(base=0.02, cap=0.2))
    try:
        assert c.round().rejected == 0 and c.wire == protocol.WIRE_VERSION == 2
    finally:
        c.close()
    assert_exactly_once(linked, server_db)
