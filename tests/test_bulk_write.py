"""An import writes its records in bulk (services.operation.Operation.bulk, storage.bulk): one
statement per table, the outbox likewise, the case search indexed once at the end. What lands
must be what the unit of work wrote record by record: the same columns and defaults, outbox
payloads equal to the stored records, the search finding every name, screens told."""

from __future__ import annotations

import gc
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text

from akimdesk.models import FineCase, FineDelivery, FineEvent, FinePayment, MrpValue, OutboxEntry
from akimdesk.models.base import derived_id, new_id
from akimdesk.services import refdata
from akimdesk.services.audit import verify
from akimdesk.services.errors import ValidationError
from akimdesk.services.fines import import_export, queries
from akimdesk.services.journal import Options
from akimdesk.services.operation import operation
from akimdesk.sync.protocol import compact
from tests.conftest import ACTOR, TODAY
from tests.support import journals

AUTHOR = {"protocol_author": "Сейтқали Б."}
MODELS = {"fine_case": FineCase, "fine_event": FineEvent, "fine_payment": FinePayment,
          "fine_delivery": FineDelivery}  # fmt: skip


def test_every_outbox_payload_is_the_record_as_stored(db, tmp_path):
    heard = []
    db.changes.subscribe(heard.append)
    report = import_export.import_file(db, ACTOR, journals.fines_ru(tmp_path / "j.xlsx"),
                                       today=TODAY, options=Options(values=AUTHOR))  # fmt: skip
    assert report.added == 6 and report.bad_rows == 3  # refused rows left nothing behind
    with db.read() as s:
        sent = s.scalars(select(OutboxEntry).where(OutboxEntry.entity.in_(MODELS))).all()
        assert {o.entity for o in sent} == set(MODELS)
        for o in sent:
            stored = s.get(MODELS[o.entity], o.entity_id)
            # the outbox keeps payloads without their empty values, as the wire sends them (#24)
            assert stored is not None and compact(stored.to_dict()) == o.payload, o.entity
            assert o.base_version == 0 and o.acked_at is None
        cases = s.scalars(select(FineCase)).all()
        # The column defaults the unit of work filled in are there, in the row and the payload.
        assert all(c.created_at is not None and c.version == 1 for c in cases)
        for year in {c.year for c in cases}:  # no gap where a refused row took a number
            seqs = sorted(c.seq_no for c in cases if c.year == year)
            assert seqs == list(range(1, len(seqs) + 1))
        assert s.scalar(text("SELECT count(*) FROM search_paused")) == 0
        assert list(verify(s)) == []
        for c in cases:  # each imported case is found by its name and number, as typed on a
            # Russian keyboard too (the bulk path folds as the trigger does)
            plain = c.offender_name.translate(
                str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")
            )
            for query in (c.offender_name, plain, c.number):
                found = queries.register_rowids(s, queries.CaseFilter(search=query))
                rows = queries.rows_by_rowid(s, found, TODAY)
                assert c.id in {r.id for r in rows.values()}, query
    written = {k for change in heard for k in change.kinds}
    assert {"fine_case", "fine_event", "outbox"} <= written
    assert {str(c.id) for c in cases} <= {i for ch in heard for i in ch.ids.get("fine_case", ())}


def test_a_case_made_one_at_a_time_is_still_found_by_the_search(db):
    """The trigger that indexes a case as it is written is only paused inside a bulk write."""
    from akimdesk.services.demo import generate_fines
    from akimdesk.services.fines import cases

    generate_fines(db, ACTOR, 3, today=TODAY)
    with db.read() as s:
        one = s.scalars(select(FineCase)).first()
    data = cases.as_input(one)
    data.surname, data.protocol_number = "Жаңабергенов", ""
    made = cases.create_case(db, ACTOR, data, today=TODAY)
    with db.read() as s:
        found = queries.register_rowids(s, queries.CaseFilter(search="жаңаберген"), today=TODAY)
        assert {r.id for r in queries.rows_by_rowid(s, found, TODAY).values()} == {made.id}


def test_a_derived_id_is_the_uuid5_the_district_computes():
    """The import derives ids from their number (models.base.derived_id): the very ids
    `uuid.uuid5` gives, which the district server computes from the batch."""
    for parent in (
        uuid.UUID(int=0),
        uuid.uuid4(),
        uuid.UUID("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"),
    ):
        for name in ("op/1", "op/123456789", f"event/3/{uuid.uuid4()}", "", "қазақ/әріп"):
            assert derived_id(parent, name) == uuid.uuid5(parent, name)
            assert derived_id(parent, name).version == 5


def test_the_mrp_table_answers_as_the_query_for_every_day(db):
    """An import looks the МРП up in a table read once (and `mrp_on` through it): the value a
    query of the rule gives on every day around each change, and none before the first."""
    with db.read() as s:
        table = refdata.mrp_table(s)
        starts = s.scalars(select(MrpValue.valid_from).where(MrpValue.purpose == "fines")).all()
        assert starts
        days = [d + timedelta(days=k) for d in starts for k in (-1, 0, 1)]
        for day in [*days, date(1990, 1, 1), date(2100, 1, 1)]:
            in_force = s.scalar(  # the rule as a query: the latest value on or before the day
                select(MrpValue.amount)
                .where(MrpValue.purpose == "fines", MrpValue.valid_from <= day)
                .order_by(MrpValue.valid_from.desc())
                .limit(1)
            )
            assert table.on(day) == refdata.mrp_on(s, day) == in_force, day


def test_an_import_leaves_the_garbage_collector_on_even_when_it_fails(db, tmp_path):
    assert gc.isenabled()
    import_export.import_file(db, ACTOR, journals.fines_ru(tmp_path / "j.xlsx"), today=TODAY,
                              options=Options(values=AUTHOR))  # fmt: skip
    assert gc.isenabled()
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    with pytest.raises(import_export.FileError):
        import_export.import_file(db, ACTOR, broken, today=TODAY)
    assert gc.isenabled()


def test_the_last_guard_reads_a_bulk_records_own_values(db):
    """A bulk operation's new records hold their values without the ORM's events; the flush's
    last check of texts still finds a control character there, names the field, and nothing
    is written."""
    with db.read() as s:
        case_id = s.scalars(select(FineCase.id)).first()
    before = _count(db)
    with (
        pytest.raises(ValidationError) as caught,
        operation(db, ACTOR, "fines.import", bulk=True) as op,
    ):
        event = op.new(FineEvent, id=new_id(), case_id=case_id, seq=99, kind="note",
                       on_date=TODAY, author="Маман\x00", reason="", data={})  # fmt: skip
        assert isinstance(event, FineEvent) and event.author == "Маман\x00"
        op.add(event)
    assert set(caught.value.errors) == {"author"}
    assert _count(db) == before


def _count(db) -> int:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(FineEvent)) or 0


def test_new_ids_stay_unique_across_threads_and_a_forked_process():
    """Ids take their random part from a buffer of the system's random bytes (models.base):
    no two threads, and no process forked from this one (the district server's workers), may
    hand out the same bytes."""
    import os
    import threading

    made: list[uuid.UUID] = []

    def many() -> None:
        made.extend(new_id() for _ in range(20_000))

    threads = [threading.Thread(target=many) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(made)) == 80_000 and {u.version for u in made} == {7}
    if not hasattr(os, "fork"):
        return
    new_id()  # this process's buffer is filled
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the id it makes first
        os.write(write, new_id().bytes)
        os._exit(0)
    os.waitpid(pid, 0)
    child = os.read(read, 16)
    assert child[6:] != new_id().bytes[6:]  # the random part, not the time


def test_a_bulk_write_puts_the_search_trigger_back_as_it_was_even_when_it_fails(db, tmp_path):
    """The case search's insert trigger is taken away during a bulk write (storage.search.paused)
    and put back in the same transaction: after an import, and after one that failed, the
    schema is as it was and nothing is left paused."""

    def schema() -> list[tuple[str, str]]:
        with db.read() as s:
            return list(s.execute(text(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")))  # fmt: skip

    before = schema()
    assert any(name == "fine_case_fts_ai" for name, _sql in before)
    import_export.import_file(db, ACTOR, journals.fines_ru(tmp_path / "j.xlsx"), today=TODAY,
                              options=Options(values=AUTHOR))  # fmt: skip
    assert schema() == before
    from akimdesk.storage import search

    with pytest.raises(RuntimeError), db.write() as s, search.paused(s, "fine_case"):
        assert "fine_case_fts_ai" not in {n for n, _sql in s.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))}  # fmt: skip
        raise RuntimeError("the write fails half-way")
    assert schema() == before
    with db.read() as s:
        assert s.scalar(text("SELECT count(*) FROM search_paused")) == 0
