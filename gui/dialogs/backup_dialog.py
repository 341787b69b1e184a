"""ファイル > バックアップと復元: the generations beside the database, 今すぐバックアップ and
この時点に復元 (the current state is backed up first, so a restore can itself be undone)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui import errors
from gui.session import Session
from gui.tables.backup_table import BackupTableModel
from gui.tables.base import RecordRole
from models.calendar import to_wareki
from models.errors import AppError
from models.store import backups


class BackupDialog(QDialog):
    """``restore`` is called with the chosen backup; the main window closes and reopens the file."""

    def __init__(
        self, session: Session, restore: Callable[[Path], bool], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._restore = restore
        self.setWindowTitle("バックアップと復元")
        self.resize(720, 460)
        layout = QVBoxLayout(self)
        db_path = session.store.path
        assert db_path is not None
        self.db_path = db_path
        generations = session.domain_settings.backup_generations
        intro = QLabel(
            f"バックアップはデータファイルと同じ場所の「{backups.BACKUP_DIR_NAME}」フォルダに、"
            f"新しいものから{generations}世代まで保存されます（終了時・毎日の起動時・形式の更新前・復元前に自動作成）。\n"
            f"保存場所：{backups.backup_dir(db_path)}"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = BackupTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("バックアップの一覧")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.backup_button = QPushButton("今すぐバックアップ")
        self.backup_button.clicked.connect(self.backup_now)
        self.backup_button.setEnabled(not session.readonly)
        row.addWidget(self.backup_button)
        self.restore_button = QPushButton("この時点に復元…")
        self.restore_button.clicked.connect(self.restore_selected)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        close = QPushButton("閉じる")
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.reload()

    def reload(self) -> None:
        self.model.set_records(backups.list_backups(self.db_path))
        if self.model.rowCount():
            self.table.selectRow(0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(bool(self.selected()) and not self.session.readonly)

    def selected(self) -> backups.BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(RecordRole) if rows else None

    def backup_now(self) -> None:
        try:
            info = backups.create_backup(self.session.store, "manual")
        except AppError as exc:
            errors.show_error(self, exc, title="バックアップできませんでした")
            return
        self.reload()
        errors.show_info(self, f"バックアップを作成しました。\n{info.path.name}")

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None or self.session.readonly:
            return
        when = f"{to_wareki(info.created_at.date())} {info.created_at:%H:%M}"
        if not errors.ask_yes_no(
            self,
            f"{when}（{info.reason_label}）の状態に復元します。\n"
            "現在の状態はバックアップしてから置き換えるので、あとで元に戻せます。よろしいですか？",
            title="バックアップから復元",
        ):
            return
        if self._restore(info.path):
            self.accept()
