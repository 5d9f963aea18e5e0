"""Registers that arrive in later releases: the navigation shows them, honestly empty."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from akimdesk.i18n import N_
from akimdesk.i18n import _ as tr
from akimdesk.ui.context import AppContext

TEXTS = {
    "property": N_(
        "The communal property register (assets, leases, inventory campaigns) "
        "comes in the next release of AkimDesk."
    ),
    "assemblies": N_(
        "The register of gatherings and assemblies (members, attendance, votes, minutes) "
        "comes in the next release of AkimDesk."
    ),
}


class PendingScreen(QWidget):
    def __init__(self, ctx: AppContext, key: str) -> None:
        super().__init__()
        self.key = key
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay = QVBoxLayout(self)
        lay.addWidget(self.label)
        ctx.language.changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    def retranslate_ui(self, _lang: str | None = None) -> None:
        self.label.setText(tr(TEXTS[self.key]))
