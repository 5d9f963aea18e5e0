"""Records belong to their office all the way down: a child record hung on another office's
record is refused (`not_yours`) and nothing of the other office changes; op ids are an
office's own. And a database error on the bulk path refuses only the op that caused it."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from sqlalchemy import select

from akimdesk.models import OutboxEntry
from akimdesk.sync.schema import entities
from tests.conftest import ACTOR
from tests.support.fines import make_cases
from tests.sync.conftest import sql, sync_round
from tests.sync.district import OTHER, add_office, office_pc
from tests.sync.ops import Stream, fill_every_kind, fresh, templates

PARENTS = sorted(
    (entity, column, parent)
    for entity, spec in entities().items()
    for column, parent in spec.parents.items()
)


def test_every_child_kind_has_its_parent_checked():
    children = {entity for entity, _c, _p in PARENTS}
    assert children == {
        "fine_event", "fine_payment", "fine_delivery", "meeting_attendance", "agenda_item",
        "meeting_addendum", "asset", "asset_movement", "lease", "lease_payment", "inventory_item",
        "fine_case",  # its author and the official who decided it: the office's own officials
    }  # fmt: skip


@pytest.fixture
def two_offices(linked, server, server_db, token, tmp_path):  # type: ignore[no-untyped-def]
    """Office A (this PC) and office B of another district, each with every kind of record."""
    fill_every_kind(linked)
    sync_round(linked)
    other = office_pc(tmp_path / "b", server.url, add_office(server_db, OTHER), OTHER)
    fill_every_kind(other)
    sync_round(other)
    yield linked, other
    other.close()


def office_rows(server_db: str, bin_: str) -> list[tuple]:
    """Everything the district holds of an office: records and the fines projection."""
    office = "(SELECT id FROM office_account WHERE bin = %s)"
    return [
        *sql(server_db, f"SELECT entity, id, version, payload::text FROM record "
                        f"WHERE office_id = {office} ORDER BY entity, id", bin_),
        *sql(server_db, f"SELECT id, amount_tiyn, paid_tiyn FROM fine_fact "
                        f"WHERE office_id = {office} ORDER BY id", bin_),
        *sql(server_db, f"SELECT id, case_id, amount_tiyn FROM fine_paid "
                        f"WHERE office_id = {office} ORDER BY id", bin_),
    ]  # fmt: skip


def ids_of(db, entity: str) -> uuid.UUID:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalars(select(OutboxEntry.entity_id).where(OutboxEntry.entity == entity)).first()


def test_a_child_naming_another_offices_parent_is_refused(two_offices, server, token, server_db):
    mine, theirs = two_offices
    shapes = templates(mine)
    before = office_rows(server_db, OTHER.bin)
    stream = Stream(server.url, token)
    for entity, column, parent in PARENTS:
        payload = fresh(shapes[entity], **{column: str(ids_of(theirs, parent))})
        r = stream.send([stream.op(entity, payload)])
        assert r.status_code == 200
        ack = r.json()
        assert ack["applied"] == 0, (entity, column)
        assert [(i["reason"], i["detail"]) for i in ack["rejected"]] == [("not_yours", column)]
        assert sql(server_db, "SELECT count(*) FROM record WHERE id = %s", payload["id"]) == [(0,)]
        # The same child on this office's own parent goes in.
        assert stream.send([stream.op(entity, fresh(shapes[entity]))]).json()["applied"] == 1
    assert office_rows(server_db, OTHER.bin) == before


def test_another_offices_op_id_is_not_a_duplicate(two_offices, server, token, server_db):
    mine, theirs = two_offices
    with theirs.read() as s:
        taken = s.scalars(select(OutboxEntry.op_id).order_by(OutboxEntry.seq)).first()
    held = sql(server_db, "SELECT office_id, status FROM op_log WHERE op_id = %s", taken)
    stream = Stream(server.url, token)
    case = fresh(templates(mine)["fine_case"])
    ack = stream.send([stream.op("fine_case", case, op_id=taken)]).json()
    assert (ack["applied"], ack["duplicates"], ack["rejected"]) == (1, 0, [])
    assert sql(server_db, "SELECT count(*) FROM record WHERE id = %s", case["id"]) == [(1,)]
    rows = sql(server_db, "SELECT office_id, status FROM op_log WHERE op_id = %s", taken)
    assert len(rows) == 2 and held[0] in rows  # B's entry is as it was
    # Within one office an op id still counts once, whichever stream it comes in.
    again = Stream(server.url, token)
    ack = again.send([again.op("fine_case", fresh(case), op_id=taken)]).json()
    assert (ack["applied"], ack["duplicates"]) == (0, 1)


def test_a_database_error_on_the_bulk_path_refuses_that_op_alone(linked, server, token, server_db):
    """Something the checks let through and PostgreSQL refuses (here a constraint added for the
    test): the batch goes again op by op, only the op that fails is refused."""
    make_cases(linked, ACTOR, 2)
    sync_round(linked)
    with psycopg.connect(server_db.replace("postgresql+psycopg", "postgresql")) as conn:
        conn.execute("ALTER TABLE record ADD CONSTRAINT no_refusal "
                     "CHECK (payload->>'surname' IS DISTINCT FROM 'Бас тарту') NOT VALID")  # fmt: skip
    case = templates_of(linked)["fine_case"]
    stream = Stream(server.url, token)
    good = [fresh(case) for _ in range(3)]
    bad = fresh(case, surname="Бас тарту")
    ops = [stream.op("fine_case", p) for p in (good[0], bad, good[1], good[2])]
    r = stream.send(ops)
    assert r.status_code == 200, r.text
    ack = r.json()
    assert ack["applied"] == 3
    assert [(i["seq"], i["reason"]) for i in ack["rejected"]] == [(ops[1][0], "not_stored")]
    for p in good:
        assert sql(server_db, "SELECT count(*) FROM record WHERE id = %s", p["id"]) == [(1,)]
    kept = sql(server_db, "SELECT status, reason FROM op_log WHERE op_id = %s", ops[1][1])
    assert kept == [("rejected", "not_stored")]
    # The office's own sync goes on.
    make_cases(linked, ACTOR, 1, start=10)
    assert sync_round(linked).rejected == 0


def templates_of(db):  # type: ignore[no-untyped-def]
    with db.read() as s:
        rows = s.execute(select(OutboxEntry.entity, OutboxEntry.payload)).all()
    return {entity: payload for entity, payload in rows}
