"""Numbered schema migrations. Migration N brings the schema from version N-1 to N.

Never edit a released migration: add a new one. Each migration runs inside
``Store.atomic()``: use ``db.execute``, ``create_table``, ``add_column`` or plain SQL, never
sqlite-utils methods that wrap themselves in ``with conn:`` (``transform``, ``insert``,
``upsert``…), which would commit half-way and defeat the rollback. ``PRAGMA user_version`` holds the version;
the database is backed up before any migration of an existing file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils


def _v1_initial(db: sqlite_utils.Database) -> None:
    db.create_table("meta", {"key": str, "value": str}, pk="key")
    db.create_table("settings", {"key": str, "value": str}, pk="key")
    db.create_table(
        "audit_log",
        {
            "id": int,
            "at": str,  # ISO timestamp, local time with offset
            "who": str,  # OS user
            "action": str,  # insert / update / delete
            "table_name": str,
            "record_key": str,
            "field": str,
            "old_value": str,
            "new_value": str,
        },
        pk="id",
        not_null={"at", "who", "action", "table_name"},
    )
    db.execute("CREATE INDEX idx_audit_log_table_at ON audit_log (table_name, at)")
    db.execute(
        """
        CREATE TABLE town_profile (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            lg_code TEXT NOT NULL DEFAULT '' CHECK (lg_code = '' OR length(lg_code) = 6),
            name TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT '',
            population INTEGER CHECK (population IS NULL OR population >= 0),
            population_as_of TEXT,
            general_staff INTEGER CHECK (general_staff IS NULL OR general_staff >= 0),
            contact_dept TEXT NOT NULL DEFAULT '',
            contact_person TEXT NOT NULL DEFAULT '',
            contact_phone TEXT NOT NULL DEFAULT '',
            contact_email TEXT NOT NULL DEFAULT '',
            cio_name TEXT NOT NULL DEFAULT '',
            cio_post TEXT NOT NULL DEFAULT '',
            cio_adviser_kind TEXT NOT NULL DEFAULT 'none',
            cio_adviser_appointment TEXT NOT NULL DEFAULT '',
            dx_dept_exists INTEGER NOT NULL DEFAULT 0,
            dx_dept_name TEXT NOT NULL DEFAULT '',
            promotion_body_kind TEXT NOT NULL DEFAULT 'none',
            promotion_body_name TEXT NOT NULL DEFAULT '',
            promotion_body_established TEXT,
            dx_policy_adopted TEXT
        )
        """
    )


MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (_v1_initial,)
