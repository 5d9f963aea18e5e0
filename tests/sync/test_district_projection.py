"""The fines projection the district pages read (fine_fact, fine_paid, fine_month, kept by the
triggers of the server's migrations) comes out the same whatever order the records of a batch,
or of several batches, arrive in: the same histories are applied through the server's own
batch code in shuffled orders and split points, and every projection is compared with one
computed from scratch from the records' last versions."""

from __future__ import annotations

import itertools
import json
import uuid
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from akimdesk.district import batches, db
from akimdesk.district.models import OfficeAccount
from akimdesk.sync.protocol import Batch, Op

pytestmark = pytest.mark.pg

ZERO = uuid.UUID(int=0)
OFFICES = [uuid.UUID(int=1), uuid.UUID(int=2)]
ARTICLES = [uuid.UUID(int=10 + i) for i in range(3)]
START = date(2026, 1, 20)
_dbs = itertools.count()


@pytest.fixture(scope="module")
def engine(pg) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    url = pg.create_database(f"projection_{next(_dbs)}")
    db.upgrade(url)
    engine = db.make_engine(url, pool_size=2)
    with db.sessions(engine)() as s, s.begin():
        for i, oid in enumerate(OFFICES):
            s.add(OfficeAccount(id=oid, name=f"№{i}", bin=f"{i:012d}", token_hash=f"t{i}"))
    yield engine
    engine.dispose()


# --- histories: what offices' PCs send ----------------------------------------------------
@st.composite
def histories(draw) -> list[tuple[str, uuid.UUID, list[dict[str, Any]]]]:  # type: ignore[no-untyped-def]
    """Records with their successive versions: cases decided, corrected (another article,
    another amount), cancelled; payments, some corrected, some moved to another case, some of
    a case that never arrives. `_office` says whose record it is (not sent)."""
    out: list[tuple[str, uuid.UUID, list[dict[str, Any]]]] = []
    case_ids: list[tuple[uuid.UUID, uuid.UUID]] = []
    for n in range(draw(st.integers(1, 6))):
        cid, office = uuid.uuid4(), draw(st.sampled_from(OFFICES))
        case_ids.append((cid, office))
        protocol = START + timedelta(days=draw(st.integers(0, 70)))
        base = {"id": str(cid), "number": f"2026-{n:04d}", "iin_bin": "880101300123",
                "offence_date": protocol.isoformat(), "protocol_date": protocol.isoformat(),
                "article_id": str(draw(st.sampled_from(ARTICLES)))}  # fmt: skip
        versions = [{**base, "stage": "protocol"}]
        for _ in range(draw(st.integers(0, 3))):
            step = draw(st.sampled_from(["decide", "warn", "article", "amount", "cancel"]))
            last = dict(versions[-1])
            decided = (protocol + timedelta(days=draw(st.integers(1, 40)))).isoformat()
            if step == "decide":
                last.update(stage="decided", penalty="fine", decision_date=decided,
                            amount_tiyn=draw(st.integers(1, 50)) * 393_200)  # fmt: skip
            elif step == "warn":
                last.update(stage="decided", penalty="warning", decision_date=decided)
                last.pop("amount_tiyn", None)
            elif step == "article":
                last["article_id"] = str(draw(st.sampled_from(ARTICLES)))
            elif step == "amount":
                last["amount_tiyn"] = draw(st.integers(1, 50)) * 393_200
            else:
                last["stage"] = "cancelled"
            versions.append(last)
        out.append(("fine_case", cid, [dict(v, _office=str(office)) for v in versions]))
    orphan = (uuid.uuid4(), OFFICES[0])  # a payment whose case has not been sent (yet)
    for _ in range(draw(st.integers(0, 8))):
        pid = uuid.uuid4()
        cid, office = draw(st.sampled_from([*case_ids, orphan]))
        paid = START + timedelta(days=draw(st.integers(0, 100)))
        first = {"id": str(pid), "case_id": str(cid), "paid_on": paid.isoformat(),
                 "amount_tiyn": draw(st.integers(1, 10**6))}  # fmt: skip
        versions = [first]
        if draw(st.booleans()):  # corrected: another amount, date or case
            again = dict(first, amount_tiyn=draw(st.integers(1, 10**6)))
            if draw(st.booleans()):
                again["paid_on"] = (paid + timedelta(days=draw(st.integers(1, 40)))).isoformat()
            if draw(st.booleans()):
                # another case of the same office: a case of another office is refused
                # (`not_yours`, #17) and never reaches the projection
                same = [c for c in [*case_ids, orphan] if c[1] == office] or [(cid, office)]
                again["case_id"] = str(draw(st.sampled_from(same))[0])
            versions.append(again)
        out.append(("fine_payment", pid, [dict(v, _office=str(office)) for v in versions]))
    return out


@st.composite
def arrivals(draw, history):  # type: ignore[no-untyped-def]
    """One order of arrival: each record's versions in their own order (the server refuses a
    version out of turn), records interleaved at will, cut into batches anywhere."""
    queues = [(e, rid, list(vs)) for e, rid, vs in history]
    order = []
    while queues:
        i = draw(st.integers(0, len(queues) - 1))
        entity, rid, versions = queues[i]
        order.append((entity, rid, versions.pop(0)))
        if not versions:
            queues.pop(i)
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(order) - 1)), max_size=4)))
    return [order[a:b] for a, b in itertools.pairwise([0, *cuts, len(order)]) if order[a:b]]


# --- applying them through the server's batch code ------------------------------------------
def reset(engine: Engine) -> None:
    with engine.begin() as c:
        c.execute(text("TRUNCATE record, op_log, received_batch, stream, fine_fact, fine_paid, "
                       "fine_month"))  # fmt: skip


def apply(engine: Engine, batches_in: list[list[tuple[str, uuid.UUID, dict[str, Any]]]],
          offices: dict[uuid.UUID, uuid.UUID]) -> None:  # fmt: skip
    """Every office's ops go up in its own stream, batch by batch, in the order given."""
    seq: dict[uuid.UUID, int] = defaultdict(int)
    versions: dict[uuid.UUID, int] = defaultdict(int)
    streams = {o: uuid.uuid4() for o in OFFICES}
    for chunk in batches_in:
        per_office: dict[uuid.UUID, list[Op]] = defaultdict(list)
        for entity, rid, version in chunk:
            office = offices[rid]
            seq[office] += 1
            payload = {k: v for k, v in version.items() if not k.startswith("_")}
            payload["version"] = versions[rid] + 1
            per_office[office].append(Op(seq[office], uuid.uuid4(), entity, versions[rid], 2,
                                         payload))  # fmt: skip
            versions[rid] += 1
        for office, ops in per_office.items():
            batch = Batch(uuid.uuid4(), streams[office], streams[office], ops[0].seq,
                          ops[-1].seq, ops, "x" * 64)  # fmt: skip
            with db.sessions(engine)() as s, s.begin():
                ack = batches.apply_batch(s, office, batch)
            assert ack["rejected"] == [], ack


# --- the projection from scratch -------------------------------------------------------------
def from_scratch(history, offices) -> dict[str, set[tuple]]:  # type: ignore[no-untyped-def]
    final = {rid: (entity, versions[-1]) for entity, rid, versions in history}
    cases = {rid: p for rid, (e, p) in final.items() if e == "fine_case"}
    month: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])

    def add(office, day, article, i, amount):  # type: ignore[no-untyped-def]
        d = date.fromisoformat(day)
        month[(office, d.replace(day=1), article)][i] += amount

    facts, paid = set(), set()
    for rid, p in cases.items():
        office, article = offices[rid], uuid.UUID(p["article_id"])
        stage, amount = p["stage"], p.get("amount_tiyn", 0)
        facts.add((rid, office, stage, article, amount))
        add(office, p["protocol_date"], article, 0, 1)
        if p.get("decision_date") and stage not in ("cancelled", "protocol"):
            add(office, p["decision_date"], article, 1, 1)
            if p.get("penalty") == "warning":
                add(office, p["decision_date"], article, 2, 1)
            else:
                add(office, p["decision_date"], article, 3, amount)
    for rid, (entity, p) in final.items():
        if entity != "fine_payment":
            continue
        case = uuid.UUID(p["case_id"])
        paid.add((rid, offices[rid], case, date.fromisoformat(p["paid_on"]), p["amount_tiyn"]))
        article = uuid.UUID(cases[case]["article_id"]) if case in cases else ZERO
        add(offices[rid], p["paid_on"], article, 4, p["amount_tiyn"])
    return {
        "fact": facts,
        "paid": paid,
        "month": {(*k, *v) for k, v in month.items() if any(v)},
    }


def projection(engine: Engine) -> dict[str, set[tuple]]:
    with engine.connect() as c:
        return {
            "fact": set(c.execute(text(
                "SELECT id, office_id, stage, article_id, amount_tiyn FROM fine_fact"))),
            "paid": set(c.execute(text(
                "SELECT id, office_id, case_id, paid_on, amount_tiyn FROM fine_paid"))),
            # A row summing to nothing is no row: the pages never show it.
            "month": set(c.execute(text(
                "SELECT office_id, month, article_id, protocols, decided, warnings, imposed_tiyn, "
                "collected_tiyn FROM fine_month WHERE (protocols, decided, warnings, imposed_tiyn, "
                "collected_tiyn) <> (0, 0, 0, 0, 0)"))),
        }  # fmt: skip


@st.composite
def scenarios(draw):  # type: ignore[no-untyped-def]
    history = draw(histories())
    return history, draw(arrivals(history))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
          HealthCheck.function_scoped_fixture])  # fmt: skip
@given(scenarios())
def test_the_projection_does_not_depend_on_arrival_order(engine, scenario):
    history, order = scenario
    offices = {rid: uuid.UUID(versions[0]["_office"]) for _e, rid, versions in history}
    reset(engine)
    apply(engine, order, offices)
    got, want = projection(engine), from_scratch(history, offices)
    for name in ("fact", "paid", "month"):
        assert sorted(got[name], key=str) == sorted(want[name], key=str), name


def test_a_payment_before_its_case_is_counted_under_the_cases_article(engine):
    """The issue's case: inside one batch the payment is applied before its case."""
    cid, pid = uuid.uuid4(), uuid.uuid4()
    case = {"id": str(cid), "number": "2026-0001", "iin_bin": "880101300123",
            "offence_date": "2026-03-01", "protocol_date": "2026-03-02", "stage": "closed",
            "penalty": "fine", "decision_date": "2026-03-05", "amount_tiyn": 7_864_000,
            "article_id": str(ARTICLES[0])}  # fmt: skip
    pay = {"id": str(pid), "case_id": str(cid), "paid_on": "2026-03-20", "amount_tiyn": 7_864_000}
    reset(engine)
    office = {cid: OFFICES[0], pid: OFFICES[0]}
    apply(engine, [[("fine_payment", pid, pay), ("fine_case", cid, case)]], office)
    with engine.connect() as c:
        rows = c.execute(text("SELECT article_id, sum(collected_tiyn) FROM fine_month "
                              "GROUP BY article_id HAVING sum(collected_tiyn) <> 0")).all()  # fmt: skip
    assert rows == [(ARTICLES[0], 7_864_000)]


def test_the_migration_mends_sums_left_under_an_unknown_article(pg):  # type: ignore[no-untyped-def]
    url = pg.create_database(f"projection_{next(_dbs)}")
    db.upgrade(url, "s0003")  # the triggers as they were
    engine = db.make_engine(url, pool_size=1)
    try:
        with db.sessions(engine)() as s, s.begin():
            s.execute(text("INSERT INTO office_account (id, name, bin, district, token_hash, "
                           "token_hint, created_at, epoch_changes, record_rev, audit_problem, "
                           "audit_ack_by, app_version) VALUES (:o, 'x', '1', '', 't', '', now(), 0, 0, '', '', '')"),
                      {"o": OFFICES[0]})  # fmt: skip
        cid, pid = uuid.uuid4(), uuid.uuid4()
        for entity, rid, payload in (
            ("fine_payment", pid, {"case_id": str(cid), "paid_on": "2026-03-20",
                                   "amount_tiyn": 500}),
            ("fine_case", cid, {"protocol_date": "2026-03-02", "article_id": str(ARTICLES[1])}),
        ):  # fmt: skip
            with engine.begin() as c:
                c.execute(text("INSERT INTO record (entity, id, office_id, version, payload, rev, "
                               "origin_stream, updated_at) VALUES (:e, :i, :o, 1, "
                               "CAST(:p AS jsonb), 1, :o, now())"),
                          {"e": entity, "i": rid, "o": OFFICES[0],
                           "p": json.dumps({**payload, "id": str(rid)})})  # fmt: skip
        collected = "SELECT article_id FROM fine_month WHERE collected_tiyn <> 0"
        with engine.connect() as c:
            assert c.execute(text(collected)).scalars().all() == [ZERO]  # the bug, as it was
        db.upgrade(url)
        with engine.connect() as c:
            assert c.execute(text(collected)).scalars().all() == [ARTICLES[1]]
    finally:
        engine.dispose()
