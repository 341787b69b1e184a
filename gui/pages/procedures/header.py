"""The top of the オンライン手続 page: the header figures (31手続 and 優先手続, all channels
and ぴったりサービス only side by side) and the list of the checklist's alerts."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from gui.pages.issuance.common import ERROR_COLOR, WARNING_COLOR
from models.numbers import format_rate
from models.procedures.alerts import KIND_LABELS, Alert
from models.procedures.summary import Coverage

HEADER_STYLE = "QFrame#figures { background: #f4f6f8; border: 1px solid #d0d7de; border-radius: 4px; }"
DASHBOARD_TOOLTIP = (
    "国のダッシュボード（自治体DXの取組状況）は、ぴったりサービス（マイナポータル）でオンライン化した手続だけを"
    "数えます。汎用電子申請や独自システムでオンライン化した手続は国の集計では数えられず「0%」に見えることが"
    "あるため、すべての方式の件数とぴったりサービスのみの件数を並べて表示しています。"
)


def coverage_text(coverage: Coverage) -> str:
    """「31手続のうち対象 27件中 オンライン化済 14件（51.9%）｜うちぴったりサービス 9件（33.3%）」."""
    return (
        f"{coverage.label}のうち対象 {coverage.applicable}件中　"
        f"オンライン化済 {coverage.online_all}件（{format_rate(coverage.rate_all)}）｜"
        f"うちぴったりサービス {coverage.online_pittari}件（{format_rate(coverage.rate_pittari)}）"
    )


class FiguresBox(QFrame):
    """Two lines of figures, with the national dashboard's difference in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("figures")
        self.setStyleSheet(HEADER_STYLE)
        self.setToolTip(DASHBOARD_TOOLTIP)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        box = QVBoxLayout()
        box.setSpacing(2)
        row.addLayout(box, 1)
        self.figures_31 = QLabel()
        self.figures_priority = QLabel()
        for label, name in ((self.figures_31, "31手続の状況"), (self.figures_priority, "優先手続の状況")):
            label.setAccessibleName(name)
            label.setToolTip(DASHBOARD_TOOLTIP)
            label.setWordWrap(True)
            label.setStyleSheet("font-weight: bold;")
            box.addWidget(label)
        note = QLabel("ⓘ 国の集計は\nぴったりのみ")
        note.setStyleSheet("color: #1a5fb4;")
        note.setToolTip(DASHBOARD_TOOLTIP)
        note.setAccessibleName("国の集計との違い")
        note.setAccessibleDescription(DASHBOARD_TOOLTIP)
        row.addWidget(note, 0, Qt.AlignmentFlag.AlignVCenter)

    def set_coverage(self, coverage_31: Coverage, coverage_priority: Coverage) -> None:
        self.figures_31.setText(coverage_text(coverage_31))
        self.figures_priority.setText(coverage_text(coverage_priority))


class AlertList(QListWidget):
    """The checklist's alerts: what blocks saving (⚠) first, then a count of the warnings by
    kind and one line per warning (ℹ). Double-click shows the procedure (``UserRole``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("チェックリストの確認結果")
        self.setWordWrap(True)
        self.setToolTip("ダブルクリックすると該当する手続を表示します")
        self.setUniformItemSizes(True)

    def set_alerts(self, problems: list[tuple[str, str, str]], warnings: list[Alert]) -> None:
        """``problems``: (code, name, message) that block saving; ``warnings``: advice."""
        self.setUpdatesEnabled(False)
        self.clear()
        for code, name, message in problems:
            self._add(f"⚠ {name}：{message}" if name else f"⚠ {message}", ERROR_COLOR, code)
        if warnings:
            kinds = Counter(KIND_LABELS.get(a.kind, a.kind) for a in warnings)
            summary = "・".join(f"{kind} {count}件" for kind, count in kinds.items())
            self._add(f"ℹ 確認事項 {len(warnings)}件（{summary}）", WARNING_COLOR, "")
        for alert in warnings:
            self._add(f"ℹ {alert.text()}", WARNING_COLOR, alert.code)
        self.setVisible(self.count() > 0)
        self._fit()
        self.setUpdatesEnabled(True)

    def _fit(self) -> None:
        """As tall as three lines (the rest scrolls)."""
        if self.count():
            row = max(self.sizeHintForRow(0), self.fontMetrics().height() + 2)
            self.setFixedHeight(min(self.count(), 3) * row + 2 * self.frameWidth())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit()

    def _add(self, text: str, color: QColor, code: str) -> None:
        item = QListWidgetItem(text)
        item.setForeground(QBrush(color))
        item.setData(Qt.ItemDataRole.UserRole, code)
        self.addItem(item)

    def texts(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]
