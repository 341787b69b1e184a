"""The main window: Japanese menus, navigation, sample marking, files, unsaved edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui import errors, startup
from gui.main_window import MainWindow
from gui.navigation import NavigationModel, default_entries
from gui.pages.town_page import TownPage
from gui.session import Session
from models.store.database import LATEST_SCHEMA_VERSION, Store
from tests.support import DialogRecorder


def test_navigation_model_passes_the_model_tester(qtmodeltester: object) -> None:
    model = NavigationModel(default_entries())
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_window_shows_japanese_menus_and_only_built_modules(window: MainWindow) -> None:
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["ファイル(&F)", "編集(&E)", "表示(&V)", "ヘルプ(&H)"]
    labels = [window.nav_model.entry(row).label for row in range(window.nav_model.rowCount())]
    assert labels == ["団体情報", "交付円滑化計画", "オンライン手続", "帳票出力", "設定"]
    assert window.current_page_key() == "town"
    assert window.windowTitle() == "みどり町（サンプル） — まちDX台帳"
    assert window.sample_banner.isVisible()
    assert f"データの版：{LATEST_SCHEMA_VERSION}" in window.db_label.text()


def test_every_menu_action_does_something(window: MainWindow, dialogs: DialogRecorder) -> None:
    window.about_action.trigger()
    assert "まちDX台帳" in dialogs.infos[-1]
    for action in (
        window.new_action,
        window.open_action,
        window.quit_action,
        window.about_action,
        window.backup_action,
        window.handover_create_action,
        window.handover_open_action,
        window.history_action,
    ):
        assert action.receivers("2triggered(bool)") > 0, action.text()


def test_pages_are_built_on_first_visit(window: MainWindow) -> None:
    assert set(window.pages) == {"town"}
    window.visit_all_pages()
    assert set(window.pages) == {"town", "issuance", "procedures", "output", "settings"}


def test_title_follows_the_saved_name(qtbot: QtBot, window: MainWindow) -> None:
    page = window.show_page("town")
    assert isinstance(page, TownPage)
    page.editors["name"].line.setText("あおば町")  # type: ignore[attr-defined]
    page.save()
    assert window.windowTitle().startswith("あおば町（サンプル）")


def test_close_with_unsaved_edits_asks_and_can_cancel(window: MainWindow, dialogs: DialogRecorder) -> None:
    page = window.show_page("town")
    assert isinstance(page, TownPage)
    page.editors["contact_person"].line.setText("鈴木 次郎")  # type: ignore[attr-defined]
    dialogs.save_answer = errors.Answer.CANCEL
    assert not window.close()
    assert dialogs.questions == ["団体情報"]
    dialogs.save_answer = errors.Answer.SAVE
    assert window.close()
    reopened = Store.open(window.session.store.path)  # type: ignore[arg-type]
    try:
        from models.store.town_repository import TownRepository

        assert TownRepository(reopened).load().contact_person == "鈴木 次郎"
    finally:
        reopened.close()


def test_open_another_file_replaces_pages_and_history(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other.db"
    Store.open(other).close()
    monkeypatch.setattr(startup, "choose_existing_file", lambda parent: other)
    window.open_file()
    assert window.session.store.path == other
    assert window.windowTitle() == "（団体名未設定） — まちDX台帳"
    assert not window.sample_banner.isVisible()
    assert window.session.undo_stack.count() == 0


def test_opening_a_broken_file_keeps_the_current_one(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialogs: DialogRecorder
) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("これはデータベースではありません", encoding="utf-8")
    before = window.session
    monkeypatch.setattr(startup, "choose_existing_file", lambda parent: bad)
    window.open_file()
    assert window.session is before
    assert "データベース（SQLite）ではありません" in dialogs.errors[-1]


def test_new_file_refuses_an_existing_name(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialogs: DialogRecorder
) -> None:
    existing = tmp_path / "exists.db"
    existing.write_bytes(b"")
    monkeypatch.setattr(startup, "choose_new_file", lambda parent: existing)
    before = window.session
    window.new_file()
    assert window.session is before
    assert "既にあります" in dialogs.errors[-1]


def test_new_file_starts_an_empty_town(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "new.db"
    monkeypatch.setattr(startup, "choose_new_file", lambda parent: target)
    window.new_file()
    assert window.session.store.path == target
    assert target.exists()
    page = window.page("town")
    assert isinstance(page, TownPage)
    assert page.editors["name"].raw() == ""


def test_session_close_is_safe_after_window_close(window: MainWindow, demo_session: Session) -> None:
    window.close()
    demo_session.close()  # the fixture closes again: must not raise
