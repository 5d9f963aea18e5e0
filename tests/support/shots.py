"""Screenshots of real widgets for a person to look at: written to $AKIMDESK_SHOTS when set."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QApplication


def shot(widget, name: str) -> None:
    folder = os.environ.get("AKIMDESK_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        QApplication.processEvents()  # let layouts settle after errors were hidden
        widget.grab().save(str(Path(folder) / f"{name}.png"))
