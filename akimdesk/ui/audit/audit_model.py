"""AuditTableModel: the audit log newest first, fetched a page at a time as the person scrolls."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from akimdesk.i18n import N_, format_datetime
from akimdesk.i18n import _ as tr
from akimdesk.services import audit_log
from akimdesk.services.audit_labels import ACTIONS, ENTITIES
from akimdesk.services.audit_log import AuditFilter, AuditRow
from akimdesk.services.operation import Actor
from akimdesk.storage.database import Database
from akimdesk.ui.common.list_model import Index, ListTableModel

HEADERS = [N_("No."), N_("When"), N_("Who"), N_("Action"), N_("Record"), N_("Reason")]
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def action_text(action: str) -> str:
    return tr(ACTIONS[action]) if action in ACTIONS else action


def entity_text(entity: str) -> str:
    return tr(ENTITIES[entity]) if entity in ENTITIES else entity


class AuditTableModel(ListTableModel):
    HEADERS = HEADERS

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        audit_log.require_view(actor)
        self.db = db
        self.filter = AuditFilter()
        self._rows: list[AuditRow] = []
        self._more = False

    def reload(self, flt: AuditFilter | None = None) -> None:
        if flt is not None:
            self.filter = flt
        self.beginResetModel()
        with self.db.read() as s:
            self._rows = audit_log.page(s, self.filter)
        self._more = len(self._rows) == audit_log.PAGE
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self._rows:
            return
        with self.db.read() as s:
            more = audit_log.page(s, self.filter, before_id=self._rows[-1].id)
        self._more = len(more) == audit_log.PAGE
        if more:
            n = len(self._rows)
            self.beginInsertRows(QModelIndex(), n, n + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    def row(self, i: int) -> AuditRow:
        return self._rows[i]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self._rows[index.row()]
        if role == ID_ROLE:
            return row.id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        col = index.column()
        if col == 0:
            return str(row.id)
        if col == 1:
            return format_datetime(row.at)
        if col == 2:
            return row.user
        if col == 3:
            return action_text(row.action)
        if col == 4:
            title = f" {row.title}" if row.title else ""
            return entity_text(row.entity) + title
        return row.reason
