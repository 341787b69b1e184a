"""Monthly actuals pasted from Excel: month formats, header, separators and per-cell problems."""

from __future__ import annotations

from datetime import date

import pytest

from models.errors import CellProblem, ValidationError
from models.issuance.paste import SHEET, apply_paste, column_letter, parse_month, parse_month_block
from models.issuance.records import IssuancePlan, MonthFigures

PLAN = IssuancePlan(
    period_start=date(2020, 10, 1),
    period_end=date(2023, 3, 1),
    months=(
        MonthFigures(date(2021, 4, 1), 500, 700, 470, 540),
        MonthFigures(date(2021, 5, 1), 200, 1700),
    ),
)


@pytest.mark.parametrize(
    "text",
    [
        "令和3年4月",
        "R3.4",
        "r3/4",
        "令3.4",
        "Ｒ３．４",
        "2021/4",
        "2021年4月",
        "2021-04",
        "2021/4/1",
        "R3.4.1",
        "令和3年4月1日",
        " 2021年 4月 ",
    ],
)
def test_month_formats(text: str) -> None:
    assert parse_month(text) == date(2021, 4, 1)


def test_era_boundaries_and_bad_months() -> None:
    assert parse_month("平成31年4月") == date(2019, 4, 1)
    assert parse_month("平成31年5月") == date(2019, 5, 1)  # read as 令和元年5月
    assert parse_month("令和元年5月") == date(2019, 5, 1)
    for text, reason in (
        ("令和元年4月", "令和元年4月は存在しません"),
        ("平成32年1月", "平成32年は存在しません"),
        ("2021/13", "13月は存在しません"),
        ("2021/2/30", "存在しない日付"),
        ("4月", "月として読み取れません"),
        ("", "月を入力してください"),
    ):
        with pytest.raises(ValidationError) as info:
            parse_month(text)
        assert reason in info.value.user_message, text


def test_a_good_block_is_merged_onto_the_plan_months() -> None:
    text = "令和3年4月\t480\t545\r\nR3.5\t1,234\t６１０\r\n2021/6\t\t520\r\n"
    result = parse_month_block(text, PLAN)
    assert result.ok and not result.header
    assert result.rows == [
        MonthFigures(date(2021, 4, 1), 500, 700, 480, 545),  # planned figures kept
        MonthFigures(date(2021, 5, 1), 200, 1700, 1234, 610),
        MonthFigures(date(2021, 6, 1), None, None, None, 520),  # empty 申請 cell: unchanged
    ]
    merged = apply_paste(PLAN, result)
    assert [m.month for m in merged.months] == [date(2021, 4, 1), date(2021, 5, 1), date(2021, 6, 1)]
    assert merged.months[0].actual_applications == 480


def test_empty_and_dash_cells_leave_the_stored_figure() -> None:
    result = parse_month_block("2021/4\t－\t550\n", PLAN)
    assert result.rows == [MonthFigures(date(2021, 4, 1), 500, 700, 470, 550)]


def test_a_header_is_detected_and_chooses_the_columns() -> None:
    text = "月\t交付（実績）\t計画申請\t申請件数\t累計交付\n2021年4月\t541\t999\t471\t9999\n"
    result = parse_month_block(text, PLAN)
    assert result.header and result.ok
    assert result.rows == [MonthFigures(date(2021, 4, 1), 500, 700, 471, 541)]


def test_a_header_without_known_columns_is_a_problem() -> None:
    result = parse_month_block("年月\tA\tB\n2021/4\t1\t2\n", PLAN)
    assert CellProblem(
        SHEET, "A1", "見出しに「申請」「交付」の列がありません（A列：月、B列：申請、C列：交付）。"
    ) in (result.problems)


def test_bad_cells_give_cell_references_and_japanese_reasons() -> None:
    text = "\n".join(
        [
            "月\t申請\t交付",  # row 1: header
            "R3.4\t470\t-5",  # row 2: negative
            "R3.13\t1\t2",  # row 3: no such month
            "2024/4\t1\t2",  # row 4: outside the period
            "R3.6\t12.5\tたくさん",  # row 5: decimal and text
            "R3.4\t1\t1",  # row 6: the same month again
            "",
            "R3.7\t1\t2\t3",  # row 8: with a header, extra columns are ignored
        ]
    )
    result = parse_month_block(text, PLAN)
    cells = {p.cell: p.reason for p in result.problems}
    assert set(cells) == {"C2", "A3", "A4", "B5", "C5", "A6"}
    assert cells["C2"] == "0以上の整数で入力してください（負の数は入力できません）"
    assert cells["A3"] == "13月は存在しません"
    assert cells["A4"] == "令和6年4月は計画期間（令和2年10月〜令和5年3月）の外です。"
    assert cells["B5"] == "0以上の整数で入力してください（小数は入力できません）"
    assert cells["C5"] == "0以上の整数を数字で入力してください"
    assert cells["A6"] == "令和3年4月は2行目にもあります。"
    assert all(p.sheet == "貼り付け" for p in result.problems)
    assert result.problems[0].text() == "貼り付け!C2：0以上の整数で入力してください（負の数は入力できません）"
    # the good cells are still there for the preview
    assert [(r.month, r.actual_applications, r.actual_issuances) for r in result.rows] == [
        (date(2021, 4, 1), 470, 540),
        (date(2021, 7, 1), 1, 2),
    ]


def test_extra_columns_without_a_header_are_problems() -> None:
    result = parse_month_block("R3.4\t1\t2\t3\n", PLAN)
    assert [p.cell for p in result.problems] == ["D1"]


def test_nothing_to_paste_or_no_period() -> None:
    assert parse_month_block("\n\t\n", PLAN).problems == [
        CellProblem(SHEET, "", "貼り付けるデータがありません。")
    ]
    result = parse_month_block("R3.4\t1\t2", IssuancePlan())
    assert [(p.cell, p.reason) for p in result.problems] == [
        ("A1", "計画期間が入力されていません。先に計画期間を入力してください。")
    ]
    assert parse_month_block("R3.4\t\t", PLAN).problems == [
        CellProblem(SHEET, "", "取り込める数値がありません。")
    ]


def test_quoted_cells_and_column_letters() -> None:
    result = parse_month_block('"R3.4"\t"1,000"\t"900"\n', PLAN)
    assert result.rows[0].actual_applications == 1000
    assert [column_letter(i) for i in (0, 1, 25, 26, 27)] == ["A", "B", "Z", "AA", "AB"]
