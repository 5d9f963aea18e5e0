"""The wire format both sides agree on (DESIGN.md, sync protocol).

A batch is one gzip-compressed JSON object holding a contiguous `seq` range of one PC stream:

    {"v": 1, "batch": id, "stream": epoch, "pc": pc id, "first": seq, "last": seq,
     "cols": {entity: [field, ...]},
     "ops": [[seq, op_id, entity, base_version, schema_version, [value, ...]], ...]}

Payloads travel as columns: the field names once per entity and batch, each op only its values
(null where empty). Against one JSON object per record this cut a fine record from about 140
to about 110 bytes on the wire (bench/sync.py), which is what a 2G link pays for.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any, cast

WIRE_VERSION = 2  # sync/wire.py; the server still reads version 1, which older offices send
WIRE_VERSIONS = (1, 2)
MAX_BATCH_BYTES = 256 * 1024  # compressed; DESIGN.md: "at most about 256 KiB"
MAX_BODY_BYTES = 8 * 1024 * 1024  # decompressed; a zip bomb stops here
# A batch as sent: the client keeps to MAX_BATCH_BYTES but sends one op alone however big; the
# largest op the checks let through (an agenda item: about 113,000 characters, at most 6 bytes
# each as JSON escapes) stays under this.
MAX_UPLOAD_BYTES = 1024 * 1024
# Ops of one batch: the client sends at most 2000 (client.MAX_OPS, since protocol 1); more is
# a body made to write the op log full, not an office's work.
MAX_BATCH_OPS = 2000
MAX_ENTITY_CHARS = 50  # op_log.entity
HASH_HEADER = "X-Content-SHA256"
CLIENT_TIME_HEADER = "X-Client-Time"
APP_VERSION_HEADER = "X-App-Version"
# Payload schema versions the server can read; older payloads only lack fields added later.
SUPPORTED_SCHEMAS = range(1, 4)
CLOCK_WARNING_SECONDS = 300
MAX_VERSION = 2**31 - 1  # a record's version is an integer column on both sides

# Office-owned entities the server accepts, with the fields a payload cannot do without.
ENTITIES: dict[str, tuple[str, ...]] = {
    "office": ("name_kk", "name_ru", "bin"),
    "fine_case": ("number", "iin_bin", "article_id", "offence_date", "protocol_date"),
    "fine_event": ("case_id", "kind", "on_date"),
    "fine_payment": ("case_id", "paid_on", "amount_tiyn"),
    "fine_delivery": ("case_id", "document", "method", "on_date"),
    "official": ("full_name", "position_kk", "position_ru"),
    "assembly_member": ("full_name", "delegated_on", "term_until"),
    "meeting": ("kind", "year", "number", "ref", "meeting_date"),
    "meeting_attendance": ("meeting_id", "member_id"),
    "agenda_item": ("meeting_id", "position"),
    "meeting_addendum": ("meeting_id", "seq", "reason", "text"),
    "asset_category": ("code", "name_kk", "name_ru"),
    "asset": ("inventory_number", "category_id", "received_on", "book_value_tiyn"),
    "asset_movement": ("asset_id", "kind", "on_date"),
    "lease": ("asset_id", "tenant_iin_bin", "start_date", "end_date", "monthly_rent_tiyn"),
    "lease_payment": ("lease_id", "for_month", "paid_on", "amount_tiyn"),
    "inventory_campaign": ("order_no", "order_date", "start_date"),
    "inventory_item": ("campaign_id", "asset_id", "position"),
}

# Reference datasets the district serves; `settlement` and `requisites` (where an office's fines
# are paid) rows belong to one office each.
DATASETS = ("article", "mrp", "budget_code", "settlement", "holiday", "requisites")


class ProtocolError(Exception):
    """A request the server refuses as a whole, with an HTTP status and a stable code."""

    def __init__(self, status: int, code: str, detail: str = "", **extra: Any) -> None:
        super().__init__(f"{status} {code}: {detail}")
        self.status, self.code, self.detail, self.extra = status, code, detail, extra

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "detail": self.detail, **self.extra}


@dataclass(frozen=True)
class Op:
    seq: int
    op_id: uuid.UUID
    entity: str
    base_version: int
    schema_version: int
    payload: dict[str, Any]

    @property
    def entity_id(self) -> str:
        return str(self.payload.get("id", ""))


@dataclass(frozen=True)
class Batch:
    batch_id: uuid.UUID
    stream: uuid.UUID
    pc: uuid.UUID
    first: int
    last: int
    ops: list[Op]
    digest: str


def compact(payload: dict[str, Any]) -> dict[str, Any]:
    """Leaves out empty values (None, "", False, {}, []): they are the defaults on both sides.

    Zero stays: a nullable number must not come back as None.
    """
    return {k: v for k, v in payload.items() if not (v is None or v is False or v in ("", {}, []))}


def dumps(doc: Any) -> bytes:
    """A batch's JSON as UTF-8; with ASCII escapes if a text holds a lone surrogate, which UTF-8
    cannot carry (the desktop never stores one, but an outbox holding one must not stop the
    office: the district refuses that op alone)."""
    try:
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    except UnicodeEncodeError:
        return json.dumps(doc, separators=(",", ":")).encode()


def encode_batch(  # version 1: an older server's format (and what older offices send)
    batch_id: uuid.UUID,
    stream: uuid.UUID,
    pc: uuid.UUID,
    ops: list[tuple[int, uuid.UUID, str, int, int, dict[str, Any]]],
) -> tuple[bytes, str]:
    """Returns the gzip body and the SHA-256 of the uncompressed JSON."""
    payloads = [compact(p) for *_, p in ops]
    fields: dict[str, set[str]] = {}
    for (_s, _o, entity, _b, _v, _p), payload in zip(ops, payloads, strict=True):
        fields.setdefault(entity, set()).update(payload)
    cols = {entity: sorted(keys) for entity, keys in fields.items()}
    body = {
        "v": 1,
        "batch": str(batch_id),
        "stream": str(stream),
        "pc": str(pc),
        "first": ops[0][0],
        "last": ops[-1][0],
        "cols": cols,
        "ops": [
            [s, str(o), e, b, v, [payload.get(k) for k in cols[e]]]
            for (s, o, e, b, v, _p), payload in zip(ops, payloads, strict=True)
        ],
    }
    raw = dumps(body)
    # mtime=0: the same batch gives the same bytes when it is rebuilt for a resend.
    return gzip.compress(raw, compresslevel=9, mtime=0), hashlib.sha256(raw).hexdigest()


def uuid_field(value: Any, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError) as exc:
        raise ProtocolError(422, "bad_field", field) from exc


def int_field(value: Any, field: str) -> int:
    if type(value) is not int or value < 0 or value > 2**62:
        raise ProtocolError(422, "bad_field", field)
    return value


def check_size(raw: bytes) -> None:
    if len(raw) > MAX_BODY_BYTES:
        raise ProtocolError(413, "too_large")


def _inflate(body: bytes, encoding: str | None) -> bytes:
    """The body as sent, decompressed if it says so, refused past MAX_BODY_BYTES (a zip bomb)."""
    kind = (encoding or "").lower()
    if kind == "gzip":
        try:
            raw = gzip.GzipFile(fileobj=io.BytesIO(body)).read(MAX_BODY_BYTES + 1)
        except (OSError, EOFError, ValueError) as exc:
            raise ProtocolError(400, "bad_gzip", str(exc)[:200]) from exc
    elif kind == "zstd":
        import zstandard

        try:
            with zstandard.ZstdDecompressor().stream_reader(io.BytesIO(body)) as reader:
                raw = reader.read(MAX_BODY_BYTES + 1)
        except zstandard.ZstdError as exc:
            raise ProtocolError(400, "bad_zstd", str(exc)[:200]) from exc
    elif not encoding or kind == "identity":
        raw = body
    else:
        raise ProtocolError(415, "bad_encoding", encoding)
    check_size(raw)
    return raw


def decode_batch(body: bytes, encoding: str | None, digest: str | None) -> Batch:
    """Parses and checks a batch body; any malformed input is a ProtocolError (a 4xx)."""
    if len(body) > MAX_UPLOAD_BYTES:
        raise ProtocolError(413, "too_large", "more than MAX_UPLOAD_BYTES")
    raw = _inflate(body, encoding)
    actual = hashlib.sha256(raw).hexdigest()
    if digest is not None and digest.lower() != actual:
        raise ProtocolError(400, "bad_hash", "the body does not match its SHA-256")
    try:
        doc = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ProtocolError(400, "bad_json", str(exc)[:200]) from exc
    if not isinstance(doc, dict):
        raise ProtocolError(422, "bad_field", "body")
    if doc.get("v") == 2:
        from akimdesk.sync import wire

        return wire.decode(doc, actual)
    if doc.get("v") != 1:
        raise ProtocolError(422, "bad_version", str(doc.get("v")))
    first, last = int_field(doc.get("first"), "first"), int_field(doc.get("last"), "last")
    cols = doc.get("cols")
    if not isinstance(cols, dict) or not all(
        isinstance(v, list) and all(isinstance(k, str) for k in v) for v in cols.values()
    ):
        raise ProtocolError(422, "bad_field", "cols")
    raw_ops = doc.get("ops")
    if not isinstance(raw_ops, list) or not raw_ops or first < 1 or last < first:
        raise ProtocolError(422, "bad_field", "ops")
    if len(raw_ops) > last - first + 1:
        raise ProtocolError(422, "bad_field", "ops outside first..last")
    if len(raw_ops) > MAX_BATCH_OPS:
        raise ProtocolError(413, "too_large", "more ops than MAX_BATCH_OPS")
    ops: list[Op] = []
    prev = first - 1
    for item in raw_ops:
        if not isinstance(item, list) or len(item) != 6:
            raise ProtocolError(422, "bad_field", "op")
        seq = int_field(item[0], "seq")
        if seq <= prev or seq > last:
            raise ProtocolError(422, "bad_field", "seq order")
        prev = seq
        entity = item[2] if isinstance(item[2], str) else ""
        names, values = cols.get(entity), item[5]
        payload = None
        if isinstance(names, list) and isinstance(values, list) and len(values) == len(names):
            payload = {k: v for k, v in zip(names, values, strict=True) if v is not None}
        ops.append(
            Op(
                seq=seq,
                op_id=uuid_field(item[1], "op_id"),
                entity=entity[:MAX_ENTITY_CHARS],
                base_version=int_field(item[3], "base_version"),
                schema_version=int_field(item[4], "schema_version"),
                payload=payload if payload is not None else {},
            )
        )
    if ops[0].seq != first or ops[-1].seq != last:
        raise ProtocolError(422, "bad_field", "first/last do not match the ops")
    return Batch(
        batch_id=uuid_field(doc.get("batch"), "batch"),
        stream=uuid_field(doc.get("stream"), "stream"),
        pc=uuid_field(doc.get("pc"), "pc"),
        first=first,
        last=last,
        ops=ops,
        digest=actual,
    )


MAX_AUDIT_ROWS = 5000
_HASH = re.compile(r"[0-9a-f]{64}")


def encode_audit(stream: uuid.UUID, rows: list[tuple[int, str, str]],
                 encoding: str = "gzip") -> bytes:  # fmt: skip
    """Audit rows (id, prev_hash, row_hash), consecutive: the first row's link and each row's
    hash; the others' links are the hashes before them. About 38 bytes a row gzipped, 35 with
    zstd (which a server of protocol 2 reads, and which takes a tenth of gzip's time)."""
    doc = {"stream": str(stream), "first": rows[0][0], "prev": rows[0][1],
           "hashes": [r[2] for r in rows]}  # fmt: skip
    raw = json.dumps(doc, separators=(",", ":")).encode()
    if encoding == "zstd":
        import zstandard

        return zstandard.ZstdCompressor(level=1).compress(raw)
    return gzip.compress(raw, mtime=0)


def decode_audit(body: bytes, encoding: str | None) -> tuple[uuid.UUID, list[tuple[int, str, str]]]:
    """The inverse of `encode_audit`; anything malformed is a ProtocolError (a 4xx)."""
    try:
        doc = json.loads(_inflate(body, encoding))
    except (ValueError, RecursionError) as exc:
        raise ProtocolError(400, "bad_json", str(exc)[:200]) from exc
    if not isinstance(doc, dict):
        raise ProtocolError(422, "bad_field", "body")
    stream, first = uuid_field(doc.get("stream"), "stream"), int_field(doc.get("first"), "first")
    prev, hashes = doc.get("prev"), doc.get("hashes")
    if first < 1 or not isinstance(hashes, list) or not 0 < len(hashes) <= MAX_AUDIT_ROWS:
        raise ProtocolError(422, "bad_field", "hashes")
    if not all(type(h) is str and _HASH.fullmatch(h) for h in [prev, *hashes]):
        raise ProtocolError(422, "bad_field", "hash")
    rows: list[tuple[int, str, str]] = []
    link = cast(str, prev)  # checked above
    for i, h in enumerate(hashes):
        rows.append((first + i, link, h))
        link = h
    return stream, rows


_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def check_op(op: Op) -> str | None:
    """Why the server cannot take this op, or None. Bad ops are rejected one by one."""
    if op.entity not in ENTITIES:
        return "unknown_entity"
    if not op.payload:
        return "no_payload"
    rid = op.payload.get("id")
    if type(rid) is not str or not _CANONICAL_UUID.fullmatch(rid):
        return "bad_id"  # str(uuid.UUID(rid)) would differ
    version = op.payload.get("version")
    if type(version) is not int or not op.base_version < version <= MAX_VERSION:
        return "bad_version"
    if op.schema_version not in SUPPORTED_SCHEMAS:
        return "unsupported_schema"
    missing = [f for f in ENTITIES[op.entity] if f not in op.payload]
    if missing:
        return "missing_fields"
    return None


def dataset_digest(rows: list[tuple[str, int]]) -> str:
    """Count-and-hash check of a reference dataset: both sides hash (id, version) pairs."""
    text = "\n".join(f"{i}:{v}" for i, v in sorted(rows))
    return hashlib.sha256(text.encode()).hexdigest()
