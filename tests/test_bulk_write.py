"""An import writes its records in bulk (services.operation.Operation.bulk, storage.bulk): one
statement per table, the outbox likewise, the case search indexed once at the end. What lands
must be what the unit of work wrote record by record: the same columns and defaults, outbox
payloads equal to the stored records, the search finding every name, screens told."""

from __future__ import annotations

from sqlalchemy import select, text

from akimdesk.models import FineCase, FineDelivery, FineEvent, FinePayment, OutboxEntry
from akimdesk.services.audit import verify
from akimdesk.services.fines import import_export, queries
from akimdesk.services.journal import Options
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
