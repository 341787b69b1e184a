"""変更履歴 table: the audit log with Japanese labels, filterable by module and date."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt

from gui.tables.base import RecordRole, RecordTableModel
from models.history import HistoryRow, matches

LEFT = Qt.AlignmentFlag.AlignLeft
COLUMNS = (
    ("日時", lambda r: r.when, LEFT),
    ("変更者", lambda r: r.who, LEFT),
    ("区分", lambda r: r.module, LEFT),
    ("操作", lambda r: r.action, LEFT),
    ("項目", lambda r: r.field, LEFT),
    ("変更前", lambda r: r.old, LEFT),
    ("変更後", lambda r: r.new, LEFT),
)


class HistoryTableModel(RecordTableModel[HistoryRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, parent)


class HistoryFilter(QSortFilterProxyModel):
    """Keeps rows of one module (None = all) within an inclusive date range."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table_name: str | None = None
        self.start: date | None = None
        self.end: date | None = None

    def set_filter(self, table_name: str | None, start: date | None, end: date | None) -> None:
        self.beginFilterChange()
        self.table_name, self.start, self.end = table_name, start, end
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        row = self.sourceModel().index(source_row, 0, source_parent).data(RecordRole)
        return isinstance(row, HistoryRow) and matches(
            row.entry, table_name=self.table_name, start=self.start, end=self.end
        )

    def visible_rows(self) -> list[HistoryRow]:
        return [self.index(r, 0).data(RecordRole) for r in range(self.rowCount())]
