"""和暦, 年度, 四半期, date input and closed days (PRODUCT.md §3.1)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from models.calendar import (
    EXCEL_WAREKI_FORMAT,
    DateParseError,
    add_business_days,
    business_days,
    count_business_days,
    era_year_label,
    fiscal_year,
    fiscal_year_end,
    fiscal_year_label,
    fiscal_year_months,
    fiscal_year_start,
    holiday_name,
    is_business_day,
    is_national_holiday,
    is_year_end_closure,
    parse_date,
    parse_fiscal_year,
    quarter,
    quarter_label,
    quarter_months,
    quarter_range,
    to_seireki,
    to_wareki,
)
from models.errors import ValidationError

# --- display --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2019, 12, 31), "令和元年12月31日"),
        (date(2020, 1, 1), "令和2年1月1日"),
        (date(2024, 4, 1), "令和6年4月1日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(1926, 12, 24), "大正15年12月24日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(1912, 7, 30), "大正元年7月30日"),
        (date(1912, 7, 29), "明治45年7月29日"),
        (date(1800, 1, 1), "1800年1月1日"),  # before 明治: 西暦
    ],
)
def test_to_wareki_long(d: date, expected: str) -> None:
    assert to_wareki(d) == expected


def test_year_one_is_never_printed_as_1() -> None:
    assert "令和1年" not in to_wareki(date(2019, 5, 1))
    assert "平成1年" not in to_wareki(date(1989, 12, 31))


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2024, 4, 1), "令和6年(2024年)4月1日"),
        (date(2019, 5, 1), "令和元年(2019年)5月1日"),
        (date(2019, 4, 30), "平成31年(2019年)4月30日"),
    ],
)
def test_to_wareki_with_seireki(d: date, expected: str) -> None:
    assert to_wareki(d, with_seireki=True) == expected


def test_to_wareki_with_weekday() -> None:
    assert to_wareki(date(2024, 4, 1), with_weekday=True) == "令和6年4月1日(月)"
    assert to_seireki(date(2024, 4, 1), with_weekday=True) == "2024年4月1日(月)"
    assert to_seireki(date(2024, 4, 1)) == "2024年4月1日"


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2024, 4, 1), "R6.4.1"),
        (date(2019, 5, 1), "R1.5.1"),
        (date(2019, 4, 30), "H31.4.30"),
        (date(1989, 1, 7), "S64.1.7"),
        (date(2024, 12, 31), "R6.12.31"),
    ],
)
def test_to_wareki_short(d: date, expected: str) -> None:
    assert to_wareki(d, style="short") == expected


def test_short_style_round_trips() -> None:
    for d in (date(2019, 4, 30), date(2019, 5, 1), date(2024, 2, 29), date(1989, 1, 8)):
        assert parse_date(to_wareki(d, style="short")) == d
        assert parse_date(to_wareki(d)) == d
        assert parse_date(to_wareki(d, with_weekday=True)) == d


def test_datetime_is_accepted() -> None:
    assert to_wareki(datetime(2019, 5, 1, 9, 30)) == "令和元年5月1日"
    assert era_year_label(datetime(2019, 4, 30, 23, 59)) == "平成31年"


def test_unknown_style_is_a_bug() -> None:
    with pytest.raises(ValueError, match="unknown style"):
        to_wareki(date(2024, 4, 1), style="medium")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2024, "令和6年"),
        (2019, "令和元年"),
        (1989, "平成元年"),
        (date(2019, 4, 30), "平成31年"),
        (date(2019, 5, 1), "令和元年"),
    ],
)
def test_era_year_label(value: date | int, expected: str) -> None:
    assert era_year_label(value) == expected


def test_era_year_label_with_seireki() -> None:
    assert era_year_label(2024, with_seireki=True) == "令和6年(2024年)"


def test_excel_format_is_the_documented_one() -> None:
    assert EXCEL_WAREKI_FORMAT == '[$-411]ggge"年"m"月"d"日"'


# --- 年度 and 四半期 -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "fy"),
    [
        (date(2024, 4, 1), 2024),
        (date(2025, 3, 31), 2024),
        (date(2024, 3, 31), 2023),
        (date(2020, 3, 31), 2019),
        (date(2019, 4, 1), 2019),
        (date(2024, 12, 31), 2024),
        (date(2025, 1, 1), 2024),
    ],
)
def test_fiscal_year(d: date, fy: int) -> None:
    assert fiscal_year(d) == fy


def test_2020_03_31_is_in_reiwa_gannendo() -> None:
    d = date(2020, 3, 31)
    assert fiscal_year(d) == 2019
    assert fiscal_year_label(fiscal_year(d)) == "令和元年度"


@pytest.mark.parametrize(
    ("fy", "expected"),
    [
        (2024, "令和6年度"),
        (2019, "令和元年度"),  # starts 2019-04-01 (平成31年) but 総務省 says 令和元年度
        (2020, "令和2年度"),
        (2018, "平成30年度"),
        (1989, "平成元年度"),
        (1988, "昭和63年度"),
    ],
)
def test_fiscal_year_label(fy: int, expected: str) -> None:
    assert fiscal_year_label(fy) == expected


def test_fiscal_year_label_with_seireki() -> None:
    assert fiscal_year_label(2024, with_seireki=True) == "令和6年度(2024年度)"
    assert fiscal_year_label(2019, with_seireki=True) == "令和元年度(2019年度)"


def test_fiscal_year_bounds() -> None:
    assert fiscal_year_start(2024) == date(2024, 4, 1)
    assert fiscal_year_end(2024) == date(2025, 3, 31)  # 年度末
    assert fiscal_year_end(2023) == date(2024, 3, 31)
    months = fiscal_year_months(2024)
    assert len(months) == 12
    assert months[0] == date(2024, 4, 1)
    assert months[8] == date(2024, 12, 1)
    assert months[-1] == date(2025, 3, 1)


@pytest.mark.parametrize(
    ("d", "q"),
    [
        (date(2024, 4, 1), 1),
        (date(2024, 6, 30), 1),
        (date(2024, 7, 1), 2),
        (date(2024, 9, 30), 2),
        (date(2024, 10, 1), 3),
        (date(2024, 12, 31), 3),
        (date(2025, 1, 1), 4),
        (date(2025, 3, 31), 4),
    ],
)
def test_quarter(d: date, q: int) -> None:
    assert quarter(d) == q


@pytest.mark.parametrize(
    ("q", "months", "label"),
    [
        (1, (4, 5, 6), "第1四半期"),
        (2, (7, 8, 9), "第2四半期"),
        (3, (10, 11, 12), "第3四半期"),
        (4, (1, 2, 3), "第4四半期"),
    ],
)
def test_quarter_months_and_label(q: int, months: tuple[int, int, int], label: str) -> None:
    assert quarter_months(q) == months
    assert quarter_label(q) == label


@pytest.mark.parametrize(
    ("q", "start", "end"),
    [
        (1, date(2024, 4, 1), date(2024, 6, 30)),
        (3, date(2024, 10, 1), date(2024, 12, 31)),
        (4, date(2025, 1, 1), date(2025, 3, 31)),
    ],
)
def test_quarter_range(q: int, start: date, end: date) -> None:
    assert quarter_range(2024, q) == (start, end)


@pytest.mark.parametrize("q", [0, 5, -1])
def test_bad_quarter_is_a_bug(q: int) -> None:
    with pytest.raises(ValueError, match="quarter must be 1-4"):
        quarter_label(q)
    with pytest.raises(ValueError, match="quarter must be 1-4"):
        quarter_months(q)


# --- date input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("R6.4.1", date(2024, 4, 1)),
        ("r6/4/1", date(2024, 4, 1)),
        ("R6-4-1", date(2024, 4, 1)),
        ("R6年4月1日", date(2024, 4, 1)),
        ("令6.4.1", date(2024, 4, 1)),
        ("R060401", date(2024, 4, 1)),
        ("令和6年4月1日", date(2024, 4, 1)),
        ("令和６年４月１日", date(2024, 4, 1)),
        ("令和 6年 4月 1日", date(2024, 4, 1)),
        ("㋿6年4月1日", date(2024, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和1年5月1日", date(2019, 5, 1)),
        ("R1.5.1", date(2019, 5, 1)),
        ("H31.4.30", date(2019, 4, 30)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("平成31年5月1日", date(2019, 5, 1)),  # means 令和元年5月1日
        ("平成31年12月31日", date(2019, 12, 31)),  # de-facto usage, accepted
        ("㍻31年4月30日", date(2019, 4, 30)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("S64.1.7", date(1989, 1, 7)),
        ("2024/4/1", date(2024, 4, 1)),
        ("2024-04-01", date(2024, 4, 1)),
        ("2024.4.1", date(2024, 4, 1)),
        ("2024年4月1日", date(2024, 4, 1)),
        ("20240401", date(2024, 4, 1)),
        ("２０２４／４／１", date(2024, 4, 1)),
        ("２０２４－０４－０１", date(2024, 4, 1)),
        ("  2024 / 4 / 1  ", date(2024, 4, 1)),
        ("\u30002024年4月1日\u3000", date(2024, 4, 1)),
        ("2024/2/29", date(2024, 2, 29)),
        ("令和6年2月29日", date(2024, 2, 29)),
        ("令和6年4月1日(月)", date(2024, 4, 1)),
        ("2024/4/1（月曜日）", date(2024, 4, 1)),
    ],
)
def test_parse_date_accepts(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2023/2/30", "2023年2月30日は存在しない日付です"),
        ("2023年2月29日", "2023年2月29日は存在しない日付です"),
        ("令和5年2月29日", "令和5年2月29日は存在しない日付です"),
        ("2024/13/1", "2024年13月1日は存在しない日付です"),
        ("2024/4/31", "2024年4月31日は存在しない日付です"),
        ("令和元年4月1日", "令和元年4月1日は存在しません（令和は2019年5月1日から）"),
        ("R1.4.30", "令和元年4月30日は存在しません（令和は2019年5月1日から）"),
        ("平成元年1月7日", "平成元年1月7日は存在しません（平成は1989年1月8日から）"),
        ("平成32年1月1日", "平成32年は存在しません（平成は2019年4月30日まで）"),
        ("H35.4.1", "平成35年は存在しません（平成は2019年4月30日まで）"),
        ("2024/4/1(火)", "2024年4月1日は月曜日です（火曜日ではありません）"),
        ("0024/4/1", "24年は範囲外です"),
    ],
)
def test_parse_date_rejects_with_message(text: str, message: str) -> None:
    with pytest.raises(DateParseError) as info:
        parse_date(text)
    assert message in info.value.user_message


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_parse_date_empty(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(text, field="planned_date")
    assert info.value.user_message == "日付を入力してください"
    assert info.value.field == "planned_date"


@pytest.mark.parametrize(
    "text",
    ["abc", "2024/4", "24/4/1", "R6.4", "令和6年4月", "2024/4/1/1", "X6.4.1", "令和0年5月1日"],
)
def test_parse_date_garbage(text: str) -> None:
    with pytest.raises(DateParseError) as info:
        parse_date(text, field="d")
    assert info.value.user_message
    assert info.value.field == "d"


def test_date_parse_error_is_a_validation_error() -> None:
    assert issubclass(DateParseError, ValidationError)


@pytest.mark.parametrize(
    ("text", "fy"),
    [
        ("令和6年度", 2024),
        ("令和６年度", 2024),
        ("R6", 2024),
        ("r6年度", 2024),
        ("令和元年度", 2019),
        ("R1", 2019),
        ("平成31年度", 2019),
        ("平成30年度", 2018),
        ("H30", 2018),
        ("2024", 2024),
        ("２０２４", 2024),
        ("2024年度", 2024),
        ("FY2024", 2024),
        (" 2024 年度 ", 2024),
    ],
)
def test_parse_fiscal_year(text: str, fy: int) -> None:
    assert parse_fiscal_year(text) == fy


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "年度を入力してください"),
        ("平成32年度", "平成32年度は存在しません"),
        ("6", "年度として読み取れません"),
        ("令和", "年度として読み取れません"),
        ("1700", "範囲外"),
    ],
)
def test_parse_fiscal_year_rejects(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_fiscal_year(text, field="fy")
    assert message in info.value.user_message
    assert info.value.field == "fy"


def test_fiscal_year_label_round_trips() -> None:
    for fy in range(1989, 2040):
        assert parse_fiscal_year(fiscal_year_label(fy)) == fy


# --- closed days ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "name"),
    [
        (date(2024, 1, 1), "元日"),
        (date(2024, 2, 12), "振替休日"),  # 建国記念の日 fell on a Sunday
        (date(2024, 5, 6), "振替休日"),
        (date(2024, 12, 30), "年末年始"),
        (date(2024, 12, 29), "年末年始"),
        (date(2025, 1, 3), "年末年始"),
        (date(2024, 4, 1), None),
        (date(2024, 4, 6), None),  # a Saturday is no holiday
    ],
)
def test_holiday_name(d: date, name: str | None) -> None:
    result = holiday_name(d)
    if name is None:
        assert result is None
    else:
        assert result is not None
        assert name in result


def test_national_holiday_vs_closure() -> None:
    assert is_national_holiday(date(2024, 1, 1))
    assert is_national_holiday(date(2024, 2, 12))
    assert not is_national_holiday(date(2024, 12, 30))
    assert is_year_end_closure(date(2024, 12, 30))
    assert not is_year_end_closure(date(2024, 12, 28))
    assert not is_year_end_closure(date(2025, 1, 4))


@pytest.mark.parametrize(
    ("d", "open_"),
    [
        (date(2024, 4, 1), True),  # Monday
        (date(2024, 4, 6), False),  # Saturday
        (date(2024, 4, 7), False),  # Sunday
        (date(2024, 1, 1), False),  # 元日
        (date(2024, 2, 12), False),  # 振替休日 (Monday)
        (date(2024, 12, 30), False),  # 年末年始 (Monday)
        (date(2025, 1, 3), False),  # 年末年始 (Friday)
        (date(2024, 12, 27), True),  # 御用納め
        (date(2025, 1, 6), True),  # 御用始め
    ],
)
def test_is_business_day(d: date, open_: bool) -> None:
    assert is_business_day(d) is open_


def test_business_days_over_new_year() -> None:
    days = business_days(date(2024, 12, 26), date(2025, 1, 7))
    assert days == [date(2024, 12, 26), date(2024, 12, 27), date(2025, 1, 6), date(2025, 1, 7)]
    assert count_business_days(date(2024, 12, 26), date(2025, 1, 7)) == 4
    assert business_days(date(2025, 1, 7), date(2024, 12, 26)) == []


def test_business_days_in_april_2024() -> None:
    # 22 weekdays in April 2024, minus 昭和の日 (Mon 29th).
    assert count_business_days(date(2024, 4, 1), date(2024, 4, 30)) == 21


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2024, 12, 27), 1, date(2025, 1, 6)),
        (date(2025, 1, 6), -1, date(2024, 12, 27)),
        (date(2024, 4, 5), 1, date(2024, 4, 8)),
        (date(2024, 4, 6), 0, date(2024, 4, 8)),
        (date(2024, 4, 8), 0, date(2024, 4, 8)),
        (date(2024, 4, 1), 5, date(2024, 4, 8)),
    ],
)
def test_add_business_days(start: date, n: int, expected: date) -> None:
    assert add_business_days(start, n) == expected


def test_parse_date_reads_what_seireki_display_prints() -> None:
    from datetime import date as _date

    from models.calendar import parse_date, to_wareki

    shown = to_wareki(_date(2024, 1, 1), with_seireki=True)
    assert shown == "令和6年(2024年)1月1日"
    assert parse_date(shown) == _date(2024, 1, 1)
    assert parse_date("令和元年（２０１９年）５月１日") == _date(2019, 5, 1)


def test_parse_date_rejects_a_seireki_note_that_disagrees() -> None:
    import pytest

    from models.calendar import parse_date
    from models.errors import ValidationError

    with pytest.raises(ValidationError, match="和暦と西暦の年が一致しません"):
        parse_date("令和6年(2023年)1月1日")
