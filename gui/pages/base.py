"""What every page offers the main window."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class Page(QWidget):
    title = ""

    def has_unsaved_changes(self) -> bool:
        return False

    def save(self) -> bool:
        """Save pending edits; False when they cannot be saved (invalid input)."""
        return True

    def reload(self) -> None:
        """Show the stored data again, dropping unsaved edits."""
