"""The main window: navigation on the left, the selected page on the right, menus and the
status bar. Pages are built on first visit so the window appears fast."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
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
from models.errors import AppError
from models.store import backups
from models.usecases.backup import automatic_backup
from models.version import APP_NAME, APP_VERSION

if TYPE_CHECKING:
    from gui.dialogs.handover_dialogs import OpenHandoverDialog

READONLY_BANNER_STYLE = "background: #fde2e1; color: #7a1010; padding: 6px; border-bottom: 1px solid #e6a1a0;"
SAMPLE_BANNER_STYLE = "background: #fff4ce; color: #5c4400; padding: 6px; border-bottom: 1px solid #e0c36a;"


class MainWindow(QMainWindow):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.pages: dict[str, Page] = {}
        self._closing_without_session = False
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
        self.backup_action = QAction("バックアップと復元(&B)…", self)
        self.backup_action.triggered.connect(self.show_backups)
        self.handover_create_action = QAction("引き継ぎファイルの作成(&H)…", self)
        self.handover_create_action.triggered.connect(self.create_handover)
        self.handover_open_action = QAction("引き継ぎファイルを開く(&I)…", self)
        self.handover_open_action.triggered.connect(self.open_handover)
        self.history_action = QAction("変更履歴(&L)…", self)
        self.history_action.setShortcut(QKeySequence("Ctrl+H"))
        self.history_action.triggered.connect(self.show_history)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("ファイル(&F)")
        file_menu.addAction(self.new_action)
        file_menu.addAction(self.open_action)
        file_menu.addSeparator()
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.handover_create_action)
        file_menu.addAction(self.handover_open_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        self.edit_menu = self.menuBar().addMenu("編集(&E)")
        view_menu = self.menuBar().addMenu("表示(&V)")
        view_menu.addAction(self.history_action)
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
        self.readonly_banner = QLabel()
        self.readonly_banner.setWordWrap(True)
        self.readonly_banner.setStyleSheet(READONLY_BANNER_STYLE)
        self.readonly_banner.setAccessibleName("読み取り専用の表示")
        outer.addWidget(self.readonly_banner)
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
        session.lock_lost.connect(self._on_lock_lost)
        self.sample_banner.setVisible(session.meta.is_sample)
        self._update_readonly_banner()
        path = session.store.path
        self.db_label.setText(f"データ：{path}　データの版：{session.store.schema_version}")
        self._update_title()
        self.nav.selectionModel().setCurrentIndex(
            self.nav_model.index(0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self._show_row(0)

    def _update_readonly_banner(self) -> None:
        session = self.session
        if session.readonly:
            who = f"他の端末で使用中: {session.holder.label()}" if session.holder else "編集できません"
            self.readonly_banner.setText(
                f"読み取り専用（{who}）。このファイルの変更は保存されません。"
                "編集するには、使用中の端末でアプリを終了してから開き直してください。"
            )
        self.readonly_banner.setVisible(session.readonly)

    def _on_lock_lost(self, reason: str) -> None:
        """Another instance took the file over: stop writing, show it read-only."""
        path = self.session.store.path
        errors.show_error(self, reason, title="編集の権利を失いました")
        if path is None:
            return
        self.session.lock = None  # it is no longer ours: closing must not remove it
        self._switch(startup.open_session(path, parent=self))

    def _update_title(self) -> None:
        profile = self.session.town.load()
        name = profile.name or "（団体名未設定）"
        sample = "（サンプル）" if self.session.meta.is_sample else ""
        readonly = "［読み取り専用］" if self.session.readonly else ""
        self.setWindowTitle(f"{name}{sample}{readonly} — {APP_NAME}")

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
        if self._closing_without_session:
            event.accept()
            return
        if not self._confirm_leave():
            event.ignore()
            return
        self._backup_on_close()
        self.session.close()
        event.accept()

    def _backup_on_close(self) -> None:
        if self.session.readonly or self.session.store.path is None:
            return
        try:
            automatic_backup(self.session.store, "close")
        except AppError as exc:
            errors.show_error(self, exc, title="終了時のバックアップに失敗しました")

    # -- safety: backups, hand-over, history ---------------------------------------------
    def show_backups(self) -> None:
        if self.session.store.path is None:
            return
        from gui.dialogs.backup_dialog import BackupDialog  # dialogs load on first use (start-up)

        BackupDialog(self.session, self.restore_backup, self).exec()

    def restore_backup(self, backup: Path) -> bool:
        """Replace the open file with ``backup`` (the current state is backed up first)."""
        db_path = self.session.store.path
        assert db_path is not None
        return self._replace_open_file(
            lambda: backups.restore_backup(db_path, backup), db_path, "復元しました。"
        )

    def create_handover(self) -> None:
        from gui.dialogs.handover_dialogs import CreateHandoverDialog

        CreateHandoverDialog(self.session, self).exec()

    def open_handover(self) -> None:
        from gui.dialogs.handover_dialogs import OpenHandoverDialog

        dialog = OpenHandoverDialog(self.session, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.unpack_handover(dialog)

    def unpack_handover(self, dialog: OpenHandoverDialog) -> bool:
        target = dialog.chosen_target()
        manifest = dialog.manifest
        if target is None or manifest is None:
            return False
        replacing = target == self.session.store.path
        what = (
            "現在のデータを置き換えます（現在のデータはバックアップします）"
            if replacing
            else f"{target} に保存します"
        )
        if not errors.ask_yes_no(
            self,
            "\n".join(manifest.summary_lines())
            + f"\n\nこの引き継ぎファイルを展開し、{what}。よろしいですか？",
            title="引き継ぎファイルを開く",
        ):
            return False
        package, passphrase = Path(dialog.package.text().strip()), dialog.passphrase.text()

        def unpack() -> None:
            from models.store import handover  # cryptography loads only when a package is opened

            handover.restore_package(package, passphrase, target)

        if replacing:
            return self._replace_open_file(unpack, target, "引き継ぎファイルを展開しました。")
        if target.exists() and not errors.ask_yes_no(
            self, f"{target} は既にあります。バックアップしてから置き換えますか？"
        ):
            return False
        try:
            unpack()
        except AppError as exc:
            errors.show_error(self, exc, title="引き継ぎファイルを展開できません")
            return False
        if not self._confirm_leave():
            return True
        self._switch(startup.open_session(target, parent=self))
        return True

    def _replace_open_file(self, action: Callable[[], object], path: Path, done: str) -> bool:
        """Close the open file, run ``action`` on it, and open it again (even if it failed)."""
        if not self._confirm_leave():
            return False
        self.session.close()
        ok = True
        try:
            action()
        except AppError as exc:
            ok = False
            errors.show_error(self, exc)
        session = startup.open_session(path, parent=self)
        if session is None:
            errors.show_error(self, "ファイルを開き直せませんでした。アプリを終了します。")
            self._closing_without_session = True
            self.close()
            return False
        self._attach(session)
        if ok:
            self.statusBar().showMessage(done, 10_000)
        return ok

    def show_history(self) -> None:
        from gui.dialogs.history_dialog import HistoryDialog

        HistoryDialog(self.session, self).exec()

    def close_without_prompt(self) -> None:
        for page in self.pages.values():
            page.reload()
        self.close()

    def current_page_key(self) -> str:
        return self.nav_model.entry(self.nav.currentIndex().row()).key
