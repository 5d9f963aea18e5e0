"""Backups: SQLite's online backup while the app runs, kept 7 daily and 4 weekly in a folder the
person picks (a USB stick), and a restore that keeps the replaced file and starts a new sync
epoch so the district recognises what it already has."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from akimdesk.i18n import Msg, msg
from akimdesk.paths import DB_FILENAME
from akimdesk.storage.database import REVISIONS, Database, StartupError, open_database

PREFIX = "akimdesk-"
SUFFIX = ".sqlite3"
LAST_BACKUP = "last_backup_at"  # Meta key: when the last automatic or manual backup was made
KEEP_DAILY, KEEP_WEEKLY = 7, 4
Progress = Callable[[int, int], None]  # pages done, pages in all


class BackupError(Exception):
    def __init__(self, message: Msg) -> None:
        super().__init__(str(message))
        self.message = message


def default_folder(db: Database) -> Path:
    return db.path.parent / "backups"


def folder_problem(folder: str) -> Msg | None:
    """Why backups cannot go to `folder`, or None: checked when the person chooses it, so an
    unplugged or read-only stick is said at once, not found out after weeks without copies."""
    import tempfile

    path = Path(folder).expanduser()
    if not path.is_absolute():
        return msg("Choose a folder with its full path, e.g. E:\\AkimDesk.")
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".write-test-"):
            pass
    except OSError as exc:
        return msg("Backups cannot be written to this folder: {reason}", reason=exc.strerror or exc)
    return None


def backup_to(db: Database, target: Path, progress: Progress | None = None) -> Path:
    """A consistent copy of the live database (the WAL included), written beside the target and
    renamed into place, so a pulled USB stick never leaves a half file under the real name."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        dst = sqlite3.connect(partial)
        raw = db.engine.raw_connection()
        try:
            raw.driver_connection.backup(  # type: ignore[union-attr]
                dst,
                pages=4096,  # 16 MB steps: other connections may read and write in between
                progress=(lambda _s, left, total: progress(total - left, total))
                if progress
                else None,
            )
        finally:
            raw.close()
            dst.close()
        partial.replace(target)
    except OSError as exc:
        raise BackupError(
            msg("The backup could not be written: {reason}", reason=str(exc))
        ) from exc
    _remember(db)
    return target


def _remember(db: Database) -> None:
    from akimdesk.models import Meta

    with db.write() as s:
        row = s.get(Meta, LAST_BACKUP)
        now = datetime.now(UTC).replace(tzinfo=None, microsecond=0).isoformat()
        if row is None:
            s.add(Meta(key=LAST_BACKUP, value=now))
        else:
            row.value = now


def last_backup(db: Database) -> datetime | None:
    from akimdesk.models import Meta

    with db.read() as s:
        row = s.get(Meta, LAST_BACKUP)
        return datetime.fromisoformat(row.value) if row else None


def automatic(
    db: Database, folder: Path | str | None, now: datetime | None = None,
    progress: Progress | None = None,
) -> Path:  # fmt: skip
    """The backup taken on exit and once a day, then the folder rotated."""
    now = now or datetime.now()
    folder = Path(folder) if folder else default_folder(db)
    path = backup_to(db, folder / f"{PREFIX}{now:%Y%m%d-%H%M%S}{SUFFIX}", progress)
    rotate(folder)
    return path


def _stamp(path: Path) -> datetime | None:
    name = path.name
    if not (name.startswith(PREFIX) and name.endswith(SUFFIX)):
        return None
    try:
        return datetime.strptime(name[len(PREFIX) : -len(SUFFIX)], "%Y%m%d-%H%M%S")
    except ValueError:
        return None


def rotate(folder: Path) -> list[Path]:
    """Keeps the newest backup of each of the last 7 days that have one, and of each of the 4
    weeks before; removes the other automatic backups (files named otherwise are left alone)."""
    found = sorted(((s, p) for p in folder.glob(f"{PREFIX}*{SUFFIX}") if (s := _stamp(p))),
                   reverse=True)  # fmt: skip
    keep: set[Path] = set()
    days: list[date] = []
    weeks: list[tuple[int, int]] = []
    for stamp, path in found:
        day = stamp.date()
        if day not in days and len(days) < KEEP_DAILY:
            days.append(day)
            keep.add(path)
            continue
        week = tuple(stamp.isocalendar())[:2]
        if day not in days and week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks.append(week)  # type: ignore[arg-type]
            keep.add(path)
    removed = []
    for _, path in found:
        if path not in keep:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@dataclass
class Restored:
    replaced: Path | None  # where the file that was replaced was kept


def check_file(path: Path) -> None:
    """A backup must be an SQLite file this version knows, and sound."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(msg("This is not an AkimDesk backup: {reason}", reason=str(exc))) from exc
    if ok != "ok":
        raise BackupError(msg("The backup file is damaged: {reason}", reason=ok))
    if revision not in REVISIONS:
        raise BackupError(msg("The backup was made by a newer version of AkimDesk."))


def restore(data_dir: Path, source: Path) -> Restored:
    """Replaces the database in `data_dir` with `source`. The app must not be running on it (the
    caller holds the instance lock). The replaced file is kept beside, renamed."""
    source = Path(source)
    check_file(source)
    data_dir.mkdir(parents=True, exist_ok=True)
    current = data_dir / DB_FILENAME
    replaced = None
    if current.exists():
        # Fold the WAL into the file first, so the kept copy is one whole file.
        conn = sqlite3.connect(current)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        replaced = current.with_name(f"akimdesk.replaced-{datetime.now():%Y%m%d-%H%M%S}{SUFFIX}")
        current.replace(replaced)
        for extra in ("-wal", "-shm"):
            Path(str(current) + extra).unlink(missing_ok=True)
    partial = current.with_name(current.name + ".restoring")
    shutil.copyfile(source, partial)
    partial.replace(current)
    try:
        db = open_database(data_dir)  # migrates an older backup, with its own copy first
    except StartupError:
        if replaced is not None:
            replaced.replace(current)  # give back what was there
        raise
    try:
        from akimdesk.services.operation import Actor, operation
        from akimdesk.sync import state

        with operation(db, Actor.system_user(), "backup.restore", str(source), outbox=False) as op:
            old = state.get(op.session, state.EPOCH)
            new = state.start_new_epoch(op.session)
            op.note("meta", "epoch", {"epoch": old}, {"epoch": str(new), "source": source.name})
    finally:
        db.close()
    return Restored(replaced)


def is_stale(db: Database, days: int, now: datetime | None = None) -> bool:
    last = last_backup(db)
    now = now or datetime.now(UTC).replace(tzinfo=None)
    return last is None or now - last > timedelta(days=days)
