"""F1 anywhere: one application-wide event filter finds the page of the screen or dialog in front
(akimdesk/help/contexts.py) and shows it in the one help window."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QDialog, QStackedWidget, QWidget

from akimdesk.help import contexts
from akimdesk.i18n import _ as tr
from akimdesk.ui.language import LanguageController

if TYPE_CHECKING:
    from akimdesk.ui.context import AppContext
    from akimdesk.ui.help.window import HelpWindow


def class_names(widget: QWidget) -> list[str]:
    """module.Class of the widget's class and of the app's classes it derives from."""
    return [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in type(widget).__mro__
        if cls.__module__.startswith(contexts.UI)
    ]


def page_for(widget: QWidget | None) -> str:
    """The page of the nearest screen or dialog holding `widget`."""
    origin = widget
    while widget is not None:
        for name in class_names(widget):
            if contexts.is_shared(name):
                titled = _by_title(widget.windowTitle())
                if titled:
                    return titled
                continue
            for attr, page in contexts.tabs_of(name).items():
                tab = getattr(widget, attr, None)
                if isinstance(tab, QWidget) and tab.isVisible():
                    return page
            stack = getattr(widget, contexts.stack_of(name) or "", None)
            if isinstance(stack, QStackedWidget) and origin is not None:
                screen = stack.currentWidget()
                if screen is not None and not stack.isAncestorOf(origin):
                    return page_for(screen.focusWidget() or screen)
            page = contexts.page_of(name)
            if page:
                return page
        widget = widget.parentWidget()
    return contexts.FALLBACK


def _by_title(title: str) -> str | None:
    return next((p for msgid, p in contexts.BY_TITLE.items() if tr(msgid) == title), None)


class HelpController(QObject):
    """Lives as long as the application; the window is made when first asked for."""

    def __init__(self, app: QApplication, language: LanguageController) -> None:
        super().__init__(app)
        self.language = language
        self.ctx: AppContext | None = None  # the signed-in context, for printing the guide
        self._window: HelpWindow | None = None
        app.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # Key presses reach the window first, then the focused widget: answer the widget's.
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(obj, QWidget)
            and event.key() == Qt.Key.Key_F1  # type: ignore[attr-defined]
            and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier  # type: ignore[attr-defined]
        ):
            self.show_page(page_for(obj))
            return True
        return False

    @property
    def window(self) -> HelpWindow:
        from akimdesk.ui.help.window import HelpWindow

        if self._window is None or not shiboken6.isValid(self._window):
            self._window = HelpWindow(self.language, self)
        return self._window

    def show_page(self, page_id: str | None = None) -> HelpWindow:
        """Shows the page (the first one when None). A dialog waiting for an answer blocks every
        other window, so the help window is then made its child, or it could not be read."""
        window = self.window
        modal = QApplication.activeModalWidget()
        if modal is not None and modal is not window and not modal.isAncestorOf(window):
            self._reparent(window, modal)
            if isinstance(modal, QDialog):  # it stays open (on its own) after the dialog closes
                modal.finished.connect(lambda _r, w=window: self._release(w))
        window.show_page(page_id or contexts.FALLBACK)
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    @staticmethod
    def _reparent(window: QWidget, parent: QWidget | None) -> None:
        geometry, shown = window.geometry(), window.isVisible()
        window.setParent(parent, Qt.WindowType.Window)
        window.setGeometry(geometry)
        window.setVisible(shown)

    def _release(self, window: QWidget) -> None:
        if shiboken6.isValid(window) and window.parentWidget() is not None:
            self._reparent(window, None)

    def print_guide(self, parent: QWidget) -> None:
        """The whole guide in the window's language, shown first like every printed document."""
        from akimdesk.ui.common.preview import PreviewDialog

        if self.ctx is None:
            return
        lang = self.language.current
        PreviewDialog.for_report(parent, self.ctx, "user-guide", {}, lang).exec()


def help_controller(language: LanguageController) -> HelpController:
    """The application's one controller, made (and F1 switched on) at the first call."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    found = app.findChild(HelpController)
    if found is None:
        return HelpController(app, language)
    if found.language is not language:  # a new language switch (a test's): a window for it
        found.language, found.ctx = language, None
        if found._window is not None and shiboken6.isValid(found._window):
            found._window.close()
            found._window.deleteLater()
        found._window = None
    return found
