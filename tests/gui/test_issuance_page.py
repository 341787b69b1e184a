"""The 交付円滑化計画 page as a town-hall user drives it: type a month and see the totals,
the rate and the chart follow; bad values refused; save, undo, redo; paste from Excel;
windows and their flags; a Saturday opening on the calendar; freeze, edit, compare;
read-only sessions."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QAbstractItemView, QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.pages.issuance import dialogs as pd
from gui.pages.issuance import row_dialogs as rd
from gui.pages.issuance.calendar_tab import CalendarTab
from gui.pages.issuance.capacity_tab import CapacityTab
from gui.pages.issuance.months_tab import MonthsTab
from gui.pages.issuance.plan_tab import PlanTab
from gui.pages.issuance.promotion_tab import PromotionTab
from gui.pages.issuance.system_tab import SystemTab
from gui.pages.issuance.versions_tab import VersionsTab
from gui.pages.issuance_page import TABS, IssuancePage
from gui.session import Session
from gui.tables.issuance_tables import (
    COL_CAPACITY,
    COL_CUMULATIVE_ACTUAL,
    COL_RATE_ACTUAL,
    COL_VERDICT,
    CapacityTableModel,
    ComparisonTableModel,
    EventTableModel,
    MeasureTableModel,
    MilestoneTableModel,
    MonthTableModel,
    OpeningTableModel,
    StaffTableModel,
    StrengtheningTableModel,
    VersionTableModel,
    WindowTableModel,
    staff_rows,
)
from models.issuance.capacity import capacity_report, capacity_settings
from models.issuance.comparison import compare_plans
from models.issuance.demo import demo_plan
from models.issuance.figures import milestone_rows, month_rows
from models.issuance.repository import IssuanceRepository
from models.issuance.system import strengthening
from models.settings import DomainSettings
from models.store.database import Store
from models.store.town_repository import TownRepository
from tests.support import DialogRecorder, type_text

ROOT = Path(__file__).resolve().parents[2]
OCTOBER_2022 = date(2022, 10, 1)  # the first demo month without actual figures (in the past)
DEMO_POPULATION = 15102


def make_page(qtbot: QtBot, session: Session) -> IssuancePage:
    page = IssuancePage(session)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    return page


def months_tab(page: IssuancePage) -> MonthsTab:
    tab = page.show_tab("months")
    assert isinstance(tab, MonthsTab)
    return tab


def type_in_cell(qtbot: QtBot, tab: MonthsTab, month: date, field: str, text: str) -> str:
    """Open the cell editor with F2, type like a user, press Enter; returns what the editor
    held when Enter was pressed (the validator drops refused keystrokes)."""
    model = tab.model
    index = model.index(model.row_of_month(month), model.column_of(field))
    tab.table.setFocus()
    tab.table.setCurrentIndex(index)
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)
    editor = tab.table.indexWidget(index) or tab.table.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClicks(editor, text)
    typed = editor.text()
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: tab.table.state() != QAbstractItemView.State.EditingState, timeout=2000)
    return typed


def cell(model: Any, row: int, column: int) -> str:
    return str(model.index(row, column).data())


def stored(session: Session) -> Any:
    return IssuanceRepository(session.store).load()


def replace_run(monkeypatch: pytest.MonkeyPatch, fill: Callable[[QDialog], bool]) -> list[QDialog]:
    """pd.run → ``fill(dialog)`` (the user's input and answer) instead of exec()."""
    shown: list[QDialog] = []

    def run(dialog: QDialog) -> bool:
        shown.append(dialog)
        return fill(dialog)

    monkeypatch.setattr(pd, "run", run)
    return shown


# -- navigation and start-up ----------------------------------------------------------
def test_navigation_lists_the_page_after_the_town_profile(window: MainWindow) -> None:
    labels = [window.nav_model.entry(row).label for row in range(window.nav_model.rowCount())]
    assert labels.index("交付円滑化計画") == labels.index("団体情報") + 1
    assert labels.index("設定") == len(labels) - 1
    assert "issuance" not in window.pages
    page = window.show_page("issuance")
    assert isinstance(page, IssuancePage)
    assert page.tab_widget.count() == len(TABS)
    assert [page.tab_widget.tabText(i) for i in range(page.tab_widget.count())] == [
        spec.title for spec in TABS
    ]
    assert set(page.tabs) == {"plan"}  # the other tabs are built when first shown


def test_the_page_module_is_not_imported_at_start_up(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from gui.app import create_application\n"
        "from gui.main_window import MainWindow\n"
        "from gui.session import Session\n"
        "from models.store.database import Store\n"
        "app = create_application([])\n"
        f"window = MainWindow(Session(Store.open({str(tmp_path / 'x.db')!r})))\n"
        "window.show(); app.processEvents()\n"
        "heavy = [m for m in ('gui.pages.issuance_page', 'gui.pages.issuance',"
        " 'gui.widgets.issuance_chart', 'gui.tables.issuance_tables', 'reportlab') if m in sys.modules]\n"
        "print('LOADED', heavy)\n"
        "window.show_page('issuance'); app.processEvents()\n"
        "later = [m for m in ('gui.pages.issuance.calendar_tab', 'gui.pages.issuance.versions_tab',"
        " 'gui.pages.issuance.dialogs', 'reportlab') if m in sys.modules]\n"
        "print('FIRST VISIT', later)\n"
        "window.session.close()\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert "LOADED []" in out.stdout, out.stdout + out.stderr
    assert "FIRST VISIT []" in out.stdout, out.stdout + out.stderr  # the other tabs load when shown


# -- months --------------------------------------------------------------------------
def test_entering_an_actual_month_updates_totals_rate_and_chart(qtbot: QtBot, demo_session: Session) -> None:
    initial = stored(demo_session)
    page = make_page(qtbot, demo_session)
    tab = months_tab(page)
    row = tab.model.row_of_month(OCTOBER_2022)
    assert cell(tab.model, row, COL_CUMULATIVE_ACTUAL) == ""  # no actual yet
    september = cell(tab.model, row - 1, COL_CUMULATIVE_ACTUAL)
    assert september == "9,041"
    typed = type_in_cell(qtbot, tab, OCTOBER_2022, "actual_issuances", "500")
    assert typed == "500"
    # 9,041 + 500 = 9,541 cards; 9,541 ÷ 15,102 = 63.177…% → 63.2% (HALF_UP 0.1)
    assert cell(tab.model, row, COL_CUMULATIVE_ACTUAL) == "9,541"
    assert cell(tab.model, row, COL_RATE_ACTUAL) == "63.2%"
    chart_month = next(m for m in tab.chart.months() if m.month == OCTOBER_2022)
    assert chart_month.actual == 500
    assert chart_month.actual_rate == Decimal("63.2")
    assert "令和4年10月末の累計交付率 63.2%" in tab.chart.accessibleDescription()
    assert "令和4年10月末" in tab.summary.text() and "63.2%" in tab.summary.text()
    assert page.has_unsaved_changes() and page.save_button.isEnabled()
    assert stored(demo_session) == initial  # nothing saved before 保存
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    saved = next(m for m in stored(demo_session).months if m.month == OCTOBER_2022)
    assert saved.actual_issuances == 500
    assert "保存済み" in page.status.text()


def test_invalid_values_are_refused_with_a_message_and_nothing_changes(
    qtbot: QtBot, demo_session: Session
) -> None:
    initial = stored(demo_session)
    page = make_page(qtbot, demo_session)
    tab = months_tab(page)
    # keystrokes: the editor refuses a minus sign and letters
    typed = type_in_cell(qtbot, tab, OCTOBER_2022, "actual_issuances", "-1a2b")
    assert typed == "12"
    page.discard()
    assert not page.has_unsaved_changes()
    # a value that reaches the model anyway (pasted into the cell) is refused with a message
    model = tab.model
    index = model.index(model.row_of_month(OCTOBER_2022), model.column_of("actual_issuances"))
    assert not model.setData(index, "-5")
    assert tab.error.isVisibleTo(page)
    assert "令和4年10月の交付・実績（枚）" in tab.error.text()
    assert "0以上の整数で入力してください" in tab.error.text()
    assert not model.setData(index, "たくさん")
    assert "0以上の整数を数字で入力してください" in tab.error.text()
    assert not model.setData(index, "12.5")
    assert "小数は入力できません" in tab.error.text()
    assert model.index(index.row(), index.column()).data() == ""
    assert not page.has_unsaved_changes()
    assert not page.save_button.isEnabled()
    assert stored(demo_session) == initial


def test_cumulative_above_population_blocks_saving(qtbot: QtBot, demo_session: Session) -> None:
    initial = stored(demo_session)
    page = make_page(qtbot, demo_session)
    tab = months_tab(page)
    type_in_cell(qtbot, tab, OCTOBER_2022, "actual_issuances", "7000")
    message = "令和4年10月の累計交付枚数（実績 16,041枚）が住民基本台帳人口（15,102人）を超えています。"
    assert f"⚠ {message}" in page.issues.texts()
    assert page.issues.isVisibleTo(page)
    assert not page.save_button.isEnabled()
    assert "誤りがあります（1件）" in page.status.text()
    # the offending cell is marked (not colour alone: the message is in its tooltip)
    row, column = tab.model.row_of_month(OCTOBER_2022), tab.model.column_of("actual_issuances")
    assert message in str(tab.model.index(row, column).data(Qt.ItemDataRole.ToolTipRole))
    assert not page.save()
    assert stored(demo_session) == initial
    type_in_cell(qtbot, tab, OCTOBER_2022, "actual_issuances", "400")
    assert not [t for t in page.issues.texts() if t.startswith("⚠")]
    assert page.save()


def test_a_saved_month_edit_undoes_and_redoes(qtbot: QtBot, window: MainWindow) -> None:
    page = window.show_page("issuance")
    assert isinstance(page, IssuancePage)
    tab = months_tab(page)
    type_in_cell(qtbot, tab, OCTOBER_2022, "actual_applications", "610")
    type_in_cell(qtbot, tab, OCTOBER_2022, "actual_issuances", "480")
    assert page.save()
    session = window.session
    assert session.undo_stack.undoText() == "交付円滑化計画の変更（月別の申請・交付）"
    row = tab.model.row_of_month(OCTOBER_2022)
    assert cell(tab.model, row, COL_CUMULATIVE_ACTUAL) == "9,521"
    window.undo_action.trigger()
    assert not any(m.month == OCTOBER_2022 and m.actual_issuances for m in stored(session).months)
    assert cell(tab.model, row, COL_CUMULATIVE_ACTUAL) == ""
    assert not page.has_unsaved_changes()
    window.redo_action.trigger()
    figures = next(m for m in stored(session).months if m.month == OCTOBER_2022)
    assert (figures.actual_applications, figures.actual_issuances) == (610, 480)
    assert cell(tab.model, row, COL_CUMULATIVE_ACTUAL) == "9,521"


def test_paste_from_excel_previews_problems_then_applies_a_good_block(
    qtbot: QtBot, demo_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = make_page(qtbot, demo_session)
    tab = months_tab(page)
    previews: list[tuple[list[str], bool, int]] = []
    block = "月\t申請件数\t交付枚数\n令和4年10月\t600\t550\nR4.11\t580\tabc\n"

    def paste(dialog: QDialog) -> bool:
        assert isinstance(dialog, pd.PasteDialog)
        dialog.text.setPlainText(block)
        previews.append((dialog.problem_texts(), dialog.apply_button.isEnabled(), dialog.preview.rowCount()))
        return True  # the user presses 取り込む (disabled: nothing may be applied)

    replace_run(monkeypatch, paste)
    tab.paste_button.click()
    problems, enabled, rows = previews[-1]
    assert problems == ["貼り付け!C3：0以上の整数を数字で入力してください"]
    assert not enabled
    assert rows == 2  # both months previewed (11月 with its application only)
    assert not page.has_unsaved_changes()

    block = "令和4年10月\t600\t550\n令和4年11月\t580\t1,530\n"
    tab.paste_button.click()
    problems, enabled, rows = previews[-1]
    assert (problems, enabled, rows) == ([], True, 2)
    row = tab.model.row_of_month(OCTOBER_2022)
    assert cell(tab.model, row, COL_CUMULATIVE_ACTUAL) == "9,591"  # 9,041 + 550
    assert cell(tab.model, row + 1, COL_CUMULATIVE_ACTUAL) == "11,121"  # + 1,530
    assert cell(tab.model, row + 1, COL_RATE_ACTUAL) == "73.6%"  # 11,121 ÷ 15,102
    assert "2か月分の実績を取り込みました" in page.status.text()
    assert page.save()
    saved = {m.month: m for m in stored(demo_session).months}
    assert saved[date(2022, 11, 1)].actual_issuances == 1530
    assert saved[date(2022, 11, 1)].planned_issuances == demo_plan().months[25].planned_issuances


# -- 交付体制 ---------------------------------------------------------------------------
def test_adding_a_window_changes_the_strengthening_flags(
    qtbot: QtBot, demo_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = make_page(qtbot, demo_session)
    tab = page.show_tab("system")
    assert isinstance(tab, SystemTab)
    flags = {cell(tab.flags, r, 0): (cell(tab.flags, r, 4), cell(tab.flags, r, 5)) for r in range(4)}
    assert flags["統合端末数"] == ("○ 増強", "○ 1.5倍以上")  # 3 → 5 台

    def fill(dialog: QDialog) -> bool:
        assert isinstance(dialog, rd.WindowDialog)
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()  # no name yet
        assert "窓口の名称を入力してください" in dialog.errors["name"].text()
        dialog.name.setText("西部支所")
        _select(dialog.kind, "branch")
        dialog.terminals_baseline.setValue(2)
        dialog.terminals_target.setValue(2)
        dialog.staff_baseline.setValue(1)
        dialog.staff_target.setValue(1)
        dialog.weekday_hours.setValue(6.5)
        return dialog.validate()

    replace_run(monkeypatch, fill)
    tab.add_button.click()
    assert tab.windows.rowCount() == 4
    assert cell(tab.windows, 3, 0) == "西部支所"
    assert cell(tab.windows, 3, 6) == "6.5時間"
    after = {cell(tab.flags, r, 0): tuple(cell(tab.flags, r, c) for c in (1, 2, 3, 4, 5)) for r in range(4)}
    # 5 → 7 台 is 1.4倍: still 増強, no longer 1.5倍以上; 3 → 4 か所 likewise
    assert after["統合端末数"] == ("5台", "7台", "1.40倍", "○ 増強", "－")
    assert after["交付窓口数"] == ("3か所", "4か所", "1.33倍", "○ 増強", "－")
    assert page.save()
    assert [w.name for w in stored(demo_session).windows][-1] == "西部支所"


def test_staff_by_type_is_edited_in_place(qtbot: QtBot, demo_session: Session) -> None:
    page = make_page(qtbot, demo_session)
    tab = page.show_tab("system")
    assert isinstance(tab, SystemTab)
    index = tab.staff.index(2, 2)  # 委託・派遣 目標
    assert tab.staff.setData(index, "4")
    assert next(s for s in page.draft.plan.staff if s.staff_type == "outsourced").target == 4
    staff = next(r for r in range(4) if cell(tab.flags, r, 0) == "職員配置数")
    assert cell(tab.flags, staff, 2) == "8人"
    assert not tab.staff.setData(index, "-1")
    assert "職員配置数（委託・派遣）の目標（人）" in tab.staff_error.text()


# -- calendar and capacity ------------------------------------------------------------
def test_a_saturday_opening_on_the_calendar_raises_that_months_capacity(
    qtbot: QtBot, demo_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = make_page(qtbot, demo_session)
    capacity = page.show_tab("capacity")
    assert isinstance(capacity, CapacityTab)
    june = date(2022, 6, 1)
    row = next(r for r, m in enumerate(capacity.model.rows()) if m.month == june)
    before = int(cell(capacity.model, row, COL_CAPACITY).replace(",", ""))
    assert cell(capacity.model, row, 2) == ""  # no 土日開庁 planned in June 2022

    calendar = page.show_tab("calendar")
    assert isinstance(calendar, CalendarTab)
    saturday = date(2022, 6, 4)
    calendar.calendar.show_month(saturday)
    assert "交付可能枚数" in calendar.month_capacity.text()

    def accept_defaults(dialog: QDialog) -> bool:
        assert isinstance(dialog, rd.OpeningDialog)
        assert dialog.kind.currentData() == "weekend"  # a Saturday: 土日開庁 proposed
        assert dialog.hours.value() == 4.0  # the weekend hours setting
        dialog.note.setText("9:00〜13:00")
        return True

    replace_run(monkeypatch, accept_defaults)
    calendar.calendar.clicked.emit(QDate(2022, 6, 4))
    assert [o.day for o in page.draft.plan.openings].count(saturday) == 1
    assert "土日開庁 4時間・9:00〜13:00" in calendar.day_text.text()
    after = int(cell(capacity.model, row, COL_CAPACITY).replace(",", ""))
    # main window: 3 terminals × 4 h × 60 ÷ 15 min × 0.8 = 38.4 cards more (rounded down per month)
    assert after - before in (38, 39)
    assert cell(capacity.model, row, 2) == "1日"
    assert f"交付可能枚数 {after:,}枚" in calendar.month_capacity.text()

    # clicking the same day again edits it; 削除 removes it
    def delete(dialog: QDialog) -> bool:
        assert isinstance(dialog, rd.OpeningDialog)
        assert dialog.note.text() == "9:00〜13:00"
        dialog.delete_button.click()
        return dialog.deleted

    replace_run(monkeypatch, delete)
    calendar.calendar.clicked.emit(QDate(2022, 6, 4))
    assert saturday not in [o.day for o in page.draft.plan.openings]
    assert int(cell(capacity.model, row, COL_CAPACITY).replace(",", "")) == before


def test_a_weekend_opening_on_a_business_day_is_refused_in_the_dialog(
    qtbot: QtBot, demo_session: Session
) -> None:
    dialog = rd.OpeningDialog(None, date(2022, 6, 6), demo_plan().windows, weekend_hours=Decimal(4))
    qtbot.addWidget(dialog)
    assert dialog.kind.currentData() == "evening"  # a Monday: 夜間延長 proposed
    _select(dialog.kind, "weekend")
    assert "開庁日です" in dialog.errors["kind"].text()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()


def test_shortfall_months_are_marked_with_text_and_settings_change_capacity(
    qtbot: QtBot, window: MainWindow
) -> None:
    page = window.show_page("issuance")
    assert isinstance(page, IssuancePage)
    tab = page.show_tab("capacity")
    assert isinstance(tab, CapacityTab)
    model = tab.model
    may = next(r for r, m in enumerate(model.rows()) if m.month == date(2021, 5, 1))
    assert cell(model, may, COL_VERDICT).startswith("不足 ")
    assert model.index(may, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "令和3年5月" in tab.shortfall.text() and tab.shortfall.text().startswith("⚠")
    ok_rows = [r for r, m in enumerate(model.rows()) if not m.over]
    assert all(cell(model, r, COL_VERDICT) == "－" for r in ok_rows)
    assert "枚" in tab.labels["target"].text()
    before = model.rows()[may].capacity
    spin = tab.spins["issuance_minutes_per_card"]
    spin.setValue(10.0)
    spin.editingFinished.emit()
    assert window.session.settings.load().issuance_minutes_per_card == Decimal("10.0")
    assert model.rows()[may].capacity == before * 15 // 10 or model.rows()[may].capacity > before
    assert not model.rows()[may].over  # 10 minutes a card closes the May gap
    window.undo_action.trigger()
    assert window.session.settings.load().issuance_minutes_per_card == Decimal(15)
    assert model.rows()[may].capacity == before
    assert spin.value() == 15.0


# -- versions --------------------------------------------------------------------------
def test_freeze_edit_and_compare(
    qtbot: QtBot, demo_session: Session, monkeypatch: pytest.MonkeyPatch, dialogs: DialogRecorder
) -> None:
    page = make_page(qtbot, demo_session)
    tab = page.show_tab("versions")
    assert isinstance(tab, VersionsTab)
    assert tab.versions.rowCount() == 0

    def freeze(dialog: QDialog) -> bool:
        assert isinstance(dialog, pd.FreezeDialog)
        assert dialog.kind.currentData() == "initial"  # the first version is the 策定
        dialog.label.setText("令和2年10月 策定（県へ提出）")
        return True

    initial = stored(demo_session)
    replace_run(monkeypatch, freeze)
    tab.freeze_button.click()
    assert dialogs.errors == []
    assert "第1版（策定）「令和2年10月 策定（県へ提出）」として確定しました" in dialogs.infos[-1]
    assert tab.versions.rowCount() == 1
    assert cell(tab.versions, 0, 2) == "令和2年10月 策定（県へ提出）"
    version = IssuanceRepository(demo_session.store).version(1)
    assert version.plan == initial
    assert version.pdf is not None and version.pdf.startswith(b"%PDF")
    assert cell(tab.versions, 0, 5) == "保存済み"
    assert list((demo_session.store.path.parent / "backups").glob("*freeze*"))  # type: ignore[union-attr]

    # edit the working plan and save: the version stays as frozen
    plan_tab = page.show_tab("plan")
    assert isinstance(plan_tab, PlanTab)
    plan_tab.editors["population"].line.setText("15,250")
    assert page.save()
    assert stored(demo_session).population == 15250
    assert IssuanceRepository(demo_session.store).version(1).plan.population == DEMO_POPULATION

    page.show_tab("versions")
    tab.compare_with_previous()  # nothing selected: the working plan against the last version
    rows = {r.label: (r.old, r.new) for r in tab.comparison.rows()}
    assert rows["住民基本台帳人口"] == ("15,102人（令和2年1月1日現在）", "15,250人（令和2年1月1日現在）")
    assert rows["想定交付枚数（令和3年3月31日）"] == ("4,980枚（33.0%）", "4,980枚（32.7%）")
    assert "計画期間" not in rows  # unchanged rows are hidden by default
    assert cell(tab.comparison, 0, 0).startswith("＊")
    tab.only_changed.setChecked(False)
    assert tab.comparison.rowCount() > len(rows)

    # a second version is a 改訂 by default, and 前の版と比較 on it compares with 第1版
    def revise(dialog: QDialog) -> bool:
        assert isinstance(dialog, pd.FreezeDialog)
        assert dialog.kind.currentData() == "revision"
        assert dialog.label.text().endswith("改訂")
        return True

    replace_run(monkeypatch, revise)
    tab.freeze_button.click()
    assert tab.versions.rowCount() == 2
    tab.version_table.selectRow(0)  # newest first: 第2版
    tab.only_changed.setChecked(True)
    tab.compare_with_previous()
    assert (tab.old_combo.currentData(), tab.new_combo.currentData()) == (1, 2)
    assert {r.label for r in tab.comparison.rows()} >= {"住民基本台帳人口"}


def test_freeze_asks_to_save_pending_edits_first(
    qtbot: QtBot, demo_session: Session, monkeypatch: pytest.MonkeyPatch, dialogs: DialogRecorder
) -> None:
    page = make_page(qtbot, demo_session)
    tab = months_tab(page)
    assert tab.model.setData(tab.model.index(tab.model.row_of_month(OCTOBER_2022), 4), "300")
    versions = page.show_tab("versions")
    assert isinstance(versions, VersionsTab)
    dialogs.yes_no_answer = False
    replace_run(monkeypatch, lambda dialog: True)
    versions.freeze_button.click()
    assert "保存していない変更があります" in dialogs.questions[-1]
    assert IssuanceRepository(demo_session.store).versions() == []
    dialogs.yes_no_answer = True
    versions.freeze_button.click()
    frozen = IssuanceRepository(demo_session.store).version(1)
    assert next(m for m in frozen.plan.months if m.month == OCTOBER_2022).actual_issuances == 300


# -- promotion -------------------------------------------------------------------------
def test_events_obstacles_and_subsidies(
    qtbot: QtBot, demo_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = make_page(qtbot, demo_session)
    tab = page.show_tab("promotion")
    assert isinstance(tab, PromotionTab)

    def event(dialog: QDialog) -> bool:
        assert isinstance(dialog, rd.EventDialog)
        dialog.day.line.setText("R4.7.10")
        _select(dialog.place_type, "school")
        dialog.place_name.setText("みどり中学校")
        dialog.expected.line.setText("35")
        return dialog.validate()

    replace_run(monkeypatch, event)
    count = tab.events.rowCount()
    tab.add_event()
    assert tab.events.rowCount() == count + 1
    assert cell(tab.events, count, 0) == "令和4年7月10日(日)"
    assert cell(tab.events, count, 1) == "学校"
    tab.obstacle_note.setPlainText("")
    tab.obstacle_checks["other"].setChecked(True)
    assert "ℹ 阻害要因で「その他」を選んだときは、内容を補足欄に記入してください。" in page.issues.texts()
    assert "その他" in tab.obstacle_error.text()
    tab.obstacle_note.setPlainText("統合端末の配送の遅れ")
    tab.subsidy_input.setCurrentText("マイナンバーカード交付事務費補助金")
    tab.add_subsidy()
    assert "登録済み" in tab.subsidy_error.text()
    tab.subsidy_input.setCurrentText("デジタル田園都市国家構想交付金")
    tab.add_subsidy()
    assert page.draft.plan.subsidies[-1] == "デジタル田園都市国家構想交付金"
    assert page.save()
    plan = stored(demo_session)
    assert "other" in plan.obstacles and plan.events[-1].place_name == "みどり中学校"


# -- plan header ------------------------------------------------------------------------
def test_header_fields_validate_as_typed(qtbot: QtBot, demo_session: Session) -> None:
    page = make_page(qtbot, demo_session)
    tab = page.tab("plan")
    assert isinstance(tab, PlanTab)
    line = tab.editors["period_end"].line
    type_text(qtbot, line, "令和2年13月")
    assert "13月は存在しません" in tab.error_labels["period_end"].text()
    assert not page.save_button.isEnabled()
    assert "⚠ 13月は存在しません" in page.issues.texts()
    type_text(qtbot, line, "R2.9")
    assert "終了月は開始月以降" in tab.error_labels["period_end"].text()
    type_text(qtbot, line, "令和5年3月")
    assert tab.error_labels["period_end"].text() == ""
    assert "→ 2023年3月" in tab.editors["period_end"].echo.text()
    assert not page.has_unsaved_changes()
    type_text(qtbot, tab.editors["title"].line, "みどり町交付円滑化計画（改訂）")
    assert page.draft.plan.title == "みどり町交付円滑化計画（改訂）"
    assert page.save()
    assert stored(demo_session).title == "みどり町交付円滑化計画（改訂）"


def test_population_comes_from_the_town_profile_when_the_plan_has_none(
    qtbot: QtBot, empty_session: Session
) -> None:
    TownRepository(empty_session.store).update(
        {
            "lg_code": "033227",
            "name": "矢巾町",
            "kind": "machi",
            "population": 26804,
            "population_as_of": date(2024, 1, 1),
        }
    )
    page = make_page(qtbot, empty_session)
    tab = page.tab("plan")
    assert isinstance(tab, PlanTab)
    assert tab.editors["population"].raw() == "26,804"
    assert "団体情報の人口を表示しています" in tab.profile_note.text()
    assert not page.has_unsaved_changes()  # nothing typed: leaving asks nothing
    tab.editors["population"].line.setText("1")
    tab.use_profile.click()
    assert page.draft.plan.population == 26804
    assert page.references()[1].label == "岩手県"


# -- read-only -------------------------------------------------------------------------
def test_a_read_only_session_shows_everything_and_edits_nothing(
    qtbot: QtBot, demo_session: Session, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo_session.close()
    session = Session(Store.open(db_path, readonly=True))
    try:
        page = make_page(qtbot, session)
        for spec in TABS:
            page.show_tab(spec.key)
        months = page.tabs["months"]
        assert isinstance(months, MonthsTab)
        index = months.model.index(months.model.row_of_month(OCTOBER_2022), 4)
        assert not months.model.flags(index) & Qt.ItemFlag.ItemIsEditable
        assert not months.model.setData(index, "10")
        assert not months.paste_button.isEnabled()
        shown = replace_run(monkeypatch, lambda dialog: True)
        months.paste_from_excel()
        system = page.tabs["system"]
        assert isinstance(system, SystemTab)
        assert not system.add_button.isEnabled()
        system.add_window()
        calendar = page.tabs["calendar"]
        assert isinstance(calendar, CalendarTab)
        calendar.calendar.clicked.emit(QDate(2022, 6, 4))
        assert shown == []
        versions = page.tabs["versions"]
        assert isinstance(versions, VersionsTab)
        assert not versions.freeze_button.isEnabled()
        capacity = page.tabs["capacity"]
        assert isinstance(capacity, CapacityTab)
        assert not any(spin.isEnabled() for spin in capacity.spins.values())
        plan_tab = page.tabs["plan"]
        assert isinstance(plan_tab, PlanTab)
        assert not plan_tab.editors["title"].line.isEnabled()
        assert not page.save_button.isEnabled() and not page.has_unsaved_changes() and not page.save()
        assert "読み取り専用" in page.status.text()
        assert months.model.rowCount() == 30 and "最新の実績" in months.summary.text()
    finally:
        session.close()


# -- item models -------------------------------------------------------------------------
def test_every_item_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    plan = demo_plan()
    report = capacity_report(plan, capacity_settings(DomainSettings()), today=date(2026, 1, 1))
    filled: list[tuple[Any, list[Any]]] = [
        (MonthTableModel(), month_rows(plan)),
        (MilestoneTableModel(), milestone_rows(plan)),
        (WindowTableModel(), list(plan.windows)),
        (StaffTableModel(), staff_rows(plan.staff)),
        (StrengtheningTableModel(), strengthening(plan)),
        (OpeningTableModel(), list(plan.openings)),
        (EventTableModel(), list(plan.events)),
        (MeasureTableModel(), list(plan.measures)),
        (CapacityTableModel(), report.months),
        (VersionTableModel(), []),
        (ComparisonTableModel(), compare_plans(plan, plan)),
    ]
    for model, rows in filled:
        model.set_rows(rows)
        qtmodeltester.check(model)
        model.set_rows(rows[:1])
        qtmodeltester.check(model)


def _select(combo: Any, key: object) -> None:
    combo.setCurrentIndex(combo.findData(key))
