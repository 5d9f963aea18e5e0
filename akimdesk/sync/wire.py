"""Wire format 2: a batch as columns, sending only what the district cannot work out itself.

    {"v": 2, "batch": id, "stream": epoch, "pc": pc id, "first": seq, "last": seq, "sv": 3,
     "e": [entity index of each op],                       (left out: one kind of record)
     "ents": [[entity, [field, ...], [[field index, ...], ...], [shape of each op], [column,
              ...]], ...],
     "x": {op index: {"o": op id, "b": base version, "s": schema version}},  (the exceptions)
     "seqs": [seq, ...]}                                    (only when first..last has holes)

What is not sent, and how the district gets it back (`decode` is the only reader):
- an op's seq (first, first + 1, ...), its op id (derived from the stream and the seq, see
  models.core.op_id_for), its base version (its version - 1) and its schema version ("sv");
- a fine event's id (from its case, its step number and the stream, models.fines.event_id);
- a field equal to the same record's previous op in the batch, else to the frozen default below,
  else empty. An op's "shape" lists the fields it does send; most ops of a batch share one;
- dates as days since 2000-01-01 and whole-second times as seconds since then; a value of a
  date field that is no date string (a number, say) goes boxed in a one-item list, so that it
  reaches the district as it was and is refused there, never taken for a date.

Each column holds the values of the ops that send the field, in order: values of one field sit
together (numbers by numbers, names by names), which the compressor (zstd) finds far more
alike than one record after another. Null in a column is an empty value.

The defaults and derivations are part of this version: changing one is a new WIRE_VERSION.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

import zstandard

from akimdesk.models.core import op_id_for
from akimdesk.models.fines import event_id
from akimdesk.sync.protocol import (
    ENTITIES,
    MAX_BATCH_OPS,
    MAX_ENTITY_CHARS,
    Batch,
    Op,
    ProtocolError,
    dumps,
    int_field,
    uuid_field,
)

VERSION = 2
ENCODING = "zstd"
LEVEL = 9  # measured: 19 gains 1 % on a batch and takes 6 times as long
EPOCH = date(2000, 1, 1)
EPOCH_DT = datetime(2000, 1, 1)
EPOCH_ORDINAL = EPOCH.toordinal()
MAX_TABLES = 2 * len(ENTITIES)  # one table per kind of record, with room for kinds to come

# The model defaults of wire version 2, frozen: a later change to a model must not change what
# an older office's batch means.
DEFAULTS: dict[str, dict[str, Any]] = {
    "fine_case": {"stage": "protocol", "offender_kind": "person",
                  "offender_category": "individual", "language": "kk", "penalty": "fine",
                  "offender_present": True},
    "official": {"active": True},
    "asset": {"unit": "pcs", "acquisition": "transferred", "condition": "good",
              "title_status": "none", "status": "in_use"},
    "inventory_campaign": {"status": "open"},
    "meeting": {"status": "draft"},
    "agenda_item": {"kind": "other"},
    "inventory_item": {"finding": "pending"},
}  # fmt: skip

# Ids derived from other fields of the record and the batch's stream (the epoch of the PC).
DERIVED_IDS: dict[str, Callable[[dict[str, Any], uuid.UUID], str | None]] = {
    "fine_event": lambda p, stream: _event_id(p.get("case_id"), p.get("seq"), stream),
}
# The fields each derivation reads: a shape without the id must send them (no default has them).
DERIVED_FROM: dict[str, frozenset[str]] = {"fine_event": frozenset({"case_id", "seq"})}


def _event_id(case_id: Any, seq: Any, stream: uuid.UUID) -> str | None:
    if type(case_id) is not str or type(seq) is not int:
        return None
    try:
        return str(event_id(uuid.UUID(case_id), seq, stream))
    except ValueError:
        return None


def _empty(value: Any) -> bool:
    """What protocol.compact leaves out: the same on both sides."""
    return value is None or value is False or value in ("", {}, [])


def _same(a: Any, b: Any) -> bool:
    """Equal as the wire sees values: empties are all one; True is not 1, nor 1.0 1."""
    if _empty(a):
        return _empty(b)
    if type(a) is not type(b):
        return False
    if type(a) in (dict, list):  # inside, too: {"x": True} == {"x": 1} for Python
        return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    return bool(a == b)


def _default(key: str, prev: dict[str, Any] | None, defaults: dict[str, Any]) -> Any:
    """What an op's field is when the op does not send it (the id aside)."""
    if prev is not None:
        if key == "version":
            version = prev.get("version")
            return version + 1 if type(version) is int else None
        return prev.get(key)
    if key == "version":
        return 1
    return defaults.get(key)


@cache
def field_kinds(entity: str) -> tuple[frozenset[str], frozenset[str]]:
    """(date fields, date-and-time fields) of an entity, from the desktop's models."""
    from sqlalchemy import Date, DateTime

    from akimdesk.sync.schema import syncable_models

    model = syncable_models().get(entity)
    if model is None:
        return frozenset(), frozenset()
    cols = model.__table__.columns
    return (
        frozenset(c.key for c in cols if isinstance(c.type, Date)),
        frozenset(c.key for c in cols if isinstance(c.type, DateTime)),
    )


def _short(value: Any, key: str, dates: frozenset[str], times: frozenset[str]) -> Any:
    """A date or a whole-second time as a number, when it comes back exactly."""
    if type(value) is str:
        if key in dates and len(value) == 10:
            try:
                day = date.fromisoformat(value)
            except ValueError:
                return value
            if day.isoformat() == value:
                return day.toordinal() - EPOCH_ORDINAL
        elif key in times and len(value) == 19:
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                return value
            if moment.isoformat() == value:
                return int((moment - EPOCH_DT).total_seconds())
    return value


def _long(value: Any, key: str, dates: frozenset[str], times: frozenset[str]) -> Any:
    """The inverse of _short. A number that is no date stays a number, for the schema check
    to refuse that op alone."""
    if type(value) is int:
        try:
            if key in dates:
                return date.fromordinal(value + EPOCH_ORDINAL).isoformat()
            if key in times:
                return (EPOCH_DT + timedelta(seconds=value)).isoformat()
        except (ValueError, OverflowError):
            return value
    return value


OpRow = tuple[int, uuid.UUID, str, int, int, dict[str, Any]]


def encode(
    batch_id: uuid.UUID, stream: uuid.UUID, pc: uuid.UUID, ops: list[OpRow],
    compressor: zstandard.ZstdCompressor | None = None,
) -> tuple[bytes, str]:  # fmt: skip
    """The compressed body and the SHA-256 of the JSON before compression."""
    svs: dict[int, int] = {}
    for op in ops:
        svs[op[4]] = svs.get(op[4], 0) + 1
    sv = max(svs, key=svs.__getitem__)
    index: dict[str, int] = {}
    tables: list[_Table] = []
    kinds: list[int] = []
    extra: dict[str, dict[str, Any]] = {}
    seqs = [op[0] for op in ops]
    for i, (seq, op_id, entity, base, schema_version, payload) in enumerate(ops):
        k = index.get(entity)
        if k is None:
            k = index[entity] = len(tables)
            tables.append(_Table(entity, stream))
        kinds.append(k)
        version = payload.get("version")
        x: dict[str, Any] = {}
        if op_id != op_id_for(stream, seq):
            x["o"] = str(op_id)
        if type(version) is not int or base != version - 1:
            x["b"] = base
        if schema_version != sv:
            x["s"] = schema_version
        if x:
            extra[str(i)] = x
        tables[k].add(payload)
    body: dict[str, Any] = {
        "v": VERSION, "batch": str(batch_id), "stream": str(stream), "pc": str(pc),
        "first": seqs[0], "last": seqs[-1], "sv": sv,
        "ents": [t.dump() for t in tables],
    }  # fmt: skip
    if len(tables) > 1:
        body["e"] = kinds
    if extra:
        body["x"] = extra
    if seqs != list(range(seqs[0], seqs[0] + len(seqs))):
        body["seqs"] = seqs
    raw = dumps(body)
    packed = (compressor or zstandard.ZstdCompressor(level=LEVEL)).compress(raw)
    return packed, hashlib.sha256(raw).hexdigest()


_NEVER = object()  # a default no value equals: the field is always sent


class _Table:
    """One entity's ops of a batch, as the columns of the fields they send."""

    def __init__(self, entity: str, stream: uuid.UUID) -> None:
        self.entity, self.stream = entity, stream
        self.derive = DERIVED_IDS.get(entity)
        self.dates, self.times = field_kinds(entity)
        self.shortened = self.dates | self.times
        # What a field is when not sent, for a record not seen before in the batch.
        self.base = {**DEFAULTS.get(entity, {}), "version": 1, "id": _NEVER}
        self.fields: dict[str, int] = {}
        self.columns: list[list[Any]] = []
        self.shapes: dict[tuple[int, ...], int] = {}
        self.order: list[int] = []
        self.last: dict[Any, dict[str, Any]] = {}  # id -> the record's previous op in the batch
        self.memo: dict[tuple[str, Any], Any] = {}

    def add(self, payload: dict[str, Any]) -> None:
        rid = payload.get("id")
        prev = self.last.get(rid) if rid is not None else None
        if prev is not None:
            # The id is sent, for the district to find the previous op before the rest.
            base = {**prev, "version": _default("version", prev, {}), "id": _NEVER}
        elif (
            self.derive is not None and rid is not None and rid == self.derive(payload, self.stream)
        ):
            base = {**self.base, "id": rid}
        else:
            base = self.base
        fields, columns, shortened = self.fields, self.columns, self.shortened
        sent: list[int] = []
        for key, value in payload.items():
            default = base.get(key)
            if default is None:
                if value is None or value is False or value == "" or value == {} or value == []:
                    continue
            elif type(value) is type(default) and type(value) not in (dict, list):
                if value == default:
                    continue
            elif _same(value, default):
                continue
            f = fields.get(key)
            if f is None:
                f = fields[key] = len(columns)
                columns.append([])
            sent.append(f)
            if _empty(value):
                value = None
            elif key in shortened and type(value) is str:
                memo = self.memo.get((key, value), _NEVER)
                if memo is _NEVER:  # dates and times repeat within a batch: worked out once
                    memo = self.memo[key, value] = _short(value, key, self.dates, self.times)
                value = memo
            elif key in shortened:  # no date at all: boxed, or a number would read as one
                value = [value]
            columns[f].append(value)
        for key, default in base.items():  # what the op lacks but would be filled in with
            if key not in payload and (key == "id" or not _empty(default)):
                f = fields.get(key)
                if f is None:
                    f = fields[key] = len(columns)
                    columns.append([])
                sent.append(f)
                columns[f].append(None)
        shape = tuple(sent)
        s = self.shapes.get(shape)
        if s is None:
            s = self.shapes[shape] = len(self.shapes)
        self.order.append(s)
        if rid is not None:
            self.last[rid] = payload

    def dump(self) -> list[Any]:
        return [self.entity, list(self.fields), [list(s) for s in self.shapes],
                self.order if len(self.shapes) > 1 else [], self.columns,
                len(self.order)]  # fmt: skip


def decode(doc: dict[str, Any], digest: str) -> Batch:
    """A parsed version-2 document as the batch it stands for; anything malformed is a
    ProtocolError (a 4xx). The ops' payloads come out as a version-1 batch's would."""
    first, last = int_field(doc.get("first"), "first"), int_field(doc.get("last"), "last")
    stream = uuid_field(doc.get("stream"), "stream")
    sv = int_field(doc.get("sv"), "sv")
    ents = doc.get("ents")
    if not isinstance(ents, list) or not ents or first < 1 or last < first:
        raise ProtocolError(422, "bad_field", "ents")
    if len(ents) > MAX_TABLES:
        raise ProtocolError(422, "bad_field", "ents")
    readers = [_Reader(t, stream) for t in ents]
    if len({r.entity for r in readers}) != len(readers):
        raise ProtocolError(422, "bad_field", "ents")
    count = sum(r.count for r in readers)
    if count > MAX_BATCH_OPS:
        raise ProtocolError(413, "too_large", "more ops than MAX_BATCH_OPS")
    kinds = doc.get("e")
    if kinds is None and len(readers) == 1:
        kinds = [0] * count
    if not isinstance(kinds, list) or len(kinds) != count or count < 1:
        raise ProtocolError(422, "bad_field", "e")
    if count > last - first + 1:
        raise ProtocolError(422, "bad_field", "ops outside first..last")
    seqs = doc.get("seqs", range(first, first + count))
    if not isinstance(seqs, list | range) or len(seqs) != count:
        raise ProtocolError(422, "bad_field", "seqs")
    extra = doc.get("x", {})
    if not isinstance(extra, dict):
        raise ProtocolError(422, "bad_field", "x")
    ops: list[Op] = []
    prev_seq = first - 1
    for i, (k, seq) in enumerate(zip(kinds, seqs, strict=True)):
        seq = int_field(seq, "seq")
        if seq <= prev_seq or seq > last:
            raise ProtocolError(422, "bad_field", "seq order")
        prev_seq = seq
        if type(k) is not int or not 0 <= k < len(readers):
            raise ProtocolError(422, "bad_field", "e")
        reader = readers[k]
        payload = reader.next()
        x = extra.get(str(i), {})
        if not isinstance(x, dict):
            raise ProtocolError(422, "bad_field", "x")
        version = payload.get("version")
        base = x["b"] if "b" in x else (version - 1 if type(version) is int and version > 0 else 0)
        ops.append(
            Op(
                seq=seq,
                op_id=uuid_field(x["o"], "op_id") if "o" in x else op_id_for(stream, seq),
                entity=reader.entity,
                base_version=int_field(base, "base_version"),
                schema_version=int_field(x.get("s", sv), "schema_version"),
                payload=payload,
            )
        )
    if ops[0].seq != first or ops[-1].seq != last:
        raise ProtocolError(422, "bad_field", "first/last do not match the ops")
    for reader in readers:
        reader.done()
    return Batch(
        batch_id=uuid_field(doc.get("batch"), "batch"),
        stream=stream,
        pc=uuid_field(doc.get("pc"), "pc"),
        first=first,
        last=last,
        ops=ops,
        digest=digest,
    )


class _Reader:
    """The inverse of _Table: one entity's ops back from its columns."""

    def __init__(self, table: Any, stream: uuid.UUID) -> None:
        self.stream = stream
        if not (isinstance(table, list) and len(table) == 6 and isinstance(table[0], str)
                and 0 < len(table[0]) <= MAX_ENTITY_CHARS):  # fmt: skip
            raise ProtocolError(422, "bad_field", "ents")
        entity, fields, shapes, order, columns, count = table
        if not (isinstance(fields, list) and all(isinstance(f, str) for f in fields)
                and len(set(fields)) == len(fields)
                and isinstance(columns, list) and len(columns) == len(fields)
                and all(isinstance(c, list) for c in columns)
                and isinstance(shapes, list) and shapes and isinstance(order, list)
                and type(count) is int and count > 0):  # fmt: skip
            raise ProtocolError(422, "bad_field", "ents")
        for shape in shapes:
            if not (isinstance(shape, list) and all(
                type(f) is int and 0 <= f < len(fields) for f in shape
            )) or len(set(shape)) != len(shape):  # fmt: skip
                raise ProtocolError(422, "bad_field", "shape")
        if len(shapes) > 1 and (
            len(order) != count or not all(type(s) is int and 0 <= s < len(shapes) for s in order)
        ):
            raise ProtocolError(422, "bad_field", "shape")
        # An op of a shape without the id must carry what the id is derived from: else nothing
        # names its record, and a byte or two of body would make an op the district logs.
        needed = DERIVED_FROM.get(entity)
        for shape in shapes:
            sent = {fields[f] for f in shape}
            if "id" not in sent and (needed is None or not needed <= sent):
                raise ProtocolError(422, "bad_field", "shape")
        self.entity, self.count = entity, count
        self.fields, self.shapes, self.columns = fields, shapes, columns
        self.order = order if len(shapes) > 1 else None
        self.at = [0] * len(fields)
        self.n = 0
        self.base = {**DEFAULTS.get(entity, {}), "version": 1}
        self.derive = DERIVED_IDS.get(entity)
        # Only a known kind is looked up: field_kinds keeps what it found for each name asked.
        dates, times = field_kinds(entity) if entity in ENTITIES else (frozenset(), frozenset())
        self.dates, self.times = dates, times
        short = dates | times
        id_f = fields.index("id") if "id" in fields else -1
        # Per shape: the id's column (or -1), then (column, field, shortened) of each value.
        self.specs = [
            (id_f if id_f in shape else -1, [(f, fields[f], fields[f] in short) for f in shape])
            for shape in shapes
        ]
        self.last: dict[Any, dict[str, Any]] = {}
        self.memo: dict[tuple[str, Any], Any] = {}

    def next(self) -> dict[str, Any]:
        if self.n >= self.count:  # "e" asks this table for more ops than it holds
            raise ProtocolError(422, "bad_field", "e")
        id_f, spec = self.specs[self.order[self.n] if self.order is not None else 0]
        self.n += 1
        columns, at = self.columns, self.at
        rid: Any = None
        prev = None
        if id_f >= 0 and at[id_f] < len(columns[id_f]):
            rid = columns[id_f][at[id_f]]
            if type(rid) is str:
                prev = self.last.get(rid)
        if prev is not None:
            payload = dict(prev)
            payload["version"] = _default("version", prev, {})
        else:
            payload = dict(self.base)
        for f, key, short in spec:
            column, i = columns[f], at[f]
            if i >= len(column):
                raise ProtocolError(422, "bad_field", "column")
            at[f] = i + 1
            value = column[i]
            if value is None:
                payload.pop(key, None)
            else:
                if short and type(value) is int:
                    memo = self.memo.get((key, value), _NEVER)
                    if memo is _NEVER:
                        memo = self.memo[key, value] = _long(value, key, self.dates, self.times)
                    value = memo
                elif short and type(value) is list and len(value) == 1:
                    value = value[0]  # what was no date, as it was: the schema check refuses it
                payload[key] = value
        if id_f < 0 and self.derive is not None:
            rid = self.derive(payload, self.stream)
            if rid is not None:
                payload["id"] = rid
        if payload.get("version") is None:
            payload.pop("version", None)
        if type(rid) is str:
            self.last[rid] = payload
        return payload

    def done(self) -> None:
        """Every op and value sent was read: a table or column longer than "e" and the shapes
        say is damage."""
        if self.n != self.count or any(
            at != len(c) for at, c in zip(self.at, self.columns, strict=True)
        ):
            raise ProtocolError(422, "bad_field", "column")
