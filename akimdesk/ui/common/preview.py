"""Every printed document is shown first: pages rendered in the app, then saved or printed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from akimdesk.i18n import _ as tr
from akimdesk.ui.common.dialogs import fit_to_screen
from akimdesk.ui.common.forms import error, set_combo_data
from akimdesk.ui.common.tasks import failure_text, run_task
from akimdesk.ui.context import AppContext

PREVIEW_DPI = 80
PRINT_DPI = 300
PREVIEW_PAGES = 20
LANGS = [("kk", "Қазақша"), ("ru", "Русский"), ("both", "Қазақша + Русский")]


def page_images(data: bytes, dpi: int, limit: int | None = None) -> Iterator[QImage]:
    """Pages one at a time: a 400-page register never sits in memory as 400 pictures."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        for i in range(len(pdf) if limit is None else min(limit, len(pdf))):
            page = pdf[i]
            # RGB straight from pdfium's buffer into a QImage: no Pillow (19 MB less in a bundle).
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
            raw = bytes(bitmap.buffer)
            fmt = (
                QImage.Format.Format_RGB888
                if bitmap.n_channels == 3
                else QImage.Format.Format_RGBA8888
            )
            yield QImage(raw, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
    finally:
        pdf.close()


def page_count(data: bytes) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


class PreviewDialog(QDialog):
    rendered = Signal()

    def __init__(
        self, parent: QWidget, ctx: AppContext, report: str, params: dict[str, Any],
        lang: str | None = None,
    ) -> None:  # fmt: skip
        """`lang`: the document's own language (a case's language of proceedings)."""
        super().__init__(parent)
        self.ctx, self.report, self.params = ctx, report, params
        self.data = b""
        self.lang = QComboBox()
        self.lang.setObjectName("print_language")
        for code, name in LANGS:
            self.lang.addItem(name, code)
        set_combo_data(self.lang, lang or ctx.language.current)
        self.lang.currentIndexChanged.connect(lambda _i: self.render())
        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pages)
        self.save_button, self.print_button, self.close_button = (
            QPushButton(),
            QPushButton(),
            QPushButton(),
        )
        self.save_button.setObjectName("save_pdf")
        self.save_button.clicked.connect(self.save)
        self.print_button.clicked.connect(self.print_)
        self.close_button.clicked.connect(self.reject)
        self.lang_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.lang_label)
        top.addWidget(self.lang)
        top.addStretch(1)
        top.addWidget(self.save_button)
        top.addWidget(self.print_button)
        top.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(scroll, 1)
        self.retranslate_ui()
        fit_to_screen(self, 900, 1000)
        self.render()

    @classmethod
    def for_report(
        cls, parent: QWidget, ctx: AppContext, report: str, params: dict[str, Any],
        lang: str | None = None,
    ) -> PreviewDialog:  # fmt: skip
        return cls(parent, ctx, report, params, lang)

    def render(self) -> None:
        """Makes the PDF off the UI thread (a year's register takes seconds), then shows it."""
        from akimdesk import reports

        db, report, params, lang = self.ctx.db, self.report, self.params, self.lang.currentData()
        self.lang.setEnabled(False)
        for b in (self.save_button, self.print_button):
            b.setEnabled(False)
        run_task(
            self,
            tr("Preparing the document…"),
            lambda _progress: reports.render(report, db, params, lang),
            self._show,
            self._failed,
        )

    def _failed(self, exc: Exception) -> None:
        self.lang.setEnabled(True)
        error(self, tr("The document could not be made: {reason}").format(reason=failure_text(exc)))

    def _show(self, data: bytes) -> None:
        self.data = data
        self.lang.setEnabled(True)
        for b in (self.save_button, self.print_button):
            b.setEnabled(True)
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        total = page_count(data)
        if total > PREVIEW_PAGES:
            note = QLabel(
                tr(
                    "Showing the first {shown} of {total} pages; all pages are saved and printed."
                ).format(shown=PREVIEW_PAGES, total=total)
            )
            self.pages_layout.addWidget(note)
        for img in page_images(data, PREVIEW_DPI, PREVIEW_PAGES):
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(img))
            label.setStyleSheet("border: 1px solid #999; background: white;")
            self.pages_layout.addWidget(label)
        self.rendered.emit()

    def save(self) -> None:
        key = str(self.params.get("number") or self.params.get("meeting") or "").replace("/", "-")
        name = f"{self.report}-{key}".strip("-") + ".pdf"
        path, _f = QFileDialog.getSaveFileName(self, tr("Save as PDF"), name, "PDF (*.pdf)")
        if path:
            with open(path, "wb") as fh:
                fh.write(self.data)

    def print_(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        painter = QPainter(printer)
        try:
            for i, img in enumerate(page_images(self.data, PRINT_DPI)):
                if i:
                    printer.newPage()
                rect = painter.viewport()
                size = img.size().scaled(rect.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRectF(0, 0, size.width(), size.height()), img)
        finally:
            painter.end()

    def retranslate_ui(self) -> None:
        self.setWindowTitle(tr("Print preview"))
        self.lang_label.setText(tr("Language of the document"))
        self.save_button.setText(tr("Save as PDF"))
        self.print_button.setText(tr("Print"))
        self.close_button.setText(tr("Close"))
