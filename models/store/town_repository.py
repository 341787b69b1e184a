"""Reading and writing the town profile (one row) through the single write path."""

from __future__ import annotations

from datetime import date
from typing import Any

from models.store.audit import record_change
from models.store.database import Store
from models.town import FIELD_BY_NAME, FIELDS, FieldKind, TownProfile, validate_profile

TABLE = "town_profile"
_COLUMNS = [spec.name for spec in FIELDS]


class TownRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    def load(self) -> TownProfile:
        """The stored profile, or an empty one when nothing has been saved yet."""
        row = self.store.conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM {TABLE} WHERE id = 1").fetchone()
        if row is None:
            return TownProfile()
        return TownProfile(**{name: _from_db(name, value) for name, value in zip(_COLUMNS, row, strict=True)})

    def identity(self) -> tuple[str, str]:
        """(団体名, 団体コード) with a query that works on every schema version."""
        row = self.store.conn.execute(f"SELECT name, lg_code FROM {TABLE} WHERE id = 1").fetchone()
        return (str(row[0]), str(row[1])) if row else ("", "")

    def update(self, changes: dict[str, Any], *, enforce_rules: bool = True) -> TownProfile:
        """Apply field changes in one transaction with one audit record per changed field.

        ``enforce_rules`` is False only when restoring a state that was stored before
        (undo), which may predate a rule being satisfied (e.g. an empty new town).
        Raises ``ValidationError`` and writes nothing when the result breaks a rule.
        """
        unknown = set(changes) - set(_COLUMNS)
        if unknown:
            raise KeyError(f"unknown profile fields: {sorted(unknown)}")
        with self.store.atomic() as conn:
            before = self.load()
            after = before.with_changes(changes)
            if enforce_rules:
                errors = validate_profile(after)
                if errors:
                    raise errors[0]
            changed = {name: value for name, value in changes.items() if getattr(before, name) != value}
            if not changed:
                return before
            exists = conn.execute(f"SELECT 1 FROM {TABLE} WHERE id = 1").fetchone() is not None
            if not exists:
                conn.execute(f"INSERT INTO {TABLE} (id) VALUES (1)")
            assignments = ", ".join(f"{name} = ?" for name in changed)
            conn.execute(
                f"UPDATE {TABLE} SET {assignments} WHERE id = 1",
                [_to_db(name, value) for name, value in changed.items()],
            )
            for name, value in changed.items():
                record_change(
                    conn,
                    action="update" if exists else "insert",
                    table_name=TABLE,
                    record_key="1",
                    field=name,
                    old=getattr(before, name),
                    new=value,
                )
        return after

    def replace_all(self, profile: TownProfile) -> TownProfile:
        """Store a whole profile (demo town, import), validated first."""
        return self.update(profile.as_dict())


def _to_db(name: str, value: Any) -> Any:
    kind = FIELD_BY_NAME[name].kind
    if kind is FieldKind.DATE:
        return value.isoformat() if value else None
    if kind is FieldKind.FLAG:
        return 1 if value else 0
    return value


def _from_db(name: str, value: Any) -> Any:
    kind = FIELD_BY_NAME[name].kind
    if kind is FieldKind.DATE:
        return date.fromisoformat(value) if value else None
    if kind is FieldKind.FLAG:
        return bool(value)
    return value
