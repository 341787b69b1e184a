"""The dialog shown when there is no database yet: empty town, demo town or an existing file."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from models.version import APP_NAME


class StartChoice(Enum):
    EMPTY = "empty"
    DEMO = "demo"
    OPEN = "open"


class FirstStartDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME}へようこそ")
        self.choice: StartChoice | None = None
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        intro = QLabel(f"<b>{APP_NAME}</b>へようこそ。<br>まだデータがありません。はじめ方を選んでください。")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        for choice, text, note in (
            (StartChoice.EMPTY, "新しい団体のデータを作成する", "空のデータから団体情報を入力して始めます。"),
            (
                StartChoice.DEMO,
                "サンプルの町で試す",
                "架空の「みどり町」のデータで操作を試せます（サンプルと表示されます）。",
            ),
            (
                StartChoice.OPEN,
                "既存のデータファイルを開く…",
                "前任者や他の端末のデータファイル（.db）を開きます。",
            ),
        ):
            button = QPushButton(text)
            button.setMinimumHeight(36)
            button.setAccessibleDescription(note)
            button.setToolTip(note)
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
            layout.addWidget(button)
            hint = QLabel(note)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: palette(placeholder-text); margin-left: 12px;")
            layout.addWidget(hint)
        cancel = QPushButton("終了")
        cancel.clicked.connect(self.reject)
        layout.addWidget(cancel)

    def _choose(self, choice: StartChoice) -> None:
        self.choice = choice
        self.accept()


def ask_start_choice() -> StartChoice | None:
    """Show the dialog; None when the user quits. Tests replace this function."""
    dialog = FirstStartDialog()
    dialog.exec()
    return dialog.choice
