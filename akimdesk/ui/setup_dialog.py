"""First run: who this office is, its language, its villages, and an offer of demo data."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from akimdesk.i18n import N_
from akimdesk.i18n import _ as tr
from akimdesk.services import office as office_service
from akimdesk.services.errors import ValidationError
from akimdesk.ui.common.dialogs import (
    ACCEPT,
    CANCEL,
    REJECT,
    SAVE,
    EditDialog,
    dialog_buttons,
    fit_to_screen,
    retranslate_buttons,
)
from akimdesk.ui.common.forms import FieldErrors, Labels, scrolled
from akimdesk.ui.context import AppContext
from akimdesk.ui.office_form import OfficeForm

LANGUAGE_NAMES = [("kk", "Қазақ тілі"), ("ru", "Русский язык")]


class SetupDialog(EditDialog):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.labels = Labels()
        self.errors = FieldErrors()

        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(0 if ctx.language.current == "kk" else 1)
        self.language.currentIndexChanged.connect(
            lambda _i: ctx.language.apply(self.language.currentData())
        )
        top = QFormLayout()
        self.labels.row(top, N_("Interface language"), self.language)

        self.office = OfficeForm(self.labels, self.errors)
        self.settlements = QPlainTextEdit()
        self.settlements.setObjectName("settlements")
        self.settlements.setFixedHeight(90)
        extra = QFormLayout()
        self.labels.row(
            extra, N_("Settlements, one per line: Kazakh name / Russian name"), self.settlements
        )
        from akimdesk.ui.accounts.fields import AccountFields

        self.account_title = QLabel()
        self.account_title.setStyleSheet("font-weight: bold;")
        self.account_title.setWordWrap(True)  # a long sentence in Kazakh: it wraps, never cut
        self.labels.add(
            self.account_title.setText,
            N_("Your account: it gets every role; you add the others in Settings → Users."),
        )
        self.account = AccountFields(self.labels, self.errors, roles=False)
        self.demo = QCheckBox()
        self.demo.setObjectName("demo")
        self.labels.add(self.demo.setText, N_("Fill the database with demo data to try it out"))

        inner = QWidget()
        col = QVBoxLayout(inner)
        col.addLayout(top)
        col.addWidget(self.office)
        col.addLayout(extra)
        col.addWidget(self.account_title)
        col.addWidget(self.account)
        col.addWidget(self.demo)
        scroll = scrolled(inner)

        self.buttons = dialog_buttons(
            self, [(SAVE, ACCEPT, self.save), (CANCEL, REJECT, self.reject)]
        )
        lay = QVBoxLayout(self)
        lay.addWidget(self.intro)
        lay.addWidget(scroll, 1)
        lay.addWidget(self.errors.general)
        lay.addWidget(self.buttons)
        ctx.language.changed.connect(self.retranslate_ui)
        self.retranslate_ui()
        fit_to_screen(self, 980, 760)

    def retranslate_ui(self, _lang: str | None = None) -> None:
        self.setWindowTitle(tr("AkimDesk: setting up the office"))
        self.intro.setText(
            tr("Welcome! Enter the details of your office once; they appear on printed forms.")
        )
        retranslate_buttons(self.buttons)
        self.labels.retranslate()
        self.errors.retranslate()

    def settlement_names(self) -> list[tuple[str, str]]:
        out = []
        for raw in self.settlements.toPlainText().splitlines():
            if raw.strip():
                kk, _, ru = raw.partition("/")
                out.append((kk.strip(), (ru or kk).strip()))
        return out

    def snapshot(self) -> Any:
        account = self.account.value()
        return (self.office.value(), self.settlements.toPlainText(), account.login,
                account.full_name, bool(account.password), self.demo.isChecked())  # fmt: skip

    def save_changes(self) -> bool:
        self.save()
        return self.result() == QDialog.DialogCode.Accepted

    def save(self) -> None:
        from akimdesk.services import accounts

        account = self.account.value()
        if problems := account.check(new=True):  # before the office, so both or neither
            self.errors.show(problems)
            return
        try:
            office_service.set_up(
                self.ctx.db,
                self.ctx.actor,
                self.office.value(),
                self.language.currentData(),
                self.settlement_names(),
            )
            accounts.create(self.ctx.db, self.ctx.actor, account)
            self.ctx.actor = accounts.authenticate(self.ctx.db, account.login, account.password)
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        self.ctx.offer_demo = self.demo.isChecked()
        self.accept()
