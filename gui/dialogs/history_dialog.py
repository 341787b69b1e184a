"""表示 > 変更履歴: every change (when, who, what, old → new), filterable, exportable as CSV."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
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
from gui.tables.history_table import HistoryFilter, HistoryTableModel
from gui.widgets.field_editors import DateEditor
from models.calendar import parse_date
from models.errors import AppError, ValidationError
from models.history import MODULE_LABELS, describe, export_csv
from models.store.audit import list_entries
from models.town import FieldKind, FieldSpec

HISTORY_LIMIT = 100_000


class HistoryDialog(QDialog):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("変更履歴")
        self.resize(1000, 600)
        layout = QVBoxLayout(self)

        filters = QHBoxLayout()
        filters.addWidget(QLabel("区分："))
        self.module = QComboBox()
        self.module.setAccessibleName("区分")
        self.module.addItem("すべて", None)
        for table_name, label in MODULE_LABELS.items():
            self.module.addItem(label, table_name)
        filters.addWidget(self.module)
        filters.addWidget(QLabel("期間："))
        self.start = DateEditor(FieldSpec("start", "開始日", FieldKind.DATE, ""))
        self.end = DateEditor(FieldSpec("end", "終了日", FieldKind.DATE, ""))
        self.start.line.setPlaceholderText("開始日（例：R6.4.1）")
        self.end.line.setPlaceholderText("終了日")
        filters.addWidget(self.start)
        filters.addWidget(QLabel("〜"))
        filters.addWidget(self.end)
        filters.addStretch(1)
        layout.addLayout(filters)
        self.filter_error = QLabel()
        self.filter_error.setStyleSheet("color: #b00020;")
        layout.addWidget(self.filter_error)

        self.model = HistoryTableModel(self)
        self.proxy = HistoryFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("変更履歴の一覧")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.count = QLabel()
        buttons.addWidget(self.count, 1)
        self.export_button = QPushButton("CSVに出力…")
        self.export_button.setToolTip("表示中の履歴をExcelで開けるCSVファイルに保存します")
        self.export_button.clicked.connect(self.export)
        buttons.addWidget(self.export_button)
        close = QPushButton("閉じる")
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout.addLayout(buttons)

        self.module.currentIndexChanged.connect(self.apply_filter)
        self.start.edited.connect(self.apply_filter)
        self.end.edited.connect(self.apply_filter)
        self.reload()

    def reload(self) -> None:
        entries = list_entries(self.session.store.conn, limit=HISTORY_LIMIT)
        self.model.set_records([describe(entry) for entry in entries])
        self.apply_filter()

    def apply_filter(self) -> None:
        try:
            start = _date_or_none(self.start.raw())
            end = _date_or_none(self.end.raw())
        except ValidationError as exc:
            self.filter_error.setText(f"⚠ 期間：{exc.user_message}")
            return
        self.filter_error.setText("")
        self.proxy.set_filter(self.module.currentData(), start, end)
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown:,}件を表示（全{total:,}件）")
        self.export_button.setEnabled(shown > 0)

    def export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "変更履歴をCSVに出力", "変更履歴.csv", "CSVファイル (*.csv)"
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        try:
            export_csv(self.proxy.visible_rows(), path)
        except AppError as exc:
            errors.show_error(self, exc)
            return
        errors.show_info(self, f"{self.proxy.rowCount():,}件の変更履歴を保存しました：\n{path}")


def _date_or_none(text: str) -> date | None:
    return parse_date(text) if text.strip() else None
