"""Opening the database file: checks, a copy before migrating, pragmas, sessions.

Durability: WAL with synchronous=FULL, so a transaction reported as committed has been fsynced to
the WAL and survives a power cut (NORMAL would only protect against corruption, not loss).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

from akimdesk.i18n import _
from akimdesk.paths import DB_FILENAME
from akimdesk.storage import changes

# Alembic revisions this build knows, oldest first. A test checks this against the scripts, so
# start-up can tell "up to date" without importing Alembic.
REVISIONS = (
    "0001", "0002", "0003", "0004", "0005", "0006", "0007", "0011", "0009", "0008", "0010", "0012", "0013",
)  # fmt: skip
HEAD = REVISIONS[-1]
BUSY_TIMEOUT_MS = 5000


class StartupError(Exception):
    """A problem with the data folder the person must be told about; the data is left as it was."""

    def __init__(self, code: str, path: Path, detail: str = "") -> None:
        super().__init__(f"{code}: {path} {detail}")
        self.code, self.path, self.detail = code, path, detail

    def message(self) -> str:
        texts = {
            "not_writable": _(
                "The data folder cannot be written to:\n{path}\n"
                "Choose another folder or ask the administrator for access."
            ),
            "corrupt": _(
                "The database file is damaged and cannot be opened:\n{path}\n"
                "It has not been changed. Restore it from a backup copy."
            ),
            "newer": _(
                "The database was made by a newer version of AkimDesk:\n{path}\n"
                "Install the newer version; this one will not change the file."
            ),
            "locked": _(
                "AkimDesk is already running with this data folder:\n{path}\n"
                "Switch to the open window."
            ),
            "migration": _(
                "The database could not be upgraded:\n{path}\n"
                "The file is as it was; a copy was saved beside it."
            ),
        }
        return texts[self.code].format(path=self.path)


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" hook below issues BEGIN itself
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
    # Writers take the lock at BEGIN so the busy timeout applies, instead of failing on upgrade.
    mode = "IMMEDIATE" if conn.get_execution_options().get("immediate") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}", connect_args={"check_same_thread": False}, json_serializer=json_text
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def json_text(value: Any) -> str:
    """A JSON column's text, by orjson: an import writes some 90,000 JSON values (its records'
    outbox payloads), and json.dumps took a twentieth of its time. json for what orjson does
    not take (a number past 64 bits, a lone surrogate); both read back the same."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(value)


class Database:
    def __init__(self, path: Path, engine: Engine | None = None) -> None:
        self.path = path
        self.engine = engine or make_engine(path)
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(
            self.engine.execution_options(immediate=True), expire_on_commit=False
        )
        changes.track(self._writer)
        # Told, after each committed write, what kinds of records it changed (storage/changes.py).
        self.changes = changes.ChangeFeed()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error. Once committed,
        what it changed is announced on `self.changes`; a rolled-back write announces nothing."""
        with self._writer() as session:
            with session.begin():
                yield session
            done = changes.take(session)
        self.changes.announce(done)

    def close(self) -> None:
        self.engine.dispose()


def _check_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".write-test-")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise StartupError("not_writable", folder, str(exc)) from exc


def _current_revision(path: Path) -> str | None:
    """Reads the revision with plain sqlite3, read-only, so a bad file is never touched."""
    with path.open("rb") as fh:
        header = fh.read(16)
    if header and header != b"SQLite format 3\x00":
        raise StartupError("corrupt", path, "not an SQLite file")
    if not header:
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            conn.execute("PRAGMA schema_version").fetchone()
            has = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
            ).fetchone()
            row = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone() if has else None
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StartupError("corrupt", path, str(exc)) from exc
    return row[0] if row else None


def backup_before_migration(path: Path, revision: str | None) -> Path:
    """A consistent copy with SQLite's backup API (the WAL is included)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.before-{HEAD}.from-{revision}.{stamp}{path.suffix}")
    src = sqlite3.connect(path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def open_database(folder: Path, *, migrate: bool = True) -> Database:
    """Opens (creating or upgrading) the database in `folder`, or raises StartupError."""
    _check_writable(folder)
    path = folder / DB_FILENAME
    revision = _current_revision(path) if path.exists() else None
    if revision is not None and revision not in REVISIONS:
        raise StartupError("newer", path, revision)
    if revision != HEAD and migrate:
        copy = backup_before_migration(path, revision) if revision is not None else None
        try:
            from akimdesk.storage.migrate import upgrade

            upgrade(path)
        except Exception as exc:
            if copy is not None:
                shutil.copyfile(copy, path)  # the file goes back to what it was
            raise StartupError("migration", path, str(exc)) from exc
    db = Database(path)
    try:
        with db.read() as s:
            s.execute(text("SELECT count(*) FROM office")).scalar_one()
    except Exception as exc:
        db.close()
        raise StartupError("corrupt", path, str(exc)) from exc
    return db
