"""The fields of an account, shared by the first-run setup, the first administrator after an
upgrade, and the administrator's Users tab."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLineEdit, QWidget

from akimdesk.domain.roles import ROLE_LABELS, ROLES
from akimdesk.i18n import N_
from akimdesk.services.accounts import AccountInput
from akimdesk.ui.common.forms import FieldErrors, Labels, limit


def password_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(200)
    return edit


class AccountFields(QWidget):
    """Login, full name, roles (unless the account is the first, which gets every role) and,
    for a new account, the password twice."""

    def __init__(
        self, labels: Labels, errors: FieldErrors, *, new: bool = True, roles: bool = True
    ) -> None:
        super().__init__()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.login = QLineEdit()
        self.login.setObjectName("login")
        limit(self.login, "user_account", "login")
        self.login.setEnabled(new)  # the audit log names the login: it never changes
        self.full_name = QLineEdit()
        self.full_name.setObjectName("full_name")
        limit(self.full_name, "user_account", "full_name")
        labels.row(form, N_("Login"), errors.wrap("login", self.login))
        labels.row(form, N_("Full name"), errors.wrap("full_name", self.full_name))
        self.role_boxes: dict[str, QCheckBox] = {}
        if roles:
            box = QWidget()
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            for role in ROLES:
                check = QCheckBox()
                check.setObjectName(f"role_{role}")
                labels.add(check.setText, ROLE_LABELS[role])
                self.role_boxes[role] = check
                row.addWidget(check)
            row.addStretch(1)
            labels.row(form, N_("Roles"), errors.wrap("roles", box))
        self.password = self.password_again = None
        if new:
            self.password = password_edit("password")
            self.password_again = password_edit("password_again")
            labels.row(form, N_("Password"), errors.wrap("password", self.password))
            labels.row(
                form, N_("Password again"), errors.wrap("password_again", self.password_again)
            )

    def value(self) -> AccountInput:
        roles = [r for r, box in self.role_boxes.items() if box.isChecked()]
        return AccountInput(
            login=self.login.text(),
            full_name=self.full_name.text(),
            roles=roles if self.role_boxes else list(ROLES),
            password=self.password.text() if self.password else "",
            password_again=self.password_again.text() if self.password_again else "",
        )

    def set_value(self, login: str, full_name: str, roles: list[str]) -> None:
        self.login.setText(login)
        self.full_name.setText(full_name)
        for role, box in self.role_boxes.items():
            box.setChecked(role in roles)
