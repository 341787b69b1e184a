"""``main.py backup`` and ``main.py restore`` as a user runs them from a command prompt."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from models.store.database import LATEST_SCHEMA_VERSION
from models.store.lock import WriterLock
from tests.e2e.test_cli import _assert_clean_error, run_main, run_python


def _demo(db: Path) -> None:
    result = run_main("demo", "--db", str(db))
    assert result.returncode == 0, result.stderr


def _rename(db: Path, name: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute("UPDATE town_profile SET name = ?", (name,))
    conn.commit()
    conn.close()


def _name(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return str(conn.execute("SELECT name FROM town_profile").fetchone()[0])
    finally:
        conn.close()


def _backup(db: Path) -> Path:
    result = run_main("backup", "--db", str(db))
    assert result.returncode == 0, result.stderr
    match = re.search(r"バックアップを作成しました：(.+?)（", result.stdout)
    assert match, result.stdout
    return Path(match.group(1))


def test_backup_reports_the_file_its_size_and_the_generations(tmp_path: Path) -> None:
    db = tmp_path / "town.db"
    _demo(db)
    before = db.read_bytes()

    result = run_main("backup", "--db", str(db))

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    first, second = result.stdout.splitlines()
    match = re.fullmatch(r"バックアップを作成しました：(.+)（([\d.,]+) KB、データの版 (\d+)）", first)
    assert match, first
    backup = Path(match.group(1))
    assert backup.parent == tmp_path / "backups" and backup.name.endswith("-manual.db")
    assert float(match.group(2)) == round(backup.stat().st_size / 1024, 1)
    assert int(match.group(3)) == LATEST_SCHEMA_VERSION
    assert second == "保存しているバックアップ：1件（最大14世代）"
    assert _name(backup) == "みどり町"
    assert db.read_bytes() == before  # backing up does not change the database

    again = run_main("backup", "--db", str(db))
    assert "保存しているバックアップ：2件（最大14世代）" in again.stdout.splitlines()


def test_restore_brings_back_the_backup_and_says_how_to_undo_it(tmp_path: Path) -> None:
    db = tmp_path / "town.db"
    _demo(db)
    backup = _backup(db)
    _rename(db, "あおば町")

    result = run_main("restore", "--db", str(db), "--from", str(backup))

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"復元しました：{db}"
    assert lines[1] == f"復元したバックアップ：{backup}（データの版 {LATEST_SCHEMA_VERSION}）"
    saved = re.fullmatch(r"復元前の状態をバックアップしました：(.+)", lines[2])
    assert saved, lines
    undo = Path(saved.group(1))
    assert undo.name.endswith("-restore.db")
    assert lines[3] == f"元に戻すには：main.py restore --db {db} --from {undo}"
    assert _name(db) == "みどり町"
    assert _name(undo) == "あおば町"

    # The printed undo command really undoes the restore.
    undone = run_main("restore", "--db", str(db), "--from", str(undo))
    assert undone.returncode == 0, undone.stderr
    assert _name(db) == "あおば町"
    checked = run_main("check", "--db", str(db))
    assert "整合性：正常" in checked.stdout.splitlines()


def test_restore_puts_a_damaged_database_aside(tmp_path: Path) -> None:
    db = tmp_path / "town.db"
    _demo(db)
    backup = _backup(db)
    db.write_bytes(db.read_bytes()[:5000])  # truncated, e.g. by a failing USB stick
    broken = db.read_bytes()

    result = run_main("restore", "--db", str(db), "--from", str(backup))

    assert result.returncode == 0, result.stderr
    saved = re.search(r"壊れていたため、そのままの内容を保存しました：(.+)", result.stdout)
    assert saved, result.stdout
    assert Path(saved.group(1)).read_bytes() == broken
    assert _name(db) == "みどり町"


def test_restore_onto_a_new_computer_creates_the_database(tmp_path: Path) -> None:
    db = tmp_path / "town.db"
    _demo(db)
    backup = _backup(db)
    target = tmp_path / "new-pc" / "data" / "town.db"
    result = run_main("restore", "--db", str(target), "--from", str(backup))
    assert result.returncode == 0, result.stderr
    assert "新しく作成しました" in result.stdout
    assert _name(target) == "みどり町"


def test_backup_of_a_missing_database_fails_cleanly(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    message = _assert_clean_error(run_main("backup", "--db", str(missing)))
    assert "見つかりません" in message
    assert not missing.exists()
    assert not (tmp_path / "backups").exists()


def test_backup_of_a_damaged_database_fails_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "town.db"
    _demo(db)
    db.write_bytes(db.read_bytes()[:5000])
    message = _assert_clean_error(run_main("backup", "--db", str(db)))
    assert "壊れています" in message


def test_restore_from_a_missing_backup_fails_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "town.db"
    _demo(db)
    before = db.read_bytes()
    message = _assert_clean_error(
        run_main("restore", "--db", str(db), "--from", str(tmp_path / "backups" / "nothing.db"))
    )
    assert "バックアップファイルが見つかりません" in message
    assert db.read_bytes() == before


def test_restore_from_a_damaged_backup_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "town.db"
    _demo(db)
    backup = _backup(db)
    data = backup.read_bytes()
    backup.write_bytes(data[: len(data) // 2])
    _rename(db, "あおば町")
    before = db.read_bytes()
    files = sorted(p.name for p in tmp_path.rglob("*"))

    message = _assert_clean_error(run_main("restore", "--db", str(db), "--from", str(backup)))

    assert "壊れている" in message
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.rglob("*")) == files


def test_restore_from_a_newer_apps_backup_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "town.db"
    _demo(db)
    backup = _backup(db)
    conn = sqlite3.connect(backup)
    conn.execute(f"PRAGMA user_version = {LATEST_SCHEMA_VERSION + 3}")
    conn.close()
    before = db.read_bytes()
    message = _assert_clean_error(run_main("restore", "--db", str(db), "--from", str(backup)))
    assert "新しい版" in message and "アプリを更新" in message
    assert db.read_bytes() == before


def test_restore_from_a_file_that_is_not_a_backup_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "town.db"
    _demo(db)
    memo = tmp_path / "memo.txt"
    memo.write_text("会議メモ", encoding="utf-8")
    before = db.read_bytes()
    message = _assert_clean_error(run_main("restore", "--db", str(db), "--from", str(memo)))
    assert "ではありません" in message
    assert db.read_bytes() == before


def test_restore_needs_both_arguments() -> None:
    result = run_main("restore", "--db", "town.db")
    assert result.returncode == 2
    assert "--from" in result.stderr
    assert "Traceback" not in result.stderr


def test_restore_is_refused_while_another_instance_edits_the_file(tmp_path: Path) -> None:
    db = tmp_path / "town.db"
    _demo(db)
    backup = _backup(db)
    _rename(db, "あおば町")
    before = db.read_bytes()
    lock = WriterLock(db)
    assert lock.acquire() is None  # this test process plays the window that has the file open
    try:
        message = _assert_clean_error(run_main("restore", "--db", str(db), "--from", str(backup)))
        assert "使用中のため復元できません" in message
        assert db.read_bytes() == before
        # A backup only reads, so it still works meanwhile.
        assert run_main("backup", "--db", str(db)).returncode == 0
    finally:
        lock.release()
    assert _name(db) == "あおば町"


def test_restore_takes_over_the_lock_of_a_crashed_instance(tmp_path: Path) -> None:
    db = tmp_path / "town.db"
    _demo(db)
    backup = _backup(db)
    _rename(db, "あおば町")
    crashed = run_python(
        f"""
        import os
        from pathlib import Path
        from models.store.lock import WriterLock

        assert WriterLock(Path({str(db)!r})).acquire() is None
        os._exit(0)  # dies holding the lock
        """
    )
    assert crashed.returncode == 0, crashed.stderr
    assert Path(f"{db}.lock").exists()

    result = run_main("restore", "--db", str(db), "--from", str(backup))

    assert result.returncode == 0, result.stderr
    assert _name(db) == "みどり町"
    assert not Path(f"{db}.lock").exists()
