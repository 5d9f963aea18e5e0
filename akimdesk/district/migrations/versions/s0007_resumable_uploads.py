"""Resumable uploads, and the fines projection kept per statement instead of per row

- `upload`: the part of a batch's body that arrived before the link was cut (sync protocol 2),
  kept so the office sends only the rest; also a whole body waiting for its turn.
- The triggers that keep fine_fact, fine_paid and fine_month (s0003, s0006) ran once per row:
  a batch of 1,000 cases updated the same fine_month row 1,000 times in one transaction, about
  a quarter of the server's time in a sync of 10,000 changes (bench/sync.py). They now run once
  per statement over its transition tables, summing a statement's shares before one upsert.
  The sums are the same (tests/sync/test_district_projection.py compares them with sums from
  scratch over shuffled arrivals).

Revision ID: s0007
Revises: s0006
"""

import sqlalchemy as sa
from alembic import op

revision = "s0007"
down_revision = "s0006"
branch_labels = None
depends_on = None

ZERO = "'00000000-0000-0000-0000-000000000000'::uuid"  # "article not known", as in s0006

FACT_COLUMNS = """id, office_id, number, stage, penalty, reduced, article_id, settlement_id,
    offender_name, offender_category, iin_bin, offence_date, protocol_date, decision_date,
    in_force_date, pay_by, enforcement_date, closed_date, mrp_count, amount_tiyn, paid_tiyn"""

FUNCTIONS = f"""
-- Adds the deltas (office, day, article, counts and sums) to fine_month, a month and article
-- at a time, and drops the rows that come to nothing (s0006's rule).
CREATE FUNCTION fine_month_merge(o uuid[], m date[], a uuid[], p int[], d int[], w int[],
                                 i bigint[], c bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE touched uuid[];
BEGIN
  WITH up AS (
    INSERT INTO fine_month AS x (office_id, month, article_id, protocols, decided, warnings,
                                 imposed_tiyn, collected_tiyn)
    SELECT t.o, date_trunc('month', t.m)::date, coalesce(t.a, {ZERO}), sum(t.p), sum(t.d),
           sum(t.w), sum(t.i), sum(t.c)
    FROM unnest(o, m, a, p, d, w, i, c) AS t(o, m, a, p, d, w, i, c)
    GROUP BY 1, 2, 3
    HAVING (sum(t.p), sum(t.d), sum(t.w), sum(t.i), sum(t.c)) <> (0, 0, 0, 0, 0)
    ON CONFLICT (office_id, month, article_id) DO UPDATE SET
      protocols = x.protocols + EXCLUDED.protocols, decided = x.decided + EXCLUDED.decided,
      warnings = x.warnings + EXCLUDED.warnings,
      imposed_tiyn = x.imposed_tiyn + EXCLUDED.imposed_tiyn,
      collected_tiyn = x.collected_tiyn + EXCLUDED.collected_tiyn
    RETURNING x.office_id)
  SELECT array_agg(DISTINCT office_id) INTO touched FROM up;
  IF touched IS NOT NULL THEN
    DELETE FROM fine_month WHERE office_id = ANY(touched)
      AND (protocols, decided, warnings, imposed_tiyn, collected_tiyn) = (0, 0, 0, 0, 0);
  END IF;
END $$;

-- A case's shares of fine_month (s0003's fine_fact_share), k = 1 to add them, -1 to take back.
CREATE FUNCTION fine_fact_deltas(f fine_fact, k int)
RETURNS TABLE (o uuid, m date, a uuid, p int, d int, w int, i bigint, c bigint)
LANGUAGE sql IMMUTABLE AS $$
  SELECT f.office_id, f.protocol_date, f.article_id, k, 0, 0, 0::bigint, 0::bigint
  WHERE f.protocol_date IS NOT NULL
  UNION ALL
  SELECT f.office_id, f.decision_date, f.article_id, 0, k,
         CASE WHEN f.penalty = 'warning' THEN k ELSE 0 END,
         CASE WHEN f.penalty = 'fine' THEN k * f.amount_tiyn ELSE 0 END::bigint, 0::bigint
  WHERE f.decision_date IS NOT NULL AND f.stage NOT IN ('cancelled', 'protocol')
$$;

-- record -> fine_fact, fine_paid: every row one statement wrote, in two statements.
CREATE FUNCTION records_to_fines() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO fine_fact AS f ({FACT_COLUMNS})
  SELECT id, office_id, coalesce(payload->>'number', ''),
      coalesce(payload->>'stage', 'protocol'), coalesce(payload->>'penalty', 'fine'),
      coalesce((payload->>'reduced')::boolean, false), (payload->>'article_id')::uuid,
      (payload->>'settlement_id')::uuid, coalesce(payload->>'offender_name', ''),
      coalesce(payload->>'offender_category', 'individual'), coalesce(payload->>'iin_bin', ''),
      (payload->>'offence_date')::date, (payload->>'protocol_date')::date,
      (payload->>'decision_date')::date, (payload->>'in_force_date')::date,
      (payload->>'pay_by')::date, (payload->>'enforcement_date')::date,
      (payload->>'closed_date')::date, coalesce((payload->>'mrp_count')::int, 0),
      coalesce((payload->>'amount_tiyn')::bigint, 0), coalesce((payload->>'paid_tiyn')::bigint, 0)
  FROM changed WHERE entity = 'fine_case'
  ON CONFLICT (id) DO UPDATE SET office_id = EXCLUDED.office_id, number = EXCLUDED.number,
      stage = EXCLUDED.stage, penalty = EXCLUDED.penalty, reduced = EXCLUDED.reduced,
      article_id = EXCLUDED.article_id, settlement_id = EXCLUDED.settlement_id,
      offender_name = EXCLUDED.offender_name, offender_category = EXCLUDED.offender_category,
      iin_bin = EXCLUDED.iin_bin, offence_date = EXCLUDED.offence_date,
      protocol_date = EXCLUDED.protocol_date, decision_date = EXCLUDED.decision_date,
      in_force_date = EXCLUDED.in_force_date, pay_by = EXCLUDED.pay_by,
      enforcement_date = EXCLUDED.enforcement_date, closed_date = EXCLUDED.closed_date,
      mrp_count = EXCLUDED.mrp_count, amount_tiyn = EXCLUDED.amount_tiyn,
      paid_tiyn = EXCLUDED.paid_tiyn;
  INSERT INTO fine_paid (id, office_id, case_id, paid_on, amount_tiyn)
  SELECT id, office_id, (payload->>'case_id')::uuid, (payload->>'paid_on')::date,
      coalesce((payload->>'amount_tiyn')::bigint, 0)
  FROM changed WHERE entity = 'fine_payment'
  ON CONFLICT (id) DO UPDATE SET case_id = EXCLUDED.case_id, paid_on = EXCLUDED.paid_on,
      amount_tiyn = EXCLUDED.amount_tiyn;
  RETURN NULL;
END $$;

-- fine_fact -> fine_month. Old rows' shares are taken back and new rows' added: a row whose
-- counted fields did not change nets to nothing. Payments follow their case's article: a case
-- that arrives takes its payments from "not known", one that changes its article takes them
-- along, one that goes leaves them under "not known" (s0006).
CREATE FUNCTION fine_facts_to_month() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE o uuid[]; m date[]; a uuid[]; p int[]; d int[]; w int[]; i bigint[]; c bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    WITH x AS (
      SELECT s.* FROM new_facts f, fine_fact_deltas(f, 1) s
      UNION ALL
      SELECT pd.office_id, pd.paid_on, g.a, 0, 0, 0, 0::bigint, g.k * pd.amount_tiyn
      FROM new_facts f JOIN fine_paid pd ON pd.case_id = f.id,
           LATERAL (VALUES (NULL::uuid, -1), (f.article_id, 1)) AS g(a, k)
      WHERE pd.paid_on IS NOT NULL)
    SELECT array_agg(x.o), array_agg(x.m), array_agg(x.a), array_agg(x.p), array_agg(x.d),
           array_agg(x.w), array_agg(x.i), array_agg(x.c) INTO o, m, a, p, d, w, i, c FROM x;
  ELSIF TG_OP = 'UPDATE' THEN
    WITH x AS (
      SELECT s.* FROM old_facts f, fine_fact_deltas(f, -1) s
      UNION ALL
      SELECT s.* FROM new_facts f, fine_fact_deltas(f, 1) s
      UNION ALL
      SELECT pd.office_id, pd.paid_on, g.a, 0, 0, 0, 0::bigint, g.k * pd.amount_tiyn
      FROM old_facts b JOIN new_facts f ON f.id = b.id
           JOIN fine_paid pd ON pd.case_id = f.id,
           LATERAL (VALUES (b.article_id, -1), (f.article_id, 1)) AS g(a, k)
      WHERE pd.paid_on IS NOT NULL AND b.article_id IS DISTINCT FROM f.article_id)
    SELECT array_agg(x.o), array_agg(x.m), array_agg(x.a), array_agg(x.p), array_agg(x.d),
           array_agg(x.w), array_agg(x.i), array_agg(x.c) INTO o, m, a, p, d, w, i, c FROM x;
  ELSE
    WITH x AS (
      SELECT s.* FROM old_facts f, fine_fact_deltas(f, -1) s
      UNION ALL
      SELECT pd.office_id, pd.paid_on, g.a, 0, 0, 0, 0::bigint, g.k * pd.amount_tiyn
      FROM old_facts f JOIN fine_paid pd ON pd.case_id = f.id,
           LATERAL (VALUES (f.article_id, -1), (NULL::uuid, 1)) AS g(a, k)
      WHERE pd.paid_on IS NOT NULL)
    SELECT array_agg(x.o), array_agg(x.m), array_agg(x.a), array_agg(x.p), array_agg(x.d),
           array_agg(x.w), array_agg(x.i), array_agg(x.c) INTO o, m, a, p, d, w, i, c FROM x;
  END IF;
  IF o IS NOT NULL THEN
    PERFORM fine_month_merge(o, m, a, p, d, w, i, c);
  END IF;
  RETURN NULL;
END $$;

-- fine_paid -> fine_month: a payment counts under its case's article ("not known" while the
-- case has not arrived); a change takes the old amount back and adds the new.
CREATE FUNCTION fine_paids_to_month() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE o uuid[]; m date[]; a uuid[]; c bigint[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(pd.office_id), array_agg(pd.paid_on), array_agg(f.article_id),
           array_agg(pd.amount_tiyn) INTO o, m, a, c
    FROM new_paid pd LEFT JOIN fine_fact f ON f.id = pd.case_id WHERE pd.paid_on IS NOT NULL;
  ELSIF TG_OP = 'UPDATE' THEN
    WITH x AS (
      SELECT pd.office_id AS o, pd.paid_on AS m, f.article_id AS a, pd.amount_tiyn AS c
      FROM new_paid pd LEFT JOIN fine_fact f ON f.id = pd.case_id WHERE pd.paid_on IS NOT NULL
      UNION ALL
      SELECT pd.office_id, pd.paid_on, f.article_id, -pd.amount_tiyn
      FROM old_paid pd LEFT JOIN fine_fact f ON f.id = pd.case_id WHERE pd.paid_on IS NOT NULL)
    SELECT array_agg(x.o), array_agg(x.m), array_agg(x.a), array_agg(x.c) INTO o, m, a, c
    FROM x;
  ELSE
    SELECT array_agg(pd.office_id), array_agg(pd.paid_on), array_agg(f.article_id),
           array_agg(-pd.amount_tiyn) INTO o, m, a, c
    FROM old_paid pd LEFT JOIN fine_fact f ON f.id = pd.case_id WHERE pd.paid_on IS NOT NULL;
  END IF;
  IF o IS NOT NULL THEN
    PERFORM fine_month_merge(o, m, a, array_fill(0, ARRAY[cardinality(o)]),
        array_fill(0, ARRAY[cardinality(o)]), array_fill(0, ARRAY[cardinality(o)]),
        array_fill(0::bigint, ARRAY[cardinality(o)]), c);
  END IF;
  RETURN NULL;
END $$;
"""

TRIGGERS = """
DROP TRIGGER record_to_fines ON record;
DROP TRIGGER fine_fact_to_month ON fine_fact;
DROP TRIGGER fine_paid_to_month ON fine_paid;
CREATE TRIGGER records_to_fines_ins AFTER INSERT ON record
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION records_to_fines();
CREATE TRIGGER records_to_fines_upd AFTER UPDATE ON record
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION records_to_fines();
CREATE TRIGGER fine_facts_ins AFTER INSERT ON fine_fact
  REFERENCING NEW TABLE AS new_facts FOR EACH STATEMENT EXECUTE FUNCTION fine_facts_to_month();
CREATE TRIGGER fine_facts_upd AFTER UPDATE ON fine_fact
  REFERENCING OLD TABLE AS old_facts NEW TABLE AS new_facts
  FOR EACH STATEMENT EXECUTE FUNCTION fine_facts_to_month();
CREATE TRIGGER fine_facts_del AFTER DELETE ON fine_fact
  REFERENCING OLD TABLE AS old_facts FOR EACH STATEMENT EXECUTE FUNCTION fine_facts_to_month();
CREATE TRIGGER fine_paids_ins AFTER INSERT ON fine_paid
  REFERENCING NEW TABLE AS new_paid FOR EACH STATEMENT EXECUTE FUNCTION fine_paids_to_month();
CREATE TRIGGER fine_paids_upd AFTER UPDATE ON fine_paid
  REFERENCING OLD TABLE AS old_paid NEW TABLE AS new_paid
  FOR EACH STATEMENT EXECUTE FUNCTION fine_paids_to_month();
CREATE TRIGGER fine_paids_del AFTER DELETE ON fine_paid
  REFERENCING OLD TABLE AS old_paid FOR EACH STATEMENT EXECUTE FUNCTION fine_paids_to_month();
"""

# s0003's row triggers (their functions as s0006 left them), for the way back.
ROW_TRIGGERS = """
DROP TRIGGER records_to_fines_ins ON record;
DROP TRIGGER records_to_fines_upd ON record;
DROP TRIGGER fine_facts_ins ON fine_fact;
DROP TRIGGER fine_facts_upd ON fine_fact;
DROP TRIGGER fine_facts_del ON fine_fact;
DROP TRIGGER fine_paids_ins ON fine_paid;
DROP TRIGGER fine_paids_upd ON fine_paid;
DROP TRIGGER fine_paids_del ON fine_paid;
DROP FUNCTION records_to_fines();
DROP FUNCTION fine_facts_to_month();
DROP FUNCTION fine_paids_to_month();
DROP FUNCTION fine_fact_deltas(fine_fact, int);
DROP FUNCTION fine_month_merge(uuid[], date[], uuid[], int[], int[], int[], bigint[], bigint[]);
CREATE TRIGGER record_to_fines AFTER INSERT OR UPDATE ON record FOR EACH ROW
  WHEN (NEW.entity IN ('fine_case', 'fine_payment')) EXECUTE FUNCTION record_to_fines();
CREATE TRIGGER fine_fact_to_month AFTER INSERT OR UPDATE OR DELETE ON fine_fact FOR EACH ROW
  EXECUTE FUNCTION fine_fact_to_month();
CREATE TRIGGER fine_paid_to_month AFTER INSERT OR UPDATE OR DELETE ON fine_paid FOR EACH ROW
  EXECUTE FUNCTION fine_paid_to_month();
"""


def upgrade() -> None:
    op.create_table(
        "upload",
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("batch_id", sa.Uuid(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office_account.id"], name=op.f("fk_upload_office_id_office_account")
        ),
        sa.PrimaryKeyConstraint("office_id", "batch_id", name=op.f("pk_upload")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FUNCTIONS)
        op.execute(TRIGGERS)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(ROW_TRIGGERS)
    op.drop_table("upload")
