"""The オンライン手続 page as a town-hall user drives it: mark a procedure online and watch both
header figures (all channels and ぴったりサービス only), undo it; filter and search (half-width
kana, Kangxi look-alikes); type a 年度's figures and see the rate; online above total refused;
paste a 年度 from Excel with an unmatched name mapped; the town's own procedures; a newer
national list; read-only sessions.

The data is ``tests.procedure_samples.sample_checklist`` (every figure checkable by hand:
31手続 対象27 済14 (51.9%), ぴったり 9 (33.3%); 優先手続 対象41 済16 (39.0%), ぴったり 9 (22.0%)).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from gui.main_window import MainWindow
from gui.pages.procedures import dialogs as pd
from gui.pages.procedures.dialogs import ADD_AS_TOWN, DiffTableModel, diff_rows
from gui.pages.procedures.listing import procedure_rows
from gui.pages.procedures_page import ProceduresPage
from gui.session import Session
from gui.tables.base import RecordRole
from gui.tables.procedure_tables import (
    COL_RATE,
    COL_STATUS,
    ProcedureFilter,
    ProcedureTreeModel,
)
from gui.tables.procedure_usage import UsageTableModel, YearRow
from models.catalog import read_catalog_csv
from models.procedures.alerts import alerts
from models.procedures.catalogue import group_of
from models.procedures.catalogue_update import diff_catalogue
from models.procedures.repository import ChecklistRepository
from models.procedures.summary import status_of
from models.store.database import Store
from models.text import normalise_for_matching
from tests.procedure_samples import CREATED, sample_checklist, town_with_checklist
from tests.support import DialogRecorder, type_text

ROOT = Path(__file__).resolve().parents[2]
FIGURES_31 = "31手続のうち対象 27件中　オンライン化済 {}｜うちぴったりサービス {}"
FIGURES_PRIORITY = (
    "優先手続（58手続のうち掲載分）のうち対象 41件中　オンライン化済 {}｜うちぴったりサービス {}"
)
UNDECIDED = "P31-06"  # 児童手当等に係る寄附の申出: 未定 in the sample
NATIONAL_NOT_DELETABLE = "国の一覧の手続は削除できません。対象外にしてください。"


@pytest.fixture
def sample_session(qapp: object, db_path: Path) -> Iterator[Session]:
    session = Session(town_with_checklist(db_path))
    yield session
    session.close()


def make_page(qtbot: QtBot, session: Session) -> ProceduresPage:
    page = ProceduresPage(session, today=CREATED)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    return page


def make_window(qtbot: QtBot, session: Session) -> tuple[MainWindow, ProceduresPage]:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    page = window.show_page("procedures")
    assert isinstance(page, ProceduresPage)
    page.draft.today = CREATED
    page.reload()
    return window, page


def choose(combo: QComboBox, key: object) -> None:
    index = combo.findData(key)
    assert index >= 0, key
    combo.setCurrentIndex(index)


def stored(session: Session) -> Any:
    return ChecklistRepository(session.store).load()


def stored_status(session: Session, code: str) -> Any:
    checklist = stored(session)
    entry = next(e for e in checklist.catalogue if e.code == code)
    return status_of(checklist, entry)


def shown_codes(page: ProceduresPage) -> list[str]:
    return [row.code for row in page.visible_rows()]


def replace_run(monkeypatch: pytest.MonkeyPatch, fill: Callable[[QDialog], bool]) -> list[QDialog]:
    shown: list[QDialog] = []

    def run(dialog: QDialog) -> bool:
        shown.append(dialog)
        return fill(dialog)

    monkeypatch.setattr(pd, "run", run)
    return shown


# -- navigation and start-up ----------------------------------------------------------
def test_navigation_lists_the_page_after_the_issuance_plan(window: MainWindow) -> None:
    labels = [window.nav_model.entry(row).label for row in range(window.nav_model.rowCount())]
    assert labels.index("オンライン手続") == labels.index("交付円滑化計画") + 1
    assert "procedures" not in window.pages
    page = window.show_page("procedures")
    assert isinstance(page, ProceduresPage)
    assert page.figures_31.text().startswith("31手続のうち対象 27件中")  # the demo town


def test_the_page_and_the_checklist_are_not_imported_at_start_up(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from gui.app import create_application\n"
        "from gui.main_window import MainWindow\n"
        "from gui.session import Session\n"
        "from models.store.database import Store\n"
        "app = create_application([])\n"
        f"window = MainWindow(Session(Store.open({str(tmp_path / 'x.db')!r})))\n"
        "window.show(); app.processEvents()\n"
        "heavy = [m for m in ('gui.pages.procedures_page', 'gui.tables.procedure_tables',"
        " 'models.procedures.repository', 'models.procedures.alerts') if m in sys.modules]\n"
        "print('LOADED', heavy)\n"
        "window.show_page('procedures'); app.processEvents()\n"
        "print('VISITED', 'gui.pages.procedures_page' in sys.modules)\n"
        "window.session.close()\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert "LOADED []" in out.stdout, out.stdout + out.stderr
    assert "VISITED True" in out.stdout, out.stdout + out.stderr


def test_the_list_is_grouped_in_the_documents_order_with_verbatim_names(
    qtbot: QtBot, sample_session: Session
) -> None:
    page = make_page(qtbot, sample_session)
    model = page.model
    assert model.group_labels() == [
        "子育て関係",
        "介護関係",
        "被災者支援関係",
        "自動車保有関係",
        "その他の優先手続（58手続のa）",
        "本町独自の手続",
    ]
    groups = [str(model.index(g, 0).data()) for g in range(model.rowCount())]
    assert groups[0] == "子育て関係（15手続）"
    assert groups[1] == "介護関係（11手続）"
    assert groups[2] == "被災者支援関係（1手続）"
    assert groups[3].startswith("自動車保有関係（4手続）") and "対象外" in groups[3]
    names = {row.code: row.entry.name for row in model.rows()}
    for row in read_catalog_csv("procedures.csv"):
        assert names[row["code"]] == row["name"]  # verbatim, P31-19's 居住 included
    car = model.index(3, 0)
    statuses = {str(model.index(r, COL_STATUS, car).data()) for r in range(model.rowCount(car))}
    assert statuses == {"対象外"}
    # the retired town procedure is hidden until asked for
    assert "T-002" not in shown_codes(page)
    page.retired_filter.setChecked(True)
    assert "T-002" in shown_codes(page)
    assert page.model.row_of("T-002") is not None
    # the rate column: the latest 年度 in the header, 「－」 for 0 / 0
    assert "令和5年度" in str(model.headerData(COL_RATE, Qt.Orientation.Horizontal))
    disaster = model.index(2, 0)
    assert model.index(0, COL_RATE, disaster).data() == "－"  # P31-27: 0件 / 0件


# -- header figures --------------------------------------------------------------------
def test_marking_online_via_pittari_changes_both_figures_and_undo_restores_them(
    qtbot: QtBot, sample_session: Session
) -> None:
    window, page = make_window(qtbot, sample_session)
    assert page.figures_31.text() == FIGURES_31.format("14件（51.9%）", "9件（33.3%）")
    assert page.figures_priority.text() == FIGURES_PRIORITY.format("16件（39.0%）", "9件（22.0%）")
    assert "ぴったりサービス" in page.figures_31.toolTip() and "0%" in page.figures_31.toolTip()
    assert page.show_procedure(UNDECIDED)
    detail = page.detail
    assert detail.code == UNDECIDED
    choose(detail.channel, "pittari")
    choose(detail.status, "online")
    # 15 / 27 = 55.55… → 55.6%; 10 / 27 = 37.03… → 37.0%
    assert page.figures_31.text() == FIGURES_31.format("15件（55.6%）", "10件（37.0%）")
    assert page.figures_priority.text() == FIGURES_PRIORITY.format("17件（41.5%）", "10件（24.4%）")
    assert page.has_unsaved_changes() and page.save_button.isEnabled()
    assert stored_status(sample_session, UNDECIDED).status == "undecided"  # nothing saved yet
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    saved = stored_status(sample_session, UNDECIDED)
    assert (saved.status, saved.channel) == ("online", "pittari")
    assert "保存済み" in page.status.text()
    assert sample_session.undo_stack.undoText() == "オンライン手続の変更（児童手当等に係る寄附の申出）"
    assert page.figures_31.text() == FIGURES_31.format("15件（55.6%）", "10件（37.0%）")

    assert window.undo_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)  # Ctrl+Z
    window.undo_action.trigger()
    assert stored_status(sample_session, UNDECIDED).status == "undecided"
    assert page.figures_31.text() == FIGURES_31.format("14件（51.9%）", "9件（33.3%）")
    assert page.figures_priority.text() == FIGURES_PRIORITY.format("16件（39.0%）", "9件（22.0%）")
    assert detail.code == UNDECIDED and detail.status.currentData() == "undecided"
    assert not page.has_unsaved_changes()
    window.redo_action.trigger()
    assert page.figures_31.text() == FIGURES_31.format("15件（55.6%）", "10件（37.0%）")


def test_marking_online_via_the_general_channel_changes_only_the_all_channel_figure(
    qtbot: QtBot, sample_session: Session
) -> None:
    page = make_page(qtbot, sample_session)
    page.show_procedure("P31-07")
    choose(page.detail.status, "online")
    # online without a channel breaks a rule: shown beside the field, saving blocked
    assert "方法" in page.detail.error_labels["channel"].text()
    assert any(t.startswith("⚠ 児童手当に係る寄附変更等の申出：") for t in page.alerts.texts())
    assert not page.save_button.isEnabled() and not page.save()
    choose(page.detail.channel, "general")
    assert page.detail.error_labels["channel"].text() == ""
    assert page.figures_31.text() == FIGURES_31.format("15件（55.6%）", "9件（33.3%）")
    assert page.figures_priority.text() == FIGURES_PRIORITY.format("17件（41.5%）", "9件（22.0%）")
    row = page.model.row_of("P31-07")
    assert row is not None and not row.overdue  # online now: no longer late
    assert page.save()
    assert stored_status(sample_session, "P31-07").channel == "general"


def test_not_applicable_with_a_reason_leaves_the_denominator(qtbot: QtBot, sample_session: Session) -> None:
    page = make_page(qtbot, sample_session)
    page.show_procedure("P31-08")
    detail = page.detail
    detail.applicable_no.setChecked(True)
    assert detail.status.currentData() == "not_applicable" and detail.reason.isEnabled()
    type_text(qtbot, detail.reason, "学校給食を実施していない")
    assert "対象 26件中" in page.figures_31.text()
    assert page.save()
    saved = stored_status(sample_session, "P31-08")
    assert (saved.applicable, saved.status, saved.not_applicable_reason) == (
        False,
        "not_applicable",
        "学校給食を実施していない",
    )


def test_dates_and_years_are_read_as_typed_and_unreadable_ones_block_saving(
    qtbot: QtBot, sample_session: Session
) -> None:
    page = make_page(qtbot, sample_session)
    page.show_procedure("P31-18")
    detail = page.detail
    type_text(qtbot, detail.planned_fy, "R8")
    assert "令和8年度(2026年度)" in detail.planned_echo.text()
    type_text(qtbot, detail.online_since.line, "令和5年13月1日")
    assert "13月" in detail.error_labels["online_since"].text()
    assert not page.save_button.isEnabled() and not page.save()
    type_text(qtbot, detail.online_since.line, "R5.10.1")
    assert detail.error_labels["online_since"].text() == ""
    assert page.save()
    saved = stored_status(sample_session, "P31-18")
    assert saved.planned_fy == 2026 and saved.online_since.isoformat() == "2023-10-01"


# -- the list --------------------------------------------------------------------------
def test_filters_and_search(qtbot: QtBot, sample_session: Session) -> None:
    page = make_page(qtbot, sample_session)
    checklist = sample_checklist()
    active = [e for e in checklist.catalogue if not e.retired]
    assert len(shown_codes(page)) == len(active)
    assert page.count_label.text() == f"{len(active)}件を表示（全{len(active)}件）"
    choose(page.group_filter, "介護関係")
    assert len(shown_codes(page)) == 11
    assert page.proxy.rowCount() == 1  # only its group row is left
    choose(page.status_filter, "online")
    assert shown_codes(page) == ["P31-16", "P31-17", "P31-21", "P31-23"]
    choose(page.channel_filter, "pittari")
    assert shown_codes(page) == ["P31-16", "P31-17"]
    page.clear_filters()
    page.overdue_filter.setChecked(True)
    late = {a.code for a in alerts(checklist, today=CREATED) if a.kind in ("overdue", "planned_past")}
    assert set(shown_codes(page)) == late and "P58-A10" in late
    page.overdue_filter.setChecked(False)
    choose(page.status_filter, "not_applicable")
    assert shown_codes(page) == ["P31-28", "P31-29", "P31-30", "P31-31"]
    page.clear_filters()

    def found(query: str) -> list[str]:
        type_text(qtbot, page.search, query)
        return shown_codes(page)

    def expected(word: str) -> list[str]:
        return [e.code for e in active if normalise_for_matching(word) in normalise_for_matching(e.name)]

    assert found("ｻｰﾋﾞｽ") == expected("サービス") == ["P31-19", "P31-22"]  # half-width kana
    assert found("\u2f40給") == expected("支給")  # 「⽀」 KANGXI RADICAL BRANCH
    assert found("\u2f40給") == ["P31-11", "P31-22", "P31-24", "P31-25"]
    assert found("居宅介護(介護予防)住宅") == ["P31-25"]  # ASCII parentheses
    assert found("p31-10") == ["P31-10"]  # the code
    assert found("存在しない手続") == []
    assert page.count_label.text().startswith("0件を表示")
    type_text(qtbot, page.search, "")
    assert len(shown_codes(page)) == len(active)


def test_double_clicking_an_alert_shows_its_procedure(qtbot: QtBot, sample_session: Session) -> None:
    page = make_page(qtbot, sample_session)
    texts = page.alerts.texts()
    assert texts[0] == "ℹ 確認事項 15件（目標期限超過 13件・予定年度超過 2件）"
    item = next(page.alerts.item(i) for i, t in enumerate(texts) if t.startswith("ℹ 粗大ごみ収集の申込："))
    choose(page.group_filter, "介護関係")  # hides it: the filters are cleared to show it
    page.alerts.itemActivated.emit(item)
    assert page.detail.code == "P58-A10" and page.current_code() == "P58-A10"
    assert "令和3年度" in page.detail.planned_fy.text()


def test_the_caveat_of_p31_19_is_shown(qtbot: QtBot, sample_session: Session) -> None:
    page = make_page(qtbot, sample_session)
    page.show_procedure("P31-19")
    assert page.detail.caveat.isVisibleTo(page)
    assert "居宅" in page.detail.caveat.text() and "要確認" in page.detail.caveat.text()
    assert "居住（介護予防）サービス計画作成（変更）依頼の届出" in page.detail.title.text()
    page.show_procedure("P31-10")
    assert not page.detail.caveat.isVisibleTo(page)


# -- yearly figures ------------------------------------------------------------------------
def type_in_cell(qtbot: QtBot, page: ProceduresPage, fiscal_year: int, field: str, text: str) -> str:
    """F2 on the cell, type like a user, Enter; returns what the editor held."""
    detail = page.detail
    detail.tabs.setCurrentIndex(1)
    model = detail.usage_model
    column = {"total": 1, "online": 2}[field]
    index = model.index(model.row_of_year(fiscal_year), column)
    detail.usage_table.setFocus()
    detail.usage_table.setCurrentIndex(index)
    qtbot.keyClick(detail.usage_table, Qt.Key.Key_F2)
    editor = detail.usage_table.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClicks(editor, text)
    typed = editor.text()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: detail.usage_table.state() != QAbstractItemView.State.EditingState, timeout=2000)
    return typed


def rates(page: ProceduresPage) -> dict[int, str]:
    model = page.detail.usage_model
    return {row.fiscal_year: str(model.index(r, 3).data()) for r, row in enumerate(model.rows())}


def test_a_years_figures_show_their_rate(qtbot: QtBot, sample_session: Session) -> None:
    page = make_page(qtbot, sample_session)
    page.show_procedure("P31-15")  # 妊娠の届出: 120 / 45 in 令和5年度
    assert rates(page) == {2023: "37.5%", 2022: "18.3%", 2021: "9.2%"}
    assert type_in_cell(qtbot, page, 2022, "total", "16") == "16"
    assert type_in_cell(qtbot, page, 2022, "online", "1") == "1"
    assert rates(page)[2022] == "6.3%"  # 6.25 rounds half up (not to even)
    type_in_cell(qtbot, page, 2022, "online", "0")
    type_in_cell(qtbot, page, 2022, "total", "0")
    assert rates(page)[2022] == "－"  # 0 / 0 is not a rate
    assert type_in_cell(qtbot, page, 2022, "total", "-1a2b00") == "1200"  # keystrokes refused
    assert rates(page)[2022] == "0.0%"
    type_in_cell(qtbot, page, 2022, "online", "300")
    assert rates(page)[2022] == "25.0%"
    # the list's rate column shows the latest 年度 (unchanged by 令和4年度)
    row = page.model.row_of("P31-15")
    assert row is not None and str(row.latest_rate) == "37.5"
    # a 年度 not in the table yet
    type_text(qtbot, page.detail.year_input, "R2")
    page.detail.add_year_button.click()
    assert 2020 in rates(page) and rates(page)[2020] == "－"
    type_in_cell(qtbot, page, 2020, "total", "40")
    type_in_cell(qtbot, page, 2020, "online", "10")
    assert rates(page)[2020] == "25.0%"
    assert page.save()
    usage = {u.fiscal_year: (u.total, u.online) for u in stored(sample_session).usage if u.code == "P31-15"}
    assert usage == {2020: (40, 10), 2021: (120, 11), 2022: (1200, 300), 2023: (120, 45)}
    assert sample_session.undo_stack.count() == 1  # one command for the whole save


def test_online_above_total_is_refused_with_its_message_and_nothing_is_saved(
    qtbot: QtBot, sample_session: Session
) -> None:
    before = stored(sample_session)
    page = make_page(qtbot, sample_session)
    page.show_procedure("P31-12")  # 保育施設等の利用申込: 85 / 17 in 令和5年度
    type_in_cell(qtbot, page, 2023, "online", "90")
    message = "令和5年度のうちオンライン件数（90件）が手続総件数（85件）を超えています"
    detail = page.detail
    assert message in detail.usage_error.text() and detail.usage_error.isVisibleTo(page)
    model = detail.usage_model
    cell = model.index(model.row_of_year(2023), 2)
    assert message in str(cell.data(Qt.ItemDataRole.ToolTipRole))
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert detail.tabs.tabText(1).startswith("⚠")
    assert any(t.startswith("⚠ 保育施設等の利用申込：") and message in t for t in page.alerts.texts())
    assert "誤りがあります（1件）" in page.status.text()
    assert not page.save_button.isEnabled() and not page.save()
    assert stored(sample_session) == before
    # a value that is no count at all never reaches the draft
    assert not model.setData(model.index(model.row_of_year(2023), 1), "たくさん")
    assert "令和5年度の手続総件数（件）" in detail.usage_error.text()
    type_in_cell(qtbot, page, 2023, "online", "20")
    assert not [t for t in page.alerts.texts() if t.startswith("⚠")]
    assert page.save()


# -- pasting a 年度 from Excel ---------------------------------------------------------------
def test_paste_a_year_with_an_unmatched_name_mapped_and_one_added(
    qtbot: QtBot, sample_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, page = make_window(qtbot, sample_session)
    bad = "手続名\t総件数\tオンライン件数\n妊娠の届出\t100\t120\n"
    good = (
        "手続名\t総件数\tオンライン件数\n"
        "妊娠の届出\t130\t52\n"
        "高額介護(予防)ｻｰﾋﾞｽ費の支給申請\t1,200\t300\n"  # half-width kana, ASCII parentheses
        "要介護認定申請（新規）\t210\t21\n"  # not in the list: mapped to P31-16
        "町民農園の利用申込\t48\t48\n"  # not in the list: added as the town's own
        "合計\t1588\t421\n"
    )
    seen: dict[str, Any] = {}

    def paste(dialog: QDialog) -> bool:
        assert isinstance(dialog, pd.UsagePasteDialog)
        assert dialog.year.text() == "令和5年度"  # the last complete 年度 by default
        dialog.text.setPlainText(bad)
        seen["bad"] = (dialog.problem_texts(), dialog.apply_button.isEnabled())
        dialog.text.setPlainText(good)
        seen["matched"] = dialog.matched.rowCount()
        seen["unmatched"] = [dialog.unmatched.item(r, 0).text() for r in range(dialog.unmatched.rowCount())]
        seen["before_mapping"] = dialog.apply_button.isEnabled()
        dialog.map_row(0, "P31-15")  # the same procedure as a matched row: refused
        seen["duplicate"] = dialog.problem_texts()
        dialog.map_row(0, "P31-16")
        dialog.map_row(1, ADD_AS_TOWN)
        seen["rate"] = dialog.matched.item(1, 3).text()
        seen["ok"] = (dialog.problem_texts(), dialog.apply_button.isEnabled())
        return True

    replace_run(monkeypatch, paste)
    page.paste_button.click()
    problems, enabled = seen["bad"]
    assert problems == ["貼り付け!C2：オンライン件数（120件）が手続総件数（100件）を超えています。"]
    assert not enabled
    assert seen["matched"] == 2 and seen["unmatched"] == ["要介護認定申請（新規）", "町民農園の利用申込"]
    assert seen["before_mapping"]  # unmapped names are simply left out
    assert "重複" in seen["duplicate"][0]
    assert seen["rate"] == "25.0%"
    assert seen["ok"] == ([], True)
    checklist = stored(sample_session)
    usage = {(u.code, u.fiscal_year): (u.total, u.online) for u in checklist.usage}
    assert usage[("P31-15", 2023)] == (130, 52)
    assert usage[("P31-22", 2023)] == (1200, 300)
    assert usage[("P31-16", 2023)] == (210, 21)
    added = next(e for e in checklist.catalogue if e.name == "町民農園の利用申込")
    assert added.origin == "town" and usage[(added.code, 2023)] == (48, 48)
    assert sample_session.undo_stack.undoText() == "令和5年度の件数の貼り付け（4手続）"
    assert "4手続分取り込みました（うち1件は独自の手続として追加）" in page.status.text()
    window.undo_action.trigger()  # one step undoes all of it
    checklist = stored(sample_session)
    usage = {(u.code, u.fiscal_year): (u.total, u.online) for u in checklist.usage}
    assert usage[("P31-15", 2023)] == (120, 45) and usage[("P31-16", 2023)] == (310, 12)
    assert ("P31-22", 2023) not in usage
    assert "町民農園の利用申込" not in [e.name for e in checklist.catalogue]


def test_the_same_new_name_cannot_be_added_twice(qtbot: QtBot) -> None:
    checklist = sample_checklist()
    dialog = pd.UsagePasteDialog(checklist.catalogue, {}, 2023)
    qtbot.addWidget(dialog)
    dialog.text.setPlainText("農園の利用申込（ｲﾍﾞﾝﾄ）\t48\t48\n農園の利用申込(イベント)\t3\t1\n")
    assert dialog.unmatched.rowCount() == 2
    dialog.map_row(0, ADD_AS_TOWN)
    dialog.map_row(1, ADD_AS_TOWN)
    assert not dialog.apply_button.isEnabled()
    assert "2行目「農園の利用申込(イベント)」：1行目と同じ名称" in dialog.problem_texts()[0]
    dialog.map_row(1, pd.SKIP)
    assert dialog.apply_button.isEnabled()
    assert dialog.value() == ([], [("農園の利用申込（ｲﾍﾞﾝﾄ）", 48, 48)])


def test_unsaved_edits_are_saved_before_a_paste(
    qtbot: QtBot, sample_session: Session, monkeypatch: pytest.MonkeyPatch, dialogs: DialogRecorder
) -> None:
    page = make_page(qtbot, sample_session)
    page.show_procedure(UNDECIDED)
    type_text(qtbot, page.detail.owner, "こども家庭課")
    shown = replace_run(monkeypatch, lambda dialog: False)
    dialogs.yes_no_answer = False
    page.paste_usage()
    assert "保存していない変更があります" in dialogs.questions[-1] and shown == []
    assert page.has_unsaved_changes()
    dialogs.yes_no_answer = True
    page.paste_usage()
    assert len(shown) == 1 and not page.has_unsaved_changes()
    assert stored_status(sample_session, UNDECIDED).owner_dept == "こども家庭課"


# -- the town's own procedures -------------------------------------------------------------
def test_town_procedures_are_added_renamed_and_retired(
    qtbot: QtBot, sample_session: Session, monkeypatch: pytest.MonkeyPatch, dialogs: DialogRecorder
) -> None:
    window, page = make_window(qtbot, sample_session)

    def add(dialog: QDialog) -> bool:
        assert isinstance(dialog, pd.TownProcedureDialog)
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        dialog.name.setText("指定ごみ袋の購入申込（事業系）")  # already there (T-001)
        assert "すでにあります" in dialog.errors["name"].text()
        dialog.name.setText("ｺﾐｭﾆﾃｨｾﾝﾀｰの利用予約")
        dialog.owner.setText("生涯学習課")
        return dialog.validate()

    replace_run(monkeypatch, add)
    page.add_button.click()
    entry = next(e for e in stored(sample_session).catalogue if e.name == "ｺﾐｭﾆﾃｨｾﾝﾀｰの利用予約")
    assert entry.origin == "town" and entry.code == "T-003"
    assert page.detail.code == "T-003"  # shown at once
    assert stored_status(sample_session, "T-003").owner_dept == "生涯学習課"
    group = page.model.index(page.model.rowCount() - 1, 0)
    assert str(group.data()).startswith("本町独自の手続")
    assert page.edit_button.isEnabled() and page.retire_button.isEnabled()
    assert "T-003" in [r.code for r in page.model.rows()]
    assert page.search.text() == ""
    type_text(qtbot, page.search, "コミュニティ")  # found by its full-width reading
    assert shown_codes(page) == ["T-003"]
    type_text(qtbot, page.search, "")

    def rename(dialog: QDialog) -> bool:
        assert isinstance(dialog, pd.TownProcedureDialog)
        assert dialog.name.text() == "ｺﾐｭﾆﾃｨｾﾝﾀｰの利用予約"
        dialog.name.setText("コミュニティセンターの利用予約")
        dialog.category.setText("生涯学習")
        return True

    replace_run(monkeypatch, rename)
    page.edit_button.click()
    renamed = next(e for e in stored(sample_session).catalogue if e.code == "T-003")
    assert (renamed.name, renamed.category) == ("コミュニティセンターの利用予約", "生涯学習")

    page.retire_button.click()
    assert "使わなくなった手続（廃止）" in dialogs.questions[-1]
    assert next(e for e in stored(sample_session).catalogue if e.code == "T-003").retired
    assert page.detail.code == "T-003" and page.retired_filter.isChecked()  # still shown
    assert page.retire_button.text() == "使用を再開する"
    window.undo_action.trigger()
    assert not next(e for e in stored(sample_session).catalogue if e.code == "T-003").retired
    window.undo_action.trigger()
    window.undo_action.trigger()  # the addition itself
    assert "T-003" not in [e.code for e in stored(sample_session).catalogue]
    assert dialogs.errors == []


def test_a_national_entry_cannot_be_retired(
    qtbot: QtBot, sample_session: Session, dialogs: DialogRecorder
) -> None:
    page = make_page(qtbot, sample_session)
    page.show_procedure("P31-01")
    assert not page.retire_button.isEnabled()
    assert page.retire_button.toolTip() == NATIONAL_NOT_DELETABLE
    assert not page.edit_button.isEnabled()
    before = stored(sample_session)
    page.retire_town_procedure()  # reached anyway (a shortcut): refused with the message
    assert dialogs.errors == [NATIONAL_NOT_DELETABLE]
    assert stored(sample_session) == before
    assert sample_session.undo_stack.count() == 0


# -- a newer national list -----------------------------------------------------------------
def write_list(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, fieldnames=["code", "name", "category", "level", "in_31", "in_58_class"]
        )
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row[k] for k in writer.fieldnames})
    return path


def test_a_catalogue_update_shows_the_diff_and_keeps_statuses(
    qtbot: QtBot,
    sample_session: Session,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    dialogs: DialogRecorder,
) -> None:
    rows = [dict(r) for r in read_catalog_csv("procedures.csv")]
    for row in rows:
        if row["code"] == "P31-19":
            row["name"] = "居宅（介護予防）サービス計画作成（変更）依頼の届出"
        if row["code"] == "P58-A03":
            row["category"] = "生涯学習"
    rows = [r for r in rows if r["code"] != "P58-A14"]
    rows.append(dict(rows[-1], code="P58-A15", name="住民票の写しの交付請求", in_31="0", in_58_class="a"))
    path = write_list(tmp_path / "2024-04.csv", rows)
    window, page = make_window(qtbot, sample_session)
    monkeypatch.setattr(pd, "choose_catalogue_file", lambda parent: path)
    seen: dict[str, Any] = {}

    def confirm(dialog: QDialog) -> bool:
        assert isinstance(dialog, pd.CatalogueUpdateDialog)
        seen["rows"] = dialog.model.records()
        seen["summary"] = dialog.summary.text()
        assert dialog.version.text() == "2024-04"
        return True

    replace_run(monkeypatch, confirm)
    page.update_button.click()
    kinds = {(kind, code) for kind, code, _name, _what in seen["rows"]}
    assert kinds == {
        ("名称変更", "P31-19"),
        ("変更", "P58-A03"),
        ("追加", "P58-A15"),
        ("掲載終了", "P58-A14"),
    }
    assert "追加 1件・名称変更 1件・変更 1件・掲載終了 1件" in seen["summary"]
    assert dialogs.errors == []
    checklist = stored(sample_session)
    names = {e.code: e for e in checklist.catalogue}
    assert names["P31-19"].name.startswith("居宅")
    assert names["P58-A14"].retired and names["P58-A15"].name == "住民票の写しの交付請求"
    assert checklist.list_version == "2024-04"
    kept = status_of(checklist, names["P31-01"])
    assert (kept.status, kept.channel) == ("online", "pittari")  # statuses kept
    assert page.figures_31.text() == FIGURES_31.format("14件（51.9%）", "9件（33.3%）")
    assert "国の手続一覧：2024-04" in page.version_label.text()
    assert db_backups(sample_session)  # the state before the update is backed up
    window.undo_action.trigger()
    checklist = stored(sample_session)
    names = {e.code: e for e in checklist.catalogue}
    assert names["P31-19"].name.startswith("居住") and not names["P58-A14"].retired
    assert names["P58-A15"].retired  # national entries are never deleted: retired on undo


def db_backups(session: Session) -> list[Path]:
    assert session.store.path is not None
    return list((session.store.path.parent / "backups").glob("*import*"))


def test_an_unreadable_list_shows_its_problems_and_changes_nothing(
    qtbot: QtBot,
    sample_session: Session,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    dialogs: DialogRecorder,
) -> None:
    path = tmp_path / "list.csv"
    path.write_text("code,name\nP31-01,\n", encoding="utf-8")
    page = make_page(qtbot, sample_session)
    monkeypatch.setattr(pd, "choose_catalogue_file", lambda parent: path)
    shown = replace_run(monkeypatch, lambda dialog: True)
    before = stored(sample_session)
    page.update_catalogue()
    assert shown == [] and len(dialogs.import_problems) == 1
    assert stored(sample_session) == before


# -- read-only -------------------------------------------------------------------------------
def test_a_read_only_session_shows_everything_and_edits_nothing(
    qtbot: QtBot, sample_session: Session, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample_session.close()
    session = Session(Store.open(db_path, readonly=True))
    try:
        page = make_page(qtbot, session)
        assert page.figures_31.text() == FIGURES_31.format("14件（51.9%）", "9件（33.3%）")
        page.show_procedure("P31-15")
        detail = page.detail
        assert not detail.form_box.isEnabled() and not detail.add_year_button.isEnabled()
        model = detail.usage_model
        index = model.index(model.row_of_year(2023), 1)
        assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
        assert not model.setData(index, "10")
        for button in (page.add_button, page.paste_button, page.update_button, page.edit_button):
            assert not button.isEnabled()
        page.show_procedure("T-001")
        assert not page.retire_button.isEnabled()
        shown = replace_run(monkeypatch, lambda dialog: True)
        page.paste_usage()
        page.add_town_procedure()
        page.update_catalogue()
        assert shown == []
        assert not page.save_button.isEnabled() and not page.has_unsaved_changes() and not page.save()
        assert "読み取り専用" in page.status.text()
        type_text(qtbot, page.search, "ｻｰﾋﾞｽ")  # viewing still works
        assert shown_codes(page) == ["P31-19", "P31-22"]
    finally:
        session.close()


# -- item models -------------------------------------------------------------------------------
def test_every_item_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    checklist = sample_checklist()
    rows = procedure_rows(checklist, alerts(checklist, today=CREATED), {})
    tree = ProcedureTreeModel()
    groups: dict[str, list[Any]] = {}
    for row in rows:
        groups.setdefault(row.group, []).append(row)
    tree.set_groups([(label, items, "") for label, items in groups.items()])
    qtmodeltester.check(tree)
    assert tree.update_rows(rows[:3])
    qtmodeltester.check(tree)
    proxy = ProcedureFilter()
    proxy.setSourceModel(tree)
    proxy.set_filter(query="児童")
    qtmodeltester.check(proxy)
    assert {group_of(r.entry) for r in proxy.visible_rows()} == {"子育て関係"}
    tree.set_groups([])
    qtmodeltester.check(tree)

    usage = UsageTableModel()
    usage.set_rows([YearRow(2023, 120, 45, None), YearRow(2022, 0, 0, None)])
    qtmodeltester.check(usage)
    usage.set_problems({(2023, "online"): "⚠"})
    qtmodeltester.check(usage)
    usage.set_rows([])
    qtmodeltester.check(usage)

    current = checklist.catalogue
    changed = [e for e in current if e.origin == "national"][:-1]
    diff = DiffTableModel()
    diff.set_records(diff_rows(diff_catalogue(current, changed)))
    assert diff.rowCount() == 1
    qtmodeltester.check(diff)


def test_rows_carry_the_record_role(qtbot: QtBot, sample_session: Session) -> None:
    page = make_page(qtbot, sample_session)
    group = page.proxy.index(0, 0)
    assert group.data(RecordRole) is None
    first = page.proxy.index(0, 0, group)
    assert first.data(RecordRole).code == "P31-01"
    assert page.proxy.index(0, 0, first) == QModelIndex()
