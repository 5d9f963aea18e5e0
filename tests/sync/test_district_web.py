"""The district web view over a real server and PostgreSQL, fed by real office syncs: sign-in,
the consolidated numbers (read back from the XLSX exports), drill-down, another district's data
kept out, reference data forms, and the PDFs read back."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from akimdesk.domain.property import category_id
from akimdesk.models import FineCase
from akimdesk.services.fines import cases
from tests.conftest import ACTOR, OFFICE, TODAY
from tests.pdf import pdf_text
from tests.sync.conftest import sync_round
from tests.sync.district import (
    OTHER,
    PASSWORD,
    add_user,
    csrf_of,
    signed_in,
    two_districts,
)


@pytest.fixture
def district(server, server_db, tmp_path):  # type: ignore[no-untyped-def]
    yield from two_districts(server, server_db, tmp_path)


def sheet(h, path: str) -> list[list]:  # type: ignore[no-untyped-def]
    r = h.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.open")
    ws = load_workbook(io.BytesIO(r.content)).active
    return [list(row) for row in ws.iter_rows(values_only=True)]


def test_sign_in_is_required_and_wrong_passwords_lock(server, server_db):
    add_user(server_db, "aidos")
    import httpx

    h = httpx.Client(base_url=server.url, follow_redirects=False)
    r = h.get("/district/fines?year=2026")
    assert r.status_code == 303 and r.headers["location"].startswith("/district/login?next=")
    h.cookies.set("akd_lang", "ru", path="/district")
    r = h.post("/district/login", data={"login": "aidos", "password": "wrong-one"})
    assert r.status_code == 401 and "Неверный логин или пароль" in r.text
    assert 'value="aidos"' in r.text  # what was typed stays
    for _ in range(4):
        h.post("/district/login", data={"login": "aidos", "password": "wrong-one"})
    r = h.post("/district/login", data={"login": "aidos", "password": PASSWORD})
    assert r.status_code == 401 and "Слишком много неверных паролей" in r.text
    # A link that would send the person elsewhere after sign-in stays on this site.
    r = httpx.post(f"{server.url}/district/login",
                   data={"login": "x", "password": "y", "next": "//evil.example/"})  # fmt: skip
    assert 'value="/district/"' in r.text


def test_fines_numbers_follow_the_offices_records(district):
    db, info = district["ours"]
    with db.read() as s:
        amount = {c.number: c.amount_tiyn for c in s.query(FineCase)}
    decided = info["overdue"].amount_tiyn + info["enforced"].amount_tiyn + info["paid"].amount_tiyn
    h = signed_in(district_url(db), "aidos")
    rows = sheet(h, "/district/fines?year=2026&export=by_office")
    header = rows[0]
    assert header[:3] == ["Аппарат", "Хаттамалар, хаттама күні бойынша",
                          "Қаулылар, қаулы күні бойынша"], header  # fmt: skip
    ours = next(r for r in rows if r[0] == OFFICE.name_kk)
    (
        protocols,
        decisions,
        warnings,
        imposed,
        collected,
        rate,
        overdue,
        overdue_owed,
        enf,
        enf_owed,
    ) = ours[1:]
    assert (protocols, decisions, warnings) == (6, 3, 0)
    assert imposed == decided / 100 and collected == info["paid"].amount_tiyn / 100
    assert rate == pytest.approx(100 * collected / imposed)
    assert (overdue, overdue_owed) == (1, info["overdue"].amount_tiyn / 100)
    assert (enf, enf_owed) == (1, info["enforced"].amount_tiyn / 100)
    assert all(r[0] != OTHER.name_kk for r in rows)  # another district's office is not listed
    months = {r[0]: r for r in sheet(h, "/district/fines?year=2026&export=by_month")[1:]}
    assert months["Шілде 2026"][2] == 3 and months["Тамыз 2026"][5] == collected
    assert len(amount) == 6

    # A cancelled decision leaves the sums once the office syncs: the projection subtracts.
    cases.cancel_case(db, ACTOR, info["overdue"].id, TODAY, "Мерзімі өтті", today=TODAY)
    assert sync_round(db).rejected == 0
    ours = next(
        r for r in sheet(h, "/district/fines?year=2026&export=by_office") if r[0] == OFFICE.name_kk
    )
    assert (
        ours[2] == 2 and ours[4] == (decided - info["overdue"].amount_tiyn) / 100 and ours[7] == 0
    )


def district_url(db) -> str:  # type: ignore[no-untyped-def]
    with db.read() as s:
        from akimdesk.sync import state

        return str(state.get(s, state.SERVER_URL))


def test_drill_down_to_an_office_and_a_case(district):
    db, info = district["ours"]
    h = signed_in(district_url(db), "aidos", "ru")
    page = h.get("/district/fines?year=2026").text
    office_id = re.search(r"/district/fines/office/([0-9a-f-]{36})\?year", page).group(1)
    r = h.get(f"/district/fines/office/{office_id}?status=overdue")
    assert r.status_code == 200 and "Найдено дел: 1" in r.text
    assert info["overdue"].number in r.text and info["paid"].number not in r.text
    case_id = re.search(r"/district/fines/case/([0-9a-f-]{36})", r.text).group(1)
    r = h.get(f"/district/fines/case/{case_id}")
    assert r.status_code == 200
    for text in ("Просрочено", "Составлен протокол", "Постановление вручено", "Только просмотр"):
        assert text in r.text, text
    assert "<form" not in r.text.split("</header>")[1]  # read-only: nothing to submit
    events = sheet(h, f"/district/fines/case/{case_id}?export=events")
    assert len(events) == 4  # header, protocol, decision, delivery


def test_another_districts_data_is_invisible(district):
    db, info = district["ours"]
    other_db, other = district["other"]
    url = district_url(db)
    h = signed_in(url, "aidos")
    marat = signed_in(url, "marat")
    theirs = marat.get("/district/fines?year=2026").text
    their_office = re.search(r"/district/fines/office/([0-9a-f-]{36})\?year", theirs).group(1)
    with other_db.read() as s:
        their_case = s.query(FineCase).first().id
    for path in (
        f"/district/fines/office/{their_office}",
        f"/district/fines/case/{their_case}",
        f"/district/health/{their_office}/rejected",
        f"/district/assemblies/minutes/{other['meeting']}?lang=kk",
    ):
        assert h.get(path).status_code == 404, path
        assert marat.get(path).status_code == 200, path
    for path in ("/district/health", "/district/fines?year=2026", "/district/property",
                 "/district/assemblies?year=2026"):  # fmt: skip
        page = h.get(path).text
        assert OTHER.name_kk not in page and OFFICE.name_kk in page, path
        assert OFFICE.name_kk not in marat.get(path).text, path
    assert h.get(f"/district/assemblies/minutes/{info['meeting']}?lang=kk").status_code == 200
    r = h.post(
        f"/district/health/{their_office}/ack",
        data={"csrf": csrf_of(h.get("/district/health").text)},
    )
    assert r.status_code == 404


def test_reference_forms_refuse_bad_input_next_to_the_field(district):
    db, _ = district["ours"]
    url = district_url(db)
    h = signed_in(url, "aidos", "ru")
    token = csrf_of(h.get("/district/refdata/article/new").text)
    bad = {"csrf": token, "article": "пятьсот", "part": "1", "title_kk": "", "title_ru": "Тест",
           "valid_from": "31.13.2026", "min_individual": "10", "max_individual": "5",
           "min_official": "3"}  # fmt: skip
    r = h.post("/district/refdata/article/new", data=bad)
    assert r.status_code == 422
    errors = dict(re.findall(r'id="err-([a-z_]+)">([^<]+)<', r.text))
    assert errors["article"].startswith("Номер статьи состоит из цифр")
    assert errors["title_kk"] == "Введите название."
    assert errors["valid_from"] == "Введите дату в виде ДД.ММ.ГГГГ."
    assert errors["max_individual"].startswith("Наибольшее число МРП")
    assert errors["max_official"].startswith("Укажите и наименьшее")
    assert 'value="пятьсот"' in r.text and "Тест</textarea>" in r.text  # nothing typed is lost
    # An overlapping version of an article in force is refused.
    r = h.post("/district/refdata/article/new", data={
        "csrf": token, "article": "505", "part": "1", "title_kk": "а", "title_ru": "б",
        "valid_from": "2026-01-01", "min_individual": "1", "max_individual": "2"})  # fmt: skip
    assert r.status_code == 422 and "Другая редакция этой статьи действует с" in r.text
    # A forged form (no session token) changes nothing; a viewer may look but not save.
    assert h.post("/district/refdata/mrp/new", data={"valid_from": "2027-01-01", "amount": "4500",
                  "purpose": "fines"}).status_code == 404  # fmt: skip
    viewer = signed_in(url, "saule", "ru")
    assert viewer.get("/district/refdata/mrp/new").status_code == 403  # no form for a viewer
    page = viewer.get("/district/refdata/article/new")
    assert page.status_code == 403
    art = re.search(
        r"/district/refdata/article/([0-9a-f-]{36})", viewer.get("/district/refdata").text
    )
    page = viewer.get(f"/district/refdata/article/{art.group(1)}").text
    assert "<input" not in page.split("</header>")[1] and "изменяет только редактор района" in page
    vt = csrf_of(viewer.get("/district/health").text)
    r = viewer.post("/district/refdata/mrp/new",
                    data={"csrf": vt, "valid_from": "2027-01-01", "amount": "4500", "purpose": "fines"})  # fmt: skip
    assert r.status_code == 403 and "Нет доступа" in r.text
    # Correcting an МРП already given needs a reason; then the office gets it on its next sync.
    r = h.post("/district/refdata/mrp/new",
               data={"csrf": token, "valid_from": "2026-01-01", "amount": "4330", "purpose": "fines"})  # fmt: skip
    assert r.status_code == 422 and "укажите причину" in r.text
    r = h.post("/district/refdata/mrp/new", data={"csrf": token, "valid_from": "2026-01-01",
               "amount": "4330", "purpose": "fines", "reason": "Опечатка в приказе"})  # fmt: skip
    assert r.status_code == 303
    sync_round(db)
    from akimdesk.models import MrpValue

    with db.read() as s:
        assert {m.amount for m in s.query(MrpValue) if m.valid_from.isoformat() == "2026-01-01"
                and m.purpose == "fines"} == {4330}  # fmt: skip
    log = sheet(h, "/district/refdata?export=changes")
    assert log[1][1:4] == ["aidos", "Значение МРП исправлено", "01.01.2026, штрафы и санкции"]


def test_minutes_and_the_maslikhat_summary_print(district, tmp_path: Path):
    db, info = district["ours"]
    h = signed_in(district_url(db), "aidos")
    # The summary first: a fresh server process must set up the PDF fonts by itself.
    r = h.get("/district/summary.pdf?year=2026&lang=ru")
    (tmp_path / "s.pdf").write_bytes(r.content)
    text = pdf_text(tmp_path / "s.pdf")
    for words in ("Сводка для маслихата, 2026", "Штрафы: По аппаратам", "Коммунальное имущество",
                  "Собрания", OFFICE.name_ru):  # fmt: skip
        assert words in text, words
    assert OTHER.name_ru not in text
    r = h.get(f"/district/assemblies/minutes/{info['meeting']}?lang=kk")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    (tmp_path / "m.pdf").write_bytes(r.content)
    text = pdf_text(tmp_path / "m.pdf")
    assert "хаттамасы" in text and info["ref"] in text and OFFICE.name_kk.split()[0] in text
    # Every table on every page comes as XLSX.
    for path, names in (("/district/property", ("by_office", "by_category", "untitled", "leases")),
                        ("/district/assemblies?year=2026", ("by_quarter", "by_kind", "minutes")),
                        ("/district/health", ("offices",))):  # fmt: skip
        for name in names:
            rows = sheet(h, f"{path}{'&' if '?' in path else '?'}export={name}")
            assert len(rows) >= 2, (path, name)
    untitled = sheet(h, "/district/property?export=untitled")
    assert {r[1] for r in untitled[1:]} == set(info["assets"])


def test_an_audit_problem_is_shown_until_an_editor_marks_it_seen(district, server_db):
    from tests.sync.conftest import sql

    db, _ = district["ours"]
    sql(server_db, "UPDATE office_account SET audit_problem = 'changed:17', audit_problem_at = now() "
                   "WHERE bin = %s RETURNING id", OFFICE.bin)  # fmt: skip
    office_id = sql(server_db, "SELECT id FROM office_account WHERE bin = %s", OFFICE.bin)[0][0]
    viewer = signed_in(district_url(db), "saule", "ru")
    page = viewer.get("/district/health").text
    assert "Строка журнала аудита изменена после отправки (строка 17)" in page
    assert 'class="alert"' in page and "Отметить как просмотренное" not in page  # viewers only look
    r = viewer.post(f"/district/health/{office_id}/ack", data={"csrf": csrf_of(page)})
    assert r.status_code == 403
    editor = signed_in(district_url(db), "aidos", "ru")
    r = editor.post(
        f"/district/health/{office_id}/ack",
        data={"csrf": csrf_of(editor.get("/district/health").text)},
    )
    assert r.status_code == 303
    page = editor.get("/district/health").text
    assert "Просмотрено: Айдос Серікұлы" in page and "(строка 17)" in page  # seen, still on record


def test_the_command_line_keeps_the_same_reference_rules(server_db, capsys):
    from akimdesk.district import cli

    assert cli.main(["--database-url", server_db, "init-db"]) == 0  # article 505-1 from 2015
    base = ["--database-url", server_db, "refdata"]
    code = cli.main([*base, "article", "--article", "505", "--part", "1", "--title-kk", "а",
                     "--title-ru", "б", "--from", "2020-01-01", "--sanction", "individual:5:1"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1 and "max_individual" in err and "Another version of this article" in err
    code = cli.main([*base, "set-mrp", "--from", "2026-01-01", "--amount", "4330"])
    assert code == 1 and "reason" in capsys.readouterr().err
    assert cli.main([*base, "set-mrp", "--from", "2026-01-01", "--amount", "4330",
                     "--reason", "Опечатка"]) == 0  # fmt: skip


def test_residual_values_match_the_offices_for_an_asset_received_worn(district):
    """An asset received by transfer carries the depreciation of its transfer act; the district's
    residual value is the office's own (before: a new full life, so the district's was higher)."""
    from akimdesk.services.property import assets, queries
    from tests.support.property import asset_input

    db, _ = district["ours"]
    assets.create_asset(db, ACTOR, asset_input(
        name_kk="Жол", name_ru="Дорога", category_id=category_id("road"), year_built="1981",
        received_on=date(2017, 5, 1), book_value="40 000 000",
        accumulated_depreciation="30 000 000"), today=TODAY)  # fmt: skip
    assert sync_round(db).rejected == 0
    # The district counts on its own today (its time zone, by default Asia/Almaty).
    from datetime import datetime
    from zoneinfo import ZoneInfo

    day = datetime.now(ZoneInfo("Asia/Almaty")).date()
    with db.read() as s:
        mine = queries.totals(queries.register(s, queries.AssetFilter(), day)).residual_tiyn
    h = signed_in(district_url(db), "aidos")
    rows = sheet(h, "/district/property?export=by_office")
    col = rows[0].index("Қалдық құны")
    ours = next(r for r in rows if r[0] == OFFICE.name_kk)
    assert ours[col] == mine / 100


def test_decisions_by_kind_count_only_what_was_adopted(district):
    """A rejected item has decision text in its record (what was proposed) but is no decision of
    the meeting; before, the district counted it among the decisions."""
    from akimdesk.services.assemblies import meetings
    from tests.support.assemblies import make_meeting

    db, _ = district["ours"]
    h = signed_in(district_url(db), "aidos")

    def budget_decisions() -> int:
        rows = sheet(h, "/district/assemblies?year=2026&export=by_kind")
        return next(r[1] for r in rows[1:] if r[0] == "Ауылдық округ бюджетін келісу")

    before = budget_decisions()
    with db.read() as s:
        from akimdesk.models import AssemblyMember

        member_ids = [m.id for m in s.query(AssemblyMember)]
    meeting_id, _ref = make_meeting(db, ACTOR, member_ids, items=1,
                                    votes={"votes_for": 2, "votes_against": 6})  # fmt: skip
    meetings.sign(db, ACTOR, meeting_id, TODAY)
    assert sync_round(db).rejected == 0
    assert budget_decisions() == before
