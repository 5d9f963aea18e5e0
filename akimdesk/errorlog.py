"""Errors nobody foresaw: the details go to a log file in the data folder, and the person reads
one plain line in their language saying where that file is, never a Python traceback."""

from __future__ import annotations

import tempfile
import traceback
from datetime import datetime
from pathlib import Path

from akimdesk import __version__
from akimdesk.i18n import _

LOG_NAME = "akimdesk-errors.log"
MAX_BYTES = 1_000_000  # then the file is kept as .1 and a new one begun

_folder: Path | None = None


def configure(data_dir: Path) -> None:
    global _folder
    _folder = data_dir / "logs"


def log_path() -> Path:
    return (_folder or Path(tempfile.gettempdir()) / "AkimDesk") / LOG_NAME


def record(exc: BaseException) -> Path:
    """Appends the error with its traceback to the log; returns the file written. If the data
    folder cannot be written (the error may be just that), the system's temporary folder."""
    text = "".join(traceback.format_exception(exc))
    entry = f"--- {datetime.now().isoformat(timespec='seconds')} AkimDesk {__version__}\n{text}\n"
    for path in (log_path(), Path(tempfile.gettempdir()) / "AkimDesk" / LOG_NAME):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists() and path.stat().st_size > MAX_BYTES:
                path.replace(path.with_suffix(".log.1"))
            with path.open("a", encoding="utf-8") as fh:
                fh.write(entry)
            return path
        except OSError:
            continue
    return log_path()


def message(path: Path) -> str:
    return _(
        "An unexpected error stopped the work; what was saved before it stays saved. "
        "The details are in {path}: send this file to the district's IT specialist."
    ).format(path=path)


def report(exc: BaseException) -> str:
    """Records `exc` and returns what to tell the person."""
    return message(record(exc))
