"""The writer lock file: one holder, stale locks, heartbeat, take-over and release.

"Another instance" is simulated three ways: a second ``WriterLock`` in this process, a
lock file written by hand (another pid or host), and real processes (races, a killed
holder; see also test_readonly.py for the second opener in another process).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from models.errors import StorageError
from models.store import lock as lock_module
from models.store.lock import (
    HEARTBEAT_INTERVAL,
    STALE_AFTER,
    LockInfo,
    LockTakenOverError,
    WriterLock,
    lock_path_for,
    pid_alive,
)

ROOT = Path(__file__).resolve().parents[2]
HOST = lock_module._host_name()


@pytest.fixture(autouse=True)
def quick_settle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unreadable lock files are re-read after a short pause; keep the pause short here."""
    monkeypatch.setattr(lock_module, "_SETTLE_DELAY", 0.001)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "town.db"


def _now() -> datetime:
    return datetime.now().astimezone()


def _write_lock(db: Path, **fields: Any) -> Path:
    """A lock file as another instance would have written it."""
    now = _now()
    data: dict[str, Any] = {
        "format": 1,
        "user": "sato",
        "host": "PC-OTHER",
        "pid": 4242,
        "since": now.isoformat(),
        "heartbeat": now.isoformat(),
        "token": "their-token",
    }
    data.update({k: v.isoformat() if isinstance(v, datetime) else v for k, v in fields.items()})
    path = lock_path_for(db)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()  # reaped: the pid is free
    return proc.pid


def _content(db: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(lock_path_for(db).read_text(encoding="utf-8"))
    return data


# -- a free file -----------------------------------------------------------------------


def test_acquire_on_a_free_file_creates_the_lock_file_with_our_details(db: Path) -> None:
    lock = WriterLock(db)
    assert not lock.held
    assert lock.acquire() is None
    assert lock.held
    assert lock.path == db.parent / "town.db.lock"
    data = _content(db)
    assert data["pid"] == os.getpid()
    assert data["host"] == HOST
    assert data["user"] == lock_module.current_user()
    assert "編集中" in data["note"]  # a person finding the file learns what it is
    holder = lock.holder()
    assert holder is not None
    assert holder.pid == os.getpid()
    assert _now() - holder.since < timedelta(seconds=5)
    assert holder.heartbeat >= holder.since
    assert lock.acquire() is None  # asking again while holding it changes nothing
    lock.release()
    assert not lock.path.exists()
    assert not lock.held


def test_acquire_creates_a_missing_folder(tmp_path: Path) -> None:
    lock = WriterLock(tmp_path / "new" / "folder" / "town.db")
    assert lock.acquire() is None
    assert lock.path.is_file()


def test_acquire_where_no_file_can_be_created_raises_a_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(StorageError) as info:
        WriterLock(blocker / "town.db").acquire()
    assert "ロックファイル" in info.value.user_message


def test_acquire_accepts_a_string_path_with_spaces_and_japanese(tmp_path: Path) -> None:
    lock = WriterLock(tmp_path / "共有 フォルダ" / "矢巾町 台帳.db")
    assert lock.acquire() is None
    assert (tmp_path / "共有 フォルダ" / "矢巾町 台帳.db.lock").is_file()


# -- a second instance --------------------------------------------------------------------


def test_a_second_instance_in_this_process_does_not_get_the_lock(db: Path) -> None:
    first = WriterLock(db)
    assert first.acquire() is None
    before = lock_path_for(db).read_bytes()
    second = WriterLock(db)
    holder = second.acquire()
    assert holder is not None
    assert not second.held
    assert first.held
    assert (holder.user, holder.host, holder.pid) == (lock_module.current_user(), HOST, os.getpid())
    assert not second.is_stale(holder)  # same host, a live process, a fresh heartbeat
    assert lock_path_for(db).read_bytes() == before
    second.release()  # not ours: nothing happens
    assert lock_path_for(db).read_bytes() == before
    second.refresh()  # not held: nothing happens either
    assert lock_path_for(db).read_bytes() == before


def test_a_lock_of_another_pc_with_a_fresh_heartbeat_is_reported_not_stale(db: Path) -> None:
    _write_lock(db, user="yamada", host="PC-0123")
    lock = WriterLock(db)
    holder = lock.acquire()
    assert holder is not None
    assert (holder.user, holder.host, holder.pid) == ("yamada", "PC-0123", 4242)
    assert not lock.is_stale(holder)
    assert not lock.held
    assert _content(db)["token"] == "their-token"


def test_a_lock_held_by_a_live_process_on_this_host_is_not_stale(db: Path) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        old = _now() - STALE_AFTER / 2
        _write_lock(db, host=HOST, pid=sleeper.pid, since=old, heartbeat=old)
        lock = WriterLock(db)
        holder = lock.acquire()
        assert holder is not None
        assert not lock.is_stale(holder)
    finally:
        sleeper.kill()
        sleeper.wait()
    assert lock.is_stale(holder)  # now its process is gone


def test_a_lock_from_a_dead_process_on_this_host_is_stale_and_can_be_taken_over(db: Path) -> None:
    _write_lock(db, host=HOST.upper(), pid=_dead_pid())  # host names compare case-insensitively
    lock = WriterLock(db)
    holder = lock.acquire()
    assert holder is not None
    assert lock.is_stale(holder)
    assert not lock.held
    lock.take_over()
    assert lock.held
    data = _content(db)
    assert data["pid"] == os.getpid()
    assert data["token"] != "their-token"
    lock.release()
    assert not lock_path_for(db).exists()


def test_a_lock_left_by_an_earlier_process_with_our_pid_is_stale(db: Path) -> None:
    """pids are reused (after a reboot the app may get the same one): a lock with our pid
    that is older than this process is not ours."""
    earlier = _now() - timedelta(minutes=3)
    _write_lock(db, host=HOST, pid=os.getpid(), since=earlier, heartbeat=earlier)
    lock = WriterLock(db)
    holder = lock.acquire()
    assert holder is not None
    assert lock.is_stale(holder)


def test_heartbeat_staleness(db: Path) -> None:
    lock = WriterLock(db)
    now = _now()
    fresh = LockInfo("sato", "PC-OTHER", 4242, now - timedelta(hours=5), now - timedelta(minutes=2))
    assert not lock.is_stale(fresh, now)
    at_limit = LockInfo("sato", "PC-OTHER", 4242, now - timedelta(hours=5), now - STALE_AFTER)
    assert not lock.is_stale(at_limit, now)
    old = LockInfo(
        "sato", "PC-OTHER", 4242, now - timedelta(hours=5), now - STALE_AFTER - timedelta(seconds=1)
    )
    assert lock.is_stale(old, now)
    # A clock ahead of ours (heartbeat "in the future") is not stale.
    ahead = LockInfo("sato", "PC-OTHER", 4242, now, now + timedelta(minutes=3))
    assert not lock.is_stale(ahead, now)
    # Naive times count as local time; other time zones are compared correctly.
    assert lock.is_stale(old, now.replace(tzinfo=None))
    utc = LockInfo("sato", "PC-OTHER", 1, now, (now - timedelta(minutes=11)).astimezone(UTC))
    assert lock.is_stale(utc, now)
    # The default "now" is the real clock.
    assert lock.is_stale(old)
    assert not lock.is_stale(fresh)
    assert timedelta(0) < HEARTBEAT_INTERVAL < STALE_AFTER / 5  # several missed beats before stale


def test_a_heartbeat_old_lock_of_this_host_with_a_live_pid_is_stale(db: Path) -> None:
    """pid reuse by an unrelated process: the heartbeat still tells."""
    old = _now() - STALE_AFTER - timedelta(minutes=1)
    info = LockInfo("sato", HOST, os.getppid(), old, old)
    assert WriterLock(db).is_stale(info)


# -- garbage -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\x00\x00\x00",
        b"garbage \xff\xfe",
        b"{}",
        b"[1, 2, 3]",
        b'{"user": "a", "host": "b", "pid": "x", "since": "2024-01-01", "heartbeat": "2024-01-01"}',
        b'{"user": "a", "host": "b", "pid": 1, "since": "yesterday", "heartbeat": "2024-01-01"}',
        b'{"user": "a", "host": "b", "pid": 1, "since": "2024-01-01T09:00"',
        b"[" * 5000,
    ],
    ids=["empty", "zeros", "binary", "empty-object", "list", "bad-pid", "bad-date", "cut-off", "deep"],
)
def test_a_garbage_lock_file_counts_as_stale_and_is_taken_over(db: Path, content: bytes) -> None:
    lock_path_for(db).write_bytes(content)
    lock = WriterLock(db)
    assert lock.holder() is None
    assert lock.acquire() is None
    assert lock.held
    assert _content(db)["pid"] == os.getpid()


def test_holder_of_a_free_file_is_none(db: Path) -> None:
    assert WriterLock(db).holder() is None


def test_an_old_format_lock_without_token_or_time_zone_is_read(db: Path) -> None:
    path = lock_path_for(db)
    path.write_text(
        json.dumps(
            {
                "user": "sato",
                "host": "PC-9",
                "pid": 7,
                "since": "2024-11-22T09:05:00",
                "heartbeat": "2024-11-22T09:06:00",
            }
        ),
        encoding="utf-8",
    )
    holder = WriterLock(db).holder()
    assert holder is not None
    assert holder.since.tzinfo is not None  # naive times are taken as local time
    assert holder.label() == "sato@PC-9、令和6年11月22日 9:05から"


# -- heartbeat, take-over, release --------------------------------------------------------------


def test_refresh_renews_the_heartbeat_and_keeps_since(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lock = WriterLock(db)
    assert lock.acquire() is None
    first = lock.holder()
    assert first is not None
    later = _now() + timedelta(minutes=7)
    monkeypatch.setattr(lock_module, "_now", lambda: later)
    lock.refresh()
    second = lock.holder()
    assert second is not None
    assert second.heartbeat == later
    assert second.since == first.since
    assert lock.held
    # Another instance judging at that moment sees a live holder.
    assert not WriterLock(db).is_stale(second, later + STALE_AFTER - timedelta(seconds=1))


def test_refresh_after_a_take_over_raises_and_the_lock_is_no_longer_ours(db: Path) -> None:
    mine = WriterLock(db)
    assert mine.acquire() is None
    theirs = WriterLock(db)
    theirs._pid, theirs._host, theirs._user = 4242, "PC-0456", "suzuki"  # another PC
    assert theirs.acquire() is not None
    theirs.take_over()  # the user there confirmed the take-over
    with pytest.raises(StorageError) as info:
        mine.refresh()
    assert isinstance(info.value, LockTakenOverError)
    assert info.value.user_message.startswith("他の端末がこのファイルの編集を引き継ぎました")
    assert "suzuki@PC-0456" in info.value.user_message
    assert not mine.held
    assert theirs.held
    mine.release()  # their lock stays
    mine.refresh()  # no longer held: nothing to renew
    data = _content(db)
    assert (data["user"], data["pid"]) == ("suzuki", 4242)
    theirs.refresh()
    theirs.release()
    assert not lock_path_for(db).exists()


def test_refresh_recreates_a_deleted_lock_file(db: Path) -> None:
    lock = WriterLock(db)
    assert lock.acquire() is None
    since = lock.holder().since  # type: ignore[union-attr]
    lock_path_for(db).unlink()  # e.g. someone "cleaned up" the folder
    lock.refresh()
    holder = lock.holder()
    assert holder is not None
    assert holder.since == since
    assert lock.held


def test_refresh_repairs_a_damaged_own_lock_file(db: Path) -> None:
    lock = WriterLock(db)
    assert lock.acquire() is None
    lock_path_for(db).write_bytes(b"\x00" * 10)
    lock.refresh()
    assert lock.holder() is not None
    assert lock.held


def test_release_removes_only_our_own_lock(db: Path) -> None:
    mine = WriterLock(db)
    assert mine.acquire() is None
    _write_lock(db)  # replaced behind our back by another instance
    mine.release()
    assert lock_path_for(db).exists()
    assert _content(db)["token"] == "their-token"
    mine.release()  # twice is fine


def test_take_over_then_release_leaves_no_files(db: Path) -> None:
    _write_lock(db, heartbeat=_now() - timedelta(hours=1))
    lock = WriterLock(db)
    holder = lock.acquire()
    assert holder is not None and lock.is_stale(holder)
    lock.take_over()
    lock.refresh()
    lock.refresh()
    lock.release()
    assert list(db.parent.iterdir()) == []  # no temporary files either


def test_a_failing_heartbeat_write_raises_a_storage_error(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lock = WriterLock(db)
    assert lock.acquire() is None

    def refuse(src: object, dst: object) -> None:
        raise OSError(5, "network share gone")

    monkeypatch.setattr(lock_module.os, "replace", refuse)
    with pytest.raises(StorageError) as info:
        lock.refresh()
    assert not isinstance(info.value, LockTakenOverError)
    assert "ロックファイル" in info.value.user_message
    monkeypatch.undo()
    assert [p.name for p in db.parent.iterdir()] == ["town.db.lock"]  # temp file cleaned up


def test_busy_files_are_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows refuses a rename while a reader has the file open: retried, then given up."""
    monkeypatch.setattr(lock_module, "_BUSY_DELAY", 0)
    attempts: list[int] = []

    def flaky() -> None:
        attempts.append(1)
        if len(attempts) < 3:
            raise PermissionError("in use")

    lock_module._when_not_busy(flaky)
    assert len(attempts) == 3

    def always() -> None:
        raise PermissionError("in use")

    with pytest.raises(PermissionError):
        lock_module._when_not_busy(always)


# -- races between real instances ---------------------------------------------------------------


def _race(db: Path, count: int) -> tuple[list[WriterLock], list[LockInfo | None]]:
    locks = [WriterLock(db) for _ in range(count)]
    barrier = threading.Barrier(count)
    results: list[LockInfo | None] = [None] * count

    def attempt(i: int) -> None:
        barrier.wait()
        results[i] = locks[i].acquire()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return locks, results


def test_racing_instances_in_threads_exactly_one_wins(tmp_path: Path) -> None:
    for round_ in range(25):
        db = tmp_path / f"town{round_}.db"
        locks, results = _race(db, 8)
        assert sum(lock.held for lock in locks) == 1
        assert sum(result is None for result in results) == 1
        winner = next(lock for lock in locks if lock.held)
        assert _content(db)["token"] == winner._token


RACER = """
import sys, time
from pathlib import Path
from models.store.lock import WriterLock
lock = WriterLock(Path(sys.argv[1]))
start = float(sys.argv[2])
while time.time() < start:
    pass
print("won" if lock.acquire() is None else "lost", flush=True)
sys.stdin.read()  # hold until the parent has counted
lock.release()
"""


def test_racing_processes_exactly_one_wins(db: Path) -> None:
    import time

    start = time.time() + 0.6
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(db), str(start)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        for _ in range(4)
    ]
    try:
        answers = [p.stdout.readline().strip() for p in procs]  # type: ignore[union-attr]
    finally:
        for p in procs:
            p.communicate("")
    assert sorted(answers) == ["lost", "lost", "lost", "won"]
    assert not lock_path_for(db).exists()  # the winner released it on exit


# -- small parts -------------------------------------------------------------------------------


def test_label_for_the_read_only_banner() -> None:
    info = LockInfo("yamada", "PC-0123", 1, datetime(2024, 11, 22, 9, 5), datetime(2024, 11, 22, 9, 6))
    assert info.label() == "yamada@PC-0123、令和6年11月22日 9:05から"
    aware = datetime(2019, 5, 1, 14, 30).astimezone()
    assert LockInfo("a", "b", 1, aware, aware).label() == "a@b、令和元年5月1日 14:30から"


def test_pid_alive() -> None:
    assert pid_alive(os.getpid()) is True
    assert pid_alive(_dead_pid()) is False
    assert pid_alive(0) is False
    assert pid_alive(-5) is False
