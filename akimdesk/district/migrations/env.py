"""Alembic environment of the district server (PostgreSQL; SQLite for a quick local try)."""

from alembic import context
from sqlalchemy import create_engine

from akimdesk.district.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url")
assert url is not None, "district/migrate.py sets the database's address"
engine = create_engine(url)
with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=url.startswith("sqlite"),
    )
    context.run_migrations()
engine.dispose()
