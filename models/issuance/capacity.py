"""Capacity check (PRODUCT.md §2.3): can the planned system issue the planned cards?

Per month of the plan::

    capacity = ⌊ Σ windows ( terminals × open hours in the month × 60 ÷ minutes per issuance
                             × utilisation ) ⌋

- terminals: the window's 目標 ``terminals_target`` — the check tests the system the plan
  promises, for every month of the period (a 現状-only window has 0 目標 terminals).
- open hours: the business days of the month inside the window's ``open_from`` …
  ``open_until`` × ``weekday_hours``, plus the hours of that window's planned openings
  (土日開庁・夜間延長) in the month. An opening with ``window_id`` None — or naming a
  window that no longer exists — belongs to the main window (the first of kind 「本庁」,
  else the first window). Business days come from :mod:`models.calendar`: weekdays minus
  国民の祝日 and 年末年始 (12/29–1/3).
- The sum is rounded down to whole cards (a card half issued is not issued).

The shortfall is ``planned − capacity`` when positive; ``extra_weekend_days`` is how many
more weekend days at the main window would close it: ⌈ shortfall ÷ (main terminals ×
weekend hours × 60 ÷ minutes × utilisation) ⌉ (0 when there is no shortfall or the main
window has no terminal — see ``MonthCapacity.closable_by_weekends``).

The report also gives the target (the last milestone), the issuances needed per business
day to reach it from today's month, the current pace (mean actual issuances of the last
three months with actuals) and the month the target is reached at that pace.
"""

from __future__ import annotations

import calendar as std_calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import lru_cache

from models.calendar import business_days
from models.issuance.figures import (
    MAX_PLAN_MONTHS,
    add_months,
    figures_by_month,
    first_of_month,
    latest_actual,
    month_rows,
    months_between,
    plan_months,
)
from models.issuance.records import CapacitySettings, ExtraOpening, IssuancePlan, IssuanceWindow
from models.settings import DomainSettings

__all__ = [
    "PACE_MONTHS",
    "CapacityReport",
    "MonthCapacity",
    "capacity_report",
    "capacity_settings",
    "main_window",
    "month_end",
]

#: Months of actuals averaged for the current pace.
PACE_MONTHS = 3
#: A target further away than this at the current pace counts as never reached.
MAX_PROJECTION_MONTHS = 1200
_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class MonthCapacity:
    """One month of the capacity check."""

    month: date  # first day of the month
    business_days: int  # 開庁日 of the month (whole month)
    weekend_openings: int  # planned 土日開庁 days in the month (all windows)
    evening_openings: int  # planned 夜間延長 evenings in the month
    terminal_hours: Decimal  # Σ terminals × open hours
    capacity: int  # cards that can be issued (rounded down)
    planned_issuances: int | None
    shortfall: int  # planned − capacity when positive, else 0
    extra_weekend_days: int  # weekend days at the main window that would close the shortfall
    # weekend/holiday days of the month not yet planned as an opening at the main window
    weekend_days_available: int = 0

    @property
    def over(self) -> bool:
        """Planned issuance exceeds capacity."""
        return self.planned_issuances is not None and self.planned_issuances > self.capacity

    @property
    def closable_by_weekends(self) -> bool:
        """The shortfall (if any) can be closed by opening on free weekend days of the month."""
        if self.shortfall == 0:
            return True
        return 0 < self.extra_weekend_days <= self.weekend_days_available


@dataclass(frozen=True)
class CapacityReport:
    months: list[MonthCapacity]
    target: int | None  # the last milestone's cumulative_issued
    target_date: date | None
    required_per_business_day: Decimal | None  # HALF_UP 0.1
    pace_per_month: Decimal | None  # mean actual issuances of the last 3 months with actuals
    reached_month: date | None  # month the target is reached at that pace
    # cards one extra weekend day at the main window adds (0: no main window or terminal)
    weekend_day_capacity: Decimal = Decimal(0)
    remaining_to_target: int | None = None  # target − latest cumulative issued (≥ 0)
    remaining_business_days: int | None = None  # business days counted for the requirement

    @property
    def shortfall_months(self) -> list[MonthCapacity]:
        return [m for m in self.months if m.over]


def capacity_settings(settings: DomainSettings) -> CapacitySettings:
    """The capacity settings stored among the domain settings."""
    return CapacitySettings(
        minutes_per_issuance=settings.issuance_minutes_per_card,
        utilisation=settings.issuance_utilisation,
        weekend_hours=settings.issuance_weekend_hours,
    )


def month_end(month: date) -> date:
    return month.replace(day=std_calendar.monthrange(month.year, month.month)[1])


def main_window(plan: IssuancePlan) -> IssuanceWindow | None:
    """The window ``window_id=None`` openings belong to: the first 本庁, else the first."""
    for window in plan.windows:
        if window.kind == "main":
            return window
    return plan.windows[0] if plan.windows else None


def _owner(plan: IssuancePlan, opening: ExtraOpening, main: int | None) -> int | None:
    """Index of the window an opening belongs to (unknown or None window_id → the main)."""
    if opening.window_id is not None:
        for index, window in enumerate(plan.windows):
            if window.id == opening.window_id:
                return index
    return main


def _main_index(plan: IssuancePlan) -> int | None:
    main = main_window(plan)
    return next(i for i, w in enumerate(plan.windows) if w is main) if main is not None else None


@lru_cache(maxsize=2048)
def _business_days_of(month: date) -> tuple[date, ...]:
    """The business days of a month (cached: the holiday lookups are the slow part)."""
    return tuple(business_days(month, month_end(month)))


@lru_cache(maxsize=2048)
def _closed_days_of(month: date) -> tuple[date, ...]:
    """The non-business days of a month: 土日・祝日・年末年始."""
    open_days = set(_business_days_of(month))
    days = (month_end(month) - month).days + 1
    return tuple(d for d in (month + timedelta(days=i) for i in range(days)) if d not in open_days)


def _count_business_days(start: date, end: date) -> int:
    """Business days from ``start`` to ``end`` inclusive, through the monthly cache."""
    total = 0
    month = first_of_month(start)
    while month <= end:
        total += sum(1 for d in _business_days_of(month) if start <= d <= end)
        month = add_months(month, 1)
    return total


def _open_business_days(window: IssuanceWindow, month: date) -> int:
    start = max(month, window.open_from) if window.open_from else month
    end = min(month_end(month), window.open_until) if window.open_until else month_end(month)
    return sum(1 for d in _business_days_of(month) if start <= d <= end)


def _cards(terminal_hours: Decimal, settings: CapacitySettings) -> Decimal:
    """Cards issued in ``terminal_hours`` (one division, so whole results stay exact)."""
    return terminal_hours * 60 * settings.utilisation / settings.minutes_per_issuance


def _free_weekend_days(month: date, taken: set[date]) -> int:
    """Non-business days of the month (土日・祝日・年末年始) without a planned opening."""
    return sum(1 for d in _closed_days_of(month) if d not in taken)


def _month_capacity(
    plan: IssuancePlan, month: date, settings: CapacitySettings, weekend_day: Decimal, planned: int | None
) -> MonthCapacity:
    main = _main_index(plan)
    last = month_end(month)
    openings = [o for o in plan.openings if month <= o.day <= last]
    extra_hours: dict[int, Decimal] = {}
    taken_at_main: set[date] = set()
    for opening in openings:
        owner = _owner(plan, opening, main)
        if owner is None:
            continue
        extra_hours[owner] = extra_hours.get(owner, Decimal(0)) + opening.hours
        if owner == main and opening.kind == "weekend":
            taken_at_main.add(opening.day)
    terminal_hours = Decimal(0)
    for index, window in enumerate(plan.windows):
        hours = _open_business_days(window, month) * window.weekday_hours + extra_hours.get(index, Decimal(0))
        terminal_hours += window.terminals_target * hours
    capacity = int(_cards(terminal_hours, settings).to_integral_value(rounding=ROUND_FLOOR))
    shortfall = max(0, (planned or 0) - capacity)
    extra_days = 0
    if shortfall and weekend_day > 0:
        extra_days = int((Decimal(shortfall) / weekend_day).to_integral_value(rounding=ROUND_CEILING))
    return MonthCapacity(
        month=month,
        business_days=len(_business_days_of(month)),
        weekend_openings=sum(1 for o in openings if o.kind == "weekend"),
        evening_openings=sum(1 for o in openings if o.kind == "evening"),
        terminal_hours=terminal_hours,
        capacity=capacity,
        planned_issuances=planned,
        shortfall=shortfall,
        extra_weekend_days=extra_days,
        weekend_days_available=_free_weekend_days(month, taken_at_main),
    )


def _mean_tenth(total: int, count: int) -> Decimal:
    return (Decimal(total) / Decimal(count)).quantize(_TENTH, rounding=ROUND_HALF_UP)


def capacity_report(plan: IssuancePlan, settings: CapacitySettings, *, today: date) -> CapacityReport:
    """The capacity check of every month of the plan, and the way to the target."""
    main = main_window(plan)
    weekend_day = (
        _cards(Decimal(main.terminals_target) * settings.weekend_hours, settings) if main else Decimal(0)
    )
    by_month = figures_by_month(plan)
    months = [
        _month_capacity(
            plan,
            month,
            settings,
            weekend_day,
            by_month[month].planned_issuances if month in by_month else None,
        )
        for month in plan_months(plan)
    ]

    milestones = sorted(plan.milestones, key=lambda m: m.as_of)
    target = milestones[-1].cumulative_issued if milestones else None
    target_date = milestones[-1].as_of if milestones else None

    latest = latest_actual(plan)
    issued_now = latest.cumulative_actual_issued if latest is not None else plan.issued_before
    assert issued_now is not None  # the latest actual row always has its cumulative

    required: Decimal | None = None
    remaining: int | None = None
    days: int | None = None
    if target is not None and target_date is not None:
        remaining = max(0, target - issued_now)
        start = first_of_month(today)
        if plan.period_start is not None and plan.period_start > start:
            start = plan.period_start
        # a target further than the longest plan is not counted day by day (a typo, say)
        days = (
            _count_business_days(start, target_date)
            if months_between(start, target_date) <= MAX_PLAN_MONTHS
            else None
        )
        if remaining == 0:
            required = Decimal("0.0")
        elif days:
            required = _mean_tenth(remaining, days)

    actual_months = [row for row in month_rows(plan) if row.actual_issuances is not None]
    recent = actual_months[-PACE_MONTHS:]
    recent_total = sum(row.actual_issuances or 0 for row in recent)
    pace = _mean_tenth(recent_total, len(recent)) if recent else None

    reached: date | None = None
    if target is not None and latest is not None:
        if issued_now >= target:
            reached = next(
                row.month
                for row in actual_months
                if row.cumulative_actual_issued is not None and row.cumulative_actual_issued >= target
            )
        elif recent_total > 0:
            # exact pace: months needed = ⌈ remaining × count ÷ total ⌉
            needed = -(-(target - issued_now) * len(recent) // recent_total)
            if needed <= MAX_PROJECTION_MONTHS:
                reached = add_months(latest.month, needed)

    return CapacityReport(
        months=months,
        target=target,
        target_date=target_date,
        required_per_business_day=required,
        pace_per_month=pace,
        reached_month=reached,
        weekend_day_capacity=weekend_day,
        remaining_to_target=remaining,
        remaining_business_days=days,
    )
