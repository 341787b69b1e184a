"""Integrity on open: damaged, truncated, empty or foreign files give a DamagedDatabaseError
(the GUI then offers the newest good backup) — never a crash, never a silent empty town —
and are left exactly as they were."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from models.errors import DamagedDatabaseError, NewerSchemaError, StorageError
from models.store import database
from models.store.database import Store
from models.store.town_repository import TownRepository
from models.town import TownProfile

PAGE = 4096


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def full_file(db_file: Path) -> Path:
    """A closed (checkpointed) database with a town and a few hundred rows over many pages."""
    s = Store.open(db_file)
    try:
        TownRepository(s).replace_all(TownProfile(lg_code="033227", name="矢巾町", kind="machi"))
        with s.atomic() as conn:
            conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)", [(f"k{i}", "データ" * 150) for i in range(300)]
            )
    finally:
        s.close()
    assert db_file.stat().st_size > 40 * PAGE
    return db_file


def _open_all_ways(path: Path) -> list[BaseException]:
    """Open normally, without create, for check and read-only; collect what each raised."""
    raised: list[BaseException] = []
    for kwargs in ({}, {"create": False}, {"migrate": False}, {"readonly": True}):
        try:
            Store.open(path, **kwargs).close()  # type: ignore[arg-type]
        except Exception as exc:  # collected and checked by the caller
            raised.append(exc)
        else:
            raised.append(AssertionError(f"opened with {kwargs}"))
    return raised


def _assert_damaged(path: Path, *words: str) -> None:
    before = _snapshot(path.parent)
    for exc in _open_all_ways(path):
        assert isinstance(exc, DamagedDatabaseError), repr(exc)
        for word in words:
            assert word in exc.user_message
    after = _snapshot(path.parent)
    assert {k: v for k, v in after.items() if not k.endswith(("-wal", "-shm"))} == before


# -- empty files ------------------------------------------------------------------------------


def test_an_existing_zero_byte_file_is_damaged_never_an_empty_town(db_file: Path) -> None:
    db_file.touch()
    _assert_damaged(db_file, "空です（0バイト）", db_file.name)
    assert db_file.stat().st_size == 0  # still the user's file, not initialised


def test_a_zero_byte_file_with_a_wal_beside_it_is_damaged_too(db_file: Path) -> None:
    db_file.touch()
    Path(f"{db_file}-wal").write_bytes(b"\x37\x7f\x06\x82" + bytes(4000))
    with pytest.raises(DamagedDatabaseError, match="0バイト"):
        Store.open(db_file)
    assert db_file.stat().st_size == 0


def test_a_missing_file_is_still_created(db_file: Path) -> None:
    Store.open(db_file).close()
    assert db_file.stat().st_size > 0


# -- truncated and garbled files ------------------------------------------------------------------


@pytest.mark.parametrize("keep", [0.1, 1 / 3, 0.5, 0.9])
def test_a_truncated_file_is_damaged(full_file: Path, keep: float) -> None:
    data = full_file.read_bytes()
    full_file.write_bytes(data[: int(len(data) * keep)])
    _assert_damaged(full_file, "壊れ")


@pytest.mark.parametrize("cut", [20, 99, 100, PAGE - 1])
def test_a_file_cut_inside_the_first_page_is_damaged(full_file: Path, cut: int) -> None:
    full_file.write_bytes(full_file.read_bytes()[:cut])
    _assert_damaged(full_file)


@pytest.mark.parametrize("seed", range(6))
def test_garbage_in_the_middle_of_pages_is_damaged(full_file: Path, seed: int) -> None:
    rng = random.Random(seed)
    data = bytearray(full_file.read_bytes())
    pages = len(data) // PAGE
    for page in rng.sample(range(2, pages), 3):  # b-tree pages past the schema page
        start = page * PAGE + rng.randrange(0, PAGE // 2)
        data[start : start + 512] = rng.randbytes(512)
        data[page * PAGE : page * PAGE + 8] = rng.randbytes(8)  # and the page header
    full_file.write_bytes(bytes(data))
    _assert_damaged(full_file, "壊れ")


def test_garbage_over_the_schema_page_is_damaged(full_file: Path) -> None:
    data = bytearray(full_file.read_bytes())
    data[100:PAGE] = random.Random(1).randbytes(PAGE - 100)  # keep the 100-byte file header
    full_file.write_bytes(bytes(data))
    _assert_damaged(full_file)


def test_a_page_of_zeros_is_damaged(full_file: Path) -> None:
    data = bytearray(full_file.read_bytes())
    data[10 * PAGE : 11 * PAGE] = bytes(PAGE)  # e.g. a block lost by the file system
    full_file.write_bytes(bytes(data))
    _assert_damaged(full_file, "壊れ")


# -- files that are not ours ----------------------------------------------------------------------


def test_a_text_file_and_another_apps_database_are_damaged_database_errors(tmp_path: Path) -> None:
    text = tmp_path / "memo.db"
    text.write_text("議事録\n" * 100, encoding="utf-8")
    _assert_damaged(text, "SQLite")
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE items (a)")
    conn.commit()
    conn.close()
    _assert_damaged(other, "別のアプリ")


def test_a_newer_file_is_not_a_damaged_one(db_file: Path) -> None:
    Store.open(db_file).close()
    conn = sqlite3.connect(db_file)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(NewerSchemaError) as info:
        Store.open(db_file)
    assert not isinstance(info.value, DamagedDatabaseError)


# -- which check runs ---------------------------------------------------------------------------------


def _statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real_connect: Callable[..., sqlite3.Connection] = sqlite3.connect

    def connect(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = real_connect(*args, **kwargs)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(database.sqlite3, "connect", connect)
    return seen


def test_small_files_get_the_full_integrity_check(full_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _statements(monkeypatch)
    Store.open(full_file).close()
    assert any("integrity_check" in s for s in seen)
    assert not any("quick_check" in s for s in seen)


def test_large_files_get_the_quick_check(full_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "INTEGRITY_CHECK_MAX_BYTES", full_file.stat().st_size - 1)
    seen = _statements(monkeypatch)
    Store.open(full_file).close()
    assert any("quick_check" in s for s in seen)
    assert not any("integrity_check" in s for s in seen)


def test_the_integrity_threshold_is_50_mb() -> None:
    assert database.INTEGRITY_CHECK_MAX_BYTES == 50 * 1024 * 1024


def test_an_index_that_disagrees_with_its_table_is_caught_by_the_full_check(db_file: Path) -> None:
    """quick_check does not compare index contents; integrity_check does."""
    Store.open(db_file).close()
    conn = sqlite3.connect(db_file)
    conn.execute("CREATE INDEX meta_value ON meta (value)")
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", [(str(i), f"v{i}") for i in range(50)])
    conn.commit()
    # Make the schema say the index covers another column: its entries no longer match.
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX meta_value ON meta (key)' WHERE name = 'meta_value'"
    )
    conn.commit()
    conn.close()
    check = sqlite3.connect(db_file)
    try:
        assert check.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert check.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
    finally:
        check.close()
    with pytest.raises(DamagedDatabaseError) as info:
        Store.open(db_file)
    assert "壊れ" in info.value.user_message
    assert info.value.detail  # SQLite's findings, for the crash log / details


# -- not damage: busy or unreadable ------------------------------------------------------------------


@pytest.mark.parametrize(
    "error, expected",
    [
        (sqlite3.OperationalError("database is locked"), "使用中"),
        (sqlite3.OperationalError("disk I/O error"), "ネットワークやディスク"),
        (sqlite3.OperationalError("unable to open database file"), "ネットワークやディスク"),
    ],
)
def test_a_busy_or_unreadable_file_is_not_reported_as_damaged(error: sqlite3.Error, expected: str) -> None:
    result = database._damaged_or_busy(error, "壊れています")  # type: ignore[arg-type]
    assert type(result) is StorageError
    assert expected in result.user_message


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.DatabaseError("file is not a database"),
        sqlite3.DatabaseError("database disk image is malformed"),
    ],
)
def test_sqlite_corruption_errors_are_damage(error: sqlite3.DatabaseError) -> None:
    assert isinstance(database._damaged_or_busy(error, "壊れています"), DamagedDatabaseError)


def test_a_file_locked_by_another_writer_is_busy_not_damaged(
    db_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rollback-journal file with an exclusive lock held elsewhere (no WAL yet)."""
    conn = sqlite3.connect(db_file, isolation_level=None)
    conn.execute("PRAGMA application_id = 0")
    conn.execute("CREATE TABLE t (a)")
    conn.execute("DROP TABLE t")
    conn.execute("BEGIN EXCLUSIVE")
    real_connect = sqlite3.connect

    def impatient(*args: object, **kwargs: object) -> sqlite3.Connection:
        kwargs["timeout"] = 0.05
        return real_connect(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(database.sqlite3, "connect", impatient)
    try:
        with pytest.raises(StorageError) as info:
            Store.open(db_file)
        assert not isinstance(info.value, DamagedDatabaseError)
        assert "使用中" in info.value.user_message
    finally:
        conn.execute("ROLLBACK")
        conn.close()
