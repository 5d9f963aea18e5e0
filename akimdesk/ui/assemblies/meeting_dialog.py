"""One meeting: details, attendance with the quorum shown live, the agenda, signing, addenda,
printing and publishing. A signed meeting opens read-only."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from akimdesk.domain.assemblies import MEETING_KINDS, Quorum, quorum
from akimdesk.i18n import N_, format_date, format_datetime
from akimdesk.i18n import _ as tr
from akimdesk.services import refdata
from akimdesk.services.assemblies import meetings, publish, queries
from akimdesk.services.assemblies import members as member_service
from akimdesk.services.assemblies.queries import MeetingView
from akimdesk.services.assemblies.validation import MeetingInput
from akimdesk.services.errors import ValidationError
from akimdesk.ui.assemblies.agenda_editor import AgendaEditor, text_box
from akimdesk.ui.common.action_dialog import ActionDialog, Field
from akimdesk.ui.common.columns import fit_columns
from akimdesk.ui.common.dialogs import EditDialog, fit_to_screen
from akimdesk.ui.common.forms import (
    FieldErrors,
    Labels,
    date_edit,
    info,
    limit,
    line,
    read_date,
    set_combo_data,
)
from akimdesk.ui.context import AppContext

MEMBER_ROLE = Qt.ItemDataRole.UserRole + 1


def _expanding(box: QWidget) -> QWidget:
    """A list with its error label under it takes the height of the tab."""
    box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
    return box


class MeetingDialog(EditDialog):
    def __init__(self, ctx: AppContext, meeting_id: uuid.UUID | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.meeting_id = ctx, meeting_id
        self.view: MeetingView | None = None
        self.item_id: uuid.UUID | None = None
        with ctx.db.read() as s:
            self.rules = meetings.rules(s)
        self.labels, self.errors = Labels(), FieldErrors()
        self.header = QLabel()
        self.header.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.header.setWordWrap(True)  # "signed on … by …" is long in Kazakh
        self.quorum_label = QLabel()
        self.quorum_label.setObjectName("quorum")
        self.quorum_label.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._details_tab(), "")
        self.tabs.addTab(self._attendance_tab(), "")
        self.tabs.addTab(self._agenda_tab(), "")
        self.tabs.addTab(self._addenda_tab(), "")

        self.buttons = {
            name: QPushButton()
            for name in ("minutes", "sheet", "extract", "publish", "sign", "save", "close")
        }
        for name, b in self.buttons.items():
            b.setObjectName(f"meeting_{name}")
        self.buttons["minutes"].clicked.connect(lambda: self.print_document("minutes"))
        self.buttons["sheet"].clicked.connect(lambda: self.print_document("attendance-sheet"))
        self.buttons["extract"].clicked.connect(lambda: self.print_document("decision-extract"))
        self.buttons["publish"].clicked.connect(self.publish)
        self.buttons["sign"].clicked.connect(self.sign)
        self.buttons["save"].clicked.connect(self.save)
        self.buttons["close"].clicked.connect(self.reject)  # asks first when something changed
        bottom = QHBoxLayout()
        for name in ("minutes", "sheet", "extract", "publish"):
            bottom.addWidget(self.buttons[name])
        bottom.addStretch(1)
        for name in ("sign", "save", "close"):
            bottom.addWidget(self.buttons[name])
        lay = QVBoxLayout(self)
        lay.addWidget(self.header)
        lay.addWidget(self.quorum_label)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.errors.general)
        lay.addLayout(bottom)
        ctx.language.changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self.reload()
        fit_to_screen(self, 1180, 800)

    # --- tabs ---------------------------------------------------------------------------
    def _details_tab(self) -> QWidget:
        self.kind = QComboBox()
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.meeting_date = date_edit()
        self.meeting_date.changed.connect(lambda: self._reload_members())
        self.start_time = line("10:00", 5)
        self.place = line(max_len=300)
        self.convened_by = line(max_len=300)
        self.chair, self.secretary = QComboBox(), QComboBox()
        for combo in (self.chair, self.secretary):
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.invited = text_box(70)
        self.settlement = QComboBox()
        self.scope = line(max_len=300)
        form = QFormLayout()
        self.gathering_rows: list[QWidget] = []
        for name, msgid, widget in [
            ("kind", N_("Kind of meeting"), self.kind),
            ("meeting_date", N_("Date"), self.meeting_date),
            ("start_time", N_("Time"), self.start_time),
            ("place", N_("Place"), self.place),
            ("convened_by", N_("Convened by"), self.convened_by),
            ("chair", N_("Chair"), self.chair),
            ("secretary", N_("Secretary"), self.secretary),
            ("invited", N_("Invited (one per line)"), self.invited),
            ("settlement_id", N_("Settlement of the gathering"), self.settlement),
            ("scope", N_("Street or building (separate gathering)"), self.scope),
        ]:
            widget.setObjectName(name)
            limit(widget, "meeting", name)
            box = self.errors.wrap(name, widget)
            label = self.labels.label(msgid)
            form.addRow(label, box)
            if name in ("settlement_id", "scope"):
                self.gathering_rows += [label, box]
        page = QWidget()
        page.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        return scroll

    def _attendance_tab(self) -> QWidget:
        self.attendance = QListWidget()
        self.attendance.setObjectName("attendance_list")
        self.attendance.setStyleSheet("QListWidget::item { padding: 5px; }")  # easy to tick
        self.attendance.itemChanged.connect(lambda _i: self.refresh_quorum())
        self.all_present, self.none_present = QPushButton(), QPushButton()
        self.all_present.setObjectName("all_present")
        self.all_present.clicked.connect(lambda: self._mark_all(True))
        self.none_present.clicked.connect(lambda: self._mark_all(False))
        assembly = QWidget()
        a = QVBoxLayout(assembly)
        row = QHBoxLayout()
        row.addWidget(self.all_present)
        row.addWidget(self.none_present)
        row.addStretch(1)
        a.addLayout(row)
        a.addWidget(_expanding(self.errors.wrap("attendance", self.attendance)), 1)
        self.entitled, self.present = QSpinBox(), QSpinBox()
        for name, box in (
            ("residents_entitled", self.entitled),
            ("residents_present", self.present),
        ):
            box.setObjectName(name)
            box.setRange(0, 1_000_000)
            box.setGroupSeparatorShown(True)
            box.valueChanged.connect(lambda _v: self.refresh_quorum())
        gathering = QWidget()
        g = QFormLayout(gathering)
        self.labels.row(
            g,
            N_("Residents entitled to take part"),
            self.errors.wrap("residents_entitled", self.entitled),
        )
        self.labels.row(
            g, N_("Residents present"), self.errors.wrap("residents_present", self.present)
        )
        self.attendance_stack = QStackedWidget()
        self.attendance_stack.addWidget(assembly)
        self.attendance_stack.addWidget(gathering)
        return self.attendance_stack

    def _agenda_tab(self) -> QWidget:
        self.items = QListWidget()
        self.items.setObjectName("agenda_list")
        self.items.setWordWrap(True)
        self.items.currentRowChanged.connect(self._item_selected)
        self.item_buttons = {name: QPushButton() for name in ("new", "up", "down", "withdraw")}
        for name, b in self.item_buttons.items():
            b.setObjectName(f"item_{name}")
        self.item_buttons["new"].clicked.connect(self._new_item)
        self.item_buttons["up"].clicked.connect(lambda: self._move(-1))
        self.item_buttons["down"].clicked.connect(lambda: self._move(1))
        self.item_buttons["withdraw"].clicked.connect(self._withdraw)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(_expanding(self.errors.wrap("items", self.items)), 1)
        row = QHBoxLayout()
        for b in self.item_buttons.values():
            row.addWidget(b)
        ll.addLayout(row)
        self.editor = AgendaEditor(self.current_quorum, self.rules)
        self.editor.save_requested.connect(self.save_item)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.editor)
        self.agenda_hint = QLabel()
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(scroll)
        split.setSizes([330, 800])
        page = QWidget()
        pl = QVBoxLayout(page)
        pl.addWidget(self.agenda_hint)
        pl.addWidget(split, 1)
        return page

    def _addenda_tab(self) -> QWidget:
        self.addenda = QTableWidget(0, 5)
        self.addenda.setObjectName("addenda")
        self.addenda.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.addenda.verticalHeader().hide()
        self.addenda.horizontalHeader().setStretchLastSection(True)
        self.add_addendum = QPushButton()
        self.add_addendum.setObjectName("add_addendum")
        self.add_addendum.clicked.connect(self._add_addendum)
        page = QWidget()
        lay = QVBoxLayout(page)
        self.addenda_hint = QLabel()
        self.addenda_hint.setWordWrap(True)
        lay.addWidget(self.addenda_hint)
        lay.addWidget(self.addenda, 1)
        lay.addWidget(self.add_addendum, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    # --- loading ------------------------------------------------------------------------
    def reload(self) -> None:
        self.view = queries.load(self.ctx.db, self.meeting_id) if self.meeting_id else None
        lang = self.ctx.language.current
        with self.ctx.db.read() as s:
            places = [(p.name(lang), p.id) for p in refdata.settlements(s)]
        self.settlement.clear()
        self.settlement.addItem("—", None)
        for name, pid in places:
            self.settlement.addItem(name, pid)
        m = self.view.meeting if self.view else None
        set_combo_data(self.kind, m.kind if m else "assembly")
        if m:
            self.meeting_date.set_value(m.meeting_date)
        self.start_time.setText(m.start_time if m else "10:00")
        self.place.setText(m.place if m else "")
        self.convened_by.setText(m.convened_by if m else tr("Akim of the rural district"))
        self.invited.setPlainText(m.invited if m else "")
        set_combo_data(self.settlement, m.settlement_id if m else None)
        self.scope.setText(m.scope if m else "")
        self.entitled.setValue(m.residents_entitled if m else 0)
        self.present.setValue(m.residents_present if m else 0)
        self._reload_members()
        self.chair.setCurrentText(m.chair if m else "")
        self.secretary.setCurrentText(m.secretary if m else "")
        self._fill_items()
        self._fill_addenda()
        self._kind_changed()
        self._apply_state()
        self.mark_clean()

    def _reload_members(self) -> None:
        """The members active on the meeting day, ticked as saved (or as ticked just now)."""
        day = read_date(self.meeting_date)
        ticked = {
            self.attendance.item(i).data(MEMBER_ROLE): self.attendance.item(i).checkState()
            for i in range(self.attendance.count())
        }
        saved = {str(mm.id): here for mm, here in self.view.members} if self.view else {}
        with self.ctx.db.read() as s:
            people = member_service.active_on(s, day) if day else []
            names = [p.full_name for p in people]
        self.attendance.blockSignals(True)
        self.attendance.clear()
        for person in people:
            item = QListWidgetItem(person.full_name)
            item.setData(MEMBER_ROLE, str(person.id))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            state = ticked.get(str(person.id))
            if state is None:
                state = (
                    Qt.CheckState.Checked if saved.get(str(person.id)) else Qt.CheckState.Unchecked
                )
            item.setCheckState(state)
            self.attendance.addItem(item)
        self.attendance.blockSignals(False)
        for combo in (self.chair, self.secretary):
            text = combo.currentText()
            combo.clear()
            combo.addItems(names)
            combo.setCurrentText(text)
        self.refresh_quorum()

    def _fill_items(self) -> None:
        current = self.item_id
        self.items.blockSignals(True)
        self.items.clear()
        if self.view:
            for item, o in self.view.items:
                mark = (
                    "✓" if o.adopted else ("!" if o.without_quorum else ("✗" if o.voted else "·"))
                )
                row = QListWidgetItem(
                    f"{item.position}. {item.title(self.ctx.language.current)}  {mark}"
                )
                row.setData(MEMBER_ROLE, str(item.id))
                self.items.addItem(row)
        self.items.blockSignals(False)
        ids = [self.items.item(i).data(MEMBER_ROLE) for i in range(self.items.count())]
        if current and str(current) in ids:
            self.items.setCurrentRow(ids.index(str(current)))
        elif ids:
            self.items.setCurrentRow(0)
        else:
            self._new_item()

    def _fill_addenda(self) -> None:
        rows = self.view.addenda if self.view else []
        self.addenda.setRowCount(len(rows))
        lang = self.ctx.language.current
        for r, a in enumerate(rows):
            for c, value in enumerate(
                (str(a.seq), format_date(a.on_date, lang), a.author, a.reason, a.text)
            ):
                self.addenda.setItem(r, c, QTableWidgetItem(value))
        fit_columns(self.addenda)

    def _apply_state(self) -> None:
        saved = self.view is not None
        signed = bool(self.view and self.view.meeting.signed)
        for w in (self.kind, self.meeting_date, self.chair, self.secretary, self.settlement,
                  self.all_present, self.none_present, self.entitled, self.present):  # fmt: skip
            w.setEnabled(not signed)
        for w in (self.start_time, self.place, self.convened_by, self.scope):
            w.setReadOnly(signed)
        self.invited.setReadOnly(signed)
        self.attendance.setEnabled(not signed)
        for b in self.item_buttons.values():
            b.setEnabled(saved and not signed)
        self.editor.setEnabled(saved)
        self.editor.set_read_only(signed or not saved)
        self.buttons["save"].setEnabled(not signed)
        self.buttons["sign"].setEnabled(saved and not signed and self.ctx.actor.may("meeting.sign"))
        self.buttons["publish"].setEnabled(signed)
        for name in ("minutes", "sheet", "extract"):
            self.buttons[name].setEnabled(saved)
        self.add_addendum.setEnabled(signed)
        self.agenda_hint.setVisible(not saved)
        self.retranslate_header()

    # --- live quorum --------------------------------------------------------------------
    def current_quorum(self) -> Quorum:
        kind = self.kind.currentData() or "assembly"
        if kind == "assembly":
            ticks = [self.attendance.item(i).checkState() for i in range(self.attendance.count())]
            present = sum(1 for t in ticks if t == Qt.CheckState.Checked)
            return quorum(kind, len(ticks), present, self.rules)
        return quorum(kind, self.entitled.value(), self.present.value(), self.rules)

    def refresh_quorum(self) -> None:
        q = self.current_quorum()
        who = (
            tr("members")
            if (self.kind.currentData() or "assembly") == "assembly"
            else tr("residents")
        )
        text = tr("Present: {present} of {total} {who}. Quorum: {required} needed — ").format(
            present=q.present, total=q.eligible, who=who, required=q.required
        )
        text += tr("there is a quorum.") if q.met else tr("NO QUORUM.")
        self.quorum_label.setText(text)
        color = "#1b6e20" if q.met else "#b00020"
        self.quorum_label.setStyleSheet(f"font-size: 11pt; font-weight: bold; color: {color};")
        self.editor.refresh_outcome()

    def _mark_all(self, present: bool) -> None:
        state = Qt.CheckState.Checked if present else Qt.CheckState.Unchecked
        self.attendance.blockSignals(True)
        for i in range(self.attendance.count()):
            self.attendance.item(i).setCheckState(state)
        self.attendance.blockSignals(False)
        self.refresh_quorum()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData() or "assembly"
        self.attendance_stack.setCurrentIndex(0 if kind == "assembly" else 1)
        for w in self.gathering_rows:
            w.setVisible(kind != "assembly")
        self.refresh_quorum()

    # --- actions ------------------------------------------------------------------------
    def data(self) -> MeetingInput:
        return MeetingInput(
            kind=self.kind.currentData(), meeting_date=read_date(self.meeting_date),
            start_time=self.start_time.text().strip(), place=self.place.text(),
            convened_by=self.convened_by.text(), chair=self.chair.currentText(),
            secretary=self.secretary.currentText(), invited=self.invited.toPlainText(),
            settlement_id=self.settlement.currentData(), scope=self.scope.text(),
            residents_entitled=self.entitled.value(), residents_present=self.present.value(),
        )  # fmt: skip

    def _marks(self) -> dict[uuid.UUID, bool]:
        return {
            uuid.UUID(self.attendance.item(i).data(MEMBER_ROLE)):
                self.attendance.item(i).checkState() == Qt.CheckState.Checked
            for i in range(self.attendance.count())
        }  # fmt: skip

    def _show_errors(self, errors: dict[str, Any]) -> None:
        self.errors.show(errors)
        for name in errors:
            label = self.errors.labels.get(name)
            if label is None:
                continue
            for i in range(self.tabs.count()):
                if self.tabs.widget(i).isAncestorOf(label):
                    self.tabs.setCurrentIndex(i)
                    return

    def save(self) -> bool:
        if self.errors.refuse_unreadable():
            return False
        db, actor = self.ctx.db, self.ctx.actor
        try:
            if self.meeting_id is None:
                self.meeting_id, _ref = meetings.create_meeting(db, actor, self.data())
            else:
                meetings.update_meeting(db, actor, self.meeting_id, self.data())
            if self.kind.currentData() == "assembly" and self.attendance.count():
                meetings.set_attendance(db, actor, self.meeting_id, self._marks())
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return False
        self.errors.clear()
        self.reload()
        return True

    def save_item(self) -> None:
        if self.meeting_id is None:
            return
        try:
            self.item_id = meetings.save_item(
                self.ctx.db, self.ctx.actor, self.meeting_id, self.item_id, self.editor.data()
            )
        except ValidationError as exc:
            self.editor.errors.show(exc.errors)
            return
        self.editor.errors.clear()
        self.reload()

    def _item_selected(self, row: int) -> None:
        if not self.view or row < 0 or row >= len(self.view.items):
            return
        item = self.view.items[row][0]
        self.item_id = item.id
        self.editor.load(item)
        self.editor.set_read_only(self.view.meeting.signed)

    def _new_item(self) -> None:
        self.item_id = None
        self.items.clearSelection()
        self.editor.clear()
        self.editor.set_read_only(bool(self.view is None or self.view.meeting.signed))

    def _move(self, delta: int) -> None:
        if self.item_id:
            meetings.move_item(self.ctx.db, self.ctx.actor, self.item_id, delta)
            self.reload()

    def _withdraw(self) -> None:
        if not self.item_id:
            return
        answer = QMessageBox.question(
            self, "AkimDesk", tr("Take this item off the draft agenda? It stays in the history.")
        )
        if answer == QMessageBox.StandardButton.Yes:
            meetings.withdraw_item(self.ctx.db, self.ctx.actor, self.item_id)
            self.item_id = None
            self.reload()

    def sign(self) -> None:
        if not self.save() or self.meeting_id is None:
            return
        answer = QMessageBox.question(
            self, tr("Sign the minutes"),
            tr("Once signed, the minutes can no longer be edited; corrections are made by addenda. Sign now?"),
        )  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            meetings.sign(self.ctx.db, self.ctx.actor, self.meeting_id)
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return
        self.reload()

    def _add_addendum(self) -> None:
        meeting_id = self.meeting_id
        if meeting_id is None:
            return

        def submit(values: dict[str, Any]) -> None:
            meetings.add_addendum(
                self.ctx.db, self.ctx.actor, meeting_id, values["reason"], values["text"]
            )

        dialog = ActionDialog(
            self, tr("Addendum to the signed minutes"),
            [Field("reason", N_("Reason"), "reason", limit="meeting_addendum.reason"),
             Field("text", N_("Text of the addendum"), "reason", limit="meeting_addendum.text")],
            submit, tr("The signed minutes stay as they are; the addendum is printed with them."),
        )  # fmt: skip
        if dialog.exec():
            self.reload()
            self.tabs.setCurrentIndex(3)

    def print_document(self, report: str) -> None:
        from akimdesk.ui.common.preview import PreviewDialog

        if self.view is None:
            return
        params: dict[str, Any] = {"meeting": self.view.meeting.ref}
        if report == "decision-extract":
            params["item"] = max(self.items.currentRow(), 0) + 1
        PreviewDialog.for_report(self, self.ctx, report, params).exec()

    def publish(self) -> None:
        if self.meeting_id is None:
            return
        folder = QFileDialog.getExistingDirectory(self, tr("Folder for the published minutes"))
        if not folder:
            return
        try:
            pdf, data = publish.publish(self.ctx.db, self.meeting_id, folder)
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return
        info(self, tr("Saved for publishing:\n{pdf}\n{json}").format(pdf=pdf, json=data))

    # --- language -----------------------------------------------------------------------
    def retranslate_header(self) -> None:
        m = self.view.meeting if self.view else None
        if m is None:
            self.header.setText(tr("New meeting"))
        else:
            status = (
                tr("signed {when} by {who}").format(when=format_datetime(m.signed_at), who=m.signed_by)
                if m.signed else tr("draft")
            )  # fmt: skip
            self.header.setText(
                tr("{kind} No. {number}").format(kind=tr(MEETING_KINDS[m.kind]), number=m.ref)
                + f" · {format_date(m.meeting_date)} · {status}"
            )
        self.setWindowTitle(self.header.text())

    def retranslate_ui(self, _lang: str | None = None) -> None:
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        for key, label in MEETING_KINDS.items():
            self.kind.addItem(tr(label), key)
        set_combo_data(self.kind, current or "assembly")
        self.kind.blockSignals(False)
        for i, msgid in enumerate(
            (N_("Meeting"), N_("Attendance"), N_("Agenda and decisions"), N_("Addenda"))
        ):
            self.tabs.setTabText(i, tr(msgid))
        self.labels.retranslate()
        self.errors.retranslate()
        self.editor.retranslate_ui()
        self.all_present.setText(tr("All present"))
        self.none_present.setText(tr("Nobody present"))
        for name, msgid in (("new", N_("New item")), ("up", N_("Up")), ("down", N_("Down")),
                            ("withdraw", N_("Withdraw"))):  # fmt: skip
            self.item_buttons[name].setText(tr(msgid))
        self.agenda_hint.setText(tr("Save the meeting first, then add its agenda items."))
        self.addenda.setHorizontalHeaderLabels(
            [tr("No."), tr("Date"), tr("Author"), tr("Reason"), tr("Text")]
        )
        self.addenda_hint.setText(
            tr(
                "Signed minutes are not changed. A correction is added here, with its reason and author, and printed with the minutes."
            )
        )
        self.add_addendum.setText(tr("Add addendum…"))
        for name, msgid in (
            ("minutes", N_("Print minutes")), ("sheet", N_("Attendance sheet")),
            ("extract", N_("Extract of the decision")), ("publish", N_("Publish…")),
            ("sign", N_("Sign the minutes")), ("save", N_("Save")), ("close", N_("Close")),
        ):  # fmt: skip
            self.buttons[name].setText(tr(msgid))
        if self.view is not None or self.meeting_id is None:
            self.retranslate_header()
        self.refresh_quorum()

    # --- closing with changes (common/dialogs.EditDialog asks) ---------------------------
    def snapshot(self) -> Any:
        return self.data(), self._marks() if self.kind.currentData() == "assembly" else {}

    def is_dirty(self) -> bool:
        return super().is_dirty() or self.editor.is_dirty()

    def save_changes(self) -> bool:
        """The item first, without reloading: the meeting's own edits are still on screen."""
        if self.editor.is_dirty() and self.meeting_id is not None:
            try:
                self.item_id = meetings.save_item(self.ctx.db, self.ctx.actor, self.meeting_id,
                                                  self.item_id, self.editor.data())  # fmt: skip
            except ValidationError as exc:
                self.editor.errors.show(exc.errors)
                self.tabs.setCurrentIndex(2)
                return False
            self.editor.mark_clean()
        return not super().is_dirty() or self.save()
