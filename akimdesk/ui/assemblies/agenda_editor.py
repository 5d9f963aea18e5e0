"""One agenda item: its kind, wording in the language of the minutes and the other, speakers, the
vote with its outcome computed live from the office's rules (and from fewer present, when people
had left by then), and the decision or what was proposed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from akimdesk.domain.assemblies import AGENDA_KINDS, MeetingRules, Quorum, at_vote, outcome
from akimdesk.i18n import N_, render
from akimdesk.i18n import _ as tr
from akimdesk.models import AgendaItem
from akimdesk.services.assemblies.validation import ItemInput
from akimdesk.ui.common.forms import FieldErrors, Labels, limit, line, set_combo_data

VOTES = ("votes_for", "votes_against", "votes_abstained")
SPEAKER_KEYS = ("name", "summary", "summary_other")
IN_LANGUAGE = {"kk": N_("The same in Kazakh"), "ru": N_("The same in Russian")}


def text_box(height: int = 56) -> QPlainTextEdit:
    w = QPlainTextEdit()
    w.setFixedHeight(height)
    w.setTabChangesFocus(True)
    return w


class AgendaEditor(QWidget):
    save_requested = Signal()

    def __init__(self, quorum: Callable[[], Quorum], rules: MeetingRules) -> None:
        super().__init__()
        self.quorum, self.rules = quorum, rules
        self.labels, self.errors = Labels(), FieldErrors()
        self.text_labels: dict[str, QLabel] = {}
        self.kind = QComboBox()
        self.title_kk, self.title_ru = text_box(), text_box()
        self.rapporteur = line(max_len=200)
        self.speakers = QTableWidget(0, 3)
        self.speakers.setObjectName("speakers")
        self.speakers.setFixedHeight(110)
        self.speakers.verticalHeader().hide()
        for col in (1, 2):
            self.speakers.horizontalHeader().setSectionResizeMode(
                col, QHeaderView.ResizeMode.Stretch
            )
        self.speakers.setColumnWidth(0, 150)
        self.add_speaker = QPushButton()
        self.add_speaker.clicked.connect(lambda: self.speakers.insertRow(self.speakers.rowCount()))
        self.voted = QCheckBox()
        self.voted.setObjectName("voted")
        self.votes = {name: QSpinBox() for name in VOTES}
        for name, box in self.votes.items():
            box.setObjectName(name)
            box.setRange(0, 100_000)
            box.valueChanged.connect(lambda _v: self.refresh_outcome())
        self.voted.toggled.connect(self._voted_toggled)
        # 0 shows "as at the meeting": only a smaller count, when people had left, is kept.
        self.present_at_vote = QSpinBox()
        self.present_at_vote.setObjectName("present_at_vote")
        self.present_at_vote.setRange(0, 100_000)
        self.present_at_vote.valueChanged.connect(lambda _v: self.refresh_outcome())
        self.language = "kk"
        self.outcome = QLabel()
        self.outcome.setObjectName("item_outcome")
        self.outcome.setWordWrap(True)
        self.decision_kk, self.decision_ru = text_box(80), text_box(80)
        self.save_button = QPushButton()
        self.save_button.setObjectName("save_item")
        self.save_button.clicked.connect(self.save_requested.emit)

        form = QFormLayout()
        # Long labels (Russian) go above their field rather than push the form sideways.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        vote_row = QHBoxLayout()
        vote_row.addWidget(self.voted)
        self.vote_labels = [QLabel() for _ in VOTES]
        for label, name in zip(self.vote_labels, VOTES, strict=True):
            vote_row.addWidget(label)
            vote_row.addWidget(self.votes[name])
        vote_row.addStretch(1)
        votes_box = QWidget()
        votes_box.setLayout(vote_row)
        vote_row.setContentsMargins(0, 0, 0, 0)
        speakers_box = QWidget()
        sp = QVBoxLayout(speakers_box)
        sp.setContentsMargins(0, 0, 0, 0)
        sp.addWidget(self.speakers)
        sp.addWidget(self.add_speaker)
        for name, msgid, widget in [
            ("kind", N_("Kind of question"), self.kind),
            ("title_kk", N_("Question (Kazakh)"), self.title_kk),
            ("title_ru", N_("Question (Russian)"), self.title_ru),
            ("rapporteur", N_("Rapporteur"), self.rapporteur),
            ("speakers", N_("Speakers"), speakers_box),
            ("votes_for", N_("Vote"), votes_box),
            ("present_at_vote", N_("Present at this vote"), self.present_at_vote),
            ("decision_kk", N_("Text of the decision (Kazakh)"), self.decision_kk),
            ("decision_ru", N_("Text of the decision (Russian)"), self.decision_ru),
        ]:
            widget.setObjectName(widget.objectName() or name)
            limit(widget, "agenda_item", name)
            label = self.labels.label(msgid)
            if name.startswith(("title_", "decision_")):
                self.text_labels[name] = label
            form.addRow(label, self.errors.wrap(name, widget))
        form.addRow("", self.outcome)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(form)
        lay.addWidget(self.errors.general)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        lay.addLayout(bottom)
        self.clear()

    def _voted_toggled(self, on: bool) -> None:
        for box in (*self.votes.values(), self.present_at_vote):
            box.setEnabled(on and self.isEnabled())
        self.refresh_outcome()

    def clear(self) -> None:
        self.load(None)

    def load(self, item: AgendaItem | None) -> None:
        self.errors.clear()
        set_combo_data(self.kind, item.kind if item else "other")
        self.title_kk.setPlainText(item.title_kk if item else "")
        self.title_ru.setPlainText(item.title_ru if item else "")
        self.rapporteur.setText(item.rapporteur if item else "")
        speakers = item.speakers if item else []
        self.speakers.setRowCount(max(len(speakers), 2))
        for r in range(self.speakers.rowCount()):
            s = speakers[r] if r < len(speakers) else {}
            for c, key in enumerate(SPEAKER_KEYS):
                self.speakers.setItem(r, c, QTableWidgetItem(s.get(key, "")))
        self.present_at_vote.setValue((item.present_at_vote or 0) if item else 0)
        voted = item is None or any(v is not None for v in item.votes)
        self.voted.setChecked(voted)
        for name in VOTES:
            self.votes[name].setValue((getattr(item, name) or 0) if item else 0)
        self.decision_kk.setPlainText(item.decision_kk if item else "")
        self.decision_ru.setPlainText(item.decision_ru if item else "")
        self._voted_toggled(voted)
        self.mark_clean()

    def mark_clean(self) -> None:
        self._clean = self.data()

    def is_dirty(self) -> bool:
        """Typed into and not saved (closing the meeting asks about it)."""
        return self.save_button.isEnabled() and self.data() != self._clean

    def data(self) -> ItemInput:
        speakers = []
        for r in range(self.speakers.rowCount()):
            cells = [self.speakers.item(r, c) for c in range(len(SPEAKER_KEYS))]
            entry = {
                k: cell.text() if cell else "" for k, cell in zip(SPEAKER_KEYS, cells, strict=True)
            }
            if any(v.strip() for v in entry.values()):
                speakers.append(entry)
        voted = self.voted.isChecked()
        return ItemInput(
            kind=self.kind.currentData(), title_kk=self.title_kk.toPlainText(),
            title_ru=self.title_ru.toPlainText(), rapporteur=self.rapporteur.text(),
            speakers=speakers,
            votes_for=self.votes["votes_for"].value() if voted else None,
            votes_against=self.votes["votes_against"].value() if voted else None,
            votes_abstained=self.votes["votes_abstained"].value() if voted else None,
            present_at_vote=(self.present_at_vote.value() or None) if voted else None,
            decision_kk=self.decision_kk.toPlainText(), decision_ru=self.decision_ru.toPlainText(),
        )  # fmt: skip

    def refresh_outcome(self) -> None:
        d = self.data() if self.voted.isChecked() else None
        votes = (d.votes_for, d.votes_against, d.votes_abstained) if d else (None, None, None)
        present = d.present_at_vote if d else None
        o = outcome(votes, at_vote(self.quorum(), present), self.rules)
        if not o.voted:
            text, color = tr("No vote: the item is recorded without a decision by vote."), "#555"
        elif o.problem is not None:  # the same refusal as "Save item" gives
            text, color = render(o.problem), "#b00020"
        elif o.without_quorum:
            text, color = tr("No quorum at this vote: no decision could be taken."), "#b00020"
        elif o.adopted:
            text, color = (
                tr("Adopted ({needed} votes for were needed).").format(needed=o.needed),
                "#1b6e20",
            )
        else:
            text, color = (
                tr("Not adopted ({needed} votes for were needed).").format(needed=o.needed),
                "#b00020",
            )
        self.outcome.setText(text)
        self.outcome.setStyleSheet(f"color: {color}; font-weight: bold;")

    def set_language(self, language: str) -> None:
        """The minutes' own texts are marked: they are required; the others are translations."""
        self.language = language
        for name, label in self.text_labels.items():
            own = name.endswith(f"_{language}")
            label.setStyleSheet("font-weight: bold;" if own else "")
        self.retranslate_ui()

    def set_read_only(self, read_only: bool) -> None:
        for w in (self.kind, self.rapporteur, self.voted, self.add_speaker, self.save_button):
            w.setEnabled(not read_only)
        for box in (self.title_kk, self.title_ru, self.decision_kk, self.decision_ru):
            box.setReadOnly(read_only)
        self.speakers.setEditTriggers(
            QTableWidget.EditTrigger.NoEditTriggers if read_only
            else QTableWidget.EditTrigger.AllEditTriggers
        )  # fmt: skip
        for box in (*self.votes.values(), self.present_at_vote):
            box.setEnabled(not read_only and self.voted.isChecked())

    def retranslate_ui(self) -> None:
        current = self.kind.currentData()
        self.kind.clear()
        for key, label in AGENDA_KINDS.items():
            self.kind.addItem(tr(label), key)
        set_combo_data(self.kind, current or "other")
        self.labels.retranslate()
        self.errors.retranslate()
        other = "ru" if self.language == "kk" else "kk"
        self.speakers.setHorizontalHeaderLabels([
            tr("Speaker"), tr("What was said, briefly"), tr(IN_LANGUAGE[other])])  # fmt: skip
        self.present_at_vote.setSpecialValueText(tr("as at the meeting"))
        for box in (self.decision_kk, self.decision_ru):
            box.setToolTip(tr("An item that is not adopted prints this text as what was proposed, "
                              "never as a decision."))  # fmt: skip
        self.present_at_vote.setToolTip(tr("If people had left before this vote, how many were "
                                           "still present: the quorum and majority count from it."))  # fmt: skip
        self.add_speaker.setText(tr("Add speaker"))
        self.voted.setText(tr("vote taken:"))
        for label, msgid in zip(
            self.vote_labels, (N_("for"), N_("against"), N_("abstained")), strict=True
        ):
            label.setText(tr(msgid))
        self.save_button.setText(tr("Save item"))
        self.refresh_outcome()
