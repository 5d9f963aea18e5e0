"""District web view: a fines projection that does not depend on the order records arrive in,
offices named in both languages, the server's settings, and indexes for any period

Revision ID: s0006
Revises: s0003
"""

import sqlalchemy as sa
from alembic import op

revision = "s0006"
down_revision = "s0004"
branch_labels = None
depends_on = None

ZERO = "'00000000-0000-0000-0000-000000000000'::uuid"  # "article not known"

# The invariant the triggers keep: every payment's amount sits in fine_month under the article
# its case has now (ZERO while the case has not arrived). s0003 looked the article up only when
# the payment came, so a payment applied before its case stayed under ZERO for good. Now a case
# that arrives, or changes its article, takes its payments along. (Keeping payments keyed by
# case and joining the article at read time was measured too: bench/district.py prints both.)
FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION fine_month_add(o uuid, m date, a uuid, protocols int, decided int,
                                          warnings int, imposed bigint, collected bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE r fine_month;
BEGIN
  INSERT INTO fine_month AS x (office_id, month, article_id, protocols, decided, warnings,
                               imposed_tiyn, collected_tiyn)
  VALUES (o, date_trunc('month', m)::date, coalesce(a, {ZERO}), protocols, decided, warnings,
          imposed, collected)
  ON CONFLICT (office_id, month, article_id) DO UPDATE SET
    protocols = x.protocols + EXCLUDED.protocols, decided = x.decided + EXCLUDED.decided,
    warnings = x.warnings + EXCLUDED.warnings, imposed_tiyn = x.imposed_tiyn + EXCLUDED.imposed_tiyn,
    collected_tiyn = x.collected_tiyn + EXCLUDED.collected_tiyn
  RETURNING * INTO r;
  -- A row that sums to nothing is dropped, so the tables never show an empty line.
  IF (r.protocols, r.decided, r.warnings, r.imposed_tiyn, r.collected_tiyn) = (0, 0, 0, 0, 0) THEN
    DELETE FROM fine_month
    WHERE office_id = r.office_id AND month = r.month AND article_id = r.article_id;
  END IF;
END $$;

CREATE OR REPLACE FUNCTION fine_paid_move(c uuid, from_a uuid, to_a uuid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE p record;
BEGIN
  FOR p IN SELECT office_id, date_trunc('month', paid_on)::date AS m, sum(amount_tiyn)::bigint AS amount
           FROM fine_paid WHERE case_id = c AND paid_on IS NOT NULL GROUP BY 1, 2 LOOP
    PERFORM fine_month_add(p.office_id, p.m, from_a, 0, 0, 0, 0, -p.amount);
    PERFORM fine_month_add(p.office_id, p.m, to_a, 0, 0, 0, 0, p.amount);
  END LOOP;
END $$;

CREATE OR REPLACE FUNCTION fine_fact_to_month() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM fine_paid_move(NEW.id, NULL, NEW.article_id);  -- payments that came first
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM fine_paid_move(OLD.id, OLD.article_id, NULL);
  ELSIF OLD.article_id IS DISTINCT FROM NEW.article_id THEN
    PERFORM fine_paid_move(NEW.id, OLD.article_id, NEW.article_id);
  END IF;
  IF TG_OP = 'UPDATE' AND (OLD.office_id, OLD.article_id, OLD.protocol_date, OLD.decision_date,
      OLD.stage IN ('cancelled', 'protocol'), OLD.penalty, OLD.amount_tiyn)
      IS NOT DISTINCT FROM (NEW.office_id, NEW.article_id, NEW.protocol_date, NEW.decision_date,
      NEW.stage IN ('cancelled', 'protocol'), NEW.penalty, NEW.amount_tiyn) THEN
    RETURN NULL;  -- a payment or a deadline changed: the sums did not
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM fine_fact_share(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM fine_fact_share(NEW, 1); END IF;
  RETURN NULL;
END $$;
"""

# The same sums from scratch: what the triggers must always equal. Run once here to mend the
# rows s0003 left under "not known".
REBUILD = f"""
TRUNCATE fine_month;
INSERT INTO fine_month (office_id, month, article_id, protocols, decided, warnings,
                        imposed_tiyn, collected_tiyn)
SELECT office_id, m, a, sum(p), sum(d), sum(w), sum(i), sum(c) FROM (
  SELECT office_id, date_trunc('month', protocol_date)::date AS m,
         coalesce(article_id, {ZERO}) AS a, 1 AS p, 0 AS d, 0 AS w, 0::bigint AS i, 0::bigint AS c
  FROM fine_fact WHERE protocol_date IS NOT NULL
  UNION ALL
  SELECT office_id, date_trunc('month', decision_date)::date, coalesce(article_id, {ZERO}), 0, 1,
         (penalty = 'warning')::int, CASE WHEN penalty = 'fine' THEN amount_tiyn ELSE 0 END, 0
  FROM fine_fact WHERE decision_date IS NOT NULL AND stage NOT IN ('cancelled', 'protocol')
  UNION ALL
  SELECT p.office_id, date_trunc('month', p.paid_on)::date, coalesce(f.article_id, {ZERO}),
         0, 0, 0, 0, p.amount_tiyn
  FROM fine_paid p LEFT JOIN fine_fact f ON f.id = p.case_id WHERE p.paid_on IS NOT NULL
) x
GROUP BY office_id, m, a
HAVING (sum(p), sum(d), sum(w), sum(i), sum(c)) <> (0, 0, 0, 0, 0);
"""

# s0003's versions, for the way back.
OLD_FUNCTIONS = """
DROP FUNCTION fine_month_add(uuid, date, uuid, int, int, int, bigint, bigint);
CREATE FUNCTION fine_month_add(o uuid, m date, a uuid, protocols int, decided int, warnings int,
                               imposed bigint, collected bigint) RETURNS void LANGUAGE sql AS $$
  INSERT INTO fine_month AS x (office_id, month, article_id, protocols, decided, warnings,
                               imposed_tiyn, collected_tiyn)
  VALUES (o, date_trunc('month', m)::date, a, protocols, decided, warnings, imposed, collected)
  ON CONFLICT (office_id, month, article_id) DO UPDATE SET
    protocols = x.protocols + EXCLUDED.protocols, decided = x.decided + EXCLUDED.decided,
    warnings = x.warnings + EXCLUDED.warnings, imposed_tiyn = x.imposed_tiyn + EXCLUDED.imposed_tiyn,
    collected_tiyn = x.collected_tiyn + EXCLUDED.collected_tiyn;
$$;
CREATE OR REPLACE FUNCTION fine_fact_to_month() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (OLD.office_id, OLD.article_id, OLD.protocol_date, OLD.decision_date,
      OLD.stage IN ('cancelled', 'protocol'), OLD.penalty, OLD.amount_tiyn)
      IS NOT DISTINCT FROM (NEW.office_id, NEW.article_id, NEW.protocol_date, NEW.decision_date,
      NEW.stage IN ('cancelled', 'protocol'), NEW.penalty, NEW.amount_tiyn) THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN PERFORM fine_fact_share(OLD, -1); END IF;
  IF TG_OP <> 'DELETE' THEN PERFORM fine_fact_share(NEW, 1); END IF;
  RETURN NULL;
END $$;
DROP FUNCTION fine_paid_move(uuid, uuid, uuid);
"""


def upgrade() -> None:
    op.add_column(
        "office_account",
        sa.Column("name_kk", sa.String(300), nullable=False, server_default=""),
    )
    op.add_column(
        "office_account",
        sa.Column("name_ru", sa.String(300), nullable=False, server_default=""),
    )
    op.create_table(
        "server_setting",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    if op.get_bind().dialect.name != "postgresql":
        return
    # Any period: the whole months come from fine_month, the days at either end from these.
    op.create_index("ix_fine_fact_decision", "fine_fact", ["decision_date"])
    op.create_index("ix_fine_fact_protocol", "fine_fact", ["protocol_date"])
    op.create_index("ix_fine_paid_paid_on", "fine_paid", ["paid_on"])
    op.execute(FUNCTIONS)
    op.execute(REBUILD)
    # Sorting names as people do: the page's alphabet (Kazakh letters in place), №2 before №10.
    op.execute(
        "CREATE COLLATION IF NOT EXISTS kk_natural (provider = icu, locale = 'kk-KZ-u-kn-true')"
    )
    op.execute(
        "CREATE COLLATION IF NOT EXISTS ru_natural (provider = icu, locale = 'ru-RU-u-kn-true')"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(OLD_FUNCTIONS)
        op.execute("DROP COLLATION IF EXISTS kk_natural")
        op.execute("DROP COLLATION IF EXISTS ru_natural")
        for name, table in (("ix_fine_paid_paid_on", "fine_paid"),
                            ("ix_fine_fact_protocol", "fine_fact"),
                            ("ix_fine_fact_decision", "fine_fact")):  # fmt: skip
            op.drop_index(name, table)
    op.drop_table("server_setting")
    op.drop_column("office_account", "name_ru")
    op.drop_column("office_account", "name_kk")
