"""Read-only opening: the second instance on a file reads it, sees the writer's commits and
cannot write (the Store refuses, and so does SQLite underneath)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path, PureWindowsPath
from typing import Any

import pytest

from models.errors import DamagedDatabaseError, NewerSchemaError, StorageError
from models.store import database
from models.store.database import LATEST_SCHEMA_VERSION, READONLY_MESSAGE, Store
from models.store.lock import WriterLock, lock_path_for
from models.store.migrations import MIGRATIONS
from models.store.town_repository import TownRepository
from models.town import TownProfile

ROOT = Path(__file__).resolve().parents[2]
TOWN = TownProfile(lg_code="033227", name="矢巾町", kind="machi")
TOWN_DATE = date(2024, 1, 1)


def _make_town(path: Path) -> None:
    s = Store.open(path)
    try:
        TownRepository(s).replace_all(TOWN)
    finally:
        s.close()


@pytest.fixture
def town_file(db_file: Path) -> Path:
    _make_town(db_file)
    return db_file


def _audit_rows(s: Store) -> int:
    return int(s.conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0])


# -- the read-only store ----------------------------------------------------------------------


def test_a_read_only_store_reads_but_refuses_to_write(town_file: Path) -> None:
    before = town_file.read_bytes()
    s = Store.open(town_file, readonly=True)
    try:
        assert s.readonly
        assert TownRepository(s).load().name == "矢巾町"
        audit_before = _audit_rows(s)
        with pytest.raises(StorageError) as info, s.atomic():
            pytest.fail("atomic() must refuse before the block runs")
        assert info.value.user_message == READONLY_MESSAGE
        assert not s.conn.in_transaction  # nothing was started
        with pytest.raises(StorageError, match="読み取り専用"):
            TownRepository(s).update({"population": 27_000})
        # SQLite refuses too, even when the Store is bypassed.
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            s.conn.execute("UPDATE town_profile SET name = '書き換え'")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            s.conn.execute("PRAGMA user_version = 99")
        assert _audit_rows(s) == audit_before
        assert s.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        s.close()
    assert town_file.read_bytes() == before


def test_a_normal_store_is_not_read_only(store: Store) -> None:
    assert not store.readonly


def test_read_only_needs_an_existing_file(db_file: Path) -> None:
    for create in (True, False):
        with pytest.raises(StorageError) as info:
            Store.open(db_file, readonly=True, create=create)
        assert "見つかりません" in info.value.user_message
    assert list(db_file.parent.iterdir()) == []


def test_read_only_works_on_a_file_without_write_permission(
    town_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_access = os.access
    monkeypatch.setattr(
        database.os,
        "access",
        lambda path, mode, **kw: False if mode & os.W_OK else real_access(path, mode, **kw),
    )
    with pytest.raises(StorageError, match="権限"):
        Store.open(town_file)
    s = Store.open(town_file, readonly=True)
    try:
        assert TownRepository(s).load().name == "矢巾町"
    finally:
        s.close()


@pytest.mark.parametrize(
    "folder, name",
    [
        ("共有 フォルダ", "矢巾町 台帳.db"),
        ("100% #1 ?x", "a&b=c;d.db"),
        ("ｶﾅ・全角　スペース", "台帳（令和6年度）.db"),
    ],
)
def test_read_only_opens_awkward_paths(tmp_path: Path, folder: str, name: str) -> None:
    path = tmp_path / folder / name
    _make_town(path)
    s = Store.open(path, readonly=True)
    try:
        assert TownRepository(s).load().name == "矢巾町"
    finally:
        s.close()
    assert sorted(p.name for p in path.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [name]


def test_read_only_uri_for_windows_paths() -> None:
    uri = database._readonly_uri
    assert uri(PureWindowsPath(r"C:\Users\山田\a b.db")) == (  # type: ignore[arg-type]
        "file:///C:/Users/%E5%B1%B1%E7%94%B0/a%20b.db?mode=ro"
    )
    assert uri(PureWindowsPath(r"\\fileserver\共有\town.db")) == (  # type: ignore[arg-type]
        "file:////fileserver/%E5%85%B1%E6%9C%89/town.db?mode=ro"
    )
    assert uri(Path("/srv/data/x#1?.db")) == "file:///srv/data/x%231%3F.db?mode=ro"


def test_read_only_sees_the_writers_commits_while_it_holds_the_file_open(town_file: Path) -> None:
    writer = Store.open(town_file)
    reader = Store.open(town_file, readonly=True)
    try:
        assert writer.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        TownRepository(writer).update({"population": 27_000, "population_as_of": TOWN_DATE})
        assert TownRepository(reader).load().population == 27_000  # the next read sees it
        with writer.atomic() as conn:  # uncommitted changes stay invisible
            conn.execute("UPDATE town_profile SET population = 1")
            assert TownRepository(reader).load().population == 27_000
            # and a second reader can still open (WAL readers are not blocked by the writer)
            again = Store.open(town_file, readonly=True)
            assert TownRepository(again).load().population == 27_000
            again.close()
        assert TownRepository(reader).load().population == 1
        with pytest.raises(StorageError):
            TownRepository(reader).update({"contact_person": "佐藤"})
    finally:
        reader.close()
        writer.close()
    # Reopened afterwards, everything the writer committed is there.
    s = Store.open(town_file, readonly=True)
    try:
        assert TownRepository(s).load().population == 1
    finally:
        s.close()


def test_read_only_does_not_migrate_an_older_file(town_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "MIGRATIONS", (*MIGRATIONS, lambda db: None))
    monkeypatch.setattr(database, "LATEST_SCHEMA_VERSION", LATEST_SCHEMA_VERSION + 1)
    before = town_file.read_bytes()
    with pytest.raises(StorageError) as info:
        Store.open(town_file, readonly=True)
    message = info.value.user_message
    assert "読み取り専用では開けません" in message
    assert "通常どおり開き" in message
    assert not isinstance(info.value, DamagedDatabaseError)  # not a reason to restore a backup
    # For ``check`` (migrate=False) reading an older file is fine.
    s = Store.open(town_file, readonly=True, migrate=False)
    try:
        assert s.schema_version == LATEST_SCHEMA_VERSION  # i.e. one behind
    finally:
        s.close()
    assert town_file.read_bytes() == before
    assert not (town_file.parent / database.BACKUP_DIR_NAME).exists()


def test_read_only_refuses_a_newer_file(town_file: Path) -> None:
    conn = sqlite3.connect(town_file)
    conn.execute(f"PRAGMA user_version = {LATEST_SCHEMA_VERSION + 3}")
    conn.close()
    with pytest.raises(NewerSchemaError):
        Store.open(town_file, readonly=True)


def test_read_only_refuses_a_damaged_file(town_file: Path) -> None:
    data = town_file.read_bytes()
    town_file.write_bytes(data[: len(data) // 2])
    with pytest.raises(DamagedDatabaseError):
        Store.open(town_file, readonly=True)


# -- two instances -------------------------------------------------------------------------------

SECOND_OPENER = """
import json, sqlite3, sys
from pathlib import Path
from models.errors import StorageError
from models.store.database import Store
from models.store.lock import WriterLock
from models.store.town_repository import TownRepository

path = Path(sys.argv[1])
lock = WriterLock(path)
holder = lock.acquire()
report = {"held": lock.held, "holder": None, "stale": None}
if holder is not None:
    report["holder"] = {"user": holder.user, "host": holder.host, "pid": holder.pid, "label": holder.label()}
    report["stale"] = lock.is_stale(holder)
store = Store.open(path, create=False, readonly=holder is not None)
report["readonly"] = store.readonly
report["name"] = TownRepository(store).load().name
try:
    TownRepository(store).update({"contact_person": "二番目"})
    report["update"] = "saved"
except StorageError as exc:
    report["update"] = exc.user_message
try:
    store.conn.execute("UPDATE town_profile SET contact_person = '二番目'")
    report["sql"] = "written"
except sqlite3.OperationalError as exc:
    report["sql"] = str(exc)
store.close()
lock.release()
print(json.dumps(report, ensure_ascii=False))
"""


def _second_opener(path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", SECOND_OPENER, str(path)],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
        timeout=60,
    )
    report: dict[str, Any] = json.loads(done.stdout.decode("utf-8"))
    return report


def test_a_second_process_gets_the_file_read_only_and_cannot_write(town_file: Path) -> None:
    lock = WriterLock(town_file)
    assert lock.acquire() is None
    writer = Store.open(town_file)
    try:
        TownRepository(writer).update({"contact_person": "山田"})
        report = _second_opener(town_file)
        assert report["held"] is False
        assert report["holder"]["pid"] == os.getpid()
        assert report["stale"] is False
        assert report["holder"]["label"].startswith(
            f"{report['holder']['user']}@{report['holder']['host']}、令和"
        )
        assert report["readonly"] is True
        assert report["name"] == "矢巾町"
        assert report["update"] == READONLY_MESSAGE
        assert "readonly" in report["sql"]
        # Nothing of the second instance reached the file; the first still writes.
        assert TownRepository(writer).load().contact_person == "山田"
        TownRepository(writer).update({"contact_person": "山田 太郎"})
    finally:
        writer.close()
        lock.release()
    assert not lock_path_for(town_file).exists()
    # Once the first instance is gone, the next opener gets the file for editing.
    report = _second_opener(town_file)
    assert report["held"] is True
    assert report["readonly"] is False
    assert report["update"] == "saved"


HOLDER = """
import sys
from pathlib import Path
from models.store.database import Store
from models.store.lock import WriterLock
from models.store.town_repository import TownRepository

path = Path(sys.argv[1])
lock = WriterLock(path)
assert lock.acquire() is None
store = Store.open(path, create=False)
for line in sys.stdin:
    TownRepository(store).update({"contact_person": line.strip()})
    print("saved", flush=True)
"""


def test_the_first_instance_in_another_process_keeps_the_lock_until_it_dies(town_file: Path) -> None:
    holder_proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(town_file)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        text=True,
    )
    assert holder_proc.stdin is not None and holder_proc.stdout is not None
    try:
        holder_proc.stdin.write("佐藤\n")
        holder_proc.stdin.flush()
        assert holder_proc.stdout.readline().strip() == "saved"

        lock = WriterLock(town_file)
        info = lock.acquire()
        assert info is not None
        assert info.pid == holder_proc.pid
        assert not lock.is_stale(info)
        reader = Store.open(town_file, create=False, readonly=True)
        try:
            assert TownRepository(reader).load().contact_person == "佐藤"
            holder_proc.stdin.write("鈴木\n")
            holder_proc.stdin.flush()
            assert holder_proc.stdout.readline().strip() == "saved"
            assert TownRepository(reader).load().contact_person == "鈴木"  # refreshed on the next read
            with pytest.raises(StorageError), reader.atomic():
                pass
        finally:
            reader.close()
    finally:
        holder_proc.kill()  # a crash: the lock file stays behind
        holder_proc.wait()
    info = lock.holder()
    assert info is not None and info.pid == holder_proc.pid
    assert lock.is_stale(info)
    lock.take_over()
    s = Store.open(town_file, create=False)
    try:
        assert TownRepository(s).load().contact_person == "鈴木"
        TownRepository(s).update({"contact_person": "田中"})
    finally:
        s.close()
        lock.release()
