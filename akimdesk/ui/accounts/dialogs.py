"""Signing in at start and after the screen lock, the first administrator after an upgrade,
and changing one's own password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from akimdesk.i18n import N_
from akimdesk.services import accounts
from akimdesk.services.errors import ValidationError
from akimdesk.services.operation import Actor
from akimdesk.storage.database import Database
from akimdesk.ui.accounts.fields import AccountFields, password_edit
from akimdesk.ui.common.dialogs import ACCEPT, REJECT, dialog_buttons, retranslate_buttons
from akimdesk.ui.common.forms import FieldErrors, Labels, set_combo_data
from akimdesk.ui.language import LanguageController


class _Dialog(QDialog):
    """Labels and refusals that follow the language, and OK / Cancel with given texts."""

    def __init__(self, language: LanguageController, ok: str, cancel: str | None) -> None:
        super().__init__()
        self.language = language
        self.labels, self.errors = Labels(), FieldErrors()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.buttons = dialog_buttons(
            self, [(ok, ACCEPT, self.submit)] + ([(cancel, REJECT, self.reject)] if cancel else [])
        )
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.lay = QVBoxLayout(self)
        self.lay.addWidget(self.intro)
        self.lay.addLayout(self.form)
        self.lay.addWidget(self.errors.general)
        self.lay.addWidget(self.buttons)
        self.setMinimumWidth(460)
        language.changed.connect(self._retranslate)

    def texts(self, title: str, intro: str) -> None:
        self.labels.add(self.setWindowTitle, title)
        self.labels.add(self.intro.setText, intro)

    def _retranslate(self, _lang: str | None = None) -> None:
        self.labels.retranslate()
        self.errors.retranslate()
        retranslate_buttons(self.buttons)

    def submit(self) -> None:
        raise NotImplementedError


class LoginDialog(_Dialog):
    """`actor` is set when it is accepted. With `only` (the screen lock) the login is fixed:
    only the person who was working unlocks; anyone else can only close the app."""

    def __init__(self, db: Database, language: LanguageController, only: str = "") -> None:
        super().__init__(language, N_("Sign in"), N_("Close AkimDesk") if only else N_("Exit"))
        self.db, self.only = db, only
        self.actor: Actor | None = None
        if only:
            self.texts(N_("AkimDesk is locked"),
                       N_("The window was locked after a pause. Enter your password."))  # fmt: skip
        else:
            self.texts(N_("AkimDesk: sign in"), N_("Enter your login and password."))
            from akimdesk.ui.setup_dialog import LANGUAGE_NAMES

            self.lang = QComboBox()
            self.lang.setObjectName("language")
            for code, name in LANGUAGE_NAMES:
                self.lang.addItem(name, code)
            set_combo_data(self.lang, language.current)
            self.lang.currentIndexChanged.connect(
                lambda _i: language.apply(self.lang.currentData())
            )
            self.labels.row(self.form, N_("Interface language"), self.lang)
        self.login = QLineEdit(only)
        self.login.setObjectName("login")
        self.login.setReadOnly(bool(only))
        self.password = password_edit("password")
        self.labels.row(self.form, N_("Login"), self.errors.wrap("login", self.login))
        self.labels.row(self.form, N_("Password"), self.errors.wrap("password", self.password))
        (self.password if only else self.login).setFocus()

    def submit(self) -> None:
        try:
            actor = accounts.authenticate(self.db, self.login.text(), self.password.text())
        except accounts.LoginRefused as exc:
            self.password.clear()  # the login stays; the password is typed again
            self.errors.show({"password": exc.message})
            return
        if self.only and actor.login != self.only:
            self.errors.show({"password": N_("Only the person who was working can unlock.")})
            return
        if accounts.must_change_password(self.db, actor):
            dialog = ChangePasswordDialog(self.db, self.language, actor, forced=True)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
        self.actor = actor
        self.accept()


class ChangePasswordDialog(_Dialog):
    def __init__(
        self, db: Database, language: LanguageController, actor: Actor, forced: bool = False
    ) -> None:
        super().__init__(language, N_("Save"), N_("Cancel"))
        self.db, self.actor = db, actor
        intro = (
            N_("The administrator gave you a temporary password. Choose your own now.")
            if forced
            else N_("Enter your current password and the new one twice.")
        )
        self.texts(N_("Change password"), intro)
        self.old, self.new, self.again = (
            password_edit("old_password"), password_edit("password"),
            password_edit("password_again"),
        )  # fmt: skip
        self.labels.row(self.form, N_("Current password"),
                        self.errors.wrap("old_password", self.old))  # fmt: skip
        self.labels.row(self.form, N_("New password"), self.errors.wrap("password", self.new))
        self.labels.row(self.form, N_("Password again"),
                        self.errors.wrap("password_again", self.again))  # fmt: skip

    def submit(self) -> None:
        try:
            accounts.change_own_password(
                self.db, self.actor, self.old.text(), self.new.text(), self.again.text()
            )
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        self.accept()


class FirstAccountDialog(_Dialog):
    """After an upgrade from a version without accounts: the person at the PC makes the first
    account, which gets every role, before anything else happens."""

    def __init__(self, db: Database, language: LanguageController) -> None:
        super().__init__(language, N_("Save"), N_("Exit"))
        self.db = db
        self.texts(
            N_("AkimDesk: the first account"),
            N_("AkimDesk now has user accounts. Create the first one: it gets every role, "
               "including the administrator's, who adds the others in Settings → Users."),
        )  # fmt: skip
        self.fields = AccountFields(self.labels, self.errors, roles=False)
        self.form.addRow(self.fields)

    def submit(self) -> None:
        try:
            accounts.create(self.db, Actor.system_user(), self.fields.value())
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        self.accept()
