"""The list of the オンライン手続 page: the procedures grouped as the documents group them, the
filters (区分, 状況, 方式, 期限超過, 廃止も表示) and the search that ignores half-width kana,
Kangxi look-alikes and the like (``models.text.normalise_for_matching``).

``procedure_rows`` turns the draft checklist into rows with what the models computed (group,
the latest 年度's rate, overdue); the widget only shows and filters them.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSignalBlocker, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from gui.tables.base import RecordRole
from gui.tables.procedure_tables import (
    CHANNEL_SHORT,
    COL_APPLICABLE,
    COL_CHANNEL,
    COL_NAME,
    COL_PLANNED,
    COL_RATE,
    COL_STATUS,
    TREE_COLUMNS,
    ProcedureFilter,
    ProcedureRow,
    ProcedureTreeModel,
    RoomyDelegate,
)
from models.calendar import fiscal_year_label
from models.procedures.alerts import Alert
from models.procedures.catalogue import PREFECTURAL_REASON, group_of
from models.procedures.records import CHANNEL_LABELS, STATUS_LABELS, Checklist
from models.procedures.summary import fiscal_years, usage_by_code, usage_rate
from models.text import normalise_for_matching

OVERDUE_KINDS = frozenset({"overdue", "planned_past"})
GROUP_NOTES = {"自動車保有関係": f"{PREFECTURAL_REASON}：対象外"}
ALL = "__all__"


def procedure_rows(
    checklist: Checklist, alerts: list[Alert], search_keys: dict[str, str]
) -> list[ProcedureRow]:
    """The list's rows from the models' figures: group, the latest 年度's usage and rate,
    overdue (an ``overdue``/``planned_past`` alert) and the normalised name to search
    (cached in ``search_keys`` by code)."""
    years = fiscal_years(checklist)
    latest = usage_by_code(checklist, years[-1]) if years else {}
    overdue = {a.code for a in alerts if a.kind in OVERDUE_KINDS}
    statuses = {s.code: s for s in checklist.statuses}
    rows: list[ProcedureRow] = []
    for entry in checklist.catalogue:
        key = search_keys.get(entry.code)
        if key is None:
            key = search_keys[entry.code] = f"{normalise_for_matching(entry.name)}\n{entry.code.lower()}"
        figures = latest.get(entry.code)
        rows.append(
            ProcedureRow(
                entry=entry,
                status=statuses[entry.code],
                group=group_of(entry),
                latest=figures,
                latest_rate=usage_rate(figures),
                overdue=entry.code in overdue,
                search_key=key,
            )
        )
    return rows


def latest_year_header(checklist: Checklist) -> str:
    """「（令和5年度）」 for the rate column, or "" without figures."""
    years = fiscal_years(checklist)
    return f"（{fiscal_year_label(years[-1])}）" if years else ""


class ProcedureList(QWidget):
    """Filters above a tree of the procedures; ``current_changed(code or None)`` follows
    the selection, ``filtered`` fires after every filter change."""

    current_changed = Signal(object)
    filtered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.group_filter = QComboBox()
        self.group_filter.setAccessibleName("区分で絞り込み")
        self.group_filter.addItem("すべての区分", ALL)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("状況で絞り込み")
        self.status_filter.addItem("すべての状況", ALL)
        for key, text in STATUS_LABELS.items():
            self.status_filter.addItem(text, key)
        self.channel_filter = QComboBox()
        self.channel_filter.setAccessibleName("方式で絞り込み")
        self.channel_filter.addItem("すべての方式", ALL)
        for key, text in CHANNEL_LABELS.items():
            self.channel_filter.addItem(text, key)
        self.overdue_filter = QCheckBox("期限を過ぎた手続のみ")
        self.overdue_filter.setToolTip(
            "31手続で令和4年度末までにオンライン化されていないもの、予定年度を過ぎたもの"
        )
        self.retired_filter = QCheckBox("廃止・掲載終了も表示")
        self.search = QLineEdit()
        self.search.setAccessibleName("手続名で検索")
        self.search.setPlaceholderText("手続名で検索（半角カナ・記号の違いは無視）")
        self.search.setClearButtonEnabled(True)
        for combo in (self.group_filter, self.status_filter, self.channel_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(9)
            combo.currentIndexChanged.connect(self.apply_filter)
            filters.addWidget(combo)
        for check in (self.overdue_filter, self.retired_filter):
            check.toggled.connect(self.apply_filter)
            filters.addWidget(check)
        self.search.textChanged.connect(self.apply_filter)
        filters.addWidget(self.search, 1)
        layout.addLayout(filters)

        self.model = ProcedureTreeModel(self)
        self.proxy = ProcedureFilter(self)
        self.proxy.setSourceModel(self.model)
        self.tree = QTreeView()
        self.tree.setModel(self.proxy)
        self.tree.setAccessibleName("手続の一覧")
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAlternatingRowColors(True)
        self.tree.setItemDelegate(RoomyDelegate(self.tree))
        self.tree.setMinimumHeight(150)
        self._size_columns()
        self.tree.selectionModel().currentRowChanged.connect(self._on_current_changed)
        layout.addWidget(self.tree, 1)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("表示している手続の数")

    def _size_columns(self) -> None:
        """Widths from the texts a column can hold (measuring 500 rows on every change would
        make filtering slow); the name takes the rest."""
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(40)
        metrics = self.tree.fontMetrics()
        texts = {
            COL_APPLICABLE: ["対象外"],
            COL_STATUS: list(STATUS_LABELS.values()),
            COL_CHANNEL: [t for t in CHANNEL_SHORT.values() if t],
            COL_PLANNED: ["令和10年度"],
            COL_RATE: ["100.0%", "（令和10年度）"],
        }
        for column, samples in texts.items():
            header_text = TREE_COLUMNS[column].header
            width = max(metrics.horizontalAdvance(t) for t in [*samples, header_text]) + 20
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)

    # -- rows ----------------------------------------------------------------------
    def set_rows(self, rows: list[ProcedureRow], groups: Sequence[str], *, reset: bool) -> None:
        """Show ``rows`` under ``groups`` (display order); rows of the same procedures are
        updated in place unless ``reset`` (the selection stays either way)."""
        if not reset and self.model.update_rows(rows):
            return
        current = self.current_code()
        by_group: dict[str, list[ProcedureRow]] = {}
        for row in rows:
            by_group.setdefault(row.group, []).append(row)
        self.model.set_groups(
            [(label, by_group.get(label, []), GROUP_NOTES.get(label, "")) for label in groups]
        )
        chosen = self.group_filter.currentData()
        with QSignalBlocker(self.group_filter):
            self.group_filter.clear()
            self.group_filter.addItem("すべての区分", ALL)
            for label in groups:
                self.group_filter.addItem(label, label)
            self.group_filter.setCurrentIndex(max(self.group_filter.findData(chosen), 0))
        self.apply_filter()
        if current is not None:
            self.select_code(current)

    # -- filtering -----------------------------------------------------------------
    def apply_filter(self) -> None:
        def chosen(combo: QComboBox) -> str | None:
            value = combo.currentData()
            return None if value in (ALL, None) else str(value)

        self.proxy.set_filter(
            group=chosen(self.group_filter),
            status=chosen(self.status_filter),
            channel=chosen(self.channel_filter),
            overdue_only=self.overdue_filter.isChecked(),
            show_retired=self.retired_filter.isChecked(),
            query=normalise_for_matching(self.search.text()),
        )
        self.tree.expandAll()
        for row in range(self.proxy.rowCount()):
            self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
        shown = sum(self.proxy.rowCount(self.proxy.index(g, 0)) for g in range(self.proxy.rowCount()))
        total = sum(1 for row in self.model.rows() if not row.entry.retired)
        self.count_label.setText(f"{shown}件を表示（全{total}件）")
        self.filtered.emit()

    def clear_filters(self) -> None:
        """Show every procedure (the 廃止・掲載終了 choice stays)."""
        for widget in (self.group_filter, self.status_filter, self.channel_filter):
            with QSignalBlocker(widget):
                widget.setCurrentIndex(0)
        with QSignalBlocker(self.overdue_filter):
            self.overdue_filter.setChecked(False)
        with QSignalBlocker(self.search):
            self.search.clear()
        self.apply_filter()

    def visible_rows(self) -> list[ProcedureRow]:
        return self.proxy.visible_rows()

    def is_visible(self, code: str) -> bool:
        return self.proxy.mapFromSource(self.model.index_of(code)).isValid()

    # -- selection -----------------------------------------------------------------
    def current_code(self) -> str | None:
        row = self.tree.currentIndex().data(RecordRole)
        return row.code if isinstance(row, ProcedureRow) else None

    def select_code(self, code: str) -> bool:
        """Select a procedure (shown with its group); False when it is filtered out."""
        source = self.model.index_of(code)
        index = self.proxy.mapFromSource(source) if source.isValid() else QModelIndex()
        if not index.isValid():
            return False
        self.tree.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.tree.scrollTo(index)
        return True

    def show_procedure(self, code: str) -> bool:
        """Select ``code``, clearing the filters when they hide it."""
        if self.select_code(code):
            return True
        row = self.model.row_of(code)
        if row is not None and row.entry.retired:
            with QSignalBlocker(self.retired_filter):
                self.retired_filter.setChecked(True)
        self.clear_filters()
        return self.select_code(code)

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(RecordRole)
        self.current_changed.emit(row.code if isinstance(row, ProcedureRow) else None)


__all__ = ["ALL", "ProcedureList", "latest_year_header", "procedure_rows"]
