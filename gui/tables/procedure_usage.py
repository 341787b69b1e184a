"""The per-年度 table of one procedure on the オンライン手続 page: 手続総件数 and うちオンライン
件数 (editable) and the オンライン利用率 the models computed (「－」 when there is none)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush

from gui.tables.base import Index, RecordRole, RowTableModel
from gui.tables.procedure_tables import COMPUTED_BACKGROUND, ERROR_BACKGROUND, LEFT, RIGHT
from models.calendar import fiscal_year_label
from models.errors import ValidationError
from models.numbers import NOT_AVAILABLE, format_count, format_rate, parse_count


@dataclass(frozen=True)
class YearRow:
    """One 年度 of one procedure as the detail panel shows it (rate from ``models``)."""

    fiscal_year: int
    total: int | None
    online: int | None
    rate: Decimal | None


def _count_text(value: int | None) -> str:
    return "" if value is None else format_count(value)


USAGE_HEADERS = ("年度", "手続総件数\n（件）", "うちオンライン\n件数（件）", "オンライン\n利用率")
COL_FY, COL_TOTAL, COL_ONLINE, COL_USAGE_RATE = range(4)
USAGE_FIELDS = {COL_TOTAL: "total", COL_ONLINE: "online"}


class UsageTableModel(RowTableModel[YearRow]):
    """手続総件数 / うちオンライン件数 per 年度 (editable), the rate computed by the models
    (「－」 when the total is 0 or empty). A refused value emits ``rejected``; an accepted one
    ``edited(fiscal_year, field, value)``."""

    rejected = Signal(str)
    edited = Signal(int, str, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(USAGE_HEADERS, parent)
        self.readonly = False
        self.problems: dict[tuple[int, str], str] = {}  # (fiscal year, field) → message

    def set_rows(self, rows: Sequence[YearRow]) -> None:
        rows = list(rows)
        if rows and [r.fiscal_year for r in rows] == [r.fiscal_year for r in self._rows]:
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(USAGE_HEADERS) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rows(self) -> list[YearRow]:
        return list(self._rows)

    def set_problems(self, problems: dict[tuple[int, str], str]) -> None:
        if problems == self.problems:
            return
        self.problems = dict(problems)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(USAGE_HEADERS) - 1))

    def row_of_year(self, fiscal_year: int) -> int:
        return next(i for i, row in enumerate(self._rows) if row.fiscal_year == fiscal_year)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in USAGE_FIELDS and not self.readonly:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _text(self, row: YearRow, column: int) -> str:
        if column == COL_FY:
            return fiscal_year_label(row.fiscal_year)
        if column == COL_TOTAL:
            return _count_text(row.total)
        if column == COL_ONLINE:
            return _count_text(row.online)
        return format_rate(row.rate) if row.rate is not None else NOT_AVAILABLE

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        field = USAGE_FIELDS.get(column, "")
        problem = self.problems.get((row.fiscal_year, field)) if field else None
        text = self._text(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.EditRole:
            value = getattr(row, field) if field else None
            return "" if value is None else str(value) if field else text
        if role == Qt.ItemDataRole.ToolTipRole:
            if problem:
                return f"⚠ {problem}"
            if column == COL_USAGE_RATE:
                return "うちオンライン件数 ÷ 手続総件数（小数第2位を四捨五入）。総件数が0か空欄のときは「－」"
            return text or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            spoken = f"{USAGE_HEADERS[column].replace(chr(10), '')}：{text or '未入力'}"
            return f"{spoken}（⚠ {problem}）" if problem else spoken
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = LEFT if column == COL_FY else RIGHT
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if problem:
                return QBrush(ERROR_BACKGROUND)
            if column == COL_USAGE_RATE:
                return QBrush(COMPUTED_BACKGROUND)
            return None
        if role == RecordRole:
            return row
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.readonly:
            return False
        if not 0 <= index.row() < len(self._rows) or index.column() not in USAGE_FIELDS:
            return False
        row = self._rows[index.row()]
        field = USAGE_FIELDS[index.column()]
        text = "" if value is None else str(value)
        try:
            parsed = parse_count(text, field=field) if text.strip() else None
        except ValidationError as exc:
            header = USAGE_HEADERS[index.column()].replace("\n", "")
            self.rejected.emit(f"{fiscal_year_label(row.fiscal_year)}の{header}：{exc.user_message}")
            return False
        self.edited.emit(row.fiscal_year, field, parsed)
        return True
