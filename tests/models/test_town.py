"""団体情報: field parsing, cross-field rules and advice (issue 2, "Bad input")."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Any

import pytest

from models.errors import ValidationError
from models.town import (
    FIELD_BY_NAME,
    FIELDS,
    MAX_POPULATION,
    FieldKind,
    TownProfile,
    advice_for,
    choice_label,
    parse_field,
    validate_profile,
)

TODAY = date(2024, 4, 1)


def _rejects(name: str, raw: Any, *, today: date | None = TODAY) -> str:
    """The Japanese message for an input that must be refused; checks the field is named."""
    with pytest.raises(ValidationError) as info:
        parse_field(name, raw, today=today)
    assert info.value.field == name
    return info.value.user_message


# -- the field table ------------------------------------------------------------------


def test_every_profile_field_is_described_once() -> None:
    profile_fields = [f.name for f in fields(TownProfile)]
    assert [spec.name for spec in FIELDS] == profile_fields
    assert all(spec.label for spec in FIELDS)


@pytest.mark.parametrize("spec", [s for s in FIELDS if s.kind is FieldKind.CHOICE], ids=lambda s: s.name)
def test_default_of_each_choice_field_is_one_of_its_choices_or_required(spec: Any) -> None:
    default = getattr(TownProfile(), spec.name)
    assert default in dict(spec.choices) or spec.required


# -- counts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("14872", 14872),
        ("14,872", 14872),
        ("１４，８７２", 14872),
        (" 14872 ", 14872),
        ("0", 0),
        ("1,234,567", 1234567),
        (str(MAX_POPULATION), MAX_POPULATION),
    ],
)
def test_population_accepts_separators_and_full_width(raw: str, expected: int) -> None:
    assert parse_field("population", raw) == expected


@pytest.mark.parametrize("name", ["population", "general_staff"])
@pytest.mark.parametrize("raw", ["-1", "－５", "−100", "-1,000"])
def test_negative_counts_are_rejected(name: str, raw: str) -> None:
    message = _rejects(name, raw)
    assert message.startswith(FIELD_BY_NAME[name].label + "：")
    assert "負の数" in message


@pytest.mark.parametrize("raw", ["abc", "約1万", "1万", "12人", "1,23"])
def test_non_numeric_population_is_rejected(raw: str) -> None:
    message = _rejects("population", raw)
    assert message.startswith("住民基本台帳人口：")
    assert "数字で入力" in message


def test_decimal_population_is_rejected() -> None:
    assert "小数" in _rejects("population", "1.5")


def test_population_above_the_largest_town_is_rejected() -> None:
    message = _rejects("population", str(MAX_POPULATION + 1))
    assert "大きすぎます" in message
    assert "10,000,000" in message


@pytest.mark.parametrize("name", ["population", "general_staff"])
def test_empty_optional_count_is_none(name: str) -> None:
    assert parse_field(name, "") is None
    assert parse_field(name, "  ") is None


# -- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("令和6年1月1日", date(2024, 1, 1)),
        ("R6.1.1", date(2024, 1, 1)),
        ("ｒ６．１．１", date(2024, 1, 1)),
        ("2024/1/1", date(2024, 1, 1)),
        ("2024-01-01", date(2024, 1, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("2024/2/29", date(2024, 2, 29)),
        ("令和6年4月1日", TODAY),  # today itself is not in the future
    ],
)
def test_dates_in_wareki_and_seireki(raw: str, expected: date) -> None:
    assert parse_field("population_as_of", raw, today=TODAY) == expected


def test_reiwa_gannen_april_does_not_exist() -> None:
    message = _rejects("population_as_of", "令和元年4月1日")
    assert message.startswith("人口の基準日：")
    assert "令和元年4月1日は存在しません" in message
    assert "2019年5月1日から" in message


@pytest.mark.parametrize(
    ("raw", "shown"),
    [("2023/2/30", "2023年2月30日"), ("2023/2/29", "2023年2月29日"), ("R5.4.31", "令和5年4月31日")],
)
def test_impossible_dates_are_rejected(raw: str, shown: str) -> None:
    message = _rejects("dx_policy_adopted", raw)
    assert message.startswith("全体方針（DX方針）の策定日：")
    assert "存在しない日付" in message
    assert shown in message


def test_unreadable_date_shows_examples() -> None:
    message = _rejects("population_as_of", "きのう")
    assert "読み取れません" in message
    assert "R6.4.1" in message


@pytest.mark.parametrize("name", ["population_as_of", "promotion_body_established", "dx_policy_adopted"])
def test_future_dates_are_rejected(name: str) -> None:
    message = _rejects(name, "2024/4/2", today=TODAY)
    assert message == f"{FIELD_BY_NAME[name].label}に未来の日付は入力できません。"


def test_future_is_measured_from_the_real_today_by_default() -> None:
    message = _rejects("dx_policy_adopted", f"{date.today().year + 1}/1/1", today=None)
    assert "未来" in message


def test_empty_optional_date_is_none() -> None:
    assert parse_field("population_as_of", "") is None


# -- text -----------------------------------------------------------------------------


@pytest.mark.parametrize("spec", [s for s in FIELDS if s.kind is FieldKind.TEXT], ids=lambda s: s.name)
def test_too_long_text_is_rejected_with_the_limit_and_the_length(spec: Any) -> None:
    text = "あ" * (spec.max_length + 1)
    message = _rejects(spec.name, text)
    assert f"{spec.label}は{spec.max_length}文字以内" in message
    assert f"（{spec.max_length + 1}文字）" in message


def test_text_at_the_limit_is_kept_trimmed() -> None:
    name = "み" * FIELD_BY_NAME["name"].max_length
    assert parse_field("name", f"  {name}  ") == name


def test_required_text_must_be_filled() -> None:
    assert _rejects("name", "   ") == "団体名を入力してください。"


def test_empty_optional_text_is_empty_string() -> None:
    assert parse_field("contact_dept", "") == ""
    assert parse_field("contact_dept", None) == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("019-611-2459", "019-611-2459"),
        ("０１９－６１１－２４５９", "019-611-2459"),
        ("019ー611ー2459", "019-611-2459"),  # long-vowel mark typed by an IME
        ("019 611 2459", "0196112459"),
        ("0196112459", "0196112459"),
        ("03(1234)5678", "03(1234)5678"),
        ("090-1234-5678", "090-1234-5678"),
    ],
)
def test_phone_numbers_are_normalised(raw: str, expected: str) -> None:
    assert parse_field("contact_phone", raw) == expected


@pytest.mark.parametrize("raw", ["611-2459", "03-1234-567", "019-611-245a", "内線1234", "+81-19-611-2459"])
def test_bad_phone_numbers_are_rejected(raw: str) -> None:
    assert "電話番号は市外局番から" in _rejects("contact_phone", raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("dx@town.example.lg.jp", "dx@town.example.lg.jp"),
        ("ｄｘ＠ｔｏｗｎ．ｊｐ", "dx@town.jp"),
        (" dx@town.jp ", "dx@town.jp"),
    ],
)
def test_email_addresses_are_normalised(raw: str, expected: str) -> None:
    assert parse_field("contact_email", raw) == expected


@pytest.mark.parametrize("raw", ["dx", "dx@town", "dx@@town.jp", "d x@town.jp", "@town.jp"])
def test_bad_email_addresses_are_rejected(raw: str) -> None:
    message = _rejects("contact_email", raw)
    assert "メールアドレスの形式が正しくありません" in message
    assert "例：" in message


# -- 団体コード ---------------------------------------------------------------------------


def test_lg_code_field_completes_five_digits() -> None:
    assert parse_field("lg_code", "03322") == "033227"


def test_lg_code_field_is_required() -> None:
    assert _rejects("lg_code", "") == "団体コードを入力してください。"


def test_lg_code_field_rejects_a_wrong_check_digit() -> None:
    assert "検査数字" in _rejects("lg_code", "033228")


# -- choices and flags ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code", "label"),
    [
        ("kind", "machi", "町"),
        ("kind", "mura", "村"),
        ("cio_adviser_kind", "external", "外部人材"),
        ("cio_adviser_appointment", "fixed_term", "任期付職員"),
        ("promotion_body_kind", "headquarters", "推進本部"),
    ],
)
def test_choice_codes_are_stored_and_labelled(name: str, code: str, label: str) -> None:
    assert parse_field(name, code) == code
    assert choice_label(name, code) == label


@pytest.mark.parametrize("raw", ["町", "town", "MACHI"])
def test_unknown_choice_code_is_rejected(raw: str) -> None:
    # Japanese labels are never stored: only the codes are valid values.
    assert _rejects("kind", raw) == "団体区分を選択してください。"


def test_required_choice_must_be_chosen() -> None:
    assert _rejects("kind", "") == "団体区分を選択してください。"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("cio_adviser_kind", "none"), ("promotion_body_kind", "none"), ("cio_adviser_appointment", "")],
)
def test_empty_optional_choice_falls_back_to_its_default(name: str, expected: str) -> None:
    assert parse_field(name, "") == expected
    assert parse_field(name, None) == expected


def test_kind_label_of_the_profile() -> None:
    assert TownProfile(kind="mura").kind_label == "村"
    assert TownProfile().kind_label == ""


@pytest.mark.parametrize(
    ("raw", "expected"), [(True, True), (1, True), (False, False), (0, False), (None, False)]
)
def test_flags(raw: Any, expected: bool) -> None:
    assert parse_field("dx_dept_exists", raw) is expected


# -- cross-field rules ----------------------------------------------------------------

VALID = TownProfile(lg_code="033227", name="矢巾町", kind="machi")


def _error_fields(profile: TownProfile) -> dict[str, str]:
    return {error.field: error.user_message for error in validate_profile(profile)}


def test_minimal_profile_is_valid() -> None:
    assert validate_profile(VALID) == []


def test_empty_profile_lists_the_three_required_fields() -> None:
    errors = _error_fields(TownProfile())
    assert errors == {
        "lg_code": "団体コードを入力してください。",
        "name": "団体名を入力してください。",
        "kind": "団体区分を選択してください。",
    }


def test_population_needs_its_reference_date() -> None:
    errors = _error_fields(VALID.with_changes({"population": 27000}))
    assert errors == {"population_as_of": "住民基本台帳人口には基準日を入力してください。"}
    assert (
        _error_fields(VALID.with_changes({"population": 27000, "population_as_of": date(2024, 1, 1)})) == {}
    )


def test_staff_cannot_exceed_population() -> None:
    base = VALID.with_changes({"population": 100, "population_as_of": date(2024, 1, 1)})
    errors = _error_fields(base.with_changes({"general_staff": 101}))
    assert errors == {"general_staff": "一般行政職員数が人口を超えています。"}
    assert _error_fields(base.with_changes({"general_staff": 100})) == {}
    # Without a population there is nothing to compare with.
    assert _error_fields(VALID.with_changes({"general_staff": 101})) == {}


def test_dx_department_needs_a_name() -> None:
    errors = _error_fields(VALID.with_changes({"dx_dept_exists": True}))
    assert errors == {"dx_dept_name": "専任部署の名称を入力してください。"}
    assert _error_fields(VALID.with_changes({"dx_dept_exists": True, "dx_dept_name": "DX推進課"})) == {}


def test_adviser_appointment_without_an_adviser() -> None:
    errors = _error_fields(VALID.with_changes({"cio_adviser_appointment": "contract"}))
    assert set(errors) == {"cio_adviser_appointment"}
    assert "置いていない" in errors["cio_adviser_appointment"]
    changes = {"cio_adviser_kind": "external", "cio_adviser_appointment": "contract"}
    assert _error_fields(VALID.with_changes(changes)) == {}


@pytest.mark.parametrize(
    "changes",
    [
        {"promotion_body_name": "矢巾町DX推進本部"},
        {"promotion_body_established": date(2021, 7, 1)},
    ],
)
def test_no_promotion_body_but_a_name_or_date(changes: dict[str, Any]) -> None:
    errors = _error_fields(VALID.with_changes(changes))
    assert set(errors) == {"promotion_body_kind"}
    assert "設置していない" in errors["promotion_body_kind"]
    assert _error_fields(VALID.with_changes({**changes, "promotion_body_kind": "headquarters"})) == {}


def test_several_broken_rules_are_all_reported() -> None:
    profile = VALID.with_changes(
        {"population": 10, "general_staff": 11, "dx_dept_exists": True, "cio_adviser_appointment": "other"}
    )
    assert set(_error_fields(profile)) == {
        "population_as_of",
        "general_staff",
        "dx_dept_name",
        "cio_adviser_appointment",
    }


# -- advice ---------------------------------------------------------------------------

CIO_ADVICE = "自治体DX推進計画では、CIOに副町村長等を充てることが推奨されています。"


@pytest.mark.parametrize("post", ["総務課長", "町長", "企画財政課長"])
def test_cio_who_is_not_a_deputy_gets_the_recommendation(post: str) -> None:
    profile = VALID.with_changes({"cio_name": "佐藤 一郎", "cio_post": post})
    assert advice_for(profile) == [CIO_ADVICE]


@pytest.mark.parametrize("post", ["副町長", "副村長", "副市長"])
def test_deputy_mayor_as_cio_needs_no_advice(post: str) -> None:
    profile = VALID.with_changes({"cio_name": "佐藤 一郎", "cio_post": post})
    assert advice_for(profile) == []


def test_no_cio_advice_before_a_cio_is_entered() -> None:
    assert advice_for(VALID.with_changes({"cio_post": "総務課長"})) == []


@pytest.mark.parametrize(
    ("kind", "advised"), [("shi", True), ("ku", True), ("machi", False), ("mura", False)]
)
def test_cities_are_told_the_app_is_made_for_towns(kind: str, advised: bool) -> None:
    notes = advice_for(VALID.with_changes({"kind": kind}))
    assert any("町村向け" in note for note in notes) is advised


def test_advice_never_blocks_saving() -> None:
    profile = VALID.with_changes({"kind": "shi", "cio_name": "佐藤 一郎", "cio_post": "総務課長"})
    assert len(advice_for(profile)) == 2
    assert validate_profile(profile) == []
