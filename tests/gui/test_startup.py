"""First start: empty town, demo town, existing file; bad files never crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from gui import startup
from gui.dialogs import first_start
from gui.dialogs.first_start import FirstStartDialog, StartChoice
from models.store.town_repository import TownRepository
from tests.support import DialogRecorder


@pytest.fixture(autouse=True)
def _app(qapp: object) -> None:
    return None


def test_first_start_with_demo_creates_the_sample_town(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(first_start, "ask_start_choice", lambda: StartChoice.DEMO)
    path = tmp_path / "data" / "machidx.db"
    session = startup.open_at_start(path)
    assert session is not None
    try:
        assert session.meta.is_sample
        assert TownRepository(session.store).load().name == "みどり町"
        assert path.exists()
    finally:
        session.close()


def test_first_start_empty_creates_an_empty_town(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(first_start, "ask_start_choice", lambda: StartChoice.EMPTY)
    session = startup.open_at_start(tmp_path / "machidx.db")
    assert session is not None
    try:
        assert not session.meta.is_sample
        assert TownRepository(session.store).load().name == ""
    finally:
        session.close()


def test_quitting_the_first_start_dialog_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(first_start, "ask_start_choice", lambda: None)
    assert startup.open_at_start(tmp_path / "machidx.db") is None
    assert not (tmp_path / "machidx.db").exists()


def test_a_damaged_file_at_start_explains_and_offers_another(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialogs: DialogRecorder
) -> None:
    bad = tmp_path / "machidx.db"
    bad.write_bytes(b"\x00garbage" * 100)
    good = tmp_path / "good.db"
    monkeypatch.setattr(first_start, "ask_start_choice", lambda: StartChoice.EMPTY)
    startup.create_session(good, demo=True).close()  # type: ignore[union-attr]
    monkeypatch.setattr(startup, "choose_existing_file", lambda parent: good)
    session = startup.open_at_start(bad)
    assert session is not None
    try:
        assert session.store.path == good
        assert "SQLite" in dialogs.errors[0]
        assert bad.read_bytes() == b"\x00garbage" * 100
    finally:
        session.close()


def test_first_start_dialog_lists_the_three_ways_to_begin(qtbot: QtBot) -> None:
    dialog = FirstStartDialog()
    qtbot.addWidget(dialog)
    buttons = [b.text() for b in dialog.findChildren(QPushButton)]
    assert buttons == [
        "新しい団体のデータを作成する",
        "サンプルの町で試す",
        "既存のデータファイルを開く…",
        "終了",
    ]
    dialog.findChildren(QPushButton)[1].click()
    assert dialog.choice is StartChoice.DEMO
