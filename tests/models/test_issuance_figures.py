"""交付円滑化計画: the monthly table, cumulative figures, 交付率 (HALF_UP) and milestones."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from models.issuance.figures import (
    add_months,
    latest_actual,
    milestone_rows,
    month_rows,
    months_between,
    plan_months,
)
from models.issuance.labels import month_label
from models.issuance.records import IssuancePlan, Milestone, MonthFigures


def _plan(**changes: object) -> IssuancePlan:
    values: dict[str, object] = {
        "period_start": date(2021, 1, 1),
        "period_end": date(2021, 4, 1),
        "population": 2000,
        "issued_before": 1000,
        "applied_before": 1100,
    }
    values.update(changes)
    return IssuancePlan(**values)  # type: ignore[arg-type]


def test_plan_months_cover_the_period_and_cross_the_year() -> None:
    plan = _plan(period_start=date(2020, 11, 1), period_end=date(2021, 2, 1))
    assert plan_months(plan) == [date(2020, 11, 1), date(2020, 12, 1), date(2021, 1, 1), date(2021, 2, 1)]
    assert plan_months(IssuancePlan()) == []
    assert plan_months(_plan(period_end=date(2020, 12, 1))) == []  # backwards: nothing
    assert add_months(date(2020, 12, 1), 1) == date(2021, 1, 1)
    assert add_months(date(2021, 1, 1), -1) == date(2020, 12, 1)
    assert months_between(date(2020, 10, 1), date(2023, 3, 1)) == 29


def test_every_month_is_listed_and_missing_months_are_empty() -> None:
    plan = _plan(months=(MonthFigures(date(2021, 2, 1), planned_issuances=100),))
    rows = month_rows(plan)
    assert [r.month for r in rows] == [date(2021, m, 1) for m in (1, 2, 3, 4)]
    first = rows[0]
    assert (first.planned_applications, first.planned_issuances) == (None, None)
    assert (first.actual_applications, first.actual_issuances) == (None, None)
    assert first.cumulative_planned_issued == 1000  # issued_before, nothing added yet
    assert rows[1].cumulative_planned_issued == 1100


def test_cumulative_starts_from_issued_before_and_the_actual_stops_at_the_last_actual() -> None:
    plan = _plan(
        months=(
            MonthFigures(date(2021, 1, 1), 50, 40, 60, 30),
            MonthFigures(date(2021, 2, 1), 50, 40, None, None),  # no actual: counts as 0
            MonthFigures(date(2021, 3, 1), 50, 40, 20, 25),
            MonthFigures(date(2021, 4, 1), 50, 40),
        )
    )
    rows = month_rows(plan)
    assert [r.cumulative_planned_issued for r in rows] == [1040, 1080, 1120, 1160]
    assert [r.cumulative_actual_issued for r in rows] == [1030, 1030, 1055, None]
    assert [r.cumulative_planned_applications for r in rows] == [1150, 1200, 1250, 1300]
    assert [r.cumulative_actual_applications for r in rows] == [1160, 1160, 1180, None]
    assert rows[3].actual_rate is None
    assert rows[0].has_actual and not rows[1].has_actual


def test_rates_are_half_up_to_a_tenth_of_the_population() -> None:
    # 1451 / 2000 = 72.55 % → 72.6 (banker's rounding would give 72.6 too; 72.45 → 72.5 below)
    # 1449 / 2000 = 72.45 % → 72.5 (banker's rounding gives 72.4)
    plan = _plan(
        issued_before=1400,
        months=(
            MonthFigures(date(2021, 1, 1), planned_issuances=51, actual_issuances=49),
            MonthFigures(date(2021, 2, 1), planned_issuances=0),
        ),
    )
    rows = month_rows(plan)
    assert rows[0].planned_rate == Decimal("72.6")
    assert rows[0].actual_rate == Decimal("72.5")
    assert rows[1].planned_rate == Decimal("72.6")
    assert rows[1].actual_rate is None  # after the last actual month


def test_no_population_means_no_rates() -> None:
    plan = _plan(population=None, months=(MonthFigures(date(2021, 1, 1), 1, 1, 1, 1),))
    row = month_rows(plan)[0]
    assert (row.planned_rate, row.actual_rate) == (None, None)
    assert row.cumulative_actual_issued == 1001


def test_months_outside_the_period_are_not_counted() -> None:
    plan = _plan(months=(MonthFigures(date(2020, 12, 1), planned_issuances=500, actual_issuances=500),))
    rows = month_rows(plan)
    assert all(r.cumulative_planned_issued == 1000 for r in rows)
    assert latest_actual(plan) is None


def test_latest_actual_is_the_last_month_with_an_actual_issuance() -> None:
    plan = _plan(
        months=(
            MonthFigures(date(2021, 1, 1), actual_issuances=10),
            MonthFigures(date(2021, 2, 1), actual_issuances=20),
            MonthFigures(date(2021, 3, 1), actual_applications=5),  # applications only
        )
    )
    latest = latest_actual(plan)
    assert latest is not None
    assert latest.month == date(2021, 2, 1)
    assert latest.cumulative_actual_issued == 1030
    assert latest_actual(_plan()) is None


def test_milestones_are_sorted_with_rates_and_the_actual_of_their_month() -> None:
    plan = _plan(
        period_start=date(2020, 10, 1),
        period_end=date(2022, 3, 1),
        months=(MonthFigures(date(2021, 3, 1), actual_issuances=120),),
        milestones=(Milestone(date(2022, 3, 31), 1600), Milestone(date(2021, 3, 31), 1203)),
    )
    first, second = milestone_rows(plan)
    assert first.as_of == date(2021, 3, 31)
    assert first.cumulative_issued == 1203
    assert first.rate == Decimal("60.2")  # 60.15 → 60.2 (HALF_UP)
    assert first.actual_cumulative == 1120
    assert first.actual_rate == Decimal("56.0")
    assert second.rate == Decimal("80.0")
    assert second.actual_cumulative is None  # no actual figure that far yet


def test_month_labels_are_wareki_with_the_era_of_the_month() -> None:
    assert month_label(date(2021, 5, 1)) == "令和3年5月"
    assert month_label(date(2019, 4, 1)) == "平成31年4月"
    assert month_label(date(2019, 5, 1)) == "令和元年5月"
