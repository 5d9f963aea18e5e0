"""Settings → Users (the administrator's): accounts, their roles, temporary passwords, unlocking,
and the sign-in rules (idle lock, wrong passwords)."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from akimdesk.domain.roles import ROLE_LABELS, ROLES
from akimdesk.i18n import N_, format_datetime
from akimdesk.i18n import _ as tr
from akimdesk.models import UserAccount, utcnow
from akimdesk.services import accounts, settings
from akimdesk.services.errors import ValidationError
from akimdesk.ui.accounts.fields import AccountFields, password_edit
from akimdesk.ui.common.columns import fit_columns
from akimdesk.ui.common.dialogs import EditDialog
from akimdesk.ui.common.forms import FieldErrors, Labels, info, save_cancel, save_settings
from akimdesk.ui.context import AppContext

SECURITY = [
    ("security.lock_minutes", N_("Lock the window after this many idle minutes (0: never)"), 0, 240),
    ("security.max_failures", N_("Wrong passwords in a row before the account is locked"), 3, 20),
    ("security.lockout_minutes", N_("Minutes a locked account waits"), 1, 1440),
]  # fmt: skip
COLUMNS = (N_("Login"), N_("Full name"), N_("Roles"), N_("State"), N_("Last sign-in"))


class UsersTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.labels, self.errors = Labels(), FieldErrors()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("accounts")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for name, label, slot in (
            ("add", N_("Add account"), lambda: self.edit(new=True)),
            ("edit", N_("Edit"), self.edit),
            ("reset", N_("Temporary password"), self.reset_password),
            ("unlock", N_("Unlock"), self.unlock),
        ):
            b = QPushButton()
            b.setObjectName(f"users_{name}")
            self.labels.add(b.setText, label)
            b.clicked.connect(slot)
            self.buttons[name] = b
            row.addWidget(b)
        row.addStretch(1)

        self.spins: dict[str, QSpinBox] = {}
        form = QFormLayout()
        for key, label, lo, hi in SECURITY:
            spin = QSpinBox()
            spin.setObjectName(key)
            spin.setRange(lo, hi)
            self.spins[key] = spin
            self.labels.row(form, label, self.errors.wrap(key, spin))
        self.save_button = QPushButton()
        self.save_button.setObjectName("save_security")
        self.labels.add(self.save_button.setText, N_("Save sign-in rules"))
        self.save_button.clicked.connect(self.save_rules)
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)

        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addLayout(form)
        lay.addWidget(self.errors.general)
        lay.addLayout(save_row)
        self.table.verticalHeader().hide()
        self.retranslate_ui()

    def reload(self) -> None:
        now = utcnow()
        with self.ctx.db.read() as s:
            rows = accounts.all_accounts(s)
            values = settings.load(s)
        self.table.setRowCount(len(rows))
        for r, a in enumerate(rows):
            cells = (a.login, a.full_name, self._roles(a), self._state(a, now),
                     format_datetime(a.last_login_at))  # fmt: skip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, str(a.id))
                self.table.setItem(r, c, item)
        fit_columns(self.table)
        for key, spin in self.spins.items():
            spin.setValue(int(values[key]))

    @staticmethod
    def _roles(a: UserAccount) -> str:
        return ", ".join(tr(ROLE_LABELS[r]) for r in ROLES if r in a.roles)

    @staticmethod
    def _state(a: UserAccount, now) -> str:  # type: ignore[no-untyped-def]
        if not a.active:
            return tr("switched off")
        if a.locked_until and a.locked_until > now:
            return tr("locked until {when}").format(when=format_datetime(a.locked_until))
        if a.must_change_password:
            return tr("temporary password")
        return tr("active")

    def selected(self) -> uuid.UUID | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return uuid.UUID(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def edit(self, new: bool = False) -> None:
        account_id = None if new else self.selected()
        if not new and account_id is None:
            return
        if AccountDialog(self.ctx, account_id, self).exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def reset_password(self) -> None:
        account_id = self.selected()
        dialog = ResetDialog(self.ctx, account_id, self) if account_id else None
        if dialog is not None and dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def unlock(self) -> None:
        account_id = self.selected()
        if account_id is None:
            return
        try:
            accounts.unlock(self.ctx.db, self.ctx.actor, account_id)
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        self.reload()

    def save_rules(self) -> None:
        values: dict[str, object] = {k: s.value() for k, s in self.spins.items()}
        save_settings(self, self.ctx, self.errors, values, tr("Saved."))

    def retranslate_ui(self, _lang: str | None = None) -> None:
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self.labels.retranslate()
        self.errors.retranslate()
        self.reload()


class AccountDialog(EditDialog):
    def __init__(self, ctx: AppContext, account_id: uuid.UUID | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.account_id = ctx, account_id
        self.labels, self.errors = Labels(), FieldErrors()
        self.setWindowTitle(tr("New account") if account_id is None else tr("Account"))
        self.setMinimumWidth(640)
        self.fields = AccountFields(self.labels, self.errors, new=account_id is None)
        self.active = QCheckBox(tr("May sign in"))
        self.active.setObjectName("active")
        self.active.setChecked(True)
        lay = QVBoxLayout(self)
        lay.addWidget(self.fields)
        if account_id is not None:
            with ctx.db.read() as s:
                a = s.get(UserAccount, account_id)
                self.fields.set_value(a.login, a.full_name, list(a.roles))
                self.active.setChecked(a.active)
            lay.addWidget(self.errors.wrap("active", self.active))
        lay.addWidget(self.errors.general)
        lay.addWidget(save_cancel(self, self.save))

    def snapshot(self) -> Any:
        return self.fields.value(), self.active.isChecked()

    def save_changes(self) -> bool:
        self.save()
        return self.result() == QDialog.DialogCode.Accepted

    def save(self) -> None:
        data = self.fields.value()
        data.active = self.active.isChecked()
        try:
            if self.account_id is None:
                accounts.create(self.ctx.db, self.ctx.actor, data)
            else:
                accounts.update(self.ctx.db, self.ctx.actor, self.account_id, data)
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        self.accept()


class ResetDialog(QDialog):
    """A temporary password the administrator tells the person; she chooses her own at sign-in."""

    def __init__(self, ctx: AppContext, account_id: uuid.UUID, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.account_id = ctx, account_id
        self.errors = FieldErrors()
        self.setWindowTitle(tr("Temporary password"))
        self.setMinimumWidth(480)
        self.password, self.again = password_edit("password"), password_edit("password_again")
        form = QFormLayout()
        form.addRow(tr("Temporary password"), self.errors.wrap("password", self.password))
        form.addRow(tr("Password again"), self.errors.wrap("password_again", self.again))
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.errors.general)
        lay.addWidget(save_cancel(self, self.save))

    def save(self) -> None:
        try:
            accounts.reset_password(
                self.ctx.db,
                self.ctx.actor,
                self.account_id,
                self.password.text(),
                self.again.text(),
            )
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        info(self, tr("The person signs in with this password once and then chooses her own."))
        self.accept()
