"""MeetingTableModel: the meetings list, read in one query (2,000 meetings open at once)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from akimdesk.domain.assemblies import MEETING_KINDS, MeetingRules, quorum
from akimdesk.i18n import N_, format_date
from akimdesk.i18n import _ as tr
from akimdesk.services.assemblies import follow_up, meetings, queries
from akimdesk.services.assemblies.follow_up import FollowUp
from akimdesk.services.assemblies.queries import MeetingRow
from akimdesk.storage.database import Database
from akimdesk.ui.common.list_model import Index, ListTableModel

HEADERS = [N_("No."), N_("Date"), N_("Kind"), N_("Place"), N_("Present"), N_("Quorum"),
           N_("Items"), N_("Status"), N_("Needs action")]  # fmt: skip
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class MeetingTableModel(ListTableModel):
    HEADERS = HEADERS

    def __init__(self, db: Database, language: str = "kk") -> None:
        super().__init__()
        self.db, self.language = db, language
        self.year: int | None = None
        self.kind: str | None = None
        self.needs_action_only = False
        self._rows: list[MeetingRow] = []
        self._met: list[bool] = []
        self._follow: dict[uuid.UUID, FollowUp] = {}

    def reload(self) -> None:
        self.beginResetModel()
        with self.db.read() as s:
            self._rows = queries.rows(s, self.year, self.kind)
            rules = meetings.rules(s)
            self._follow = follow_up.follow_ups(s, date.today())
        if self.needs_action_only:
            self._rows = [r for r in self._rows if self._needs(r)]
        self._met = [
            quorum(r.kind, r.entitled, r.present,
                   MeetingRules(**r.signed_rules) if r.signed_rules else rules).met
            for r in self._rows
        ]  # fmt: skip
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._rows[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return str(row.id)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor("#fff4d6") if row.status == "draft" else None
        if role == Qt.ItemDataRole.ForegroundRole and col == 5 and not self._met[index.row()]:
            return QColor("#b00020")
        if role == Qt.ItemDataRole.ForegroundRole and col == 8:
            return QColor("#b00020")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == 0:
            return row.ref
        if col == 1:
            return format_date(row.meeting_date, self.language)
        if col == 2:
            return tr(MEETING_KINDS[row.kind])
        if col == 3:
            return row.place
        if col == 4:
            return f"{row.present} / {row.entitled}"
        if col == 5:
            return tr("yes") if self._met[index.row()] else tr("no")
        if col == 6:
            return str(row.items)
        if col == 8:
            return self._needs(row)
        return tr("signed") if row.status == "signed" else tr("draft")

    def _needs(self, row: MeetingRow) -> str:
        """What is late: publishing the signed minutes, the akim's consideration, or both."""
        f = self._follow.get(row.id)
        if f is None:
            return ""
        late = [tr("publish") if f.publish_late else "",
                tr("akim's consideration") if f.consider_late else ""]  # fmt: skip
        return ", ".join(x for x in late if x)

    def meeting_id(self, row: int) -> uuid.UUID:
        return self._rows[row].id

    def totals(self) -> tuple[int, int]:
        return len(self._rows), sum(1 for r in self._rows if r.status == "signed")
