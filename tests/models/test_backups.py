"""Backups beside the database: what they hold, how many are kept, and restoring from them."""

from __future__ import annotations

import errno
import os
import resource
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils

from models import fileio
from models.demo import create_demo
from models.errors import NewerSchemaError, StorageError
from models.store import backups, database
from models.store.backups import (
    BACKUP_DIR_NAME,
    REASON_LABELS,
    BackupInfo,
    backup_dir,
    create_backup,
    damaged_copies,
    list_backups,
    needs_daily_backup,
    newest_good_backup,
    prune_backups,
    restore_backup,
    verify_backup,
)
from models.store.database import APPLICATION_ID, LATEST_SCHEMA_VERSION, Store
from models.store.migrations import MIGRATIONS
from models.store.settings_repository import SettingsRepository
from models.store.town_repository import TownRepository
from models.usecases.backup import automatic_backup
from tests.support import pragma

# -- helpers ----------------------------------------------------------------------------


class Clock:
    """Stands in for the wall clock the backup names are stamped with."""

    def __init__(self) -> None:
        self.now = datetime(2024, 4, 1, 9, 0, 0)

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    state = Clock()

    class FrozenDatetime(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> FrozenDatetime:  # type: ignore[override]
            return cls.fromisoformat(state.now.isoformat())

    monkeypatch.setattr(backups, "datetime", FrozenDatetime)
    return state


@pytest.fixture
def town(db_file: Path) -> Iterator[Store]:
    """The demo town (みどり町) in a database file."""
    s = Store.open(db_file)
    create_demo(s)
    yield s
    s.close()


def rename(store: Store, name: str) -> None:
    TownRepository(store).update({"name": name})


def town_name(path: Path) -> str:
    """The town's name in a database or backup file, read without changing the file."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return str(conn.execute("SELECT name FROM town_profile WHERE id = 1").fetchone()[0])
    finally:
        conn.close()


def names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def reopen_name(db_file: Path) -> str:
    s = Store.open(db_file)
    try:
        return TownRepository(s).identity()[0]
    finally:
        s.close()


# -- creating ---------------------------------------------------------------------------


def test_a_backup_holds_the_towns_data_in_one_self_contained_file(town: Store, db_file: Path) -> None:
    info = create_backup(town, "manual")

    assert info.path.parent == db_file.parent / BACKUP_DIR_NAME == backup_dir(db_file)
    assert info.path.name.startswith("town-") and info.path.name.endswith("-manual.db")
    assert town_name(info.path) == "みどり町"
    assert info.reason == "manual" and info.reason_label == "手動"
    assert info.size == info.path.stat().st_size > 0
    assert info.schema_version == LATEST_SCHEMA_VERSION
    assert pragma(info.path, "application_id") == APPLICATION_ID
    # A single file a user can copy: rollback-journal header, nothing beside it.
    assert info.path.read_bytes()[18:20] == b"\x01\x01"
    assert names(info.path.parent) == {info.path.name}
    assert abs(info.created_at - datetime.now()) < timedelta(minutes=1)


def test_a_backup_is_a_snapshot_later_edits_do_not_reach_it(town: Store) -> None:
    info = create_backup(town, "manual")
    rename(town, "あおば町")
    assert town_name(info.path) == "みどり町"
    assert TownRepository(town).identity()[0] == "あおば町"


def test_the_list_shows_every_backup_newest_first_with_size_and_version(
    town: Store, db_file: Path, clock: Clock
) -> None:
    made = []
    for reason in ("daily", "manual", "close"):
        made.append(create_backup(town, reason))
        clock.advance(hours=1)
    listed = list_backups(db_file)
    assert [b.path for b in listed] == [b.path for b in reversed(made)]
    assert [b.reason_label for b in listed] == ["終了時", "手動", "毎日（起動時）"]
    assert [b.created_at for b in listed] == [
        datetime(2024, 4, 1, 11),
        datetime(2024, 4, 1, 10),
        datetime(2024, 4, 1, 9),
    ]
    assert all(b.size == b.path.stat().st_size for b in listed)
    assert all(b.schema_version == LATEST_SCHEMA_VERSION for b in listed)
    assert listed == made[::-1]


def test_two_backups_in_the_same_second_are_both_kept_in_order(
    town: Store, db_file: Path, clock: Clock
) -> None:
    first = create_backup(town, "manual")
    rename(town, "あおば町")
    second = create_backup(town, "manual")
    third = create_backup(town, "close")

    assert len({first.path, second.path, third.path}) == 3
    assert first.created_at == second.created_at == third.created_at
    assert second.path.name == "town-20240401-090000-2-manual.db"
    assert third.path.name == "town-20240401-090000-3-close.db"
    assert [b.path for b in list_backups(db_file)] == [third.path, second.path, first.path]
    assert town_name(first.path) == "みどり町" and town_name(second.path) == "あおば町"


def test_rotation_keeps_the_configured_number_of_newest_generations(
    town: Store, db_file: Path, clock: Clock
) -> None:
    SettingsRepository(town).update(backup_generations=3)
    made = []
    for day in range(5):
        rename(town, f"{day}日目町")
        made.append(create_backup(town, "daily"))
        clock.advance(days=1)

    kept = list_backups(db_file)
    assert [b.path for b in kept] == [b.path for b in made[:1:-1]]  # days 4, 3, 2
    assert [town_name(b.path) for b in kept] == ["4日目町", "3日目町", "2日目町"]
    assert not made[0].path.exists() and not made[1].path.exists()


def test_an_explicit_keep_overrides_the_setting_and_prune_deletes_the_oldest(
    town: Store, db_file: Path, clock: Clock
) -> None:
    made = []
    for _ in range(4):
        made.append(create_backup(town, "manual", keep=10))
        clock.advance(minutes=5)
    assert len(list_backups(db_file)) == 4
    assert create_backup(town, "manual", keep=2).path.exists()
    assert [b.path for b in list_backups(db_file)] == [list_backups(db_file)[0].path, made[3].path]

    assert prune_backups(db_file, 1) == [made[3].path]
    assert len(list_backups(db_file)) == 1
    assert prune_backups(db_file, 1) == []


def test_unrelated_files_in_the_backups_folder_are_ignored_and_never_deleted(
    town: Store, db_file: Path, clock: Clock
) -> None:
    folder = backup_dir(db_file)
    folder.mkdir()
    strangers = {
        "notes.txt": b"memo",
        "other-20240101-120000-manual.db": b"another database's backup",
        "town-20240101-120000-manual.db.bak": b"x",
        "town-20240101-120000-unknown.db": b"x",
        "town-20241399-120000-manual.db": b"not a date",
        ".town-abc123.tmp": b"left by a crash",
        "town-20240101-120000-damaged.db": b"a damaged file put aside",
    }
    for name, content in strangers.items():
        (folder / name).write_bytes(content)
    (folder / "town-20240101-130000-manual.db").mkdir()  # a folder with a backup's name

    made = [create_backup(town, "manual", keep=1)]
    clock.advance(seconds=1)
    made.append(create_backup(town, "manual", keep=1))

    assert [b.path for b in list_backups(db_file)] == [made[1].path]
    for name, content in strangers.items():
        assert (folder / name).read_bytes() == content
    assert (folder / "town-20240101-130000-manual.db").is_dir()


def test_backups_of_two_databases_in_one_folder_are_listed_apart(tmp_path: Path, clock: Clock) -> None:
    stores = {name: Store.open(tmp_path / f"{name}.db") for name in ("town", "town2")}
    try:
        for s in stores.values():
            create_demo(s)
            create_backup(s, "manual", keep=1)
        clock.advance(seconds=1)
        create_backup(stores["town2"], "manual", keep=1)
    finally:
        for s in stores.values():
            s.close()
    assert [b.path.name for b in list_backups(tmp_path / "town.db")] == ["town-20240401-090000-manual.db"]
    assert [b.path.name for b in list_backups(tmp_path / "town2.db")] == ["town2-20240401-090001-manual.db"]


def test_needs_daily_backup_until_one_is_made_today(town: Store, db_file: Path, clock: Clock) -> None:
    today = clock.now.date()
    assert needs_daily_backup(db_file, today)  # no backups folder yet
    create_backup(town, "close")
    assert not needs_daily_backup(db_file, today)  # any reason counts
    assert needs_daily_backup(db_file, today + timedelta(days=1))
    assert needs_daily_backup(db_file, date(2024, 3, 31))


def test_a_store_opened_read_only_can_be_backed_up(town: Store, db_file: Path) -> None:
    rename(town, "あおば町")  # the other instance, still open, holds the writer lock
    readonly = Store.open(db_file, readonly=True)
    try:
        assert readonly.readonly
        info = create_backup(readonly, "close")
    finally:
        readonly.close()
    assert town_name(info.path) == "あおば町"
    assert list_backups(db_file) == [info]


def test_an_in_memory_store_cannot_be_backed_up() -> None:
    s = Store.memory()
    try:
        with pytest.raises(StorageError, match="バックアップできません"):
            create_backup(s, "manual")
        assert automatic_backup(s, "close") is None
    finally:
        s.close()


# -- automatic backups ------------------------------------------------------------------


def test_automatic_backups_skip_when_nothing_changed(town: Store, db_file: Path, clock: Clock) -> None:
    first = automatic_backup(town, "close")
    assert first is not None
    clock.advance(hours=2)
    assert automatic_backup(town, "close") == first  # opened and closed without editing
    assert len(list_backups(db_file)) == 1

    rename(town, "あおば町")
    second = automatic_backup(town, "close")
    assert second is not None and second != first
    assert town_name(second.path) == "あおば町"
    assert len(list_backups(db_file)) == 2

    # A manual backup is always made, even of unchanged data.
    assert create_backup(town, "manual").path not in (first.path, second.path)
    assert len(list_backups(db_file)) == 3


def test_the_daily_backup_is_made_once_a_day(town: Store, db_file: Path, clock: Clock) -> None:
    made = automatic_backup(town, "daily")
    assert made is not None and made.reason == "daily"
    rename(town, "あおば町")
    clock.advance(hours=3)
    assert automatic_backup(town, "daily") is None  # already done today
    clock.advance(days=1)
    again = automatic_backup(town, "daily")
    assert again is not None and town_name(again.path) == "あおば町"


# -- the backup before a migration ------------------------------------------------------


def test_the_backup_before_a_migration_is_listed_with_its_reason(
    town: Store, db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    town.close()

    def add_note(db: sqlite_utils.Database) -> None:
        db.execute("ALTER TABLE town_profile ADD COLUMN note TEXT NOT NULL DEFAULT ''")

    monkeypatch.setattr(database, "MIGRATIONS", (*MIGRATIONS, add_note))
    monkeypatch.setattr(database, "LATEST_SCHEMA_VERSION", LATEST_SCHEMA_VERSION + 1)
    upgraded = Store.open(db_file)
    try:
        assert upgraded.schema_version == LATEST_SCHEMA_VERSION + 1
        (info,) = list_backups(db_file)
        assert upgraded.migration_backup == info.path
    finally:
        upgraded.close()
    assert info.reason == "migration" and info.reason_label == "データ形式の更新前"
    assert info.schema_version == LATEST_SCHEMA_VERSION  # the old version, before the update
    assert town_name(info.path) == "みどり町"
    assert verify_backup(info.path) == LATEST_SCHEMA_VERSION


# -- checking ---------------------------------------------------------------------------


def _damage_page(path: Path) -> None:
    """Overwrite the header of the second page (a b-tree page) with garbage."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page : page + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _garble_version(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[60] ^= 0xFF  # user_version becomes negative
    path.write_bytes(bytes(data))


def _damage_index(path: Path) -> None:
    """Change one letter of a key in an index page: the file still reads, but the index and
    its table disagree (found by integrity_check, not by reading)."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    root = _root_page(path, "sqlite_autoindex_meta_1")
    start = (root - 1) * page
    at = data.index(b"is_sample", start, start + page)
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


def _root_page(path: Path, name: str) -> int:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0])
    finally:
        conn.close()


DAMAGES: dict[str, Callable[[Path], None]] = {
    "damaged page": _damage_page,
    "index out of step": _damage_index,
    "truncated": _truncate,
    "garbled header": _garble_version,
}


def test_verify_returns_the_data_version_of_a_good_backup(town: Store) -> None:
    info = create_backup(town, "manual")
    before = info.path.read_bytes()
    assert verify_backup(info.path) == LATEST_SCHEMA_VERSION
    assert info.path.read_bytes() == before
    assert names(info.path.parent) == {info.path.name}  # no -wal/-shm left by checking


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_verify_refuses_a_damaged_backup(town: Store, damage: Callable[[Path], None]) -> None:
    info = create_backup(town, "manual")
    damage(info.path)
    with pytest.raises(StorageError, match="壊れている"):
        verify_backup(info.path)


def test_verify_reads_a_copied_live_database_without_leaving_files_beside_it(
    town: Store, db_file: Path, tmp_path: Path
) -> None:
    town.close()
    copy = tmp_path / "usb" / "town.db"
    copy.parent.mkdir()
    copy.write_bytes(db_file.read_bytes())  # a WAL-mode file, copied without its -wal
    assert copy.read_bytes()[18:20] == b"\x02\x02"
    assert verify_backup(copy) == LATEST_SCHEMA_VERSION
    assert names(copy.parent) == {"town.db"}
    assert restore_backup(db_file, copy) is not None
    assert names(copy.parent) == {"town.db"}


def test_verify_refuses_files_that_are_not_our_backups(tmp_path: Path) -> None:
    text = tmp_path / "memo.db"
    text.write_text("会議メモ", encoding="utf-8")
    with pytest.raises(StorageError, match="バックアップ（SQLite）ではありません"):
        verify_backup(text)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="まちDX台帳のバックアップではありません"):
        verify_backup(other)
    with pytest.raises(StorageError, match="見つかりません"):
        verify_backup(tmp_path / "missing.db")


def test_newest_good_backup_skips_damaged_ones(town: Store, db_file: Path, clock: Clock) -> None:
    assert newest_good_backup(db_file) is None
    good = create_backup(town, "manual")
    clock.advance(minutes=1)
    bad = create_backup(town, "close")
    _damage_page(bad.path)
    assert list_backups(db_file)[0].path == bad.path
    assert newest_good_backup(db_file) == list_backups(db_file)[1] == good


# -- restoring --------------------------------------------------------------------------


def test_restore_brings_back_the_old_data_and_can_itself_be_undone(
    town: Store, db_file: Path, clock: Clock
) -> None:
    old = create_backup(town, "manual")
    rename(town, "あおば町")
    town.close()
    clock.advance(minutes=1)

    undo = restore_backup(db_file, old.path)

    assert reopen_name(db_file) == "みどり町"
    assert undo is not None and undo.reason == "restore" and undo.reason_label == "復元前"
    assert town_name(undo.path) == "あおば町"  # the state just before the restore
    assert old.path.exists()  # the backup restored from is still there

    clock.advance(minutes=1)
    again = restore_backup(db_file, undo.path)
    assert reopen_name(db_file) == "あおば町"
    assert again is not None and town_name(again.path) == "みどり町"


def test_the_restored_file_opens_clean_and_keeps_working(town: Store, db_file: Path) -> None:
    old = create_backup(town, "manual")
    town.close()
    restore_backup(db_file, old.path)
    s = Store.open(db_file)
    try:
        rename(s, "さくら町")
        assert s.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        s.close()
    assert reopen_name(db_file) == "さくら町"


def test_restore_ignores_a_stale_wal_of_the_replaced_file_but_backs_it_up(
    town: Store, db_file: Path, tmp_path: Path
) -> None:
    old = create_backup(town, "manual")
    town.close()
    # A crash left the latest edit only in the -wal file beside the database.
    conn = sqlite3.connect(db_file, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE town_profile SET name = 'WALだけの町'")
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal"):
        (crashed / f"town.db{suffix}").write_bytes(Path(f"{db_file}{suffix}").read_bytes())
    conn.close()
    target = crashed / "town.db"
    assert Path(f"{target}-wal").stat().st_size > 0

    undo = restore_backup(target, old.path)

    assert undo is not None and town_name(undo.path) == "WALだけの町"  # the edit was saved first
    assert not Path(f"{target}-wal").exists()
    assert reopen_name(target) == "みどり町"


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_backup_is_refused_and_nothing_changes(
    town: Store, db_file: Path, damage: Callable[[Path], None]
) -> None:
    old = create_backup(town, "manual")
    rename(town, "あおば町")
    town.close()
    damage(old.path)
    before = {p.name: p.read_bytes() for p in db_file.parent.rglob("*") if p.is_file()}

    with pytest.raises(StorageError, match="壊れている"):
        restore_backup(db_file, old.path)

    assert {p.name: p.read_bytes() for p in db_file.parent.rglob("*") if p.is_file()} == before
    assert reopen_name(db_file) == "あおば町"


def test_a_backup_from_a_newer_app_is_refused_and_nothing_changes(town: Store, db_file: Path) -> None:
    newer = create_backup(town, "manual")
    conn = sqlite3.connect(newer.path)
    conn.execute(f"PRAGMA user_version = {LATEST_SCHEMA_VERSION + 1}")
    conn.close()
    town.close()
    before = db_file.read_bytes()
    with pytest.raises(NewerSchemaError, match="新しい版") as info:
        restore_backup(db_file, newer.path)
    assert "アプリを更新" in info.value.user_message
    assert db_file.read_bytes() == before
    assert [b.path for b in list_backups(db_file)] == [newer.path]


def test_another_apps_file_is_refused_as_a_backup(town: Store, db_file: Path, tmp_path: Path) -> None:
    town.close()
    other = tmp_path / "customers.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.commit()
    conn.close()
    before = db_file.read_bytes()
    with pytest.raises(StorageError, match="まちDX台帳のバックアップではありません"):
        restore_backup(db_file, other)
    assert db_file.read_bytes() == before


@pytest.mark.parametrize(
    "damage",
    [_damage_page, _truncate, lambda p: p.write_text("壊れた", "utf-8"), lambda p: p.write_bytes(b"")],
    ids=["damaged page", "truncated", "text", "empty"],
)
def test_a_damaged_current_database_is_put_aside_not_lost(
    town: Store, db_file: Path, damage: Callable[[Path], None]
) -> None:
    old = create_backup(town, "manual")
    town.close()
    damage(db_file)
    broken = db_file.read_bytes()

    assert restore_backup(db_file, old.path) is None

    (copy,) = damaged_copies(db_file)
    assert copy.parent == backup_dir(db_file) and copy.name.endswith("-damaged.db")
    assert copy.read_bytes() == broken
    assert reopen_name(db_file) == "みどり町"
    assert [b.path for b in list_backups(db_file)] == [old.path]  # the copy is not a generation


def test_a_damaged_database_with_a_wal_is_put_aside_with_it_and_the_wal_not_replayed(
    town: Store, db_file: Path, tmp_path: Path
) -> None:
    old = create_backup(town, "manual")
    town.close()
    conn = sqlite3.connect(db_file, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE town_profile SET name = 'WALだけの町'")
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal"):
        (crashed / f"town.db{suffix}").write_bytes(Path(f"{db_file}{suffix}").read_bytes())
    conn.close()
    target = crashed / "town.db"
    _damage_page(target)
    wal = Path(f"{target}-wal").read_bytes()

    assert restore_backup(target, old.path) is None

    (copy,) = damaged_copies(target)
    assert Path(f"{copy}-wal").read_bytes() == wal  # the latest edits are kept with the file
    assert not Path(f"{target}-wal").exists()
    assert reopen_name(target) == "みどり町"  # not 'WALだけの町' replayed from the old -wal


def test_restore_never_overwrites_another_apps_database(town: Store, db_file: Path, tmp_path: Path) -> None:
    old = create_backup(town, "manual")
    town.close()
    target = tmp_path / "ledger" / "accounts.db"
    target.parent.mkdir()
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE accounts (id INTEGER, amount INTEGER)")
    conn.execute("INSERT INTO accounts VALUES (1, 500)")
    conn.commit()
    conn.close()
    before = target.read_bytes()
    with pytest.raises(StorageError, match="上書きはしません"):
        restore_backup(target, old.path)
    assert target.read_bytes() == before
    assert names(target.parent) - {BACKUP_DIR_NAME} == {"accounts.db"}
    assert _no_temp_files(target.parent)


def test_a_damaged_database_that_cannot_be_put_aside_is_left_alone(
    town: Store, db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = create_backup(town, "manual")
    town.close()
    _damage_page(db_file)
    broken = db_file.read_bytes()

    def full(src: Any, dst: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backups.os, "replace", full)
    with pytest.raises(StorageError, match="空き容量が不足"):
        restore_backup(db_file, old.path)
    assert db_file.read_bytes() == broken
    assert damaged_copies(db_file) == []
    assert _no_temp_files(db_file.parent)


def test_restore_into_a_missing_file_creates_it(town: Store, tmp_path: Path) -> None:
    old = create_backup(town, "manual")
    target = tmp_path / "new-pc" / "town.db"
    assert restore_backup(target, old.path) is None
    assert reopen_name(target) == "みどり町"


def test_restore_never_prunes_the_backup_being_restored(town: Store, db_file: Path, clock: Clock) -> None:
    oldest = create_backup(town, "manual", keep=2)
    rename(town, "あおば町")
    clock.advance(minutes=1)
    create_backup(town, "manual", keep=2)
    town.close()
    clock.advance(minutes=1)

    undo = restore_backup(db_file, oldest.path, keep=2)

    assert undo is not None
    assert oldest.path.exists()
    assert reopen_name(db_file) == "みどり町"


def test_a_database_cannot_be_restored_from_itself(town: Store, db_file: Path) -> None:
    town.close()
    with pytest.raises(StorageError, match="同じファイル"):
        restore_backup(db_file, db_file)


def test_every_reason_has_a_japanese_label(town: Store) -> None:
    for reason in REASON_LABELS:
        info = create_backup(town, reason)
        assert info.reason == reason and info.reason_label == REASON_LABELS[reason]
    with pytest.raises(ValueError):
        create_backup(town, "backup before lunch")


# -- full disks and read-only folders ---------------------------------------------------


def _no_temp_files(folder: Path) -> bool:
    return not [
        p for p in folder.rglob("*") if p.name.startswith(".") or p.name.endswith((".tmp", "-journal"))
    ]


@pytest.mark.parametrize(
    ("code", "message"),
    [(errno.ENOSPC, "空き容量が不足"), (errno.EROFS, "書き込めない"), (errno.EACCES, "書き込めない")],
)
def test_a_failed_rename_leaves_no_partial_backup(
    town: Store, db_file: Path, monkeypatch: pytest.MonkeyPatch, code: int, message: str
) -> None:
    earlier = create_backup(town, "manual")

    def refuse(src: Any, dst: Any) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(backups.os, "replace", refuse)
    with pytest.raises(StorageError) as info:
        create_backup(town, "manual")
    assert message in info.value.user_message
    assert "バックアップを作成できませんでした" in info.value.user_message
    assert names(backup_dir(db_file)) == {earlier.path.name}


def test_a_read_only_backups_folder_gives_a_clear_message(
    town: Store, db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(fileio.tempfile, "mkstemp", read_only)
    with pytest.raises(StorageError) as info:
        create_backup(town, "manual")
    assert "読み取り専用" in info.value.user_message
    assert str(backup_dir(db_file)) in info.value.user_message
    assert list_backups(db_file) == []
    assert _no_temp_files(db_file.parent)


def test_a_disk_that_fills_up_during_the_copy_leaves_no_partial_file(town: Store, db_file: Path) -> None:
    """A real write failure: the file size limit makes the kernel refuse SQLite's writes."""
    folder = backup_dir(db_file)
    folder.mkdir()
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    import signal

    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))
    try:
        with pytest.raises(StorageError) as info:
            create_backup(town, "manual")
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    assert "できませんでした" in info.value.user_message
    assert names(folder) == set()
    assert reopen_name(db_file) == "みどり町"  # the database itself is untouched


def test_a_restore_that_cannot_write_changes_nothing(
    town: Store, db_file: Path, monkeypatch: pytest.MonkeyPatch, clock: Clock
) -> None:
    old = create_backup(town, "manual")
    rename(town, "あおば町")
    town.close()
    before = db_file.read_bytes()
    real_replace = os.replace

    def full_for_the_database(src: Any, dst: Any) -> None:
        if Path(dst) == db_file:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(backups.os, "replace", full_for_the_database)
    with pytest.raises(StorageError, match="空き容量が不足しているため、復元できませんでした"):
        restore_backup(db_file, old.path)
    assert db_file.read_bytes() == before
    assert reopen_name(db_file) == "あおば町"
    assert _no_temp_files(db_file.parent)


def test_an_old_backup_that_cannot_be_deleted_does_not_stop_a_new_one(
    town: Store, db_file: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    stuck = create_backup(town, "manual")
    clock.advance(minutes=1)
    real_unlink = Path.unlink

    def in_use(self: Path, missing_ok: bool = False) -> None:
        if self == stuck.path:
            raise PermissionError(errno.EACCES, "in use by the virus scanner")
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", in_use)
    newer = create_backup(town, "manual", keep=1)
    assert newer.path.exists() and stuck.path.exists()
    monkeypatch.setattr(Path, "unlink", real_unlink)
    assert prune_backups(db_file, 1) == [stuck.path]


def test_temp_files_use_names_the_list_never_shows(town: Store, db_file: Path) -> None:
    created: list[str] = []
    real = tempfile.mkstemp

    def spy(*args: Any, **kwargs: Any) -> tuple[int, str]:
        fd, name = real(*args, **kwargs)
        created.append(name)
        return fd, name

    original = fileio.tempfile.mkstemp
    fileio.tempfile.mkstemp = spy  # type: ignore[assignment]
    try:
        info = create_backup(town, "manual")
    finally:
        fileio.tempfile.mkstemp = original  # type: ignore[assignment]
    (name,) = created
    assert Path(name).parent == backup_dir(db_file)
    assert Path(name).name.startswith(".")
    assert not Path(name).exists()
    assert list_backups(db_file) == [info]


def test_backup_info_is_a_plain_record(town: Store) -> None:
    info = create_backup(town, "manual")
    assert isinstance(info, BackupInfo)
    with pytest.raises(AttributeError):
        info.reason = "close"  # type: ignore[misc]
