"""Opening the database file safely: checks, pragmas, migrations, transactions."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from models.errors import DamagedDatabaseError, NewerSchemaError, StorageError
from models.store.filesystem import is_network_path
from models.store.migrations import MIGRATIONS

if TYPE_CHECKING:
    import sqlite_utils

APPLICATION_ID = 0x4D445843  # "MDXC": marks a まちDX台帳 database
SQLITE_HEADER = b"SQLite format 3\x00"
LATEST_SCHEMA_VERSION = len(MIGRATIONS)
# Up to this size (database + WAL) opening runs the full PRAGMA integrity_check; above it
# the faster quick_check (no index-content verification), so a big file still opens quickly.
INTEGRITY_CHECK_MAX_BYTES = 50 * 1024 * 1024
READONLY_MESSAGE = "読み取り専用で開いているため保存できません。"
BACKUP_DIR_NAME = "backups"  # beside the database; see models.store.backups


class Store:
    """An open database. Use ``Store.open(path)`` or ``Store.memory()``."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, *, readonly: bool = False) -> None:
        self.conn = conn
        self.path = path
        self._readonly = readonly
        self._db: sqlite_utils.Database | None = None
        self.migration_backup: Path | None = None
        self._savepoints = 0

    # -- opening -------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        create: bool = True,
        migrate: bool = True,
        readonly: bool = False,
    ) -> Store:
        """Open (or create) the database at ``path`` and bring its schema up to date.

        With ``migrate=False`` an older schema is left as it is (for ``check``).
        With ``readonly=True`` (another instance holds the writer lock) the file must exist
        and is opened with SQLite's ``mode=ro``: no WAL switch, no migration (an older
        schema is refused unless ``migrate=False``), and ``atomic()`` refuses to start.

        An existing file of 0 bytes is never silently turned into an empty town: it is
        reported as damaged (``create`` only creates files that do not exist).

        Raises ``DamagedDatabaseError`` when the file exists but is damaged, truncated, empty
        or not a まちDX台帳 database, other ``StorageError``s (Japanese messages) when it
        cannot be used for other reasons; nothing is written to a file that fails the checks.
        """
        file = Path(path).expanduser().absolute()
        exists = file.exists()
        if exists:
            _check_is_sqlite(file)
            if not readonly and not os.access(file, os.W_OK):
                raise StorageError(f"データベースファイルに書き込む権限がありません：{file}")
        elif readonly or not create:
            raise StorageError(f"データベースファイルが見つかりません：{file}")
        if not readonly:
            _check_folder_writable(file.parent)
        try:
            if readonly:
                conn = sqlite3.connect(_readonly_uri(file), uri=True, isolation_level=None, timeout=5.0)
            else:
                conn = sqlite3.connect(str(file), isolation_level=None, timeout=5.0)
        except sqlite3.Error as exc:
            raise StorageError(f"データベースを開けませんでした：{file}", detail=str(exc)) from exc
        store = cls(conn, file, readonly=readonly)
        try:
            # Read-only checks first: switching to WAL rewrites the file header, which must
            # not happen to another app's file or to one from a newer version.
            store._configure(wal=False)
            store._check_integrity()
            store._check_identity()
            store._check_not_newer()
            if readonly:
                if migrate:
                    store._check_not_older()
            elif migrate:
                store._configure(wal=True)
                store._migrate()
        except BaseException:
            conn.close()
            raise
        return store

    @classmethod
    def memory(cls) -> Store:
        """An in-memory database with the current schema (tests, previews)."""
        store = cls(sqlite3.connect(":memory:", isolation_level=None), None)
        store._configure(wal=False)
        store._migrate()
        return store

    def close(self) -> None:
        self.conn.close()

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, imported on first use (start-up speed)."""
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    def table_names(self) -> list[str]:
        rows = self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        return [str(row[0]) for row in rows]

    @property
    def readonly(self) -> bool:
        """True when opened with ``readonly=True``: reading only, ``atomic()`` refuses."""
        return self._readonly

    @property
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    # -- transactions --------------------------------------------------------------
    @contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside is committed together or not at all.

        Nested calls become savepoints, so a use case can group several repository calls.
        Raises ``StorageError`` before touching anything when the store is read-only.
        """
        if self._readonly:
            raise StorageError(READONLY_MESSAGE)
        if self.conn.in_transaction:
            self._savepoints += 1
            name = f"sp{self._savepoints}"
            self.conn.execute(f"SAVEPOINT {name}")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
                raise
            finally:
                self._savepoints -= 1
            self.conn.execute(f"RELEASE {name}")
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _storage_error_for(exc) from exc
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self.conn.execute("ROLLBACK")
            raise _storage_error_for(exc) from exc

    # -- internals -----------------------------------------------------------------
    def _configure(self, *, wal: bool) -> None:
        try:
            self.conn.execute("PRAGMA foreign_keys = ON")
            if wal and self.path is not None and is_network_path(self.path):
                # WAL's shared memory is not coherent across PCs on a share: use the
                # rollback journal there, with full syncs.
                self.conn.execute("PRAGMA journal_mode = DELETE")
                self.conn.execute("PRAGMA synchronous = FULL")
            elif wal:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            raise _damaged_or_busy(
                exc, "データベースファイルが壊れているか、SQLiteのファイルではありません。"
            ) from exc

    def _check_integrity(self) -> None:
        """``PRAGMA integrity_check`` (``quick_check`` above ``INTEGRITY_CHECK_MAX_BYTES``)."""
        check = "integrity_check" if self._file_bytes() <= INTEGRITY_CHECK_MAX_BYTES else "quick_check"
        try:
            result = [str(row[0]) for row in self.conn.execute(f"PRAGMA {check}(20)").fetchall()]
        except sqlite3.DatabaseError as exc:
            raise _damaged_or_busy(exc, _DAMAGED_MESSAGE) from exc
        if result != ["ok"]:
            raise DamagedDatabaseError(_DAMAGED_MESSAGE, detail="; ".join(result[:5]))

    def _file_bytes(self) -> int:
        if self.path is None:
            return 0
        total = 0
        for file in (self.path, Path(f"{self.path}-wal")):
            try:
                total += file.stat().st_size
            except OSError:
                pass
        return total

    def _check_identity(self) -> None:
        app_id = int(self.conn.execute("PRAGMA application_id").fetchone()[0])
        has_tables = bool(self.table_names())
        if app_id != APPLICATION_ID and (app_id != 0 or has_tables):
            raise DamagedDatabaseError(
                "このファイルはまちDX台帳のデータベースではありません（別のアプリのSQLiteファイルです）。"
            )

    def _check_not_older(self) -> None:
        """Read-only opening cannot migrate: an older schema must first be opened normally."""
        current = self.schema_version
        if current < LATEST_SCHEMA_VERSION:
            raise StorageError(
                f"このデータベースは以前の版の形式です（データの版 {current}、このアプリの版 "
                f"{LATEST_SCHEMA_VERSION}）。読み取り専用では開けません。"
                "他の端末での編集が終わってから通常どおり開き、形式を更新してください。"
            )

    def _check_not_newer(self) -> None:
        current = self.schema_version
        if current > LATEST_SCHEMA_VERSION:
            raise NewerSchemaError(
                f"このデータベースは新しい版のまちDX台帳で作成されています"
                f"（データの版 {current}、このアプリが扱える版 {LATEST_SCHEMA_VERSION}）。"
                "アプリを更新してから開いてください。"
            )

    def _migrate(self) -> None:
        self._check_not_newer()
        current = self.schema_version
        if current == LATEST_SCHEMA_VERSION:
            return
        if current > 0 and self.path is not None:
            from models.store.backups import create_backup  # backups imports this module

            self.migration_backup = create_backup(self, "migration").path
        for version in range(current + 1, LATEST_SCHEMA_VERSION + 1):
            with self.atomic():
                MIGRATIONS[version - 1](self.db)
                self.conn.execute(f"PRAGMA user_version = {version}")
                self.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def backup_to(self, target: Path) -> Path:
        """Copy the whole database to ``target`` with SQLite's online backup."""
        target.parent.mkdir(parents=True, exist_ok=True)
        dest = sqlite3.connect(str(target))
        try:
            self.conn.backup(dest)
        finally:
            dest.close()
        return target


def _check_is_sqlite(file: Path) -> None:
    if file.is_dir():
        raise StorageError(f"フォルダが指定されています。データベースファイルを指定してください：{file}")
    try:
        with file.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"データベースファイルを読み込めません：{file}", detail=str(exc)) from exc
    if not header:
        # Never initialised as a new town: the user expected data here (a failed copy or
        # sync, a full disk). SQLite ignores a -wal file beside a 0-byte file, so nothing
        # can be recovered from one either.
        raise DamagedDatabaseError(
            f"データベースファイルが空です（0バイト）：{file.name}\n"
            "コピーや保存が途中で失敗した可能性があります。"
            "バックアップから復元するか、新しいデータファイルを作成してください。"
        )
    if header != SQLITE_HEADER:
        raise DamagedDatabaseError(
            f"このファイルはまちDX台帳のデータベース（SQLite）ではありません：{file.name}"
        )


def _readonly_uri(file: Path) -> str:
    """A ``file:`` URI opening ``file`` read-only: spaces, ``?``, ``#``, ``%`` and non-ASCII
    names percent-encoded; ``C:/…`` becomes ``file:///C:/…`` and a UNC path
    ``//server/share/…`` becomes ``file:////server/share/…`` (empty authority)."""
    posix = file.as_posix()
    if not posix.startswith("/"):
        posix = "/" + posix
    return f"file://{quote(posix, safe='/:')}?mode=ro"


def _check_folder_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"データフォルダを作成できません：{folder}", detail=str(exc)) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StorageError(
            f"データフォルダに書き込む権限がありません：{folder}\n別の保存場所を選んでください。"
        )


_DAMAGED_MESSAGE = "データベースファイルが壊れています。"


def _damaged_or_busy(exc: sqlite3.DatabaseError, message: str) -> StorageError:
    """A failure while checking a file: damage, unless SQLite reports a lock or an I/O fault."""
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        if any(word in text for word in ("locked", "busy", "readonly", "read-only")):
            return _storage_error_for(exc)
        if "unable to open" in text or "i/o" in text:
            return StorageError(
                "データベースファイルを読み込めませんでした。"
                "ネットワークやディスクの状態を確認してから、もう一度開いてください。",
                detail=str(exc),
            )
    return DamagedDatabaseError(message, detail=str(exc))


def _storage_error_for(exc: sqlite3.Error) -> StorageError:
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return StorageError("データベースに書き込めません（読み取り専用です）。", detail=str(exc))
    if "locked" in text or "busy" in text:
        return StorageError("データベースが他の処理で使用中のため保存できませんでした。", detail=str(exc))
    if "disk" in text or "full" in text:
        return StorageError("ディスクの空き容量が不足しているため保存できませんでした。", detail=str(exc))
    return StorageError("データベースへの保存に失敗しました。", detail=str(exc))
