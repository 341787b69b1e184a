"""Opening a database for the GUI: first start, bad files, and switching files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from gui import errors
from gui.dialogs import first_start
from gui.session import Session
from models.demo import create_demo
from models.errors import AppError
from models.store.database import Store

DB_FILTER = "まちDX台帳データ (*.db);;すべてのファイル (*)"


def open_at_start(path: Path) -> Session | None:
    """Open ``path``; when it does not exist, ask how to begin. None = the user quit."""
    while True:
        if path.exists():
            session = open_session(path)
            if session is not None:
                return session
            chosen = choose_existing_file(None)
            if chosen is None:
                return None
            path = chosen
            continue
        choice = first_start.ask_start_choice()
        if choice is None:
            return None
        if choice is first_start.StartChoice.OPEN:
            chosen = choose_existing_file(None)
            if chosen is not None:
                path = chosen
            continue
        session = create_session(path, demo=choice is first_start.StartChoice.DEMO)
        if session is not None:
            return session
        chosen = choose_new_file(None)
        if chosen is None:
            return None
        path = chosen


def open_session(path: Path, parent: QWidget | None = None) -> Session | None:
    """Open an existing file; on failure explain why and return None."""
    try:
        store = Store.open(path, create=False)
    except AppError as exc:
        errors.show_error(parent, exc, title="データファイルを開けません")
        return None
    remember(path)
    return Session(store)


def create_session(path: Path, *, demo: bool, parent: QWidget | None = None) -> Session | None:
    """Create a new file (empty or the demo town); on failure explain why and return None."""
    try:
        store = Store.open(path)
        if demo:
            create_demo(store)
    except AppError as exc:
        errors.show_error(parent, exc, title="データファイルを作成できません")
        return None
    remember(path)
    return Session(store)


def remember(path: Path) -> None:
    from gui.app import ui_settings

    ui_settings().setValue("last_db", str(path))


def choose_existing_file(parent: QWidget | None) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "データファイルを開く", "", DB_FILTER)
    return Path(name) if name else None


def choose_new_file(parent: QWidget | None) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, "新しいデータファイル", "machidx.db", DB_FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix else path.with_suffix(".db")
