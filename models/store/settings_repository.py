"""Domain settings and file metadata (sample flag, creation date) in key/value tables."""

from __future__ import annotations

from dataclasses import fields, replace
from decimal import Decimal
from typing import Any

from models.settings import DomainSettings, validate_setting
from models.store.audit import record_change
from models.store.database import Store


class SettingsRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def load(self) -> DomainSettings:
        stored = dict(self.store.conn.execute("SELECT key, value FROM settings").fetchall())
        values: dict[str, Any] = {}
        for f in fields(DomainSettings):
            if f.name in stored:
                values[f.name] = _decode(f.type, stored[f.name])
        return DomainSettings(**values)

    def update(self, **changes: Any) -> DomainSettings:
        for name, value in changes.items():
            validate_setting(name, value)
        before = self.load()
        after = replace(before, **changes)
        with self.store.atomic() as conn:
            for name, value in changes.items():
                old = getattr(before, name)
                if old == value:
                    continue
                text = ("1" if value else "0") if isinstance(value, bool) else str(value)
                conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (name, text))
                record_change(
                    conn,
                    action="update",
                    table_name="settings",
                    record_key=name,
                    field=name,
                    old=old,
                    new=value,
                )
        return after


def _decode(field_type: object, text: str) -> Any:
    if field_type in (bool, "bool"):
        return text == "1"
    if field_type in (int, "int"):
        return int(text)
    if field_type in (Decimal, "Decimal"):
        return Decimal(text)
    return text


class MetaRepository:
    """Facts about the file itself (not audited: they are not the town's data)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, key: str, default: str = "") -> str:
        row = self.store.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else default

    def set(self, key: str, value: str) -> None:
        with self.store.atomic() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    @property
    def is_sample(self) -> bool:
        return self.get("is_sample") == "1"
