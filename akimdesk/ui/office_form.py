"""The office's details as a form; used by the first-run setup and by Settings."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from akimdesk.i18n import N_
from akimdesk.services.office import OfficeInput
from akimdesk.ui.common.forms import FieldErrors, Labels, limit

# The form's own wording; the longest text of each comes from the catalogue (domain/fields.py).
FIELDS = [
    ("name_kk", N_("Office name in Kazakh")),
    ("name_ru", N_("Office name in Russian")),
    ("district", N_("District")),
    ("region", N_("Region")),
    ("bin", N_("БИН of the office")),
    ("akim_name", N_("Akim's full name")),
    ("address", N_("Address")),
    ("phone", N_("Phone")),
    ("kbk", N_("Budget classification code (КБК) for fines")),
    ("iik", N_("Treasury account (ИИК)")),
    ("bik", N_("Bank code (БИК)")),
    ("bank_name", N_("Bank")),
    ("knp", N_("Payment purpose code (КНП)")),
]


class OfficeForm(QWidget):
    def __init__(self, labels: Labels, errors: FieldErrors) -> None:
        super().__init__()
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for name, label in FIELDS:
            edit = QLineEdit()
            edit.setObjectName(name)
            limit(edit, "office", name)
            self.edits[name] = edit
            labels.row(form, label, errors.wrap(name, edit))

    def value(self) -> OfficeInput:
        return OfficeInput(**{name: edit.text() for name, edit in self.edits.items()})

    def set_value(self, data: OfficeInput) -> None:
        for name, edit in self.edits.items():
            edit.setText(getattr(data, name))
