"""Item models of the 交付円滑化計画 page: thin table models over the records and the rows
computed by ``models.issuance`` (nothing is computed here).

Editable cells parse what was typed with the models' parsers; a refused value emits
``rejected`` with the Japanese message (shown beside the table) and changes nothing.
Accepted values are handed on through ``edited(record, field, value)``; the page applies them
to its draft plan and sets the recomputed rows back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from gui.tables.base import Index, RecordRole, RowTableModel
from models.calendar import parse_date, to_wareki
from models.errors import ValidationError
from models.issuance.capacity import MonthCapacity
from models.issuance.comparison import ComparisonRow
from models.issuance.figures import MilestoneRow, MonthRow
from models.issuance.labels import month_label
from models.issuance.records import (
    MEASURE_KIND_LABELS,
    OPENING_KIND_LABELS,
    PLACE_TYPE_LABELS,
    STAFF_TYPE_LABELS,
    VERSION_KIND_LABELS,
    WINDOW_KIND_LABELS,
    ExtraOpening,
    IssuanceWindow,
    PlanVersion,
    PromotionEvent,
    PromotionMeasure,
    StaffCount,
)
from models.issuance.system import Strengthening
from models.numbers import NOT_AVAILABLE, format_count, format_rate, parse_count

T = TypeVar("T")

LEFT = Qt.AlignmentFlag.AlignLeft
RIGHT = Qt.AlignmentFlag.AlignRight
CENTER = Qt.AlignmentFlag.AlignHCenter
SHORTFALL_BACKGROUND = QColor("#fde2e1")
ERROR_BACKGROUND = QColor("#fbd5d5")
COMPUTED_BACKGROUND = QColor("#f4f6f8")
CHANGED_BACKGROUND = QColor("#fff4ce")


def count_or_none(text: str, *, field: str = "") -> int | None:
    """A typed count; empty text means "not entered" (None)."""
    if not str(text).strip():
        return None
    return parse_count(str(text), field=field)


def count_required(text: str, *, field: str = "") -> int:
    return parse_count(str(text), field=field)


def date_required(text: str, *, field: str = "") -> date:
    return parse_date(str(text), field=field)


def hours_text(hours: Decimal) -> str:
    return f"{hours.normalize():f}時間"


def opt_date(d: date | None) -> str:
    return to_wareki(d) if d else ""


def period_text(start: date | None, end: date | None, *, whole: str = "計画期間中") -> str:
    if start is None and end is None:
        return whole
    return f"{opt_date(start)}〜{opt_date(end)}"


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: header, displayed text, alignment; ``field`` + ``parse`` make it editable,
    ``raw`` is the text an editor starts with (unformatted)."""

    header: str
    text: Callable[[T], str]
    align: Qt.AlignmentFlag = LEFT
    field: str | None = None
    parse: Callable[..., Any] | None = None
    raw: Callable[[T], str] | None = None
    computed: bool = False  # shaded: computed from the other columns


class PlanTableModel(RowTableModel[T]):
    """Rows are records (or computed rows); ``RecordRole`` returns the row."""

    rejected = Signal(str)
    edited = Signal(object, str, object)  # row, field, parsed value

    def __init__(self, columns: Sequence[Column[T]], parent: QObject | None = None) -> None:
        super().__init__([column.header for column in columns], parent)
        self.columns = list(columns)
        self.readonly = False
        self.problems: dict[tuple[int, str], str] = {}  # (row, field) → message (highlighted)

    # -- rows ----------------------------------------------------------------------
    def set_rows(self, rows: Sequence[T]) -> None:
        """Show new rows; same number of rows updates in place (editors and selection stay)."""
        rows = list(rows)
        if len(rows) == len(self._rows) and rows:
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(self.columns) - 1))
        else:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def row(self, index: int) -> T:
        return self._rows[index]

    def set_problems(self, problems: dict[tuple[int, str], str]) -> None:
        if problems == self.problems:
            return
        self.problems = dict(problems)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self.columns) - 1))

    def row_label(self, row: T) -> str:
        return ""

    def row_background(self, row: T) -> QColor | None:
        return None

    def column_of(self, field: str) -> int:
        return next(i for i, column in enumerate(self.columns) if column.field == field)

    # -- Qt ------------------------------------------------------------------------
    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].field and not self.readonly:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        column = self.columns[index.column()]
        problem = self.problems.get((index.row(), column.field or "")) if column.field else None
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record)
        if role == Qt.ItemDataRole.EditRole:
            return column.raw(record) if column.raw else column.text(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"⚠ {problem}" if problem else column.text(record) or None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = f"{column.header.replace(chr(10), '')}：{column.text(record) or '未入力'}"
            return f"{text}（⚠ {problem}）" if problem else text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if problem:
                return QBrush(ERROR_BACKGROUND)
            background = self.row_background(record)
            if background is not None:
                return QBrush(background)
            if column.computed:
                return QBrush(COMPUTED_BACKGROUND)
            return None
        if role == RecordRole:
            return record
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.readonly:
            return False
        if not 0 <= index.row() < len(self._rows):
            return False
        column = self.columns[index.column()]
        if not column.field or column.parse is None:
            return False
        record = self._rows[index.row()]
        try:
            parsed = column.parse("" if value is None else str(value), field=column.field)
        except ValidationError as exc:
            where = self.row_label(record)
            header = column.header.replace("\n", "")
            self.rejected.emit(
                f"{where}の{header}：{exc.user_message}" if where else f"{header}：{exc.user_message}"
            )
            return False
        self.edited.emit(record, column.field, parsed)
        return True


# -- months ---------------------------------------------------------------------------
def _count_col(header: str, field: str, getter: Callable[[Any], int | None]) -> Column[Any]:
    return Column(
        header,
        lambda r: "" if getter(r) is None else format_count(getter(r)),
        RIGHT,
        field,
        count_or_none,
        lambda r: "" if getter(r) is None else str(getter(r)),
    )


def _rate_text(value: Decimal | None) -> str:
    return "" if value is None else format_rate(value)


MONTH_COLUMNS: list[Column[MonthRow]] = [
    Column("月", lambda r: month_label(r.month)),
    _count_col("申請・計画\n（件）", "planned_applications", lambda r: r.planned_applications),
    _count_col("交付・計画\n（枚）", "planned_issuances", lambda r: r.planned_issuances),
    _count_col("申請・実績\n（件）", "actual_applications", lambda r: r.actual_applications),
    _count_col("交付・実績\n（枚）", "actual_issuances", lambda r: r.actual_issuances),
    Column(
        "累計交付・計画\n（枚）", lambda r: format_count(r.cumulative_planned_issued), RIGHT, computed=True
    ),
    Column(
        "累計交付・実績\n（枚）",
        lambda r: "" if r.cumulative_actual_issued is None else format_count(r.cumulative_actual_issued),
        RIGHT,
        computed=True,
    ),
    Column("交付率・計画", lambda r: _rate_text(r.planned_rate), RIGHT, computed=True),
    Column("交付率・実績", lambda r: _rate_text(r.actual_rate), RIGHT, computed=True),
]
COL_CUMULATIVE_ACTUAL = 6
COL_RATE_ACTUAL = 8


class MonthTableModel(PlanTableModel[MonthRow]):
    """月別の申請・交付: the four figures are editable, the running totals are not."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(MONTH_COLUMNS, parent)

    def row_label(self, row: MonthRow) -> str:
        return month_label(row.month)

    def row_of_month(self, month: date) -> int:
        return next(i for i, row in enumerate(self._rows) if row.month == month)


# -- milestones -----------------------------------------------------------------------
MILESTONE_COLUMNS: list[Column[MilestoneRow]] = [
    Column("時点", lambda r: to_wareki(r.as_of), LEFT, "as_of", date_required, lambda r: to_wareki(r.as_of)),
    _count_col("想定交付枚数\n（累計・枚）", "cumulative_issued", lambda r: r.cumulative_issued),
    Column("想定交付率", lambda r: _rate_text(r.rate), RIGHT, computed=True),
    Column(
        "実績（累計・枚）",
        lambda r: "" if r.actual_cumulative is None else format_count(r.actual_cumulative),
        RIGHT,
        computed=True,
    ),
    Column("実績の交付率", lambda r: _rate_text(r.actual_rate), RIGHT, computed=True),
]


class MilestoneTableModel(PlanTableModel[MilestoneRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(MILESTONE_COLUMNS, parent)
        # a milestone's count is required: empty is refused
        self.columns[1] = Column(
            self.columns[1].header,
            self.columns[1].text,
            RIGHT,
            "cumulative_issued",
            count_required,
            self.columns[1].raw,
        )

    def row_label(self, row: MilestoneRow) -> str:
        return to_wareki(row.as_of)


# -- 交付体制 -----------------------------------------------------------------------------
WINDOW_COLUMNS: list[Column[IssuanceWindow]] = [
    Column("名称", lambda w: w.name),
    Column("区分", lambda w: WINDOW_KIND_LABELS.get(w.kind, w.kind)),
    Column("統合端末\n現状", lambda w: format_count(w.terminals_baseline), RIGHT),
    Column("統合端末\n目標", lambda w: format_count(w.terminals_target), RIGHT),
    Column("職員\n現状", lambda w: format_count(w.staff_baseline), RIGHT),
    Column("職員\n目標", lambda w: format_count(w.staff_target), RIGHT),
    Column("平日の開設時間", lambda w: hours_text(w.weekday_hours), RIGHT),
    Column("開設期間", lambda w: period_text(w.open_from, w.open_until)),
]


class WindowTableModel(PlanTableModel[IssuanceWindow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(WINDOW_COLUMNS, parent)


@dataclass(frozen=True)
class StaffRow:
    """One staff type as shown: every type has a row, even before figures are entered."""

    staff_type: str
    baseline: int | None
    target: int | None


def staff_rows(staff: Sequence[StaffCount]) -> list[StaffRow]:
    by_type = {s.staff_type: s for s in staff}
    return [
        StaffRow(
            key,
            by_type[key].baseline if key in by_type else None,
            by_type[key].target if key in by_type else None,
        )
        for key in STAFF_TYPE_LABELS
    ]


class StaffTableModel(PlanTableModel[StaffRow]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column("職員の種類", lambda s: STAFF_TYPE_LABELS[s.staff_type]),
                _count_col("現状（人）", "baseline", lambda s: s.baseline),
                _count_col("目標（人）", "target", lambda s: s.target),
            ],
            parent,
        )

    def row_label(self, row: StaffRow) -> str:
        return f"職員配置数（{STAFF_TYPE_LABELS[row.staff_type]}）"


def _flag(value: bool, label: str) -> str:
    return f"○ {label}" if value else "－"


def _ratio_text(s: Strengthening) -> str:
    if s.ratio is None:
        return "－（現状0）" if s.target > 0 else "－"
    return f"{s.ratio}倍"


class StrengtheningTableModel(PlanTableModel[Strengthening]):
    """交付体制 現状 → 目標 with the 総務省 flags, read-only (computed by models.issuance.system)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column("項目", lambda s: s.label),
                Column("現状", lambda s: f"{format_count(s.baseline)}{s.unit}", RIGHT),
                Column("目標", lambda s: f"{format_count(s.target)}{s.unit}", RIGHT),
                Column("倍率", _ratio_text, RIGHT),
                Column("増強", lambda s: _flag(s.increased, "増強"), CENTER),
                Column("1.5倍以上", lambda s: _flag(s.at_least_1_5, "1.5倍以上"), CENTER),
            ],
            parent,
        )


# -- 土日開庁・夜間延長 ---------------------------------------------------------------------
class OpeningTableModel(PlanTableModel[ExtraOpening]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column("日付", lambda o: to_wareki(o.day, with_weekday=True)),
                Column("区分", lambda o: OPENING_KIND_LABELS.get(o.kind, o.kind)),
                Column("時間数", lambda o: hours_text(o.hours), RIGHT),
                Column("窓口", lambda o: self.window_names.get(o.window_id, "")),
            ],
            parent,
        )
        self.window_names: dict[int | None, str] = {}

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid() and 0 <= index.row() < len(self._rows):
            opening = self._rows[index.row()]
            if opening.note:
                return f"{self.columns[index.column()].text(opening)}（備考：{opening.note}）"
        return super().data(index, role)


# -- 申請促進 -----------------------------------------------------------------------------
class EventTableModel(PlanTableModel[PromotionEvent]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column("実施日", lambda e: to_wareki(e.day, with_weekday=True)),
                Column("場所の種類", lambda e: PLACE_TYPE_LABELS.get(e.place_type, e.place_type)),
                Column("場所", lambda e: e.place_name),
                Column("想定申請件数", lambda e: format_count(e.expected_applications), RIGHT),
                Column(
                    "申請件数（実績）",
                    lambda e: "" if e.actual_applications is None else format_count(e.actual_applications),
                    RIGHT,
                ),
            ],
            parent,
        )


class MeasureTableModel(PlanTableModel[PromotionMeasure]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column("区分", lambda m: MEASURE_KIND_LABELS.get(m.kind, m.kind)),
                Column("内容", lambda m: m.description),
                Column("期間", lambda m: period_text(m.start, m.end, whole="")),
                Column("数量", lambda m: "" if m.quantity is None else format_count(m.quantity), RIGHT),
            ],
            parent,
        )


# -- 処理能力 -----------------------------------------------------------------------------
def _shortfall_text(m: MonthCapacity) -> str:
    return f"不足 {format_count(m.shortfall)}枚" if m.over else "－"


def _extra_days_text(m: MonthCapacity) -> str:
    if not m.over:
        return ""
    if m.extra_weekend_days == 0:
        return "（本庁に端末なし）"
    note = "" if m.closable_by_weekends else f"（土日等は残り{m.weekend_days_available}日）"
    return f"{m.extra_weekend_days}日{note}"


CAPACITY_COLUMNS: list[Column[MonthCapacity]] = [
    Column("月", lambda m: month_label(m.month)),
    Column("開庁日数", lambda m: f"{m.business_days}日", RIGHT),
    Column("土日開庁", lambda m: f"{m.weekend_openings}日" if m.weekend_openings else "", RIGHT),
    Column("夜間延長", lambda m: f"{m.evening_openings}日" if m.evening_openings else "", RIGHT),
    Column("交付可能枚数\n（枚）", lambda m: format_count(m.capacity), RIGHT),
    Column(
        "計画交付枚数\n（枚）",
        lambda m: "" if m.planned_issuances is None else format_count(m.planned_issuances),
        RIGHT,
    ),
    Column("判定", _shortfall_text, LEFT),
    Column("不足を補う\n土日開庁日数", _extra_days_text, RIGHT),
]
COL_CAPACITY = 4
COL_VERDICT = 6


class CapacityTableModel(PlanTableModel[MonthCapacity]):
    """Read-only; a month whose planned issuance exceeds capacity is shaded and says 「不足」."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(CAPACITY_COLUMNS, parent)

    def row_background(self, row: MonthCapacity) -> QColor | None:
        return SHORTFALL_BACKGROUND if row.over else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.FontRole and index.isValid() and 0 <= index.row() < len(self._rows):
            if self._rows[index.row()].over and index.column() == COL_VERDICT:
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)


# -- versions and comparison ----------------------------------------------------------
def _frozen_at(v: PlanVersion) -> str:
    at: datetime = v.frozen_at
    return f"{to_wareki(at.date())} {at:%H:%M}"


class VersionTableModel(PlanTableModel[PlanVersion]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column("版", lambda v: f"第{v.number}版", RIGHT),
                Column("区分", lambda v: VERSION_KIND_LABELS.get(v.kind, v.kind)),
                Column("名称", lambda v: v.label),
                Column("確定日時", _frozen_at),
                Column("確定した人", lambda v: v.frozen_by),
                Column("PDF", lambda v: "保存済み" if v.pdf else "なし", CENTER),
            ],
            parent,
        )


class ComparisonTableModel(PlanTableModel[ComparisonRow]):
    """新旧対照: 項目 / 旧 / 新; changed rows are shaded and their 項目 starts with 「＊」."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column("項目", lambda r: ("＊" if r.changed else "　") + r.label),
                Column("旧", lambda r: r.old or NOT_AVAILABLE),
                Column("新", lambda r: r.new or NOT_AVAILABLE),
            ],
            parent,
        )

    def row_background(self, row: ComparisonRow) -> QColor | None:
        return CHANGED_BACKGROUND if row.changed else None
