"""The 「年度別の件数・オンライン利用率」 tab of the detail panel: 手続総件数 and うちオンライン件数
per 年度 (typed, or pasted for many procedures at once from the page), with the rate
computed by ``models.procedures.summary.usage_rate`` (HALF_UP 0.1, 「－」 when the total is
0 or empty). A count above its total is kept in the draft so its message can sit beside the
cell, and blocks saving."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gui.pages.issuance.common import CountDelegate, error_label, show_error
from gui.tables.procedure_usage import USAGE_FIELDS, UsageTableModel, YearRow
from models.calendar import fiscal_year, fiscal_year_label, parse_fiscal_year
from models.errors import ValidationError
from models.procedures.alerts import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR
from models.procedures.summary import fiscal_years, usage_rate

if TYPE_CHECKING:
    from gui.pages.procedures.draft import ChecklistDraft, DraftProblem

NOTE_STYLE = "color: #1a5fb4;"
REJECTED = "（入力は取り消しました）"


class UsageTab(QWidget):
    """The figures of one procedure (``show``); edits go to the draft."""

    def __init__(self, draft: ChecklistDraft, readonly: bool) -> None:
        super().__init__()
        self.draft = draft
        self.readonly = readonly
        self.code: str | None = None
        self._problems: list[DraftProblem] = []
        self.extra_years: dict[str, set[int]] = {}  # 年度 rows added by hand, per procedure
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 6, 4, 0)
        left = QVBoxLayout()
        row.addLayout(left, 3)
        side = QVBoxLayout()
        row.addLayout(side, 2)
        self.model = UsageTableModel(self)
        self.model.readonly = readonly
        self.model.edited.connect(self._on_count)
        self.model.rejected.connect(self._on_count_rejected)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("年度別の件数の表")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        delegate = CountDelegate(self.table)
        for column in USAGE_FIELDS:
            self.table.setItemDelegateForColumn(column, delegate)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        row_height = self.table.fontMetrics().height() + 10
        self.table.verticalHeader().setDefaultSectionSize(row_height)
        header_height = 2 * self.table.fontMetrics().height() + 12
        self.table.setMinimumHeight(header_height + 3 * row_height + 6)
        left.addWidget(self.table)

        self.error = error_label("年度別の件数")
        side.addWidget(self.error)
        add_hint = QLabel("表にない年度の件数を入力するときは、年度を追加してください。")
        add_hint.setWordWrap(True)
        side.addWidget(add_hint)
        add = QHBoxLayout()
        self.year_input = QLineEdit()
        self.year_input.setAccessibleName("追加する年度")
        self.year_input.setPlaceholderText("例：令和2年度、R2")
        self.year_input.setMaximumWidth(170)
        self.year_input.returnPressed.connect(self.add_year)
        add.addWidget(self.year_input)
        self.add_year_button = QPushButton("年度を追加")
        self.add_year_button.setToolTip(
            "表にない年度の行を追加します（件数を入力すると保存の対象になります）"
        )
        self.add_year_button.clicked.connect(self.add_year)
        add.addWidget(self.add_year_button)
        add.addStretch(1)
        side.addLayout(add)
        self.year_error = error_label("追加する年度")
        side.addWidget(self.year_error)
        hint = QLabel(
            "利用率 ＝ うちオンライン件数 ÷ 手続総件数（小数第2位を四捨五入）。総件数が0か空欄の年度は「－」。"
            "両方を空欄にするとその年度の件数を削除します。"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(NOTE_STYLE)
        side.addWidget(hint)
        side.addStretch(1)
        for editable in (self.year_input, self.add_year_button):
            editable.setEnabled(not readonly)

    def show_code(self, code: str | None) -> None:
        """Show the figures of ``code``."""
        self.code = code
        show_error(self.year_error, "")
        show_error(self.error, "")

    def refresh(self, problems: list[DraftProblem]) -> bool:
        """Rows from the draft, ``problems`` (this procedure's) on their cells; True when a
        figure breaks a rule."""
        self._problems = problems
        if self.code is None:
            return False
        figures = self.draft.usage_of(self.code)
        years = set(figures) | self.extra_years.get(self.code, set())
        years |= set(fiscal_years(self.draft.checklist))
        years.add(fiscal_year(self.draft.today) - 1)  # the last 年度 that has ended
        rows = []
        for fy in sorted(years, reverse=True):
            item = figures.get(fy)
            rows.append(
                YearRow(fy, item.total if item else None, item.online if item else None, usage_rate(item))
            )
        self.model.set_rows(rows)
        cells = {(p.fiscal_year, p.field): p.message for p in problems if p.fiscal_year is not None}
        self.model.set_problems(cells)  # (the 年度 is never None here)
        if cells:
            show_error(self.error, "　".join(dict.fromkeys(cells.values())))
        elif not self.error.text().endswith(REJECTED):
            show_error(self.error, "")
        return bool(cells)

    def _on_count(self, fy: int, field: str, value: Any) -> None:
        show_error(self.error, "")
        if self.code is not None:
            self.draft.set_count(self.code, fy, field, value)

    def _on_count_rejected(self, message: str) -> None:
        show_error(self.error, message + REJECTED)

    def edit_count(self, fiscal_year_: int, field: str, text: str) -> bool:
        """Type ``text`` into a count cell as the delegate would (for keyboard-less callers)."""
        column = next(c for c, f in USAGE_FIELDS.items() if f == field)
        index = self.model.index(self.model.row_of_year(fiscal_year_), column)
        return self.model.setData(index, text)

    def add_year(self) -> None:
        if self.code is None or self.readonly:
            return
        text = self.year_input.text().strip()
        try:
            fy = parse_fiscal_year(text, field="fiscal_year")
        except ValidationError as exc:
            show_error(self.year_error, exc.user_message)
            return
        if not MIN_FISCAL_YEAR <= fy <= MAX_FISCAL_YEAR:
            show_error(
                self.year_error,
                f"{fiscal_year_label(MIN_FISCAL_YEAR)}から{fiscal_year_label(MAX_FISCAL_YEAR)}"
                "までの年度を入力してください。",
            )
            return
        show_error(self.year_error, "")
        self.year_input.clear()
        self.extra_years.setdefault(self.code, set()).add(fy)
        self.refresh(self._problems)
        self.table.setCurrentIndex(self.model.index(self.model.row_of_year(fy), 1))
        self.table.setFocus()
