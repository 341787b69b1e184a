"""Fixtures for GUI tests: a session on a temporary database and the main window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui.app import create_application
from gui.main_window import MainWindow
from gui.session import Session
from models.demo import create_demo
from models.store.database import Store


@pytest.fixture(scope="session")
def qapp_cls() -> type:
    from PySide6.QtWidgets import QApplication

    return QApplication


@pytest.fixture(scope="session")
def qapp(qapp_args: list[str]) -> object:
    """The application as the product creates it (Japanese locale, bundled fonts)."""
    return create_application(qapp_args)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "town.db"


@pytest.fixture
def empty_session(qapp: object, db_path: Path) -> Iterator[Session]:
    session = Session(Store.open(db_path))
    yield session
    session.close()


@pytest.fixture
def demo_session(qapp: object, db_path: Path) -> Iterator[Session]:
    store = Store.open(db_path)
    create_demo(store)
    session = Session(store)
    yield session
    session.close()


@pytest.fixture
def window(qtbot: QtBot, demo_session: Session) -> MainWindow:
    win = MainWindow(demo_session)
    qtbot.addWidget(win)
    win.show()
    return win
