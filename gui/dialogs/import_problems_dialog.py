"""The list of rejected cells of an imported workbook (sheet / cell / reason)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.tables.base import RecordTableModel
from models.errors import CellProblem, WorkbookImportError

LEFT = Qt.AlignmentFlag.AlignLeft
COLUMNS = (
    ("シート", lambda p: p.sheet, LEFT),
    ("セル", lambda p: p.cell or "（シート全体）", LEFT),
    ("理由", lambda p: p.reason, LEFT),
)


class ProblemTableModel(RecordTableModel[CellProblem]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)


class ImportProblemsDialog(QDialog):
    def __init__(self, error: WorkbookImportError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("取り込めませんでした")
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"{error.user_message}\n何も取り込んでいません。次のセルを直してから、もう一度取り込んでください。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.model = ProblemTableModel(self)
        self.model.set_records(error.problems)
        table = QTableView()
        table.setModel(self.model)
        table.setAccessibleName("取り込めなかったセルの一覧")
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def show_import_problems(parent: QWidget | None, error: WorkbookImportError) -> None:
    """Tests replace this function (no modal dialog in tests)."""
    ImportProblemsDialog(error, parent).exec()
