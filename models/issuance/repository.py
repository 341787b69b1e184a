"""Storing the working plan and its frozen versions through the single write path.

The working plan is one row (``issuance_plan``) and child tables; ``save`` validates the
whole plan, rewrites it in one transaction and appends one audit row per changed value
(table ``issuance_plan``; field paths and wording in :mod:`models.issuance.labels`).

Rows of windows, openings, events and measures keep their ``id`` across saves: a row
whose id is known is the same row edited, a row with ``id=None`` is new (it gets a fresh
id that is never reused), a stored id missing from the plan is a deleted row. A row whose
id is no longer stored (undo of a deletion) is written back with the same id. Staff are
keyed by type, months by month, milestones by date, 阻害要因 and subsidies by value.

Frozen versions (``issuance_versions``) hold a JSON snapshot (:mod:`models.issuance.codec`)
of the working plan as it was stored when frozen. There is no code path that changes one,
and database triggers refuse any UPDATE except attaching a PDF to a version that has none,
and any DELETE. ``versions()`` and ``version()`` load the PDF bytes with the version (a
town keeps a handful of versions; the 帳票出力 page needs the PDF of the one it shows).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from models.calendar import to_wareki
from models.errors import ValidationError
from models.issuance.capacity import main_window
from models.issuance.codec import plan_from_json, plan_to_json
from models.issuance.labels import (
    AUDIT_TABLE,
    PLAN_FIELD_LABELS,
    PLAN_RECORD_KEY,
    kind_label,
    month_label,
    staff_type_label,
    version_label,
)
from models.issuance.records import (
    MEASURE_KIND_LABELS,
    OBSTACLE_LABELS,
    OPENING_KIND_LABELS,
    PLACE_TYPE_LABELS,
    VERSION_KIND_LABELS,
    WINDOW_KIND_LABELS,
    ExtraOpening,
    IssuancePlan,
    IssuanceWindow,
    Milestone,
    MonthFigures,
    PlanVersion,
    PromotionEvent,
    PromotionMeasure,
    StaffCount,
)
from models.issuance.validation import check_plan, errors_of
from models.store.audit import current_user, record_change
from models.store.database import Store

__all__ = ["IssuanceRepository", "plan_from_json", "plan_to_json"]

LABEL_MAX_LENGTH = 100
_SCALARS = tuple(PLAN_FIELD_LABELS)  # the plan row's columns besides id
_DATE_SCALARS = frozenset({"period_start", "period_end", "base_date", "target_date", "population_as_of"})


@dataclass(frozen=True)
class _Change:
    action: str
    record_key: str
    field: str
    old: Any = None
    new: Any = None


# -- values in and out of the database ----------------------------------------------------


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _text(value: Any) -> Any:
    """Python value → SQLite value (dates ISO, Decimal as its exact text)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _window_label(window: IssuanceWindow) -> str:
    return window.name.strip() or "（名称なし）"


def _window_summary(w: IssuanceWindow) -> str:
    text = (
        f"{_window_label(w)}（{kind_label(WINDOW_KIND_LABELS, w.kind)}） "
        f"統合端末 {w.terminals_baseline}→{w.terminals_target}台・職員 {w.staff_baseline}→{w.staff_target}人・"
        f"平日{w.weekday_hours}時間"
    )
    if w.open_from or w.open_until:
        start = to_wareki(w.open_from) if w.open_from else ""
        end = to_wareki(w.open_until) if w.open_until else ""
        text += f"・{start}〜{end}"
    return text


def _opening_key(o: ExtraOpening) -> str:
    return f"{to_wareki(o.day)} {kind_label(OPENING_KIND_LABELS, o.kind)}"


def _opening_summary(o: ExtraOpening, plan: IssuancePlan) -> str:
    text = f"{_opening_key(o)} {o.hours}時間（{_window_ref(plan, o.window_id)}）"
    return f"{text} {o.note}" if o.note else text


def _event_key(e: PromotionEvent) -> str:
    return f"{to_wareki(e.day)} {e.place_name}"


def _measure_key(m: PromotionMeasure) -> str:
    description = m.description if len(m.description) <= 20 else m.description[:20] + "…"
    return f"{kind_label(MEASURE_KIND_LABELS, m.kind)}：{description}"


def _window_ref(plan: IssuancePlan, window_id: int | None) -> str:
    """The name of the window an opening belongs to (None = the main window)."""
    for window in plan.windows:
        if window_id is not None and window.id == window_id:
            return _window_label(window)
    main = main_window(plan)
    return _window_label(main) if main is not None else ""


# -- the diff that becomes the audit log ---------------------------------------------------


def _diff_values(
    changes: list[_Change],
    prefix: str,
    record_key: str,
    before: Any,
    after: Any,
    names: Iterable[str],
    convert: Callable[[str, Any, IssuancePlan], Any] | None = None,
    plans: tuple[IssuancePlan, IssuancePlan] | None = None,
) -> None:
    for name in names:
        old, new = getattr(before, name), getattr(after, name)
        if old == new and type(old) is type(new):
            continue
        if convert is not None and plans is not None:
            old, new = convert(name, old, plans[0]), convert(name, new, plans[1])
        changes.append(_Change("update", record_key, f"{prefix}.{name}", old, new))


def _row_names(cls: type, *skip: str) -> list[str]:
    return [f.name for f in fields(cls) if f.name not in ("id", *skip)]


def _diff_rows(
    changes: list[_Change],
    collection: str,
    before: Sequence[Any],
    after: Sequence[Any],
    after_ids: Sequence[int],
    describe_key: Callable[[Any], str],
    summary: Callable[[Any], str],
    convert: Callable[[str, Any, IssuancePlan], Any] | None = None,
    plans: tuple[IssuancePlan, IssuancePlan] | None = None,
) -> None:
    """Rows with ids: matched by id (after_ids are the ids as written)."""
    old_by_id = {row.id: row for row in before}
    kept: set[int] = set()
    names = _row_names(type(after[0])) if after else []
    for row, row_id in zip(after, after_ids, strict=True):
        old = old_by_id.get(row_id)
        if old is None:
            changes.append(_Change("insert", describe_key(row), f"{collection}.{row_id}", None, summary(row)))
            continue
        kept.add(row_id)
        _diff_values(changes, f"{collection}.{row_id}", describe_key(row), old, row, names, convert, plans)
    for row in before:
        if row.id not in kept:
            changes.append(_Change("delete", describe_key(row), f"{collection}.{row.id}", summary(row), None))


def _diff_keyed(
    changes: list[_Change],
    collection: str,
    before: Sequence[Any],
    after: Sequence[Any],
    key: Callable[[Any], str],
    describe_key: Callable[[Any], str],
    names: list[str],
    summary: Callable[[Any], str] | None,
) -> None:
    """Rows keyed by a value (month, date, staff type); ``summary=None`` = values only."""
    old_by_key = {key(row): row for row in before}
    new_by_key = {key(row): row for row in after}
    for k, row in new_by_key.items():
        old = old_by_key.get(k)
        if old is None and summary is not None:
            changes.append(_Change("insert", describe_key(row), f"{collection}.{k}", None, summary(row)))
        else:
            base = old if old is not None else replace(row, **dict.fromkeys(names))
            _diff_values(changes, f"{collection}.{k}", describe_key(row), base, row, names)
    for k, row in old_by_key.items():
        if k in new_by_key:
            continue
        if summary is not None:
            changes.append(_Change("delete", describe_key(row), f"{collection}.{k}", summary(row), None))
        else:
            _diff_values(
                changes,
                f"{collection}.{k}",
                describe_key(row),
                row,
                replace(row, **dict.fromkeys(names)),
                names,
            )


def _opening_value(name: str, value: Any, plan: IssuancePlan) -> Any:
    return _window_ref(plan, value) if name == "window_id" else value


def _changes(
    before: IssuancePlan, after: IssuancePlan, ids: dict[str, list[int]], existed: bool
) -> list[_Change]:
    changes: list[_Change] = []
    for name in _SCALARS:
        old, new = getattr(before, name), getattr(after, name)
        if old != new or type(old) is not type(new):
            changes.append(_Change("update" if existed else "insert", PLAN_RECORD_KEY, name, old, new))
    plans = (before, after)
    _diff_rows(
        changes, "windows", before.windows, after.windows, ids["windows"], _window_label, _window_summary
    )
    _diff_keyed(
        changes,
        "staff",
        before.staff,
        after.staff,
        lambda s: s.staff_type,
        lambda s: staff_type_label(s.staff_type),
        ["baseline", "target"],
        lambda s: f"現状{s.baseline}人→目標{s.target}人",
    )
    _diff_rows(
        changes,
        "openings",
        before.openings,
        after.openings,
        ids["openings"],
        _opening_key,
        lambda o: _opening_summary(o, after if o in after.openings else before),
        _opening_value,
        plans,
    )
    _diff_keyed(
        changes,
        "months",
        before.months,
        after.months,
        lambda m: f"{m.month:%Y-%m}",
        lambda m: month_label(m.month),
        ["planned_applications", "planned_issuances", "actual_applications", "actual_issuances"],
        None,
    )
    _diff_keyed(
        changes,
        "milestones",
        before.milestones,
        after.milestones,
        lambda m: m.as_of.isoformat(),
        lambda m: to_wareki(m.as_of),
        ["cumulative_issued"],
        lambda m: f"{m.cumulative_issued:,}枚",
    )
    _diff_rows(
        changes,
        "events",
        before.events,
        after.events,
        ids["events"],
        _event_key,
        lambda e: f"{to_wareki(e.day)} {kind_label(PLACE_TYPE_LABELS, e.place_type)}「{e.place_name}」 "
        f"想定{e.expected_applications:,}件"
        + (f"・実績{e.actual_applications:,}件" if e.actual_applications is not None else ""),
    )
    _diff_rows(
        changes,
        "measures",
        before.measures,
        after.measures,
        ids["measures"],
        _measure_key,
        lambda m: f"{kind_label(MEASURE_KIND_LABELS, m.kind)}：{m.description}"
        + (f"（{m.quantity:,}）" if m.quantity is not None else ""),
    )
    for key in sorted(after.obstacles - before.obstacles):
        label = kind_label(OBSTACLE_LABELS, key)
        changes.append(_Change("insert", label, f"obstacles.{key}", None, label))
    for key in sorted(before.obstacles - after.obstacles):
        label = kind_label(OBSTACLE_LABELS, key)
        changes.append(_Change("delete", label, f"obstacles.{key}", label, None))
    for name in after.subsidies:
        if name not in before.subsidies:
            changes.append(_Change("insert", name, "subsidies", None, name))
    for name in before.subsidies:
        if name not in after.subsidies:
            changes.append(_Change("delete", name, "subsidies", name, None))
    return changes


# -- the repository -------------------------------------------------------------------------


class IssuanceRepository:
    """The town's working plan and its frozen versions."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- the working plan ------------------------------------------------------------
    def load(self) -> IssuancePlan:
        """The stored working plan, or an empty ``IssuancePlan()`` when none was saved."""
        conn = self.store.conn
        row = conn.execute(f"SELECT {', '.join(_SCALARS)} FROM issuance_plan WHERE id = 1").fetchone()
        if row is None:
            return IssuancePlan()
        scalars: dict[str, Any] = {}
        for name, value in zip(_SCALARS, row, strict=True):
            scalars[name] = _date(value) if name in _DATE_SCALARS else value
        return IssuancePlan(
            **scalars,
            windows=tuple(
                IssuanceWindow(
                    id=r[0],
                    name=r[1],
                    kind=r[2],
                    terminals_baseline=r[3],
                    terminals_target=r[4],
                    staff_baseline=r[5],
                    staff_target=r[6],
                    weekday_hours=Decimal(r[7]),
                    open_from=_date(r[8]),
                    open_until=_date(r[9]),
                )
                for r in conn.execute(
                    "SELECT id, name, kind, terminals_baseline, terminals_target, staff_baseline,"
                    " staff_target, weekday_hours, open_from, open_until FROM issuance_windows ORDER BY position"
                )
            ),
            staff=tuple(
                StaffCount(staff_type=r[0], baseline=r[1], target=r[2])
                for r in conn.execute(
                    "SELECT staff_type, baseline, target FROM issuance_staff ORDER BY position"
                )
            ),
            openings=tuple(
                ExtraOpening(
                    id=r[0],
                    day=date.fromisoformat(r[1]),
                    kind=r[2],
                    hours=Decimal(r[3]),
                    window_id=r[4],
                    note=r[5],
                )
                for r in conn.execute(
                    "SELECT id, day, kind, hours, window_id, note FROM issuance_openings ORDER BY position"
                )
            ),
            months=tuple(
                MonthFigures(
                    month=date.fromisoformat(r[0]),
                    planned_applications=r[1],
                    planned_issuances=r[2],
                    actual_applications=r[3],
                    actual_issuances=r[4],
                )
                for r in conn.execute(
                    "SELECT month, planned_applications, planned_issuances, actual_applications,"
                    " actual_issuances FROM issuance_months ORDER BY position"
                )
            ),
            milestones=tuple(
                Milestone(as_of=date.fromisoformat(r[0]), cumulative_issued=r[1])
                for r in conn.execute(
                    "SELECT as_of, cumulative_issued FROM issuance_milestones ORDER BY position"
                )
            ),
            events=tuple(
                PromotionEvent(
                    id=r[0],
                    day=date.fromisoformat(r[1]),
                    place_type=r[2],
                    place_name=r[3],
                    expected_applications=r[4],
                    actual_applications=r[5],
                )
                for r in conn.execute(
                    "SELECT id, day, place_type, place_name, expected_applications, actual_applications"
                    " FROM issuance_events ORDER BY position"
                )
            ),
            measures=tuple(
                PromotionMeasure(
                    id=r[0], kind=r[1], description=r[2], start=_date(r[3]), end=_date(r[4]), quantity=r[5]
                )
                for r in conn.execute(
                    'SELECT id, kind, description, start, "end", quantity FROM issuance_measures ORDER BY position'
                )
            ),
            obstacles=frozenset(r[0] for r in conn.execute("SELECT key FROM issuance_obstacles")),
            subsidies=tuple(
                r[0] for r in conn.execute("SELECT name FROM issuance_subsidies ORDER BY position")
            ),
        )

    def has_plan(self) -> bool:
        return self.store.conn.execute("SELECT 1 FROM issuance_plan WHERE id = 1").fetchone() is not None

    def save(
        self, plan: IssuancePlan, *, enforce_rules: bool = True, today: date | None = None
    ) -> IssuancePlan:
        """Store ``plan`` as the working plan in one transaction and return it as stored
        (new rows with their ids).

        Raises ``ValidationError`` (the first error's Japanese message, ``field`` = its
        ``where``) and writes nothing when ``check_plan`` finds an error. ``enforce_rules``
        is False only when restoring a state that was stored before (undo).
        """
        with self.store.atomic() as conn:
            if enforce_rules:
                errors = errors_of(check_plan(plan, today=today or date.today()))
                if errors:
                    raise ValidationError(errors[0].message, field=errors[0].where)
            existed = self.has_plan()
            before = self.load()
            if plan == before:
                return before
            ids = self._write(conn, plan)
            for change in _changes(before, plan, ids, existed):
                record_change(
                    conn,
                    action=change.action,
                    table_name=AUDIT_TABLE,
                    record_key=change.record_key,
                    field=change.field,
                    old=_text(change.old),
                    new=_text(change.new),
                )
            return self.load()

    def _write(self, conn: sqlite3.Connection, plan: IssuancePlan) -> dict[str, list[int]]:
        """Rewrite the plan's tables; the ids the rows of each id-keyed list were given."""
        values = [_text(getattr(plan, name)) for name in _SCALARS]
        conn.execute(
            f"INSERT OR REPLACE INTO issuance_plan (id, {', '.join(_SCALARS)})"
            f" VALUES (1, {', '.join('?' for _ in _SCALARS)})",
            values,
        )
        for table in (
            "issuance_openings",
            "issuance_windows",
            "issuance_staff",
            "issuance_months",
            "issuance_milestones",
            "issuance_events",
            "issuance_measures",
            "issuance_obstacles",
            "issuance_subsidies",
        ):
            conn.execute(f"DELETE FROM {table}")  # fixed table names
        ids = {
            "windows": self._insert_rows(
                conn,
                "issuance_windows",
                plan.windows,
                (
                    "name",
                    "kind",
                    "terminals_baseline",
                    "terminals_target",
                    "staff_baseline",
                    "staff_target",
                    "weekday_hours",
                    "open_from",
                    "open_until",
                ),
            ),
            "openings": self._insert_rows(
                conn, "issuance_openings", plan.openings, ("day", "kind", "hours", "window_id", "note")
            ),
            "events": self._insert_rows(
                conn,
                "issuance_events",
                plan.events,
                ("day", "place_type", "place_name", "expected_applications", "actual_applications"),
            ),
            "measures": self._insert_rows(
                conn, "issuance_measures", plan.measures, ("kind", "description", "start", "end", "quantity")
            ),
        }
        conn.executemany(
            "INSERT INTO issuance_staff (staff_type, position, baseline, target) VALUES (?, ?, ?, ?)",
            [(s.staff_type, i, s.baseline, s.target) for i, s in enumerate(plan.staff)],
        )
        conn.executemany(
            "INSERT INTO issuance_months (month, position, planned_applications, planned_issuances,"
            " actual_applications, actual_issuances) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    m.month.isoformat(),
                    i,
                    m.planned_applications,
                    m.planned_issuances,
                    m.actual_applications,
                    m.actual_issuances,
                )
                for i, m in enumerate(plan.months)
            ],
        )
        conn.executemany(
            "INSERT INTO issuance_milestones (as_of, position, cumulative_issued) VALUES (?, ?, ?)",
            [(m.as_of.isoformat(), i, m.cumulative_issued) for i, m in enumerate(plan.milestones)],
        )
        conn.executemany(
            "INSERT INTO issuance_obstacles (key) VALUES (?)", [(k,) for k in sorted(plan.obstacles)]
        )
        conn.executemany(
            "INSERT INTO issuance_subsidies (position, name) VALUES (?, ?)",
            list(enumerate(plan.subsidies)),
        )
        return ids

    @staticmethod
    def _insert_rows(
        conn: sqlite3.Connection, table: str, rows: Sequence[Any], columns: tuple[str, ...]
    ) -> list[int]:
        quoted = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        used: set[int] = set()
        ids = []
        for position, row in enumerate(rows):
            values = [_text(getattr(row, c)) for c in columns]
            row_id = row.id if row.id is not None and row.id not in used else None
            cursor = conn.execute(
                f"INSERT INTO {table} (id, position, {quoted}) VALUES (?, ?, {marks})",
                [row_id, position, *values],
            )
            assert cursor.lastrowid is not None
            used.add(cursor.lastrowid)
            ids.append(cursor.lastrowid)
        return ids

    # -- frozen versions -------------------------------------------------------------
    def freeze(
        self,
        *,
        kind: str,
        label: str,
        town_name: str,
        lg_code: str,
        pdf: bytes | None = None,
        today: date | None = None,
    ) -> PlanVersion:
        """Freeze the stored working plan as the next numbered version (策定 / 改訂).

        The working plan stays as it is and goes on as the next revision. Raises
        ``ValidationError`` when nothing is stored yet, the stored plan has an error, the
        kind is unknown or the label is empty. ``today`` is the day the rules are checked
        against (actual figures cannot be in a future month); ``frozen_at`` is always the
        current time. The caller takes the backup before (``automatic_backup(store, "freeze")``).
        """
        if kind not in VERSION_KIND_LABELS:
            raise ValidationError("版の種類（策定・改訂）を選んでください。", field="kind")
        label = label.strip()
        if not label:
            raise ValidationError("版の名称を入力してください（例：令和2年12月 改訂）。", field="label")
        if len(label) > LABEL_MAX_LENGTH:
            raise ValidationError(f"版の名称は{LABEL_MAX_LENGTH}文字以内で入力してください。", field="label")
        if pdf is not None:
            _check_pdf(pdf)
        with self.store.atomic() as conn:
            if not self.has_plan():
                raise ValidationError("計画が保存されていないため、提出版にできません。")
            plan = self.load()
            if plan.period_start is None or plan.period_end is None:
                raise ValidationError("計画期間を入力してから提出版にしてください。", field="period_start")
            errors = errors_of(check_plan(plan, today=today or date.today()))
            if errors:
                raise ValidationError(
                    f"計画に誤りがあるため提出版にできません：{errors[0].message}", field=errors[0].where
                )
            number = int(
                conn.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM issuance_versions").fetchone()[0]
            )
            frozen_at = datetime.now().astimezone().replace(microsecond=0)
            conn.execute(
                "INSERT INTO issuance_versions (number, kind, label, frozen_at, frozen_by, snapshot, town_name,"
                " lg_code, pdf) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    number,
                    kind,
                    label,
                    frozen_at.isoformat(),
                    current_user(),
                    plan_to_json(plan),
                    town_name,
                    lg_code,
                    pdf,
                ),
            )
            record_change(
                conn,
                action="insert",
                table_name=AUDIT_TABLE,
                record_key=version_label(number, kind),
                field=f"versions.{number}",
                new=label,
            )
            return self.version(number)

    def versions(self) -> list[PlanVersion]:
        """Every frozen version, newest first (with its PDF when one was attached)."""
        rows = self.store.conn.execute(
            f"SELECT {_VERSION_COLUMNS} FROM issuance_versions ORDER BY number DESC"
        )
        return [_version(row) for row in rows]

    def version(self, number: int) -> PlanVersion:
        """Frozen version ``number``; ``ValidationError`` when there is none."""
        row = self.store.conn.execute(
            f"SELECT {_VERSION_COLUMNS} FROM issuance_versions WHERE number = ?", (number,)
        ).fetchone()
        if row is None:
            raise ValidationError(f"第{number}版はありません。")
        return _version(row)

    def attach_pdf(self, number: int, pdf: bytes) -> PlanVersion:
        """Keep the PDF printed from version ``number``; only once (refused when it has one)."""
        _check_pdf(pdf)
        with self.store.atomic() as conn:
            version = self.version(number)
            if version.pdf is not None:
                raise ValidationError(f"第{number}版には提出時のPDFが保存済みです。提出版は変更できません。")
            conn.execute("UPDATE issuance_versions SET pdf = ? WHERE number = ?", (pdf, number))
            record_change(
                conn,
                action="update",
                table_name=AUDIT_TABLE,
                record_key=version_label(number, version.kind),
                field=f"versions.{number}.pdf",
                new=f"PDF（{len(pdf):,}バイト）",
            )
            return self.version(number)


_VERSION_COLUMNS = "number, kind, label, frozen_at, frozen_by, snapshot, town_name, lg_code, pdf"


def _version(row: tuple[Any, ...]) -> PlanVersion:
    return PlanVersion(
        number=row[0],
        kind=row[1],
        label=row[2],
        frozen_at=datetime.fromisoformat(row[3]),
        frozen_by=row[4],
        plan=plan_from_json(row[5]),
        town_name=row[6],
        lg_code=row[7],
        pdf=bytes(row[8]) if row[8] is not None else None,
        id=row[0],
    )


def _check_pdf(pdf: bytes) -> None:
    if not isinstance(pdf, bytes) or not pdf.startswith(b"%PDF-"):
        raise ValidationError("PDFの内容が正しくありません。")
