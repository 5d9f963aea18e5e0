"""Sync: what is waiting to go to the district and when it last went."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from akimdesk.i18n import N_, format_datetime
from akimdesk.i18n import _ as tr
from akimdesk.services import sync_status
from akimdesk.ui.common.forms import Labels
from akimdesk.ui.context import AppContext


class SyncScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.labels = Labels()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.pending, self.last, self.server = QLabel(), QLabel(), QLabel()
        self.pending.setObjectName("pending")
        form = QFormLayout()
        self.labels.row(form, N_("Changes waiting to be sent"), self.pending)
        self.labels.row(form, N_("Last successful sync"), self.last)
        self.labels.row(form, N_("District server"), self.server)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addLayout(form)
        lay.addStretch(1)
        ctx.language.changed.connect(self.retranslate_ui)
        ctx.bus.changed.connect(lambda _k: self.refresh())
        self.retranslate_ui()

    def refresh(self) -> None:
        sync = sync_status.status(self.ctx.db)
        self.pending.setText(str(sync.pending))
        self.last.setText(format_datetime(sync.last_success) if sync.last_success else tr("never"))
        self.server.setText(sync.server_url or tr("not linked yet"))

    def retranslate_ui(self, _lang: str | None = None) -> None:
        self.title.setText(tr("Sync with the district"))
        self.labels.retranslate()
        self.refresh()
