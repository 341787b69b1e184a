"""Rates, HALF_UP rounding, percentage points and counts (PRODUCT.md §3.2)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from models.errors import ValidationError
from models.numbers import (
    NOT_AVAILABLE,
    Number,
    format_count,
    format_points,
    format_rate,
    parse_count,
    point_change,
    rate,
    round_half_up,
)


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        ("72.55", 1, "72.6"),
        ("72.45", 1, "72.5"),
        ("72.44", 1, "72.4"),
        ("0.05", 1, "0.1"),
        ("0.04", 1, "0.0"),
        ("-72.55", 1, "-72.6"),
        ("-72.45", 1, "-72.5"),
        ("-0.04", 1, "0.0"),  # no negative zero
        (Decimal("72.55"), 1, "72.6"),
        (72.55, 1, "72.6"),  # float read via str(): 72.55, not 72.5499999…
        (2.675, 2, "2.68"),  # round(2.675, 2) == 2.67
        (0.125, 2, "0.13"),  # banker's rounding would give 0.12
        (0.5, 0, "1"),
        (2.5, 0, "3"),  # round(2.5) == 2
        (3, 1, "3.0"),
        ("99.95", 1, "100.0"),
        ("１，２３４．５５", 1, "1234.6"),
    ],
)
def test_round_half_up(value: Number, places: int, expected: str) -> None:
    result = round_half_up(value, places)
    assert isinstance(result, Decimal)
    assert str(result) == expected


def test_float_pitfalls_are_avoided() -> None:
    assert round(2.675, 2) == 2.67  # the pitfall itself
    assert round(2.5) == 2
    assert round_half_up(2.675, 2) == Decimal("2.68")
    assert round_half_up(2.5, 0) == Decimal("3")


def test_round_half_up_rejects_bad_input() -> None:
    with pytest.raises(ValidationError):
        round_half_up("abc")
    with pytest.raises(TypeError):
        round_half_up(True)
    with pytest.raises(ValueError, match="places must be >= 0"):
        round_half_up(1, -1)


@pytest.mark.parametrize(
    ("num", "den", "expected"),
    [
        (1451, 2000, Decimal("72.6")),  # exactly 72.55
        (1449, 2000, Decimal("72.5")),  # exactly 72.45
        (1, 3, Decimal("33.3")),
        (2, 3, Decimal("66.7")),
        (1, 8, Decimal("12.5")),
        (0, 100, Decimal("0.0")),
        (100, 100, Decimal("100.0")),
        (3, 2, Decimal("150.0")),
        ("1,451", "2,000", Decimal("72.6")),
        (Decimal("1451"), Decimal("2000"), Decimal("72.6")),
        (1, 2000, Decimal("0.1")),  # 0.05 rounds up
        (1, 2001, Decimal("0.0")),  # 0.04997…
    ],
)
def test_rate(num: Number, den: Number, expected: Decimal) -> None:
    result = rate(num, den)
    assert result == expected
    assert str(result) == str(expected)


def test_rate_is_exact_near_a_tie() -> None:
    # 72549999999999999999999999999999 / 10**30 % = 72.5499…%: a 28-digit Decimal
    # division would round it to 72.55 and then up to 72.6.
    num = 72549999999999999999999999999999
    den = 100 * 10**30
    assert rate(num, den) == Decimal("72.5")


def test_rate_places() -> None:
    assert rate(1, 3, places=2) == Decimal("33.33")
    assert rate(1, 8, places=0) == Decimal("13")
    assert rate(2675, 100000, places=2) == Decimal("2.68")


@pytest.mark.parametrize("den", [0, "0", Decimal("0"), Decimal("0.0")])
def test_rate_division_by_zero_is_none(den: Number) -> None:
    assert rate(5, den) is None
    assert format_rate(rate(5, den)) == NOT_AVAILABLE


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("72.6"), "72.6%"),
        (Decimal("72.55"), "72.6%"),
        (Decimal("0"), "0.0%"),
        (Decimal("100"), "100.0%"),
        (Decimal("1234.5"), "1,234.5%"),
        (None, "－"),
    ],
)
def test_format_rate(value: Decimal | None, expected: str) -> None:
    assert format_rate(value) == expected


def test_format_rate_places() -> None:
    assert format_rate(Decimal("33.333"), places=2) == "33.33%"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (Decimal("72.6"), Decimal("76.3"), Decimal("3.7")),
        (Decimal("76.3"), Decimal("75.1"), Decimal("-1.2")),
        (Decimal("50.0"), Decimal("50.0"), Decimal("0.0")),
        # Computed on the displayed rates: 72.55 → 72.6 and 76.34 → 76.3 give +3.7.
        (Decimal("72.55"), Decimal("76.34"), Decimal("3.7")),
    ],
)
def test_point_change(old: Decimal, new: Decimal, expected: Decimal) -> None:
    assert point_change(old, new) == expected


def test_point_change_from_counts() -> None:
    old = rate(1451, 2000)  # 72.6
    new = rate(1526, 2000)  # 76.3
    assert old is not None
    assert new is not None
    assert format_points(point_change(old, new)) == "+3.7ポイント"


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (Decimal("3.7"), "+3.7ポイント"),
        (Decimal("-1.2"), "\u22121.2ポイント"),
        (Decimal("0"), "±0.0ポイント"),
        (Decimal("-0.04"), "±0.0ポイント"),
        (Decimal("0.05"), "+0.1ポイント"),
        (Decimal("-0.05"), "\u22120.1ポイント"),
        (None, "－"),
    ],
)
def test_format_points(delta: Decimal | None, expected: str) -> None:
    assert format_points(delta) == expected


def test_format_points_triangle_style() -> None:
    assert format_points(Decimal("-1.2"), negative_sign="▲") == "▲1.2ポイント"


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "0"),
        (999, "999"),
        (1234, "1,234"),
        (1234567, "1,234,567"),
        (-1234, "-1,234"),
        (None, "－"),
    ],
)
def test_format_count(n: int | None, expected: str) -> None:
    assert format_count(n) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("1234", 1234),
        ("1,234", 1234),
        ("1,234,567", 1234567),
        ("１，２３４", 1234),
        ("１２３４", 1234),
        (" 12 ", 12),
        ("\u300012\u3000", 12),
        ("+5", 5),
        ("007", 7),
    ],
)
def test_parse_count(text: str, expected: int) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "数値を入力してください"),
        ("  ", "数値を入力してください"),
        ("-1", "0以上の整数で入力してください"),
        ("−1", "0以上の整数で入力してください"),
        ("▲1", "0以上の整数で入力してください"),
        ("1.5", "0以上の整数で入力してください"),
        ("1,234.5", "小数は入力できません"),
        ("abc", "0以上の整数"),
        ("12件", "0以上の整数"),
        ("1,23", "0以上の整数"),
    ],
)
def test_parse_count_rejects(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_count(text, field="count")
    assert message in info.value.user_message
    assert info.value.field == "count"


def test_parse_count_maximum() -> None:
    assert parse_count("30,000", maximum=30000) == 30000
    with pytest.raises(ValidationError) as info:
        parse_count("30,001", maximum=30000)
    assert info.value.user_message == "30,000以下の整数で入力してください"


def test_format_and_parse_count_round_trip() -> None:
    for n in (0, 7, 1000, 29999, 1234567):
        assert parse_count(format_count(n)) == n
