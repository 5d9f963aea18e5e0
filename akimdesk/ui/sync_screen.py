"""Sync: what is waiting to go to the district and when it last went."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget
from sqlalchemy import func, select

from akimdesk.i18n import N_, format_datetime
from akimdesk.i18n import _ as tr
from akimdesk.models import Meta, OutboxEntry
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
        with self.ctx.db.read() as s:
            n = s.scalar(
                select(func.count()).select_from(OutboxEntry).where(OutboxEntry.acked_at.is_(None))
            )
            last = s.get(Meta, "last_sync_at")
            server = s.get(Meta, "server_url")
        from datetime import datetime

        self.pending.setText(str(n))
        self.last.setText(
            format_datetime(datetime.fromisoformat(last.value)) if last else tr("never")
        )
        self.server.setText(server.value if server else tr("not linked yet"))

    def retranslate_ui(self, _lang: str | None = None) -> None:
        self.title.setText(tr("Sync with the district"))
        self.labels.retranslate()
        self.refresh()
