"""Alerts on a fixed "today" and the field rules of the single write path."""

from __future__ import annotations

from datetime import date

import pytest

from models.procedures.alerts import (
    OVERDUE_MESSAGE,
    alerts,
    set_applicable,
    validate_status,
    validate_usage,
)
from models.procedures.catalogue import default_status, national_catalogue
from models.procedures.records import Checklist, ProcedureStatus, UsageFigures

AFTER_TARGET = date(2024, 6, 1)
BEFORE_TARGET = date(2023, 3, 31)  # 令和4年度末 itself: not yet overdue


def checklist(answers: dict[str, ProcedureStatus], usage: tuple[UsageFigures, ...] = ()) -> Checklist:
    catalogue = national_catalogue()
    return Checklist(
        catalogue=catalogue,
        statuses=tuple(answers.get(e.code) or default_status(e) for e in catalogue),
        usage=usage,
    )


def all_online() -> dict[str, ProcedureStatus]:
    return {
        e.code: ProcedureStatus(e.code, status="online", channel="pittari")
        for e in national_catalogue()
        if not e.prefectural
    }


def test_every_applicable_31_procedure_not_online_is_overdue_after_the_target() -> None:
    found = alerts(checklist({}), today=AFTER_TARGET)
    overdue = [a for a in found if a.kind == "overdue"]
    assert len(overdue) == 27  # the 4 prefectural ones are 対象外; the 58's a are not in the 31
    assert all(a.level == "warning" and a.message == OVERDUE_MESSAGE for a in overdue)
    assert OVERDUE_MESSAGE == "令和4年度末（2023年3月31日）の目標を過ぎてもオンライン化されていません"
    assert overdue[0].code == "P31-01" and overdue[0].text().startswith("児童手当等の受給資格")


def test_nothing_is_overdue_on_the_target_day() -> None:
    assert [a for a in alerts(checklist({}), today=BEFORE_TARGET) if a.kind == "overdue"] == []


def test_online_planned_and_not_applicable() -> None:
    answers = all_online()
    answers["P31-05"] = ProcedureStatus("P31-05", status="planned", planned_fy=2025)
    answers["P31-06"] = ProcedureStatus(
        "P31-06", applicable=False, status="not_applicable", not_applicable_reason="実績なし"
    )
    found = alerts(checklist(answers), today=AFTER_TARGET)
    assert [(a.code, a.kind) for a in found] == [("P31-05", "overdue")]


def test_a_planned_year_that_has_ended_is_a_warning() -> None:
    answers = all_online()
    answers["P58-A02"] = ProcedureStatus("P58-A02", status="planned", planned_fy=2023)
    assert [
        (a.code, a.kind, a.fiscal_year) for a in alerts(checklist(answers), today=date(2024, 3, 31))
    ] == []
    found = alerts(checklist(answers), today=date(2024, 4, 1))
    assert [(a.code, a.kind, a.fiscal_year) for a in found] == [("P58-A02", "planned_past", 2023)]
    assert found[0].message == "予定年度（令和5年度）を過ぎてもオンライン化されていません"


def test_a_planned_year_reached_by_going_online_is_no_alert() -> None:
    answers = all_online()
    answers["P31-01"] = ProcedureStatus("P31-01", status="online", channel="general", planned_fy=2021)
    assert alerts(checklist(answers), today=AFTER_TARGET) == []


def test_online_above_total_is_an_error_listed_first() -> None:
    usage = (UsageFigures("P31-10", 2023, 100, 120), UsageFigures("P31-10", 2022, 100, 100))
    found = alerts(checklist({}, usage), today=AFTER_TARGET)
    assert found[0].level == "error" and found[0].is_error
    assert (found[0].code, found[0].kind, found[0].fiscal_year) == ("P31-10", "online_exceeds_total", 2023)
    assert found[0].message == "令和5年度のうちオンライン件数（120件）が手続総件数（100件）を超えています"
    assert sum(a.is_error for a in found) == 1


def test_a_prefectural_procedure_marked_applicable_is_a_warning() -> None:
    answers = all_online()
    answers["P31-28"] = ProcedureStatus("P31-28", status="online", channel="own")
    found = alerts(checklist(answers), today=AFTER_TARGET)
    assert [(a.level, a.code, a.kind) for a in found] == [("warning", "P31-28", "prefectural_applicable")]


# -- field rules -------------------------------------------------------------------------------


def fields_of(errors: list) -> list[str]:  # type: ignore[type-arg]
    return [e.field for e in errors]


def test_a_default_and_a_full_answer_are_valid() -> None:
    for entry in national_catalogue():
        assert validate_status(default_status(entry)) == []
    full = ProcedureStatus(
        code="P31-01",
        status="online",
        channel="pittari",
        standard_form=True,
        card_auth=True,
        backoffice="e2e",
        online_since=date(2022, 10, 1),
        planned_fy=2022,
        owner_dept="子育て支援課",
        notes="備考",
    )
    assert validate_status(full) == []


@pytest.mark.parametrize(
    ("status", "field", "message"),
    [
        (ProcedureStatus("P31-01", status="online"), "channel", "オンライン化済の場合は"),
        (ProcedureStatus("P31-01", status="done"), "status", "状況を一覧から選んでください"),
        (ProcedureStatus("P31-01", channel="fax"), "channel", "一覧から選んでください"),
        (ProcedureStatus("P31-01", backoffice="cloud"), "backoffice", "一覧から選んでください"),
        (ProcedureStatus("P31-01", applicable=False), "status", "対象外の手続の状況は「対象外」"),
        (ProcedureStatus("P31-01", status="not_applicable"), "applicable", "手続を対象外にしてください"),
        (ProcedureStatus("P31-01", planned_fy=1999), "planned_fy", "年度"),
        (ProcedureStatus("P31-01", online_since=date(1999, 12, 31)), "online_since", "以降"),
        (ProcedureStatus("P31-01", owner_dept="課" * 101), "owner_dept", "100文字以内"),
        (ProcedureStatus("P31-01", notes="あ" * 1001), "notes", "1000文字以内"),
        (ProcedureStatus(""), "code", "手続が指定されていません"),
    ],
)
def test_status_rules(status: ProcedureStatus, field: str, message: str) -> None:
    errors = validate_status(status)
    assert fields_of(errors) == [field]
    assert message in errors[0].user_message


def test_set_applicable_keeps_the_pair_consistent() -> None:
    status = ProcedureStatus("P31-01", status="planned", planned_fy=2026)
    off = set_applicable(status, False, "該当する住民がいない")
    assert (off.applicable, off.status, off.not_applicable_reason) == (
        False,
        "not_applicable",
        "該当する住民がいない",
    )
    assert validate_status(off) == []
    on = set_applicable(off, True)
    assert (on.applicable, on.status, on.not_applicable_reason, on.planned_fy) == (
        True,
        "undecided",
        "",
        2026,
    )
    assert set_applicable(status, True) is status


def test_usage_rules() -> None:
    assert validate_usage(UsageFigures("P31-10", 2023, 300, 120)) == []
    assert validate_usage(UsageFigures("P31-10", 2023, 0, 0)) == []
    assert validate_usage(UsageFigures("P31-10", 2023, None, None)) == []
    assert validate_usage(UsageFigures("P31-10", 2023, None, 5)) == []
    too_many = validate_usage(UsageFigures("P31-10", 2023, 100, 101))
    assert fields_of(too_many) == ["online"]
    assert (
        too_many[0].user_message
        == "令和5年度のうちオンライン件数（101件）が手続総件数（100件）を超えています。"
    )
    assert fields_of(validate_usage(UsageFigures("P31-10", 2023, -1, 0))) == ["total"]
    assert fields_of(validate_usage(UsageFigures("P31-10", 2023, 10, True))) == ["online"]  # type: ignore[arg-type]
    assert fields_of(validate_usage(UsageFigures("P31-10", 1999, 1, 1))) == ["fiscal_year"]
    assert fields_of(validate_usage(UsageFigures("", 2023, 1, 1))) == ["code"]
