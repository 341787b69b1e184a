"""Shared test doubles: the network guard and the dialog recorder (imported by conftest),
and a user's typing for the GUI tests (Qt is imported only when it is called)."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLineEdit
    from pytestqt.qtbot import QtBot


class NetworkAccessError(AssertionError):
    """Raised when code under test tries to reach the network."""


def no_network(event: str, args: tuple[Any, ...]) -> None:
    if event == "socket.connect":
        sock, address = args[0], args[1]
        if getattr(sock, "family", None) == getattr(socket, "AF_UNIX", object()):
            return  # local IPC (e.g. the keyring's D-Bus), never the network
        raise NetworkAccessError(f"network access attempted: {address!r}")
    if event in ("socket.getaddrinfo", "socket.gethostbyname"):
        raise NetworkAccessError(f"name lookup attempted: {args[0]!r}")


class DialogRecorder:
    """Stands in for gui.errors: records what would have been shown, answers questions."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.questions: list[str] = []
        self.crashes: list[str] = []
        self.import_problems: list[Any] = []  # WorkbookImportError shown as a problem list
        self.yes_no_answer = True
        self.save_answer: Any = None  # set to gui.errors.Answer.* by a test

    def show_error(self, parent: Any, error: Any, *, title: str = "") -> None:
        self.errors.append(getattr(error, "user_message", error))

    def show_info(self, parent: Any, message: str, *, title: str = "") -> None:
        self.infos.append(message)

    def ask_yes_no(self, parent: Any, message: str, *, title: str = "") -> bool:
        self.questions.append(message)
        return self.yes_no_answer

    def ask_save_changes(self, parent: Any, what: str) -> Any:
        self.questions.append(what)
        if self.save_answer is None:
            raise AssertionError(f"unexpected unsaved-changes question for {what}")
        return self.save_answer

    def show_crash(self, details: str, log_file: Any) -> None:
        self.crashes.append(details)

    def show_import_problems(self, parent: Any, error: Any) -> None:
        self.import_problems.append(error)


def pragma(path: Path, name: str) -> object:
    """Read one PRAGMA of a database file with a separate connection."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def type_text(qtbot: QtBot, line: QLineEdit, text: str) -> None:
    """Type like a user: ASCII as key presses, Japanese as an input-method commit (IME)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    line.setFocus()
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    if text.isascii():
        qtbot.keyClicks(line, text)
    else:
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(line, event)
