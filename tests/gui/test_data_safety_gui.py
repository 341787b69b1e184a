"""Backups and restore from the list, the read-only banner, the hand-over dialogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from gui import startup
from gui.dialogs.backup_dialog import BackupDialog
from gui.dialogs.handover_dialogs import CreateHandoverDialog, OpenHandoverDialog
from gui.main_window import MainWindow
from gui.pages.town_page import TownPage
from gui.session import Session
from gui.tables.backup_table import BackupTableModel
from models.store import backups
from models.store.database import LATEST_SCHEMA_VERSION
from models.store.town_repository import TownRepository
from tests.support import DialogRecorder

PASSPHRASE = "みどり町の引き継ぎ2026"


def test_backup_model_passes_the_model_tester(qtmodeltester: object, demo_session: Session) -> None:
    backups.create_backup(demo_session.store, "manual")
    model = BackupTableModel()
    model.set_records(backups.list_backups(demo_session.store.path))  # type: ignore[arg-type]
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_backup_now_and_restore_from_the_list(
    qtbot: QtBot, window: MainWindow, dialogs: DialogRecorder, db_path: Path
) -> None:
    dialog = BackupDialog(window.session, window.restore_backup, window)
    qtbot.addWidget(dialog)
    dialog.backup_now()
    assert "バックアップを作成しました" in dialogs.infos[-1]
    first = dialog.model.record(0)
    assert first.reason_label == "手動"
    assert dialog.model.index(0, 3).data() == str(LATEST_SCHEMA_VERSION)
    window.session.town.update({"population": 20000})
    dialog.table.selectRow(0)
    dialog.restore_selected()  # the recorder answers yes
    assert "状態に復元します" in dialogs.questions[-1]
    assert TownRepository(window.session.store).load().population == 14872
    assert window.session.store.path == db_path
    kinds = [b.reason for b in backups.list_backups(db_path)]
    assert "restore" in kinds  # the state before the restore was kept, so it can be undone
    before_restore = next(b for b in backups.list_backups(db_path) if b.reason == "restore")
    assert window.restore_backup(before_restore.path)
    assert TownRepository(window.session.store).load().population == 20000


def test_backup_is_made_on_close(window: MainWindow, db_path: Path) -> None:
    window.close()
    assert [b.reason for b in backups.list_backups(db_path)] == ["close"]


def test_second_instance_is_read_only_with_a_banner(
    qtbot: QtBot, tmp_path: Path, dialogs: DialogRecorder
) -> None:
    path = tmp_path / "shared.db"
    first = startup.create_session(path, demo=True)
    assert first is not None and not first.readonly
    second = startup.open_session(path)
    assert second is not None
    try:
        assert second.readonly
        win = MainWindow(second)
        qtbot.addWidget(win)
        win.show()
        assert win.readonly_banner.isVisible()
        assert "読み取り専用（他の端末で使用中:" in win.readonly_banner.text()
        assert "［読み取り専用］" in win.windowTitle()
        page = win.page("town")
        assert isinstance(page, TownPage)
        assert not page.save_button.isEnabled()
        page.editors["name"].line.setText("別の町")  # type: ignore[attr-defined]
        assert page.save() is False
        assert TownRepository(first.store).load().name == "みどり町"
        win.close()
        assert backups.list_backups(path) == []  # a read-only instance never writes backups
    finally:
        second.close()
        first.close()


def test_after_the_first_instance_closes_the_file_opens_for_editing(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    first = startup.create_session(path, demo=False)
    assert first is not None
    first.close()
    again = startup.open_session(path)
    assert again is not None
    try:
        assert not again.readonly
    finally:
        again.close()


def test_hand_over_create_then_open_into_a_new_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, dialogs: DialogRecorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    create = CreateHandoverDialog(window.session, window)
    qtbot.addWidget(create)
    package = tmp_path / "引き継ぎ.machidx"
    create.out.setText(str(package))
    create.passphrase.setText(PASSPHRASE)
    create.confirm.setText(PASSPHRASE + "x")
    assert not create.create_button.isEnabled()
    assert "一致しません" in create.message.text()
    create.confirm.setText(PASSPHRASE)
    assert create.create_button.isEnabled()
    assert create.write_package() is not None
    assert package.exists()

    opener = OpenHandoverDialog(window.session, window)
    qtbot.addWidget(opener)
    opener.package.setText(str(package))
    opener.passphrase.setText("まちがい")
    assert opener.inspect() is None
    assert "パスワードが違います" in opener.message.text()
    opener.passphrase.setText(PASSPHRASE)
    manifest = opener.inspect()
    assert manifest is not None and manifest.town_name == "みどり町"
    assert "みどり町" in opener.summary.text()
    target = tmp_path / "successor.db"
    opener.new_file.setChecked(True)
    opener.target.setText(str(target))
    assert window.unpack_handover(opener)
    assert window.session.store.path == target
    assert TownRepository(window.session.store).load().lg_code == "039993"


def test_hand_over_replaces_the_current_data_after_a_backup(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, db_path: Path
) -> None:
    package = tmp_path / "p.machidx"
    from models.store import handover

    handover.create_package(window.session.store, package, PASSPHRASE)
    window.session.town.update({"population": 1000})
    opener = OpenHandoverDialog(window.session, window)
    qtbot.addWidget(opener)
    opener.package.setText(str(package))
    opener.passphrase.setText(PASSPHRASE)
    assert opener.inspect() is not None
    assert opener.replace_current.isChecked()
    assert window.unpack_handover(opener)
    assert TownRepository(window.session.store).load().population == 14872
    assert "handover" in [b.reason for b in backups.list_backups(db_path)]


def test_losing_the_lock_switches_the_window_to_read_only(
    qtbot: QtBot, tmp_path: Path, dialogs: DialogRecorder
) -> None:
    from models.store.lock import WriterLock

    path = tmp_path / "shared.db"
    session = startup.create_session(path, demo=True)
    assert session is not None and session.lock is not None
    win = MainWindow(session)
    qtbot.addWidget(win)
    other = WriterLock(path)
    other.take_over()  # another PC takes the file over
    try:
        session._refresh_lock()  # the next heartbeat notices
        assert "引き継ぎました" in dialogs.errors[-1]
        assert win.session.readonly
        assert win.readonly_banner.isVisibleTo(win)
        assert other.holder() is not None  # closing our old session did not remove their lock
        win.session.close()
    finally:
        other.release()
