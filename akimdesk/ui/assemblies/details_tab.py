"""The Meeting tab: kind, language of the minutes, date, place, who convened it, chair and
secretary, invitees; each text in the language of the minutes and, for a bilingual printout, in
the other one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)

from akimdesk.domain.assemblies import LANGUAGES, MEETING_KINDS
from akimdesk.i18n import N_
from akimdesk.i18n import _ as tr
from akimdesk.models import Meeting
from akimdesk.ui.assemblies.agenda_editor import text_box
from akimdesk.ui.common.forms import (
    FieldErrors,
    Labels,
    date_edit,
    limit,
    line,
    read_date,
    set_combo_data,
)

# Texts typed in the language of the minutes, with their translation beside them.
TRANSLATED = ("place", "convened_by", "invited", "scope")
OTHER_HEADER = {
    "kk": N_("In Russian, for a bilingual printout"),
    "ru": N_("In Kazakh, for a bilingual printout"),
}
OWN_HEADER = {"kk": N_("In Kazakh (the minutes)"), "ru": N_("In Russian (the minutes)")}


class DetailsTab(QScrollArea):
    def __init__(self, errors: FieldErrors, labels: Labels, on_kind: Callable[[], None],
                 on_date: Callable[[], None]) -> None:  # fmt: skip
        super().__init__()
        self.errors, self.labels = errors, labels
        self.kind, self.language = QComboBox(), QComboBox()
        self.kind.currentIndexChanged.connect(lambda _i: on_kind())
        self.language.currentIndexChanged.connect(lambda _i: self._headers())
        self.meeting_date = date_edit()
        self.meeting_date.changed.connect(on_date)
        self.start_time = line("10:00", 5)
        self.chair, self.secretary = QComboBox(), QComboBox()
        for combo in (self.chair, self.secretary):
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.settlement = QComboBox()
        self.texts: dict[str, QLineEdit | QPlainTextEdit] = {}
        for name in TRANSLATED:
            for key in (name, f"{name}_other"):
                widget = text_box(70) if name == "invited" else line(max_len=300)
                widget.setObjectName(key)
                self.texts[key] = widget
        self.own_header, self.other_header = QLabel(), QLabel()
        for h in (self.own_header, self.other_header):
            h.setStyleSheet("font-weight: bold;")
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.gathering_rows: list[QWidget] = []
        row = 0

        def add(name: str, msgid: str, widget: QWidget, other: QWidget | None = None) -> None:
            nonlocal row
            widget.setObjectName(widget.objectName() or name)
            for w in (widget, other):  # the catalogue's longest text (domain/fields.py)
                if w is not None:
                    limit(w, "meeting", w.objectName())
            label = self.labels.label(msgid)
            box = self.errors.wrap(name, widget)
            grid.addWidget(label, row, 0)
            grid.addWidget(box, row, 1, 1, 1 if other is not None else 2)
            placed: list[QWidget] = [label, box]
            if other is not None:  # level with its own language's field, above a refusal
                grid.addWidget(other, row, 2, Qt.AlignmentFlag.AlignTop)
                placed.append(other)
            if name in ("settlement_id", "scope"):
                self.gathering_rows += placed
            row += 1

        add("kind", N_("Kind of meeting"), self.kind)
        add("language", N_("Language of the minutes"), self.language)
        add("meeting_date", N_("Date"), self.meeting_date)
        add("start_time", N_("Time"), self.start_time)
        add("chair", N_("Chair"), self.chair)
        add("secretary", N_("Secretary"), self.secretary)
        grid.addWidget(self.own_header, row, 1)
        grid.addWidget(self.other_header, row, 2)
        row += 1
        boxes = self.texts
        add("place", N_("Place"), boxes["place"], boxes["place_other"])
        add("convened_by", N_("Convened by"), boxes["convened_by"], boxes["convened_by_other"])
        add("invited", N_("Invited (one per line)"), boxes["invited"], boxes["invited_other"])
        add("settlement_id", N_("Settlement of the gathering"), self.settlement)
        add(
            "scope",
            N_("Street or building (separate gathering)"),
            boxes["scope"],
            boxes["scope_other"],
        )
        grid.setRowStretch(row, 1)
        page = QWidget()
        page.setLayout(grid)
        self.setWidgetResizable(True)
        self.setWidget(page)

    def fill_kinds(self) -> None:
        for combo, labels, default in ((self.kind, MEETING_KINDS, "assembly"),
                                       (self.language, LANGUAGES, "kk")):  # fmt: skip
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for key, label in labels.items():
                combo.addItem(tr(label), key)
            set_combo_data(combo, current or default)
            combo.blockSignals(False)
        self._headers()

    def _headers(self) -> None:
        lang = self.language.currentData() or "kk"
        self.own_header.setText(tr(OWN_HEADER[lang]))
        self.other_header.setText(tr(OTHER_HEADER[lang]))

    def set_places(self, places: list[tuple[str, object]]) -> None:
        self.settlement.clear()
        self.settlement.addItem("—", None)
        for name, pid in places:
            self.settlement.addItem(name, pid)

    def load(self, m: Meeting | None, default_language: str, convened_by: str) -> None:
        set_combo_data(self.kind, m.kind if m else "assembly")
        set_combo_data(self.language, m.language if m else default_language)
        if m:
            self.meeting_date.set_value(m.meeting_date)
        self.start_time.setText(m.start_time if m else "10:00")
        for key, widget in self.texts.items():
            value = getattr(m, key) if m else (convened_by if key == "convened_by" else "")
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(value)
            else:
                widget.setText(value)
        set_combo_data(self.settlement, m.settlement_id if m else None)
        self._headers()

    def text(self, key: str) -> str:
        widget = self.texts[key]
        return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()

    def set_names(self, names: list[str]) -> None:
        for combo in (self.chair, self.secretary):
            text = combo.currentText()
            combo.clear()
            combo.addItems(names)
            combo.setCurrentText(text)

    def day(self):  # type: ignore[no-untyped-def]
        return read_date(self.meeting_date)

    def set_read_only(self, signed: bool) -> None:
        for w in (self.kind, self.language, self.meeting_date, self.chair, self.secretary,
                  self.settlement):  # fmt: skip
            w.setEnabled(not signed)
        self.start_time.setReadOnly(signed)
        for widget in self.texts.values():
            widget.setReadOnly(signed)

    def show_gathering(self, on: bool) -> None:
        for w in self.gathering_rows:
            w.setVisible(on)
