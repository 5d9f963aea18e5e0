"""The batch decoder takes anything a network can deliver: it answers with a 4xx or a batch,
never with an unexpected exception (which the server would turn into a 500)."""

from __future__ import annotations

import gzip
import json
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from akimdesk.sync import protocol
from akimdesk.sync.protocol import ProtocolError, decode_audit, decode_batch, encode_audit

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=30,
)


def decode(body: bytes, encoding: str | None) -> None:
    """Both decoders the server has: batches and audit hashes."""
    for call in (lambda: decode_batch(body, encoding, None),
                 lambda: decode_audit(body, encoding)):  # fmt: skip
        try:
            call()
        except ProtocolError as exc:
            assert 400 <= exc.status < 500


def test_audit_hashes_round_trip():
    import uuid

    rows = [(7, "a" * 64, "b" * 64), (8, "b" * 64, "c" * 64), (9, "c" * 64, "d" * 64)]
    stream = uuid.uuid4()
    assert decode_audit(encode_audit(stream, rows), "gzip") == (stream, rows)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([None, "gzip", "identity", "br"]))
def test_random_bytes_get_a_4xx(body, encoding):
    decode(body, encoding)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_random_json_gets_a_4xx(doc):
    raw = json.dumps(doc).encode()
    decode(raw, None)
    decode(gzip.compress(raw), "gzip")


@pytest.mark.slow  # fuzzing: hundreds of examples
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-2, 5), json_values, json_values, json_values), max_size=5),
    st.integers(-1, 6),
    st.integers(-1, 6),
)
def test_batches_with_damaged_ops_get_a_4xx_or_decode(ops, first, last):
    doc = {
        "v": 1, "batch": str(uuid.uuid4()), "stream": str(uuid.uuid4()), "pc": str(uuid.uuid4()),
        "first": first, "last": last, "cols": {"fine_case": ["id", "version"]},
        "ops": [[s, str(uuid.uuid4()), "fine_case", b, v, p] for s, b, v, p in ops],
    }  # fmt: skip
    decode(json.dumps(doc).encode(), None)


def test_a_good_batch_round_trips():
    ops = [(1, uuid.uuid4(), "fine_case", 0, 2, {"id": str(uuid.uuid4()), "version": 1, "x": ""})]
    body, digest = protocol.encode_batch(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), ops)
    batch = decode_batch(body, "gzip", digest)
    assert batch.ops[0].payload == {"id": ops[0][5]["id"], "version": 1}  # empty left out
    try:
        decode_batch(body, "gzip", "0" * 64)
    except ProtocolError as exc:
        assert exc.code == "bad_hash"
    else:
        raise AssertionError("a wrong hash must be refused")
