"""The database file: creation, refusing files that are not ours, migrations, transactions."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlite_utils

from models.errors import DamagedDatabaseError, NewerSchemaError, StorageError
from models.store import database
from models.store.database import APPLICATION_ID, BACKUP_DIR_NAME, LATEST_SCHEMA_VERSION, Store
from models.store.migrations import MIGRATIONS
from tests.support import pragma


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in a folder with its bytes: proves nothing was written or created."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# -- creating and reopening -----------------------------------------------------------


def test_open_creates_a_wal_database_with_foreign_keys_and_the_latest_schema(db_file: Path) -> None:
    s = Store.open(db_file)
    try:
        assert db_file.is_file()
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert s.schema_version == LATEST_SCHEMA_VERSION
        assert s.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert {"meta", "settings", "audit_log", "town_profile"} <= set(s.db.table_names())
        assert s.migration_backup is None  # nothing to back up in a new file
    finally:
        s.close()
    # The marks are in the file itself, not only in the connection.
    assert pragma(db_file, "journal_mode") == "wal"
    assert pragma(db_file, "user_version") == LATEST_SCHEMA_VERSION
    assert pragma(db_file, "application_id") == APPLICATION_ID
    assert not (db_file.parent / BACKUP_DIR_NAME).exists()


def test_open_creates_missing_parent_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "town.db"
    Store.open(target).close()
    assert target.is_file()


def test_reopening_keeps_the_data(db_file: Path) -> None:
    s = Store.open(db_file)
    with s.atomic() as conn:
        conn.execute("INSERT INTO meta (key, value) VALUES ('k', 'みどり')")
    s.close()
    again = Store.open(db_file)
    try:
        assert again.conn.execute("SELECT value FROM meta WHERE key = 'k'").fetchone()[0] == "みどり"
        assert again.schema_version == LATEST_SCHEMA_VERSION
        assert again.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert again.migration_backup is None
    finally:
        again.close()


def test_an_existing_empty_file_is_refused_as_damaged_not_initialised(db_file: Path) -> None:
    """A 0-byte file where the user expected data (failed copy, sync) must not silently
    become an empty town; ``create`` only creates files that do not exist (see test_integrity)."""
    db_file.touch()
    before = _snapshot(db_file.parent)
    with pytest.raises(DamagedDatabaseError) as info:
        Store.open(db_file)
    assert "空です（0バイト）" in info.value.user_message
    assert _snapshot(db_file.parent) == before


def test_open_without_create_refuses_a_missing_file(db_file: Path) -> None:
    with pytest.raises(StorageError) as info:
        Store.open(db_file, create=False)
    assert "見つかりません" in info.value.user_message
    assert not db_file.exists()


def test_memory_store_has_the_schema() -> None:
    s = Store.memory()
    try:
        assert s.schema_version == LATEST_SCHEMA_VERSION
        assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert s.path is None
    finally:
        s.close()


# -- files that are not ours are never touched ------------------------------------------


def test_a_text_file_named_db_is_refused_and_left_alone(tmp_path: Path) -> None:
    notes = tmp_path / "memo.db"
    notes.write_text("これは議事録のメモです。\n" * 50, encoding="utf-8")
    before = _snapshot(tmp_path)
    with pytest.raises(StorageError) as info:
        Store.open(notes)
    message = info.value.user_message
    assert "データベース（SQLite）ではありません" in message
    assert "memo.db" in message
    assert _snapshot(tmp_path) == before


def test_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data.db"
    folder.mkdir()
    with pytest.raises(StorageError) as info:
        Store.open(folder)
    assert "フォルダ" in info.value.user_message


def test_another_apps_sqlite_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    other = tmp_path / "inventory.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO items (name) VALUES ('机')")
    conn.commit()
    conn.close()
    before = _snapshot(tmp_path)
    with pytest.raises(StorageError) as info:
        Store.open(other)
    assert "まちDX台帳のデータベースではありません" in info.value.user_message
    assert _snapshot(tmp_path) == before  # not even switched to WAL
    assert pragma(other, "journal_mode") == "delete"


def test_a_sqlite_file_with_a_foreign_application_id_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE t (a)")
    conn.commit()
    conn.close()
    before = _snapshot(tmp_path)
    with pytest.raises(StorageError):
        Store.open(other)
    assert _snapshot(tmp_path) == before


def test_a_truncated_database_is_refused(db_file: Path, tmp_path: Path) -> None:
    s = Store.open(db_file)
    with s.atomic() as conn:
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)", [(str(i), "x" * 500) for i in range(200)]
        )
    s.close()
    data = db_file.read_bytes()
    broken = tmp_path / "broken.db"
    broken.write_bytes(data[: len(data) // 3])
    with pytest.raises(StorageError) as info:
        Store.open(broken)
    assert "壊れ" in info.value.user_message


def _make_newer_file(path: Path) -> None:
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")  # as a newer app might have left it
    conn.execute(f"PRAGMA user_version = {LATEST_SCHEMA_VERSION + 5}")
    conn.close()
    assert pragma(path, "application_id") == APPLICATION_ID


@pytest.mark.parametrize("migrate", [True, False])
def test_a_file_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path, migrate: bool) -> None:
    newer = tmp_path / "newer.db"
    _make_newer_file(newer)
    before = _snapshot(tmp_path)
    with pytest.raises(NewerSchemaError) as info:
        Store.open(newer, migrate=migrate)
    message = info.value.user_message
    assert "新しい版のまちDX台帳" in message
    assert f"データの版 {LATEST_SCHEMA_VERSION + 5}" in message
    assert "アプリを更新" in message
    assert _snapshot(tmp_path) == before
    assert not (tmp_path / BACKUP_DIR_NAME).exists()


# -- a read-only data folder ------------------------------------------------------------


def _make_read_only(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 0o555, and when running as root (which ignores the bits) answer the
    permission check in models.store.database as the OS would for a normal user."""
    folder.chmod(0o555)
    real_access = os.access
    if not real_access(folder, os.W_OK):
        return

    def access(path: str | os.PathLike[str], mode: int, **kwargs: bool) -> bool:
        if mode & os.W_OK and Path(path).absolute() == folder.absolute():
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(database.os, "access", access)


@pytest.fixture
def data_folder(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "data"
    folder.mkdir()
    yield folder
    folder.chmod(0o755)  # let pytest clean up


def test_a_new_database_in_a_read_only_folder_is_refused(
    data_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _make_read_only(data_folder, monkeypatch)
    with pytest.raises(StorageError) as info:
        Store.open(data_folder / "town.db")
    message = info.value.user_message
    assert "権限" in message
    assert "データフォルダ" in message
    assert str(data_folder) in message
    assert list(data_folder.iterdir()) == []


def test_an_existing_database_in_a_read_only_folder_is_refused_untouched(
    data_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = data_folder / "town.db"
    Store.open(db).close()
    before = _snapshot(data_folder)
    _make_read_only(data_folder, monkeypatch)
    with pytest.raises(StorageError) as info:
        Store.open(db)
    assert "データフォルダに書き込む権限がありません" in info.value.user_message
    assert _snapshot(data_folder) == before


def test_a_read_only_database_file_is_refused(db_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open(db_file).close()
    db_file.chmod(0o444)
    real_access = os.access
    if real_access(db_file, os.W_OK):  # root
        monkeypatch.setattr(
            database.os,
            "access",
            lambda path, mode, **kw: False if Path(path) == db_file else real_access(path, mode, **kw),
        )
    try:
        with pytest.raises(StorageError) as info:
            Store.open(db_file)
        assert "書き込む権限がありません" in info.value.user_message
    finally:
        db_file.chmod(0o644)


# -- migrations -------------------------------------------------------------------------

NEW_VERSION = LATEST_SCHEMA_VERSION + 1


def _add_note_column(db: sqlite_utils.Database) -> None:
    db["town_profile"].add_column("note", str, not_null_default="")


def _add_then_fail(db: sqlite_utils.Database) -> None:
    db["town_profile"].add_column("note", str, not_null_default="")
    db.execute("UPDATE town_profile SET name = '書き換え'")
    raise RuntimeError("migration bug")


def _install_migration(
    monkeypatch: pytest.MonkeyPatch, migration: Callable[[sqlite_utils.Database], None]
) -> None:
    monkeypatch.setattr(database, "MIGRATIONS", (*MIGRATIONS, migration))
    monkeypatch.setattr(database, "LATEST_SCHEMA_VERSION", NEW_VERSION)


@pytest.fixture
def old_file(db_file: Path) -> Path:
    """A file at today's version holding a town; the test then pretends the app moved on."""
    s = Store.open(db_file)
    with s.atomic() as conn:
        conn.execute(
            "INSERT INTO town_profile (id, lg_code, name, kind) VALUES (1, '033227', '矢巾町', 'machi')"
        )
    s.close()
    return db_file


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


def test_migration_backs_up_the_old_file_then_upgrades_keeping_the_data(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install_migration(monkeypatch, _add_note_column)
    s = Store.open(old_file)
    try:
        assert s.schema_version == NEW_VERSION
        assert "note" in _columns(s.conn, "town_profile")
        assert s.conn.execute("SELECT name, note FROM town_profile").fetchone() == ("矢巾町", "")
        backup = s.migration_backup
        assert backup is not None
    finally:
        s.close()

    assert backup.parent == old_file.parent / BACKUP_DIR_NAME
    assert backup.name.startswith("town-") and backup.name.endswith("-migration.db")
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("SELECT lg_code, name FROM town_profile").fetchone() == ("033227", "矢巾町")
        assert "note" not in _columns(conn, "town_profile")
    finally:
        conn.close()

    # Opening the upgraded file again changes nothing and makes no new backup.
    again = Store.open(old_file)
    try:
        assert again.schema_version == NEW_VERSION
        assert again.migration_backup is None
    finally:
        again.close()
    assert list((old_file.parent / BACKUP_DIR_NAME).iterdir()) == [backup]


def test_a_failing_migration_rolls_back_completely(old_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _install_migration(monkeypatch, _add_then_fail)
    with pytest.raises(RuntimeError, match="migration bug"):
        Store.open(old_file)
    conn = sqlite3.connect(old_file)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_SCHEMA_VERSION
        assert "note" not in _columns(conn, "town_profile")
        assert conn.execute("SELECT name FROM town_profile").fetchone() == ("矢巾町",)
    finally:
        conn.close()
    # The backup taken before the attempt is there for the user.
    assert len(list((old_file.parent / BACKUP_DIR_NAME).iterdir())) == 1


def test_check_mode_leaves_an_older_file_alone(old_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _snapshot(old_file.parent)
    _install_migration(monkeypatch, _add_note_column)
    s = Store.open(old_file, migrate=False)
    try:
        assert s.schema_version == LATEST_SCHEMA_VERSION  # i.e. NEW_VERSION - 1
        assert "note" not in _columns(s.conn, "town_profile")
        assert s.migration_backup is None
    finally:
        s.close()
    assert _snapshot(old_file.parent) == before
    assert not (old_file.parent / BACKUP_DIR_NAME).exists()


def test_migrations_run_one_after_another(old_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def add_rank(db: sqlite_utils.Database) -> None:
        db.execute("ALTER TABLE town_profile ADD COLUMN rank INTEGER NOT NULL DEFAULT 3")

    monkeypatch.setattr(database, "MIGRATIONS", (*MIGRATIONS, _add_note_column, add_rank))
    monkeypatch.setattr(database, "LATEST_SCHEMA_VERSION", LATEST_SCHEMA_VERSION + 2)
    s = Store.open(old_file)
    try:
        assert s.schema_version == LATEST_SCHEMA_VERSION + 2
        assert s.conn.execute("SELECT name, note, rank FROM town_profile").fetchone() == ("矢巾町", "", 3)
    finally:
        s.close()
    (backup,) = (old_file.parent / BACKUP_DIR_NAME).iterdir()
    assert pragma(backup, "user_version") == LATEST_SCHEMA_VERSION


# -- transactions -------------------------------------------------------------------------


def _meta(s: Store) -> dict[str, str]:
    """The meta rows the test wrote (migration 3 seeds the procedure list's version)."""
    rows = s.conn.execute("SELECT key, value FROM meta WHERE key NOT LIKE 'procedures!_%' ESCAPE '!'")
    return dict(rows.fetchall())


def test_atomic_commits_on_success(store: Store, db_file: Path) -> None:
    with store.atomic() as conn:
        conn.execute("INSERT INTO meta VALUES ('a', '1')")
        conn.execute("INSERT INTO meta VALUES ('b', '2')")
    assert not store.conn.in_transaction
    other = sqlite3.connect(db_file)  # visible to another connection: really committed
    try:
        assert dict(other.execute("SELECT key, value FROM meta WHERE key IN ('a', 'b')").fetchall()) == {
            "a": "1",
            "b": "2",
        }
    finally:
        other.close()


def test_atomic_rolls_everything_back_on_an_exception(store: Store) -> None:
    with store.atomic() as conn:
        conn.execute("INSERT INTO meta VALUES ('kept', '1')")
    with pytest.raises(ValueError, match="halfway"), store.atomic() as conn:
        conn.execute("INSERT INTO meta VALUES ('a', '1')")
        conn.execute("UPDATE meta SET value = 'changed' WHERE key = 'kept'")
        raise ValueError("halfway")
    assert _meta(store) == {"kept": "1"}
    assert not store.conn.in_transaction


def test_atomic_rolls_back_when_the_database_refuses_a_row(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError), store.atomic() as conn:
        conn.execute("INSERT INTO meta VALUES ('a', '1')")
        conn.execute("INSERT INTO town_profile (id, population) VALUES (1, -5)")  # CHECK fails
    assert _meta(store) == {}
    assert store.conn.execute("SELECT COUNT(*) FROM town_profile").fetchone()[0] == 0


def test_nested_atomic_rolls_back_only_the_inner_part(store: Store) -> None:
    with store.atomic() as conn:
        conn.execute("INSERT INTO meta VALUES ('outer', '1')")
        with pytest.raises(KeyError), store.atomic() as inner:
            inner.execute("INSERT INTO meta VALUES ('inner', '1')")
            raise KeyError("inner")
        assert store.conn.in_transaction  # the outer transaction goes on
        conn.execute("INSERT INTO meta VALUES ('after', '1')")
    assert _meta(store) == {"outer": "1", "after": "1"}


def test_nested_atomic_commits_with_the_outer_one(store: Store) -> None:
    with pytest.raises(RuntimeError), store.atomic() as conn:
        conn.execute("INSERT INTO meta VALUES ('outer', '1')")
        with store.atomic() as inner:
            inner.execute("INSERT INTO meta VALUES ('inner', '1')")
        raise RuntimeError("outer fails after the inner part succeeded")
    assert _meta(store) == {}


def test_deeply_nested_savepoints(store: Store) -> None:
    with store.atomic() as conn:
        conn.execute("INSERT INTO meta VALUES ('1', 'a')")
        with store.atomic():
            conn.execute("INSERT INTO meta VALUES ('2', 'b')")
            with pytest.raises(ZeroDivisionError), store.atomic():
                conn.execute("INSERT INTO meta VALUES ('3', 'c')")
                _ = 1 / 0
            conn.execute("INSERT INTO meta VALUES ('4', 'd')")
    assert _meta(store) == {"1": "a", "2": "b", "4": "d"}
    # The store is usable afterwards, with fresh savepoint names.
    with store.atomic() as conn, store.atomic():
        conn.execute("INSERT INTO meta VALUES ('5', 'e')")
    assert "5" in _meta(store)


def test_a_locked_database_gives_a_japanese_message(db_file: Path) -> None:
    s = Store.open(db_file)
    s.conn.execute("PRAGMA busy_timeout = 0")
    other = sqlite3.connect(db_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StorageError) as info, s.atomic():
            pass
        assert "使用中" in info.value.user_message
    finally:
        other.execute("ROLLBACK")
        other.close()
        s.close()


def test_backup_to_copies_the_whole_database(store: Store, tmp_path: Path) -> None:
    with store.atomic() as conn:
        conn.execute("INSERT INTO meta VALUES ('k', 'v')")
    target = store.backup_to(tmp_path / "copies" / "copy.db")
    assert target.is_file()
    copy = Store.open(target)
    try:
        assert _meta(copy) == {"k": "v"}
    finally:
        copy.close()
