"""申請促進・阻害要因 tab: 出張申請受付 events, other measures (申請サポート, QR付き申請書,
incentives), the 阻害要因 with a note, and the subsidies used."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.pages.issuance import dialogs, row_dialogs
from gui.pages.issuance.common import IssuanceTab, button, error_label, make_table, show_error
from gui.tables.issuance_tables import EventTableModel, MeasureTableModel
from models.issuance.records import OBSTACLE_LABELS, SUBSIDY_SUGGESTIONS
from models.issuance.validation import PlanIssue

if TYPE_CHECKING:
    from gui.pages.issuance_page import IssuancePage


class PromotionTab(IssuanceTab):
    key = "promotion"
    title = "申請促進・阻害要因"

    def __init__(self, page: IssuancePage) -> None:
        super().__init__(page)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll)

        self.events = EventTableModel(self)
        self.event_table = make_table(self.events, "出張申請受付の一覧", stretch=(2,), rows=4)
        self.event_table.doubleClicked.connect(lambda _i: self.edit_event())
        layout.addWidget(
            self._list_box(
                "出張申請受付（企業・商業施設・公民館などでの申請受付）", self.event_table, "event"
            )
        )

        self.measures = MeasureTableModel(self)
        self.measure_table = make_table(self.measures, "申請促進の取組の一覧", stretch=(1,), rows=3)
        self.measure_table.doubleClicked.connect(lambda _i: self.edit_measure())
        layout.addWidget(
            self._list_box(
                "申請促進の取組（申請サポート・QR付き申請書の送付・独自の特典など）",
                self.measure_table,
                "measure",
            )
        )

        bottom = QHBoxLayout()
        obstacles = QGroupBox("体制強化の阻害要因（あてはまるものすべて）")
        ol = QVBoxLayout(obstacles)
        self.obstacle_checks: dict[str, QCheckBox] = {}
        for key, label in OBSTACLE_LABELS.items():
            check = QCheckBox(label)
            check.setEnabled(not self.readonly)
            check.toggled.connect(self._on_obstacles)
            ol.addWidget(check)
            self.obstacle_checks[key] = check
        ol.addWidget(QLabel("補足（「その他」の内容など）："))
        self.obstacle_note = QPlainTextEdit()
        self.obstacle_note.setAccessibleName("阻害要因の補足")
        self.obstacle_note.setMaximumHeight(64)
        self.obstacle_note.setReadOnly(self.readonly)
        self.obstacle_note.textChanged.connect(self._on_obstacle_note)
        ol.addWidget(self.obstacle_note)
        self.obstacle_error = error_label("阻害要因")
        ol.addWidget(self.obstacle_error)
        bottom.addWidget(obstacles, 1)

        subsidies = QGroupBox("活用した補助金")
        sl = QGridLayout(subsidies)
        self.subsidy_list = QListWidget()
        self.subsidy_list.setAccessibleName("活用した補助金の一覧")
        self.subsidy_list.setMaximumHeight(84)
        sl.addWidget(self.subsidy_list, 0, 0, 1, 3)
        self.subsidy_input = QComboBox()
        self.subsidy_input.setEditable(True)
        self.subsidy_input.setAccessibleName("追加する補助金の名称")
        self.subsidy_input.addItems(list(SUBSIDY_SUGGESTIONS))
        self.subsidy_input.setCurrentText("")
        self.subsidy_error = error_label("補助金")
        line = self.subsidy_input.lineEdit()
        assert line is not None
        line.setPlaceholderText("名称を選ぶか入力")
        line.textChanged.connect(lambda _t: show_error(self.subsidy_error, ""))
        sl.addWidget(self.subsidy_input, 1, 0)
        self.add_subsidy_button = button("追加")
        self.add_subsidy_button.clicked.connect(self.add_subsidy)
        sl.addWidget(self.add_subsidy_button, 1, 1)
        self.remove_subsidy_button = button("選んだ補助金を削除")
        self.remove_subsidy_button.clicked.connect(self.remove_subsidy)
        sl.addWidget(self.remove_subsidy_button, 1, 2)
        sl.addWidget(self.subsidy_error, 2, 0, 1, 3)
        sl.setColumnStretch(0, 1)
        for widget in (self.subsidy_input, self.add_subsidy_button, self.remove_subsidy_button):
            widget.setEnabled(not self.readonly)
        bottom.addWidget(subsidies, 1)
        layout.addLayout(bottom)
        layout.addStretch(1)

    def _list_box(self, title: str, table: Any, kind: str) -> QGroupBox:
        box = QGroupBox(title)
        layout = QVBoxLayout(box)
        layout.addWidget(table)
        row = QHBoxLayout()
        add = button("追加…")
        edit = button("編集…")
        remove = button("削除")
        add.clicked.connect(getattr(self, f"add_{kind}"))
        edit.clicked.connect(getattr(self, f"edit_{kind}"))
        remove.clicked.connect(getattr(self, f"remove_{kind}"))
        for b in (add, edit, remove):
            b.setEnabled(not self.readonly)
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    # -- state ---------------------------------------------------------------------
    def load(self) -> None:
        plan = self.draft.plan
        for key, check in self.obstacle_checks.items():
            check.blockSignals(True)
            check.setChecked(key in plan.obstacles)
            check.blockSignals(False)
        self.obstacle_note.blockSignals(True)
        self.obstacle_note.setPlainText(plan.obstacle_note)
        self.obstacle_note.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        plan = self.draft.plan
        self.events.set_rows(plan.events)
        self.measures.set_rows(plan.measures)
        if [self.subsidy_list.item(i).text() for i in range(self.subsidy_list.count())] != list(
            plan.subsidies
        ):
            self.subsidy_list.clear()
            self.subsidy_list.addItems(list(plan.subsidies))
        issues = {issue.where: issue.message for issue in self.draft.issues}
        show_error(self.obstacle_error, issues.get("obstacle_note", "") or issues.get("obstacles", ""))

    def _on_obstacles(self) -> None:
        chosen = frozenset(key for key, check in self.obstacle_checks.items() if check.isChecked())
        self.draft.update(obstacles=chosen)

    def _on_obstacle_note(self) -> None:
        self.draft.update(obstacle_note=self.obstacle_note.toPlainText().strip())

    # -- events and measures -------------------------------------------------------
    def _selected(self, table: Any, model: Any) -> Any:
        index = table.currentIndex()
        return model.row(index.row()) if index.isValid() else None

    def add_event(self) -> None:
        dialog = row_dialogs.EventDialog(None, self)
        if not self.readonly and dialogs.run(dialog):
            self.draft.replace_row("events", None, dialog.value())

    def edit_event(self) -> None:
        event = self._selected(self.event_table, self.events)
        if event is None or self.readonly:
            return
        dialog = row_dialogs.EventDialog(event, self)
        if dialogs.run(dialog):
            self.draft.replace_row("events", event, None if dialog.deleted else dialog.value())

    def remove_event(self) -> None:
        event = self._selected(self.event_table, self.events)
        if event is not None and not self.readonly:
            self.draft.replace_row("events", event, None)

    def add_measure(self) -> None:
        dialog = row_dialogs.MeasureDialog(None, self)
        if not self.readonly and dialogs.run(dialog):
            self.draft.replace_row("measures", None, dialog.value())

    def edit_measure(self) -> None:
        measure = self._selected(self.measure_table, self.measures)
        if measure is None or self.readonly:
            return
        dialog = row_dialogs.MeasureDialog(measure, self)
        if dialogs.run(dialog):
            self.draft.replace_row("measures", measure, None if dialog.deleted else dialog.value())

    def remove_measure(self) -> None:
        measure = self._selected(self.measure_table, self.measures)
        if measure is not None and not self.readonly:
            self.draft.replace_row("measures", measure, None)

    # -- subsidies -----------------------------------------------------------------
    def add_subsidy(self) -> None:
        name = self.subsidy_input.currentText().strip()
        if not name:
            show_error(self.subsidy_error, "補助金の名称を入力してください。")
            return
        if name in self.draft.plan.subsidies:
            show_error(self.subsidy_error, f"「{name}」は登録済みです。")
            return
        show_error(self.subsidy_error, "")
        self.draft.update(subsidies=(*self.draft.plan.subsidies, name))
        self.subsidy_input.setCurrentText("")

    def remove_subsidy(self) -> None:
        item = self.subsidy_list.currentItem()
        if item is None:
            return
        name = item.text()
        self.draft.update(subsidies=tuple(s for s in self.draft.plan.subsidies if s != name))

    def focus_issue(self, issue: PlanIssue) -> None:
        for prefix, table in (("events[", self.event_table), ("measures[", self.measure_table)):
            if issue.where.startswith(prefix):
                index_text = issue.where[len(prefix) :].partition("]")[0]
                if index_text.isdigit():
                    table.selectRow(int(index_text))
