"""The case form: offence, offender, protocol and proposed sanction, with errors under fields."""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from akimdesk.domain.fines import CATEGORY_LABELS, ID_DOCUMENTS, LANGUAGE_LABELS
from akimdesk.domain.identity import iin_birth_date
from akimdesk.i18n import N_, format_money, render
from akimdesk.i18n import _ as tr
from akimdesk.services import officials, refdata
from akimdesk.services.fines import repeat
from akimdesk.services.fines.validation import CaseInput
from akimdesk.storage.database import Database
from akimdesk.ui.common.forms import (
    FieldErrors,
    Labels,
    date_edit,
    limit,
    narrow_combo,
    read_date,
    set_combo_data,
)

KINDS = [("person", N_("Person")), ("organisation", N_("Organisation"))]
PENALTIES = [("fine", N_("Fine")), ("warning", N_("Warning"))]


def _uuid(value: str | None) -> uuid.UUID | None:
    # Combo boxes hold ids as text: Qt cannot find a Python UUID object again by value.
    return uuid.UUID(value) if value else None


def _born(iin: str) -> date | None:
    return iin_birth_date(iin) if len(iin) == 12 and iin.isdigit() else None


def _str(value: uuid.UUID | None) -> str | None:
    return str(value) if value else None


def _time(w: QLineEdit) -> str:
    text = w.text()
    return "" if text.strip(":_ ") == "" else text.replace("_", "")


def _text(height: int = 60) -> QPlainTextEdit:
    w = QPlainTextEdit()
    w.setFixedHeight(height)
    w.setTabChangesFocus(True)
    return w


class CaseForm(QWidget):
    def __init__(self, db: Database, language: str, labels: Labels, errors: FieldErrors) -> None:
        super().__init__()
        self.db, self.ui_lang, self.labels, self.errors = db, language, labels, errors
        self.groups: list[tuple[QGroupBox, str]] = []

        # Offence
        self.offence_date = date_edit()
        self.offence_time = QLineEdit()
        self.offence_time.setInputMask("99:99;_")
        self.settlement_id = QComboBox()
        self.offence_address = QLineEdit()
        self.description = _text()
        self.article_id = narrow_combo(QComboBox(), chars=30)  # "505-1 · the article's title"
        # Offender
        self.offender_kind = QComboBox()
        self.offender_category = QComboBox()
        # Its words change with the kind (an organisation's are longer): as wide as they are.
        self.offender_category.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.iin_bin = QLineEdit()
        self.iin_bin.setMaxLength(12)
        self.iin_bin.setPlaceholderText("000000000000")
        self.surname, self.first_name, self.patronymic = QLineEdit(), QLineEdit(), QLineEdit()
        self.birth_date = date_edit(optional=True)
        self.org_name, self.representative = QLineEdit(), QLineEdit()
        self.offender_address, self.phone = QLineEdit(), QLineEdit()
        self.id_doc_kind = QComboBox()
        self.id_doc_number, self.id_doc_issuer = QLineEdit(), QLineEdit()
        self.id_doc_date = date_edit(optional=True)
        self.workplace = QLineEdit()
        self.representative_position, self.representative_authority = QLineEdit(), QLineEdit()
        # Protocol
        self.protocol_number, self.protocol_author = QLineEdit(), QLineEdit()
        # The office's officials with their positions; the typed name of an import stays.
        self.author_id = narrow_combo(QComboBox(), chars=24)
        self.author_id.currentTextChanged.connect(self.author_id.setToolTip)  # a long one whole
        for combo in (self.article_id, self.author_id):  # as wide as the column: read whole
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.protocol_date = date_edit()
        self.protocol_time = QLineEdit()
        self.protocol_time.setInputMask("99:99;_")
        self.protocol_place = QLineEdit()
        # Proceedings
        self.language = QComboBox()
        self.interpreter = QLineEdit()
        self.hearing_date = date_edit(optional=True)
        self.hearing_time = QLineEdit()
        self.hearing_time.setInputMask("99:99;_")
        self.hearing_place = QLineEdit()
        self.erap_number = QLineEdit()
        self.erap_date = date_edit(optional=True)
        self.witnesses, self.explanation = _text(45), _text(45)
        self.refused_to_sign, self.admits_offence = QCheckBox(), QCheckBox()
        self.admits_hint = QLabel()  # what admitting allows, under the box (a box never wraps)
        self.admits_hint.setWordWrap(True)
        self.admits_hint.setStyleSheet("color: #555;")
        self.note = _text(45)
        # Sanction
        self.penalty = QComboBox()
        self.mrp_count = QSpinBox()
        self.mrp_count.setRange(0, 10000)
        self.suggestion = QLabel()
        self.suggestion.setWordWrap(True)
        self.repeat_note = QLabel()  # the part a prior penalty points to
        self.repeat_note.setObjectName("repeat_note")
        self.repeat_note.setWordWrap(True)

        for name in CaseInput.__dataclass_fields__:
            getattr(self, name).setObjectName(name)
            limit(getattr(self, name), "fine_case", name)

        offence = self._group(N_("Offence"), [
            (N_("Date"), "offence_date"), (N_("Time"), "offence_time"),
            (N_("Settlement"), "settlement_id"), (N_("Place (address)"), "offence_address"),
            (N_("What happened"), "description"), (N_("Article of the Code"), "article_id"),
        ])  # fmt: skip
        offender = self._group(N_("Offender"), [
            (N_("Person or organisation"), "offender_kind"), (N_("Category"), "offender_category"),
            (N_("ИИН / БИН"), "iin_bin"), (N_("Surname"), "surname"),
            (N_("First name"), "first_name"), (N_("Patronymic"), "patronymic"),
            (N_("Birth date"), "birth_date"), (N_("Organisation name"), "org_name"),
            (N_("Representative"), "representative"),
            (N_("Representative's position"), "representative_position"),
            (N_("Document giving the representative authority"), "representative_authority"),
            (N_("Identity document"), "id_doc_kind"), (N_("Document No."), "id_doc_number"),
            (N_("Issued by"), "id_doc_issuer"), (N_("Issued on"), "id_doc_date"),
            (N_("Place of work or study"), "workplace"),
            (N_("Address"), "offender_address"), (N_("Phone"), "phone"),
        ])  # fmt: skip
        protocol = self._group(N_("Protocol"), [
            (N_("Protocol number"), "protocol_number"), (N_("Protocol date"), "protocol_date"),
            (N_("Time"), "protocol_time"), (N_("Place it was drawn up"), "protocol_place"),
            (N_("Drawn up by"), "author_id"), (N_("Witnesses, one per line"), "witnesses"),
            (N_("Offender's explanation"), "explanation"), (N_("Note"), "note"),
        ])  # fmt: skip
        self.errors.labels["protocol_author"] = self.errors.labels["author_id"]
        proceedings = self._group(N_("Proceedings"), [
            (N_("Language of proceedings"), "language"), (N_("Interpreter"), "interpreter"),
            (N_("Hearing date"), "hearing_date"), (N_("Hearing time"), "hearing_time"),
            (N_("Place of the hearing"), "hearing_place"), (N_("ЕРАП number"), "erap_number"),
            (N_("ЕРАП registration date"), "erap_date"),
        ])  # fmt: skip
        protocol.layout().addRow(self.refused_to_sign)
        protocol.layout().addRow(self.admits_offence)
        protocol.layout().addRow(self.admits_hint)
        sanction = self._group(N_("Sanction"), [
            (N_("Penalty"), "penalty"), (N_("Number of МРП"), "mrp_count"),
        ])  # fmt: skip
        sanction.layout().addRow(self.suggestion)
        offence.layout().addRow(self.repeat_note)
        labels.add(self.refused_to_sign.setText, N_("The offender refused to sign"))
        labels.add(self.admits_offence.setText, N_("The offender admits the offence"))
        labels.add(self.admits_hint.setText,
                   N_("A fine may then be paid at 50% within the window the law gives."))  # fmt: skip

        # Two columns of about equal height: the offence with its sanction (the article
        # suggests it) and the protocol; the offender and how the case will be heard.
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(offence)
        left.addWidget(sanction)
        left.addWidget(protocol)
        left.addStretch(1)
        right.addWidget(offender)
        right.addWidget(proceedings)
        right.addStretch(1)
        row = QHBoxLayout(self)
        row.addLayout(left, 1)
        row.addLayout(right, 1)

        self._articles: dict[str, object] = {}
        self._iin = ""  # the ИИН the birth date was last taken from
        self.offender_kind.currentIndexChanged.connect(self._kind_changed)
        self.offence_date.changed.connect(lambda: self._load_articles())
        self.article_id.currentIndexChanged.connect(lambda _i: self._suggest())
        self.offender_category.currentIndexChanged.connect(lambda _i: self._suggest())
        self.penalty.currentIndexChanged.connect(lambda _i: self._suggest())
        self.iin_bin.editingFinished.connect(self._iin_entered)
        self.article_id.currentIndexChanged.connect(lambda _i: self._check_repeat())
        self.case_id: uuid.UUID | None = None  # the case being corrected: not its own prior
        self._fill_static()
        self._load_articles()
        self._kind_changed()

    def _group(self, title: str, rows: list[tuple[str, str]]) -> QGroupBox:
        box = QGroupBox()
        self.groups.append((box, title))
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for label, name in rows:
            self.labels.row(form, label, self.errors.wrap(name, getattr(self, name)))
        return box

    # --- choices ------------------------------------------------------------------------
    def _fill_static(self) -> None:
        self.offender_kind.clear()
        for value, label in KINDS:
            self.offender_kind.addItem(tr(label), value)
        self.penalty.clear()
        for value, label in PENALTIES:
            self.penalty.addItem(tr(label), value)
        self.language.clear()
        for value, label in LANGUAGE_LABELS.items():
            self.language.addItem(tr(label), value)
        set_combo_data(self.language, self.ui_lang)  # a new case: the language of the screen
        self.id_doc_kind.clear()
        self.id_doc_kind.addItem("—", "")
        for value, label in ID_DOCUMENTS.items():
            self.id_doc_kind.addItem(tr(label), value)
        self.settlement_id.clear()
        self.settlement_id.addItem("—", None)
        self.author_id.clear()
        self.author_id.addItem("—", None)
        with self.db.read() as s:
            for st in refdata.settlements(s):
                self.settlement_id.addItem(st.name(self.ui_lang), str(st.id))
            for o in officials.listing(s):
                text = f"{o.full_name} · {o.position(self.ui_lang)}"
                self.author_id.addItem(
                    text if o.active else text + " (" + tr("inactive") + ")", str(o.id)
                )

    def _kind_changed(self) -> None:
        person = self.offender_kind.currentData() == "person"
        current = self.offender_category.currentData()
        self.offender_category.blockSignals(True)
        self.offender_category.clear()
        cats = ("individual", "official") if person else ("small", "medium", "large")
        for c in cats:
            self.offender_category.addItem(tr(CATEGORY_LABELS[c]), c)
        set_combo_data(self.offender_category, current)
        self.offender_category.blockSignals(False)
        for name in ("surname", "first_name", "patronymic", "birth_date"):
            self._row_visible(name, person)
        for name in ("id_doc_kind", "id_doc_number", "id_doc_issuer", "id_doc_date", "workplace"):
            self._row_visible(name, person)
        for name in ("org_name", "representative", "representative_position",
                     "representative_authority"):  # fmt: skip
            self._row_visible(name, not person)
        self._suggest()

    def _row_visible(self, name: str, visible: bool) -> None:
        field = getattr(self, name)
        box = field.parentWidget()
        form = box.parentWidget().layout()
        if isinstance(form, QFormLayout):
            form.setRowVisible(box, visible)

    def _load_articles(self) -> None:
        day = self.offence_date.value() or date.today()
        current = self.article_id.currentData()
        self.article_id.blockSignals(True)
        self.article_id.clear()
        self.article_id.addItem("—", None)
        with self.db.read() as s:
            arts = refdata.articles_valid_on(s, day)
            self._articles = {str(a.id): a for a in arts}
            for a in arts:
                title = a.title(self.ui_lang)
                self.article_id.addItem(f"{a.code} · {title}", str(a.id))
        set_combo_data(self.article_id, current)
        self.article_id.blockSignals(False)
        self._suggest()

    def _suggest(self) -> None:
        article = self._articles.get(str(self.article_id.currentData()))
        self.mrp_count.setEnabled(self.penalty.currentData() == "fine")
        if article is None:
            self.suggestion.clear()
            return
        sanction = article.sanction_for(self.offender_category.currentData())  # type: ignore[attr-defined]
        if self.penalty.currentData() == "warning":
            text = (
                tr("Warning allowed.")
                if article.warning_allowed
                else tr("This article does not allow a warning.")
            )  # type: ignore[attr-defined]
        elif sanction is None:
            text = tr("The article sets no fine for this category of offender; ask the district.")
        else:
            if (
                not self.mrp_count.value()
                or not sanction.min_mrp <= self.mrp_count.value() <= sanction.max_mrp
            ):
                self.mrp_count.setValue(sanction.min_mrp)
            with self.db.read() as s:
                mrp = refdata.mrp_on(s, self.protocol_date.value() or date.today()) or 0
            text = tr("The article sets {n} МРП; 1 МРП = {mrp}, the fine is {amount}.").format(
                n=sanction.min_mrp
                if sanction.min_mrp == sanction.max_mrp
                else f"{sanction.min_mrp}–{sanction.max_mrp}",
                mrp=format_money(mrp * 100, self.ui_lang),
                amount=format_money(mrp * self.mrp_count.value() * 100, self.ui_lang),
            )
        self.suggestion.setText(text)

    def _iin_entered(self) -> None:
        """The birth date follows the ИИН it was taken from: a corrected ИИН brings its own.
        A birth date the clerk typed herself (not the old ИИН's) is left for the check."""
        value = self.iin_bin.text().strip()
        previous, self._iin = self._iin, value
        if self.offender_kind.currentData() != "person" or value == previous:
            self._check_repeat()
            return
        current = read_date(self.birth_date)
        if current is None or current == _born(previous):
            self.birth_date.set_value(_born(value))
        self._check_repeat()

    def _check_repeat(self) -> None:
        """Under the article: the part the person's earlier penalty points to, or why the chosen
        part (one for a repeat) cannot be used."""
        article = self._articles.get(str(self.article_id.currentData()))
        ident = self.iin_bin.text().strip()
        day, note = read_date(self.offence_date), None
        if article is not None and len(ident) == 12 and day is not None:
            with self.db.read() as s:
                note = repeat.suggestion(s, ident, article, day, self.case_id)
        self.repeat_note.setText(render(note) if note else "")
        self.repeat_note.setVisible(note is not None)

    # --- values -------------------------------------------------------------------------
    def value(self) -> CaseInput:
        return CaseInput(
            offence_date=read_date(self.offence_date),
            offence_time=_time(self.offence_time),
            settlement_id=_uuid(self.settlement_id.currentData()),
            offence_address=self.offence_address.text(),
            description=self.description.toPlainText(),
            article_id=_uuid(self.article_id.currentData()),
            offender_kind=self.offender_kind.currentData(),
            offender_category=self.offender_category.currentData(),
            iin_bin=self.iin_bin.text().strip(),
            surname=self.surname.text(),
            first_name=self.first_name.text(),
            patronymic=self.patronymic.text(),
            birth_date=read_date(self.birth_date),
            org_name=self.org_name.text(),
            representative=self.representative.text(),
            offender_address=self.offender_address.text(),
            phone=self.phone.text(),
            protocol_number=self.protocol_number.text(),
            protocol_date=read_date(self.protocol_date),
            protocol_author=self.protocol_author.text(),
            witnesses=self.witnesses.toPlainText(),
            explanation=self.explanation.toPlainText(),
            refused_to_sign=self.refused_to_sign.isChecked(),
            admits_offence=self.admits_offence.isChecked(),
            penalty=self.penalty.currentData(),
            mrp_count=self.mrp_count.value() if self.penalty.currentData() == "fine" else None,
            note=self.note.toPlainText(),
            author_id=_uuid(self.author_id.currentData()),
            protocol_time=_time(self.protocol_time),
            protocol_place=self.protocol_place.text(),
            language=self.language.currentData(),
            interpreter=self.interpreter.text(),
            id_doc_kind=self.id_doc_kind.currentData() or "",
            id_doc_number=self.id_doc_number.text(),
            id_doc_issuer=self.id_doc_issuer.text(),
            id_doc_date=read_date(self.id_doc_date),
            workplace=self.workplace.text(),
            representative_position=self.representative_position.text(),
            representative_authority=self.representative_authority.text(),
            hearing_date=read_date(self.hearing_date),
            hearing_time=_time(self.hearing_time),
            hearing_place=self.hearing_place.text(),
            erap_number=self.erap_number.text(),
            erap_date=read_date(self.erap_date),
        )

    def set_value(self, data: CaseInput) -> None:
        if data.offence_date:
            self.offence_date.set_value(data.offence_date)
        self.offence_time.setText(data.offence_time)
        set_combo_data(self.settlement_id, _str(data.settlement_id))
        self.offence_address.setText(data.offence_address)
        self.description.setPlainText(data.description)
        self._load_articles()
        set_combo_data(self.article_id, _str(data.article_id))
        set_combo_data(self.offender_kind, data.offender_kind)
        self._kind_changed()
        set_combo_data(self.offender_category, data.offender_category)
        self.iin_bin.setText(data.iin_bin)
        self._iin = data.iin_bin
        for name in ("surname", "first_name", "patronymic", "org_name", "representative",
                     "offender_address", "phone", "protocol_number", "protocol_author",
                     "protocol_time", "protocol_place", "interpreter", "id_doc_number",
                     "id_doc_issuer", "workplace", "representative_position",
                     "representative_authority", "hearing_time", "hearing_place",
                     "erap_number"):  # fmt: skip
            getattr(self, name).setText(getattr(data, name))
        for name in ("birth_date", "protocol_date", "id_doc_date", "hearing_date", "erap_date"):
            if getattr(data, name):
                getattr(self, name).set_value(getattr(data, name))
        set_combo_data(self.author_id, _str(data.author_id))
        set_combo_data(self.language, data.language)
        set_combo_data(self.id_doc_kind, data.id_doc_kind)
        self.witnesses.setPlainText(data.witnesses)
        self.explanation.setPlainText(data.explanation)
        self.note.setPlainText(data.note)
        self.refused_to_sign.setChecked(data.refused_to_sign)
        self.admits_offence.setChecked(data.admits_offence)
        set_combo_data(self.penalty, data.penalty)
        self.mrp_count.setValue(data.mrp_count or 0)
        self._suggest()
        self._check_repeat()

    def lock_decided_fields(self) -> None:
        """After a decision the sanction and legal facts change only by their own events."""
        for name in ("offence_date", "article_id", "offender_kind", "offender_category",
                     "iin_bin", "protocol_date", "penalty", "mrp_count", "admits_offence",
                     "language", "hearing_date", "hearing_time", "hearing_place"):  # fmt: skip
            getattr(self, name).setEnabled(False)

    def retranslate(self, lang: str) -> None:
        self.ui_lang = lang
        for box, title in self.groups:
            box.setTitle(tr(title))
        for i, (_v, label) in enumerate(KINDS):
            self.offender_kind.setItemText(i, tr(label))
        for i, (_v, label) in enumerate(PENALTIES):
            self.penalty.setItemText(i, tr(label))
        for i in range(self.offender_category.count()):
            self.offender_category.setItemText(
                i, tr(CATEGORY_LABELS[self.offender_category.itemData(i)])
            )
        for i, label in enumerate(LANGUAGE_LABELS.values()):
            self.language.setItemText(i, tr(label))
        for i, label in enumerate(ID_DOCUMENTS.values(), start=1):
            self.id_doc_kind.setItemText(i, tr(label))
        self._load_articles()
        self._check_repeat()

    def today(self) -> date:
        return date.today()
