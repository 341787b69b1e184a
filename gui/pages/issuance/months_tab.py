"""月別 tab: monthly planned/actual applications and issuances (typed or pasted from Excel),
the running totals and 交付率 as computed by ``models.issuance.figures``, and the chart."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from gui.pages.issuance import dialogs
from gui.pages.issuance.common import (
    NOTE_STYLE,
    CountDelegate,
    IssuanceTab,
    button,
    error_label,
    make_table,
    show_error,
)
from gui.tables.issuance_tables import MonthTableModel
from gui.widgets.issuance_chart import ChartMonth, IssuanceChart
from models.issuance.figures import MonthRow, latest_actual, month_rows
from models.issuance.labels import month_label
from models.issuance.paste import apply_paste
from models.issuance.validation import PlanIssue
from models.numbers import format_count, format_rate

if TYPE_CHECKING:
    from gui.pages.issuance_page import IssuancePage


def chart_months(rows: list[MonthRow]) -> list[ChartMonth]:
    return [
        ChartMonth(
            month=row.month,
            planned=row.planned_issuances,
            actual=row.actual_issuances,
            planned_rate=row.planned_rate,
            actual_rate=row.actual_rate,
        )
        for row in rows
    ]


class MonthsTab(IssuanceTab):
    key = "months"
    title = "月別の申請・交付"

    def __init__(self, page: IssuancePage) -> None:
        super().__init__(page)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "各月の計画と実績を入力してください（空欄は未入力）。累計と交付率（住民基本台帳人口に対する割合、"
            "小数第2位を四捨五入）はすぐに計算されます。実績はExcelから貼り付けることもできます。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        self.model = MonthTableModel(self)
        self.model.readonly = self.readonly
        self.model.edited.connect(self._on_edited)
        self.model.rejected.connect(self._on_rejected)
        self.table = make_table(
            self.model, "月別の申請・交付の表", editable=True, stretch=tuple(range(1, 9)), rows=6
        )
        delegate = CountDelegate(self.table)
        for column in range(1, 5):
            self.table.setItemDelegateForColumn(column, delegate)
        top_layout.addWidget(self.table, 1)
        self.error = error_label("月別の数値")
        top_layout.addWidget(self.error)
        bar = QHBoxLayout()
        self.summary = QLabel()
        self.summary.setStyleSheet(NOTE_STYLE)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("最新の実績")
        bar.addWidget(self.summary, 1)
        self.paste_button = button(
            "Excelから貼り付け…", "Excelでコピーした「月・申請件数・交付枚数」の実績を取り込みます"
        )
        self.paste_button.clicked.connect(self.paste_from_excel)
        self.paste_button.setEnabled(not self.readonly)
        bar.addWidget(self.paste_button)
        top_layout.addLayout(bar)
        splitter.addWidget(top)
        self.chart = IssuanceChart()
        splitter.addWidget(self.chart)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

    def refresh(self) -> None:
        plan = self.draft.plan
        rows = month_rows(plan)
        self.model.set_rows(rows)
        self.model.set_problems(self._problems(rows))
        self.chart.set_data(chart_months(rows), self.page.references())
        latest = latest_actual(plan)
        if not rows:
            self.summary.setText(
                "計画期間（開始月・終了月）を「計画・想定交付枚数」タブで入力すると、月ごとの行が表示されます。"
            )
        elif latest is None or latest.cumulative_actual_issued is None:
            self.summary.setText("実績はまだ入力されていません。")
        else:
            refs = "／".join(f"{r.label} {format_rate(r.rate)}" for r in self.page.references())
            self.summary.setText(
                f"最新の実績：{month_label(latest.month)}末　累計交付 {format_count(latest.cumulative_actual_issued)}枚"
                f"　交付率 {format_rate(latest.actual_rate)}" + (f"（参考：{refs}）" if refs else "")
            )

    def _problems(self, rows: list[MonthRow]) -> dict[tuple[int, str], str]:
        index = {row.month: i for i, row in enumerate(rows)}
        problems: dict[tuple[int, str], str] = {}
        for issue in self.draft.issues:
            if not issue.where.startswith("months["):
                continue
            month_text, _, field = issue.where[len("months[") :].partition("].")
            try:
                month = date.fromisoformat(month_text + "-01")
            except ValueError:
                continue
            if month in index:
                problems.setdefault((index[month], field), issue.message)
        return problems

    def _on_edited(self, row: MonthRow, field: str, value: Any) -> None:
        show_error(self.error, "")
        self.draft.set_month_value(row.month, field, value)

    def _on_rejected(self, message: str) -> None:
        show_error(self.error, message + "（入力は取り消しました）")

    def edit_cell(self, month: date, field: str, text: str) -> bool:
        """Type ``text`` into a cell as the delegate would (for keyboard-less callers)."""
        index = self.model.index(self.model.row_of_month(month), self.model.column_of(field))
        return self.model.setData(index, text)

    def paste_from_excel(self) -> None:
        if self.readonly:
            return
        dialog = dialogs.PasteDialog(self.draft.plan, self)
        if not dialogs.run(dialog) or dialog.paste_result is None or not dialog.paste_result.ok:
            return
        self.draft.apply(apply_paste(self.draft.plan, dialog.paste_result))
        count = len(dialog.paste_result.rows)
        self.page.set_status_note(f"Excelから{count}か月分の実績を取り込みました（保存すると確定します）。")

    def focus_issue(self, issue: PlanIssue) -> None:
        for (row, field), _message in self.model.problems.items():
            if issue.where.endswith(f".{field}") and issue.message == self.model.problems[(row, field)]:
                self.table.setCurrentIndex(self.model.index(row, self.model.column_of(field)))
                return
