"""What district staff ask of the web view, over a real server and PostgreSQL fed by real office
syncs: any period by office, sync health of many offices in the district's time zone, meetings
published or not, an office's cases searched and sorted, offices named in both languages and
listed in one order, files named for what they hold."""

from __future__ import annotations

import io
import json
import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from akimdesk.models import FineCase
from tests.conftest import OFFICE
from tests.support.server import server_cli
from tests.sync.conftest import sql
from tests.sync.district import signed_in, two_districts
from tests.sync.test_district_web import district_url, sheet

ALMATY = ZoneInfo("Asia/Almaty")


@pytest.fixture
def district(server, server_db, tmp_path):  # type: ignore[no-untyped-def]
    yield from two_districts(server, server_db, tmp_path)


def office_id(url: str, bin_: str = OFFICE.bin) -> uuid.UUID:
    return sql(url, "SELECT id FROM office_account WHERE bin = %s", bin_)[0][0]


def ours(rows: list[list]) -> list:  # type: ignore[type-arg]
    return next(r for r in rows if r[0] == OFFICE.name_kk)


def test_any_period_by_office_with_its_file(district):
    db, info = district["ours"]
    h = signed_in(district_url(db), "aidos")
    paid = info["paid"].amount_tiyn / 100
    # July's three decisions (10.07) and August's payment (20.08) are in the third quarter.
    r = h.get("/district/fines?year=2026&quarter=3&export=by_office")
    assert 'filename="fines-by-office-2026-Q3.xlsx"' in r.headers["content-disposition"]
    q3 = ours(
        [list(x) for x in load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True)]
    )
    assert q3[1:6] == [3, 3, 0, 3 * info["paid"].amount_tiyn / 100, paid]
    assert ours(sheet(h, "/district/fines?year=2026&quarter=2&export=by_office"))[1:6] == [0] * 5
    # Any dates: the days at either end are counted from the cases themselves.
    within = ours(sheet(h, "/district/fines?from=05.07.2026&to=19.08.2026&export=by_office"))
    assert within[1:6] == [0, 3, 0, 3 * paid, 0]  # protocols of 02.07 and the payment left out
    edge = ours(sheet(h, "/district/fines?from=2026-07-02&to=2026-08-20&export=by_office"))
    assert edge[1:6] == [3, 3, 0, 3 * paid, paid]
    whole = ours(sheet(h, "/district/fines?from=01.01.2026&to=31.12.2026&export=by_office"))
    assert whole[1:6] == ours(sheet(h, "/district/fines?year=2026&export=by_office"))[1:6]
    august = ours(sheet(h, "/district/fines?year=2026&month=8&export=by_office"))
    assert august[1:6] == [0, 0, 0, 0, paid]
    page = h.get("/district/fines?from=05.07.2026&to=19.08.2026").text
    assert "05.07.2026 – 19.08.2026" in page and "қаулы күні бойынша" in page
    bad = h.get("/district/fines?from=31.02.2026&to=01.01.2026").text
    assert "Күндер оқылмады" in bad
    # Each table its own name; the two by-office tables of fines and property differ.
    r = h.get("/district/property?year=2026&export=by_office")
    assert 'filename="property-by-office-2026.xlsx"' in r.headers["content-disposition"]


def test_sync_health_of_many_offices_in_the_districts_time(district, server_db):
    db, _info = district["ours"]
    for n in (10, 2, 1):  # never synced: stale
        server_cli(server_db, "add-office", "--name-kk", f"Ауылдық округ №{n}",
                   "--name-ru", f"Сельский округ №{n}", "--bin", f"{n:03d}140000255",
                   "--district", OFFICE.district)  # fmt: skip
    h = signed_in(district_url(db), "aidos", "ru")
    page = h.get("/district/health").text
    names = re.findall(r"Сельский округ №(\d+)", page)
    assert names[:3] == ["1", "2", "10"], names  # natural order, not №1, №10, №2
    assert "Все аппараты: 4" in page and "Молчат больше 7 дней: 3" in page
    stale = h.get("/district/health?show=stale").text
    assert OFFICE.name_ru not in stale.split("<table")[1] and "Сельский округ №2" in stale
    fresh = h.get("/district/health?show=ok").text
    assert OFFICE.name_ru in fresh and "Сельский округ №2" not in fresh.split("<table")[1]
    # Sorted by any column: the last sync, newest first, never-synced last.
    by_sync = h.get("/district/health?offices_sort=last_sync&offices_dir=desc").text
    table = by_sync.split("<tbody>")[1]
    assert table.index(OFFICE.name_ru) < table.index("Сельский округ №1")
    assert 'aria-sort="descending"' in by_sync
    # The time is the district's (Asia/Almaty by default), on the page and in the XLSX.
    synced = sql(server_db, "SELECT last_sync_at FROM office_account WHERE bin = %s", OFFICE.bin)
    local = synced[0][0].astimezone(ALMATY)
    assert local.strftime("%d.%m.%Y %H:%M") in page
    r = h.get("/district/health?export=offices")
    ws = load_workbook(io.BytesIO(r.content)).active
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == OFFICE.name_ru)
    assert abs(row[2].value - local.replace(tzinfo=None)) < timedelta(seconds=1)
    assert row[2].number_format.endswith("SS")
    # The zone is a setting of the server.
    server_cli(server_db, "setting", "time_zone", "Europe/Moscow")
    moscow = synced[0][0].astimezone(ZoneInfo("Europe/Moscow")).strftime("%d.%m.%Y %H:%M")
    assert moscow in h.get("/district/health").text


def test_office_names_in_both_languages_and_one_order_everywhere(district, server_db):
    db, _info = district["ours"]
    for n in (10, 2):
        server_cli(server_db, "add-office", "--name-kk", f"Әлия ауылдық округі №{n}",
                   "--name-ru", f"Алийский сельский округ №{n}", "--bin", f"{n:03d}140000255",
                   "--district", OFFICE.district)  # fmt: skip
    server_cli(server_db, "add-office", "--name", "Ақсай", "--bin", "777140000255",
               "--district", OFFICE.district)  # fmt: skip
    for lang, names in (("kk", ["Ақсай", "Ақсу", "Әлия ауылдық округі №2", "Әлия ауылдық округі №10"]),
                        ("ru", ["Алийский сельский округ №2", "Алийский сельский округ №10",
                                "Аксуского", "Ақсай"])):  # fmt: skip
        h = signed_in(district_url(db), "aidos", lang)
        for path in ("/district/health", "/district/fines?year=2026", "/district/property",
                     "/district/assemblies?year=2026"):  # fmt: skip
            body = h.get(path).text.split("<tbody>")[1].split("</tbody>")[0]
            places = [body.index(n) for n in names]
            assert places == sorted(places), (lang, path, names)


def test_meetings_published_or_not_and_late_drafts(district, server_db):
    db, info = district["ours"]
    h = signed_in(district_url(db), "aidos", "ru")
    year = datetime.now(ALMATY).year
    # A draft whose meeting was 30 days ago (the setting allows 10), from an office's sync.
    held = (datetime.now(ALMATY) - timedelta(days=30)).date()
    mid = uuid.uuid4()
    payload = {"id": str(mid), "kind": "gathering", "year": held.year, "number": 9,
               "ref": f"9/{held.year}", "meeting_date": held.isoformat(), "status": "draft"}  # fmt: skip
    oid = office_id(server_db)
    sql(server_db, "INSERT INTO record (entity, id, office_id, version, payload, rev, "
                   "origin_stream, updated_at) VALUES ('meeting', %s, %s, 1, %s, 999, %s, now()) "
                   "RETURNING id", mid, oid, json.dumps(payload), oid)  # fmt: skip
    page = h.get(f"/district/assemblies?year={held.year}&state=late").text
    assert "проект, 30 дн. после собрания" in page and 'class="alert"' in page
    listing = h.get(f"/district/assemblies?year={year}").text
    if held.year == year:
        assert "Проекты сверх срока" in listing
    # The signed minutes are not published until the office's publication record says so.
    signed_year = 2026
    page = h.get(f"/district/assemblies?year={signed_year}&state=unpublished").text
    assert info["ref"] in page and "подписан, не опубликован" in page
    sql(server_db, "UPDATE record SET payload = payload || '{\"published_on\": \"2026-11-25\"}' "
                   "WHERE entity = 'meeting' AND id = %s RETURNING id", info["meeting"])  # fmt: skip
    page = h.get(f"/district/assemblies?year={signed_year}&state=published").text
    assert info["ref"] in page and "25.11.2026" in page
    assert (
        info["ref"]
        not in h.get(f"/district/assemblies?year={signed_year}&state=unpublished").text.split(
            '<h2 id="minutes-title"'
        )[1]
    )
    # The minutes XLSX links each PDF.
    r = h.get(f"/district/assemblies?year={signed_year}&export=minutes")
    assert 'filename="meetings-minutes-2026.xlsx"' in r.headers["content-disposition"]
    ws = load_workbook(io.BytesIO(r.content)).active
    links = [c.hyperlink.target for row in ws.iter_rows(min_row=2) for c in row if c.hyperlink]
    assert any(x.startswith("http://") and x.endswith(f"/district/assemblies/minutes/{info['meeting']}?lang=kk")
               for x in links), links  # fmt: skip


def test_an_offices_cases_searched_sorted_and_past_the_end(district, server_db):
    db, info = district["ours"]
    with db.read() as s:
        cases = {c.number: c for c in s.query(FineCase)}
    h = signed_in(district_url(db), "aidos", "ru")
    base = f"/district/fines/office/{office_id(server_db)}"
    some = info["paid"]
    by_name = h.get(f"{base}?q={some.offender_name.split()[0].lower()}").text
    assert "Найдено дел: " in by_name and some.number in by_name
    assert "Найдено дел: 1<" in h.get(f"{base}?q={some.iin_bin}").text
    assert some.number in h.get(f"{base}?q={some.number}").text
    assert "Найдено дел: 0" in h.get(f"{base}?q=Нетакого").text
    rows = sheet(h, f"{base}?cases_sort=amount&cases_dir=desc&export=cases")
    amounts = [r[5] for r in rows[1:] if r[5] is not None]
    assert amounts == sorted(amounts, reverse=True) and len(rows) == len(cases) + 1
    page = h.get(f"{base}?cases_sort=amount&cases_dir=desc&cases_p=41").text
    assert "Страница 41" not in page and some.number in page  # the last page, not "41 of 1"
    assert 'aria-sort="descending"' in page
