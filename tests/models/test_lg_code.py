"""団体コード (JIS X 0402) with its check digit (PRODUCT.md §3.3)."""

from __future__ import annotations

import pytest

from models.errors import ValidationError
from models.lg_code import check_digit, normalize_lg_code, prefecture_of


@pytest.mark.parametrize(
    ("code", "town"),
    [
        ("011002", "札幌市"),
        ("131016", "千代田区"),
        ("033227", "矢巾町"),
        ("142018", "横須賀市"),
    ],
)
def test_known_codes_are_accepted_unchanged(code: str, town: str) -> None:
    assert normalize_lg_code(code) == code, town
    assert check_digit(code[:5]) == int(code[5])


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("03322", "033227"),  # 矢巾町 without the check digit
        ("01100", "011002"),
        ("13101", "131016"),
        ("14201", "142018"),
    ],
)
def test_five_digit_entry_is_completed_with_the_check_digit(typed: str, expected: str) -> None:
    assert normalize_lg_code(typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("０３３２２７", "033227"),  # full-width digits
        ("０３３２２", "033227"),  # full-width, 5 digits
        ("  033227 ", "033227"),  # surrounding spaces
        ("　033227　", "033227"),  # ideographic spaces
    ],
)
def test_full_width_digits_and_spaces_are_accepted(typed: str, expected: str) -> None:
    assert normalize_lg_code(typed) == expected


@pytest.mark.parametrize(
    ("first_five", "expected"),
    [
        ("02001", 0),  # S = 12, S mod 11 = 1: 11 - 1 = 10 → 0
        ("01003", 1),  # S = 11, S mod 11 = 0: 11 - 0 = 11 → 1
        ("01010", 3),  # S = 5 + 3 = 8: 11 - 8 = 3
    ],
)
def test_check_digit_edge_cases(first_five: str, expected: int) -> None:
    assert check_digit(first_five) == expected
    assert normalize_lg_code(first_five) == f"{first_five}{expected}"


def _error(text: str) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        normalize_lg_code(text, field="lg_code")
    assert info.value.field == "lg_code"
    return info.value


def test_wrong_check_digit_names_the_expected_digit() -> None:
    message = _error("033228").user_message
    assert "検査数字" in message
    assert "03322" in message
    assert "7" in message  # the correct check digit is shown


@pytest.mark.parametrize(("typed", "length"), [("0332", 4), ("0332271", 7), ("1", 1)])
def test_wrong_length_says_six_digits_and_the_length_typed(typed: str, length: int) -> None:
    message = _error(typed).user_message
    assert "6桁" in message
    assert f"{length}桁" in message


@pytest.mark.parametrize("typed", ["03322A", "abcdef", "０３３２２Ｘ", "033.22"])
def test_letters_are_rejected_asking_for_digits(typed: str) -> None:
    message = _error(typed).user_message
    assert "数字で入力" in message


@pytest.mark.parametrize("typed", ["", "   ", "　"])
def test_empty_input_asks_for_a_code(typed: str) -> None:
    assert _error(typed).user_message == "団体コードを入力してください。"


@pytest.mark.parametrize(
    ("typed", "prefix"),
    [
        ("001007", "00"),
        ("00100", "00"),
        ("481009", "48"),
        ("99100", "99"),
    ],
)
def test_unknown_prefecture_prefix_is_rejected(typed: str, prefix: str) -> None:
    message = _error(typed).user_message
    assert f"「{prefix}」" in message
    assert "都道府県コード" in message
    assert "01〜47" in message


def test_unknown_prefecture_is_reported_before_the_check_digit() -> None:
    # 481000 has both a wrong prefecture and a wrong check digit (48100 → 9); the user
    # hears about the prefecture, the more fundamental mistake.
    assert "都道府県" in _error("481000").user_message


@pytest.mark.parametrize(
    ("code", "prefecture"),
    [
        ("011002", "北海道"),
        ("131016", "東京都"),
        ("033227", "岩手県"),
        ("142018", "神奈川県"),
        ("472018", "沖縄県"),
    ],
)
def test_prefecture_of(code: str, prefecture: str) -> None:
    pref = prefecture_of(code)
    assert pref is not None
    assert pref.name == prefecture
    assert pref.code == code[:2]


@pytest.mark.parametrize("code", ["", "4", "481009", "001007"])
def test_prefecture_of_unknown_is_none(code: str) -> None:
    assert prefecture_of(code) is None
