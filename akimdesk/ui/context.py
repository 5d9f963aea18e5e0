"""What every screen is given: the database, who is acting, language and change signals.

Passed explicitly to screens instead of a global main window reached from everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from akimdesk.services.operation import Actor
from akimdesk.storage.database import Database
from akimdesk.ui.language import LanguageController


class ChangeBus(QObject):
    """Screens refresh only on what concerns them: the signal carries the entity kind."""

    changed = Signal(str)


@dataclass
class AppContext:
    db: Database
    actor: Actor
    data_dir: Path
    language: LanguageController
    bus: ChangeBus
    offer_demo: bool = False
