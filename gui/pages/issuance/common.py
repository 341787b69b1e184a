"""Pieces shared by the tabs of the 交付円滑化計画 page: the tab base, table views, delegates
that stop malformed keystrokes, the month field and the list of the plan's issues."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from gui.widgets.field_editors import COUNT_PATTERN
from models.errors import ValidationError
from models.issuance.labels import month_label
from models.issuance.paste import parse_month
from models.issuance.validation import PlanIssue

if TYPE_CHECKING:
    from gui.pages.issuance_page import IssuancePage

ERROR_STYLE = "color: #b00020;"
NOTE_STYLE = "color: #1a5fb4;"
ERROR_COLOR = QColor("#b00020")
WARNING_COLOR = QColor("#1a4f8b")

_Index = QModelIndex | QPersistentModelIndex


class IssuanceTab(QWidget):
    """One tab: ``load()`` when the stored plan is (re)loaded, ``refresh()`` on every change
    of the draft (computed figures only: fields being typed into are left alone)."""

    key = ""
    title = ""

    def __init__(self, page: IssuancePage) -> None:
        super().__init__()
        self.page = page
        self.session = page.session
        self.draft = page.draft

    @property
    def readonly(self) -> bool:
        return self.session.readonly

    def load(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        pass

    def focus_issue(self, issue: PlanIssue) -> None:
        """Show where ``issue`` is (select the row or field)."""


def make_table(
    model: QAbstractItemModel,
    name: str,
    *,
    editable: bool = False,
    stretch: tuple[int, ...] = (),
    rows: int = 0,
) -> QTableView:
    """A table view: columns sized to their contents except ``stretch``; at least ``rows``
    rows visible without scrolling."""
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(
        QAbstractItemView.SelectionBehavior.SelectItems
        if editable
        else QAbstractItemView.SelectionBehavior.SelectRows
    )
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    if editable:
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
    else:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for column in stretch:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
    header.setStretchLastSection(False)
    vertical = table.verticalHeader()
    vertical.setVisible(False)
    row_height = table.fontMetrics().height() + 10
    vertical.setDefaultSectionSize(row_height)
    vertical.setMinimumSectionSize(row_height)
    table.setWordWrap(False)
    if rows:
        header_height = 2 * table.fontMetrics().height() + 12  # two-line headers
        table.setMinimumHeight(header_height + rows * row_height + 2 * table.frameWidth() + 4)
    return table


class CountDelegate(QStyledItemDelegate):
    """Cell editor for counts: digits, separators and spaces only (no minus sign, no letters)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setValidator(QRegularExpressionValidator(COUNT_PATTERN, editor))
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setAccessibleName("数値（空欄は未入力）")
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
        editor.selectAll()  # typing replaces the value

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class DateDelegate(QStyledItemDelegate):
    """Cell editor for a 和暦/西暦 date (the model parses it)."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setPlaceholderText("例：R4.3.31")
        editor.setAccessibleName("日付（例：令和4年3月31日、R4.3.31）")
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class MonthField(QWidget):
    """A month typed as 令和2年10月 / R2.10 / 2020/10; the reading is echoed beside it."""

    edited = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.line = QLineEdit()
        self.line.setAccessibleName(name)
        self.line.setPlaceholderText("例：令和2年10月、R2.10")
        self.line.setMaximumWidth(200)
        self.echo = QLabel()
        layout.addWidget(self.line)
        layout.addWidget(self.echo)
        layout.addStretch(1)
        self.line.textChanged.connect(self._on_changed)
        self.setFocusProxy(self.line)

    def raw(self) -> str:
        return self.line.text()

    def value(self) -> date | None:
        """The month typed (None when empty); raises ``ValidationError``."""
        text = self.line.text().strip()
        return parse_month(text) if text else None

    def set_value(self, value: date | None) -> None:
        self.line.blockSignals(True)
        self.line.setText(month_label(value) if value else "")
        self.line.blockSignals(False)
        self._echo()

    def _echo(self) -> None:
        try:
            month = self.value()
        except ValidationError:
            self.echo.setText("")
            return
        self.echo.setText(f"→ {month.year}年{month.month}月" if month else "")

    def _on_changed(self) -> None:
        self._echo()
        self.edited.emit()


def error_label(name: str) -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    label.setAccessibleName(f"{name}の入力エラー")
    return label


def show_error(label: QLabel, message: str) -> None:
    label.setText(f"⚠ {message}" if message else "")
    label.setVisible(bool(message))


def button(text: str, tooltip: str = "") -> QPushButton:
    b = QPushButton(text)
    if tooltip:
        b.setToolTip(tooltip)
    return b


class IssueList(QListWidget):
    """The plan's issues: errors (⚠, red) block saving, warnings (ℹ) are advice."""

    issue_activated = Signal(object)  # PlanIssue

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("計画の確認結果")
        self.setWordWrap(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setToolTip("ダブルクリックすると該当する入力欄を表示します")
        self.itemActivated.connect(self._on_activated)

    def set_issues(self, issues: list[PlanIssue], field_errors: dict[str, str] | None = None) -> None:
        self.clear()
        for name, message in (field_errors or {}).items():
            self._add(f"⚠ {message}", ERROR_COLOR, PlanIssue("error", name, message))
        for issue in issues:
            mark = "⚠" if issue.is_error else "ℹ"
            self._add(f"{mark} {issue.message}", ERROR_COLOR if issue.is_error else WARNING_COLOR, issue)
        self.setVisible(self.count() > 0)
        if self.count():  # as tall as its items, at most four lines
            shown = range(min(self.count(), 4))
            height = sum(max(self.sizeHintForRow(i), self.fontMetrics().height() + 4) for i in shown)
            self.setFixedHeight(height + 2 * self.frameWidth() + 4)

    def _add(self, text: str, color: QColor, issue: PlanIssue) -> None:
        item = QListWidgetItem(text)
        item.setForeground(QBrush(color))
        item.setData(Qt.ItemDataRole.UserRole, issue)
        self.addItem(item)

    def texts(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]

    def _on_activated(self, item: QListWidgetItem) -> None:
        issue: Any = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(issue, PlanIssue):
            self.issue_activated.emit(issue)
