"""The server's projection triggers read the office's records by field name (`p->>'pay_by'`): a
field renamed or dropped on the desktop would silently become NULL in the district's sums. Every
field the installed trigger functions read must be a column of the desktop's record."""

from __future__ import annotations

import re

from sqlalchemy import create_engine, text

from akimdesk.district import db
from akimdesk.models import FineCase, FinePayment

RECORDS = {"fine_case": FineCase, "fine_payment": FinePayment}
READ = re.compile(r"p\s*->>\s*'([a-z_]+)'")
BRANCH = re.compile(r"NEW\.entity\s*=\s*'([a-z_]+)'")


def fields_read(definition: str) -> dict[str, set[str]]:
    """entity -> fields read, taking each IF/ELSIF branch on NEW.entity in turn."""
    found: dict[str, set[str]] = {}
    parts = BRANCH.split(definition)
    for entity, body in zip(parts[1::2], parts[2::2], strict=True):
        found.setdefault(entity, set()).update(READ.findall(body))
    return found


def test_every_field_the_triggers_read_is_in_the_record(pg):  # type: ignore[no-untyped-def]
    url = pg.create_database("projection_fields")
    db.upgrade(url)
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            definition = c.execute(
                text("SELECT pg_get_functiondef('record_to_fines'::regproc)")
            ).scalar_one()
    finally:
        engine.dispose()
    read = fields_read(definition)
    assert set(read) == set(RECORDS), read  # a new entity in the triggers needs its record here
    for entity, fields in read.items():
        columns = set(RECORDS[entity].__table__.columns.keys())
        assert fields and fields <= columns, (entity, fields - columns)


def test_the_parser_would_see_a_missing_field():
    sql = "IF NEW.entity = 'fine_case' THEN x := p->>'number'; ELSIF NEW.entity = 'fine_payment' " \
          "THEN y := p ->> 'no_such_field'; END IF;"  # fmt: skip
    assert fields_read(sql) == {"fine_case": {"number"}, "fine_payment": {"no_such_field"}}
