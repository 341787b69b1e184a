"""Item models of the オンライン手続 page: the checklist grouped by category (a tree) and the
filter over it (the per-年度 table of one procedure is in ``procedure_usage``).

Nothing is computed here: the page builds ``ProcedureRow``s from ``models.procedures``
(group, latest usage rate, overdue flag, normalised name) and the models only show them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from gui.tables.base import Index, RecordRole
from models.calendar import fiscal_year_label
from models.numbers import format_count, format_rate
from models.procedures.records import (
    CHANNEL_LABELS,
    STATUS_LABELS,
    CatalogueEntry,
    ProcedureStatus,
    UsageFigures,
)
from models.procedures.summary import is_applicable

LEFT = Qt.AlignmentFlag.AlignLeft
RIGHT = Qt.AlignmentFlag.AlignRight
CENTER = Qt.AlignmentFlag.AlignHCenter
GROUP_BACKGROUND = QColor("#e8eef5")
NOT_APPLICABLE_FOREGROUND = QColor("#6b6b6b")
ERROR_BACKGROUND = QColor("#fbd5d5")
OVERDUE_FOREGROUND = QColor("#b00020")
COMPUTED_BACKGROUND = QColor("#f4f6f8")
GroupRole = Qt.ItemDataRole.UserRole + 2  # the group label of a group row

#: short channel labels for the list (the detail panel shows the full ones)
CHANNEL_SHORT = {"pittari": "ぴったりサービス", "general": "汎用電子申請", "own": "独自システム", "none": ""}


@dataclass(frozen=True)
class ProcedureRow:
    """One procedure as the list shows it (built by the page from ``models.procedures``)."""

    entry: CatalogueEntry
    status: ProcedureStatus
    group: str
    latest: UsageFigures | None = None  # the latest 年度 with figures
    latest_rate: Decimal | None = None
    overdue: bool = False  # an alert says it is late (31手続 after 令和4年度末, or planned 年度 past)
    search_key: str = ""  # the normalised name (and code) the search box matches

    @property
    def code(self) -> str:
        return self.entry.code


def _applicable_text(row: ProcedureRow) -> str:
    return "対象" if is_applicable(row.status) else "対象外"


def shown_status(status: ProcedureStatus) -> str:
    """The status key the list shows and filters on (対象外 whenever not applicable)."""
    return status.status if is_applicable(status) else "not_applicable"


def _status_text(row: ProcedureRow) -> str:
    key = shown_status(row.status)
    return STATUS_LABELS.get(key, key)


def _channel_text(row: ProcedureRow) -> str:
    return CHANNEL_SHORT.get(row.status.channel, CHANNEL_LABELS.get(row.status.channel, ""))


def _planned_text(row: ProcedureRow) -> str:
    fy = row.status.planned_fy
    return fiscal_year_label(fy) if fy else ""


def _rate_text(row: ProcedureRow) -> str:
    return "" if row.latest is None else format_rate(row.latest_rate)


def _name_text(row: ProcedureRow) -> str:
    mark = "（廃止）" if row.entry.retired else ""
    return row.entry.name + mark


@dataclass(frozen=True)
class TreeColumn:
    header: str
    text: Callable[[ProcedureRow], str]
    align: Qt.AlignmentFlag = LEFT


TREE_COLUMNS: tuple[TreeColumn, ...] = (
    TreeColumn("手続名", _name_text),
    TreeColumn("対象", _applicable_text, CENTER),
    TreeColumn("状況", _status_text),
    TreeColumn("方式", _channel_text),
    TreeColumn("予定年度", _planned_text),
    TreeColumn("最新年度の利用率", _rate_text, RIGHT),
)
COL_NAME, COL_APPLICABLE, COL_STATUS, COL_CHANNEL, COL_PLANNED, COL_RATE = range(6)
_GROUP_ID = 0  # internal id of the top-level (group) rows; a procedure's is its group row + 1


@dataclass
class _Group:
    label: str
    rows: list[ProcedureRow]
    note: str = ""  # e.g. 「都道府県の手続：対象外」


class ProcedureTreeModel(QAbstractItemModel):
    """Groups (in the documents' order) with their procedures as children. ``RecordRole`` on
    a procedure returns its ``ProcedureRow``; on a group row, None (``GroupRole`` gives the
    group's label)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._groups: list[_Group] = []
        self._where: dict[str, tuple[int, int]] = {}  # code → (group row, child row)
        self._rate_header = ""  # 「（令和5年度）」: the 年度 of the rate column

    @property
    def rate_header(self) -> str:
        return self._rate_header

    @rate_header.setter
    def rate_header(self, text: str) -> None:
        if text != self._rate_header:
            self._rate_header = text
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, COL_RATE, COL_RATE)

    # -- content -------------------------------------------------------------------
    def set_groups(self, groups: Sequence[tuple[str, Sequence[ProcedureRow], str]]) -> None:
        """``groups``: (label, rows, note) in display order; empty groups are kept out."""
        self.beginResetModel()
        self._groups = [_Group(label, list(rows), note) for label, rows, note in groups if rows]
        self._index_codes()
        self.endResetModel()

    def update_rows(self, rows: Sequence[ProcedureRow]) -> bool:
        """Replace rows in place (same codes, same groups): only rows that differ are
        announced. False when the shape changed and ``set_groups`` is needed."""
        changes: list[tuple[int, int, ProcedureRow]] = []
        for row in rows:
            where = self._where.get(row.code)
            if where is None or self._groups[where[0]].label != row.group:
                return False
            if self._groups[where[0]].rows[where[1]] != row:
                changes.append((*where, row))
        for g, r, row in changes:
            self._groups[g].rows[r] = row
            parent = self.index(g, 0)
            self.dataChanged.emit(self.index(r, 0, parent), self.index(r, len(TREE_COLUMNS) - 1, parent))
        return True

    def _index_codes(self) -> None:
        self._where = {
            row.code: (g, r) for g, group in enumerate(self._groups) for r, row in enumerate(group.rows)
        }

    def rows(self) -> list[ProcedureRow]:
        return [row for group in self._groups for row in group.rows]

    def group_rows(self, group: int) -> list[ProcedureRow]:
        return self._groups[group].rows if 0 <= group < len(self._groups) else []

    def group_labels(self) -> list[str]:
        return [group.label for group in self._groups]

    def index_of(self, code: str) -> QModelIndex:
        where = self._where.get(code)
        if where is None:
            return QModelIndex()
        return self.index(where[1], 0, self.index(where[0], 0))

    def row_of(self, code: str) -> ProcedureRow | None:
        where = self._where.get(code)
        return None if where is None else self._groups[where[0]].rows[where[1]]

    # -- Qt ------------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(TREE_COLUMNS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row >= len(self._groups):
                return QModelIndex()
            return self.createIndex(row, column, _GROUP_ID)
        if parent.internalId() != _GROUP_ID or parent.column() != 0:
            return QModelIndex()
        group = parent.row()
        if not 0 <= group < len(self._groups) or row >= len(self._groups[group].rows):
            return QModelIndex()
        return self.createIndex(row, column, group + 1)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        group = index.internalId()  # 0 for a group row and for the invalid index
        return self.createIndex(group - 1, 0, _GROUP_ID) if group else QModelIndex()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() != _GROUP_ID or parent.column() != 0:
            return 0
        return len(self._groups[parent.row()].rows) if 0 <= parent.row() < len(self._groups) else 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(TREE_COLUMNS)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.internalId() == _GROUP_ID:
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(TREE_COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                header = TREE_COLUMNS[section].header
                return (
                    f"{header}\n{self._rate_header}" if section == COL_RATE and self._rate_header else header
                )
            if role == Qt.ItemDataRole.ToolTipRole and section == COL_RATE:
                return "最新の年度（件数が入力されている最も新しい年度）のオンライン利用率"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == _GROUP_ID:
            return self._group_data(index, role)
        group = index.internalId() - 1
        if not 0 <= group < len(self._groups) or not 0 <= index.row() < len(self._groups[group].rows):
            return None
        row = self._groups[group].rows[index.row()]
        column = TREE_COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, index.column())
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{column.header}：{column.text(row) or '未設定'}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.overdue and index.column() in (COL_STATUS, COL_PLANNED):
                return QBrush(OVERDUE_FOREGROUND)
            if not is_applicable(row.status) or row.entry.retired:
                return QBrush(NOT_APPLICABLE_FOREGROUND)
            return None
        if role == RecordRole:
            return row
        return None

    def _tooltip(self, row: ProcedureRow, column: int) -> str | None:
        if column == COL_NAME:
            return f"{row.entry.name}（{row.code}）"
        if column == COL_STATUS and row.overdue:
            return f"{_status_text(row)}：期限を過ぎています（上の確認結果を参照）"
        if column == COL_CHANNEL:
            return CHANNEL_LABELS.get(row.status.channel) or None
        if column == COL_RATE and row.latest is not None:
            figures = row.latest
            return (
                f"{fiscal_year_label(figures.fiscal_year)}：手続総件数 {format_count(figures.total)}件、"
                f"うちオンライン {format_count(figures.online)}件"
            )
        return TREE_COLUMNS[column].text(row) or None

    def _group_data(self, index: Index, role: int) -> Any:
        if not 0 <= index.row() < len(self._groups):
            return None
        group = self._groups[index.row()]
        if index.column() != 0:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(GROUP_BACKGROUND)
            return None
        text = f"{group.label}（{len(group.rows)}手続）" + (f"　{group.note}" if group.note else "")
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"区分：{text}"
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(GROUP_BACKGROUND)
        if role == GroupRole:
            return group.label
        return None


class RoomyDelegate(QStyledItemDelegate):
    """Rows a little taller than the text (the list is read for long stretches)."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + 6)


class ProcedureFilter(QSortFilterProxyModel):
    """Keeps the procedures that match every filter; a group row stays while one of its
    procedures does. ``query`` is already normalised by the page.

    The group rows are decided from the source model's rows directly (not with Qt's
    recursive filtering, which walks the tree through the model API: much slower in Python).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setDynamicSortFilter(False)
        self.group: str | None = None
        self.status: str | None = None  # a STATUS_LABELS key ("not_applicable" = 対象外)
        self.channel: str | None = None
        self.overdue_only = False
        self.show_retired = False
        self.query = ""

    def set_filter(
        self,
        *,
        group: str | None = None,
        status: str | None = None,
        channel: str | None = None,
        overdue_only: bool = False,
        show_retired: bool = False,
        query: str = "",
    ) -> None:
        self.group, self.status, self.channel = group, status, channel
        self.overdue_only, self.show_retired, self.query = overdue_only, show_retired, query
        self.invalidate()

    def accepts(self, row: ProcedureRow) -> bool:
        if row.entry.retired and not self.show_retired:
            return False
        if self.group is not None and row.group != self.group:
            return False
        if self.status is not None and shown_status(row.status) != self.status:
            return False
        if self.channel is not None and row.status.channel != self.channel:
            return False
        if self.overdue_only and not row.overdue:
            return False
        return not self.query or self.query in row.search_key

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        source = self.sourceModel()
        if not source_parent.isValid():  # a group shows while one of its procedures does
            return isinstance(source, ProcedureTreeModel) and any(
                self.accepts(row) for row in source.group_rows(source_row)
            )
        row = source.index(source_row, 0, source_parent).data(RecordRole)
        return isinstance(row, ProcedureRow) and self.accepts(row)

    def visible_rows(self) -> list[ProcedureRow]:
        rows: list[ProcedureRow] = []
        for g in range(self.rowCount()):
            parent = self.index(g, 0)
            rows.extend(self.index(r, 0, parent).data(RecordRole) for r in range(self.rowCount(parent)))
        return rows
