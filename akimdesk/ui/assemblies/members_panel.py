"""Members of the assembly: the list, the size rule checked against the population, and the
dialogs to add or change a member and to record that one left."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from akimdesk.i18n import N_, format_date, render
from akimdesk.i18n import _ as tr
from akimdesk.models import AssemblyMember
from akimdesk.services import refdata
from akimdesk.services.assemblies import members as member_service
from akimdesk.services.assemblies.validation import MemberInput
from akimdesk.services.errors import ValidationError
from akimdesk.storage.changes import REFDATA, SETTINGS
from akimdesk.ui.common.action_dialog import ActionDialog, Field
from akimdesk.ui.common.columns import fit_columns
from akimdesk.ui.common.dialogs import EditDialog
from akimdesk.ui.common.forms import (
    ERROR_STYLE,
    FieldErrors,
    Labels,
    date_edit,
    limit,
    line,
    read_date,
    save_cancel,
    set_combo_data,
)
from akimdesk.ui.context import AppContext

COLUMNS = [
    N_("Full name"), N_("Settlement"), N_("Delegated by"), N_("Delegated on"), N_("Term until"),
    N_("Status"),
]  # fmt: skip
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class MembersPanel(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.summary = QLabel()
        self.summary.setObjectName("composition")
        self.summary.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setObjectName("composition_problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(ERROR_STYLE)
        self.show_former = QCheckBox()
        self.show_former.toggled.connect(lambda _on: self.reload())
        self.buttons = {name: QPushButton() for name in ("add", "edit", "end")}
        for name, b in self.buttons.items():
            b.setObjectName(f"member_{name}")
        self.buttons["add"].clicked.connect(lambda: self.edit(None))
        self.buttons["edit"].clicked.connect(lambda: self.edit(self.selected()))
        self.buttons["end"].clicked.connect(self.end_selected)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("members_table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.edit(self.selected()))
        top = QHBoxLayout()
        for b in self.buttons.values():
            top.addWidget(b)
        top.addStretch(1)
        top.addWidget(self.show_former)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.problems)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        ctx.language.changed.connect(self.retranslate_ui)
        ctx.bus.subscribe(self, {"assembly_member"} | REFDATA | SETTINGS, self.reload)
        self.retranslate_ui()

    def reload(self) -> None:
        lang, today = self.ctx.language.current, date.today()
        with self.ctx.db.read() as s:
            people = member_service.members(s, include_ended=self.show_former.isChecked())
            comp = member_service.composition(s, today)
            rows = [
                (m.id, m.full_name, m.settlement.name(lang) if m.settlement else "",
                 m.delegated_by, format_date(m.delegated_on, lang),
                 format_date(m.term_until, lang), m.active_on(today), m.ended_on,
                 m.delegated_on)
                for m in people
                if self.show_former.isChecked() or m.term_until >= today
            ]  # fmt: skip
        self.table.setRowCount(len(rows))
        for r, (mid, *cells, active, ended, delegated) in enumerate(rows):
            if active:
                status = tr("member")
            elif ended:
                status = tr("left on {date}").format(date=format_date(ended, lang))
            elif delegated > today:  # recorded before future dates were refused
                status = tr("from {date}").format(date=format_date(delegated, lang))
            else:
                status = tr("term ended")
            for c, value in enumerate([*cells, status]):
                item = QTableWidgetItem(str(value))
                item.setData(ID_ROLE, str(mid))
                self.table.setItem(r, c, item)
        fit_columns(self.table)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.summary.setText(
            tr("Members now: {n}. Population: {population}; the assembly should have {lo} to {hi} "
               "members, at least one from each settlement.").format(
                n=comp.active, population=comp.population or "—", lo=comp.size_min,
                hi=comp.size_max)
        )  # fmt: skip
        self.problems.setText("\n".join(render(p) for p in comp.problems))
        self.problems.setVisible(bool(comp.problems))

    def selected(self) -> uuid.UUID | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return uuid.UUID(item.data(ID_ROLE)) if item else None

    def edit(self, member_id: uuid.UUID | None) -> None:
        MemberDialog(self.ctx, member_id, self).exec()

    def end_selected(self) -> None:
        member_id = self.selected()
        if member_id is None:
            return

        def submit(values: dict[str, Any]) -> None:
            member_service.end_membership(
                self.ctx.db, self.ctx.actor, member_id, values["ended_on"], values["end_reason"]
            )

        dialog = ActionDialog(
            self, tr("Member leaves the assembly"),
            [Field("ended_on", N_("Left on"), "date", default=date.today()),
             Field("end_reason", N_("Reason"), "reason", limit="assembly_member.end_reason")],
            submit, tr("The member stays in the history and in past minutes."),
        )  # fmt: skip
        dialog.exec()

    def retranslate_ui(self, _lang: str | None = None) -> None:
        self.buttons["add"].setText(tr("Add member"))
        self.buttons["edit"].setText(tr("Change"))
        self.buttons["end"].setText(tr("Member leaves…"))
        self.show_former.setText(tr("Show former members"))
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.reload()


class MemberDialog(EditDialog):
    def __init__(self, ctx: AppContext, member_id: uuid.UUID | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.member_id = ctx, member_id
        self.setMinimumWidth(560)
        self.labels, self.errors = Labels(), FieldErrors()
        lang = ctx.language.current
        with ctx.db.read() as s:
            member = s.get(AssemblyMember, member_id) if member_id else None
            places = [(p.name(lang), p.id) for p in refdata.settlements(s)]
        self.full_name = line(member.full_name if member else "")
        self.settlement = QComboBox()
        self.settlement.addItem("—", None)
        for name, pid in places:
            self.settlement.addItem(name, pid)
        self.delegated_by = line(member.delegated_by if member else "")
        self.delegated_on = date_edit(member.delegated_on if member else None)
        self.term_until = date_edit(member.term_until if member else None, optional=True)
        self.position = line(member.position if member else "")
        self.phone = line(member.phone if member else "")
        if member:
            set_combo_data(self.settlement, member.settlement_id)
        form = QFormLayout()
        for name, msgid, widget in [
            ("full_name", N_("Full name"), self.full_name),
            ("settlement_id", N_("Settlement"), self.settlement),
            ("delegated_by", N_("Delegated by (gathering)"), self.delegated_by),
            ("delegated_on", N_("Delegated on"), self.delegated_on),
            ("term_until", N_("Term until (empty: four years)"), self.term_until),
            ("position", N_("Occupation"), self.position),
            ("phone", N_("Phone"), self.phone),
        ]:
            widget.setObjectName(name)
            limit(widget, "assembly_member", name)
            self.labels.row(form, msgid, self.errors.wrap(name, widget))
        buttons = save_cancel(self, self.save)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.errors.general)
        lay.addWidget(buttons)
        self.setWindowTitle(tr("Member of the assembly"))

    def data(self) -> MemberInput:
        return MemberInput(
            full_name=self.full_name.text(), settlement_id=self.settlement.currentData(),
            delegated_by=self.delegated_by.text(), delegated_on=read_date(self.delegated_on),
            term_until=read_date(self.term_until), position=self.position.text(),
            phone=self.phone.text(),
        )  # fmt: skip

    def snapshot(self) -> Any:
        return self.data()

    def save_changes(self) -> bool:
        self.save()
        return self.result() == QDialog.DialogCode.Accepted

    def save(self) -> None:
        if self.errors.refuse_unreadable():
            return
        try:
            if self.member_id is None:
                member_service.add_member(self.ctx.db, self.ctx.actor, self.data())
            else:
                member_service.update_member(
                    self.ctx.db, self.ctx.actor, self.member_id, self.data()
                )
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        self.accept()
