"""Wire format 2 (sync/wire.py) gives the district exactly what format 1 gave it, whatever the
ops hold, while it leaves out what the district can work out; and its decoder answers any
damaged body with a 4xx, never with an unexpected exception."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
import zstandard
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String, Uuid

from akimdesk.models.core import op_id_for
from akimdesk.models.fines import event_id
from akimdesk.sync import protocol, wire
from akimdesk.sync.protocol import ProtocolError, decode_batch
from akimdesk.sync.schema import syncable_models

STREAM, PC = uuid.UUID(int=7), uuid.UUID(int=8)


def decoded(ops: list[Any], stream: uuid.UUID = STREAM) -> list[protocol.Op]:
    body, digest = wire.encode(uuid.uuid4(), stream, PC, ops)
    return decode_batch(body, "zstd", digest).ops


def as_version_1(ops: list[Any], stream: uuid.UUID = STREAM) -> list[protocol.Op]:
    body, digest = protocol.encode_batch(uuid.uuid4(), stream, PC, ops)
    return decode_batch(body, "gzip", digest).ops


def same(a: list[protocol.Op], b: list[protocol.Op]) -> None:
    assert [(o.seq, o.op_id, o.entity, o.base_version, o.schema_version, o.payload) for o in a] == [
        (o.seq, o.op_id, o.entity, o.base_version, o.schema_version, o.payload) for o in b
    ]


# --- values as the desktop's columns hold them, empties and oddities included ---------------
def column_value(column: Any) -> st.SearchStrategy[Any]:
    kind = column.type
    empty = st.sampled_from([None, "", False, {}, []])
    if isinstance(kind, Boolean):
        value = st.booleans()
    elif isinstance(kind, Integer):
        value = st.integers(0, 2**40)
    elif isinstance(kind, Float):
        value = st.floats(0, 1e9) | st.integers(0, 10)
    elif isinstance(kind, DateTime):
        value = st.sampled_from(["2026-12-02T00:42:21", "2026-12-02T00:42:21.123456",
                                 "2026-12-02T00:42:21+00:00", "1999-12-31T23:59:59", "x"])  # fmt: skip
    elif isinstance(kind, Date):
        value = st.sampled_from(
            ["2026-11-04", "1960-01-01", "0001-01-01", "2026-1-4", "31.12.2026"]
        )
    elif isinstance(kind, Uuid):
        value = st.sampled_from([str(uuid.UUID(int=n)) for n in range(1, 4)])
    elif isinstance(kind, JSON):
        value = st.sampled_from([{"a": 1}, {"a": True}, {"a": 1.0}, ["x", {"y": None}], {}])
    elif isinstance(kind, String):
        value = st.text(max_size=6)
    else:
        value = st.none()
    if isinstance(kind, Date | DateTime):  # not a date at all: the district must see it so
        value |= st.integers(-3, 40_000) | st.sampled_from([2.5, True, ["2026-11-04"], [7]])
    return empty | value


@st.composite
def record(draw, entity: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    model = syncable_models()[entity]
    payload = {c.key: draw(column_value(c)) for c in model.__table__.columns}
    payload["id"] = str(uuid.uuid4())
    payload["version"] = 1
    if entity == "fine_event" and draw(st.booleans()):  # as this PC's epoch makes them
        payload["case_id"] = str(uuid.uuid4())
        payload["seq"] = draw(st.integers(1, 9))
        payload["id"] = str(event_id(uuid.UUID(payload["case_id"]), payload["seq"], STREAM))
    return payload


@st.composite
def batches(draw):  # type: ignore[no-untyped-def]
    """Ops of a few kinds, some records changed again in the same batch (a field or two, or
    emptied), some with random op ids (written before the PC was linked), a base version
    that is not version - 1 (a person keeping her version), another schema version."""
    entities = draw(st.lists(st.sampled_from(["fine_case", "fine_event", "asset", "meeting",
                                              "official", "inventory_item"]),
                             min_size=1, max_size=3))  # fmt: skip
    ops: list[Any] = []
    seq = draw(st.integers(1, 1000))
    for _ in range(draw(st.integers(1, 12))):
        entity = draw(st.sampled_from(entities))
        earlier = [p for _s, _o, e, _b, _v, p in ops if e == entity]
        if earlier and draw(st.booleans()):
            payload = dict(draw(st.sampled_from(earlier)))
            for key in draw(st.lists(st.sampled_from(sorted(payload)), max_size=3)):
                if key not in ("id", "version"):
                    payload[key] = draw(column_value(syncable_models()[entity].__table__.c[key]))
            if draw(st.booleans()):
                payload.pop(draw(st.sampled_from(sorted(payload))), None)
            payload["version"] = (payload.get("version") or 1) + draw(st.sampled_from([1, 1, 3]))
            payload["id"] = payload.get("id") or str(uuid.uuid4())
        else:
            payload = draw(record(entity))
        seq += draw(st.sampled_from([1, 1, 1, 2]))  # a hole now and then
        op_id = op_id_for(STREAM, seq) if draw(st.booleans()) else uuid.uuid4()
        base = payload["version"] - 1 if draw(st.booleans()) else draw(st.integers(0, 5))
        ops.append((seq, op_id, entity, base, draw(st.sampled_from([3, 3, 2])), payload))
    return ops


@pytest.mark.slow  # fuzzing: hundreds of examples
@settings(max_examples=300, deadline=None)
@given(batches())
def test_the_district_gets_what_version_1_gave_it(ops):
    same(decoded(ops), as_version_1(ops))


def test_what_the_district_derives_is_not_sent():
    """A fine case and its event as this PC writes them: the op ids, the event's id, the base
    versions, the schema version and the defaults travel nowhere; dates go as numbers."""
    case_id = str(uuid.uuid4())
    case = {"id": case_id, "version": 1, "number": "2026-00001", "stage": "protocol",
            "penalty": "fine", "offence_date": "2026-11-03", "created_at": "2026-12-02T00:42:21"}  # fmt: skip
    event = {"id": str(event_id(uuid.UUID(case_id), 1, STREAM)), "version": 1, "case_id": case_id,
             "seq": 1, "kind": "protocol_drawn", "on_date": "2026-11-03"}  # fmt: skip
    ops = [(5, op_id_for(STREAM, 5), "fine_case", 0, 3, case),
           (6, op_id_for(STREAM, 6), "fine_event", 0, 3, event)]  # fmt: skip
    body, _digest = wire.encode(uuid.uuid4(), STREAM, PC, ops)
    doc = json.loads(zstandard.ZstdDecompressor().decompress(body))
    text = json.dumps(doc, ensure_ascii=False)
    for left_out in (str(op_id_for(STREAM, 5)), event["id"], '"protocol"', '"fine"',
                     "2026-11-03", "2026-12-02"):  # fmt: skip
        assert left_out not in text, left_out
    assert "x" not in doc and "seqs" not in doc  # nothing out of the ordinary to tell
    same(decoded(ops), as_version_1(ops))


def test_a_record_changed_twice_in_a_batch_sends_what_changed():
    rid = str(uuid.uuid4())
    first = {"id": rid, "version": 1, "number": "7-Ж", "offender_name": "Ахметов Ерлан",
             "address": "Абай көшесі, 5", "reduced": True}  # fmt: skip
    second = {**first, "version": 2, "reduced": False, "note": "түзетілді"}
    ops = [(1, op_id_for(STREAM, 1), "fine_case", 0, 3, first),
           (2, op_id_for(STREAM, 2), "fine_case", 1, 3, second)]  # fmt: skip
    body, _ = wire.encode(uuid.uuid4(), STREAM, PC, ops)
    doc = json.loads(zstandard.ZstdDecompressor().decompress(body))
    assert json.dumps(doc, ensure_ascii=False).count("Абай көшесі, 5") == 1
    same(decoded(ops), as_version_1(ops))


# --- the decoder takes anything ----------------------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=25,
)


def refused_or_decoded(doc: Any) -> None:
    raw = json.dumps(doc).encode()
    for body, encoding in ((raw, None), (zstandard.ZstdCompressor().compress(raw), "zstd")):
        try:
            decode_batch(body, encoding, None)
        except ProtocolError as exc:
            assert 400 <= exc.status < 500


@pytest.mark.slow  # fuzzing: hundreds of examples
@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(json_values, json_values, json_values, json_values, json_values,
                          json_values), min_size=1, max_size=3),
       json_values, json_values, json_values, st.integers(-1, 5), st.integers(-1, 5))  # fmt: skip
def test_damaged_tables_get_a_4xx_or_decode(tables, kinds, extra, seqs, first, last):
    doc = {"v": 2, "batch": str(uuid.uuid4()), "stream": str(STREAM), "pc": str(PC),
           "first": first, "last": last, "sv": 3, "ents": [list(t) for t in tables],
           "e": kinds, "x": extra, "seqs": seqs}  # fmt: skip
    refused_or_decoded(doc)


@pytest.mark.slow  # fuzzing: hundreds of examples
@settings(max_examples=200, deadline=None)
@given(batches(), st.data())
def test_a_real_batch_with_one_part_damaged_gets_a_4xx_or_decodes(ops, data):
    body, _ = wire.encode(uuid.uuid4(), STREAM, PC, ops)
    doc = json.loads(zstandard.ZstdDecompressor().decompress(body))
    path: list[Any] = []
    node: Any = doc
    while isinstance(node, list | dict) and node and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(list(range(len(node))) if isinstance(node, list)
                                        else sorted(node)))  # fmt: skip
        path.append(key)
        node = node[key]
    if not path:
        return
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = data.draw(json_values)
    refused_or_decoded(doc)


def test_a_zstd_bomb_is_refused():
    bomb = zstandard.ZstdCompressor().compress(b" " * (protocol.MAX_BODY_BYTES + 10))
    try:
        decode_batch(bomb, "zstd", None)
    except ProtocolError as exc:
        assert exc.code == "too_large"
    else:
        raise AssertionError("a body past MAX_BODY_BYTES must be refused")
