"""Rollout warnings and errors on a fixed today."""

from __future__ import annotations

from datetime import date

from models.telework.catalogue import telework_steps
from models.telework.records import StaffFigures, StepProgress, TeleworkPlan
from models.telework.warnings import alerts, step_label

TODAY = date(2024, 6, 1)


def plan(*progress: StepProgress, staff: tuple[StaffFigures, ...] = ()) -> TeleworkPlan:
    return TeleworkPlan(steps=telework_steps(), progress=progress, staff=staff)


def kinds(p: TeleworkPlan) -> list[tuple[str, str, int | None]]:
    return [(a.level, a.kind, a.step_no) for a in alerts(p, today=TODAY)]


def test_empty_plan_has_no_alerts() -> None:
    assert alerts(plan(), today=TODAY) == []


def test_full_phase_started_before_verification_is_a_warning() -> None:
    p = plan(StepProgress(5, "in_progress", actual_start=date(2024, 4, 1)), StepProgress(6, "in_progress"))
    found = alerts(p, today=TODAY)
    assert [(a.level, a.kind, a.step_no) for a in found] == [("warning", "before_verification", 6)]
    assert found[0].message.startswith("⑥全体の実態把握・課題整理：⑤検証が完了する前に")


def test_full_phase_after_verification_is_fine() -> None:
    p = plan(
        StepProgress(5, "done", actual_start=date(2024, 4, 1), actual_end=date(2024, 5, 1)),
        StepProgress(6, "in_progress", actual_start=date(2024, 5, 2)),
    )
    assert kinds(p) == []


def test_full_phase_started_before_the_date_verification_completed() -> None:
    p = plan(
        StepProgress(5, "done", actual_start=date(2024, 4, 1), actual_end=date(2024, 5, 10)),
        StepProgress(7, "in_progress", actual_start=date(2024, 5, 1)),
    )
    assert kinds(p) == [("warning", "before_verification", 7)]


def test_verification_not_applicable_does_not_hold_back() -> None:
    assert kinds(plan(StepProgress(5, "not_applicable"), StepProgress(6, "in_progress"))) == []


def test_planned_dates_in_the_past() -> None:
    p = plan(
        StepProgress(1, "in_progress", planned_end=date(2024, 5, 31)),
        StepProgress(2, "not_started", planned_start=date(2024, 5, 1), planned_end=date(2024, 9, 30)),
        StepProgress(3, "in_progress", planned_start=date(2024, 5, 1), planned_end=TODAY),
        StepProgress(4, "not_applicable", planned_end=date(2024, 1, 1)),
    )
    found = alerts(p, today=TODAY)
    assert [(a.kind, a.step_no) for a in found] == [("planned_past", 1), ("planned_past", 2)]
    assert "令和6年5月31日" in found[0].message
    assert "未着手" in found[1].message


def test_done_without_actual_date_is_a_warning() -> None:
    p = plan(StepProgress(1, "done", planned_end=date(2024, 1, 1)))
    assert kinds(p) == [("warning", "done_without_date", 1)]


def test_actual_end_before_start_is_an_error_listed_first() -> None:
    p = plan(
        StepProgress(1, "done"),
        StepProgress(2, "done", actual_start=date(2024, 5, 2), actual_end=date(2024, 5, 1)),
    )
    assert kinds(p) == [("error", "end_before_start", 2), ("warning", "done_without_date", 1)]


def test_staff_figures_errors() -> None:
    p = plan(
        staff=(
            StaffFigures(2024, general_staff=100, unsuitable_staff=20, able_staff=101, actual_users=102),
            StaffFigures(2023, general_staff=100, unsuitable_staff=20, able_staff=80, actual_users=80),
        )
    )
    found = alerts(p, today=TODAY)
    assert [(a.level, a.kind, a.fiscal_year) for a in found] == [
        ("error", "staff_inconsistent", 2024),
        ("error", "staff_inconsistent", 2024),
    ]
    assert found[0].message.startswith("令和6年度：実施可能な職員数（101人）")


def test_step_label() -> None:
    assert step_label(plan(), 5) == "⑤検証"
    assert step_label(plan(), 10) == "⑩本格実施・中長期の展望検討"
