"""What is remembered outside the database: the language to speak before the file is open."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from akimdesk import i18n


def remembered_language(data_dir: Path) -> str:
    """The language to speak before the database is open (its own errors included)."""
    try:
        lang = json.loads((data_dir / "preferences.json").read_text("utf-8")).get("language")
    except (OSError, ValueError):
        lang = None
    return lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def remember_language(data_dir: Path, lang: str) -> None:
    # Only a convenience (the database keeps the setting too), so a failure is ignored.
    with contextlib.suppress(OSError):
        (data_dir / "preferences.json").write_text(json.dumps({"language": lang}), "utf-8")
