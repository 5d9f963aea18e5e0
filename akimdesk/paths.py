"""Where things live: bundled assets (source tree or PyInstaller bundle) and the user's data."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "AkimDesk"
DB_FILENAME = "akimdesk.sqlite3"


def asset_path(*parts: str) -> Path:
    """A file under resources/, found the same way from source and inside a bundle."""
    base = getattr(sys, "_MEIPASS", None)
    root = Path(base) if base else Path(__file__).resolve().parent.parent
    return root.joinpath("resources", *parts)


def default_data_dir() -> Path:
    import platformdirs  # imported late: it is only needed when no folder is given

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def resolve_data_dir(arg: str | os.PathLike[str] | None = None) -> Path:
    if arg:
        return Path(arg).expanduser()
    env = os.environ.get("AKIMDESK_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return default_data_dir()
