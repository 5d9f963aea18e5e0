"""The district's new reference data for fines (issue #19): holidays per year, payment
requisites per office, and which article parts need a prior penalty, from `akimdesk-server
refdata` to the office's deadlines and documents. A real server over SQLite (no PostgreSQL)."""

from __future__ import annotations

import contextlib
import io
from datetime import date

from sqlalchemy import select

from akimdesk import reports
from akimdesk.district import cli
from akimdesk.district import db as district_db
from akimdesk.district.models import RefRow
from akimdesk.domain import catalog
from akimdesk.models import HolidayYear, PaymentRequisites
from akimdesk.services import refdata
from akimdesk.services.fines import cases
from akimdesk.sync import client
from tests.conftest import ACTOR, OFFICE, TODAY
from tests.pdf import pdf_words
from tests.support.server import ServerProcess, server_cli
from tests.sync.conftest import sync_round
from tests.test_fines_lifecycle import article, case_input

REQUISITES = [
    "--beneficiary-kk", "Сарқан ауданы бойынша мемлекеттік кірістер басқармасы",
    "--beneficiary-ru", "УГД по Сарканскому району", "--beneficiary-bin", "081240013779",
    "--iik", "KZ24070105KSN0000000", "--bik", "KKMFKZ2A", "--bank-kk", "ҚР ҚМ Қазынашылық комитеті",
    "--bank-ru", "Комитет казначейства МФ РК", "--kbe", "11", "--knp", "911",
]  # fmt: skip


def refused(url: str, *args: str) -> str:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        assert cli.main(["--database-url", url, *args]) == 1
    return err.getvalue()


def test_holidays_requisites_and_repeat_parts_reach_the_office(db, tmp_path):
    url = f"sqlite:///{tmp_path / 'district.sqlite3'}"
    token = server_cli(url, "add-office", "--name", OFFICE.name_ru, "--bin", OFFICE.bin)
    out = server_cli(url, "refdata", "holidays", "--year", "2027", "--kurban-ait", "2027-05-17",
                     "--day-off", "2027-01-04", "--workday", "2027-01-09",
                     "--note", "постановление № 1")  # fmt: skip
    assert "holidays 2027" in out
    assert "weekday" in refused(url, "refdata", "holidays", "--year", "2027", "--day-off",
                                "2027-01-03")  # a Sunday cannot be "moved off"  # fmt: skip
    server_cli(url, "refdata", "requisites", "--office", OFFICE.bin, "--from", "2026-01-01",
               *REQUISITES)  # fmt: skip
    assert "kbe" in refused(url, "refdata", "requisites", "--office", OFFICE.bin, "--from",
                            "2026-02-01", *REQUISITES[:-4], "--kbe", "1", "--knp", "911")  # fmt: skip
    server_cli(url, "refdata", "article", "--article", "204", "--part", "2", "--title-kk",
               "Белгіленбеген жерлерде бір жыл ішінде қайталап сауда жасау", "--title-ru",
               "Повторная торговля", "--from", "2015-01-01", "--sanction", "individual:10:10",
               "--no-prior", "--kbk", "204108")  # fmt: skip
    assert '"year": 2027' in server_cli(url, "refdata", "list", "--dataset", "holiday")
    proc = ServerProcess(url).start()
    try:
        client.link(db, proc.url, token)
        sync_round(db)
    finally:
        proc.stop()
    with db.read() as s:
        year = s.scalars(select(HolidayYear).where(HolidayYear.year == 2027)).one()
        assert year.ref_version > 0 and "2027-05-17" in year.holidays
        days = refdata.holiday_years(s)[2027]
        assert date(2027, 1, 4) in days.days_off and date(2027, 1, 9) in days.workdays
        # the statutory carry-over: 8 March 2027 is a Monday, 9 May a Sunday -> 10 May off
        assert date(2027, 5, 10) in days.days_off
        assert s.scalars(select(PaymentRequisites)).one().beneficiary_ru.startswith("УГД")
        rules = cases.rules(s)
        assert not rules.counter.is_working(date(2027, 5, 17))
        assert rules.counter.add(date(2027, 5, 7), 10) == date(2027, 5, 18)  # off Құрбан айт
    assert not article(db, "204", "2").needs_prior and article(db, "204", "2").kbk == "204108"
    assert article(db, "505", "2").needs_prior  # the rest of the catalog as it was
    # 204 p.2 no longer needs a prior penalty: the district said so.
    c = cases.create_case(db, ACTOR, case_input(db, article_id=article(db, "204", "2").id,
                                                mrp_count=10), today=TODAY)  # fmt: skip
    c = cases.issue_decision(db, ACTOR, c.id, cases_input_decision(), today=TODAY)
    path = tmp_path / "n.pdf"
    path.write_bytes(reports.render("fine-notice", db, {"number": c.number}, "kk"))
    words = pdf_words(path)
    assert "Сарқан ауданы бойынша мемлекеттік кірістер басқармасы" in words
    assert "Бенефициар коды (КБе) 11" in words and "204108" in words


def cases_input_decision():
    from datetime import timedelta

    from akimdesk.services.fines.validation import DecisionInput

    return DecisionInput(TODAY - timedelta(days=15), "fine", 10)


def test_a_server_seeded_before_gets_the_catalogs_additions(tmp_path):
    url = f"sqlite:///{tmp_path / 'district.sqlite3'}"
    server_cli(url, "init-db")
    engine = district_db.make_engine(url, pool_size=1)
    try:
        with district_db.sessions(engine)() as s, s.begin():
            for row in s.scalars(select(RefRow).where(RefRow.dataset == "holiday")):
                s.delete(row)
            for row in s.scalars(select(RefRow).where(RefRow.dataset == "article")):
                row.data = {k: v for k, v in row.data.items() if k not in ("needs_prior", "kbk")}
        assert "reference rows loaded: 9" in server_cli(url, "init-db")  # 2 years + 7 articles
        with district_db.sessions(engine)() as s:
            aid = catalog.article_id("505", "2", catalog.CODE_IN_FORCE)
            assert s.get(RefRow, ("article", aid)).data["needs_prior"] is True
            assert len(s.scalars(select(RefRow).where(RefRow.dataset == "holiday")).all()) == 2
    finally:
        engine.dispose()
