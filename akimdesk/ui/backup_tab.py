"""Settings → Backups: the folder (a USB stick), "Back up now", when the last copy was made."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from akimdesk.i18n import N_, format_datetime
from akimdesk.i18n import _ as tr
from akimdesk.services import backup, settings
from akimdesk.ui.common.forms import FieldErrors, Labels, error, info, save_settings
from akimdesk.ui.common.tasks import failure_text, run_task
from akimdesk.ui.context import AppContext


class BackupTab(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.labels, self.errors = Labels(), FieldErrors()
        self.folder = QLineEdit()
        self.folder.setObjectName("backup.folder")
        self.browse = QPushButton()
        self.browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.folder, 1)
        row.addWidget(self.browse)
        box = QWidget()
        box.setLayout(row)
        self.warn_days = QSpinBox()
        self.warn_days.setObjectName("backup.warn_days")
        self.warn_days.setRange(1, 90)
        self.exit_hours = QSpinBox()
        self.exit_hours.setObjectName("backup.exit_hours")
        self.exit_hours.setRange(0, 168)
        self.last = QLabel()
        self.last.setObjectName("last_backup")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.save_button, self.now_button = QPushButton(), QPushButton()
        self.now_button.setObjectName("backup_now")
        self.restore_button = QPushButton()
        self.restore_button.setObjectName("restore")
        self.restore_button.clicked.connect(self.choose_restore)
        self.restore_button.setEnabled(ctx.actor.may("backup.restore"))
        self.save_button.clicked.connect(self.save)
        self.now_button.clicked.connect(self.back_up_now)
        form = QFormLayout(self)
        self.labels.row(
            form, N_("Backup folder (e.g. a USB stick)"), self.errors.wrap("backup.folder", box)
        )
        self.labels.row(form, N_("Warn when the last backup is older than, days"),
                        self.errors.wrap("backup.warn_days", self.warn_days))  # fmt: skip
        self.labels.row(form, N_("On closing, back up when the last copy is older than, hours"),
                        self.errors.wrap("backup.exit_hours", self.exit_hours))  # fmt: skip
        self.labels.row(form, N_("Last backup"), self.last)
        form.addRow(self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.now_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        self.load()

    def load(self) -> None:
        with self.ctx.db.read() as s:
            values = settings.load(s)
        self.folder.setText(values["backup.folder"] or str(backup.default_folder(self.ctx.db)))
        self.warn_days.setValue(values["backup.warn_days"])
        self.exit_hours.setValue(values["backup.exit_hours"])
        last = backup.last_backup(self.ctx.db)
        self.last.setText(format_datetime(last) if last else tr("never"))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("Backup folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    def save(self) -> None:
        folder = self.folder.text().strip()
        values = {
            "backup.folder": folder,
            "backup.warn_days": self.warn_days.value(),
            "backup.exit_hours": self.exit_hours.value(),
        }
        problem = backup.folder_problem(folder) if folder else None
        if problem is not None:
            self.errors.show({"backup.folder": problem})  # what was typed stays in the field
            return
        save_settings(self, self.ctx, self.errors, values, tr("Saved."))

    def back_up_now(self) -> None:
        db, folder = self.ctx.db, self.folder.text().strip() or None

        def done(path: object) -> None:
            self.load()
            info(self, tr("Backup saved: {path}").format(path=path))

        run_task(self, tr("Backing up…"), lambda _p: backup.automatic(db, folder), done,
                 lambda exc: error(self, failure_text(exc)))  # fmt: skip

    def choose_restore(self) -> None:
        """Pick a copy, check it off the UI thread, ask, then let the window close and restore."""
        path, _f = QFileDialog.getOpenFileName(
            self, tr("Restore from a backup"), self.folder.text(),
            tr("AkimDesk backups") + " (*.sqlite3.zst *.sqlite3)",
        )  # fmt: skip
        if path:
            run_task(self, tr("Checking the backup…"), lambda _p: backup.check_file(Path(path)),
                     lambda _r: self.confirm_restore(Path(path)),
                     lambda exc: error(self, failure_text(exc)))  # fmt: skip

    def confirm_restore(self, path: Path) -> None:
        answer = QMessageBox.question(
            self, tr("Restore from a backup"),
            tr("Replace the database with the copy {file}? The current database is kept beside "
               "it; changes made after the copy was taken are no longer in the program. AkimDesk "
               "closes the window, restores the copy and asks you to sign in again.").format(
                file=path.name),
        )  # fmt: skip
        window = self.window()
        if answer == QMessageBox.StandardButton.Yes and hasattr(window, "restore_on_close"):
            window.restore_on_close(path)

    def retranslate_ui(self) -> None:
        self.labels.retranslate()
        self.errors.retranslate()
        self.browse.setText(tr("Choose…"))
        self.save_button.setText(tr("Save"))
        self.now_button.setText(tr("Back up now"))
        self.restore_button.setText(tr("Restore from a backup…"))
        self.note.setText(tr("A compressed copy is made once a day while AkimDesk runs and when "
                             "it closes if the last copy is older than the hours above; the folder "
                             "keeps 7 daily and 4 weekly copies. Keep the stick away from the "
                             "office PC."))  # fmt: skip
        self.load()
