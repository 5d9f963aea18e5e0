"""The office's details as a form; used by the first-run setup and by Settings."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from akimdesk.i18n import N_
from akimdesk.services.office import OfficeInput
from akimdesk.ui.common.forms import FieldErrors, Labels

FIELDS = [
    ("name_kk", N_("Office name in Kazakh"), 300),
    ("name_ru", N_("Office name in Russian"), 300),
    ("district", N_("District"), 200),
    ("region", N_("Region"), 200),
    ("bin", N_("БИН of the office"), 12),
    ("akim_name", N_("Akim's full name"), 200),
    ("address", N_("Address"), 300),
    ("phone", N_("Phone"), 50),
    ("kbk", N_("Budget classification code (КБК) for fines"), 6),
    ("iik", N_("Treasury account (ИИК)"), 24),
    ("bik", N_("Bank code (БИК)"), 11),
    ("bank_name", N_("Bank"), 200),
    ("knp", N_("Payment purpose code (КНП)"), 3),
]


class OfficeForm(QWidget):
    def __init__(self, labels: Labels, errors: FieldErrors) -> None:
        super().__init__()
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name, label, length in FIELDS:
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setMaxLength(length)
            self.edits[name] = edit
            labels.row(form, label, errors.wrap(name, edit))

    def value(self) -> OfficeInput:
        return OfficeInput(**{name: edit.text() for name, edit in self.edits.items()})

    def set_value(self, data: OfficeInput) -> None:
        for name, edit in self.edits.items():
            edit.setText(getattr(data, name))
