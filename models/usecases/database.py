"""Creating and checking database files (``main.py demo`` / ``check``).

Each returns (ok, lines to print) and raises ``AppError`` for expected failures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from models.demo import create_demo
from models.errors import StorageError
from models.store.database import LATEST_SCHEMA_VERSION, Store
from models.store.town_repository import TownRepository


def create_demo_database(path: Path) -> tuple[bool, list[str]]:
    """Create the demo town at ``path``; refuses to touch a file that already holds data."""
    if path.exists() and path.stat().st_size > 0:
        raise StorageError(f"ファイルが既に存在します。上書きはしません：{path}")
    store = Store.open(path)
    try:
        create_demo(store)
        name, _ = TownRepository(store).identity()
    finally:
        store.close()
    return True, [f"サンプルの町「{name}」のデータベースを作成しました：{path}"]


def check_database(path: Path) -> tuple[bool, list[str]]:
    """Integrity check and schema version of an existing file, without changing it."""
    store = Store.open(path, create=False, migrate=False)
    try:
        result = [row[0] for row in store.conn.execute("PRAGMA integrity_check").fetchall()]
        version = store.schema_version
        lines = [f"ファイル：{path}"]
        ok = result == ["ok"]
        lines.append("整合性：正常" if ok else "整合性：異常 " + "; ".join(result[:10]))
        if version < LATEST_SCHEMA_VERSION:
            lines.append(
                f"データの版：{version}（このアプリの版 {LATEST_SCHEMA_VERSION}。開くと更新されます）"
            )
        else:
            lines.append(f"データの版：{version}")
        if version >= 1:
            name, code = TownRepository(store).identity()
            if name:
                lines.append(f"団体：{name}（{code}）")
    finally:
        store.close()
    return ok, lines


def demo_command(args: Any) -> tuple[bool, list[str]]:
    """``main.py demo --db PATH``"""
    return create_demo_database(Path(args.db))


def check_command(args: Any) -> tuple[bool, list[str]]:
    """``main.py check --db PATH``"""
    return check_database(Path(args.db))
