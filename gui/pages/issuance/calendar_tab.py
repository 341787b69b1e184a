"""土日開庁・夜間延長 tab: the calendar (holidays and planned openings marked) and the list
of openings; clicking a day adds or edits the opening of that day."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout

from gui.pages.issuance import dialogs, row_dialogs
from gui.pages.issuance.common import NOTE_STYLE, IssuanceTab, button, make_table
from gui.tables.issuance_tables import OpeningTableModel
from gui.widgets.opening_calendar import OpeningCalendar, describe_day
from models.issuance.capacity import main_window
from models.issuance.labels import month_label
from models.issuance.records import ExtraOpening
from models.issuance.validation import PlanIssue
from models.numbers import format_count

if TYPE_CHECKING:
    from gui.pages.issuance_page import IssuancePage


class CalendarTab(IssuanceTab):
    key = "calendar"
    title = "土日開庁・夜間延長"

    def __init__(self, page: IssuancePage) -> None:
        super().__init__(page)
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.month_title = QLabel()
        self.month_title.setAccessibleName("表示中の月")
        left.addWidget(self.month_title)
        self.calendar = OpeningCalendar()
        self.calendar.day_chosen.connect(self.open_day)
        self.calendar.currentPageChanged.connect(lambda _y, _m: self._update_month())
        self.calendar.selectionChanged.connect(self._update_day)
        left.addWidget(self.calendar, 1)
        legend = QLabel(
            "赤字・灰色：国民の祝日・年末年始（閉庁日）　緑「土日」：土日開庁　黄「夜間」：夜間延長　"
            "— 日付をクリックすると追加・編集できます。"
        )
        legend.setWordWrap(True)
        left.addWidget(legend)
        self.day_text = QLabel()
        self.day_text.setWordWrap(True)
        self.day_text.setAccessibleName("選んだ日")
        left.addWidget(self.day_text)
        self.month_capacity = QLabel()
        self.month_capacity.setWordWrap(True)
        self.month_capacity.setStyleSheet(NOTE_STYLE)
        self.month_capacity.setAccessibleName("この月の処理能力")
        left.addWidget(self.month_capacity)
        layout.addLayout(left, 5)

        box = QGroupBox("登録した日（計画期間全体）")
        right = QVBoxLayout(box)
        self.model = OpeningTableModel(self)
        self.table = make_table(self.model, "土日開庁・夜間延長の一覧", stretch=(3,), rows=8)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.clicked.connect(self._show_selected)
        right.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = button("追加…")
        self.add_button.clicked.connect(lambda: self.open_day(self.selected_day(), add=True))
        self.edit_button = button("編集…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button = button("削除")
        self.remove_button.clicked.connect(self.remove_selected)
        for b in (self.add_button, self.edit_button, self.remove_button):
            b.setEnabled(not self.readonly)
            row.addWidget(b)
        row.addStretch(1)
        right.addLayout(row)
        layout.addWidget(box, 4)
        self._shown_initial = False

    def load(self) -> None:
        plan = self.draft.plan
        if not self._shown_initial:
            self._shown_initial = True
            first = min((o.day for o in plan.openings), default=None) or plan.period_start
            if first is not None:
                self.calendar.show_month(first)
        self.refresh()

    def refresh(self) -> None:
        plan = self.draft.plan
        openings = sorted(plan.openings, key=lambda o: (o.day, o.kind))
        main = main_window(plan)
        self.model.window_names = {w.id: w.name for w in plan.windows if w.id is not None}
        self.model.window_names[None] = main.name if main is not None else "（窓口なし）"
        self.model.set_rows(openings)
        self.calendar.set_openings(plan.openings)
        self._update_month()
        self._update_day()

    def shown_month(self) -> date:
        return date(self.calendar.yearShown(), self.calendar.monthShown(), 1)

    def selected_day(self) -> date:
        q = self.calendar.selectedDate()
        return date(q.year(), q.month(), q.day())

    def _update_month(self) -> None:
        month = self.shown_month()
        self.month_title.setText(f"<b>{month_label(month)}</b>（{month.year}年{month.month}月）")
        capacity = next((m for m in self.page.capacity().months if m.month == month), None)
        if capacity is None:
            self.month_capacity.setText(f"{month_label(month)}は計画期間外です。")
            return
        planned = (
            ""
            if capacity.planned_issuances is None
            else f"／計画 {format_count(capacity.planned_issuances)}枚"
        )
        verdict = f"　⚠ 不足 {format_count(capacity.shortfall)}枚" if capacity.over else ""
        self.month_capacity.setText(
            f"この月：開庁日 {capacity.business_days}日・土日開庁 {capacity.weekend_openings}日・"
            f"夜間延長 {capacity.evening_openings}日　交付可能枚数 {format_count(capacity.capacity)}枚{planned}{verdict}"
        )

    def _update_day(self) -> None:
        day = self.selected_day()
        self.day_text.setText(describe_day(day, self.calendar.openings_on(day)))

    def _show_selected(self) -> None:
        opening = self.selected_opening()
        if opening is not None:
            self.calendar.setSelectedDate(QDate(opening.day.year, opening.day.month, opening.day.day))
            self.calendar.show_month(opening.day)

    def selected_opening(self) -> ExtraOpening | None:
        index = self.table.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def open_day(self, day: date, *, add: bool = False) -> None:
        """Add an opening on ``day`` or edit the one already there."""
        if self.readonly:
            return
        existing = [] if add else self.calendar.openings_on(day)
        self._edit(existing[0] if existing else None, day)

    def edit_selected(self) -> None:
        opening = self.selected_opening()
        if opening is not None and not self.readonly:
            self._edit(opening, opening.day)

    def remove_selected(self) -> None:
        opening = self.selected_opening()
        if opening is not None and not self.readonly:
            self.draft.replace_row("openings", opening, None)

    def _edit(self, opening: ExtraOpening | None, day: date) -> None:
        dialog = row_dialogs.OpeningDialog(
            opening,
            day,
            self.draft.plan.windows,
            weekend_hours=self.session.domain_settings.issuance_weekend_hours,
            parent=self,
        )
        if not dialogs.run(dialog):
            return
        new = None if dialog.deleted else dialog.value()
        self.draft.replace_row("openings", opening, new)
        if new is not None:
            self.calendar.show_month(new.day)

    def focus_issue(self, issue: PlanIssue) -> None:
        if issue.where.startswith("openings["):
            index_text = issue.where[len("openings[") :].partition("]")[0]
            if index_text.isdigit() and int(index_text) < len(self.draft.plan.openings):
                opening = self.draft.plan.openings[int(index_text)]
                self.calendar.show_month(opening.day)
                self.table.selectRow(self.model.rows().index(opening))
