"""The only place that shows message boxes: errors, questions, and the crash hook.

Tests replace the ``show_*``/``ask_*`` functions with recorders (see tests/conftest.py), so
no modal dialog ever opens in a test.
"""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from enum import Enum
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from models.errors import AppError
from models.version import APP_NAME, APP_VERSION


class Answer(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def show_error(parent: QWidget | None, error: AppError | str, *, title: str = "エラー") -> None:
    """Tell the user about an expected failure, with the technical detail folded away."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, _message_of(error), parent=parent)
    if isinstance(error, AppError) and error.detail:
        box.setDetailedText(error.detail)
    box.exec()


def show_info(parent: QWidget | None, message: str, *, title: str = APP_NAME) -> None:
    QMessageBox.information(parent, title, message)


def ask_yes_no(parent: QWidget | None, message: str, *, title: str = "確認") -> bool:
    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    answer = QMessageBox.question(parent, title, message, buttons, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def ask_save_changes(parent: QWidget | None, what: str) -> Answer:
    """保存 / 破棄 / キャンセル for unsaved edits."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "未保存の変更",
        f"{what}に保存していない変更があります。保存しますか？",
        parent=parent,
    )
    save = box.addButton("保存する", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("保存しない", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("キャンセル", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return Answer.SAVE
    if clicked is discard:
        return Answer.DISCARD
    return Answer.CANCEL


def show_crash(details: str, log_file: Path | None) -> None:
    where = f"\n\n詳細は次のファイルに記録しました：\n{log_file}" if log_file else ""
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "予期しないエラー",
        "予期しないエラーが発生しました。入力済みのデータは保存されています。"
        "続けて使えない場合はアプリを再起動してください。" + where,
    )
    box.setDetailedText(details)
    box.exec()


def _message_of(error: AppError | str) -> str:
    return error.user_message if isinstance(error, AppError) else error


def install_crash_hook(log_dir: Path) -> None:
    """Log unexpected exceptions to ``log_dir`` and show them with copyable details."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        details = f"{APP_NAME} {APP_VERSION}\n" + "".join(traceback.format_exception(exc_type, exc, tb))
        log_file = write_crash_log(log_dir, details)
        if sys.__stderr__ is not None:
            sys.__stderr__.write(details)
        if isinstance(exc, AppError):
            show_error(QApplication.activeWindow(), exc)
        elif QApplication.instance() is not None:
            show_crash(details, log_file)

    sys.excepthook = hook


def write_crash_log(log_dir: Path, details: str) -> Path | None:
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        log_file = log_dir / f"crash-{datetime.now():%Y%m%d}.log"
        with log_file.open("a", encoding="utf-8") as handle:
            handle.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n{details}\n")
        return log_file
    except OSError:
        return None
