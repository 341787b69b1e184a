"""The writer lock: one instance edits a database file, every other one opens it read-only.

A small JSON file beside the database (``town.db.lock``) names the holder (OS user, host,
process id, since when) and carries a heartbeat that the holder refreshes every
``HEARTBEAT_INTERVAL``. It needs nothing but a folder in which files can be created, so it
also works on a shared Windows folder (no fcntl/msvcrt locks, which network shares honour
unreliably):

- the lock file is created atomically (``O_CREAT | O_EXCL``): of two instances racing for
  a free file exactly one wins;
- later rewrites (heartbeat, take-over) go through a temporary file and ``os.replace``, so
  a reader never sees half a file;
- a holder that crashed leaves its file behind. It is *stale* when its process is gone
  (same host, pid no longer alive) or its heartbeat is older than ``STALE_AFTER``; a file
  that cannot be read as a lock at all is stale too. A stale lock can be taken over.

Every instance carries a random token, so two locks in one process (two windows) are told
apart as well as two PCs are.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from models.calendar import to_wareki
from models.errors import StorageError
from models.store.audit import current_user

STALE_AFTER = timedelta(minutes=10)  # a heartbeat older than this means the holder is gone
HEARTBEAT_INTERVAL = timedelta(minutes=1)
LOCK_SUFFIX = ".lock"

_FORMAT = 1
_MAX_LOCK_BYTES = 64 * 1024
# A lock file is empty for a moment between its exclusive creation and the write of its
# content; a reader that finds it unreadable looks again for this long before judging.
_SETTLE_TRIES = 10
_SETTLE_DELAY = 0.05
# Windows refuses to replace or delete a file another process has open for a moment.
_BUSY_TRIES = 20
_BUSY_DELAY = 0.025
# Locks of this process are never older than this module; an older lock with our own pid
# was left by an earlier process that had the same pid (pids are reused, e.g. after a reboot).
_LOADED_AT = datetime.now().astimezone()
_PID_REUSE_MARGIN = timedelta(seconds=2)


@dataclass(frozen=True)
class LockInfo:
    """Who holds a database file for editing."""

    user: str
    host: str
    pid: int
    since: datetime
    heartbeat: datetime

    def label(self) -> str:
        """「yamada@PC-0123、令和6年11月22日 9:05から」 (local time) for the read-only banner."""
        since = _aware(self.since).astimezone()
        return f"{self.user}@{self.host}、{to_wareki(since.date())} {since.hour}:{since.minute:02d}から"


class LockTakenOverError(StorageError):
    """Another instance took the writer lock over from us: this one must stop writing."""


def lock_path_for(db_path: str | os.PathLike[str]) -> Path:
    """The lock file that belongs to a database file: ``town.db`` → ``town.db.lock``."""
    return Path(f"{Path(db_path).expanduser().absolute()}{LOCK_SUFFIX}")


@dataclass(frozen=True)
class _Content:
    """What a lock file holds; ``info`` is None when it cannot be read as a lock."""

    info: LockInfo | None
    token: str


class WriterLock:
    """The lock of one database file as seen by this instance of the app."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path).expanduser().absolute()
        self.path = lock_path_for(self.db_path)
        self._token = secrets.token_hex(16)
        self._user = current_user()
        self._host = _host_name()
        self._pid = os.getpid()
        self._since: datetime | None = None
        self._held = False

    @property
    def held(self) -> bool:
        """True while this instance holds the lock (as far as it last knew)."""
        return self._held

    # -- the public steps ----------------------------------------------------------------
    def acquire(self) -> LockInfo | None:
        """Take the lock if it is free. None: we now hold it; otherwise who holds it.

        A lock file that cannot be read at all is stale by definition and is taken over
        here; a readable one, stale or not, is reported so that the caller can decide
        (``is_stale`` → ``take_over``, or open read-only).
        Raises ``StorageError`` when no lock file can be created in the folder.
        """
        if self._held:
            return None
        self._ensure_folder()
        for _ in range(3):  # the holder may release between our two steps: try again
            if self._create_exclusive(_now()):
                return None
            content = self._read_settled()
            if content is None:
                continue
            if content.info is None:
                self.take_over()
                return None
            return content.info
        return self.holder()

    def holder(self) -> LockInfo | None:
        """Who holds the lock now (None when the file is missing or unreadable)."""
        content = self._read_settled()
        return content.info if content is not None else None

    def is_stale(self, info: LockInfo, now: datetime | None = None) -> bool:
        """True when the holder is gone: its process no longer runs on this host, or its
        heartbeat is older than ``STALE_AFTER``."""
        current = _aware(now) if now is not None else _now()
        if current - _aware(info.heartbeat) > STALE_AFTER:
            return True
        if info.host.casefold() != self._host.casefold():
            return False  # another PC: only its heartbeat can tell
        if info.pid == self._pid:
            # Our own process, unless the lock predates it (an earlier process with our pid).
            return _aware(info.since) < _LOADED_AT - _PID_REUSE_MARGIN
        return pid_alive(info.pid) is False

    def take_over(self) -> None:
        """Replace the lock file (stale, or the user confirmed) with ours."""
        self._ensure_folder()
        now = _now()
        self._replace(now, now)
        self._since = now
        self._held = True
        content = self._read_settled()
        if content is not None and content.token != self._token:  # another instance, same moment
            self._held = False
            raise _taken_over(content.info)

    def refresh(self) -> None:
        """Renew the heartbeat (a GUI timer calls this every ``HEARTBEAT_INTERVAL``).

        Raises ``LockTakenOverError`` (a ``StorageError``) when another instance has taken
        the lock over meanwhile; this instance then no longer holds it and must not write.
        Raises ``StorageError`` when the lock file cannot be written (e.g. the share is gone).
        """
        if not self._held:
            return
        since = self._since or _now()
        content = self._read_settled()
        if content is None:
            # Our file was deleted (by hand, by a clean-up): recreate it unless someone was faster.
            if self._create_exclusive(since):
                return
            content = self._read_settled()
        if content is not None and content.info is not None and content.token != self._token:
            self._held = False
            raise _taken_over(content.info)
        self._replace(since, _now())

    def release(self) -> None:
        """Give the lock up: the file is removed only if it is still ours."""
        if not self._held:
            return
        self._held = False
        content = self._read()
        if content is not None and content.token == self._token:
            with suppress(OSError):
                _when_not_busy(self.path.unlink)

    # -- the file --------------------------------------------------------------------
    def _payload(self, since: datetime, heartbeat: datetime) -> bytes:
        data = {
            "format": _FORMAT,
            "note": "まちDX台帳がこのデータファイルを編集中であることを示すファイルです。"
            "アプリを終了すると自動で削除されます。",
            "user": self._user,
            "host": self._host,
            "pid": self._pid,
            "since": since.isoformat(),
            "heartbeat": heartbeat.isoformat(),
            "token": self._token,
        }
        return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")

    def _ensure_folder(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _cannot_write(self.path, exc) from exc

    def _create_exclusive(self, since: datetime) -> bool:
        """Create the lock file with our content; False when it already exists."""
        payload = self._payload(since, _now())
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        try:
            fd = os.open(self.path, flags, 0o644)
        except FileExistsError:
            return False
        except PermissionError as exc:
            if self.path.exists():  # Windows: a file being deleted by its holder
                return False
            raise _cannot_write(self.path, exc) from exc
        except OSError as exc:
            raise _cannot_write(self.path, exc) from exc
        try:
            try:
                view = memoryview(payload)
                while view:
                    view = view[os.write(fd, view) :]
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            with suppress(OSError):
                self.path.unlink()
            raise _cannot_write(self.path, exc) from exc
        self._since = since
        self._held = True
        return True

    def _replace(self, since: datetime, heartbeat: datetime) -> None:
        """Write our content to a temporary file and move it over the lock file."""
        temp = self.path.with_name(f"{self.path.name}.{self._token[:12]}.tmp")
        try:
            with temp.open("wb") as handle:
                handle.write(self._payload(since, heartbeat))
                handle.flush()
                os.fsync(handle.fileno())
            _when_not_busy(lambda: os.replace(temp, self.path))
        except OSError as exc:
            with suppress(OSError):
                temp.unlink()
            raise _cannot_write(self.path, exc) from exc

    def _read(self) -> _Content | None:
        """The lock file's content; None when there is no lock file."""
        try:
            with self.path.open("rb") as handle:
                data = handle.read(_MAX_LOCK_BYTES)
        except FileNotFoundError:
            return None
        except OSError:
            return _Content(None, "")
        return _parse(data)

    def _read_settled(self) -> _Content | None:
        """Like ``_read``, but an unreadable file is given a moment to be completed."""
        content = self._read()
        for _ in range(_SETTLE_TRIES):
            if content is None or content.info is not None:
                break
            time.sleep(_SETTLE_DELAY)
            content = self._read()
        return content


# -- processes and hosts -----------------------------------------------------------------


@contextmanager
def exclusive(db_path: Path, busy: str) -> Iterator[WriterLock]:
    """Hold the writer lock for a headless operation that replaces the file (restore,
    hand-over). A live holder → StorageError 「{busy}（user@host…）。…」; a stale lock (a
    crashed instance) is taken over. Released at the end."""
    lock = WriterLock(db_path)
    holder = lock.acquire()
    if holder is not None:
        if not lock.is_stale(holder):
            raise StorageError(
                f"{busy}（{holder.label()}）。使用している端末でまちDX台帳を終了してから、もう一度実行してください。"
            )
        lock.take_over()
    try:
        yield lock
    finally:
        lock.release()


def pid_alive(pid: int) -> bool | None:
    """Whether a process with this id runs on this host: True/False when the OS can tell,
    None when it cannot (then only the heartbeat decides)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        # Never os.kill on Windows: there it terminates the process whatever the signal.
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by another user
    except OSError:
        return None
    return True


if sys.platform == "win32":
    import ctypes
    from ctypes import wintypes

    _PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
    _STILL_ACTIVE = 259
    _ERROR_ACCESS_DENIED = 5
    _ERROR_INVALID_PARAMETER = 87

    def _windows_pid_alive(pid: int) -> bool | None:
        try:
            kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
            kernel32.OpenProcess.restype = wintypes.HANDLE
            kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
            handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
            if not handle:
                error = ctypes.get_last_error()
                if error == _ERROR_ACCESS_DENIED:
                    return True
                if error == _ERROR_INVALID_PARAMETER:
                    return False
                return None
            try:
                code = wintypes.DWORD()
                if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                    return None
                return bool(code.value == _STILL_ACTIVE)
            finally:
                kernel32.CloseHandle(handle)
        except (OSError, AttributeError, ValueError):
            return None


def _host_name() -> str:
    try:
        import socket  # only when a lock is written or shown

        return socket.gethostname() or "不明"
    except OSError:
        return "不明"


# -- helpers ----------------------------------------------------------------------------


def _now() -> datetime:
    return datetime.now().astimezone()


def _aware(moment: datetime) -> datetime:
    """A naive time is taken as local time."""
    return moment if moment.tzinfo is not None else moment.astimezone()


def _parse(data: bytes) -> _Content:
    try:
        raw: Any = json.loads(data.decode("utf-8"))
        info = LockInfo(
            user=str(raw["user"]),
            host=str(raw["host"]),
            pid=int(raw["pid"]),
            since=_aware(datetime.fromisoformat(str(raw["since"]))),
            heartbeat=_aware(datetime.fromisoformat(str(raw["heartbeat"]))),
        )
        token = str(raw.get("token", ""))
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError, RecursionError):
        return _Content(None, "")
    return _Content(info, token)


def _when_not_busy(action: Callable[[], object]) -> None:
    """Run a rename/delete, retrying briefly while Windows reports the file in use."""
    for _ in range(_BUSY_TRIES - 1):
        try:
            action()
            return
        except PermissionError:
            time.sleep(_BUSY_DELAY)
    action()


def _cannot_write(path: Path, exc: OSError) -> StorageError:
    return StorageError(
        f"編集中を示すロックファイルを作成・更新できません：{path}\n"
        "フォルダに書き込めない場合は、読み取り専用で開いてください。",
        detail=str(exc),
    )


def _taken_over(info: LockInfo | None) -> LockTakenOverError:
    who = f"（{info.label()}）" if info is not None else ""
    return LockTakenOverError(
        f"他の端末がこのファイルの編集を引き継ぎました{who}。"
        "このウィンドウでの変更はこれ以降保存できません。ファイルを開き直してください。"
    )
