"""Alembic environment: SQLite in batch mode (ALTER TABLE is limited there)."""

from alembic import context
from sqlalchemy import create_engine

from akimdesk.models import Base, load_all

load_all()  # batch mode reads the tables it rebuilds from the metadata
config = context.config
url = config.get_main_option("sqlalchemy.url")
assert url is not None, "storage/migrate.py sets the file's address"
engine = create_engine(url)
with engine.begin() as connection:
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # table rebuilds in batch mode
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    context.run_migrations()
engine.dispose()
