"""Storing the checklist through the single write path (ARCHITECTURE.md §2).

Tables (migration 3): ``procedure_catalogue`` (one row per procedure, keyed by its stable
code, with ``position`` for the display order, ``origin`` national/town, ``retired`` and the
``list_version`` it was last listed in), ``procedure_statuses`` (the town's answer, one row
per catalogue entry) and ``procedure_usage`` (手続総件数 / うちオンライン件数 per code and
年度). The version of the national list in use is the meta row ``procedures_list_version``.
The migration seeds the bundled national list with default answers, so ``load()`` only reads.

Every method that writes validates first (``ValidationError`` with a Japanese message, and
nothing written), writes in one transaction and appends one audit row per changed value
(``table_name = "procedures"``; field paths and wording in :mod:`models.procedures.labels`).
``enforce_rules=False`` is for restoring a state that was stored before (undo).

National entries are never deleted: the town marks them 対象外, and an entry a newer list no
longer has is kept as retired with its answer and figures. The town's own procedures
(codes T-001…, never reused) can be renamed and retired; ``delete_town_procedure`` exists
only to undo an addition.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import fields, replace
from datetime import date
from typing import Any

from models.errors import ValidationError
from models.procedures.alerts import MAX_SHORT_TEXT, validate_status, validate_usage
from models.procedures.catalogue import default_status
from models.procedures.catalogue_update import (
    CatalogueDiff,
    diff_catalogue,
    merge_update,
    retired_from_list,
)
from models.procedures.labels import AUDIT_TABLE, LIST_VERSION_FIELD, usage_record_key, usage_summary
from models.procedures.records import CatalogueEntry, Checklist, ProcedureStatus, UsageFigures
from models.store.audit import record_change
from models.store.database import Store
from models.text import normalise_for_matching

__all__ = [
    "LIST_VERSION_KEY",
    "MAX_NAME_LENGTH",
    "NATIONAL_NOT_DELETABLE",
    "ChecklistRepository",
]

LIST_VERSION_KEY = "procedures_list_version"
TOWN_CODE_KEY = "procedures_last_town_code"  # the last T- number given (codes are never reused)
MAX_NAME_LENGTH = 200
NATIONAL_NOT_DELETABLE = "国の一覧の手続は削除できません。対象外にしてください。"
TOWN_CODE_PREFIX = "T-"
_TOWN_CODE_RE = re.compile(r"T-(\d+)")
_ENTRY_FIELDS = ("name", "category", "level", "in_31", "in_58_class", "note", "source", "origin", "retired")
_STATUS_FIELDS = tuple(f.name for f in fields(ProcedureStatus) if f.name != "code")
_BOOL_ENTRY = frozenset({"in_31", "retired"})


# -- values in and out of the database ----------------------------------------------------


def _db(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _optional_bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _entry_from_row(row: tuple[Any, ...]) -> CatalogueEntry:
    values = dict(zip(("code", *_ENTRY_FIELDS), row, strict=True))
    for name in _BOOL_ENTRY:
        values[name] = bool(values[name])
    return CatalogueEntry(**values)


def _status_from_row(row: tuple[Any, ...]) -> ProcedureStatus:
    values = dict(zip(("code", *_STATUS_FIELDS), row, strict=True))
    values["applicable"] = bool(values["applicable"])
    values["standard_form"] = _optional_bool(values["standard_form"])
    values["card_auth"] = _optional_bool(values["card_auth"])
    values["online_since"] = date.fromisoformat(values["online_since"]) if values["online_since"] else None
    return ProcedureStatus(**values)


def _has_figures(figures: UsageFigures | None) -> bool:
    return figures is not None and (figures.total is not None or figures.online is not None)


def _same(old: Any, new: Any) -> bool:
    return old == new and type(old) is type(new)


# -- the repository -------------------------------------------------------------------------


class ChecklistRepository:
    """The town's checklist: catalogue, answers and usage figures."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- reading -----------------------------------------------------------------------
    def load(self) -> Checklist:
        """The stored checklist (catalogue in display order, one answer per entry, figures by
        entry and 年度). An older schema without the tables gives an empty ``Checklist()``."""
        conn = self.store.conn
        if not self._has_tables():
            return Checklist()
        catalogue = tuple(
            _entry_from_row(r)
            for r in conn.execute(
                f"SELECT code, {', '.join(_ENTRY_FIELDS)} FROM procedure_catalogue ORDER BY position, code"
            )
        )
        statuses = tuple(
            _status_from_row(r)
            for r in conn.execute(
                f"SELECT s.code, {', '.join('s.' + n for n in _STATUS_FIELDS)} FROM procedure_statuses s"
                " JOIN procedure_catalogue c ON c.code = s.code ORDER BY c.position, c.code"
            )
        )
        usage = tuple(
            UsageFigures(code=r[0], fiscal_year=r[1], total=r[2], online=r[3])
            for r in conn.execute(
                "SELECT u.code, u.fiscal_year, u.total, u.online FROM procedure_usage u"
                " JOIN procedure_catalogue c ON c.code = u.code ORDER BY c.position, c.code, u.fiscal_year"
            )
        )
        return Checklist(
            catalogue=catalogue, statuses=statuses, usage=usage, list_version=self.list_version()
        )

    def list_version(self) -> str:
        row = self.store.conn.execute("SELECT value FROM meta WHERE key = ?", (LIST_VERSION_KEY,)).fetchone()
        return str(row[0]) if row else ""

    def _has_tables(self) -> bool:
        row = self.store.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'procedure_catalogue'"
        ).fetchone()
        return row is not None

    def _entry(self, code: str) -> CatalogueEntry | None:
        row = self.store.conn.execute(
            f"SELECT code, {', '.join(_ENTRY_FIELDS)} FROM procedure_catalogue WHERE code = ?", (code,)
        ).fetchone()
        return _entry_from_row(row) if row else None

    def _require_entry(self, code: str) -> CatalogueEntry:
        entry = self._entry(code)
        if entry is None:
            raise ValidationError(f"手続が見つかりません（コード：{code}）。", field="code")
        return entry

    def _status(self, code: str) -> ProcedureStatus | None:
        row = self.store.conn.execute(
            f"SELECT code, {', '.join(_STATUS_FIELDS)} FROM procedure_statuses WHERE code = ?", (code,)
        ).fetchone()
        return _status_from_row(row) if row else None

    def _usage(self, code: str, fiscal_year: int) -> UsageFigures | None:
        row = self.store.conn.execute(
            "SELECT code, fiscal_year, total, online FROM procedure_usage WHERE code = ? AND fiscal_year = ?",
            (code, fiscal_year),
        ).fetchone()
        return UsageFigures(row[0], row[1], row[2], row[3]) if row else None

    # -- the town's answers and figures ------------------------------------------------------
    def save_status(self, status: ProcedureStatus, *, enforce_rules: bool = True) -> ProcedureStatus:
        """Store the answer for one procedure (one audit row per changed field)."""
        with self.store.atomic() as conn:
            entry = self._require_entry(status.code)
            if enforce_rules:
                errors = validate_status(status)
                if errors:
                    raise errors[0]
            self._write_status(conn, entry, self._status(status.code), status)
        return status

    def save_usage(self, figures: UsageFigures, *, enforce_rules: bool = True) -> UsageFigures:
        """Store one 年度's counts of one procedure; both counts ``None`` removes the 年度.

        うちオンライン件数 above 手続総件数 is refused (also with ``enforce_rules=False``: the
        database never holds such a pair)."""
        return self.save_usage_many([figures], enforce_rules=enforce_rules)[0]

    def save_usage_many(
        self, rows: Iterable[UsageFigures], *, enforce_rules: bool = True
    ) -> list[UsageFigures]:
        """Store many figures (a paste) in one transaction: all of them or none."""
        items = list(rows)
        with self.store.atomic() as conn:
            entries: dict[str, CatalogueEntry] = {}
            seen: set[tuple[str, int]] = set()
            for figures in items:
                entry = entries.get(figures.code) or self._require_entry(figures.code)
                entries[figures.code] = entry
                key = (figures.code, figures.fiscal_year)
                if key in seen:
                    raise ValidationError(
                        f"「{usage_record_key(entry.name, figures.fiscal_year)}」の件数が重複しています。",
                        field="fiscal_year",
                    )
                seen.add(key)
                _check_usage(entry, figures, enforce_rules)
            for figures in items:
                before = self._usage(figures.code, figures.fiscal_year)
                self._write_usage(conn, entries[figures.code], before, figures)
        return items

    # -- the town's own procedures ---------------------------------------------------------
    def add_town_procedure(self, name: str, category: str = "", owner_dept: str = "") -> CatalogueEntry:
        """Add a procedure of the town's own (code T-001, T-002 … never reused)."""
        name, category, owner_dept = name.strip(), category.strip(), owner_dept.strip()
        _check_text(category, "分類", "category", 50)
        _check_text(owner_dept, "担当課", "owner_dept", MAX_SHORT_TEXT)
        with self.store.atomic() as conn:
            self._check_name(name)
            numbers = [
                int(m.group(1))
                for (code,) in conn.execute("SELECT code FROM procedure_catalogue WHERE origin = 'town'")
                if (m := _TOWN_CODE_RE.fullmatch(code))
            ]
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (TOWN_CODE_KEY,)).fetchone()
            number = max([*numbers, int(row[0]) if row else 0]) + 1
            code = f"{TOWN_CODE_PREFIX}{number:03d}"
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (TOWN_CODE_KEY, str(number))
            )
            if self._entry(code) is not None:  # an imported list used the town's prefix
                raise ValidationError(f"手続コード{code}はすでに使われています。", field="code")
            entry = CatalogueEntry(code=code, name=name, category=category, origin="town")
            self._insert_entry(conn, entry, self._next_position(), list_version="")
            status = replace(default_status(entry), owner_dept=owner_dept)
            self._insert_status(conn, status)
            record_change(
                conn,
                action="insert",
                table_name=AUDIT_TABLE,
                record_key=name,
                field=f"catalogue.{code}",
                new=name,
            )
            if owner_dept:
                record_change(
                    conn,
                    action="update",
                    table_name=AUDIT_TABLE,
                    record_key=name,
                    field=f"statuses.{code}.owner_dept",
                    new=owner_dept,
                )
        return entry

    def edit_town_procedure(self, code: str, name: str, *, category: str | None = None) -> CatalogueEntry:
        """Rename (and re-categorise) one of the town's own procedures."""
        with self.store.atomic() as conn:
            before = self._require_entry(code)
            if before.origin != "town":
                raise ValidationError("国の一覧の手続の名称は変更できません。", field="name")
            name = name.strip()
            self._check_name(name, exclude=code)
            after = replace(before, name=name)
            if category is not None:
                category = category.strip()
                _check_text(category, "分類", "category", 50)
                after = replace(after, category=category)
            self._update_entry(conn, before, after)
        return after

    def retire_town_procedure(self, code: str, retired: bool = True) -> CatalogueEntry:
        """Mark one of the town's own procedures as no longer used (or used again); its
        answer and figures are kept. National entries cannot be retired: mark them 対象外."""
        with self.store.atomic() as conn:
            before = self._require_entry(code)
            if before.origin != "town":
                raise ValidationError(NATIONAL_NOT_DELETABLE, field="retired")
            if not retired:
                self._check_name(before.name, exclude=code)
            after = replace(before, retired=retired)
            self._update_entry(conn, before, after)
        return after

    def delete_town_procedure(self, code: str) -> None:
        """Remove one of the town's own procedures with its answer and figures (to undo an
        addition). National entries cannot be deleted."""
        with self.store.atomic() as conn:
            entry = self._require_entry(code)
            if entry.origin != "town":
                raise ValidationError(NATIONAL_NOT_DELETABLE, field="code")
            self._delete_entry(conn, entry)

    def _check_name(self, name: str, *, exclude: str = "") -> None:
        if not name:
            raise ValidationError("手続の名称を入力してください。", field="name")
        if len(name) > MAX_NAME_LENGTH:
            raise ValidationError(f"手続の名称は{MAX_NAME_LENGTH}文字以内で入力してください。", field="name")
        key = normalise_for_matching(name)
        for code, other in self.store.conn.execute(
            "SELECT code, name FROM procedure_catalogue WHERE retired = 0 AND code <> ?", (exclude,)
        ):
            if normalise_for_matching(other) == key:
                raise ValidationError(
                    f"同じ名称の手続「{other}」がすでにあります（コード：{code}）。", field="name"
                )

    def _next_position(self) -> int:
        row = self.store.conn.execute(
            "SELECT COALESCE(MAX(position), -1) + 1 FROM procedure_catalogue"
        ).fetchone()
        return int(row[0])

    # -- a newer national list --------------------------------------------------------------
    def apply_catalogue_update(
        self, new_entries: Iterable[CatalogueEntry], list_version: str
    ) -> CatalogueDiff:
        """Replace the national list by ``new_entries`` (see ``catalogue_update.diff_catalogue``
        for what changes): new entries get their default answer, changed ones are updated,
        entries the new list lacks are kept as retired with a note; the town's answers,
        figures and own procedures stay. Returns the diff that was applied."""
        list_version = list_version.strip()
        if not list_version:
            raise ValidationError("一覧の版（例：2024-04）を入力してください。", field="list_version")
        new = [replace(e, origin="national", retired=False) for e in new_entries]
        if not new:
            raise ValidationError("新しい一覧に手続がありません。")
        with self.store.atomic() as conn:
            current = self.load()
            town_codes = {e.code for e in current.catalogue if e.origin == "town"}
            clash = [e.code for e in new if e.code in town_codes]
            if clash:
                raise ValidationError(
                    f"新しい一覧のコード{clash[0]}は本町独自の手続のコードと重複しています。"
                )
            diff = diff_catalogue(current.catalogue, new)
            by_code = {e.code: e for e in current.catalogue}
            position = 0
            for entry in new:
                before = by_code.get(entry.code)
                if before is None:
                    self._insert_entry(conn, entry, position, list_version=list_version)
                    self._insert_status(conn, default_status(entry))
                    record_change(
                        conn,
                        action="insert",
                        table_name=AUDIT_TABLE,
                        record_key=entry.name,
                        field=f"catalogue.{entry.code}",
                        new=entry.name,
                    )
                else:
                    self._update_entry(conn, before, merge_update(before, entry))
                    conn.execute(
                        "UPDATE procedure_catalogue SET position = ?, list_version = ? WHERE code = ?",
                        (position, list_version, entry.code),
                    )
                position += 1
            listed = {e.code for e in new}
            removed = {e.code for e in diff.removed}
            for entry in current.catalogue:
                if entry.code in listed:
                    continue
                if entry.code in removed:
                    self._update_entry(conn, entry, retired_from_list(entry, list_version))
                conn.execute(
                    "UPDATE procedure_catalogue SET position = ? WHERE code = ?", (position, entry.code)
                )
                position += 1
            self._set_list_version(conn, list_version)
        return diff

    def _set_list_version(self, conn: sqlite3.Connection, list_version: str) -> None:
        old = self.list_version()
        if old == list_version:
            return
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (LIST_VERSION_KEY, list_version)
        )
        record_change(
            conn,
            action="update",
            table_name=AUDIT_TABLE,
            record_key="国の手続一覧",
            field=LIST_VERSION_FIELD,
            old=old or None,
            new=list_version,
        )

    # -- the whole checklist ---------------------------------------------------------------
    def replace_all(self, checklist: Checklist, *, enforce_rules: bool = True) -> Checklist:
        """Store a whole checklist (Excel import, demo town) in one transaction, keeping codes.

        Entries of ``checklist.catalogue`` are added or updated in its order (an empty
        catalogue keeps the stored one); a stored town procedure it lacks is deleted with
        its answer and figures, a stored national entry it lacks is kept. Every entry gets
        the checklist's answer (or its default answer), the figures become exactly the
        checklist's, and a non-empty ``list_version`` is stored. Returns the stored checklist.
        """
        with self.store.atomic() as conn:
            current = self.load()
            stored = {e.code: e for e in current.catalogue}
            target = list(checklist.catalogue) if checklist.catalogue else list(current.catalogue)
            _check_catalogue(target)
            kept = [
                e
                for e in current.catalogue
                if e.origin == "national" and e.code not in {t.code for t in target}
            ]
            entries = {e.code: e for e in (*target, *kept)}
            statuses = _unique_by_code(checklist.statuses, entries)
            usage = _unique_usage(checklist.usage, entries)
            for status in statuses.values():
                if enforce_rules:
                    errors = validate_status(status)
                    if errors:
                        raise ValidationError(
                            f"「{entries[status.code].name}」：{errors[0].user_message}",
                            field=errors[0].field,
                        )
            for figures in usage.values():
                _check_usage(entries[figures.code], figures, enforce_rules)

            for entry in current.catalogue:
                if entry.origin == "town" and entry.code not in entries:
                    self._delete_entry(conn, entry)
            for position, entry in enumerate((*target, *kept)):
                before = stored.get(entry.code)
                if before is None:
                    self._insert_entry(conn, entry, position, list_version=checklist.list_version)
                    record_change(
                        conn,
                        action="insert",
                        table_name=AUDIT_TABLE,
                        record_key=entry.name,
                        field=f"catalogue.{entry.code}",
                        new=entry.name,
                    )
                else:
                    self._update_entry(conn, before, entry)
                    conn.execute(
                        "UPDATE procedure_catalogue SET position = ? WHERE code = ?", (position, entry.code)
                    )
            for code, entry in entries.items():
                after = statuses.get(code) or default_status(entry)
                self._write_status(conn, entry, self._status(code), after)
            stored_usage = {(u.code, u.fiscal_year): u for u in current.usage if u.code in entries}
            for key, old_figures in stored_usage.items():
                if key not in usage:
                    self._write_usage(conn, entries[key[0]], old_figures, None)
            for key, figures in usage.items():
                self._write_usage(conn, entries[key[0]], stored_usage.get(key), figures)
            if checklist.list_version:
                self._set_list_version(conn, checklist.list_version)
            return self.load()

    # -- writing rows with their audit records ------------------------------------------------
    def _insert_entry(
        self, conn: sqlite3.Connection, entry: CatalogueEntry, position: int, *, list_version: str
    ) -> None:
        conn.execute(
            f"INSERT INTO procedure_catalogue (code, position, list_version, {', '.join(_ENTRY_FIELDS)})"
            f" VALUES (?, ?, ?, {', '.join('?' for _ in _ENTRY_FIELDS)})",
            (entry.code, position, list_version, *(_db(getattr(entry, n)) for n in _ENTRY_FIELDS)),
        )

    def _update_entry(self, conn: sqlite3.Connection, before: CatalogueEntry, after: CatalogueEntry) -> None:
        changed = _changed(before, after, _ENTRY_FIELDS)
        _update_columns(conn, "procedure_catalogue", after, changed)
        _audit_changes(conn, after.name, f"catalogue.{after.code}", before, after, changed)

    def _delete_entry(self, conn: sqlite3.Connection, entry: CatalogueEntry) -> None:
        conn.execute("DELETE FROM procedure_usage WHERE code = ?", (entry.code,))
        conn.execute("DELETE FROM procedure_statuses WHERE code = ?", (entry.code,))
        conn.execute("DELETE FROM procedure_catalogue WHERE code = ?", (entry.code,))
        record_change(
            conn,
            action="delete",
            table_name=AUDIT_TABLE,
            record_key=entry.name,
            field=f"catalogue.{entry.code}",
            old=entry.name,
        )

    def _insert_status(self, conn: sqlite3.Connection, status: ProcedureStatus) -> None:
        conn.execute(
            f"INSERT INTO procedure_statuses (code, {', '.join(_STATUS_FIELDS)})"
            f" VALUES (?, {', '.join('?' for _ in _STATUS_FIELDS)})",
            (status.code, *(_db(getattr(status, n)) for n in _STATUS_FIELDS)),
        )

    def _write_status(
        self,
        conn: sqlite3.Connection,
        entry: CatalogueEntry,
        before: ProcedureStatus | None,
        after: ProcedureStatus,
    ) -> None:
        base = before or default_status(entry)
        changed = _changed(base, after, _STATUS_FIELDS)
        if before is None:
            self._insert_status(conn, after)
        else:
            _update_columns(conn, "procedure_statuses", after, changed)
        _audit_changes(conn, entry.name, f"statuses.{entry.code}", base, after, changed)

    def _write_usage(
        self,
        conn: sqlite3.Connection,
        entry: CatalogueEntry,
        before: UsageFigures | None,
        after: UsageFigures | None,
    ) -> None:
        """Write one 年度 (``after`` None or without counts removes it) with its audit rows."""
        figures = after or before
        if figures is None:
            return
        key = usage_record_key(entry.name, figures.fiscal_year)
        field = f"usage.{entry.code}.{figures.fiscal_year}"
        if not _has_figures(after):
            if before is not None:
                conn.execute(
                    "DELETE FROM procedure_usage WHERE code = ? AND fiscal_year = ?",
                    (entry.code, before.fiscal_year),
                )
                record_change(
                    conn,
                    action="delete",
                    table_name=AUDIT_TABLE,
                    record_key=key,
                    field=field,
                    old=usage_summary(before.total, before.online),
                )
            return
        assert after is not None
        if before is None:
            conn.execute(
                "INSERT INTO procedure_usage (code, fiscal_year, total, online) VALUES (?, ?, ?, ?)",
                (entry.code, after.fiscal_year, after.total, after.online),
            )
            record_change(
                conn,
                action="insert",
                table_name=AUDIT_TABLE,
                record_key=key,
                field=field,
                new=usage_summary(after.total, after.online),
            )
            return
        changed = [n for n in ("total", "online") if getattr(before, n) != getattr(after, n)]
        if not changed:
            return
        conn.execute(
            "UPDATE procedure_usage SET total = ?, online = ? WHERE code = ? AND fiscal_year = ?",
            (after.total, after.online, entry.code, after.fiscal_year),
        )
        for name in changed:
            record_change(
                conn,
                action="update",
                table_name=AUDIT_TABLE,
                record_key=key,
                field=f"{field}.{name}",
                old=getattr(before, name),
                new=getattr(after, name),
            )


# -- checks shared by the writers ---------------------------------------------------------


def _check_text(value: str, label: str, field: str, limit: int) -> None:
    if len(value) > limit:
        raise ValidationError(f"{label}は{limit}文字以内で入力してください。", field=field)


def _check_usage(entry: CatalogueEntry, figures: UsageFigures, enforce_rules: bool) -> None:
    """The rules of one figure; online > total is refused even when restoring (the table's
    CHECK would refuse it anyway, with a message nobody can read)."""
    errors = validate_usage(figures)
    if not enforce_rules:
        errors = [e for e in errors if e.field == "online" and figures.online is not None]
    if errors:
        raise ValidationError(f"「{entry.name}」：{errors[0].user_message}", field=errors[0].field)


def _check_catalogue(entries: list[CatalogueEntry]) -> None:
    seen: set[str] = set()
    for entry in entries:
        if not entry.code:
            raise ValidationError("手続コードのない手続があります。", field="code")
        if entry.code in seen:
            raise ValidationError(f"手続コード{entry.code}が重複しています。", field="code")
        seen.add(entry.code)
        if not entry.name.strip():
            raise ValidationError(f"手続コード{entry.code}の名称がありません。", field="name")
        if entry.origin not in ("national", "town"):
            raise ValidationError(f"手続コード{entry.code}の区分が正しくありません。", field="origin")


def _unique_by_code(
    statuses: Iterable[ProcedureStatus], entries: dict[str, CatalogueEntry]
) -> dict[str, ProcedureStatus]:
    result: dict[str, ProcedureStatus] = {}
    for status in statuses:
        if status.code not in entries:
            raise ValidationError(f"一覧にない手続（コード：{status.code}）の状況があります。", field="code")
        if status.code in result:
            raise ValidationError(f"「{entries[status.code].name}」の状況が重複しています。", field="code")
        result[status.code] = status
    return result


def _unique_usage(
    usage: Iterable[UsageFigures], entries: dict[str, CatalogueEntry]
) -> dict[tuple[str, int], UsageFigures]:
    result: dict[tuple[str, int], UsageFigures] = {}
    seen: set[tuple[str, int]] = set()
    for figures in usage:
        if figures.code not in entries:
            raise ValidationError(f"一覧にない手続（コード：{figures.code}）の件数があります。", field="code")
        key = (figures.code, figures.fiscal_year)
        if key in seen:
            raise ValidationError(
                f"「{usage_record_key(entries[figures.code].name, figures.fiscal_year)}」の件数が重複しています。",
                field="fiscal_year",
            )
        seen.add(key)
        if _has_figures(figures):
            result[key] = figures
    return result


def _changed(before: Any, after: Any, names: Iterable[str]) -> list[str]:
    """The fields whose stored values differ."""
    return [n for n in names if not _same(getattr(before, n), getattr(after, n))]


def _update_columns(conn: sqlite3.Connection, table: str, after: Any, names: list[str]) -> None:
    """Write the changed columns of the row keyed by ``after.code``."""
    if names:
        conn.execute(
            f"UPDATE {table} SET {', '.join(f'{n} = ?' for n in names)} WHERE code = ?",
            (*(_db(getattr(after, n)) for n in names), after.code),
        )


def _audit_changes(
    conn: sqlite3.Connection, record_key: str, prefix: str, before: Any, after: Any, names: list[str]
) -> None:
    """One audit row per changed field, as 「{prefix}.{field}」 old → new."""
    for name in names:
        record_change(
            conn,
            action="update",
            table_name=AUDIT_TABLE,
            record_key=record_key,
            field=f"{prefix}.{name}",
            old=getattr(before, name),
            new=getattr(after, name),
        )
