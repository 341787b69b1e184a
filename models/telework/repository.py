"""Storing the telework plan through the single write path (ARCHITECTURE.md §2).

Tables (migration 4): ``telework_plan`` (one row: 導入済, 端末数, 認証方式, the rules' dates),
``telework_progress`` (one row per step ①–⑩, seeded 未着手 by the migration, so ``load()``
only reads) with ``telework_evidence`` (the documents of a step, in order),
``telework_forms`` / ``telework_methods`` / ``telework_non_adoption_reasons`` (codes in the
user's order), ``telework_staff`` (per 年度), ``telework_target_work`` and
``telework_expenses`` (in the user's order).

``save`` validates the whole plan (errors of :func:`models.telework.warnings.alerts` are
refused with the first Japanese message unless ``enforce_rules=False``, which restores a
state stored before; malformed values — unknown codes, step numbers, negative counts,
duplicates — are refused always, as the tables' CHECKs would refuse them unreadably),
rewrites it in one transaction and appends one audit row per changed value
(``table_name = "telework"``; field paths and wording in :mod:`models.telework.labels`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from models.calendar import fiscal_year_label
from models.errors import ValidationError
from models.store.audit import record_change
from models.store.database import Store
from models.telework.catalogue import telework_steps
from models.telework.labels import (
    AUDIT_TABLE,
    PLAN_RECORD_KEY,
    evidence_summary,
    expense_key,
    staff_summary,
    target_work_key,
)
from models.telework.records import (
    EASE_LEVEL_LABELS,
    EXPENSE_CATEGORY_LABELS,
    FORM_LABELS,
    METHOD_LABELS,
    NON_ADOPTION_REASON_LABELS,
    STATUS_LABELS,
    Environment,
    Evidence,
    Expense,
    Rules,
    StaffFigures,
    StepProgress,
    TargetWork,
    TeleworkPlan,
)
from models.telework.warnings import alerts, step_label

__all__ = ["TeleworkRepository", "empty_plan"]

_PROGRESS_FIELDS = (
    "status",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "owner_dept",
    "notes",
)
_STAFF_FIELDS = ("general_staff", "unsuitable_staff", "able_staff", "actual_users")
_DATE_PROGRESS = frozenset({"planned_start", "planned_end", "actual_start", "actual_end"})


def empty_plan() -> TeleworkPlan:
    """No plan entered yet: the 10 steps, each 未着手."""
    steps = telework_steps()
    return TeleworkPlan(steps=steps, progress=tuple(StepProgress(s.no) for s in steps))


def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# -- the plan as rows of audited values ---------------------------------------------------


@dataclass
class _Row:
    """One audited row: its field path, readable key, a summary (for insert/delete) and values."""

    path: str
    key: str
    summary: str | None  # None: a row that always exists (only updated)
    values: dict[str, Any] = field(default_factory=dict)


def _rows(plan: TeleworkPlan) -> dict[str, _Row]:
    rows: list[_Row] = [
        _Row(
            "plan",
            PLAN_RECORD_KEY,
            None,
            {
                "adopted": plan.adopted,
                "forms": ",".join(plan.forms),
                "methods": ",".join(plan.environment.methods),
                "terminals": plan.environment.terminals,
                "authentication": plan.environment.authentication,
                "guidelines_adopted": plan.rules.guidelines_adopted,
                "service_rules_adopted": plan.rules.service_rules_adopted,
                "non_adoption_reasons": ",".join(plan.non_adoption_reasons),
            },
        )
    ]
    for p in plan.progress:
        values: dict[str, Any] = {n: getattr(p, n) for n in _PROGRESS_FIELDS}
        values["evidence"] = evidence_summary(p.evidence)
        rows.append(_Row(f"progress.{p.step_no}", step_label(plan, p.step_no), None, values))
    for s in plan.staff:
        rows.append(
            _Row(
                f"staff.{s.fiscal_year}",
                _fy(s.fiscal_year),
                staff_summary(s),
                {n: getattr(s, n) for n in _STAFF_FIELDS},
            )
        )
    for w in plan.target_work:
        level = EASE_LEVEL_LABELS.get(w.ease_level, f"レベル{w.ease_level}")
        rows.append(_Row("target_work", target_work_key(w), level, {"ease_level": w.ease_level}))
    for e in plan.expenses:
        rows.append(_Row("expenses", expense_key(e), f"{e.amount:,}円", {"amount": e.amount}))
    return {f"{r.path}|{r.key}": r for r in rows}


def _fy(fiscal_year: int) -> str:
    return fiscal_year_label(fiscal_year)


def _same(old: Any, new: Any) -> bool:
    return old == new and type(old) is type(new)


def _audit(conn: sqlite3.Connection, before: TeleworkPlan, after: TeleworkPlan) -> None:
    old_rows, new_rows = _rows(before), _rows(after)
    for ident, old in old_rows.items():
        if ident not in new_rows and old.summary is not None:
            record_change(
                conn,
                action="delete",
                table_name=AUDIT_TABLE,
                record_key=old.key,
                field=old.path,
                old=old.summary,
            )
    for ident, new in new_rows.items():
        old_row = old_rows.get(ident)
        if old_row is None:
            if new.summary is not None:
                record_change(
                    conn,
                    action="insert",
                    table_name=AUDIT_TABLE,
                    record_key=new.key,
                    field=new.path,
                    new=new.summary,
                )
            continue
        for name, value in new.values.items():
            previous = old_row.values.get(name)
            if _same(previous, value) or (previous in (None, "") and value in (None, "")):
                continue
            record_change(
                conn,
                action="update",
                table_name=AUDIT_TABLE,
                record_key=new.key,
                field=f"{new.path}.{name}",
                old=None if previous == "" else previous,
                new=None if value == "" else value,
            )


# -- checks that hold even when restoring ---------------------------------------------------


def _check_codes(codes: Iterable[str], labels: dict[str, str], what: str) -> None:
    seen: set[str] = set()
    for code in codes:
        if code not in labels:
            raise ValidationError(f"{what}の値が正しくありません（{code}）。", field=what)
        if code in seen:
            raise ValidationError(f"{what}「{labels[code]}」が重複しています。", field=what)
        seen.add(code)


def _check_count(value: int | None, label: str, field_name: str) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise ValidationError(f"{label}は0以上の整数で入力してください。", field=field_name)


def _check_shape(plan: TeleworkPlan) -> TeleworkPlan:
    """Refuse what the tables cannot hold; return the plan with one progress per step."""
    numbers = {s.no for s in telework_steps()}
    seen: dict[int, StepProgress] = {}
    for p in plan.progress:
        if p.step_no not in numbers:
            raise ValidationError(f"導入ステップの番号が正しくありません（{p.step_no}）。", field="step_no")
        if p.step_no in seen:
            raise ValidationError(f"{step_label(plan, p.step_no)}の進捗が重複しています。", field="step_no")
        if p.status not in STATUS_LABELS:
            raise ValidationError(
                f"{step_label(plan, p.step_no)}：状況の値が正しくありません。", field="status"
            )
        for document in p.evidence:
            if not document.name.strip():
                raise ValidationError(
                    f"{step_label(plan, p.step_no)}：根拠文書の名称を入力してください。", field="evidence"
                )
        seen[p.step_no] = p
    _check_codes(plan.forms, FORM_LABELS, "テレワークの形態")
    _check_codes(plan.environment.methods, METHOD_LABELS, "方式")
    _check_codes(plan.non_adoption_reasons, NON_ADOPTION_REASON_LABELS, "導入していない理由")
    _check_count(plan.environment.terminals, "端末数", "terminals")
    years: set[int] = set()
    for s in plan.staff:
        if s.fiscal_year in years:
            raise ValidationError(f"{_fy(s.fiscal_year)}の職員数が重複しています。", field="fiscal_year")
        years.add(s.fiscal_year)
        for name in _STAFF_FIELDS:
            _check_count(getattr(s, name), f"{_fy(s.fiscal_year)}の職員数", name)
    works: set[tuple[str, str]] = set()
    for w in plan.target_work:
        if not w.work.strip():
            raise ValidationError("対象業務の名称を入力してください。", field="work")
        if (w.work, w.dept) in works:
            raise ValidationError(f"対象業務「{target_work_key(w)}」が重複しています。", field="work")
        works.add((w.work, w.dept))
        if w.ease_level not in EASE_LEVEL_LABELS:
            raise ValidationError(
                f"対象業務「{target_work_key(w)}」の導入のしやすさが正しくありません。", field="ease_level"
            )
    expenses: set[tuple[int, str, str]] = set()
    for e in plan.expenses:
        if e.category not in EXPENSE_CATEGORY_LABELS:
            raise ValidationError(f"経費の区分が正しくありません（{e.category}）。", field="category")
        _check_count(e.amount, f"経費「{expense_key(e)}」の金額", "amount")
        if (e.fiscal_year, e.category, e.note) in expenses:
            raise ValidationError(
                f"経費「{expense_key(e)}」が重複しています。摘要で区別してください。", field="note"
            )
        expenses.add((e.fiscal_year, e.category, e.note))
    steps = telework_steps()
    progress = tuple(seen.get(s.no) or StepProgress(s.no) for s in steps)
    return TeleworkPlan(
        steps=steps,
        progress=progress,
        adopted=plan.adopted,
        forms=tuple(plan.forms),
        environment=plan.environment,
        rules=plan.rules,
        staff=tuple(sorted(plan.staff, key=lambda s: s.fiscal_year)),
        target_work=tuple(plan.target_work),
        non_adoption_reasons=tuple(plan.non_adoption_reasons),
        expenses=tuple(plan.expenses),
    )


# -- the repository -------------------------------------------------------------------------


class TeleworkRepository:
    """The town's telework rollout."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _has_tables(self) -> bool:
        row = self.store.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'telework_plan'"
        ).fetchone()
        return row is not None

    def load(self) -> TeleworkPlan:
        """The stored plan (an older schema without the tables gives :func:`empty_plan`)."""
        if not self._has_tables():
            return empty_plan()
        conn = self.store.conn
        row = conn.execute(
            "SELECT adopted, terminals, authentication, guidelines_adopted, service_rules_adopted"
            " FROM telework_plan WHERE id = 1"
        ).fetchone()
        adopted, terminals, authentication, guidelines, service_rules = row or (0, None, "", None, None)
        evidence: dict[int, list[Evidence]] = {}
        for step_no, name, document_no, issued in conn.execute(
            "SELECT step_no, name, document_no, issued FROM telework_evidence ORDER BY step_no, position"
        ):
            evidence.setdefault(step_no, []).append(Evidence(name, document_no, _date(issued)))
        stored: dict[int, StepProgress] = {}
        for r in conn.execute(f"SELECT step_no, {', '.join(_PROGRESS_FIELDS)} FROM telework_progress"):
            values: dict[str, Any] = dict(zip(_PROGRESS_FIELDS, r[1:], strict=True))
            for name in _DATE_PROGRESS:
                values[name] = _date(values[name])
            stored[r[0]] = StepProgress(step_no=r[0], evidence=tuple(evidence.get(r[0], ())), **values)
        steps = telework_steps()

        def codes(table: str, column: str) -> tuple[str, ...]:
            return tuple(c for (c,) in conn.execute(f"SELECT {column} FROM {table} ORDER BY position"))

        return TeleworkPlan(
            steps=steps,
            progress=tuple(stored.get(s.no) or StepProgress(s.no) for s in steps),
            adopted=bool(adopted),
            forms=codes("telework_forms", "form"),
            environment=Environment(
                methods=codes("telework_methods", "method"),
                terminals=terminals,
                authentication=authentication,
            ),
            rules=Rules(guidelines_adopted=_date(guidelines), service_rules_adopted=_date(service_rules)),
            staff=tuple(
                StaffFigures(*r)
                for r in conn.execute(
                    f"SELECT fiscal_year, {', '.join(_STAFF_FIELDS)} FROM telework_staff ORDER BY fiscal_year"
                )
            ),
            target_work=tuple(
                TargetWork(*r)
                for r in conn.execute(
                    "SELECT work, dept, ease_level FROM telework_target_work ORDER BY position"
                )
            ),
            non_adoption_reasons=codes("telework_non_adoption_reasons", "reason"),
            expenses=tuple(
                Expense(*r)
                for r in conn.execute(
                    "SELECT fiscal_year, category, amount, note FROM telework_expenses ORDER BY position"
                )
            ),
        )

    def save(
        self, plan: TeleworkPlan, *, enforce_rules: bool = True, today: date | None = None
    ) -> TeleworkPlan:
        """Store the whole plan in one transaction (one audit row per changed value) and
        return it as stored (one progress per step, staff by 年度)."""
        plan = _check_shape(plan)
        if enforce_rules:
            errors = [a for a in alerts(plan, today=today or date.today()) if a.is_error]
            if errors:
                first = errors[0]
                raise ValidationError(first.message, field=first.kind)
        with self.store.atomic() as conn:
            before = self.load()
            self._write(conn, plan)
            _audit(conn, before, plan)
            return self.load()

    def _write(self, conn: sqlite3.Connection, plan: TeleworkPlan) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO telework_plan (id, adopted, terminals, authentication,"
            " guidelines_adopted, service_rules_adopted) VALUES (1, ?, ?, ?, ?, ?)",
            (
                int(plan.adopted),
                plan.environment.terminals,
                plan.environment.authentication,
                _iso(plan.rules.guidelines_adopted),
                _iso(plan.rules.service_rules_adopted),
            ),
        )
        for table in (
            "telework_evidence",
            "telework_progress",
            "telework_forms",
            "telework_methods",
            "telework_non_adoption_reasons",
            "telework_staff",
            "telework_target_work",
            "telework_expenses",
        ):
            conn.execute(f"DELETE FROM {table}")
        conn.executemany(
            f"INSERT INTO telework_progress (step_no, {', '.join(_PROGRESS_FIELDS)})"
            f" VALUES (?, {', '.join('?' for _ in _PROGRESS_FIELDS)})",
            [
                (
                    p.step_no,
                    *(
                        _iso(v) if isinstance(v, date) else v
                        for v in (getattr(p, n) for n in _PROGRESS_FIELDS)
                    ),
                )
                for p in plan.progress
            ],
        )
        conn.executemany(
            "INSERT INTO telework_evidence (step_no, position, name, document_no, issued) VALUES (?, ?, ?, ?, ?)",
            [
                (p.step_no, i, e.name, e.document_no, _iso(e.issued))
                for p in plan.progress
                for i, e in enumerate(p.evidence)
            ],
        )
        for table, column, codes in (
            ("telework_forms", "form", plan.forms),
            ("telework_methods", "method", plan.environment.methods),
            ("telework_non_adoption_reasons", "reason", plan.non_adoption_reasons),
        ):
            conn.executemany(
                f"INSERT INTO {table} ({column}, position) VALUES (?, ?)",
                [(c, i) for i, c in enumerate(codes)],
            )
        conn.executemany(
            f"INSERT INTO telework_staff (fiscal_year, {', '.join(_STAFF_FIELDS)}) VALUES (?, ?, ?, ?, ?)",
            [(s.fiscal_year, *(getattr(s, n) for n in _STAFF_FIELDS)) for s in plan.staff],
        )
        conn.executemany(
            "INSERT INTO telework_target_work (position, work, dept, ease_level) VALUES (?, ?, ?, ?)",
            [(i, w.work, w.dept, w.ease_level) for i, w in enumerate(plan.target_work)],
        )
        conn.executemany(
            "INSERT INTO telework_expenses (position, fiscal_year, category, amount, note) VALUES (?, ?, ?, ?, ?)",
            [(i, e.fiscal_year, e.category, e.amount, e.note) for i, e in enumerate(plan.expenses)],
        )
