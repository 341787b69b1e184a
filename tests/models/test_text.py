"""Matching keys for pasted text (PRODUCT.md §3.4): look-alikes folded, nothing else touched."""

from __future__ import annotations

import pytest

from models.text import (
    fold_fullwidth_ascii,
    fold_halfwidth_katakana,
    fold_radicals,
    normalise_for_matching,
)


def test_kangxi_radicals_become_the_unified_ideographs() -> None:
    assert fold_radicals("要介護・要\u2f40援") == "要介護・要支援"  # ⽀ KANGXI RADICAL BRANCH
    assert fold_radicals("\u2f3f当") == "手当"  # ⼿ KANGXI RADICAL HAND
    assert fold_radicals("\u2f8f政") == "行政"  # ⾏ KANGXI RADICAL WALK ENCLOSURE
    assert fold_radicals("\u2e9f子") == "母子"  # ⺟ CJK RADICAL MOTHER (NFKC maps it)


def test_radical_supplement_look_alikes_without_nfkc_mapping() -> None:
    assert fold_radicals("\u2ed1野県") == "長野県"  # ⻑ CJK RADICAL LONG ONE
    assert fold_radicals("関\u2ec4") == "関西"  # ⻄ CJK RADICAL WEST TWO
    assert fold_radicals("\u2ee9色") == "黄色"  # ⻩ CJK RADICAL SIMPLIFIED YELLOW


def test_radical_forms_that_are_only_components_stay() -> None:
    assert fold_radicals("\u2e85") == "\u2e85"  # ⺅ CJK RADICAL PERSON (亻) has no whole character


def test_halfwidth_katakana_with_voiced_marks() -> None:
    assert fold_halfwidth_katakana("ｶﾞｲﾄﾞ") == "ガイド"
    assert fold_halfwidth_katakana("ﾊﾟｽﾎﾟｰﾄ") == "パスポート"
    assert fold_halfwidth_katakana("ｻｰﾋﾞｽ計画") == "サービス計画"
    assert fold_halfwidth_katakana("｢ｱ｣､ｲ｡") == "「ア」、イ。"
    assert fold_halfwidth_katakana("カﾞ") == "ガ"  # a half-width mark after a full-width kana


def test_fullwidth_ascii() -> None:
    assert fold_fullwidth_ascii("ＡＢＣ１２３（）／") == "ABC123()/"
    assert fold_fullwidth_ascii("全角\u3000空白") == "全角 空白"


@pytest.mark.parametrize("text", ["①", "㈱", "㍻", "髙橋", "\ufa19", "ⅰ", "〒", "※"])
def test_never_nfkc_the_whole_text(text: str) -> None:
    assert normalise_for_matching(text) == text


def test_circled_numbers_and_company_marks_survive_inside_a_name() -> None:
    assert normalise_for_matching("① ㈱みどり （申請）") == "①㈱みどり(申請)"


def test_spaces_parentheses_and_full_width_are_folded() -> None:
    printed = "居宅介護（介護予防）福祉用具購入費の支給申請"
    assert normalise_for_matching(printed) == normalise_for_matching(
        "居宅介護 (介護予防) 福祉用具購入費の支給申請"
    )
    assert normalise_for_matching("地方税申告手続（ｅＬＴＡＸ）") == normalise_for_matching(
        "地方税申告手続(eLTAX)"
    )
    assert normalise_for_matching("氏名変更／住所変更等の届出") == normalise_for_matching(
        "氏名変更/住所変更等の届出"
    )


def test_dashes_become_a_long_vowel_after_kana_and_a_hyphen_elsewhere() -> None:
    assert normalise_for_matching("サ－ビス") == "サービス"
    assert normalise_for_matching("サ‐ビス") == "サービス"
    assert normalise_for_matching("ｻｰﾋﾞｽ") == "サービス"
    assert normalise_for_matching("P31－19") == "p31-19"
    assert normalise_for_matching("A‐1") == "a-1"


def test_middle_dots_commas_and_wave_dashes() -> None:
    assert normalise_for_matching("要介護･要支援") == "要介護・要支援"
    assert normalise_for_matching("犬の登録申請,死亡届") == normalise_for_matching("犬の登録申請、死亡届")
    assert normalise_for_matching("4月〜6月") == normalise_for_matching("4月～6月")


def test_everything_at_once() -> None:
    pasted = " 要介護･要\u2f40援認定の申請 "
    assert normalise_for_matching(pasted) == normalise_for_matching("要介護・要支援認定の申請")
