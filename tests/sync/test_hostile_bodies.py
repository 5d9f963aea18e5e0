"""Bodies made to hurt the district server (the attacker's review of protocol 2): a few bytes
that would write thousands of op log rows, junk kept as uploads, entity names that would fill
a cache, and malformed bodies that got a 500. Each is refused whole (a 4xx, nothing written) or
its bad ops one by one (a 200), and the office's real batches still go through."""

from __future__ import annotations

import hashlib
import json
import os
import socket
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import httpx
import pytest
import zstandard
from sqlalchemy import create_engine, select, update
from sqlalchemy.orm import Session

from akimdesk.district import uploads
from akimdesk.district.models import OfficeAccount, Upload, now
from akimdesk.sync import client, protocol, wire
from akimdesk.sync.protocol import ProtocolError, decode_batch
from tests.sync.conftest import sql
from tests.sync.ops import Stream, body, put


def doc_of(ents: list[Any], last: int, **extra: Any) -> dict[str, Any]:
    doc = {"v": 2, "batch": str(uuid.uuid4()), "stream": str(uuid.uuid4()),
           "pc": str(uuid.uuid4()), "first": 1, "last": last, "sv": 3, "ents": ents}  # fmt: skip
    return {**doc, **extra}


def packed(doc: dict[str, Any]) -> tuple[bytes, str]:
    raw = json.dumps(doc, separators=(",", ":")).encode()  # ASCII: lone surrogates travel
    return zstandard.ZstdCompressor().compress(raw), hashlib.sha256(raw).hexdigest()


def put_doc(url: str, token: str, doc: dict[str, Any]) -> httpx.Response:
    data, digest = packed(doc)
    return put(url, token, uuid.UUID(doc["batch"]), data, digest)


def written(url: str) -> tuple[int, int, int]:
    return sql(url, "SELECT (SELECT count(*) FROM op_log), (SELECT count(*) FROM record), "
                    "(SELECT count(*) FROM received_batch)")[0]  # fmt: skip


# --- finding 2: amplification -----------------------------------------------------------------
def test_ops_that_name_no_record_are_refused_whole(server, token, server_db):
    """Before: 200, one op log row (refused bad_id) per two bytes of body."""
    doc = doc_of([["official", [], [[]], [], [], 500]], 500)
    r = put_doc(server.url, token, doc)
    assert r.status_code == 422 and r.json()["detail"] == "shape", r.text
    # a fine event's id is derived: its shape needs what the id is made of
    doc = doc_of([["fine_event", ["kind"], [[0]], [], [["paid"] * 3], 3]], 3)
    assert put_doc(server.url, token, doc).status_code == 422
    assert written(server_db) == (0, 0, 0)


@pytest.mark.parametrize("version", [1, 2])
def test_more_ops_than_a_client_sends_are_refused_whole(server, token, server_db, version):
    """Before: 200 and every op written. The client's own limit is the server's."""
    assert client.MAX_OPS <= protocol.MAX_BATCH_OPS
    stream = Stream(server.url, token)
    ops = [stream.op("official", {"id": str(uuid.uuid4()), "version": 1, "full_name": "А",
                                  "position_kk": "маман", "position_ru": "специалист"})
           for _ in range(protocol.MAX_BATCH_OPS + 1)]  # fmt: skip
    r = stream.send(ops, version)
    assert r.status_code == 413 and r.json()["code"] == "too_large", r.text
    assert written(server_db) == (0, 0, 0)
    r = stream.send(ops[: protocol.MAX_BATCH_OPS], version)  # as many as a client sends: taken
    assert r.status_code == 200 and r.json()["applied"] == protocol.MAX_BATCH_OPS, r.text


def test_a_body_longer_than_any_batch_is_refused(server, token, server_db):
    """Before: a zstd frame of up to 8 MiB was inflated and parsed (400 bad_json here)."""
    data = zstandard.ZstdCompressor(level=1).compress(os.urandom(protocol.MAX_UPLOAD_BYTES))
    assert len(data) > protocol.MAX_UPLOAD_BYTES
    r = put(server.url, token, uuid.uuid4(), data, "0" * 64)
    assert r.status_code == 413, r.text
    # the largest single op the checks let through fits (the client sends it alone)
    assert protocol.MAX_UPLOAD_BYTES > 6 * 113_000


def test_the_refusals_of_an_ack_stay_short(server, token, server_db):
    """A field name is the refusal's detail: cut to the op log's column (a guard: the schema
    check cuts this one already)."""
    stream = Stream(server.url, token)
    payload = {"id": str(uuid.uuid4()), "version": 1, "full_name": "А", "position_kk": "маман",
               "position_ru": "специалист", "x\x01" * 400: 1}  # fmt: skip
    r = stream.send([stream.op("official", payload)], 2)
    assert r.status_code == 200, r.text
    (refused,) = r.json()["rejected"]
    assert refused["reason"] == "unknown_field" and len(refused["detail"]) <= 100
    assert sql(server_db, "SELECT status FROM op_log") == [("rejected",)]


# --- finding 3: uploads -------------------------------------------------------------------------
def cut_put(url: str, token: str, part: bytes, length: int) -> None:
    """A PUT announcing `length` bytes that sends `part` and drops the link."""
    host, port = url.split("//")[1].split(":")
    with socket.create_connection((host, int(port))) as s:
        head = [f"PUT /v2/batches/{uuid.uuid4()} HTTP/1.1", f"Host: {host}",
                f"Authorization: Bearer {token}", f"Upload-Length: {length}",
                "Upload-Offset: 0", "Content-Encoding: zstd", f"Content-Length: {length}"]  # fmt: skip
        s.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + part)
        time.sleep(0.5)
    time.sleep(0.3)


def held(url: str) -> tuple[int, int]:
    n, size = sql(url, "SELECT count(*), coalesce(sum(length(data)), 0) FROM upload")[0]
    return int(n), int(size)


def test_junk_and_oversized_uploads_are_not_kept(server, token, server_db):
    """Before: 8 MiB of random bytes per cut request kept, for as many requests as sent."""
    cut_put(server.url, token, os.urandom(200_000), 8 * 1024 * 1024)  # longer than a batch
    cut_put(server.url, token, os.urandom(200_000), 300_000)  # no zstd frame
    assert held(server_db) == (0, 0)
    frame = zstandard.ZstdCompressor().compress(os.urandom(300_000))
    cut_put(server.url, token, frame[:100_000], len(frame))  # a real batch's start: kept
    assert held(server_db) == (1, 100_000)


@contextmanager
def session(url: str) -> Iterator[tuple[Session, list[uuid.UUID]]]:
    """A session on the server's database, and its offices."""
    engine = create_engine(url)
    try:
        with Session(engine) as s:
            offices = list(s.scalars(select(OfficeAccount.id).order_by(OfficeAccount.name)))
            s.commit()
            yield s, offices
    finally:
        engine.dispose()


def test_an_office_has_room_for_a_few_uploads_only(server, token, server_db):
    frame = zstandard.ZstdCompressor().compress(os.urandom(protocol.MAX_UPLOAD_BYTES - 64))
    with session(server_db) as (s, (office,)):
        ids = [uuid.uuid4() for _ in range(uploads.MAX_HELD + 3)]
        for batch_id in ids:
            with s.begin():
                uploads.keep(s, office, batch_id, frame[:-1], len(frame), "0" * 64)
    n, size = held(server_db)
    assert size <= uploads.MAX_HELD_BYTES and n <= uploads.MAX_HELD
    kept = {r[0] for r in sql(server_db, "SELECT batch_id FROM upload")}
    assert ids[-1] in kept and ids[0] not in kept  # the newest stays, the oldest went


def test_stale_uploads_of_every_office_go(server, token, server_db):
    """Before: only the owning office's next upload removed its stale parts."""
    from tests.sync.district import OTHER, add_office

    add_office(server_db, OTHER)
    with session(server_db) as (s, (a, b)):
        with s.begin():
            uploads.keep(s, a, uuid.uuid4(), b"\x28\xb5\x2f\xfd", 100, "0" * 64)
            s.execute(update(Upload).values(updated_at=now() - timedelta(days=30)))
        with s.begin():  # another office's traffic
            uploads.drop(s, b, uuid.uuid4())
    assert held(server_db) == (0, 0)


def test_a_kept_part_takes_the_length_and_digest_sent_with_it(server, token, server_db):
    batch_id = uuid.uuid4()
    with session(server_db) as (s, (office,)):
        with s.begin():
            uploads.keep(s, office, batch_id, b"\x28\xb5", 100, "a" * 64)
        with s.begin():
            uploads.keep(s, office, batch_id, b"\x28\xb5\x2f\xfd", 200, "b" * 64)
    assert sql(server_db, "SELECT total, digest FROM upload") == [(200, "b" * 64)]


# --- finding 4: entity names ------------------------------------------------------------------
def test_unknown_entity_names_are_never_looked_up():
    """Before: each name went into field_kinds' cache for good."""
    wire.field_kinds("official")
    before = wire.field_kinds.cache_info().currsize
    for _ in range(3):
        ents = [[uuid.uuid4().hex, ["id", "version"], [[0, 1]], [],
                 [[str(uuid.uuid4())], [1]], 1] for _ in range(10)]  # fmt: skip
        doc = doc_of(ents, 10, e=list(range(10)))
        decode_batch(packed(doc)[0], "zstd", None)
    assert wire.field_kinds.cache_info().currsize == before


@pytest.mark.parametrize("ents", [
    [["x" * 51, ["id"], [[0]], [], [[str(uuid.uuid4())]], 1]],  # longer than op_log.entity
    [["official", ["id"], [[0]], [], [[str(uuid.uuid4())]], 1]] * 2,  # one table per kind
    [[f"e{i}", ["id"], [[0]], [], [[str(uuid.uuid4())]], 1] for i in range(wire.MAX_TABLES + 1)],
])  # fmt: skip
def test_entity_names_and_tables_are_bounded(ents):
    with pytest.raises(ProtocolError) as err:
        decode_batch(packed(doc_of(ents, len(ents), e=list(range(len(ents)))))[0], "zstd", None)
    assert err.value.status == 422


# --- finding 6: the three 500s ------------------------------------------------------------------
def test_a_table_asked_for_more_ops_than_it_holds(server, token, server_db):
    """Before: IndexError in the reader, a 500."""
    doc = doc_of([["official", ["id", "full_name"], [[0, 1], [0]], [0, 1],
                   [[str(uuid.uuid4()), str(uuid.uuid4())], ["a"]], 2],
                  ["asset", ["id"], [[0]], [], [[str(uuid.uuid4())]], 1]], 3, e=[0, 0, 0])  # fmt: skip
    with pytest.raises(ProtocolError):
        decode_batch(packed(doc)[0], "zstd", None)
    r = put_doc(server.url, token, doc)
    assert r.status_code == 422, r.text
    assert written(server_db) == (0, 0, 0)


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize("name", ["\x01" * 50, "\ud800" * 50])
def test_an_unprintable_entity_name_is_refused_by_op(server, token, server_db, version, name):
    """Before: printable() made the name 300 characters long; op_log.entity overflowed: 500."""
    rid = str(uuid.uuid4())
    if version == 2:
        doc = doc_of([[name, ["id", "version"], [[0, 1]], [], [[rid], [1]], 1]], 1)
        r = put_doc(server.url, token, doc)
    else:
        op = (1, uuid.uuid4(), name, 0, 2, {"id": rid, "version": 1})
        r = httpx.post(f"{server.url}/v1/batches", content=body(uuid.uuid4(), uuid.uuid4(),
                       [op])[0], headers={"Authorization": f"Bearer {token}",
                       "Content-Encoding": "gzip"}, timeout=60)  # fmt: skip
    assert r.status_code == 200, r.text
    assert [x["reason"] for x in r.json()["rejected"]] == ["unknown_entity"]
    ((entity,),) = sql(server_db, "SELECT entity FROM op_log")
    assert len(entity) == 50
