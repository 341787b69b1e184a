"""表示 > 変更履歴: what changed, by whom, filterable, exported as CSV for Excel."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from gui.dialogs.history_dialog import HistoryDialog
from gui.session import Session
from gui.tables.history_table import HistoryTableModel
from models.store.audit import current_user
from tests.support import DialogRecorder


def make_dialog(qtbot: QtBot, session: Session) -> HistoryDialog:
    dialog = HistoryDialog(session)
    qtbot.addWidget(dialog)
    return dialog


def test_history_model_passes_the_model_tester(qtmodeltester: object, demo_session: Session) -> None:
    dialog = HistoryDialog(demo_session)
    qtmodeltester.check(dialog.model)  # type: ignore[attr-defined]
    qtmodeltester.check(dialog.proxy)  # type: ignore[attr-defined]
    assert isinstance(dialog.model, HistoryTableModel)


def test_changes_are_listed_in_words_a_user_reads(qtbot: QtBot, demo_session: Session) -> None:
    demo_session.town.update({"population": 15210, "kind": "mura"})
    dialog = make_dialog(qtbot, demo_session)
    rows = dialog.proxy.visible_rows()
    newest = {row.field: row for row in rows[:2]}
    assert newest["住民基本台帳人口"].old == "14,872"
    assert newest["住民基本台帳人口"].new == "15,210"
    assert (newest["団体区分"].old, newest["団体区分"].new) == ("町", "村")
    assert newest["団体区分"].who == current_user()
    assert newest["団体区分"].module == "団体情報"
    assert newest["団体区分"].when.startswith("令和")
    demo_rows = [r for r in rows if r.field == "人口の基準日"]
    assert demo_rows[-1].new == "令和6年1月1日"


def test_filter_by_module_and_dates(qtbot: QtBot, demo_session: Session) -> None:
    demo_session.settings.update(show_seireki=True)
    dialog = make_dialog(qtbot, demo_session)
    total = dialog.model.rowCount()
    dialog.module.setCurrentIndex(dialog.module.findData("settings"))
    assert dialog.proxy.rowCount() == 1
    assert dialog.proxy.visible_rows()[0].new == "する"
    dialog.module.setCurrentIndex(0)
    assert dialog.proxy.rowCount() == total
    dialog.end.line.setText("R6.1.1")  # before any change was made
    assert dialog.proxy.rowCount() == 0
    assert "0件を表示" in dialog.count.text()
    assert not dialog.export_button.isEnabled()
    dialog.end.line.setText("令和元年4月1日")
    assert "令和は2019年5月1日から" in dialog.filter_error.text()
    dialog.end.line.setText(date.today().isoformat())
    assert dialog.proxy.rowCount() == total


def test_export_writes_the_visible_rows_as_excel_csv(
    qtbot: QtBot, demo_session: Session, tmp_path: Path, dialogs: DialogRecorder
) -> None:
    demo_session.settings.update(show_seireki=True)
    dialog = make_dialog(qtbot, demo_session)
    dialog.module.setCurrentIndex(dialog.module.findData("settings"))
    out = tmp_path / "履歴.csv"
    dialog.export_to(out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens UTF-8 correctly
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["日時", "変更者", "区分", "操作", "項目", "変更前", "変更後"]
    assert rows[1][2:] == ["設定", "変更", "和暦に西暦を併記する", "しない", "する"]
    assert len(rows) == 2
    assert "1件の変更履歴を保存しました" in dialogs.infos[-1]


def test_export_to_an_unwritable_place_explains(
    qtbot: QtBot, demo_session: Session, tmp_path: Path, dialogs: DialogRecorder
) -> None:
    dialog = make_dialog(qtbot, demo_session)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    dialog.export_to(blocker / "sub" / "out.csv")  # a folder cannot be made inside a file
    assert "保存できませんでした" in dialogs.errors[-1] or "書き込めません" in dialogs.errors[-1]
    assert not list(tmp_path.glob("**/*.tmp"))
