"""交付体制 tab: the windows (交付窓口), staff by type and 土日開庁 days per month, each as
現状 → 目標, with the 増強 / 1.5倍以上 flags computed by ``models.issuance.system``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
)

from gui import errors
from gui.pages.issuance import dialogs, row_dialogs
from gui.pages.issuance.common import CountDelegate, IssuanceTab, button, error_label, make_table, show_error
from gui.tables.issuance_tables import (
    StaffRow,
    StaffTableModel,
    StrengtheningTableModel,
    WindowTableModel,
    staff_rows,
)
from models.issuance.records import IssuanceWindow
from models.issuance.system import strengthening
from models.issuance.validation import MAX_WEEKEND_DAYS, PlanIssue

if TYPE_CHECKING:
    from gui.pages.issuance_page import IssuancePage


class SystemTab(IssuanceTab):
    key = "system"
    title = "交付体制"

    def __init__(self, page: IssuancePage) -> None:
        super().__init__(page)
        layout = QVBoxLayout(self)

        windows_box = QGroupBox("交付窓口（統合端末・職員・開設時間）")
        wl = QVBoxLayout(windows_box)
        self.windows = WindowTableModel(self)
        self.window_table = make_table(self.windows, "交付窓口の一覧", stretch=(0, 7), rows=4)
        self.window_table.doubleClicked.connect(lambda _index: self.edit_window())
        wl.addWidget(self.window_table)
        row = QHBoxLayout()
        self.add_button = button("窓口を追加…")
        self.add_button.clicked.connect(self.add_window)
        self.edit_button = button("編集…")
        self.edit_button.clicked.connect(self.edit_window)
        self.remove_button = button("削除")
        self.remove_button.clicked.connect(self.remove_window)
        for b in (self.add_button, self.edit_button, self.remove_button):
            b.setEnabled(not self.readonly)
            row.addWidget(b)
        row.addStretch(1)
        wl.addLayout(row)
        layout.addWidget(windows_box, 3)

        middle = QHBoxLayout()
        staff_box = QGroupBox("職員配置数（種類別）")
        sl = QVBoxLayout(staff_box)
        self.staff = StaffTableModel(self)
        self.staff.readonly = self.readonly
        self.staff.edited.connect(self._on_staff_edited)
        self.staff_error = error_label("職員配置数")
        self.staff.rejected.connect(lambda message: show_error(self.staff_error, message))
        self.staff_table = make_table(self.staff, "職員配置数の表", editable=True, stretch=(0, 1, 2), rows=3)
        self.staff_table.setItemDelegate(CountDelegate(self.staff_table))
        sl.addWidget(self.staff_table)
        sl.addWidget(self.staff_error)
        hint = QLabel("種類別の人数がないときは、窓口ごとの職員数の合計を職員配置数とします。")
        hint.setWordWrap(True)
        sl.addWidget(hint)
        middle.addWidget(staff_box, 3)

        weekend_box = QGroupBox("土日開庁の実施日数（月あたり）")
        form = QFormLayout(weekend_box)
        self.weekend_baseline = QSpinBox()
        self.weekend_target = QSpinBox()
        for spin, name in ((self.weekend_baseline, "現状"), (self.weekend_target, "目標")):
            spin.setRange(0, MAX_WEEKEND_DAYS)
            spin.setSuffix(" 日")
            spin.setAccessibleName(f"土日開庁の実施日数（{name}）")
            spin.setEnabled(not self.readonly)
            form.addRow(f"{name}：", spin)
        self.weekend_baseline.valueChanged.connect(lambda v: self.draft.update(weekend_days_baseline=v))
        self.weekend_target.valueChanged.connect(lambda v: self.draft.update(weekend_days_target=v))
        weekend_hint = QLabel("実際の開庁日は「土日開庁・夜間延長」タブのカレンダーで登録します。")
        weekend_hint.setWordWrap(True)
        form.addRow(weekend_hint)
        middle.addWidget(weekend_box, 2)
        layout.addLayout(middle, 2)

        flags_box = QGroupBox("交付体制の強化（現状 → 目標）")
        fl = QVBoxLayout(flags_box)
        self.flags = StrengtheningTableModel(self)
        self.flags_table = make_table(self.flags, "交付体制の強化の表", stretch=(0, 4, 5), rows=4)
        fl.addWidget(self.flags_table)
        flags_hint = QLabel(
            "増強：目標が現状を上回る。1.5倍以上：目標が現状の1.5倍以上（総務省の集計方法）。"
        )
        flags_hint.setWordWrap(True)
        fl.addWidget(flags_hint)
        layout.addWidget(flags_box, 2)

    def load(self) -> None:
        for spin, value in (
            (self.weekend_baseline, self.draft.plan.weekend_days_baseline),
            (self.weekend_target, self.draft.plan.weekend_days_target),
        ):
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        plan = self.draft.plan
        self.windows.set_rows(plan.windows)
        self.staff.set_rows(staff_rows(plan.staff))
        self.flags.set_rows(strengthening(plan))
        problems: dict[tuple[int, str], str] = {}
        for issue in self.draft.issues:
            if issue.where.startswith("windows["):
                index_text, _, field = issue.where[len("windows[") :].partition("].")
                if index_text.isdigit():
                    problems.setdefault((int(index_text), field), issue.message)
        self.windows.set_problems(problems)

    def selected_window(self) -> IssuanceWindow | None:
        index = self.window_table.currentIndex()
        return self.windows.row(index.row()) if index.isValid() else None

    def add_window(self) -> None:
        if self.readonly:
            return
        dialog = row_dialogs.WindowDialog(None, self)
        if dialogs.run(dialog):
            self.draft.replace_row("windows", None, dialog.value())
            self.window_table.selectRow(self.windows.rowCount() - 1)

    def edit_window(self) -> None:
        window = self.selected_window()
        if window is None or self.readonly:
            return
        dialog = row_dialogs.WindowDialog(window, self)
        if not dialogs.run(dialog):
            return
        if dialog.deleted:
            self._remove(window)
        else:
            self.draft.replace_row("windows", window, dialog.value())

    def remove_window(self) -> None:
        window = self.selected_window()
        if window is not None and not self.readonly:
            self._remove(window)

    def _remove(self, window: IssuanceWindow) -> None:
        used = [o for o in self.draft.plan.openings if o.window_id is not None and o.window_id == window.id]
        if used and not errors.ask_yes_no(
            self,
            f"「{window.name}」の土日開庁・夜間延長（{len(used)}日）も一緒に削除します。よろしいですか？",
        ):
            return
        self.draft.update(
            windows=tuple(w for w in self.draft.plan.windows if w != window),
            openings=tuple(o for o in self.draft.plan.openings if o not in used),
        )

    def _on_staff_edited(self, row: StaffRow, field: str, value: Any) -> None:
        show_error(self.staff_error, "")
        self.draft.set_staff_value(row.staff_type, field, value)

    def focus_issue(self, issue: PlanIssue) -> None:
        if issue.where.startswith("windows["):
            index_text = issue.where[len("windows[") :].partition("]")[0]
            if index_text.isdigit() and int(index_text) < self.windows.rowCount():
                self.window_table.selectRow(int(index_text))
