"""The main window: navigation on the left, the selected page on the right, menus and the
status bar. Pages are built on first visit so the window appears fast."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui import errors, startup
from gui.navigation import NavigationModel, default_entries
from gui.pages.base import Page
from gui.session import Session
from models.version import APP_NAME, APP_VERSION

SAMPLE_BANNER_STYLE = "background: #fff4ce; color: #5c4400; padding: 6px; border-bottom: 1px solid #e0c36a;"


class MainWindow(QMainWindow):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.pages: dict[str, Page] = {}
        self.resize(1100, 760)
        self._build_actions()
        self._build_menus()
        self._build_central()
        self._attach(session)

    # -- building ------------------------------------------------------------------
    def _build_actions(self) -> None:
        self.new_action = QAction("新規データファイル(&N)…", self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.new_file)
        self.open_action = QAction("開く(&O)…", self)
        self.open_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self.open_file)
        self.quit_action = QAction("終了(&X)", self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        self.about_action = QAction("バージョン情報(&A)", self)
        self.about_action.triggered.connect(self.show_about)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("ファイル(&F)")
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.edit_menu = self.menuBar().addMenu("編集(&E)")
        help_menu = self.menuBar().addMenu("ヘルプ(&H)")
        help_menu.addAction(self.about_action)

    def _build_central(self) -> None:
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.sample_banner = QLabel(
            "サンプルデータ：架空の町「みどり町」のデータです。実際の団体のデータは"
            "［ファイル］→［新規データファイル］で作成してください。"
        )
        self.sample_banner.setWordWrap(True)
        self.sample_banner.setStyleSheet(SAMPLE_BANNER_STYLE)
        self.sample_banner.setAccessibleName("サンプルデータの表示")
        outer.addWidget(self.sample_banner)
        row = QHBoxLayout()
        row.setContentsMargins(8, 8, 8, 8)
        self.nav = QListView()
        self.nav.setAccessibleName("メニュー")
        self.nav.setFixedWidth(180)
        self.nav.setStyleSheet("QListView { font-size: 11pt; } QListView::item { padding: 8px 10px; }")
        self.nav_model = NavigationModel(default_entries(), self)
        self.nav.setModel(self.nav_model)
        self.nav.selectionModel().currentChanged.connect(
            lambda current, _previous: self._show_row(current.row())
        )
        row.addWidget(self.nav)
        self.stack = QStackedWidget()
        row.addWidget(self.stack, 1)
        outer.addLayout(row, 1)
        self.setCentralWidget(central)
        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)

    # -- session -------------------------------------------------------------------
    def _attach(self, session: Session) -> None:
        """Show ``session`` (a newly opened file): fresh pages, fresh undo history."""
        self.session = session
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self.edit_menu.clear()
        undo = session.undo_stack.createUndoAction(self, "元に戻す")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = session.undo_stack.createRedoAction(self, "やり直し")
        redo.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence(QKeySequence.StandardKey.Redo)])
        self.undo_action, self.redo_action = undo, redo
        self.edit_menu.addAction(undo)
        self.edit_menu.addAction(redo)
        session.town_changed.connect(self._update_title)
        self.sample_banner.setVisible(session.meta.is_sample)
        path = session.store.path
        self.db_label.setText(f"データ：{path}　データの版：{session.store.schema_version}")
        self._update_title()
        self.nav.selectionModel().setCurrentIndex(
            self.nav_model.index(0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self._show_row(0)

    def _update_title(self) -> None:
        profile = self.session.town.load()
        name = profile.name or "（団体名未設定）"
        sample = "（サンプル）" if self.session.meta.is_sample else ""
        self.setWindowTitle(f"{name}{sample} — {APP_NAME}")

    def page(self, key: str) -> Page:
        """The page for a navigation key, built on first use."""
        if key not in self.pages:
            entry = self.nav_model.entry(self.nav_model.row_of(key))
            page = entry.factory(self.session)
            self.pages[key] = page
            self.stack.addWidget(page)
        return self.pages[key]

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        entry = self.nav_model.entry(row)
        self.stack.setCurrentWidget(self.page(entry.key))

    def show_page(self, key: str) -> Page:
        self.nav.setCurrentIndex(self.nav_model.index(self.nav_model.row_of(key)))
        return self.page(key)

    def visit_all_pages(self) -> None:
        for row in range(self.nav_model.rowCount()):
            self.show_page(self.nav_model.entry(row).key)

    # -- file actions --------------------------------------------------------------
    def _confirm_leave(self) -> bool:
        """Offer to save unsaved edits; False when the user cancels."""
        for key, page in self.pages.items():
            if not page.has_unsaved_changes():
                continue
            answer = errors.ask_save_changes(self, page.title)
            if answer is errors.Answer.CANCEL:
                return False
            if answer is errors.Answer.SAVE and not page.save():
                self.show_page(key)
                return False
        return True

    def new_file(self) -> None:
        if not self._confirm_leave():
            return
        path = startup.choose_new_file(self)
        if path is None:
            return
        if path.exists():
            errors.show_error(self, "同じ名前のファイルが既にあります。別の名前を指定してください。")
            return
        self._switch(startup.create_session(path, demo=False, parent=self))

    def open_file(self) -> None:
        if not self._confirm_leave():
            return
        path = startup.choose_existing_file(self)
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path) -> None:
        self._switch(startup.open_session(path, parent=self))

    def _switch(self, session: Session | None) -> None:
        if session is None:
            return
        old = self.session
        self._attach(session)
        old.close()

    def show_about(self) -> None:
        errors.show_info(
            self,
            f"{APP_NAME} {APP_VERSION}\n\n町村のDX推進計画・マイナンバーカード交付円滑化計画・"
            "オンライン手続・テレワークを一つの台帳で管理します。\n"
            "インターネットに接続せず、データはこの端末のファイルにだけ保存します。\n\n"
            "フォント：BIZ UDゴシック／BIZ UD明朝（SIL Open Font License 1.1）",
            title="バージョン情報",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._confirm_leave():
            event.ignore()
            return
        self.session.close()
        event.accept()

    def close_without_prompt(self) -> None:
        for page in self.pages.values():
            page.reload()
        self.close()

    def current_page_key(self) -> str:
        return self.nav_model.entry(self.nav.currentIndex().row()).key
