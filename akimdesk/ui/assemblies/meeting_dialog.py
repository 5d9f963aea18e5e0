"""One meeting: its tabs (details, attendance with the quorum shown live, the agenda, what
followed signing, addenda), signing, printing and publishing. A signed meeting opens read-only.
Before signing, the dialog lists what a bilingual printout would show in one language only."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from akimdesk.domain.assemblies import MEETING_KINDS, Quorum, quorum
from akimdesk.i18n import N_, format_date, format_datetime, render
from akimdesk.i18n import _ as tr
from akimdesk.reports import minutes as minutes_report
from akimdesk.reports.minutes_data import missing_translations
from akimdesk.services import refdata
from akimdesk.services.assemblies import meetings, publish, queries
from akimdesk.services.assemblies import members as member_service
from akimdesk.services.assemblies.queries import MeetingView
from akimdesk.services.assemblies.validation import MeetingInput
from akimdesk.services.errors import ValidationError
from akimdesk.ui.assemblies.addenda_tab import AddendaTab
from akimdesk.ui.assemblies.agenda_tab import AgendaTab
from akimdesk.ui.assemblies.attendance_tab import AttendanceTab
from akimdesk.ui.assemblies.details_tab import DetailsTab
from akimdesk.ui.assemblies.follow_up_tab import FollowUpTab
from akimdesk.ui.common.action_dialog import ActionDialog, Field
from akimdesk.ui.common.dialogs import EditDialog, fit_to_screen
from akimdesk.ui.common.forms import FieldErrors, Labels, info
from akimdesk.ui.context import AppContext

TABS = (N_("Meeting"), N_("Attendance"), N_("Agenda and decisions"),
        N_("Publication and consideration"), N_("Addenda"))  # fmt: skip
# Printed from the meeting: (button, report, what it is called).
PRINTS = (("minutes", "minutes", N_("Minutes")), ("notice", "meeting-notice", N_("Notice")),
          ("sheet", "attendance-sheet", N_("Attendance sheet")),
          ("extract", "decision-extract", N_("Extract of the decision")))  # fmt: skip


class MeetingDialog(EditDialog):
    def __init__(self, ctx: AppContext, meeting_id: uuid.UUID | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.meeting_id = ctx, meeting_id
        self.view: MeetingView | None = None
        with ctx.db.read() as s:
            self.rules = meetings.rules(s)
        self.labels, self.errors = Labels(), FieldErrors()
        self.header = QLabel()
        self.header.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.header.setWordWrap(True)  # "signed on … by …" is long in Kazakh
        self.quorum_label = QLabel()
        self.quorum_label.setObjectName("quorum")
        self.quorum_label.setWordWrap(True)
        self.details = DetailsTab(
            self.errors, self.labels, self._kind_changed, self._reload_members
        )
        self.attendance = AttendanceTab(self.errors, self.labels, self.refresh_quorum)
        self.agenda = AgendaTab(ctx, self.errors, self.current_quorum, self.rules,
                                lambda: self.meeting_id, self._records_changed)  # fmt: skip
        self.follow_up = FollowUpTab(ctx)
        self.addenda = AddendaTab()
        self.editor = self.agenda.editor
        self.tabs = QTabWidget()
        for tab in (self.details, self.attendance, self.agenda, self.follow_up, self.addenda):
            self.tabs.addTab(tab, "")
        self.addenda.add_button.clicked.connect(self._add_addendum)
        self.missing = QLabel()
        self.missing.setObjectName("missing_translations")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color: #7a4b00;")

        self.buttons = {
            name: QPushButton() for name in ("print", "publish", "sign", "save", "close")
        }
        for name, b in self.buttons.items():
            b.setObjectName(f"meeting_{name}")
        self.print_menu = QMenu(self)
        self.print_actions = {}
        for name, report, _label in PRINTS:
            action = self.print_menu.addAction("")
            action.triggered.connect(lambda _c=False, r=report: self.print_document(r))
            self.print_actions[name] = action
        self.buttons["print"].setMenu(self.print_menu)
        self.buttons["publish"].clicked.connect(self.publish)
        self.buttons["sign"].clicked.connect(self.sign)
        self.buttons["save"].clicked.connect(self.save)
        self.buttons["close"].clicked.connect(self.reject)  # asks first when something changed
        bottom = QHBoxLayout()
        for name in ("print", "publish"):
            bottom.addWidget(self.buttons[name])
        bottom.addStretch(1)
        for name in ("sign", "save", "close"):
            bottom.addWidget(self.buttons[name])
        lay = QVBoxLayout(self)
        lay.addWidget(self.header)
        lay.addWidget(self.quorum_label)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.missing)
        lay.addWidget(self.errors.general)
        lay.addLayout(bottom)
        ctx.language.changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        self.reload()
        fit_to_screen(self, 1180, 800)

    # --- loading ------------------------------------------------------------------------
    def reload(self) -> None:
        """Every tab as saved (on opening, after the meeting's own save or signing)."""
        self.view = queries.load(self.ctx.db, self.meeting_id) if self.meeting_id else None
        lang = self.ctx.language.current
        with self.ctx.db.read() as s:
            self.details.set_places([(p.name(lang), p.id) for p in refdata.settlements(s)])
        m = self.view.meeting if self.view else None
        self.details.load(m, lang, tr("Akim of the rural district"))
        self.attendance.load(m)
        self._reload_members()
        self.details.chair.setCurrentText(m.chair if m else "")
        self.details.secretary.setCurrentText(m.secretary if m else "")
        self.editor.set_language(m.language if m else lang)
        self._fill_records()
        self._kind_changed()
        self.mark_clean()

    def _fill_records(self) -> None:
        lang = self.ctx.language.current
        self.agenda.fill(self.view.items if self.view else [], lang)
        self.addenda.fill(self.view.addenda if self.view else [], lang)
        self.follow_up.load(self.view)
        self._apply_state()

    def _records_changed(self) -> None:
        """An item saved, moved or withdrawn, an addendum added: each its own operation. Those
        records are read again; what is typed on the meeting's own tabs stays as typed (and is
        still asked about on closing)."""
        if self.meeting_id is not None:
            self.view = queries.load(self.ctx.db, self.meeting_id)
            self._fill_records()

    def _reload_members(self) -> None:
        day = self.details.day()
        saved = {str(mm.id): here for mm, here in self.view.members} if self.view else {}
        with self.ctx.db.read() as s:
            people = member_service.active_on(s, day) if day else []
        self.attendance.set_members(people, saved)
        self.details.set_names([p.full_name for p in people])
        self.refresh_quorum()

    def _apply_state(self) -> None:
        saved = self.view is not None
        signed = bool(self.view and self.view.meeting.signed)
        self.details.set_read_only(signed)
        self.attendance.set_read_only(signed)
        self.agenda.set_state(saved, signed)
        self.buttons["save"].setEnabled(not signed)
        self.buttons["sign"].setEnabled(saved and not signed and self.ctx.actor.may("meeting.sign"))
        self.buttons["publish"].setEnabled(signed)
        self.buttons["print"].setEnabled(saved)
        self.print_actions["extract"].setEnabled(any(o.adopted for _i, o in self.agenda.rows))
        self.addenda.add_button.setEnabled(signed)
        self._show_missing()
        self.retranslate_header()

    def missing_parts(self) -> list[str]:
        """What a bilingual printout of the saved minutes would show in one language only."""
        if self.meeting_id is None:
            return []
        doc = minutes_report.load(self.ctx.db, {"meeting_id": self.meeting_id})
        return [render(x) for x in missing_translations(doc)]

    def _show_missing(self) -> None:
        signed = bool(self.view and self.view.meeting.signed)
        parts = [] if signed else self.missing_parts()
        self.missing.setVisible(bool(parts))
        if parts:
            self.missing.setText(tr("For a printout in both languages, written in one language "
                                    "only: {parts}.").format(parts="; ".join(parts)))  # fmt: skip

    # --- live quorum --------------------------------------------------------------------
    def current_quorum(self) -> Quorum:
        kind = self.details.kind.currentData() or "assembly"
        if kind == "assembly":
            present, members = self.attendance.ticks()
            return quorum(kind, members, present, self.rules)
        entitled, present = self.attendance.entitled.value(), self.attendance.present.value()
        return quorum(kind, entitled, present, self.rules)

    def refresh_quorum(self) -> None:
        q = self.current_quorum()
        assembly = (self.details.kind.currentData() or "assembly") == "assembly"
        who = tr("members") if assembly else tr("residents")
        text = tr("Present: {present} of {total} {who}. Quorum: {required} needed — ").format(
            present=q.present, total=q.eligible, who=who, required=q.required
        )
        text += tr("there is a quorum.") if q.met else tr("NO QUORUM.")
        self.quorum_label.setText(text)
        color = "#1b6e20" if q.met else "#b00020"
        self.quorum_label.setStyleSheet(f"font-size: 11pt; font-weight: bold; color: {color};")
        self.editor.refresh_outcome()

    def _kind_changed(self) -> None:
        kind = self.details.kind.currentData() or "assembly"
        self.attendance.show_kind(kind)
        self.details.show_gathering(kind != "assembly")
        self.print_actions["sheet"].setText(tr(
            N_("Attendance sheet") if kind == "assembly" else N_("Registration sheet")))  # fmt: skip
        self.refresh_quorum()

    # --- actions ------------------------------------------------------------------------
    def data(self) -> MeetingInput:
        d, a = self.details, self.attendance
        return MeetingInput(
            kind=d.kind.currentData(), meeting_date=d.day(),
            start_time=d.start_time.text().strip(), place=d.text("place"),
            convened_by=d.text("convened_by"), chair=d.chair.currentText(),
            secretary=d.secretary.currentText(), invited=d.text("invited"),
            settlement_id=d.settlement.currentData(), scope=d.text("scope"),
            residents_entitled=a.entitled.value(), residents_present=a.present.value(),
            language=d.language.currentData(), place_other=d.text("place_other"),
            convened_by_other=d.text("convened_by_other"), scope_other=d.text("scope_other"),
            invited_other=d.text("invited_other"),
        )  # fmt: skip

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
        """The meeting and the item typed on the agenda tab: all that is on screen."""
        if self.errors.refuse_unreadable():
            return False
        if not self.agenda.store_item():
            self.tabs.setCurrentIndex(2)  # its refusal is under its field there
            return False
        db, actor = self.ctx.db, self.ctx.actor
        try:
            if self.meeting_id is None:
                self.meeting_id, _ref = meetings.create_meeting(db, actor, self.data())
            else:
                meetings.update_meeting(db, actor, self.meeting_id, self.data())
            if self.details.kind.currentData() == "assembly" and self.attendance.attendance.count():
                meetings.set_attendance(db, actor, self.meeting_id, self.attendance.marks())
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return False
        self.errors.clear()
        self.reload()
        return True

    def sign(self) -> None:
        if not self.save() or self.meeting_id is None:
            return
        question = tr("Once signed, the minutes can no longer be edited; corrections are made by "
                      "addenda. Sign now?")  # fmt: skip
        parts = self.missing_parts()
        if parts:
            question = (tr("For a printout in both languages, written in one language only: "
                           "{parts}.").format(parts="; ".join(parts)) + "\n\n" + question)  # fmt: skip
        answer = QMessageBox.question(self, tr("Sign the minutes"), question)
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
            [Field("reason", N_("Reason"), "reason"), Field("text", N_("Text of the addendum"), "reason")],
            submit, tr("The signed minutes stay as they are; the addendum is printed with them."),
        )  # fmt: skip
        if dialog.exec():
            self._records_changed()
            self.tabs.setCurrentIndex(4)

    def print_document(self, report: str) -> None:
        from akimdesk.ui.common.preview import PreviewDialog

        if self.view is None:
            return
        params: dict[str, Any] = {"meeting": self.view.meeting.ref}
        if report == "decision-extract":
            adopted = [i.position for i, o in self.agenda.rows if o.adopted]
            chosen = self.agenda.items.currentRow() + 1
            params["item"] = chosen if chosen in adopted else adopted[0]
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
        info(self, tr("Saved for publishing:\n{pdf}\n{json}").format(pdf=pdf, json=data)
             + "\n\n" + tr("Once they are up, record where on the “Publication and consideration” tab."))  # fmt: skip

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
        self.details.fill_kinds()
        for i, msgid in enumerate(TABS):
            self.tabs.setTabText(i, tr(msgid))
        self.labels.retranslate()
        self.errors.retranslate()
        self.attendance.retranslate_ui()
        self.agenda.retranslate_ui()
        self.follow_up.retranslate_ui()
        self.addenda.retranslate_ui()
        for name, _report, msgid in PRINTS:
            self.print_actions[name].setText(tr(msgid))
        for name, msgid in (
            ("print", N_("Print")), ("publish", N_("Publish…")), ("sign", N_("Sign the minutes")),
            ("save", N_("Save")), ("close", N_("Close")),
        ):  # fmt: skip
            self.buttons[name].setText(tr(msgid))
        if self.view is not None or self.meeting_id is None:
            self.retranslate_header()
            self._kind_changed()
            self._show_missing()

    # --- closing with changes (common/dialogs.EditDialog asks) ---------------------------
    def snapshot(self) -> Any:
        marks = self.attendance.marks() if self.details.kind.currentData() == "assembly" else {}
        return self.data(), marks

    def is_dirty(self) -> bool:
        return super().is_dirty() or self.editor.is_dirty()

    def save_changes(self) -> bool:
        """Everything typed: the meeting with its item, or the item alone (its refusal shown)."""
        if super().is_dirty():
            return self.save()
        if self.agenda.store_item():
            return True
        self.tabs.setCurrentIndex(2)
        return False
