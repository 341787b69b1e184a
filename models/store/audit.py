"""The audit log: who (OS user) changed what, when, old → new. Written inside the same
transaction as the change it describes."""

from __future__ import annotations

import getpass
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    who: str
    action: str
    table_name: str
    record_key: str
    field: str
    old_value: str | None
    new_value: str | None


def current_user() -> str:
    """The OS account name, as the audit log records it."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (e.g. a service account without a passwd entry)
        return "不明"


def audit_text(value: Any) -> str | None:
    """How a stored value is written in the log (None stays NULL)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def record_change(
    conn: sqlite3.Connection,
    *,
    action: str,
    table_name: str,
    record_key: str,
    field: str = "",
    old: Any = None,
    new: Any = None,
) -> None:
    """Append one audit record; call inside ``Store.atomic()``."""
    conn.execute(
        "INSERT INTO audit_log (at, who, action, table_name, record_key, field, old_value, new_value)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            datetime.now().astimezone().isoformat(timespec="seconds"),
            current_user(),
            action,
            table_name,
            record_key,
            field,
            audit_text(old),
            audit_text(new),
        ),
    )


def list_entries(
    conn: sqlite3.Connection, *, table_name: str | None = None, limit: int = 1000
) -> list[AuditEntry]:
    """Newest first."""
    sql = "SELECT id, at, who, action, table_name, record_key, field, old_value, new_value FROM audit_log"
    params: tuple[Any, ...] = ()
    if table_name:
        sql += " WHERE table_name = ?"
        params = (table_name,)
    sql += " ORDER BY id DESC LIMIT ?"
    rows = conn.execute(sql, (*params, limit)).fetchall()
    return [
        AuditEntry(r[0], datetime.fromisoformat(r[1]), r[2], r[3], r[4], r[5], r[6], r[7], r[8]) for r in rows
    ]
