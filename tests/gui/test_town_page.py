"""The 団体情報 form as a user drives it: type, see messages, save, undo, redo, reopen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.pages.town_page import TownPage
from gui.session import Session
from models.store.audit import list_entries
from models.store.database import Store
from models.store.town_repository import TownRepository
from tests.support import type_text


def make_page(qtbot: QtBot, session: Session) -> TownPage:
    page = TownPage(session)
    qtbot.addWidget(page)
    page.show()
    return page


def type_into(qtbot: QtBot, page: TownPage, field: str, text: str) -> None:
    """Type like a user: ASCII as key presses, Japanese as an input-method commit (IME)."""
    type_text(qtbot, page.editors[field].line, text)  # type: ignore[attr-defined]


def error_text(page: TownPage, field: str) -> str:
    label = page.error_labels[field]
    return label.text() if label.isVisibleTo(page) else ""


def test_empty_town_requires_code_name_and_kind(qtbot: QtBot, empty_session: Session) -> None:
    page = make_page(qtbot, empty_session)
    assert "団体コードを入力してください" in error_text(page, "lg_code")
    assert "団体名を入力してください" in error_text(page, "name")
    assert not page.save_button.isEnabled()


def test_typing_a_bad_code_shows_the_reason_beside_the_field(qtbot: QtBot, demo_session: Session) -> None:
    page = make_page(qtbot, demo_session)
    type_into(qtbot, page, "lg_code", "033228")
    assert "検査数字" in error_text(page, "lg_code")
    assert not page.save_button.isEnabled()
    assert "誤りがあります（1件）" in page.status.text()
    type_into(qtbot, page, "lg_code", "48123")
    assert "都道府県コード" in error_text(page, "lg_code")


def test_letters_cannot_be_typed_into_counts_or_the_code(qtbot: QtBot, demo_session: Session) -> None:
    page = make_page(qtbot, demo_session)
    type_into(qtbot, page, "population", "12a3-4")
    assert page.editors["population"].raw() == "1234"  # validator dropped the bad keystrokes
    type_into(qtbot, page, "lg_code", "0332270")
    assert page.editors["lg_code"].raw() == "033227"


def test_five_digit_code_is_completed_and_prefecture_shown(qtbot: QtBot, demo_session: Session) -> None:
    page = make_page(qtbot, demo_session)
    type_into(qtbot, page, "lg_code", "03322")
    assert error_text(page, "lg_code") == ""
    assert "岩手県" in page.editors["lg_code"].echo.text()  # type: ignore[attr-defined]
    assert "033227" in page.editors["lg_code"].echo.text()  # type: ignore[attr-defined]
    assert page.save()
    assert TownRepository(demo_session.store).load().lg_code == "033227"
    assert page.editors["lg_code"].raw() == "033227"


def test_impossible_dates_are_refused(qtbot: QtBot, demo_session: Session) -> None:
    page = make_page(qtbot, demo_session)
    type_into(qtbot, page, "population_as_of", "令和元年4月1日")
    assert "令和は2019年5月1日から" in error_text(page, "population_as_of")
    type_into(qtbot, page, "population_as_of", "2023/2/30")
    assert "存在しない日付" in error_text(page, "population_as_of")
    type_into(qtbot, page, "population_as_of", "R6.1.1")
    assert error_text(page, "population_as_of") == ""
    assert "令和6年(2024年)1月1日" in page.editors["population_as_of"].echo.text()  # type: ignore[attr-defined]


def test_save_undo_redo_and_reopen(qtbot: QtBot, demo_session: Session, db_path: Path) -> None:
    page = make_page(qtbot, demo_session)
    type_into(qtbot, page, "population", "15,210")
    type_into(qtbot, page, "name", "みどり町")
    assert page.save_button.isEnabled()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    repo = TownRepository(demo_session.store)
    assert repo.load().population == 15210
    assert page.editors["population"].raw() == "15,210"
    assert "保存済み" in page.status.text()
    assert demo_session.undo_stack.undoText().startswith("団体情報の変更（住民基本台帳人口")

    demo_session.undo_stack.undo()
    assert repo.load().population == 14872
    assert page.editors["population"].raw() == "14,872"
    demo_session.undo_stack.redo()
    assert page.editors["population"].raw() == "15,210"

    entries = [e for e in list_entries(demo_session.store.conn) if e.field == "population"]
    assert [(e.old_value, e.new_value) for e in entries[:3]] == [
        ("14872", "15210"),
        ("15210", "14872"),
        ("14872", "15210"),
    ]
    demo_session.store.close()
    reopened = Store.open(db_path)
    try:
        assert TownRepository(reopened).load().population == 15210
    finally:
        reopened.close()


def test_undo_of_first_save_returns_to_an_empty_town(qtbot: QtBot, empty_session: Session) -> None:
    page = make_page(qtbot, empty_session)
    type_into(qtbot, page, "lg_code", "033227")
    type_into(qtbot, page, "name", "矢巾町")
    page.editors["kind"].combo.setCurrentIndex(page.editors["kind"].combo.findData("machi"))  # type: ignore[attr-defined]
    assert page.save()
    assert TownRepository(empty_session.store).load().name == "矢巾町"
    empty_session.undo_stack.undo()
    assert TownRepository(empty_session.store).load().name == ""
    assert "団体名を入力してください" in error_text(page, "name")


def test_cross_field_rule_blocks_save_until_fixed(qtbot: QtBot, demo_session: Session) -> None:
    page = make_page(qtbot, demo_session)
    type_into(qtbot, page, "dx_dept_name", "")
    assert "専任部署の名称を入力してください" in error_text(page, "dx_dept_name")
    assert not page.save()
    assert TownRepository(demo_session.store).load().dx_dept_name == "企画課デジタル推進室"
    page.editors["dx_dept_exists"].check.setChecked(False)  # type: ignore[attr-defined]
    assert error_text(page, "dx_dept_name") == ""
    assert page.save()
    profile = TownRepository(demo_session.store).load()
    assert (profile.dx_dept_exists, profile.dx_dept_name) == (False, "")


def test_discard_restores_the_stored_values(qtbot: QtBot, demo_session: Session) -> None:
    page = make_page(qtbot, demo_session)
    type_into(qtbot, page, "contact_person", "鈴木 次郎")
    assert page.has_unsaved_changes()
    qtbot.mouseClick(page.discard_button, Qt.MouseButton.LeftButton)
    assert page.editors["contact_person"].raw() == "山田 花子"
    assert not page.has_unsaved_changes()


def test_edit_menu_undoes_saved_changes(qtbot: QtBot, window: MainWindow) -> None:
    page = window.show_page("town")
    assert isinstance(page, TownPage)
    type_into(qtbot, page, "general_staff", "140")
    page.save()
    assert window.undo_action.isEnabled()
    assert window.undo_action.text().startswith("元に戻す")
    window.undo_action.trigger()
    assert TownRepository(window.session.store).load().general_staff == 132
    window.redo_action.trigger()
    assert TownRepository(window.session.store).load().general_staff == 140
    assert window.undo_action.shortcut().toString() == "Ctrl+Z"
    assert "Ctrl+Y" in [s.toString() for s in window.redo_action.shortcuts()]


def test_seireki_setting_changes_date_display(qtbot: QtBot, window: MainWindow) -> None:
    town = window.show_page("town")
    assert isinstance(town, TownPage)
    assert town.editors["population_as_of"].raw() == "令和6年1月1日"
    settings = window.show_page("settings")
    settings.seireki.setChecked(True)  # type: ignore[attr-defined]
    assert town.editors["population_as_of"].raw() == "令和6年(2024年)1月1日"
    assert error_text(town, "population_as_of") == ""  # what is displayed can be read back
    assert not town.has_unsaved_changes()  # a display setting is not an edit
    window.undo_action.trigger()
    assert town.editors["population_as_of"].raw() == "令和6年1月1日"
    assert window.session.settings.load().show_seireki is False
    assert date(2024, 1, 1) == TownRepository(window.session.store).load().population_as_of
