"""Register queries: SQL status agrees with Python, filters, Kazakh/Russian case-folding search."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from akimdesk.models import FineCase, Settlement
from akimdesk.services.demo import generate_fines
from akimdesk.services.fines import queries
from akimdesk.services.fines.queries import CaseFilter
from tests.conftest import ACTOR, TODAY


def test_sql_status_matches_python_on_every_demo_case(db):
    generate_fines(db, ACTOR, 600, today=TODAY)
    for day in (TODAY, TODAY + timedelta(days=20), TODAY - timedelta(days=200)):
        with db.read() as s:
            rows = s.execute(select(FineCase, queries.status_sql(day))).all()
        assert len(rows) == 600
        assert all(queries.status_of_case(c, day) == st for c, st in rows)
        assert len({st for _c, st in rows}) >= 8 if day == TODAY else True


def test_demo_covers_every_status(db):
    generate_fines(db, ACTOR, 1500, today=TODAY)
    with db.read() as s:
        statuses = set(s.scalars(select(queries.status_sql(TODAY))))
    assert statuses >= {"protocol", "decided", "appealed", "in_force", "partly_paid", "paid",
                        "paid_half", "warning", "overdue", "enforcement", "cancelled"}  # fmt: skip


def test_search_folds_kazakh_and_russian_case(db):
    generate_fines(db, ACTOR, 400, today=TODAY)
    with db.read() as s:
        target = s.scalars(select(FineCase).where(FineCase.offender_name.like("Ә%"))).first()
        assert target is not None
        surname = target.surname
        for query in (surname.upper(), surname.lower(), surname[:4].lower(), target.iin_bin,
                      target.iin_bin[:6], target.number):  # fmt: skip
            ids = queries.register_rowids(s, CaseFilter(search=query), today=TODAY)
            rows = queries.rows_by_rowid(s, ids, TODAY)
            assert target.id in {r.id for r in rows.values()}, query
        assert len(queries.register_rowids(s, CaseFilter(search='"*) OR (x'), today=TODAY)) == 0


def test_filters_and_sorting(db):
    generate_fines(db, ACTOR, 500, today=TODAY)
    with db.read() as s:
        place = s.scalars(select(Settlement)).first()
        everything = queries.register_rowids(s, CaseFilter(), today=TODAY)
        assert len(everything) == 500
        overdue = queries.register_rowids(s, CaseFilter(status="overdue"), today=TODAY)
        rows = queries.rows_by_rowid(s, overdue, TODAY)
        assert rows and all(r.status == "overdue" for r in rows.values())
        here = queries.rows_by_rowid(
            s, queries.register_rowids(s, CaseFilter(settlement_id=place.id), today=TODAY), TODAY
        )
        assert here and all(r.settlement_kk == place.name_kk for r in here.values())
        period = CaseFilter(date_from=date(2026, 10, 1), date_to=date(2026, 10, 31))
        rows = queries.rows_by_rowid(s, queries.register_rowids(s, period, today=TODAY), TODAY)
        assert all(date(2026, 10, 1) <= r.offence_date <= date(2026, 10, 31) for r in rows.values())
        by_amount = queries.register_rowids(
            s, CaseFilter(), sort="amount", descending=False, today=TODAY
        )
        amounts = [queries.rows_by_rowid(s, [i], TODAY)[i].amount_tiyn for i in by_amount[:50]]
        assert amounts == sorted(amounts)
        action = queries.rows_by_rowid(
            s, queries.register_rowids(s, CaseFilter(needs_action=True), today=TODAY), TODAY
        )
        assert action and all(r.action for r in action.values())
        assert sum(queries.action_counts(s, TODAY).values()) == len(action)


def test_sorting_by_article_and_settlement_uses_what_is_shown(db):
    generate_fines(db, ACTOR, 200, today=TODAY)
    with db.read() as s:
        for key, attr in (("article", "article"), ("settlement", "settlement_kk")):
            ids = queries.register_rowids(s, CaseFilter(), sort=key, descending=False, today=TODAY)
            rows = queries.rows_by_rowid(s, ids, TODAY)
            shown = [getattr(rows[i], attr) for i in ids]
            if key == "article":
                shown = [x.replace("-", "") for x in shown]
            assert shown == sorted(shown), key


def test_needs_action_by_the_indexes_agrees_with_the_rule_on_every_day(db):
    """The register counts and filters "needs action today" through one indexed look-up per
    reason; on any day it finds exactly the cases the rule (action_sql) names."""
    generate_fines(db, ACTOR, 800, today=TODAY)
    with db.write() as s:  # some protocols without their ЕРАП number, of every stage
        s.execute(
            FineCase.__table__.update().where(FineCase.seq_no % 7 == 0).values(erap_number="")
        )
    with db.read() as s:
        for offset in range(-400, 60, 9):
            day = TODAY + timedelta(days=offset)
            rule = queries.action_sql(day, queries.erap_days(s))
            expected = set(s.scalars(select(queries.ROWID).where(rule.is_not(None))))
            found = queries.register_rowids(s, CaseFilter(needs_action=True), today=day)
            assert set(found) == expected, day
            assert queries.action_total(s, day) == len(expected)
            assert queries.action_total(s, day) == sum(queries.action_counts(s, day).values())
        assert len(expected) > 0


def test_every_reason_of_needs_action_is_answered_by_an_index(db):
    """A whole history is not read to count the few cases that need a person: each reason is a
    search of an index, never a scan of the register."""
    with db.read() as s:
        conn = s.connection()
        for name, cond in queries._action_arms(TODAY, 3):
            stmt = select(queries.ROWID).select_from(FineCase).where(cond)
            sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
            plan = [row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
            assert plan[0].startswith("SEARCH fine_case USING"), (name, plan)
            if name in ("overdue", "erap_missing", "not_delivered"):  # the many: index alone
                assert "COVERING INDEX" in plan[0], (name, plan)
