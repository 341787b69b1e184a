"""Capacity check against months computed by hand from the real calendar.

With the default settings (15 minutes per issuance, utilisation 0.8) one terminal-hour
issues 60 ÷ 15 × 0.8 = 3.2 cards. Business days = weekdays − 国民の祝日 − 年末年始 (12/29–1/3).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from models.issuance.capacity import MonthCapacity, capacity_report, capacity_settings, main_window
from models.issuance.records import (
    CapacitySettings,
    ExtraOpening,
    IssuancePlan,
    IssuanceWindow,
    Milestone,
    MonthFigures,
)
from models.settings import DomainSettings

DEFAULTS = CapacitySettings()


def _window(terminals: int, hours: str = "7.75", **kw: object) -> IssuanceWindow:
    return IssuanceWindow(
        name=str(kw.pop("name", "本庁")),
        kind=str(kw.pop("kind", "main")),
        terminals_baseline=0,
        terminals_target=terminals,
        staff_baseline=0,
        staff_target=terminals,
        weekday_hours=Decimal(hours),
        **kw,  # type: ignore[arg-type]
    )


def _plan(start: date, end: date, *windows: IssuanceWindow, **changes: object) -> IssuancePlan:
    return IssuancePlan(period_start=start, period_end=end, windows=windows, **changes)  # type: ignore[arg-type]


def _month(
    plan: IssuancePlan, month: date, settings: CapacitySettings = DEFAULTS, today: date | None = None
) -> MonthCapacity:
    report = capacity_report(plan, settings, today=today or date(2020, 1, 1))
    return next(m for m in report.months if m.month == month)


def test_a_golden_week_month() -> None:
    # 2021-05: 31 days, 10 weekend days (1,2,8,9,15,16,22,23,29,30) → 21 weekdays;
    # 憲法記念日 3 (Mon), みどりの日 4 (Tue), こどもの日 5 (Wed) → 18 business days.
    # 2 terminals × 18 days × 7.75 h = 279 terminal-hours × 3.2 = 892.8 → 892 cards.
    plan = _plan(date(2021, 5, 1), date(2021, 5, 1), _window(2))
    may = _month(plan, date(2021, 5, 1))
    assert may.business_days == 18
    assert may.terminal_hours == Decimal("279.00")
    assert may.capacity == 892
    assert (may.weekend_openings, may.evening_openings) == (0, 0)
    assert may.planned_issuances is None
    assert (may.shortfall, may.extra_weekend_days, may.over) == (0, 0, False)
    assert may.weekend_days_available == 13  # 10 weekend days + 3 holidays


def test_year_end_closure_in_december_and_january() -> None:
    # 2020-12: Dec 1 is a Tuesday; 8 weekend days → 23 weekdays; 年末 29 (Tue), 30 (Wed),
    # 31 (Thu) closed → 20 business days (no 祝日 in December since 2019).
    # 1 terminal × 20 × 7.75 = 155 terminal-hours × 3.2 = 496 cards.
    # 2021-01: Jan 1 is a Friday; 10 weekend days → 21 weekdays; 元日 1/1 (Fri) and
    # 成人の日 1/11 (Mon) → 19 business days (1/2 and 1/3 are a weekend).
    # 1 × 19 × 7.75 = 147.25 terminal-hours × 3.2 = 471.2 → 471 cards.
    plan = _plan(date(2020, 12, 1), date(2021, 1, 1), _window(1))
    december = _month(plan, date(2020, 12, 1))
    january = _month(plan, date(2021, 1, 1))
    assert (december.business_days, december.capacity) == (20, 496)
    assert (january.business_days, january.capacity) == (19, 471)


def test_a_month_with_two_saturday_openings() -> None:
    # 2021-02: Feb 1 is a Monday, 28 days → 20 weekdays; 建国記念の日 2/11 (Thu) and
    # 天皇誕生日 2/23 (Tue) → 18 business days.
    # Openings on Saturdays 2/13 and 2/27, 4 h each, at the main window (2 terminals):
    # 2 × (18 × 7.75 + 2 × 4) = 2 × 147.5 = 295 terminal-hours × 3.2 = 944 cards.
    # One evening (夜間延長) 2/18, 2 h: + 2 × 2 = 4 terminal-hours → 299 × 3.2 = 956.8 → 956.
    openings = (
        ExtraOpening(date(2021, 2, 13), "weekend", Decimal(4)),
        ExtraOpening(date(2021, 2, 27), "weekend", Decimal(4)),
    )
    plan = _plan(date(2021, 2, 1), date(2021, 2, 1), _window(2), openings=openings)
    february = _month(plan, date(2021, 2, 1))
    assert february.business_days == 18
    assert february.weekend_openings == 2
    assert february.terminal_hours == Decimal("295.00")
    assert february.capacity == 944
    assert february.weekend_days_available == 10 - 2  # 8 weekend days + 2 holidays, 2 taken

    evening = (*openings, ExtraOpening(date(2021, 2, 18), "evening", Decimal(2)))
    with_evening = _month(
        _plan(date(2021, 2, 1), date(2021, 2, 1), _window(2), openings=evening), date(2021, 2, 1)
    )
    assert (with_evening.evening_openings, with_evening.capacity) == (1, 956)


def test_a_temporary_window_open_for_part_of_the_month() -> None:
    # 臨時交付窓口 open 2021-01-12 (Tue) … 2021-03-31, 1 terminal, 6 h a day.
    # January from the 12th: 12–15 (4), 18–22 (5), 25–29 (5) = 14 business days
    # → 1 × 14 × 6 = 84 terminal-hours. Main window: 1 × 19 × 7.75 = 147.25.
    # Total 231.25 × 3.2 = 740 cards exactly. In December the window is closed: 496 (above).
    temporary = _window(
        1, "6", name="臨時", kind="temporary", open_from=date(2021, 1, 12), open_until=date(2021, 3, 31)
    )
    plan = _plan(date(2020, 12, 1), date(2021, 1, 1), _window(1), temporary)
    assert _month(plan, date(2021, 1, 1)).capacity == 740
    assert _month(plan, date(2021, 1, 1)).terminal_hours == Decimal("231.25")
    assert _month(plan, date(2020, 12, 1)).capacity == 496


def test_an_opening_counts_at_its_own_window() -> None:
    # A Saturday opening 2021-01-16 of the temporary window (id 7, 1 terminal, 4 h) adds
    # 4 terminal-hours: 235.25 × 3.2 = 752.8 → 752; at the main window (2 terminals) it
    # would add 8.
    temporary = _window(
        1, "6", name="臨時", kind="temporary", open_from=date(2021, 1, 12), open_until=date(2021, 3, 31), id=7
    )
    opening = ExtraOpening(date(2021, 1, 16), "weekend", Decimal(4), window_id=7)
    plan = _plan(date(2021, 1, 1), date(2021, 1, 1), _window(1), temporary, openings=(opening,))
    assert _month(plan, date(2021, 1, 1)).capacity == 752


def test_shortfall_and_the_extra_weekend_days_that_close_it() -> None:
    # May 2021 as above: capacity 892. Planned 1,000 → shortfall 108.
    # One extra weekend day at the main window: 2 terminals × 4 h × 3.2 = 25.6 cards;
    # 108 ÷ 25.6 = 4.22 → 5 days.
    plan = _plan(
        date(2021, 5, 1),
        date(2021, 5, 1),
        _window(2),
        months=(MonthFigures(date(2021, 5, 1), planned_issuances=1000),),
    )
    report = capacity_report(plan, DEFAULTS, today=date(2021, 4, 1))
    may = report.months[0]
    assert (may.planned_issuances, may.capacity, may.shortfall) == (1000, 892, 108)
    assert may.over
    assert may.extra_weekend_days == 5
    assert may.closable_by_weekends
    assert report.weekend_day_capacity == Decimal("25.6")
    assert report.shortfall_months == [may]


def test_settings_change_the_capacity() -> None:
    # 30 minutes, utilisation 1.0: one terminal-hour = 2 cards; May: 279 × 2 = 558.
    settings = capacity_settings(
        DomainSettings(issuance_minutes_per_card=Decimal(30), issuance_utilisation=Decimal(1))
    )
    assert settings == CapacitySettings(Decimal(30), Decimal(1), Decimal(4))
    plan = _plan(date(2021, 5, 1), date(2021, 5, 1), _window(2))
    assert _month(plan, date(2021, 5, 1), settings).capacity == 558


def test_without_a_main_terminal_no_weekend_day_can_close_a_gap() -> None:
    plan = _plan(
        date(2021, 5, 1),
        date(2021, 5, 1),
        _window(0),
        months=(MonthFigures(date(2021, 5, 1), planned_issuances=10),),
    )
    may = _month(plan, date(2021, 5, 1))
    assert (may.capacity, may.shortfall, may.extra_weekend_days) == (0, 10, 0)
    assert not may.closable_by_weekends


def test_the_main_window_is_the_first_honcho_else_the_first() -> None:
    branch = _window(1, name="支所", kind="branch")
    main = _window(2, name="本庁", kind="main")
    assert main_window(_plan(date(2021, 1, 1), date(2021, 1, 1), branch, main)) is main
    assert main_window(_plan(date(2021, 1, 1), date(2021, 1, 1), branch)) is branch
    assert main_window(IssuancePlan()) is None


def _progress_plan() -> IssuancePlan:
    return _plan(
        date(2020, 10, 1),
        date(2021, 3, 1),
        _window(1),
        issued_before=4000,
        months=(
            MonthFigures(date(2020, 10, 1), actual_issuances=100),
            MonthFigures(date(2020, 11, 1), actual_issuances=100),
            MonthFigures(date(2020, 12, 1), actual_issuances=120),
            MonthFigures(date(2021, 1, 1), actual_issuances=180),
        ),
        milestones=(Milestone(date(2020, 12, 31), 4300), Milestone(date(2021, 3, 31), 5000)),
    )


def test_required_per_business_day_pace_and_the_month_the_target_is_reached() -> None:
    # Target = the last milestone: 5,000 by 2021-03-31. Issued so far 4,000 + 500 = 4,500.
    # Today 2021-02-10 → from 2021-02-01: February 18 business days + March 23 (春分の日
    # 3/20 is a Saturday) = 41; 500 ÷ 41 = 12.195… → 12.2.
    # Pace: mean of the last three months with actuals (100, 120, 180) = 133.33… → 133.3.
    # Reached: 500 × 3 ÷ 400 = 3.75 → 4 months after 2021-01 → 2021-05.
    report = capacity_report(_progress_plan(), DEFAULTS, today=date(2021, 2, 10))
    assert (report.target, report.target_date) == (5000, date(2021, 3, 31))
    assert report.remaining_to_target == 500
    assert report.remaining_business_days == 41
    assert report.required_per_business_day == Decimal("12.2")
    assert report.pace_per_month == Decimal("133.3")
    assert report.reached_month == date(2021, 5, 1)


def test_required_per_business_day_rounds_half_up() -> None:
    # 2020-12 has 20 business days; 61 cards to go → 3.05 → 3.1 (banker's gives 3.0).
    plan = _plan(
        date(2020, 12, 1),
        date(2020, 12, 1),
        _window(1),
        issued_before=100,
        milestones=(Milestone(date(2020, 12, 31), 161),),
    )
    report = capacity_report(plan, DEFAULTS, today=date(2020, 12, 5))
    assert report.required_per_business_day == Decimal("3.1")
    assert report.pace_per_month is None and report.reached_month is None  # no actuals yet


def test_the_period_start_counts_when_today_is_before_it() -> None:
    # Today 2020-06 is before the plan: count from 2020-12-01 (20 business days).
    plan = _plan(
        date(2020, 12, 1),
        date(2020, 12, 1),
        _window(1),
        issued_before=100,
        milestones=(Milestone(date(2020, 12, 31), 300),),
    )
    report = capacity_report(plan, DEFAULTS, today=date(2020, 6, 15))
    assert report.remaining_business_days == 20
    assert report.required_per_business_day == Decimal("10.0")


def test_target_already_reached_or_past() -> None:
    plan = _progress_plan()
    reached = capacity_report(
        replace(plan, milestones=(Milestone(date(2021, 3, 31), 4200),)),
        DEFAULTS,
        today=date(2021, 2, 10),
    )
    assert reached.required_per_business_day == Decimal("0.0")
    assert reached.reached_month == date(2020, 11, 1)  # 4,000 + 100 + 100 = 4,200
    past = capacity_report(plan, DEFAULTS, today=date(2021, 5, 10))
    assert past.remaining_business_days == 0
    assert past.required_per_business_day is None  # no business day left


def test_no_milestone_no_target() -> None:
    plan = _plan(date(2021, 1, 1), date(2021, 1, 1), _window(1))
    report = capacity_report(plan, DEFAULTS, today=date(2021, 1, 5))
    assert (report.target, report.target_date, report.required_per_business_day) == (None, None, None)
    assert report.reached_month is None
    assert capacity_report(IssuancePlan(), DEFAULTS, today=date(2021, 1, 5)).months == []


def test_a_target_beyond_ten_years_is_not_counted_day_by_day() -> None:
    plan = _plan(
        date(2021, 1, 1),
        date(2021, 1, 1),
        _window(1),
        milestones=(Milestone(date(2199, 3, 31), 500),),
    )
    report = capacity_report(plan, DEFAULTS, today=date(2021, 1, 5))
    assert report.target == 500
    assert (report.remaining_business_days, report.required_per_business_day) == (None, None)
