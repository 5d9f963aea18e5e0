"""The help window: the contents, a search over the pages' titles and text, and the page, in the
window's language (it switches with the app's)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from akimdesk.help import guide as guide_files
from akimdesk.help.html import PAGE_SCHEME, page_html
from akimdesk.i18n import _ as tr
from akimdesk.ui.language import LanguageController

if TYPE_CHECKING:
    from akimdesk.ui.help.controller import HelpController

PAGE_ROLE = Qt.ItemDataRole.UserRole


class HelpWindow(QWidget):
    def __init__(self, language: LanguageController, controller: HelpController) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.language, self.controller = language, controller
        self.setObjectName("help_window")
        self.resize(1120, 700)  # within a 1366×768 screen, beside the window it explains
        self.page_id = ""
        self.history: list[str] = []
        self.guide = guide_files.load(language.current)

        self.search = QLineEdit(objectName="help_search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self._search_timer = QTimer(self, singleShot=True, interval=200, timeout=self.run_search)
        self.contents = QTreeWidget(objectName="help_contents")
        self.contents.setHeaderHidden(True)
        self.contents.itemClicked.connect(self._picked)
        self.contents.itemActivated.connect(self._picked)
        # Results as text: the title, and under it the words around what was found.
        self.results = QTextBrowser(objectName="help_results")
        self.results.setOpenLinks(False)
        self.results.anchorClicked.connect(self._result_picked)
        self.found = QLabel()
        self.found.setWordWrap(True)
        self.left_stack = QStackedWidget()
        self.left_stack.addWidget(self.contents)
        self.left_stack.addWidget(self.results)
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addWidget(self.search)
        left_lay.addWidget(self.found)
        left_lay.addWidget(self.left_stack, 1)

        self.browser = QTextBrowser(objectName="help_page")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        self.back_button = QPushButton(objectName="help_back")
        self.back_button.clicked.connect(self.back)
        self.print_button = QPushButton(objectName="help_print")
        self.print_button.clicked.connect(lambda: self.controller.print_guide(self))
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)
        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.close_button)
        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.setContentsMargins(0, 0, 0, 0)
        right_lay.addWidget(self.browser, 1)
        right_lay.addLayout(bar)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 820])
        lay = QVBoxLayout(self)
        lay.addWidget(splitter)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.close)
        self._resize_timer = QTimer(self, singleShot=True, interval=150, timeout=self._render)
        self._rendered_width = 0
        language.changed.connect(self.retranslate_ui)
        self.retranslate_ui()

    # --- pages ---------------------------------------------------------------------------
    def show_page(self, page_id: str, remember: bool = True) -> None:
        if self.guide.page(page_id) is None:
            page_id = next(iter(self.guide.pages))
        if remember and self.page_id and self.page_id != page_id:
            self.history.append(self.page_id)
        self.page_id = page_id
        self.print_button.setVisible(self.controller.ctx is not None)  # signed in: it can print
        self._render()
        self._select_in_contents()
        self.back_button.setEnabled(bool(self.history))

    def back(self) -> None:
        if self.history:
            self.show_page(self.history.pop(), remember=False)

    def _render(self) -> None:
        page = self.guide.page(self.page_id)
        if page is None:
            return
        width = max(300, self.browser.viewport().width() - 40)
        self._rendered_width = width
        self.browser.setHtml(page_html(self.guide, page, width))
        self.setWindowTitle(tr("AkimDesk help: {title}").format(title=page.title))

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        # Pictures are laid out for the room there is: again when the window changes much.
        if abs(self.browser.viewport().width() - 40 - self._rendered_width) > 30:
            self._resize_timer.start()

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == PAGE_SCHEME:
            self.show_page(url.path())
        elif url.scheme() in ("http", "https", "file"):  # the web, or a picture at full size
            QDesktopServices.openUrl(url)

    def _picked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        page_id = item.data(0, PAGE_ROLE)
        if page_id:
            self.show_page(page_id)

    def _result_picked(self, url: QUrl) -> None:
        self.show_page(url.path())
        words = self.search.text().split()
        if words:
            self.browser.find(words[0])  # the first place it is said, selected and in view

    # --- contents and search -----------------------------------------------------------------
    def _fill_contents(self) -> None:
        self.contents.clear()
        for part in self.guide.parts:
            top = QTreeWidgetItem([part.title])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setFlags(top.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            for page in part.pages:
                child = QTreeWidgetItem([page.title])
                child.setData(0, PAGE_ROLE, page.id)
                top.addChild(child)
            self.contents.addTopLevelItem(top)
            top.setExpanded(True)
        self._select_in_contents()

    def _select_in_contents(self) -> None:
        for i in range(self.contents.topLevelItemCount()):
            top = self.contents.topLevelItem(i)
            for j in range(top.childCount()):
                if top.child(j).data(0, PAGE_ROLE) == self.page_id:
                    self.contents.setCurrentItem(top.child(j))
                    return

    def run_search(self) -> None:
        text = self.search.text().strip()
        if not text:
            self.left_stack.setCurrentWidget(self.contents)
            self.found.clear()
            self.found.hide()
            return
        hits = self.guide.search(text)
        self.results.setHtml("".join(
            f'<p><a href="{PAGE_SCHEME}:{h.page.id}"><b>{escape(h.page.title)}</b></a><br/>'
            f'<span style="color: #555555;">{escape(h.snippet)}</span></p>'
            for h in hits
        ))  # fmt: skip
        self.found.setText(
            tr("Pages found: {n}").format(n=len(hits)) if hits else tr("Nothing found.")
        )
        self.found.show()
        self.left_stack.setCurrentWidget(self.results)

    def retranslate_ui(self, _lang: str | None = None) -> None:
        self.guide = guide_files.load(self.language.current)
        self.search.setPlaceholderText(tr("Search the guide"))
        self.back_button.setText(tr("Back"))
        self.print_button.setText(tr("Print the guide…"))
        self.close_button.setText(tr("Close"))
        self._fill_contents()
        if self.page_id:
            self._render()
        if self.search.text().strip():
            self.run_search()
        else:
            self.found.hide()
