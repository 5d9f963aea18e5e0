"""After signing: where and when the minutes were published, and what the akim did with each
adopted decision, with the days left (from Settings → Assemblies) or how late it is."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from akimdesk.domain.assemblies import CONSIDERATIONS, PUBLICATION_CHANNELS
from akimdesk.i18n import N_, format_date
from akimdesk.i18n import _ as tr
from akimdesk.services.assemblies import follow_up
from akimdesk.services.assemblies.follow_up import FollowUp
from akimdesk.services.assemblies.queries import MeetingView
from akimdesk.services.assemblies.validation import ConsiderationInput, PublicationInput
from akimdesk.ui.common.action_dialog import ActionDialog, Field
from akimdesk.ui.context import AppContext

LATE = "color: #b00020; font-weight: bold;"


class FollowUpTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.view: MeetingView | None = None
        self.state: FollowUp | None = None
        self.published = QLabel()
        self.published.setObjectName("publication_state")
        self.published.setWordWrap(True)
        self.publish_button = QPushButton()
        self.publish_button.setObjectName("record_publication")
        self.publish_button.clicked.connect(self.record_publication)
        self.publication = QGroupBox()
        p = QVBoxLayout(self.publication)
        p.addWidget(self.published)
        row = QHBoxLayout()
        row.addWidget(self.publish_button)
        row.addStretch(1)
        p.addLayout(row)
        self.considered = QLabel()
        self.considered.setObjectName("consideration_state")
        self.considered.setWordWrap(True)
        self.decisions = QTableWidget(0, 4)
        self.decisions.setObjectName("decisions")
        self.decisions.verticalHeader().hide()
        self.decisions.horizontalHeader().setStretchLastSection(True)
        self.decisions.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.decisions.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.consider_button = QPushButton()
        self.consider_button.setObjectName("record_consideration")
        self.consider_button.clicked.connect(self.record_consideration)
        self.consideration = QGroupBox()
        c = QVBoxLayout(self.consideration)
        c.addWidget(self.considered)
        c.addWidget(self.decisions, 1)
        row = QHBoxLayout()
        row.addWidget(self.consider_button)
        row.addStretch(1)
        c.addLayout(row)
        lay = QVBoxLayout(self)
        lay.addWidget(self.publication)
        lay.addWidget(self.consideration, 1)

    def _adopted(self) -> list[Any]:
        return [item for item, o in self.view.items if o.adopted] if self.view else []

    def load(self, view: MeetingView | None) -> None:
        self.view = view
        signed = bool(view and view.meeting.signed)
        self.state = None
        if signed:
            assert view is not None
            with self.ctx.db.read() as s:
                self.state = follow_up.follow_up(s, view.meeting.id, date.today())
        may = self.ctx.actor.may
        self.publish_button.setEnabled(signed and may("meeting.publication"))
        self.consider_button.setEnabled(
            signed and bool(self._adopted()) and may("meeting.consider")
        )
        self.show_state()

    def show_state(self) -> None:
        lang = self.ctx.language.current
        m = self.view.meeting if self.view else None
        st = self.state
        if m is None or not m.signed or st is None:
            self.published.setText(tr("Minutes are published and considered once signed."))
            self.considered.setText("")
        elif m.published_on:
            self.published.setText(tr("Published on {date}: {channel}, {place} ({who}).").format(
                date=format_date(m.published_on, lang),
                channel=tr(PUBLICATION_CHANNELS.get(m.published_channel, "")),
                place=m.published_place, who=m.published_by))  # fmt: skip
        else:
            self.published.setText(tr("Not published yet; due by {date}.").format(
                date=format_date(st.publish_by, lang)) + (" " + tr("Late.") if st.publish_late else ""))  # fmt: skip
        self.published.setStyleSheet(LATE if st and st.publish_late else "")
        if m is not None and m.signed and st is not None:
            self.considered.setText(
                tr("Decisions the akim has not considered yet: {n}; due by {date}.").format(
                    n=st.unconsidered, date=format_date(st.consider_by, lang))
                + (" " + tr("Late.") if st.consider_late else ""))  # fmt: skip
        self.considered.setStyleSheet(LATE if st and st.consider_late else "")
        rows = self._adopted()
        self.decisions.setRowCount(len(rows))
        for r, item in enumerate(rows):
            result = tr(CONSIDERATIONS[item.consideration_result]) if item.considered_on else ""
            cells = [f"{item.position}. {item.title(lang)}", format_date(item.considered_on, lang),
                     result, item.consideration]  # fmt: skip
            for col, text in enumerate(cells):
                self.decisions.setItem(r, col, QTableWidgetItem(text))
        self.decisions.resizeColumnsToContents()

    def record_publication(self) -> None:
        if self.view is None:
            return
        m = self.view.meeting
        fields = [
            Field("published_on", N_("Published on"), "date", default=m.published_on),
            Field("channel", N_("Published where"), "choice",
                  choices=list((v, k) for k, v in PUBLICATION_CHANNELS.items())),
            Field("place", N_("Address or place of publication"), "text", default=m.published_place),
            Field("by", N_("Published by"), "text", default=m.published_by or self.ctx.actor.name),
        ]  # fmt: skip
        if m.published_on:
            fields.append(Field("reason", N_("Reason for the correction"), "reason"))

        def submit(v: dict[str, Any]) -> None:
            follow_up.record_publication(self.ctx.db, self.ctx.actor, m.id, PublicationInput(
                v["published_on"], v["channel"], v["place"], v["by"]), v.get("reason", ""))  # fmt: skip

        if ActionDialog(self, tr("Publication of the minutes"), fields, submit).exec():
            self.reload()

    def record_consideration(self) -> None:
        rows = self._adopted()
        if not rows:
            return
        chosen = self.decisions.currentRow()
        item = rows[chosen] if 0 <= chosen < len(rows) else rows[0]
        fields = [
            Field("considered_on", N_("Considered by the akim on"), "date", default=item.considered_on),
            Field("result", N_("Akim's consideration"), "choice",
                  choices=list((v, k) for k, v in CONSIDERATIONS.items())),
            Field("text", N_("What was done, or why not"), "reason"),
            Field("by", N_("Considered by"), "text", default=item.considered_by or self.ctx.actor.name),
        ]  # fmt: skip
        if item.considered_on:
            fields.append(Field("reason", N_("Reason for the correction"), "reason"))
        item_id: uuid.UUID = item.id

        def submit(v: dict[str, Any]) -> None:
            follow_up.record_consideration(self.ctx.db, self.ctx.actor, item_id, ConsiderationInput(
                v["considered_on"], v["result"], v["text"], v["by"]), v.get("reason", ""))  # fmt: skip

        title = tr("Item {n}: the akim's consideration").format(n=item.position)
        if ActionDialog(self, title, fields, submit).exec():
            self.reload()

    def reload(self) -> None:
        from akimdesk.services.assemblies import queries

        if self.view is not None:
            self.load(queries.load(self.ctx.db, self.view.meeting.id))

    def retranslate_ui(self) -> None:
        self.publication.setTitle(tr("Publication"))
        self.consideration.setTitle(tr("The akim's consideration of the decisions"))
        self.publish_button.setText(tr("Record publication…"))
        self.consider_button.setText(tr("Record the akim's consideration…"))
        self.decisions.setHorizontalHeaderLabels([tr("Decision of the meeting"), tr("Considered on"),
                                                  tr("Result"), tr("What was done, or why not")])  # fmt: skip
        self.show_state()
