"""Live language switching: gettext for our strings, QTranslator for Qt's own dialogs."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTranslator, Signal
from PySide6.QtWidgets import QApplication

from akimdesk import i18n


class LanguageController(QObject):
    """Widgets connect `changed` to their retranslate_ui(); nothing needs a restart."""

    changed = Signal(str)

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._qt = QTranslator(self)
        self._installed = False

    @property
    def current(self) -> str:
        return i18n.get_language()

    def apply(self, lang: str) -> None:
        i18n.set_language(lang)
        if self._installed:
            self._app.removeTranslator(self._qt)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        self._installed = self._qt.load(f"qtbase_{lang}", folder) and self._app.installTranslator(
            self._qt
        )
        QLocale.setDefault(QLocale(i18n.locale_of(lang)))
        self.changed.emit(lang)
