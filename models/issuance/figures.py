"""The monthly table and the milestones computed from a plan (PRODUCT.md §2.3).

Cumulative issued = ``plan.issued_before`` + the running sum of the monthly issuances;
交付率 = cumulative issued ÷ ``plan.population`` × 100, rounded HALF_UP to 0.1
(:func:`models.numbers.rate`); ``None`` when the plan has no population. A month without a
figure counts as 0 in the running sums. The actual cumulative runs up to the last month
that has an actual issuance figure and is ``None`` after it (the future is not zero).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from models.issuance.records import IssuancePlan, MonthFigures
from models.numbers import rate

__all__ = [
    "MilestoneRow",
    "MonthRow",
    "add_months",
    "first_of_month",
    "last_actual_month",
    "latest_actual",
    "milestone_rows",
    "month_rows",
    "months_between",
    "plan_months",
]

#: Longest plan period the app handles (validation refuses longer ones).
MAX_PLAN_MONTHS = 120


@dataclass(frozen=True)
class MonthRow:
    """One month of the plan/actual table, with the running totals and rates."""

    month: date  # first day of the month
    planned_applications: int | None
    planned_issuances: int | None
    actual_applications: int | None
    actual_issuances: int | None
    cumulative_planned_issued: int
    cumulative_actual_issued: int | None  # None after the last month with an actual figure
    planned_rate: Decimal | None  # percent, HALF_UP 0.1; None without population
    actual_rate: Decimal | None
    # running totals of applications (plan.applied_before + sum), for the 申請 columns/checks
    cumulative_planned_applications: int = 0
    cumulative_actual_applications: int | None = None

    @property
    def has_actual(self) -> bool:
        """An actual figure (申請 or 交付) was entered for this month."""
        return self.actual_applications is not None or self.actual_issuances is not None


@dataclass(frozen=True)
class MilestoneRow:
    """想定交付枚数 at a milestone, its rate, and the actual cumulative when known."""

    as_of: date
    cumulative_issued: int
    rate: Decimal | None
    actual_cumulative: int | None  # actual cumulative issued in the milestone's month
    actual_rate: Decimal | None = None


def first_of_month(d: date) -> date:
    return d.replace(day=1)


def add_months(month: date, n: int) -> date:
    """The first day of the month ``n`` months after ``month`` (before it if negative)."""
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> int:
    """Whole months from ``start``'s month to ``end``'s month (2021-01 → 2021-03 is 2)."""
    return (end.year - start.year) * 12 + end.month - start.month


def plan_months(plan: IssuancePlan) -> list[date]:
    """First day of every month from ``period_start`` to ``period_end`` inclusive.

    Empty when the period is not set, runs backwards or is longer than ``MAX_PLAN_MONTHS``
    (validation reports both).
    """
    if plan.period_start is None or plan.period_end is None:
        return []
    start = first_of_month(plan.period_start)
    count = months_between(start, plan.period_end) + 1
    if count <= 0 or count > MAX_PLAN_MONTHS:
        return []
    return [add_months(start, i) for i in range(count)]


def figures_by_month(plan: IssuancePlan) -> dict[date, MonthFigures]:
    """The plan's month figures keyed by month (the first entry wins on a duplicate)."""
    result: dict[date, MonthFigures] = {}
    for figures in plan.months:
        result.setdefault(first_of_month(figures.month), figures)
    return result


def last_actual_month(plan: IssuancePlan) -> date | None:
    """The last month of the period with an actual issuance figure."""
    by_month = figures_by_month(plan)
    found = None
    for month in plan_months(plan):
        figures = by_month.get(month)
        if figures is not None and figures.actual_issuances is not None:
            found = month
    return found


def _rate(count: int | None, population: int | None) -> Decimal | None:
    if count is None or not population:
        return None
    return rate(count, population)


def month_rows(plan: IssuancePlan) -> list[MonthRow]:
    """Every month of the period, in order; months without figures have empty figures."""
    by_month = figures_by_month(plan)
    last_actual = last_actual_month(plan)
    last_applied = None
    for month in plan_months(plan):
        figures = by_month.get(month)
        if figures is not None and figures.actual_applications is not None:
            last_applied = month
    planned_issued = plan.issued_before
    planned_applied = plan.applied_before
    actual_issued = plan.issued_before
    actual_applied = plan.applied_before
    rows = []
    for month in plan_months(plan):
        figures = by_month.get(month) or MonthFigures(month=month)
        planned_issued += figures.planned_issuances or 0
        planned_applied += figures.planned_applications or 0
        actual_issued += figures.actual_issuances or 0
        actual_applied += figures.actual_applications or 0
        cumulative_actual = actual_issued if last_actual is not None and month <= last_actual else None
        cumulative_applied = actual_applied if last_applied is not None and month <= last_applied else None
        rows.append(
            MonthRow(
                month=month,
                planned_applications=figures.planned_applications,
                planned_issuances=figures.planned_issuances,
                actual_applications=figures.actual_applications,
                actual_issuances=figures.actual_issuances,
                cumulative_planned_issued=planned_issued,
                cumulative_actual_issued=cumulative_actual,
                planned_rate=_rate(planned_issued, plan.population),
                actual_rate=_rate(cumulative_actual, plan.population),
                cumulative_planned_applications=planned_applied,
                cumulative_actual_applications=cumulative_applied,
            )
        )
    return rows


def latest_actual(plan: IssuancePlan) -> MonthRow | None:
    """The row of the last month with an actual issuance figure (None before any)."""
    rows = [row for row in month_rows(plan) if row.actual_issuances is not None]
    return rows[-1] if rows else None


def milestone_rows(plan: IssuancePlan) -> list[MilestoneRow]:
    """The milestones by date, each with its rate and the actual cumulative of its month
    (``None`` when that month is outside the period or has no actual cumulative yet)."""
    actual_by_month = {row.month: row.cumulative_actual_issued for row in month_rows(plan)}
    result = []
    for milestone in sorted(plan.milestones, key=lambda m: m.as_of):
        actual = actual_by_month.get(first_of_month(milestone.as_of))
        result.append(
            MilestoneRow(
                as_of=milestone.as_of,
                cumulative_issued=milestone.cumulative_issued,
                rate=_rate(milestone.cumulative_issued, plan.population),
                actual_cumulative=actual,
                actual_rate=_rate(actual, plan.population),
            )
        )
    return result
