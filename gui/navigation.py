"""The navigation list on the left of the main window: one entry per built module."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from gui.pages.base import Page
from gui.session import Session

PageFactory = Callable[[Session], Page]
EntryRole = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str
    factory: PageFactory
    tooltip: str = ""


def default_entries() -> list[NavEntry]:
    """The modules built so far, in the order of the product (later issues add theirs)."""
    from gui.pages.settings_page import SettingsPage
    from gui.pages.town_page import TownPage

    def issuance_page(session: Session) -> Page:
        from gui.pages.issuance_page import IssuancePage  # built on first visit: not imported at start-up

        return IssuancePage(session)

    def procedures_page(session: Session) -> Page:
        from gui.pages.procedures_page import ProceduresPage  # built on first visit

        return ProceduresPage(session)

    def output_page(session: Session) -> Page:
        from gui.pages.output_page import OutputPage  # QtPdf and reportlab load on first visit

        return OutputPage(session)

    return [
        NavEntry("town", "団体情報", TownPage, "団体コード・人口・推進体制など、全帳票に共通の情報"),
        NavEntry(
            "issuance",
            "交付円滑化計画",
            issuance_page,
            "マイナンバーカード交付円滑化計画：月別の計画と実績、交付体制、処理能力、提出版",
        ),
        NavEntry(
            "procedures",
            "オンライン手続",
            procedures_page,
            "行政手続のオンライン化チェックリスト：31手続・優先手続の状況と年度別の利用件数",
        ),
        NavEntry(
            "output",
            "帳票出力",
            output_page,
            "帳票のプレビュー・PDF保存・印刷、都道府県提出用Excelの作成と取り込み",
        ),
        NavEntry("settings", "設定", SettingsPage, "日付の表示などの設定とデータファイルの情報"),
    ]


class NavigationModel(QAbstractListModel):
    def __init__(self, entries: list[NavEntry], parent: Any = None) -> None:
        super().__init__(parent)
        self._entries = list(entries)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return entry.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.tooltip
        if role == EntryRole:
            return entry
        return None

    def entry(self, row: int) -> NavEntry:
        return self._entries[row]

    def row_of(self, key: str) -> int:
        return next(i for i, entry in enumerate(self._entries) if entry.key == key)
