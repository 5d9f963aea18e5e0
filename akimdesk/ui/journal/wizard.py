"""The import window: the same steps as `akimdesk import` on the command line. The file and its
sheet → the header row found and each column's field (a drop-down to change it, remembered for
files with the same headers) → the first 20 rows as they will be stored, from a trial of the
whole file → the import with progress → the report, with "Save the rows with errors".

Reading, the trial and the import run off the UI thread with progress; the services do the work.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from akimdesk.i18n import N_, render
from akimdesk.i18n import _ as tr
from akimdesk.services import journal
from akimdesk.ui.common.forms import error, info
from akimdesk.ui.common.tasks import failure_text, run_task
from akimdesk.ui.context import AppContext
from akimdesk.ui.journal.pages import ColumnsPage, FilePage, PreviewPage, ReportPage

STEPS = (N_("The file"), N_("Columns"), N_("The first rows"), N_("Report"))
TITLES = {"fines": N_("Import cases"), "assets": N_("Import assets")}
PREVIEW_ROWS = 20


class ImportWizard(QDialog):
    def __init__(self, ctx: AppContext, register: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.register_name = ctx, register
        if register == "assets":
            from akimdesk.services.property import import_export
        else:
            from akimdesk.services.fines import import_export  # type: ignore[no-redef]  # either register: same names
        self.io: Any = import_export
        self.register = import_export.REGISTER
        self.options = journal.Options()
        self.path = ""
        self.plan: journal.Plan | None = None
        self._shown_plan: journal.Plan | None = None  # the plan the columns page shows
        self.report: journal.ImportReport | None = None  # the last import's
        self.resize(1200, 660)

        self.step = QLabel()
        self.step.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.file_page = FilePage(self.choose_file, self.reread)
        self.columns_page = ColumnsPage(self._columns_changed)
        self.preview_page = PreviewPage(self.add_category, self.trial)
        self.report_page = ReportPage(self.save_errors)
        self.pages = QStackedWidget()
        for page in (self.file_page, self.columns_page, self.preview_page, self.report_page):
            self.pages.addWidget(page)
        self.back_button, self.next_button, self.close_button = (
            QPushButton(),
            QPushButton(),
            QPushButton(),
        )
        self.back_button.setObjectName("journal_back")
        self.next_button.setObjectName("journal_next")
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(self.step)
        lay.addWidget(self.pages, 1)
        lay.addLayout(buttons)
        ctx.language.changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    # --- steps ------------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _f = QFileDialog.getOpenFileName(
            self, tr(TITLES[self.register_name]), "", tr("Tables") + " (*.xlsx *.xlsm *.csv)"
        )
        if path:
            self.open_file(path)

    def open_file(self, path: str) -> None:
        """Reads `path` and finds its table (also for a file dropped in by a test)."""
        self.path = path
        self.options = journal.Options()
        self.file_page.path.setText(path)
        self._read()

    def reread(self) -> None:
        if not self.path:
            return
        self.options.sheet = self.file_page.sheet.currentText() or None
        self.options.header_row = self.file_page.header_row.value() or None
        self._read()

    def _read(self) -> None:
        def done(plan: journal.Plan) -> None:
            self.plan = plan
            self.file_page.fill(plan.report, len(plan.rows))
            self._update_buttons()

        def failed(exc: Exception) -> None:
            self.plan = None
            self.file_page.fill(None, 0)
            self.file_page.found.setText(failure_text(exc))
            self._update_buttons()

        options = self.options
        run_task(self, tr("Reading the file…"),
                 lambda _p: self.io.plan(self.ctx.db, self.path, options), done, failed)  # fmt: skip

    def _show_columns(self) -> None:
        assert self.plan is not None
        report = self.plan.report
        needed = [
            alts[0] for alts in journal.lacking(self.register, report.columns, self.options.values)
        ]
        self.columns_page.fill(self.register, report.columns, self.options.values, needed)
        self.columns_page.problem.clear()

    def _columns_changed(self) -> None:
        self.options.columns = self.columns_page.choices()
        self.options.values = self.columns_page.typed()
        self.columns_page.problem.clear()

    def trial(self) -> None:
        """The whole file imported and rolled back: the first rows and what would happen."""

        def done(report: journal.ImportReport) -> None:
            if report.problem is not None:
                self.columns_page.problem.setText(render(report.problem))
                self.pages.setCurrentIndex(1)
            else:
                chosen = self.options.names.get("category", {})
                self.preview_page.fill(report, self._categories(), chosen)
                self.pages.setCurrentIndex(2)

        self._import(tr("Reading the rows…"), True, done)

    def run_import(self) -> None:
        def done(report: journal.ImportReport) -> None:
            self.report = report
            self.report_page.fill(journal.describe(report, limit=200), len(report.refused))
            self.pages.setCurrentIndex(3)

        self._import(tr("Importing…"), False, done)

    def _import(self, title: str, trial: bool, done: Any) -> None:
        """The service's import off the UI thread, with progress; a trial rolls back."""
        if self.register_name == "assets":  # the person's choices for unknown names, kept
            self.options.names.setdefault("category", {}).update(self.preview_page.choices())
        options = journal.Options(**{**vars(self.options), "dry_run": trial,
                                     "preview": PREVIEW_ROWS if trial else 0})  # fmt: skip

        def finished(report: journal.ImportReport) -> None:
            done(report)
            self._update_buttons()

        run_task(self, title, lambda p: self.io.import_file(
            self.ctx.db, self.ctx.actor, self.path, progress=p, options=options), finished,
            self._failed)  # fmt: skip

    def _failed(self, exc: Exception) -> None:
        error(self, failure_text(exc))

    def add_category(self, name: str) -> None:
        from akimdesk.ui.property.screen import new_category

        if new_category(self, self.ctx, name):
            self.trial()

    def _categories(self) -> list[tuple[str, str]]:
        if self.register_name != "assets":
            return []
        from akimdesk.services.property import queries

        lang = self.ctx.language.current
        with self.ctx.db.read() as s:
            return [(c.name(lang), c.code) for c in queries.categories(s)]

    def save_errors(self) -> None:
        if self.report is None:
            return
        path, _f = QFileDialog.getSaveFileName(
            self, tr("Save the rows with errors…"), "errors.xlsx", "Excel (*.xlsx)"
        )
        if path:
            n = journal.write_errors(self.report, path)
            info(self, tr("Rows with errors saved: {n}. Fix them in the file, then import it "
                          "again.").format(n=n))  # fmt: skip

    # --- navigation -------------------------------------------------------------------------
    def next(self) -> None:
        i = self.pages.currentIndex()
        if i == 0 and self.plan is not None:
            if self._shown_plan is not self.plan:  # a new file or sheet: its own columns
                self._show_columns()
                self._shown_plan = self.plan
            self.pages.setCurrentIndex(1)
        elif i == 1:
            self._columns_changed()
            self.trial()
        elif i == 2:
            self.run_import()
        self._update_buttons()

    def back(self) -> None:
        self.pages.setCurrentIndex(max(self.pages.currentIndex() - 1, 0))
        self._update_buttons()

    def _update_buttons(self) -> None:
        i = self.pages.currentIndex()
        found = self.plan is not None and self.plan.report.header_row is not None
        self.back_button.setEnabled(0 < i < 3)
        self.next_button.setVisible(i < 3)
        self.next_button.setEnabled(i > 0 or found)
        self.next_button.setText(tr("Import") if i == 2 else tr("Next"))
        self.close_button.setText(tr("Close") if i == 3 else tr("Cancel"))
        self.step.setText(tr("Step {n} of {total}: {name}").format(
            n=i + 1, total=len(STEPS), name=tr(STEPS[i])))  # fmt: skip

    def retranslate_ui(self, _lang: str | None = None) -> None:
        self.setWindowTitle(tr(TITLES[self.register_name]))
        for page in (self.file_page, self.columns_page, self.preview_page, self.report_page):
            page.retranslate()
        self.back_button.setText(tr("Back"))
        self._update_buttons()
