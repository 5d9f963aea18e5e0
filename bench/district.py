"""The district web view over a large PostgreSQL. Prints; asserts nothing.

    .venv/bin/python bench/district.py [--offices 50] [--cases 1000000]

Fills `record` with fine cases (and the payments of paid ones) spread over 2024-2026 and every
status, the way offices' syncs leave them; the projection triggers of migration s0003 keep
fine_fact and fine_month as they would in production. Then times whole HTTP requests to a real
server process on 127.0.0.1 (sign-in cookie, SQL, templates): the fines overview (target
≤ 500 ms) and an office's drill-down (target ≤ 300 ms), each the median of 7 after a warm-up.
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


def fill(url: str, offices: int, cases: int) -> list[str]:
    engine = server_db.make_engine(url)
    with server_db.sessions(engine)() as s, s.begin():
        reference.seed_initial(s)
    engine.dispose()
    ids = []
    for i in range(offices):
        server_cli(url, "add-office", "--name", f"Ауылдық округ №{i + 1:02d}",
                   "--bin", f"{i:02d}0140000255", "--district", DISTRICT)  # fmt: skip
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as con:
        ids = [str(r[0]) for r in con.execute("SELECT id FROM office_account ORDER BY name")]
        per, t0 = cases // offices, time.perf_counter()
        for n, office in enumerate(ids, 1):
            con.execute(CASES, {"office": office, "n": per})
            con.execute(PAYMENTS, {"office": office})
            if n % 10 == 0:
                print(f"   {n * per:,} cases written, {time.perf_counter() - t0:.0f} s", flush=True)
        con.execute("VACUUM ANALYZE")
        sizes = con.execute(
            "SELECT (SELECT count(*) FROM fine_fact), (SELECT count(*) FROM fine_paid), "
            "(SELECT count(*) FROM fine_month), pg_size_pretty(pg_database_size(current_database()))"
        ).fetchone()
    print(f"   fine_fact {sizes[0]:,} rows, fine_paid {sizes[1]:,}, fine_month {sizes[2]:,}; "
          f"database {sizes[3]}")  # fmt: skip
    return ids


def median_ms(h: httpx.Client, path: str, runs: int = 7) -> tuple[float, float, int]:
    r = h.get(path)  # warm-up: connection pool, plans, the page cache
    assert r.status_code == 200, (path, r.status_code, r.text[-500:])
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = h.get(path)
        times.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200
    return statistics.median(times), max(times), len(r.content)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--offices", type=int, default=50)
    ap.add_argument("--cases", type=int, default=1_000_000)
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
        steps = [
            ("2. fines overview, 2026 (by office, month, article; overdue today)", "/district/fines?year=2026", 500),
            ("3. fines overview, 2024", "/district/fines?year=2024", 500),
            ("4. office drill-down, all cases of 2026, first page", f"/district/fines/office/{office}?year=2026", 300),
            ("5. office drill-down, overdue only", f"/district/fines/office/{office}?status=overdue", 300),
            ("6. office drill-down, all years, page 100", f"/district/fines/office/{office}?p=100", 300),
            ("7. sync health (50 offices)", "/district/health", None),
            ("8. fines by office as XLSX", "/district/fines?year=2026&export=by_office", None),
            ("9. maslikhat summary PDF, 2026", "/district/summary.pdf?year=2026&lang=kk", None),
        ]  # fmt: skip
        for title, path, target in steps:
            med, worst, size = median_ms(h, path)
            goal = f"   (target ≤ {target} ms)" if target else ""
            print(
                f"{title}: {med:.0f} ms median, {worst:.0f} ms worst, {size / 1024:.0f} KiB{goal}"
            )
    finally:
        if proc is not None:
            proc.stop()
        cluster.stop()


if __name__ == "__main__":
    main()
