"""Backups of the database file: N generations in a ``backups`` folder beside it.

A backup is a complete, self-contained SQLite file (rollback-journal mode, no -wal/-shm
beside it) named ``{db stem}-{YYYYmmdd-HHMMSS[-n]}-{reason}.db``; the name carries the
local creation time and why it was made, so listing needs no index file. Every file is
written to a temporary name in the target folder, fsynced and renamed into place, so a
failure (disk full, read-only folder) never leaves a partial backup behind.

Restoring replaces the database file the same way, after backing up the current state
(reason ``restore``) so that a restore can itself be undone.
"""

from __future__ import annotations

import contextlib
import errno
import filecmp
import os
import re
import shutil
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from models.errors import NewerSchemaError, StorageError
from models.fileio import fsync_folder, temp_file
from models.settings import BACKUP_GENERATIONS_RANGE, DomainSettings
from models.store import database
from models.store.database import APPLICATION_ID, BACKUP_DIR_NAME, SQLITE_HEADER, Store

__all__ = [
    "BACKUP_DIR_NAME",
    "REASON_LABELS",
    "BackupInfo",
    "backup_dir",
    "create_backup",
    "damaged_copies",
    "generations_setting",
    "list_backups",
    "needs_daily_backup",
    "newest_good_backup",
    "prune_backups",
    "read_schema_version",
    "restore_backup",
    "verify_backup",
]

REASON_LABELS: dict[str, str] = {
    "manual": "手動",
    "close": "終了時",
    "daily": "毎日（起動時）",
    "migration": "データ形式の更新前",
    "import": "取り込み前",
    "restore": "復元前",
    "freeze": "版の確定前",
    "handover": "引き継ぎファイルの展開前",
}
DAMAGED_SUFFIX = "damaged"  # raw copies of a damaged database, never listed nor pruned
_STAMP_FORMAT = "%Y%m%d-%H%M%S"
_HEADER_SIZE = 100  # the SQLite file header: user_version at 60, application_id at 68


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: datetime  # local time, from the file name
    reason: str  # a key of REASON_LABELS
    size: int  # bytes
    schema_version: int | None  # PRAGMA user_version from the file header; None if unreadable

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)


# -- listing ---------------------------------------------------------------------------


def backup_dir(db_path: Path) -> Path:
    """The folder holding the backups of ``db_path``: ``<db folder>/backups``."""
    return Path(db_path).parent / BACKUP_DIR_NAME


def list_backups(db_path: Path) -> list[BackupInfo]:
    """This database's backups, newest first (other files in the folder are ignored)."""
    return [info for _, info in _scan(Path(db_path))]


def prune_backups(db_path: Path, keep: int) -> list[Path]:
    """Delete the oldest backups beyond ``keep``; returns the files deleted."""
    return _prune(Path(db_path), keep, protect=())


def needs_daily_backup(db_path: Path, today: date | None = None) -> bool:
    """True when no backup (of any reason) was made today."""
    day = today or datetime.now().date()
    return not any(info.created_at.date() == day for info in list_backups(db_path))


def damaged_copies(db_path: Path) -> list[Path]:
    """Raw copies of a damaged database put aside by ``restore_backup``, newest first."""
    pattern = _name_pattern(Path(db_path).stem, DAMAGED_SUFFIX)
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if pattern.match(p.name) and p.is_file()]
    return sorted(found, key=lambda p: p.name, reverse=True)


def read_schema_version(path: Path) -> int | None:
    """The data version (PRAGMA user_version) read from a file's header; None if unreadable."""
    try:
        with Path(path).open("rb") as handle:
            header = handle.read(_HEADER_SIZE)
    except OSError:
        return None
    if len(header) < _HEADER_SIZE or not header.startswith(SQLITE_HEADER):
        return None
    return int.from_bytes(header[60:64], "big", signed=True)


# -- checking --------------------------------------------------------------------------


def verify_backup(path: Path) -> int:
    """Check that ``path`` is an intact まちDX台帳 database this app can open; returns its data version.

    Opens the file read-only (nothing is written, no -wal/-shm is left behind) and runs
    ``PRAGMA integrity_check``. Raises ``StorageError`` (Japanese message) when the file is
    missing, damaged or not ours, ``NewerSchemaError`` when it comes from a newer app.
    """
    file = Path(path)
    if not file.is_file():
        raise StorageError(f"バックアップファイルが見つかりません：{file}")
    try:
        with file.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"バックアップファイルを読み込めません：{file}", detail=str(exc)) from exc
    if header != SQLITE_HEADER:
        raise StorageError(f"このファイルはまちDX台帳のバックアップ（SQLite）ではありません：{file.name}")
    damaged = f"バックアップファイルが壊れているため使えません：{file.name}"
    try:
        conn = _connect_readonly(file)
        try:
            problems = [str(row[0]) for row in conn.execute("PRAGMA integrity_check").fetchall()]
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StorageError(damaged, detail=str(exc)) from exc
    if problems != ["ok"]:
        raise StorageError(damaged, detail="; ".join(problems[:10]))
    if app_id != APPLICATION_ID:
        raise StorageError(f"このファイルはまちDX台帳のバックアップではありません：{file.name}")
    if version < 1:  # every まちDX台帳 file has at least the first schema
        raise StorageError(damaged, detail=f"user_version {version}")
    latest = database.LATEST_SCHEMA_VERSION
    if version > latest:
        raise NewerSchemaError(
            f"このバックアップは新しい版のまちDX台帳で作成されています（データの版 {version}、"
            f"このアプリが扱える版 {latest}）。アプリを更新してから復元してください。"
        )
    return version


def newest_good_backup(db_path: Path) -> BackupInfo | None:
    """The newest backup that passes ``verify_backup`` (for the damaged-file dialog)."""
    for info in list_backups(db_path):
        try:
            verify_backup(info.path)
        except StorageError:
            continue
        return info
    return None


# -- creating --------------------------------------------------------------------------


def generations_setting(store: Store) -> int:
    """How many backups to keep for this database (setting 「自動バックアップの保存世代数」)."""
    from models.store.settings_repository import SettingsRepository

    try:
        wanted = SettingsRepository(store).load().backup_generations
    except (sqlite3.Error, ValueError):  # an old or empty file without the settings table
        wanted = DomainSettings().backup_generations
    low, high = BACKUP_GENERATIONS_RANGE
    return min(max(wanted, low), high)


def create_backup(
    store: Store, reason: str, *, keep: int | None = None, skip_if_unchanged: bool = False
) -> BackupInfo:
    """Back up the open database into the backups folder, then keep only ``keep`` generations.

    Uses SQLite's online backup, so it works while the store is open, read-only too.
    ``keep=None`` uses the database's backup-generations setting. With
    ``skip_if_unchanged`` nothing new is kept when the newest backup already holds exactly
    this data; that backup is returned instead (automatic backups on close and on open).
    Raises ``StorageError`` (Japanese message) when the backup cannot be written; no
    partial file is left behind.
    """
    if reason not in REASON_LABELS:
        raise ValueError(f"unknown backup reason: {reason!r}")
    if store.path is None:
        raise StorageError("保存されていないデータ（メモリ上のデータベース）はバックアップできません。")
    if store.conn.in_transaction:
        raise ValueError("create_backup() inside a transaction would copy uncommitted changes")
    generations = generations_setting(store) if keep is None else keep
    if generations < 1:
        raise ValueError(f"keep must be at least 1, not {generations}")
    newest = list_backups(store.path)[:1] if skip_if_unchanged else []
    info = _backup_connection(store.conn, store.path, reason, same_as=newest[0] if newest else None)
    _prune(store.path, generations, protect=(info.path,))
    return info


# -- restoring -------------------------------------------------------------------------


def restore_backup(db_path: Path, backup: Path, *, keep: int | None = None) -> BackupInfo | None:
    """Replace the database at ``db_path`` with the contents of ``backup``.

    The caller must have closed every ``Store`` on ``db_path`` (in this process; another
    instance is kept out by the writer lock). The backup is verified first: a damaged one,
    or one from a newer app, is refused with ``StorageError``/``NewerSchemaError`` and
    nothing is changed. The current database, when it exists and is readable, is backed
    up first with reason ``restore`` and that backup is returned, so the restore can be
    undone. A damaged current file is copied aside unchanged as
    ``{stem}-{stamp}-damaged.db`` (see ``damaged_copies``) and None is returned, as it is
    when there was no database yet. ``keep=None`` uses the current database's setting.
    """
    db_path = Path(db_path).expanduser().absolute()
    source = Path(backup).expanduser().absolute()
    if db_path.exists() and source.exists() and db_path.samefile(source):
        raise StorageError("復元元と復元先が同じファイルです。別のバックアップを選んでください。")
    if db_path.is_dir():
        raise StorageError(f"フォルダが指定されています。データベースファイルを指定してください：{db_path}")
    verify_backup(source)
    folder = db_path.parent
    with _temp_file(folder, db_path.stem, "復元") as tmp:
        conn = _connect_readonly(source)
        try:
            _online_copy(conn, tmp, "復元")
        finally:
            conn.close()
        previous = _save_current(db_path, keep, protect=(source,)) if db_path.exists() else None
        for sidecar in _sidecars(db_path):  # a stale -wal would be replayed into the new file
            _unlink_or_fail(sidecar)
        try:
            os.replace(tmp, db_path)
        except OSError as exc:
            raise _write_error(exc, folder, "復元") from exc
        fsync_folder(folder)
    return previous


def _save_current(db_path: Path, keep: int | None, protect: Iterable[Path]) -> BackupInfo | None:
    """Back up the database about to be replaced; a damaged one is copied aside byte for byte.

    Read-only throughout: a read-write connection would checkpoint a -wal into a damaged
    file (changing it) before it could be copied aside.
    """
    try:
        conn: sqlite3.Connection | None = _connect_readonly(db_path)
    except (sqlite3.Error, OSError):
        conn = None
    if conn is not None:
        try:
            state = _current_state(conn)
            if state == "foreign":
                raise StorageError(
                    "復元先のファイルはまちDX台帳のデータベースではありません（別のアプリのSQLiteファイルです）。"
                    f"上書きはしません：{db_path}"
                )
            if state == "ours":
                generations = generations_setting(Store(conn, db_path)) if keep is None else keep
                info = _backup_connection(conn, db_path, "restore")
                _prune(db_path, generations, protect=(info.path, *protect))
                return info
        finally:
            conn.close()
    _copy_damaged(db_path)
    return None


def _current_state(conn: sqlite3.Connection) -> str:
    """What the file about to be replaced is: ``ours`` (an intact まちDX台帳 file),
    ``foreign`` (another app's) or ``damaged`` (an empty file counts as damaged, as
    ``Store.open`` sees it; copying it aside costs nothing)."""
    try:
        if conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
            return "damaged"
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        tables = int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
    except sqlite3.DatabaseError:
        return "damaged"
    if app_id == APPLICATION_ID:
        return "ours"
    return "damaged" if app_id == 0 and tables == 0 else "foreign"


def _backup_connection(
    conn: sqlite3.Connection, db_path: Path, reason: str, *, same_as: BackupInfo | None = None
) -> BackupInfo:
    """Write a backup of ``conn``; returns ``same_as`` instead when it holds identical bytes."""
    folder = backup_dir(db_path)
    with _temp_file(folder, db_path.stem, "バックアップを作成") as tmp:
        _online_copy(conn, tmp, "バックアップを作成")
        if same_as is not None and filecmp.cmp(tmp, same_as.path, shallow=False):
            return same_as
        final = _place(tmp, folder, db_path.stem, reason, "バックアップを作成")
    return _info(final, _parse(db_path.stem, final.name))


def _copy_damaged(db_path: Path) -> None:
    """Copy the file (and its -wal or -journal, which may hold the latest edits) aside, unchanged."""
    folder = backup_dir(db_path)
    with _temp_file(folder, db_path.stem, "復元") as tmp:
        _copy_bytes(db_path, tmp)
        final = _place(tmp, folder, db_path.stem, DAMAGED_SUFFIX, "復元")
    for suffix in ("-wal", "-journal"):
        sidecar = Path(f"{db_path}{suffix}")
        if not sidecar.exists():
            continue
        with _temp_file(folder, db_path.stem, "復元") as tmp:
            _copy_bytes(sidecar, tmp)
            try:
                os.replace(tmp, Path(f"{final}{suffix}"))
            except OSError as exc:
                raise _write_error(exc, folder, "復元") from exc


def _copy_bytes(source: Path, tmp: Path) -> None:
    try:
        shutil.copyfile(source, tmp)
        _fsync_file(tmp)
    except OSError as exc:
        raise _write_error(exc, tmp.parent, "復元") from exc


# -- files -----------------------------------------------------------------------------


def _name_pattern(stem: str, reason: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(stem)}-(\d{{8}}-\d{{6}})(?:-(\d+))?-({reason})\.db$")


def _parse(stem: str, name: str) -> tuple[datetime, int, str] | None:
    """(created_at, same-second sequence, reason) from a backup's file name."""
    match = _name_pattern(stem, "[a-z]+").match(name)
    if match is None or match.group(3) not in REASON_LABELS:
        return None
    try:
        created = datetime.strptime(match.group(1), _STAMP_FORMAT)
    except ValueError:
        return None
    return created, int(match.group(2) or 1), match.group(3)


def _scan(db_path: Path) -> list[tuple[tuple[datetime, int], BackupInfo]]:
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        parsed = _parse(db_path.stem, path.name)
        if parsed is None or not path.is_file():
            continue
        with contextlib.suppress(OSError):  # deleted meanwhile
            found.append(((parsed[0], parsed[1]), _info(path, parsed)))
    found.sort(key=lambda item: item[0], reverse=True)
    return found


def _info(path: Path, parsed: tuple[datetime, int, str] | None) -> BackupInfo:
    assert parsed is not None
    return BackupInfo(path, parsed[0], parsed[2], path.stat().st_size, read_schema_version(path))


def _prune(db_path: Path, keep: int, protect: Iterable[Path]) -> list[Path]:
    if keep < 1:
        raise ValueError(f"keep must be at least 1, not {keep}")
    kept = {Path(p).absolute() for p in protect}
    deleted = []
    for _, info in _scan(db_path)[keep:]:
        if info.path.absolute() in kept:
            continue
        try:
            info.path.unlink()
        except OSError:  # in use or read-only: it stays, and goes next time
            continue
        deleted.append(info.path)
    return deleted


@contextlib.contextmanager
def _temp_file(folder: Path, stem: str, action: str) -> Iterator[Path]:
    """A temporary file that is gone afterwards unless it was renamed into place."""
    tmp = _new_temp(folder, stem, action)
    try:
        yield tmp
    finally:
        _remove_temp(tmp)  # after a rename the name is free: nothing to remove


def _new_temp(folder: Path, stem: str, action: str) -> Path:
    """An empty temporary file in ``folder`` (a dot name that listing never shows)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = temp_file(folder, prefix=f".{stem}-", suffix=".tmp")
        os.close(fd)
    except OSError as exc:
        raise _write_error(exc, folder, action) from exc
    return Path(name)


def _online_copy(source: sqlite3.Connection, target: Path, action: str) -> None:
    """SQLite online backup of ``source`` into the (empty) file ``target``, fsynced."""
    try:
        dest = sqlite3.connect(str(target), isolation_level=None)
        try:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dest.close()
        _fsync_file(target)
    except (sqlite3.Error, OSError) as exc:
        raise _write_error(exc, target.parent, action) from exc


def _place(tmp: Path, folder: Path, stem: str, reason: str, action: str) -> Path:
    """Rename ``tmp`` to the first free ``{stem}-{stamp}[-n]-{reason}.db`` and make it durable."""
    stamp = datetime.now().strftime(_STAMP_FORMAT)
    taken = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
    sequence = 1
    while True:
        suffix = "" if sequence == 1 else f"-{sequence}"
        name = f"{stem}-{stamp}{suffix}-{reason}.db"
        # a name is used once per stamp, whatever the reason, so the order is unambiguous
        if not any(n.startswith(f"{stem}-{stamp}{suffix}-") for n in taken):
            break
        sequence += 1
    final = folder / name
    try:
        os.replace(tmp, final)
    except OSError as exc:
        raise _write_error(exc, folder, action) from exc
    fsync_folder(folder)
    return final


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _sidecars(path: Path) -> list[Path]:
    return [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm", "-journal")]


def _remove_temp(tmp: Path) -> None:
    for path in (tmp, *_sidecars(tmp)):
        with contextlib.suppress(OSError):
            path.unlink()


def _unlink_or_fail(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise StorageError(
            f"データベースが他のアプリで使用中のため復元できませんでした。アプリを閉じてからやり直してください：{path}",
            detail=str(exc),
        ) from exc


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """Open without writing anything: a WAL-mode file with no -wal beside it is opened immutable
    (otherwise SQLite would leave empty -wal/-shm files next to it)."""
    with path.open("rb") as handle:
        header = handle.read(20)
    wal_mode = len(header) >= 20 and header[18] == 2
    mode = "immutable=1" if wal_mode and not Path(f"{path}-wal").exists() else "mode=ro"
    return sqlite3.connect(f"{path.absolute().as_uri()}?{mode}", uri=True, isolation_level=None)


def _write_error(exc: sqlite3.Error | OSError, folder: Path, action: str) -> StorageError:
    """A Japanese explanation of why a backup or restore could not be written."""
    code = exc.errno if isinstance(exc, OSError) else None
    name = getattr(exc, "sqlite_errorname", "") or ""
    if code in (errno.ENOSPC, errno.EDQUOT) or "FULL" in name:
        message = (
            f"ディスクの空き容量が不足しているため、{action}できませんでした。"
            f"不要なファイルを削除してから、もう一度お試しください。（保存先：{folder}）"
        )
    elif code in (errno.EROFS, errno.EACCES, errno.EPERM) or "READONLY" in name or "CANTOPEN" in name:
        message = (
            f"保存先に書き込めないため、{action}できませんでした"
            f"（読み取り専用か、書き込む権限がありません）：{folder}"
        )
    elif "CORRUPT" in name or "NOTADB" in name:
        message = f"データベースが壊れているため、{action}できませんでした。"
    else:
        message = f"ディスクへの書き込みに失敗したため、{action}できませんでした：{folder}"
    return StorageError(message, detail=str(exc))
