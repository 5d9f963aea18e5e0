"""The Settings tab for assemblies: quorum and majority from the district's approved regulation,
and the population the size of the assembly is checked against."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from akimdesk.domain.assemblies import MAJORITY_BASES
from akimdesk.i18n import N_
from akimdesk.i18n import _ as tr
from akimdesk.services import settings
from akimdesk.ui.common.forms import FieldErrors, Labels, save_settings, set_combo_data
from akimdesk.ui.context import AppContext

PERCENTS = [
    ("assembly.quorum_percent", N_("Quorum of the assembly, percent of members")),
    ("gathering.quorum_percent", N_("Quorum of a gathering, percent of residents entitled")),
    ("assembly.majority_percent", N_("Majority for a decision, %")),
]
# Working days after signing; signed minutes past them are under "needs action".
DAYS = [
    ("assembly.publish_days", N_("Publish signed minutes within, working days")),
    ("assembly.consideration_days", N_("The akim considers the decisions within, working days")),
]


class AssemblyRulesTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.labels, self.errors = Labels(), FieldErrors()
        form = QFormLayout(self)
        self.spins: dict[str, QSpinBox] = {}
        self._spin_rows(form, PERCENTS, 100, " %")
        self.quorum_strict = QCheckBox()
        self.quorum_strict.setObjectName("assembly.quorum_strict")
        self.labels.add(
            self.quorum_strict.setText,
            N_("Quorum needs more than this share (not just reaching it)"),
        )
        form.addRow(self.quorum_strict)
        self.base = QComboBox()
        self.base.setObjectName("assembly.majority_base")
        for key in MAJORITY_BASES:
            self.base.addItem("", key)
        self.labels.row(
            form,
            N_("The majority is counted"),
            self.errors.wrap("assembly.majority_base", self.base),
        )
        self.majority_strict = QCheckBox()
        self.labels.add(
            self.majority_strict.setText, N_("A decision needs more than this share of votes for")
        )
        form.addRow(self.majority_strict)
        self._spin_rows(form, DAYS, 90)
        self.population = QSpinBox()
        self.population.setObjectName("assembly.population")
        self.population.setRange(0, 1_000_000)
        self.population.setGroupSeparatorShown(True)
        self.labels.row(form, N_("Population of the rural district (0: sum of the settlements)"),
                        self.errors.wrap("assembly.population", self.population))  # fmt: skip
        self.note = QLabel()
        self.note.setWordWrap(True)
        form.addRow(self.note)
        self.save_button = QPushButton()
        self.save_button.setObjectName("save_assembly_rules")
        self.save_button.clicked.connect(self.save)
        form.addRow(self.errors.general)
        form.addRow(self.save_button)
        self.load()
        self.retranslate_ui()

    def _spin_rows(self, form: QFormLayout, rows: list[tuple[str, str]], top: int,
                   suffix: str = "") -> None:  # fmt: skip
        for key, label in rows:
            spin = QSpinBox()
            spin.setObjectName(key)
            spin.setRange(1, top)
            spin.setSuffix(suffix)
            self.spins[key] = spin
            self.labels.row(form, label, self.errors.wrap(key, spin))

    def load(self) -> None:
        with self.ctx.db.read() as s:
            values = settings.load(s)
        for key, spin in self.spins.items():
            spin.setValue(values[key])
        self.quorum_strict.setChecked(values["assembly.quorum_strict"])
        set_combo_data(self.base, values["assembly.majority_base"])
        self.majority_strict.setChecked(values["assembly.majority_strict"])
        self.population.setValue(values["assembly.population"])

    def save(self) -> None:
        values: dict[str, object] = {k: s.value() for k, s in self.spins.items()}
        values.update({
            "assembly.quorum_strict": self.quorum_strict.isChecked(),
            "assembly.majority_base": self.base.currentData(),
            "assembly.majority_strict": self.majority_strict.isChecked(),
            "assembly.population": self.population.value(),
        })  # fmt: skip
        done = tr("Saved. Quorum and outcomes are recomputed with the new rules.")
        save_settings(self, self.ctx, self.errors, values, done)

    def retranslate_ui(self) -> None:
        for i, label in enumerate(MAJORITY_BASES.values()):
            self.base.setItemText(i, tr(label))
        self.labels.retranslate()
        self.errors.retranslate()
        self.note.setText(tr("Take these rules from the regulation of the assembly your district maslikhat has approved. "
                             "By the standard regulation the quorum is at least half of the members and decisions "
                             "are taken by a majority of those present."))  # fmt: skip
        self.save_button.setText(tr("Save the rules of assemblies"))
