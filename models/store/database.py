"""Opening the database file safely: checks, pragmas, migrations, transactions."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from models.errors import NewerSchemaError, StorageError
from models.store.migrations import MIGRATIONS

if TYPE_CHECKING:
    import sqlite_utils

APPLICATION_ID = 0x4D445843  # "MDXC": marks a まちDX台帳 database
SQLITE_HEADER = b"SQLite format 3\x00"
LATEST_SCHEMA_VERSION = len(MIGRATIONS)
BACKUP_DIR_NAME = "backups"


class Store:
    """An open database. Use ``Store.open(path)`` or ``Store.memory()``."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.path = path
        self._db: sqlite_utils.Database | None = None
        self.migration_backup: Path | None = None
        self._savepoints = 0

    # -- opening -------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = True, migrate: bool = True) -> Store:
        """Open (or create) the database at ``path`` and bring its schema up to date.

        With ``migrate=False`` an older schema is left as it is (for ``check``).

        Raises ``StorageError`` with a Japanese message when the file is not a usable
        まちDX台帳 database; nothing is written to a file that fails the checks.
        """
        file = Path(path).expanduser().absolute()
        exists = file.exists()
        if exists:
            _check_is_sqlite(file)
            if not os.access(file, os.W_OK):
                raise StorageError(f"データベースファイルに書き込む権限がありません：{file}")
        elif not create:
            raise StorageError(f"データベースファイルが見つかりません：{file}")
        _check_folder_writable(file.parent)
        try:
            conn = sqlite3.connect(str(file), isolation_level=None, timeout=5.0)
        except sqlite3.Error as exc:
            raise StorageError(f"データベースを開けませんでした：{file}", detail=str(exc)) from exc
        store = cls(conn, file)
        try:
            # Read-only checks first: switching to WAL rewrites the file header, which must
            # not happen to another app's file or to one from a newer version.
            store._configure(wal=False)
            store._check_integrity()
            store._check_identity()
            store._check_not_newer()
            if migrate:
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
    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    # -- transactions --------------------------------------------------------------
    @contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside is committed together or not at all.

        Nested calls become savepoints, so a use case can group several repository calls.
        """
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
            if wal:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            raise StorageError(
                "データベースファイルが壊れているか、SQLiteのファイルではありません。",
                detail=str(exc),
            ) from exc

    def _check_integrity(self) -> None:
        try:
            result = self.conn.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StorageError("データベースファイルが壊れています。", detail=str(exc)) from exc
        if result != "ok":
            raise StorageError("データベースファイルが壊れています。", detail=str(result))

    def _check_identity(self) -> None:
        app_id = int(self.conn.execute("PRAGMA application_id").fetchone()[0])
        has_tables = bool(self.table_names())
        if app_id != APPLICATION_ID and (app_id != 0 or has_tables):
            raise StorageError(
                "このファイルはまちDX台帳のデータベースではありません（別のアプリのSQLiteファイルです）。"
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
            self.migration_backup = self.backup_to(
                self.path.parent / BACKUP_DIR_NAME / _backup_name(self.path, f"before-v{current + 1}")
            )
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


def _backup_name(db_file: Path, reason: str) -> str:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return f"{db_file.stem}-{stamp}-{reason}.db"


def _check_is_sqlite(file: Path) -> None:
    if file.is_dir():
        raise StorageError(f"フォルダが指定されています。データベースファイルを指定してください：{file}")
    try:
        with file.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"データベースファイルを読み込めません：{file}", detail=str(exc)) from exc
    if header and header != SQLITE_HEADER:
        raise StorageError(f"このファイルはまちDX台帳のデータベース（SQLite）ではありません：{file.name}")


def _check_folder_writable(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"データフォルダを作成できません：{folder}", detail=str(exc)) from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StorageError(
            f"データフォルダに書き込む権限がありません：{folder}\n別の保存場所を選んでください。"
        )


def _storage_error_for(exc: sqlite3.Error) -> StorageError:
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return StorageError("データベースに書き込めません（読み取り専用です）。", detail=str(exc))
    if "locked" in text or "busy" in text:
        return StorageError("データベースが他の処理で使用中のため保存できませんでした。", detail=str(exc))
    if "disk" in text or "full" in text:
        return StorageError("ディスクの空き容量が不足しているため保存できませんでした。", detail=str(exc))
    return StorageError("データベースへの保存に失敗しました。", detail=str(exc))
