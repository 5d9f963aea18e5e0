"""The district web view over a large PostgreSQL. Prints; asserts nothing.

    .venv/bin/python bench/district.py [--offices 100] [--cases 100000]

    .venv/bin/python bench/district.py                                # 100 offices × 1,000 cases

Fills `record` with fine cases (and the payments of paid ones) spread over 2024-2026 and every
status, communal property with leases and rent, and meetings with their agenda, the way
offices' syncs leave them; the projection triggers keep fine_fact and fine_month as they would
in production. Then times every page of the web view over HTTP against a real server process
on 127.0.0.1 (sign-in cookie, SQL, templates): the time to the first byte of the answer
(target ≤ 300 ms) and to the last, each the median of 7 after a warm-up.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx
import psycopg

from akimdesk.district import db as server_db
from akimdesk.district import reference
from tests.support.postgres import Cluster
from tests.support.server import ServerProcess, server_cli

DISTRICT = "Сарқан ауданы"

# One office's cases: status by g % 20 (see the CASE below), dates from January 2024 on.
CASES = """
INSERT INTO record (entity, id, office_id, version, payload, rev, origin_stream, updated_at)
SELECT 'fine_case', rid, %(office)s, 1, jsonb_strip_nulls(jsonb_build_object(
    'number', (2024 + g %% 3)::text || '-' || lpad(g::text, 6, '0'),
    'stage', CASE WHEN k = 0 THEN 'protocol' WHEN k = 1 THEN 'cancelled'
                  WHEN k BETWEEN 2 AND 11 THEN 'closed' WHEN k IN (17, 18) THEN 'enforcement'
                  ELSE 'decided' END,
    'penalty', CASE WHEN k IN (12, 13) THEN 'warning' ELSE 'fine' END,
    'reduced', k IN (10, 11),
    'article_id', arts[1 + g %% array_length(arts, 1)],
    'offender_name', 'Әбілқайыров Ұлан ' || g, 'iin_bin', lpad((600101300000 + g)::text, 12, '0'),
    'offence_date', pd - 1, 'protocol_date', pd,
    'decision_date', CASE WHEN k > 0 THEN pd + 7 END,
    'in_force_date', CASE WHEN k > 1 AND k <> 19 THEN pd + 27 END,
    'pay_by', CASE WHEN k > 1 AND k <> 19 THEN pd + 87 END,
    'enforcement_date', CASE WHEN k IN (17, 18) THEN pd + 100 END,
    'mrp_count', 20, 'mrp_value', 3932,
    'amount_tiyn', CASE WHEN k IN (12, 13) THEN 0 ELSE 7864000 END,
    'paid_tiyn', CASE WHEN k BETWEEN 2 AND 9 THEN 7864000 WHEN k IN (10, 11) THEN 3932000
                      WHEN k = 16 THEN 2000000 ELSE 0 END,
    'id', rid, 'version', 1)), g, %(office)s, now()
FROM (SELECT g, g %% 20 AS k, gen_random_uuid() AS rid,
             LEAST(date '2024-01-01' + (g * 37 %% 1060), date '2026-11-20') AS pd
      FROM generate_series(1, %(n)s) g) s,
     (SELECT array_agg(id) AS arts FROM ref_row WHERE dataset = 'article') a
"""
PAYMENTS = """
INSERT INTO record (entity, id, office_id, version, payload, rev, origin_stream, updated_at)
SELECT 'fine_payment', pid, office_id, 1, jsonb_build_object(
    'id', pid, 'case_id', id, 'paid_on', ((payload->>'decision_date')::date + 12)::text,
    'amount_tiyn', (payload->>'paid_tiyn')::bigint), rev, office_id, now()
FROM (SELECT *, gen_random_uuid() AS pid FROM record) r WHERE entity = 'fine_case' AND office_id = %(office)s
  AND (payload->>'paid_tiyn')::bigint > 0
"""


# Communal property: 60 assets an office, a third without title documents; 6 leases with
# monthly rent paid. Meetings: 16 an office over 2025-2026, most signed, 3 agenda items each.
PROPERTY = """
WITH a AS (
  INSERT INTO record (entity, id, office_id, version, payload, rev, origin_stream, updated_at)
  SELECT 'asset', aid, %(office)s, 1, jsonb_build_object(
      'id', aid, 'inventory_number', lpad(g::text, 6, '0'), 'category_id', cats[1 + g %% 6],
      'received_on', (date '2005-01-01' + g * 97)::text, 'book_value_tiyn', 150000000 + g * 731000,
      'life_months', 600, 'status', 'in_use',
      'title_status', CASE WHEN g %% 3 = 0 THEN 'none' ELSE 'registered' END,
      'name_kk', 'Нысан ' || g, 'name_ru', 'Объект ' || g), 100000 + g, %(office)s, now()
  FROM (SELECT g, gen_random_uuid() AS aid FROM generate_series(1, 60) g) x,
       (SELECT %(cats)s::text[] AS cats) c
  RETURNING id, payload)
INSERT INTO record (entity, id, office_id, version, payload, rev, origin_stream, updated_at)
SELECT 'lease', lid, %(office)s, 1, jsonb_build_object(
    'id', lid, 'asset_id', a.id, 'tenant_name', '«Береке» ЖШС ' || n, 'tenant_iin_bin', '080140000255',
    'start_date', '2025-03-01', 'end_date', '2027-02-28', 'monthly_rent_tiyn', 30000000), 200000 + n,
    %(office)s, now()
FROM (SELECT id, gen_random_uuid() AS lid,
             row_number() OVER (ORDER BY payload->>'inventory_number') n FROM a) a
WHERE n <= 6
"""
RENT = """
INSERT INTO record (entity, id, office_id, version, payload, rev, origin_stream, updated_at)
SELECT 'lease_payment', pid, office_id, 1, jsonb_build_object(
    'id', pid, 'lease_id', id, 'for_month', to_char(m, 'YYYY-MM'), 'paid_on', (m + 9)::text,
    'amount_tiyn', 30000000), 300000, office_id, now()
FROM (SELECT r.id, r.office_id, m0::date AS m, gen_random_uuid() AS pid
      FROM record r, generate_series(date '2025-03-01', date '2026-10-01', interval '1 month') m0
      WHERE r.entity = 'lease' AND r.office_id = %(office)s) x
"""
MEETINGS = """
WITH m AS (
  INSERT INTO record (entity, id, office_id, version, payload, rev, origin_stream, updated_at)
  SELECT 'meeting', mid, %(office)s, 1, jsonb_strip_nulls(jsonb_build_object(
      'id', mid, 'kind', CASE WHEN g %% 4 = 0 THEN 'gathering' ELSE 'assembly' END,
      'year', extract(year FROM d)::int, 'number', g, 'ref', g || '/' || extract(year FROM d),
      'meeting_date', d::text, 'status', CASE WHEN g %% 5 = 0 THEN 'draft' ELSE 'signed' END,
      'published_on', CASE WHEN g %% 3 = 0 THEN (d + 5)::text END)), 400000 + g, %(office)s, now()
  FROM (SELECT g, gen_random_uuid() AS mid, date '2025-01-15' + g * 41 AS d
        FROM generate_series(1, 16) g) x
  RETURNING id)
INSERT INTO record (entity, id, office_id, version, payload, rev, origin_stream, updated_at)
SELECT 'agenda_item', gen_random_uuid(), %(office)s, 1, jsonb_build_object(
    'meeting_id', m.id, 'position', k, 'kind', (ARRAY['budget', 'communal_property', 'other'])[k],
    'decision_kk', 'Шешім', 'decision_ru', 'Решение'), 500000 + k, %(office)s, now()
FROM m, generate_series(1, 3) k
"""


def fill(url: str, offices: int, cases: int) -> list[str]:
    from akimdesk.domain import property as rules

    engine = server_db.make_engine(url)
    with server_db.sessions(engine)() as s, s.begin():
        reference.seed_initial(s)
    engine.dispose()
    ids = []
    for i in range(offices):
        server_cli(url, "add-office", "--name", f"Ауылдық округ №{i + 1}",
                   "--bin", f"{i:03d}140000255"[:12], "--district", DISTRICT)  # fmt: skip
    cats = [str(rules.category_id(code)) for code, *_ in rules.SEED_CATEGORIES[:6]]
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as con:
        ids = [str(r[0]) for r in con.execute("SELECT id FROM office_account ORDER BY name")]
        per, t0 = cases // offices, time.perf_counter()
        for n, office in enumerate(ids, 1):
            con.execute(CASES, {"office": office, "n": per})
            con.execute(PAYMENTS, {"office": office})
            con.execute(PROPERTY, {"office": office, "cats": cats})
            con.execute(RENT, {"office": office})
            con.execute(MEETINGS, {"office": office})
            if n % 20 == 0:
                print(f"   {n * per:,} cases written, {time.perf_counter() - t0:.0f} s", flush=True)
        con.execute("VACUUM ANALYZE")
        sizes = con.execute(
            "SELECT (SELECT count(*) FROM fine_fact), (SELECT count(*) FROM fine_paid), "
            "(SELECT count(*) FROM fine_month), "
            "(SELECT count(*) FROM record WHERE entity = 'asset'), "
            "(SELECT count(*) FROM record WHERE entity = 'meeting'), "
            "pg_size_pretty(pg_database_size(current_database()))"
        ).fetchone()
    print(f"   fine_fact {sizes[0]:,} rows, fine_paid {sizes[1]:,}, fine_month {sizes[2]:,}, "
          f"assets {sizes[3]:,}, meetings {sizes[4]:,}; database {sizes[5]}")  # fmt: skip
    return ids


def timings(h: httpx.Client, path: str, runs: int = 7) -> tuple[float, float, float, int]:
    """Median time to the first byte of the answer, its worst, the median to the last byte,
    and the size; after a warm-up (connection pool, plans, the page cache)."""
    r = h.get(path)
    assert r.status_code == 200, (path, r.status_code, r.text[-500:])
    first, whole, size = [], [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        with h.stream("GET", path) as r:
            first.append((time.perf_counter() - t0) * 1000)
            size = len(r.read())
        whole.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200
    return statistics.median(first), max(first), statistics.median(whole), size


def read_time_join(url: str, year: int) -> tuple[float, float]:
    """Collected by article for a year: as the pages read it (fine_month) against joining
    each payment to its case's article at read time (the other way to be order-proof)."""
    sums = ("SELECT article_id, sum(collected_tiyn) FROM fine_month "
            "WHERE month >= %(a)s AND month < %(b)s GROUP BY article_id")  # fmt: skip
    join = ("SELECT f.article_id, sum(p.amount_tiyn) FROM fine_paid p "
            "LEFT JOIN fine_fact f ON f.id = p.case_id "
            "WHERE p.paid_on >= %(a)s AND p.paid_on < %(b)s GROUP BY f.article_id")  # fmt: skip
    out = []
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as con:
        for q in (sums, join):
            times = []
            for _ in range(7):
                t0 = time.perf_counter()
                con.execute(q, {"a": f"{year}-01-01", "b": f"{year + 1}-01-01"}).fetchall()
                times.append((time.perf_counter() - t0) * 1000)
            out.append(statistics.median(times))
    return out[0], out[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--offices", type=int, default=100)
    ap.add_argument("--cases", type=int, default=100_000, help="in all, spread over the offices")
    args = ap.parse_args()
    cluster = Cluster().start()
    proc = None
    try:
        url = cluster.create_database("district")
        server_db.upgrade(url)
        print(f"1. {args.cases:,} cases of {args.offices} offices into PostgreSQL (triggers on):")
        t0 = time.perf_counter()
        ids = fill(url, args.offices, args.cases)
        print(f"   written in {time.perf_counter() - t0:.0f} s")
        server_cli(url, "add-user", "--login", "aidos", "--name", "Айдос Серікұлы", "--role",
                   "viewer", "--district", DISTRICT, "--password", "district-pass-1")  # fmt: skip
        proc = ServerProcess(url).start()
        h = httpx.Client(base_url=proc.url, timeout=60)
        h.post("/district/login", data={"login": "aidos", "password": "district-pass-1"})
        office = ids[0]
        with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as con:
            case = con.execute("SELECT id FROM fine_fact WHERE office_id = %s LIMIT 1",
                               (office,)).fetchone()[0]  # fmt: skip
            article = con.execute("SELECT id FROM ref_row WHERE dataset = 'article' LIMIT 1"
                                  ).fetchone()[0]  # fmt: skip
        fines_office = f"/district/fines/office/{office}"
        steps = [
            ("sync health", "/district/health"),
            ("sync health, by last sync, newest first", "/district/health?offices_sort=last_sync&offices_dir=desc"),
            ("sync health, with problems only", "/district/health?show=problems"),
            ("fines, 2026", "/district/fines?year=2026"),
            ("fines, 2024", "/district/fines?year=2024"),
            ("fines, 4th quarter 2025", "/district/fines?year=2025&quarter=4"),
            ("fines, March 2026", "/district/fines?year=2026&month=3"),
            ("fines, 17.02.2025 to 09.05.2026", "/district/fines?from=2025-02-17&to=2026-05-09"),
            ("fines by office as XLSX, 2026", "/district/fines?year=2026&export=by_office"),
            ("an office's cases of 2026", f"{fines_office}?year=2026"),
            ("an office's cases, overdue", f"{fines_office}?status=overdue"),
            ("an office's cases, name search", f"{fines_office}?q=Ұлан+51"),
            ("an office's cases, by amount", f"{fines_office}?cases_sort=amount&cases_dir=desc"),
            ("an office's cases, page 100 (past the end)", f"{fines_office}?cases_p=100"),
            ("one case", f"/district/fines/case/{case}"),
            ("communal property", "/district/property"),
            ("communal property, untitled page 5", "/district/property?untitled_p=5"),
            ("meetings, 2026", "/district/assemblies?year=2026"),
            ("meetings, 2026, late drafts", "/district/assemblies?year=2026&state=late"),
            ("reference data", "/district/refdata"),
            ("an article", f"/district/refdata/article/{article}"),
            ("maslikhat summary PDF, 2026", "/district/summary.pdf?year=2026&lang=kk"),
        ]  # fmt: skip
        print(
            f"2. pages, time to first byte (median of 7; target ≤ 300 ms), {args.offices} offices:"
        )
        for title, path in steps:
            first, worst, whole, size = timings(h, path)
            flag = "" if first <= 300 else "   OVER 300 ms"
            print(f"   {title}: {first:.0f} ms (worst {worst:.0f}, whole answer {whole:.0f} ms, "
                  f"{size / 1024:.0f} KiB){flag}")  # fmt: skip
        sums, join = read_time_join(url, 2026)
        print(f"3. collected by article for 2026: {sums:.1f} ms from fine_month, "
              f"{join:.1f} ms joining payments to cases at read time")  # fmt: skip
    finally:
        if proc is not None:
            proc.stop()
        cluster.stop()


if __name__ == "__main__":
    main()
