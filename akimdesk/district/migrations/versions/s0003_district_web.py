"""District web view: staff accounts and sessions, their log, audit acknowledgement, and the fines
projection the consolidated pages read (kept by triggers from `record`, whoever writes it)

Revision ID: s0003
Revises: s0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "s0003"
down_revision = "s0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)

# One typed row per fine case, from its JSON payload (empty values are left out on the wire).
FACT_FUNCTION = """
CREATE FUNCTION record_to_fines() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE p jsonb := NEW.payload;
BEGIN
  IF NEW.entity = 'fine_case' THEN
    INSERT INTO fine_fact AS f (id, office_id, number, stage, penalty, reduced, article_id,
        settlement_id, offender_name, offender_category, iin_bin, offence_date, protocol_date,
        decision_date, in_force_date, pay_by, enforcement_date, closed_date, mrp_count,
        amount_tiyn, paid_tiyn)
    VALUES (NEW.id, NEW.office_id, coalesce(p->>'number', ''), coalesce(p->>'stage', 'protocol'),
        coalesce(p->>'penalty', 'fine'), coalesce((p->>'reduced')::boolean, false),
        (p->>'article_id')::uuid, (p->>'settlement_id')::uuid, coalesce(p->>'offender_name', ''),
        coalesce(p->>'offender_category', 'individual'), coalesce(p->>'iin_bin', ''),
        (p->>'offence_date')::date, (p->>'protocol_date')::date, (p->>'decision_date')::date,
        (p->>'in_force_date')::date, (p->>'pay_by')::date, (p->>'enforcement_date')::date,
        (p->>'closed_date')::date, coalesce((p->>'mrp_count')::int, 0),
        coalesce((p->>'amount_tiyn')::bigint, 0), coalesce((p->>'paid_tiyn')::bigint, 0))
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
  ELSIF NEW.entity = 'fine_payment' THEN
    INSERT INTO fine_paid (id, office_id, case_id, paid_on, amount_tiyn)
    VALUES (NEW.id, NEW.office_id, (p->>'case_id')::uuid, (p->>'paid_on')::date,
        coalesce((p->>'amount_tiyn')::bigint, 0))
    ON CONFLICT (id) DO UPDATE SET case_id = EXCLUDED.case_id, paid_on = EXCLUDED.paid_on,
        amount_tiyn = EXCLUDED.amount_tiyn;
  END IF;
  RETURN NULL;
END $$;
"""

# fine_month holds the sums the overview shows; each change adds its new share and takes back
# its old one, so the overview reads a few thousand rows instead of a million cases.
MONTH_FUNCTIONS = """
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

CREATE FUNCTION fine_fact_share(f fine_fact, k int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF f.protocol_date IS NOT NULL THEN
    PERFORM fine_month_add(f.office_id, f.protocol_date, f.article_id, k, 0, 0, 0, 0);
  END IF;
  IF f.decision_date IS NOT NULL AND f.stage NOT IN ('cancelled', 'protocol') THEN
    PERFORM fine_month_add(f.office_id, f.decision_date, f.article_id, 0, k,
        CASE WHEN f.penalty = 'warning' THEN k ELSE 0 END,
        CASE WHEN f.penalty = 'fine' THEN k * f.amount_tiyn ELSE 0 END::bigint, 0);
  END IF;
END $$;

CREATE FUNCTION fine_fact_to_month() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
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

CREATE FUNCTION fine_paid_to_month() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE a uuid;
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.paid_on IS NOT NULL THEN
    SELECT article_id INTO a FROM fine_fact WHERE id = OLD.case_id;
    PERFORM fine_month_add(OLD.office_id, OLD.paid_on, coalesce(a, '00000000-0000-0000-0000-000000000000'),
                           0, 0, 0, 0, -OLD.amount_tiyn);
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.paid_on IS NOT NULL THEN
    SELECT article_id INTO a FROM fine_fact WHERE id = NEW.case_id;
    PERFORM fine_month_add(NEW.office_id, NEW.paid_on, coalesce(a, '00000000-0000-0000-0000-000000000000'),
                           0, 0, 0, 0, NEW.amount_tiyn);
  END IF;
  RETURN NULL;
END $$;
"""

TRIGGERS = """
CREATE TRIGGER record_to_fines AFTER INSERT OR UPDATE ON record FOR EACH ROW
  WHEN (NEW.entity IN ('fine_case', 'fine_payment')) EXECUTE FUNCTION record_to_fines();
CREATE TRIGGER fine_fact_to_month AFTER INSERT OR UPDATE OR DELETE ON fine_fact FOR EACH ROW
  EXECUTE FUNCTION fine_fact_to_month();
CREATE TRIGGER fine_paid_to_month AFTER INSERT OR UPDATE OR DELETE ON fine_paid FOR EACH ROW
  EXECUTE FUNCTION fine_paid_to_month();
"""


def upgrade() -> None:
    op.create_table(
        "district_user",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("login", sa.String(60), nullable=False, unique=True),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("district", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", TZ, nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("disabled_at", TZ, nullable=True),
    )
    op.create_table(
        "web_session",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("district_user.id"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
    )
    op.create_table(
        "district_log",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("login", sa.String(60), nullable=False),
        sa.Column("district", sa.String(200), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False, server_default=""),
        sa.Column("detail", sa.JSON().with_variant(postgresql.JSONB(), "postgresql")),
    )
    op.add_column("office_account", sa.Column("audit_ack_at", TZ, nullable=True))
    op.add_column(
        "office_account",
        sa.Column("audit_ack_by", sa.String(200), nullable=False, server_default=""),
    )
    op.create_index("ix_office_account_district", "office_account", ["district"])
    if op.get_bind().dialect.name != "postgresql":
        return  # the consolidated views need PostgreSQL; SQLite serves sync only
    op.create_table(
        "fine_fact",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.String(40), nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("penalty", sa.String(10), nullable=False),
        sa.Column("reduced", sa.Boolean(), nullable=False),
        sa.Column("article_id", sa.Uuid()),
        sa.Column("settlement_id", sa.Uuid()),
        sa.Column("offender_name", sa.String(300), nullable=False),
        sa.Column("offender_category", sa.String(20), nullable=False),
        sa.Column("iin_bin", sa.String(12), nullable=False),
        *(
            sa.Column(name, sa.Date())
            for name in (
                "offence_date",
                "protocol_date",
                "decision_date",
                "in_force_date",
                "pay_by",
                "enforcement_date",
                "closed_date",
            )
        ),
        sa.Column("mrp_count", sa.Integer(), nullable=False),
        sa.Column("amount_tiyn", sa.BigInteger(), nullable=False),
        sa.Column("paid_tiyn", sa.BigInteger(), nullable=False),
    )
    op.create_index("ix_fine_fact_office_protocol", "fine_fact", ["office_id", "protocol_date"])
    # Open cases are few against the closed ones: overdue and enforcement read only these.
    op.create_index(
        "ix_fine_fact_open", "fine_fact", ["office_id", "pay_by"],
        postgresql_where=sa.text("stage IN ('decided', 'enforcement')"),
    )  # fmt: skip
    op.create_table(
        "fine_paid",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("paid_on", sa.Date()),
        sa.Column("amount_tiyn", sa.BigInteger(), nullable=False),
    )
    op.create_table(
        "fine_month",
        sa.Column("office_id", sa.Uuid(), primary_key=True),
        sa.Column("month", sa.Date(), primary_key=True),
        sa.Column("article_id", sa.Uuid(), primary_key=True),
        *(
            sa.Column(name, sa.Integer(), nullable=False, server_default="0")
            for name in ("protocols", "decided", "warnings")
        ),
        *(
            sa.Column(name, sa.BigInteger(), nullable=False, server_default="0")
            for name in ("imposed_tiyn", "collected_tiyn")
        ),
    )
    # A case's events and payments, for the read-only case page.
    op.execute(
        "CREATE INDEX ix_record_case ON record ((payload ->> 'case_id')) "
        "WHERE entity IN ('fine_event', 'fine_payment')"
    )
    op.execute(FACT_FUNCTION)
    op.execute(MONTH_FUNCTIONS)
    op.execute(TRIGGERS)
    # Records received before this revision: touching them runs the trigger once each.
    op.execute(
        "UPDATE record SET rev = rev WHERE entity = 'fine_case'; "
        "UPDATE record SET rev = rev WHERE entity = 'fine_payment'"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for fn in ("record_to_fines", "fine_paid_to_month", "fine_fact_to_month",
                   "fine_fact_share", "fine_month_add"):  # fmt: skip
            op.execute(f"DROP FUNCTION {fn} CASCADE")  # with their triggers
        op.execute("DROP INDEX ix_record_case")
        for table in ("fine_month", "fine_paid", "fine_fact"):
            op.drop_table(table)
    op.drop_index("ix_office_account_district", "office_account")
    op.drop_column("office_account", "audit_ack_by")
    op.drop_column("office_account", "audit_ack_at")
    for table in ("district_log", "web_session", "district_user"):
        op.drop_table(table)
