"""What every page offers the main window, and the save bar of the pages that edit."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


class Page(QWidget):
    title = ""

    def has_unsaved_changes(self) -> bool:
        return False

    def save(self) -> bool:
        """Save pending edits; False when they cannot be saved (invalid input)."""
        return True

    def reload(self) -> None:
        """Show the stored data again, dropping unsaved edits."""


class SaveBar(QWidget):
    """The bar under an editing page: the state of the input, 変更を取り消す and 保存, and
    Ctrl+S saving while the focus is anywhere in the page."""

    def __init__(
        self,
        page: QWidget,
        save: Callable[[], object],
        discard: Callable[[], object],
        *,
        wrap_status: bool = False,
    ) -> None:
        super().__init__(page)
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel()
        self.status.setAccessibleName("入力の状態")
        self.status.setWordWrap(wrap_status)
        bar.addWidget(self.status, 1)
        self.discard_button = QPushButton("変更を取り消す")
        self.discard_button.setToolTip("保存していない入力を元に戻します")
        self.discard_button.clicked.connect(discard)
        bar.addWidget(self.discard_button)
        self.save_button = QPushButton("保存 (Ctrl+S)")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(save)
        bar.addWidget(self.save_button)
        shortcut = QShortcut(QKeySequence.StandardKey.Save, page)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(save)

    def show_read_only(self) -> None:
        self.save_button.setEnabled(False)
        self.discard_button.setEnabled(False)
        self.status.setText("読み取り専用で開いています。")

    def show_state(
        self,
        *,
        errors: int,
        unsaved: bool,
        can_save: bool,
        can_discard: bool,
        error_hint: str = "",
        note: str = "",
    ) -> None:
        """Enable the buttons and say whether the input has ``errors``, is ``unsaved`` or is
        saved; ``error_hint`` follows the error count, ``note`` (when given) the whole text."""
        self.save_button.setEnabled(can_save)
        self.discard_button.setEnabled(can_discard)
        if errors:
            text = f"⚠ 入力内容に誤りがあります（{errors}件）。{error_hint}"
        elif unsaved:
            text = "● 保存していない変更があります。"
        else:
            text = "✓ 保存済みです。"
        if note:
            text += "　" + note
        self.status.setText(text)
