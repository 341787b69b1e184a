"""Backing up and restoring the database file (``main.py backup`` / ``restore``) and the
automatic backups the GUI makes on open and on close.

The command functions return (ok, lines to print) and raise ``AppError`` for expected
failures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from models.errors import StorageError
from models.store.backups import (
    BackupInfo,
    create_backup,
    damaged_copies,
    generations_setting,
    list_backups,
    needs_daily_backup,
    read_schema_version,
    restore_backup,
)
from models.store.database import Store
from models.store.lock import exclusive

#: Automatic backups that are skipped when the newest backup already holds the same data,
#: so opening and closing the app without editing does not push out older generations.
SKIPPED_WHEN_UNCHANGED = frozenset({"close", "daily"})


def automatic_backup(store: Store, reason: str) -> BackupInfo | None:
    """The backup the GUI makes on close (``close``), on the first open of the day (``daily``)
    or before a risky operation (``import``, ``freeze``, ``handover``…).

    Returns the backup holding the current state (for ``close``/``daily`` possibly an
    existing one when nothing changed since), or None when there is nothing to do: an
    in-memory store, or a ``daily`` backup already made today.
    Raises ``StorageError`` when the backup cannot be written (disk full, read-only
    folder): the caller decides whether to go on (closing) or to stop (before an import).
    """
    if store.path is None:
        return None
    if reason == "daily" and not needs_daily_backup(store.path):
        return None
    return create_backup(store, reason, skip_if_unchanged=reason in SKIPPED_WHEN_UNCHANGED)


def backup_command(args: Any) -> tuple[bool, list[str]]:
    """``main.py backup --db PATH``: a manual backup now (the file itself is not changed)."""
    db = Path(args.db).expanduser().absolute()
    # Reading is enough: works while another instance edits the file, and never changes it.
    store = Store.open(db, create=False, migrate=False, readonly=True)
    try:
        info = create_backup(store, "manual")
        keep = generations_setting(store)
    finally:
        store.close()
    count = len(list_backups(db))
    return True, [
        f"バックアップを作成しました：{info.path}（{size_text(info.size)}、データの版 {_version_text(info.schema_version)}）",
        f"保存しているバックアップ：{count}件（最大{keep}世代）",
    ]


def restore_command(args: Any) -> tuple[bool, list[str]]:
    """``main.py restore --db PATH --from FILE``: the current state is backed up first."""
    db = Path(args.db).expanduser().absolute()
    source = Path(args.source).expanduser().absolute()
    if not source.is_file():
        raise StorageError(f"復元するバックアップファイルが見つかりません：{source}")
    existed = db.exists()
    with exclusive(db, "このデータベースは使用中のため復元できません"):
        previous = restore_backup(db, source)
    lines = [
        f"復元しました：{db}",
        f"復元したバックアップ：{source}（データの版 {_version_text(read_schema_version(db))}）",
    ]
    if previous is not None:
        lines.append(f"復元前の状態をバックアップしました：{previous.path}")
        lines.append(f"元に戻すには：main.py restore --db {_arg(db)} --from {_arg(previous.path)}")
    elif existed:
        copies = damaged_copies(db)
        where = copies[0] if copies else db.parent
        lines.append(f"復元前のファイルは壊れていたため、そのままの内容を保存しました：{where}")
    else:
        lines.append("復元前のデータベースファイルはありませんでした（新しく作成しました）。")
    return True, lines


def size_text(size: int) -> str:
    """「12.3 KB」「4.5 MB」 as the file lists show sizes."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):,.1f} MB"
    return f"{max(size, 1) / 1024:,.1f} KB"


def _arg(path: Path) -> str:
    """A path as it can be pasted into a command line."""
    return f'"{path}"' if " " in str(path) else str(path)


def _version_text(version: int | None) -> str:
    return "不明" if version is None else str(version)
