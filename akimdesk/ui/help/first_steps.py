"""The main window's first steps: what a new office still has to do, each line opening the place
where it is done and its page of the guide; gone when everything is done or it is put away."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from akimdesk.i18n import N_
from akimdesk.i18n import _ as tr
from akimdesk.services import first_steps, settings
from akimdesk.services.errors import ValidationError
from akimdesk.storage.changes import FINES, SETTINGS, SYNC
from akimdesk.ui.common.forms import error
from akimdesk.ui.common.tasks import failure_text
from akimdesk.ui.context import AppContext

if TYPE_CHECKING:
    from akimdesk.ui.main_window import MainWindow

# step -> (what to do, the page of the guide)
STEPS = {
    "officials": (N_("Enter the officials: the akim and those who draw up protocols "
                     "(Settings → Officials)."), "officials-accounts"),
    "first_case": (N_("Enter the first case, or bring in the old Excel journal (Fines)."),
                   "fine-protocol"),
    "district": (N_("Link this PC to the district server: the district's IT specialist gives "
                    "its address and a token (Sync)."), "sync"),
}  # fmt: skip


class FirstStepsPanel(QFrame):
    def __init__(self, ctx: AppContext, window: MainWindow) -> None:
        super().__init__()
        self.ctx, self.main = ctx, window
        self.setObjectName("first_steps")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#first_steps { background: #eef5ff; }")
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 11pt;")
        self.hide_button = QPushButton(objectName="first_steps_hide")
        self.hide_button.clicked.connect(self.dismiss)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.hide_button)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.marks, self.texts, self.open_buttons, self.help_buttons = {}, {}, {}, {}
        for row, step in enumerate(STEPS):
            self.marks[step], self.texts[step] = QLabel(), QLabel()
            self.texts[step].setWordWrap(True)
            self.open_buttons[step] = QPushButton(objectName=f"first_steps_{step}")
            self.open_buttons[step].clicked.connect(lambda _c=False, s=step: self.open_step(s))
            self.help_buttons[step] = QPushButton(objectName=f"first_steps_{step}_help")
            self.help_buttons[step].clicked.connect(lambda _c=False, s=step: self.open_help(s))
            for col, w in enumerate((self.marks[step], self.texts[step], self.open_buttons[step],
                                     self.help_buttons[step])):  # fmt: skip
                grid.addWidget(w, row, col)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        lay.addLayout(top)
        lay.addLayout(grid)
        ctx.language.changed.connect(self.retranslate_ui)
        # Officials are settings, a case is in fines, the link is the sync's own state.
        ctx.bus.subscribe(self, FINES | SETTINGS | SYNC, self.refresh)
        self.retranslate_ui()

    def refresh(self) -> None:
        state = first_steps.status(self.ctx.db)
        self.setVisible(state.shown)
        for step, done in state.done.items():
            self.marks[step].setText("✔" if done else "○")
            self.marks[step].setStyleSheet("color: #1b6e20; font-size: 13pt;" if done
                                           else "color: #123a6b; font-size: 13pt;")  # fmt: skip
            self.texts[step].setStyleSheet("color: #666666;" if done else "")

    def open_step(self, step: str) -> None:
        """The place where the step is done, with its page of the guide beside it (shown once the
        place is open: a dialog that waits for an answer must be the help window's parent)."""
        QTimer.singleShot(0, lambda: self.open_help(step))
        if step == "officials":
            screen = self.main.show_screen("settings")
            screen.tabs.setCurrentWidget(screen.officials)  # type: ignore[attr-defined]
        elif step == "first_case":
            self.main.show_screen("fines").open_case(None)  # type: ignore[attr-defined]
        else:
            self.main.show_screen("sync").link()  # type: ignore[attr-defined]

    def open_help(self, step: str) -> None:
        from akimdesk.ui.help.controller import help_controller

        help_controller(self.ctx.language).show_page(STEPS[step][1])

    def dismiss(self) -> None:
        try:
            settings.dismiss_first_steps(self.ctx.db, self.ctx.actor)
        except ValidationError as exc:
            error(self, failure_text(exc))
            return
        self.hide()

    def retranslate_ui(self, _lang: str | None = None) -> None:
        self.title.setText(tr("First steps"))
        self.hide_button.setText(tr("Hide this list"))
        self.hide_button.setToolTip(tr("Every step stays in the guide (F1)."))
        for step, (text, _page) in STEPS.items():
            self.texts[step].setText(tr(text))
            self.open_buttons[step].setText(tr("Open"))
            self.help_buttons[step].setText(tr("Help"))
        self.refresh()
