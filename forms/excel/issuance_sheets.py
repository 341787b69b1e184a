"""The 交付円滑化計画 sheets of the prefecture workbook: plan → rows and rows → plan.

Eight sheets (layouts in ``layout.ISSUANCE_SHEETS``): 基本 (one row), 月別, 窓口, 職員,
土日開庁, 想定交付枚数, 出張申請, 申請促進. Computed columns (累計交付枚数, 交付率, 人口に
対する割合, 曜日) come from ``models.issuance.figures`` and are written as values.

Windows are numbered 1, 2, … in the 窓口 sheet (窓口番号); the 土日開庁 sheet refers to a
window by that number (blank = 本庁), never by a database id. On import the plan's windows
get ids equal to their 窓口番号, the same ids the openings then refer to
(``IssuanceRepository.save`` maps them to its own rows).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from forms.excel.layout import (
    ISSUANCE_BASIC,
    ISSUANCE_EVENTS,
    ISSUANCE_LAYOUT,
    ISSUANCE_MEASURES,
    ISSUANCE_MILESTONES,
    ISSUANCE_MONTHS,
    ISSUANCE_OPENINGS,
    ISSUANCE_SHEETS,
    ISSUANCE_STAFF,
    ISSUANCE_WINDOWS,
    OBSTACLE_KEY_PREFIX,
)
from forms.excel.registry import ImportContext, ParsedRow, Problems, Row, WorkbookModule
from models.calendar import weekday_label
from models.issuance.records import (
    OBSTACLE_LABELS,
    ExtraOpening,
    IssuancePlan,
    IssuanceWindow,
    Milestone,
    MonthFigures,
    PromotionEvent,
    PromotionMeasure,
    StaffCount,
)
from models.store.database import Store

MONTH_FIGURE_KEYS = ("planned_applications", "planned_issuances", "actual_applications", "actual_issuances")


# -- export ------------------------------------------------------------------------------
def plan_rows(plan: IssuancePlan) -> dict[str, list[Row]]:
    """The rows of each sheet for ``plan`` (column key → value)."""
    from models.issuance import figures

    window_numbers = {window.id: number for number, window in enumerate(plan.windows, start=1)}
    basic: Row = {
        "title": plan.title,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "base_date": plan.base_date,
        "target_date": plan.target_date,
        "population": plan.population,
        "population_as_of": plan.population_as_of,
        "issued_before": plan.issued_before,
        "applied_before": plan.applied_before,
        "weekend_days_baseline": plan.weekend_days_baseline,
        "weekend_days_target": plan.weekend_days_target,
        **{f"{OBSTACLE_KEY_PREFIX}{code}": code in plan.obstacles for code in OBSTACLE_LABELS},
        "obstacle_note": plan.obstacle_note,
        "subsidies": plan.subsidies,
        "note": plan.note,
    }
    months: list[Row] = [
        {
            "month": row.month,
            **{key: getattr(row, key) for key in MONTH_FIGURE_KEYS},
            "cumulative_planned_issued": row.cumulative_planned_issued,
            "planned_rate": row.planned_rate,
            "cumulative_actual_issued": row.cumulative_actual_issued,
            "actual_rate": row.actual_rate,
        }
        for row in figures.month_rows(plan)
    ]
    # Every month of the period has a row (blank figures stay blank). Figures of months
    # outside the period are not part of the plan (not counted, validation warns) and are
    # not submitted; the importer refuses such months.
    milestone_rates = {row.as_of: row.rate for row in figures.milestone_rows(plan)}
    return {
        ISSUANCE_BASIC: [basic],
        ISSUANCE_MONTHS: months,
        ISSUANCE_WINDOWS: [
            {
                "number": number,
                "name": w.name,
                "kind": w.kind,
                "terminals_baseline": w.terminals_baseline,
                "terminals_target": w.terminals_target,
                "staff_baseline": w.staff_baseline,
                "staff_target": w.staff_target,
                "weekday_hours": w.weekday_hours,
                "open_from": w.open_from,
                "open_until": w.open_until,
            }
            for number, w in enumerate(plan.windows, start=1)
        ],
        ISSUANCE_STAFF: [
            {"staff_type": s.staff_type, "baseline": s.baseline, "target": s.target} for s in plan.staff
        ],
        ISSUANCE_OPENINGS: [
            {
                "day": o.day,
                "weekday": weekday_label(o.day),
                "kind": o.kind,
                "hours": o.hours,
                "window": window_numbers.get(o.window_id) if o.window_id is not None else None,
                "note": o.note,
            }
            for o in plan.openings
        ],
        ISSUANCE_MILESTONES: [
            {"as_of": m.as_of, "cumulative_issued": m.cumulative_issued, "rate": milestone_rates.get(m.as_of)}
            for m in plan.milestones
        ],
        ISSUANCE_EVENTS: [
            {
                "day": e.day,
                "place_type": e.place_type,
                "place_name": e.place_name,
                "expected_applications": e.expected_applications,
                "actual_applications": e.actual_applications,
            }
            for e in plan.events
        ],
        ISSUANCE_MEASURES: [
            {
                "kind": m.kind,
                "description": m.description,
                "start": m.start,
                "end": m.end,
                "quantity": m.quantity,
            }
            for m in plan.measures
        ],
    }


# -- import ------------------------------------------------------------------------------
def _cell(sheet: str, key: str, row: ParsedRow) -> str:
    return f"{ISSUANCE_LAYOUT[sheet].letter(key)}{row.number}"


def _month_text(day: date) -> str:
    return f"{day.year}年{day.month}月"


def plan_from_rows(
    rows: dict[str, list[ParsedRow]], problems: Problems, context: ImportContext
) -> IssuancePlan | None:
    """The plan read from the sheets, or None when any problem was found.

    Cross-row checks (one 基本 row, the period, duplicate months/windows/types/dates, months
    outside the period, unknown 窓口番号) run on every row, complete or not; the plan's own
    rules (``validation.check_plan``) only once every cell has passed.
    """
    # A sheet left out could not be read (its problem is reported): checks that need it are skipped.
    basic = _basic_row(rows[ISSUANCE_BASIC], problems) if ISSUANCE_BASIC in rows else None
    start = basic.values.get("period_start") if basic else None
    end = basic.values.get("period_end") if basic else None
    if basic and start and end and end < start:
        problems.add(
            ISSUANCE_BASIC, _cell(ISSUANCE_BASIC, "period_end", basic), "計画期間の終了月が開始月より前です。"
        )
    windows = rows.get(ISSUANCE_WINDOWS, [])
    _unique(ISSUANCE_WINDOWS, "number", windows, lambda n: f"窓口番号{n}", problems)
    _unique(ISSUANCE_STAFF, "staff_type", rows.get(ISSUANCE_STAFF, []), lambda t: "職員の種別", problems)
    _unique(ISSUANCE_MONTHS, "month", rows.get(ISSUANCE_MONTHS, []), _month_text, problems)
    _unique(ISSUANCE_MILESTONES, "as_of", rows.get(ISSUANCE_MILESTONES, []), lambda d: "時点", problems)
    for row in windows:
        _check_order(
            ISSUANCE_WINDOWS, row, "open_from", "open_until", "開設期間の終了日が開始日より前です。", problems
        )
    for row in rows.get(ISSUANCE_MEASURES, []):
        _check_order(ISSUANCE_MEASURES, row, "start", "end", "終了日が開始日より前です。", problems)
    numbers = {row.values["number"] for row in windows if "number" in row.values}
    for row in rows.get(ISSUANCE_OPENINGS, []) if ISSUANCE_WINDOWS in rows else []:
        number = row.values.get("window")
        if number is not None and number not in numbers:
            problems.add(
                ISSUANCE_OPENINGS,
                _cell(ISSUANCE_OPENINGS, "window", row),
                f"窓口番号{number}の窓口が「{ISSUANCE_WINDOWS}」シートにありません。",
            )
    if start and end:
        for row in rows.get(ISSUANCE_MONTHS, []):
            month = row.values.get("month")
            if month is not None and not start <= month <= end:
                problems.add(
                    ISSUANCE_MONTHS,
                    _cell(ISSUANCE_MONTHS, "month", row),
                    f"{_month_text(month)}は計画期間（{_month_text(start)}〜{_month_text(end)}）の外の月です。",
                )
    if problems or basic is None or set(rows) != {layout.name for layout in ISSUANCE_SHEETS}:
        return None
    plan = _plan(basic.values, rows)
    _check_rules(plan, basic, rows, problems, context)
    return None if problems else plan


def _basic_row(rows: Sequence[ParsedRow], problems: Problems) -> ParsedRow | None:
    """The one row of the 基本 sheet (the reader reports any further rows)."""
    if not rows:
        problems.add(ISSUANCE_BASIC, "A2", "計画の基本情報の行がありません（2行目に1行だけ入力します）。")
        return None
    return rows[0]


def _unique(
    sheet: str, key: str, rows: Sequence[ParsedRow], name: Callable[[Any], str], problems: Problems
) -> None:
    """A problem on each row whose ``key`` repeats an earlier row's."""
    seen: dict[Any, int] = {}
    for row in rows:
        if key not in row.values:
            continue
        value = row.values[key]
        if value in seen:
            problems.add(
                sheet,
                _cell(sheet, key, row),
                f"{name(value)}が重複しています（{seen[value]}行目と同じです）。",
            )
        else:
            seen[value] = row.number


def _check_order(sheet: str, row: ParsedRow, first: str, last: str, reason: str, problems: Problems) -> None:
    a, b = row.values.get(first), row.values.get(last)
    if a and b and b < a:
        problems.add(sheet, _cell(sheet, last, row), reason)


def _plan(basic: dict[str, Any], rows: dict[str, list[ParsedRow]]) -> IssuancePlan:
    """The plan from rows that all passed their checks."""

    def values(sheet: str) -> list[dict[str, Any]]:
        return [row.values for row in rows.get(sheet, [])]

    return IssuancePlan(
        title=basic["title"],
        period_start=basic["period_start"],
        period_end=basic["period_end"],
        base_date=basic["base_date"],
        target_date=basic["target_date"],
        population=basic["population"],
        population_as_of=basic["population_as_of"],
        issued_before=basic["issued_before"],
        applied_before=basic["applied_before"],
        weekend_days_baseline=basic["weekend_days_baseline"],
        weekend_days_target=basic["weekend_days_target"],
        windows=tuple(
            IssuanceWindow(
                name=v["name"],
                kind=v["kind"],
                terminals_baseline=v["terminals_baseline"],
                terminals_target=v["terminals_target"],
                staff_baseline=v["staff_baseline"],
                staff_target=v["staff_target"],
                weekday_hours=v["weekday_hours"],
                open_from=v["open_from"],
                open_until=v["open_until"],
                id=v["number"],
            )
            for v in values(ISSUANCE_WINDOWS)
        ),
        staff=tuple(
            StaffCount(staff_type=v["staff_type"], baseline=v["baseline"], target=v["target"])
            for v in values(ISSUANCE_STAFF)
        ),
        openings=tuple(
            ExtraOpening(
                day=v["day"], kind=v["kind"], hours=v["hours"], window_id=v["window"], note=v["note"]
            )
            for v in values(ISSUANCE_OPENINGS)
        ),
        months=tuple(
            MonthFigures(month=v["month"], **{key: v[key] for key in MONTH_FIGURE_KEYS})
            for v in values(ISSUANCE_MONTHS)
            if any(v[key] is not None for key in MONTH_FIGURE_KEYS)  # blank months are not stored
        ),
        milestones=tuple(
            Milestone(as_of=v["as_of"], cumulative_issued=v["cumulative_issued"])
            for v in values(ISSUANCE_MILESTONES)
        ),
        events=tuple(
            PromotionEvent(
                day=v["day"],
                place_type=v["place_type"],
                place_name=v["place_name"],
                expected_applications=v["expected_applications"],
                actual_applications=v["actual_applications"],
            )
            for v in values(ISSUANCE_EVENTS)
        ),
        measures=tuple(
            PromotionMeasure(
                kind=v["kind"],
                description=v["description"],
                start=v["start"],
                end=v["end"],
                quantity=v["quantity"],
            )
            for v in values(ISSUANCE_MEASURES)
        ),
        obstacles=frozenset(code for code in OBSTACLE_LABELS if basic[f"{OBSTACLE_KEY_PREFIX}{code}"]),
        obstacle_note=basic["obstacle_note"],
        subsidies=basic["subsidies"],
        note=basic["note"],
    )


#: ``PlanIssue.where`` collection → sheet, and row field → column key where they differ.
_ISSUE_SHEETS = {
    "windows": ISSUANCE_WINDOWS,
    "staff": ISSUANCE_STAFF,
    "openings": ISSUANCE_OPENINGS,
    "milestones": ISSUANCE_MILESTONES,
    "events": ISSUANCE_EVENTS,
    "measures": ISSUANCE_MEASURES,
}
_ISSUE_COLUMNS = {"window_id": "window"}
_WHERE = re.compile(r"^(?P<name>[a-z_]+)(\[(?P<index>[^\]]+)\])?(\.(?P<field>[a-z_]+))?$")


def _check_rules(
    plan: IssuancePlan,
    basic: ParsedRow,
    rows: dict[str, list[ParsedRow]],
    problems: Problems,
    context: ImportContext,
) -> None:
    """The plan's own rules (``validation.check_plan``): each error becomes a problem at the
    cell it names (warnings do not block an import)."""
    from models.issuance.validation import check_plan

    for issue in check_plan(plan, today=context.today):
        if issue.is_error:
            sheet, cell = _issue_cell(issue.where, basic, rows)
            problems.add(sheet, cell, issue.message)


def _issue_cell(where: str, basic: ParsedRow, rows: dict[str, list[ParsedRow]]) -> tuple[str, str]:
    """(sheet, cell) for a ``PlanIssue.where`` path; the sheet alone when no cell fits."""
    match = _WHERE.match(where)
    if match is None:
        return ISSUANCE_BASIC, ""
    name, index, field = match["name"], match["index"], match["field"]
    if name == "months" and index:
        layout = ISSUANCE_LAYOUT[ISSUANCE_MONTHS]
        for row in rows.get(ISSUANCE_MONTHS, []):
            if f"{row.values['month']:%Y-%m}" == index:
                key = field if field in {c.key for c in layout.columns} else "month"
                return ISSUANCE_MONTHS, f"{layout.letter(key)}{row.number}"
        return ISSUANCE_MONTHS, ""
    if name in _ISSUE_SHEETS:
        sheet = _ISSUE_SHEETS[name]
        layout = ISSUANCE_LAYOUT[sheet]
        sheet_rows = rows.get(sheet, [])
        if index is None or not index.isdigit() or int(index) >= len(sheet_rows):
            return sheet, ""
        key = _ISSUE_COLUMNS.get(field or "", field or "")
        keys = {c.key for c in layout.columns}
        letter = layout.letter(key) if key in keys else "A"
        return sheet, f"{letter}{sheet_rows[int(index)].number}"
    layout = ISSUANCE_LAYOUT[ISSUANCE_BASIC]
    keys = {c.key for c in layout.columns}
    if name in keys:
        return ISSUANCE_BASIC, f"{layout.letter(name)}{basic.number}"
    if name == "obstacles":
        return (
            ISSUANCE_BASIC,
            f"{layout.letter(OBSTACLE_KEY_PREFIX + next(iter(OBSTACLE_LABELS)))}{basic.number}",
        )
    return ISSUANCE_BASIC, ""


def _load(store: Store) -> IssuancePlan:
    from models.issuance.repository import IssuanceRepository

    return IssuanceRepository(store).load()


def _save(store: Store, plan: IssuancePlan) -> None:
    """Store an imported plan (inside the import's transaction).

    The workbook has no database ids: windows carry their 窓口番号 as id and openings refer
    to it. Rows that match a stored row keep the stored row's id (windows by name and kind,
    openings by day/kind/window, events by day and place, measures by kind and description),
    so re-importing unchanged data changes nothing and the audit log shows edits as edits.
    New windows that openings refer to are stored first to learn their ids.
    """
    from models.issuance.repository import IssuanceRepository

    repository = IssuanceRepository(store)
    current = repository.load()
    window_ids = _matched_ids(plan.windows, current.windows, lambda w: (w.name, w.kind))
    by_number = {w.id: window_ids[i] for i, w in enumerate(plan.windows)}
    windows = tuple(replace(w, id=window_ids[i]) for i, w in enumerate(plan.windows))
    needs_new = {
        o.window_id for o in plan.openings if o.window_id is not None and by_number[o.window_id] is None
    }
    if needs_new:
        known = tuple(o for o in plan.openings if o.window_id is None or by_number[o.window_id] is not None)
        first = _with_openings(replace(plan, windows=windows), known, by_number, current)
        stored = repository.save(first)
        by_number = {w.id: stored.windows[i].id for i, w in enumerate(plan.windows)}
        windows = stored.windows
        current = stored
    final = _with_openings(replace(plan, windows=windows), plan.openings, by_number, current)
    events = _matched_ids(final.events, current.events, lambda e: (e.day, e.place_type, e.place_name))
    measures = _matched_ids(final.measures, current.measures, lambda m: (m.kind, m.description))
    repository.save(
        replace(
            final,
            events=tuple(replace(e, id=events[i]) for i, e in enumerate(final.events)),
            measures=tuple(replace(m, id=measures[i]) for i, m in enumerate(final.measures)),
        )
    )


def _with_openings(
    plan: IssuancePlan,
    openings: Sequence[ExtraOpening],
    by_number: dict[int | None, int | None],
    current: IssuancePlan,
) -> IssuancePlan:
    """``plan`` with ``openings`` referring to window ids instead of 窓口番号 (ids reused)."""
    mapped = tuple(
        replace(o, window_id=None if o.window_id is None else by_number[o.window_id]) for o in openings
    )
    ids = _matched_ids(mapped, current.openings, lambda o: (o.day, o.kind, o.window_id))
    return replace(plan, openings=tuple(replace(o, id=ids[i]) for i, o in enumerate(mapped)))


def _matched_ids(rows: Sequence[Any], stored: Sequence[Any], key: Callable[[Any], Any]) -> list[int | None]:
    """For each row, the id of the first not yet matched stored row with the same key."""
    free: dict[Any, list[int]] = {}
    for row in stored:
        if row.id is not None:
            free.setdefault(key(row), []).append(row.id)
    return [free[key(row)].pop(0) if free.get(key(row)) else None for row in rows]


MODULE = WorkbookModule(
    key="issuance",
    label="マイナンバーカード交付円滑化計画",
    sheets=ISSUANCE_SHEETS,
    load=_load,
    rows=plan_rows,
    parse=plan_from_rows,
    save=_save,
)
