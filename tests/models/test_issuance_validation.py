"""The rules of a plan: each rule gives its level, where, and a Japanese message."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from models.issuance.demo import demo_plan
from models.issuance.records import (
    ExtraOpening,
    IssuancePlan,
    Milestone,
    MonthFigures,
    PromotionEvent,
    PromotionMeasure,
    StaffCount,
)
from models.issuance.validation import ERROR, WARNING, PlanIssue, check_plan, errors_of, has_errors
from tests.issuance_samples import VALID_MAIN as MAIN
from tests.issuance_samples import VALID_TEMPORARY as TEMPORARY
from tests.issuance_samples import valid_plan as _valid

TODAY = date(2021, 6, 15)


def _issues(plan: IssuancePlan, today: date = TODAY) -> list[PlanIssue]:
    return check_plan(plan, today=today)


def _one(plan: IssuancePlan, where: str, today: date = TODAY) -> PlanIssue:
    found = [i for i in _issues(plan, today) if i.where == where]
    assert len(found) == 1, _issues(plan, today)
    return found[0]


def test_a_valid_plan_and_the_demo_plan_have_no_issue() -> None:
    assert _issues(_valid()) == []
    assert _issues(IssuancePlan()) == []  # a new empty plan can be saved
    demo = check_plan(demo_plan(), today=date.today())
    assert not has_errors(demo), demo
    assert demo == []


@pytest.mark.parametrize(
    ("changes", "where", "text"),
    [
        ({"population": -1}, "population", "住民基本台帳人口（交付率の分母）は0以上の整数"),
        ({"issued_before": 1.5}, "issued_before", "0以上の整数"),
        ({"applied_before": True}, "applied_before", "0以上の整数"),
        ({"population": 20_000_000}, "population", "10,000,000以下"),
        ({"weekend_days_target": 40}, "weekend_days_target", "0〜31"),
    ],
)
def test_counts_of_the_plan_are_non_negative_integers(
    changes: dict[str, object], where: str, text: str
) -> None:
    issue = _one(replace(_valid(), **changes), where)  # type: ignore[arg-type]
    assert issue.level == ERROR and text in issue.message


def test_month_counts_are_non_negative_integers_named_in_wareki() -> None:
    plan = replace(_valid(), months=(MonthFigures(date(2021, 5, 1), planned_issuances=-3),))
    issue = _one(plan, "months[2021-05].planned_issuances")
    assert issue.level == ERROR
    assert issue.message == "令和3年5月の交付枚数（計画）は0以上の整数で入力してください。"


def test_the_period() -> None:
    assert (
        _one(replace(_valid(), period_end=None), "period_end").message
        == "計画期間の終了月を入力してください。"
    )
    assert _one(replace(_valid(), period_start=None), "period_start").level == ERROR
    backwards = replace(_valid(), period_end=date(2020, 12, 1))
    assert _one(backwards, "period_end").message == "計画期間の終了月は開始月以降にしてください。"
    too_long = replace(_valid(), period_end=date(2031, 1, 1))  # 121 months
    assert _one(too_long, "period_end").message == "計画期間は10年以内にしてください。"
    ten_years = replace(_valid(), period_end=date(2030, 12, 1), months=())
    assert not has_errors(_issues(ten_years))
    mid_month = replace(_valid(), period_start=date(2021, 1, 15))
    assert "月の初日" in _one(mid_month, "period_start").message
    no_period = IssuancePlan(months=(MonthFigures(date(2021, 1, 1), 1),))
    assert _one(no_period, "period_start").level == ERROR


def test_cumulative_actual_above_population_blocks() -> None:
    # 200 before + 30 + 30 + 800 = 1,060 > 1,000 in 2021-03
    plan = replace(_valid(), months=(*_valid().months, MonthFigures(date(2021, 3, 1), 0, 0, 900, 800)))
    issue = _one(plan, "months[2021-03].actual_issuances")
    assert issue.level == ERROR
    assert (
        issue.message
        == "令和3年3月の累計交付枚数（実績 1,060枚）が住民基本台帳人口（1,000人）を超えています。"
    )
    assert has_errors(_issues(plan))


def test_issued_before_above_population_blocks() -> None:
    plan = replace(_valid(), issued_before=1001, applied_before=1001, milestones=())
    assert _one(plan, "issued_before").level == ERROR


def test_cumulative_planned_above_population_warns() -> None:
    plan = replace(_valid(), months=(*_valid().months, MonthFigures(date(2021, 3, 1), 900, 800)))
    issue = _one(plan, "months[2021-03].planned_issuances")
    assert issue.level == WARNING and "計画 1,100枚" in issue.message


def test_issued_above_applications_only_warns() -> None:
    # actual: 200 + 30 = 230 issued vs 210 + 10 = 220 applied in 2021-01
    plan = replace(
        _valid(),
        applied_before=210,
        months=(MonthFigures(date(2021, 1, 1), 60, 50, 10, 30), _valid().months[1]),
    )
    issues = _issues(plan)
    assert not has_errors(issues)
    warning = next(i for i in issues if i.where == "months[2021-01].actual_issuances")
    assert warning.level == WARNING
    assert warning.message.startswith(
        "令和3年1月の累計交付枚数（実績 230枚）が累計申請件数（220件）を上回っています。"
    )
    # planned: 200 + 50 = 250 issued vs 210 + 30 = 240 applied
    planned = replace(plan, months=(MonthFigures(date(2021, 1, 1), 30, 50),))
    assert _one(planned, "months[2021-01].planned_issuances").level == WARNING


def test_actual_figures_cannot_be_in_a_future_month() -> None:
    plan = replace(_valid(), months=(*_valid().months, MonthFigures(date(2021, 7, 1), actual_applications=5)))
    issue = _one(plan, "months[2021-07].actual_applications")
    assert issue.level == ERROR
    assert issue.message == "令和3年7月はまだ来ていない月のため、実績は入力できません。"
    current_month = replace(_valid(), months=(MonthFigures(date(2021, 6, 1), actual_issuances=5),))
    assert not has_errors(_issues(current_month))  # the current month may be entered as it goes
    planned_only = replace(_valid(), months=(MonthFigures(date(2021, 9, 1), 10, 10),))
    assert _issues(planned_only) == []


def test_event_actuals_cannot_be_in_the_future() -> None:
    event = PromotionEvent(date(2021, 7, 1), "commercial", "スーパー", 10, 3)
    assert _one(replace(_valid(), events=(event,)), "events[0].actual_applications").level == ERROR


def test_months_duplicated_or_outside_the_period() -> None:
    duplicated = replace(
        _valid(), months=(MonthFigures(date(2021, 1, 1), 1), MonthFigures(date(2021, 1, 1), 2))
    )
    assert _one(duplicated, "months[2021-01].month").message == "令和3年1月の数値が重複しています。"
    outside = replace(_valid(), months=(MonthFigures(date(2022, 4, 1), 1),))
    issue = _one(outside, "months[2022-04].month")
    assert issue.level == WARNING and "計画期間外" in issue.message
    not_first = replace(_valid(), months=(MonthFigures(date(2021, 1, 5), 1),))
    assert "月の初日" in _one(not_first, "months[2021-01].month").message


def test_windows() -> None:
    unnamed = replace(_valid(), windows=(replace(MAIN, name=" "),))
    assert _one(unnamed, "windows[0].name").message == "交付窓口（1行目）の名称を入力してください。"
    hours = replace(_valid(), windows=(replace(MAIN, weekday_hours=Decimal(25)),))
    issue = _one(hours, "windows[0].weekday_hours")
    assert issue.level == ERROR
    assert issue.message == "交付窓口「本庁」の平日の開設時間は0〜24時間の範囲で入力してください。"
    negative = replace(_valid(), windows=(replace(MAIN, terminals_target=-1),))
    assert "統合端末数（目標）は0以上の整数" in _one(negative, "windows[0].terminals_target").message
    kind = replace(_valid(), windows=(replace(MAIN, kind="castle"),))
    assert _one(kind, "windows[0].kind").level == ERROR
    period = replace(_valid(), windows=(MAIN, replace(TEMPORARY, open_until=date(2021, 1, 1))), openings=())
    assert "終了日は開始日以降" in _one(period, "windows[1].open_until").message
    twins = replace(_valid(), windows=(MAIN, replace(MAIN, id=3)))
    assert _one(twins, "windows[0].name").level == WARNING
    none = replace(_valid(), windows=(), openings=())
    assert _one(none, "windows").level == WARNING


def test_weekday_hours_bounds() -> None:
    for hours, ok in (
        (Decimal(0), True),
        (Decimal(24), True),
        (Decimal("24.25"), False),
        (Decimal(-1), False),
    ):
        plan = replace(_valid(), windows=(replace(MAIN, weekday_hours=hours),), openings=())
        assert has_errors(_issues(plan)) is not ok, hours


def test_openings() -> None:
    on_a_weekday = replace(_valid(), openings=(ExtraOpening(date(2021, 1, 15), "weekend", Decimal(4)),))
    issue = _one(on_a_weekday, "openings[0].day")
    assert issue.level == ERROR
    assert (
        issue.message == "令和3年1月15日(金)は開庁日です。土日開庁は土日・祝日・年末年始の日にしてください。"
    )
    holiday = replace(_valid(), openings=(ExtraOpening(date(2021, 2, 11), "weekend", Decimal(4)),))
    assert _issues(holiday) == []  # 建国記念の日 is a closed day
    duplicated = replace(
        _valid(),
        openings=(
            ExtraOpening(date(2021, 1, 16), "weekend", Decimal(4)),
            ExtraOpening(date(2021, 1, 16), "weekend", Decimal(3), window_id=1),  # 1 is the main window
        ),
    )
    assert "重複" in _one(duplicated, "openings[1].day").message
    other_window = replace(
        _valid(),
        openings=(
            ExtraOpening(date(2021, 1, 16), "weekend", Decimal(4)),
            ExtraOpening(date(2021, 1, 16), "weekend", Decimal(4), window_id=2),
        ),
    )
    assert _issues(other_window) == []
    zero = replace(_valid(), openings=(ExtraOpening(date(2021, 1, 16), "weekend", Decimal(0)),))
    assert _one(zero, "openings[0].hours").level == ERROR
    too_long = replace(_valid(), openings=(ExtraOpening(date(2021, 1, 15), "evening", Decimal(17)),))
    assert "24時間以内" in _one(too_long, "openings[0].hours").message
    unknown_window = replace(
        _valid(), openings=(ExtraOpening(date(2021, 1, 16), "weekend", Decimal(4), window_id=99),)
    )
    assert _one(unknown_window, "openings[0].window_id").level == ERROR
    kind = replace(_valid(), openings=(ExtraOpening(date(2021, 1, 16), "night", Decimal(4)),))
    assert _one(kind, "openings[0].kind").level == ERROR
    evening_on_sunday = replace(_valid(), openings=(ExtraOpening(date(2021, 1, 17), "evening", Decimal(2)),))
    assert _one(evening_on_sunday, "openings[0].day").level == WARNING
    outside = replace(_valid(), openings=(ExtraOpening(date(2022, 4, 9), "weekend", Decimal(4)),))
    assert "計画期間外" in _one(outside, "openings[0].day").message
    closed_window = replace(
        _valid(), openings=(ExtraOpening(date(2021, 4, 3), "weekend", Decimal(4), window_id=2),)
    )
    assert "開設期間外" in _one(closed_window, "openings[0].day").message


def test_milestones() -> None:
    descending = replace(
        _valid(), milestones=(Milestone(date(2021, 3, 31), 700), Milestone(date(2022, 3, 31), 400))
    )
    issue = _one(descending, "milestones[1].cumulative_issued")
    assert issue.level == ERROR and "前の時点（令和3年3月31日：700枚）より少なく" in issue.message
    duplicated = replace(
        _valid(), milestones=(Milestone(date(2021, 3, 31), 400), Milestone(date(2021, 3, 31), 500))
    )
    assert any(i.where == "milestones[0].as_of" and i.level == ERROR for i in _issues(duplicated))
    above = replace(_valid(), milestones=(Milestone(date(2021, 3, 31), 1001),))
    assert "住民基本台帳人口を超えています" in _one(above, "milestones[0].cumulative_issued").message
    assert _one(above, "milestones[0].cumulative_issued").level == WARNING
    after = replace(_valid(), milestones=(Milestone(date(2022, 4, 30), 800),))
    assert "計画期間の後" in _one(after, "milestones[0].as_of").message
    below = replace(_valid(), milestones=(Milestone(date(2021, 3, 31), 100),))
    assert _one(below, "milestones[0].cumulative_issued").level == WARNING
    unordered_but_ascending = replace(_valid(), milestones=tuple(reversed(_valid().milestones)))
    assert _issues(unordered_but_ascending) == []


def test_staff_events_measures_obstacles_subsidies() -> None:
    assert _one(replace(_valid(), staff=(StaffCount("robot", 1, 1),)), "staff[0].staff_type").level == ERROR
    twice = replace(_valid(), staff=(StaffCount("regular", 1, 1), StaffCount("regular", 2, 2)))
    assert "重複" in _one(twice, "staff[1].staff_type").message
    event = PromotionEvent(date(2021, 2, 14), "moon", " ", -1)
    issues = _issues(replace(_valid(), events=(event,)))
    assert {i.where for i in issues} == {
        "events[0].place_type",
        "events[0].place_name",
        "events[0].expected_applications",
    }
    measure = PromotionMeasure("magic", "", start=date(2021, 3, 1), end=date(2021, 2, 1), quantity=-5)
    issues = _issues(replace(_valid(), measures=(measure,)))
    assert {i.where for i in issues} == {
        "measures[0].kind",
        "measures[0].description",
        "measures[0].end",
        "measures[0].quantity",
    }
    assert _one(replace(_valid(), obstacles=frozenset({"ghosts"})), "obstacles").level == ERROR
    other = _one(replace(_valid(), obstacles=frozenset({"other"})), "obstacle_note")
    assert other.level == WARNING
    subsidies = replace(_valid(), subsidies=("補助金A", " 補助金A", ""))
    assert [i.where for i in _issues(subsidies)] == ["subsidies[1]", "subsidies[2]"]


def test_scalars_title_dates_and_population_date() -> None:
    assert _one(replace(_valid(), title=" "), "title").message == "計画の名称を入力してください。"
    dates = replace(_valid(), base_date=date(2021, 4, 1), target_date=date(2020, 9, 30))
    assert _one(dates, "target_date").level == ERROR
    assert _one(replace(_valid(), population_as_of=None), "population_as_of").level == WARNING


def test_errors_come_before_warnings_and_helpers() -> None:
    plan = replace(_valid(), title="", population_as_of=None)
    issues = _issues(plan)
    assert [i.level for i in issues] == [ERROR, WARNING]
    assert has_errors(issues) and errors_of(issues) == issues[:1]
    assert issues[0].is_error and not issues[1].is_error
    assert not has_errors([])
