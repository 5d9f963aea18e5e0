"""One running window per data folder: an OS-level lock that dies with the process."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO


class AlreadyRunning(Exception):
    pass


class InstanceLock:
    def __init__(self, folder: Path) -> None:
        self.path = folder / "akimdesk.lock"
        self._fh: IO[str] | None = None

    def acquire(self) -> None:
        fh = self.path.open("a+")
        try:
            if sys.platform == "win32":  # mypy knows msvcrt only under this test
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            fh.close()
            raise AlreadyRunning(str(self.path)) from exc
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
