"""Settings: language (switches at once), office details, deadline rules, reference data."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from akimdesk.domain.fines import CATEGORY_LABELS
from akimdesk.i18n import N_, format_date, format_money
from akimdesk.i18n import _ as tr
from akimdesk.services import office as office_service
from akimdesk.services import refdata, settings
from akimdesk.services.errors import ValidationError
from akimdesk.ui.common.columns import fit_columns
from akimdesk.ui.common.forms import (
    FieldErrors,
    Labels,
    info,
    save_settings,
    scrolled,
    set_combo_data,
)
from akimdesk.ui.context import AppContext
from akimdesk.ui.office_form import OfficeForm
from akimdesk.ui.setup_dialog import LANGUAGE_NAMES

RULES = [
    ("fines.limitation_months", N_("Limitation for imposing a penalty, months")),
    ("fines.half_payment_days", N_("50% payment window after the protocol, days")),
    ("fines.appeal_days", N_("Appeal period after delivery of the decision, days")),
    ("fines.voluntary_payment_days", N_("Voluntary payment after coming into force, days")),
    ("fines.enforcement_days", N_("Sending for enforcement after the deadline, days")),
    ("fines.max_deferral_months", N_("Longest deferral, months")),
    ("fines.max_instalment_months", N_("Longest instalment plan, months")),
    ("fines.repeat_months", N_("Repeat period after a penalty, months")),
    ("fines.erap_days", N_("Time to register a protocol in ЕРАП, days")),
]
DAY_RULES = [
    ("fines.half_payment_day_rule", N_("The 50% window counts")),
    ("fines.appeal_day_rule", N_("The appeal period counts")),
]


class SettingsScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.labels = Labels()
        self.errors = FieldErrors()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 16pt; font-weight: bold;")

        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGE_NAMES:
            self.language.addItem(name, code)
        set_combo_data(self.language, ctx.language.current)
        self.language.currentIndexChanged.connect(self._language_changed)
        lang_row = QFormLayout()
        self.labels.row(lang_row, N_("Interface language"), self.language)

        self.tabs = QTabWidget()
        # The two long forms scroll: with the first steps above them the screen is short.
        self.tabs.addTab(scrolled(self._office_tab(), framed=False), "")
        self.tabs.addTab(scrolled(self._rules_tab(), framed=False), "")
        self.tabs.addTab(self._reference_tab(), "")
        from akimdesk.ui.assemblies.rules_tab import AssemblyRulesTab

        self.assembly_rules = AssemblyRulesTab(ctx)
        self.tabs.addTab(self.assembly_rules, "")
        from akimdesk.ui.officials_tab import OfficialsTab

        self.officials = OfficialsTab(ctx)
        self.tabs.addTab(self.officials, "")
        from akimdesk.ui.backup_tab import BackupTab

        self.backups = BackupTab(ctx)
        self.tabs.addTab(self.backups, "")
        self.users = None
        if ctx.actor.may("users.update"):
            from akimdesk.ui.accounts.users_tab import UsersTab

            self.users = UsersTab(ctx)
            self.tabs.addTab(self.users, "")

        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addLayout(lang_row)
        lay.addWidget(self.tabs, 1)
        ctx.language.changed.connect(self.retranslate_ui)
        # Others see the settings; the services refuse their changes anyway (domain.roles).
        if not ctx.actor.may("settings.save"):
            for button in self.findChildren(QPushButton):
                if button.objectName() != "backup_now":
                    button.setEnabled(False)
        self.load()
        self.retranslate_ui()

    # --- tabs ---------------------------------------------------------------------------
    def _office_tab(self) -> QWidget:
        w = QWidget()
        self.office = OfficeForm(self.labels, self.errors)
        self.save_office = QPushButton()
        self.save_office.setObjectName("save_office")
        self.save_office.clicked.connect(self._save_office)
        lay = QVBoxLayout(w)
        lay.addWidget(self.office)
        lay.addWidget(self.errors.general)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_office)
        lay.addLayout(row)
        lay.addStretch(1)
        return w

    def _rules_tab(self) -> QWidget:
        w = QWidget()
        form = QFormLayout(w)
        self.rule_spins: dict[str, QSpinBox] = {}
        for key, label in RULES:
            spin = QSpinBox()
            spin.setObjectName(key)
            spin.setRange(0, 365)
            self.rule_spins[key] = spin
            self.labels.row(form, label, self.errors.wrap(key, spin))
        self.day_rules: dict[str, QComboBox] = {}
        for key, label in DAY_RULES:
            combo = QComboBox()
            combo.setObjectName(key)
            combo.addItem("", "calendar")
            combo.addItem("", "working")
            self.day_rules[key] = combo
            self.labels.row(form, label, combo)
        self.roll = QCheckBox()
        self.labels.add(
            self.roll.setText, N_("A deadline falling on a day off moves to the next working day")
        )
        form.addRow(self.roll)
        self.save_rules = QPushButton()
        self.save_rules.setObjectName("save_rules")
        self.save_rules.clicked.connect(self._save_rules)
        self.rules_note = QLabel()
        self.rules_note.setWordWrap(True)
        form.addRow(self.rules_note)
        form.addRow(self.save_rules)
        return w

    def _reference_tab(self) -> QWidget:
        w = QWidget()
        self.ref_note = QLabel()
        self.ref_note.setWordWrap(True)
        self.articles = QTableWidget()
        self.articles.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.mrp = QTableWidget()
        self.mrp.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        lay = QVBoxLayout(w)
        lay.addWidget(self.ref_note)
        lay.addWidget(self.articles, 3)
        lay.addWidget(self.mrp, 2)
        return w

    # --- data ---------------------------------------------------------------------------
    def load(self) -> None:
        with self.ctx.db.read() as s:
            office = office_service.current(s)
            values = settings.load(s)
        if office:
            self.office.set_value(office_service.as_input(office))
        for key, spin in self.rule_spins.items():
            spin.setValue(values[key])
        for key, combo in self.day_rules.items():
            set_combo_data(combo, values[key])
        self.roll.setChecked(bool(values["fines.roll_to_working_day"]))
        self._fill_reference()

    def _fill_reference(self) -> None:
        lang = self.ctx.language.current
        with self.ctx.db.read() as s:
            arts = refdata.all_articles(s)
            mrps = refdata.mrp_values(s)
            rows = [
                (
                    a.code,
                    a.title_kk if lang == "kk" else a.title_ru,
                    "; ".join(
                        f"{tr(CATEGORY_LABELS[x.offender_category])}: {x.min_mrp}"
                        + (f"–{x.max_mrp}" if x.max_mrp != x.min_mrp else "")
                        for x in a.sanctions
                    ),
                    tr("yes") if a.warning_allowed else tr("no"),
                    format_date(a.valid_from),
                    format_date(a.valid_to) if a.valid_to else "",
                )
                for a in arts
            ]
        self.articles.setColumnCount(6)
        self.articles.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, v in enumerate(values):
                self.articles.setItem(r, c, QTableWidgetItem(v))
        self.mrp.setColumnCount(3)
        self.mrp.setRowCount(len(mrps))
        for r, m in enumerate(mrps):
            purpose = tr("fines and taxes") if m.purpose == "fines" else tr("benefits")
            for c, v in enumerate(
                (format_date(m.valid_from), purpose, format_money(m.amount * 100))
            ):
                self.mrp.setItem(r, c, QTableWidgetItem(v))

    def _language_changed(self) -> None:
        """Switches this window (and is remembered for this PC). The administrator's choice is
        also the office's language: the command line and new PCs use it."""
        lang = self.language.currentData()
        if self.ctx.actor.may("settings.save"):
            try:
                settings.save(self.ctx.db, self.ctx.actor, {"ui.language": lang})
            except ValidationError as exc:
                self.errors.show(exc.errors)
                return
        self.ctx.language.apply(lang)

    def _save_office(self) -> None:
        try:
            office_service.update(self.ctx.db, self.ctx.actor, self.office.value())
        except ValidationError as exc:
            self.errors.show(exc.errors)
            return
        self.errors.clear()
        info(self, tr("Saved."))

    def _save_rules(self) -> None:
        values: dict[str, object] = {k: s.value() for k, s in self.rule_spins.items()}
        values.update({k: c.currentData() for k, c in self.day_rules.items()})
        values["fines.roll_to_working_day"] = self.roll.isChecked()
        done = tr("Saved. New deadlines apply to the next steps of each case.")
        save_settings(self, self.ctx, self.errors, values, done)

    def retranslate_ui(self, _lang: str | None = None) -> None:
        self.title.setText(tr("Settings"))
        self.assembly_rules.retranslate_ui()
        self.officials.retranslate_ui()
        self.backups.retranslate_ui()
        if self.users is not None:
            self.users.retranslate_ui()
        tabs = (
            N_("Office"),
            N_("Deadlines"),
            N_("Reference data"),
            N_("Assemblies"),
            N_("Officials"),
            N_("Backups"),
            N_("Users"),
        )
        for i, name in enumerate(tabs[: self.tabs.count()]):
            self.tabs.setTabText(i, tr(name))
        self.save_office.setText(tr("Save office details"))
        self.save_rules.setText(tr("Save deadlines"))
        self.rules_note.setText(
            tr(
                "Sources disagree on some of these periods; take them from the regulation "
                "your district has approved."
            )
        )
        for combo in self.day_rules.values():
            combo.setItemText(0, tr("calendar days"))
            combo.setItemText(1, tr("working days"))
        self.ref_note.setText(
            tr(
                "Reference data belongs to the district and is updated by sync; here it is read-only."
            )
        )
        self.articles.setHorizontalHeaderLabels(
            [tr("Article"), tr("Offence"), tr("Fine, МРП"), tr("Warning"), tr("From"), tr("To")]
        )
        self.mrp.setHorizontalHeaderLabels([tr("From"), tr("Purpose"), tr("МРП")])
        self.labels.retranslate()
        self.errors.retranslate()
        self._fill_reference()
        fit_columns(self.articles, cap=360)
        # The offence takes the room left; its whole title is in the tooltip.
        self.articles.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        fit_columns(self.mrp)
