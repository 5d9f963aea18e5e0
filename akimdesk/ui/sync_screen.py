"""Sync: what waits to go to the district, the last success, progress, and what the server
refused, each with the ways a person can settle it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from akimdesk.i18n import N_, format_datetime, format_number
from akimdesk.i18n import _ as tr
from akimdesk.models import SyncRejection
from akimdesk.services import sync_status
from akimdesk.services.audit_labels import field_label
from akimdesk.services.errors import ValidationError
from akimdesk.storage.changes import SYNC
from akimdesk.sync import client, outbox, records, resolve
from akimdesk.sync.client import RoundResult
from akimdesk.sync.messages import entity_text, failure_text, rejection_text
from akimdesk.sync.transport import SyncFailure
from akimdesk.ui.common.columns import fit_columns
from akimdesk.ui.common.dialogs import ACCEPT, CANCEL, REJECT, EditDialog, dialog_buttons
from akimdesk.ui.common.forms import FieldErrors, Labels, error, info
from akimdesk.ui.common.tasks import failure_text as task_failure_text
from akimdesk.ui.common.tasks import run_task
from akimdesk.ui.context import AppContext
from akimdesk.ui.sync_controller import SyncController

STAGES = {
    "push": N_("Sending changes: {done} of {total}"),
    "refdata": N_("Receiving reference data: {done}"),
    "records": N_("Receiving the office's records: {done}"),
}
COLUMNS = (N_("When"), N_("Record"), N_("Reason"))


def reason_text(reason: str, field: str, entity: str = "") -> str:
    """The reason, and the field it concerns in words (the server names it by its key)."""
    text = rejection_text(reason)
    label = field_label(entity, field)
    return f"{text}: «{tr(label)}»" if label else text


class LinkDialog(EditDialog):
    """The district's server address and the token it gave for this office."""

    def __init__(self, parent: QWidget, url: str = "") -> None:
        super().__init__(parent)
        self.labels, self.errors = Labels(), FieldErrors()
        self.url, self.token = QLineEdit(url), QLineEdit()
        self.url.setObjectName("url")
        self.token.setObjectName("token")
        self.url.setMinimumWidth(420)
        form = QFormLayout()
        self.labels.row(form, N_("Server address"), self.errors.wrap("url", self.url))
        self.labels.row(form, N_("Token from the district"), self.errors.wrap("token", self.token))
        self.buttons = dialog_buttons(
            self, [(N_("Link"), ACCEPT, self._check), (CANCEL, REJECT, self.reject)]
        )
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.buttons)
        self.setWindowTitle(tr("Link to the district server"))
        self.labels.retranslate()

    def snapshot(self) -> tuple[str, str]:
        return self.url.text(), self.token.text()

    def save_changes(self) -> bool:
        self._check()
        return self.result() == QDialog.DialogCode.Accepted

    def _check(self) -> None:
        errors = client.validate_link(self.url.text(), self.token.text())
        self.errors.show(errors)
        if not errors:
            self.accept()


class SyncScreen(QWidget):
    def __init__(self, ctx: AppContext, controller: SyncController | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.controller = controller or SyncController(ctx.db, self)
        self.labels = Labels()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.pending, self.last, self.server, self.office = QLabel(), QLabel(), QLabel(), QLabel()
        self.pending.setObjectName("pending")
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.clock = QLabel()
        self.clock.setObjectName("clock")
        self.clock.setWordWrap(True)
        self.clock.setStyleSheet("color: #b00020; font-weight: bold;")
        form = QFormLayout()
        self.labels.row(form, N_("Changes waiting to be sent"), self.pending)
        self.labels.row(form, N_("Last successful sync"), self.last)
        self.labels.row(form, N_("District server"), self.server)
        self.labels.row(form, N_("Office at the district"), self.office)

        self.sync_button = QPushButton(objectName="sync_now")
        self.sync_button.clicked.connect(self.controller.sync_now)
        self.link_button = QPushButton(objectName="link")
        self.link_button.clicked.connect(self.link)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress_label = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.sync_button)
        buttons.addWidget(self.link_button)
        buttons.addStretch(1)

        self.rejected_title = QLabel()
        self.rejected_title.setStyleSheet("font-weight: bold;")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("rejections")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._update_actions)
        self.mine_button = QPushButton(objectName="keep_mine")
        self.theirs_button = QPushButton(objectName="take_theirs")
        self.renumber_button = QPushButton(objectName="renumber")
        self.dismiss_button = QPushButton(objectName="dismiss")
        self.mine_button.clicked.connect(lambda: self._resolve("mine"))
        self.theirs_button.clicked.connect(lambda: self._resolve("theirs"))
        self.renumber_button.clicked.connect(lambda: self._resolve("renumber"))
        self.dismiss_button.clicked.connect(lambda: self._resolve("dismiss"))
        actions = QHBoxLayout()
        for b in (self.mine_button, self.theirs_button, self.renumber_button, self.dismiss_button):
            actions.addWidget(b)
        actions.addStretch(1)
        # Records from the district this PC could not apply: they wait, the rest went in.
        self.aside_title = QLabel()
        self.aside_title.setStyleSheet("font-weight: bold;")
        self.aside = QTableWidget(0, len(COLUMNS))
        self.aside.setObjectName("set_aside")
        self.aside.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.aside.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.aside.verticalHeader().setVisible(False)

        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addLayout(form)
        lay.addWidget(self.clock)
        lay.addLayout(buttons)
        lay.addWidget(self.progress_label)
        lay.addWidget(self.progress)
        lay.addWidget(self.message)
        lay.addWidget(self.rejected_title)
        lay.addWidget(self.table, 1)
        lay.addLayout(actions)
        lay.addWidget(self.aside_title)
        lay.addWidget(self.aside, 1)

        self._rejections: list[SyncRejection] = []
        self.controller.started.connect(self._started)
        self.controller.progress.connect(self._progress)
        self.controller.finished.connect(self._finished)
        self.controller.failed.connect(self._failed)
        ctx.language.changed.connect(self.retranslate_ui)
        ctx.bus.subscribe(self, SYNC, self.refresh)
        self.retranslate_ui()

    # -- state ---------------------------------------------------------------------------
    def refresh(self) -> None:
        st = sync_status.status(self.ctx.db)
        self.pending.setText(format_number(st.pending))
        self.last.setText(format_datetime(st.last_success) if st.last_success else tr("never"))
        self.server.setText(st.server_url or tr("not linked yet"))
        self.office.setText(st.office_name or "—")
        self.sync_button.setEnabled(st.linked and not self.controller.running)
        self.clock.setVisible(st.clock_warning)
        if st.clock_warning:
            self.clock.setText(
                tr("This PC's clock is off by {minutes} minutes from the district server.").format(
                    minutes=round(abs(st.clock_skew_s or 0) / 60)
                )
                + " "
                + tr("Set the right date and time in Windows.")
            )
        with self.ctx.db.read() as s:
            self._rejections = outbox.open_rejections(s)
        self.table.setRowCount(len(self._rejections))
        for row, r in enumerate(self._rejections):
            values = (format_datetime(r.at), entity_text(r.entity), self._reason(r))
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
        fit_columns(self.table)
        self.rejected_title.setText(
            tr("Refused by the district server: {n}").format(n=format_number(len(self._rejections)))
        )
        with self.ctx.db.read() as s:
            waiting = records.set_aside(s)
        self.aside.setRowCount(len(waiting))
        for row, w in enumerate(waiting):
            values = (format_datetime(w.set_aside_at), entity_text(w.entity),
                      reason_text(w.reason, w.detail, w.entity))  # fmt: skip
            for col, value in enumerate(values):
                self.aside.setItem(row, col, QTableWidgetItem(value))
        fit_columns(self.aside)
        self.aside_title.setText(
            tr("Received from the district and set aside: {n}").format(
                n=format_number(len(waiting))
            )
        )
        self.aside_title.setVisible(bool(waiting))
        self.aside.setVisible(bool(waiting))
        self._update_actions()

    def _reason(self, r: SyncRejection) -> str:
        if r.reason == "number_taken" and r.detail:
            return f"{rejection_text(r.reason)}: {r.detail}"
        return reason_text(r.reason, r.detail, r.entity)

    def _selected(self) -> SyncRejection | None:
        rows = self.table.selectionModel().selectedRows()
        return self._rejections[rows[0].row()] if rows else None

    def _update_actions(self) -> None:
        r = self._selected()
        conflict = r is not None and r.reason == "conflict"
        # "Keep mine" sends this PC's current state again: after the clerk corrected a refused
        # record, or to win a conflict. A clash of numbers or another office's record cannot.
        self.mine_button.setEnabled(r is not None and r.reason not in ("number_taken", "not_yours"))
        self.theirs_button.setEnabled(conflict)
        self.renumber_button.setEnabled(r is not None and r.reason == "number_taken")
        self.dismiss_button.setEnabled(r is not None)

    # -- actions -------------------------------------------------------------------------
    def link(self) -> None:
        st = sync_status.status(self.ctx.db)
        dialog = LinkDialog(self, st.server_url or "")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        url, token = dialog.url.text().strip(), dialog.token.text().strip()

        def done(name: object) -> None:
            info(self, tr("Linked to the district server as: {office}").format(office=name))
            self.controller.sync_now()

        def failed(exc: Exception) -> None:
            text = (
                failure_text(exc.code) if isinstance(exc, SyncFailure) else task_failure_text(exc)
            )
            error(self, text)

        run_task(self, tr("Linking to the district server…"),
                 lambda _p: client.link(self.ctx.db, url, token), done, failed)  # fmt: skip

    def _resolve(self, how: str) -> None:
        r = self._selected()
        if r is None:
            return
        try:
            if how == "mine":
                resolve.keep_mine(self.ctx.db, self.ctx.actor, r.id)
            elif how == "theirs":
                self._take_theirs(r.id)  # fetches from the server: off the UI thread
                return
            elif how == "renumber":
                reason, ok = QInputDialog.getText(
                    self, tr("Change my case number"), tr("Reason for the change")
                )
                if not ok:
                    return
                number = resolve.renumber_mine(self.ctx.db, self.ctx.actor, r.id, reason)
                info(self, tr("This PC's case now has number {number}.").format(number=number))
            else:
                resolve.dismiss(self.ctx.db, self.ctx.actor, r.id)
        except ValidationError as exc:
            error(self, task_failure_text(exc))
            return
        except SyncFailure as exc:
            error(self, failure_text(exc.code))
            return
        if how != "dismiss":
            self.controller.sync_now()

    def _take_theirs(self, rejection_id: int) -> None:
        def done(_r: object) -> None:
            pass  # the register and this screen hear what the write changed

        def failed(exc: Exception) -> None:
            text = (
                failure_text(exc.code) if isinstance(exc, SyncFailure) else task_failure_text(exc)
            )
            error(self, text)

        run_task(
            self, tr("Connecting to the district server…"),
            lambda _p: resolve.take_theirs(self.ctx.db, self.ctx.actor, rejection_id), done, failed,
        )  # fmt: skip

    # -- round signals -------------------------------------------------------------------
    def _started(self) -> None:
        self.sync_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.message.setText("")
        self.progress_label.setText(tr("Connecting to the district server…"))

    def _progress(self, stage: str, done: int, total: int) -> None:
        if stage == "push" and total:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        else:
            self.progress.setRange(0, 0)
        text = STAGES.get(stage, "")
        self.progress_label.setText(
            tr(text).format(done=format_number(done), total=format_number(total)) if text else ""
        )

    def _finished(self, result: RoundResult) -> None:
        self.progress.setVisible(False)
        self.progress_label.setText("")
        self.message.setStyleSheet("")
        self.message.setText(
            tr("Sync finished: {sent} changes sent, {got} records and {ref} reference rows received.").format(
                sent=format_number(result.sent), got=format_number(result.records_applied),
                ref=format_number(result.refdata_rows),
            )
        )  # fmt: skip

    def _failed(self, code: str) -> None:
        self.progress.setVisible(False)
        self.progress_label.setText("")
        self.message.setStyleSheet("color: #b00020;")
        self.message.setText(failure_text(code))

    def retranslate_ui(self, _lang: str | None = None) -> None:
        self.title.setText(tr("Sync with the district"))
        self.labels.retranslate()
        self.sync_button.setText(tr("Sync now"))
        self.link_button.setText(tr("Link to the district server…"))
        self.mine_button.setText(tr("Keep my version"))
        self.theirs_button.setText(tr("Take the district's version"))
        self.renumber_button.setText(tr("Change my case number"))
        self.dismiss_button.setText(tr("Set aside"))
        for table in (self.table, self.aside):
            table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
            table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft)
        self.refresh()
