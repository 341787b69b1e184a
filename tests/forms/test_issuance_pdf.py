"""The 交付円滑化計画 form read back with pdftotext/pdffonts: what a reader sees on paper."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from forms.pdf.issuance import IssuanceForm, render_issuance
from forms.pdf.reference import reference_rates
from models.calendar import to_wareki
from models.issuance.figures import latest_actual, milestone_rows
from models.issuance.records import CapacitySettings, IssuancePlan
from models.numbers import format_count, format_rate
from tests.forms.pdftools import pdf_fonts, pdf_page_sizes, pdf_pages, pdf_text
from tests.issuance_samples import CREATED, TOWN, long_plan, small_plan

A4_PORTRAIT = (595.276, 841.89)


def make_form(plan: IssuancePlan, *, created: date = CREATED, label: str = "様式1") -> IssuanceForm:
    return IssuanceForm(
        plan=plan,
        town=TOWN,
        form_label=label,
        created=created,
        capacity=CapacitySettings(),
        references=tuple(reference_rates(TOWN.lg_code, TOWN.kind)),
    )


@pytest.fixture(scope="module")
def small_pdf() -> bytes:
    return render_issuance(make_form(small_plan()))


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    return render_issuance(make_form(long_plan(), created=date(2026, 1, 15)))


def squeeze(page: str) -> str:
    """Page text without the layout's spaces (a cell may be padded anywhere)."""
    return re.sub(r"[ \u3000]+", "", page)


def test_every_page_has_the_header_and_the_page_number(small_pdf: bytes) -> None:
    pages = pdf_pages(small_pdf)
    assert len(pages) >= 4
    for number, page in enumerate(pages, start=1):
        lines = [line for line in page.splitlines() if line.strip()]
        assert lines[0].lstrip().startswith("様式1"), lines[0]
        assert "みどり町（団体コード：039993）" in lines[0]
        assert "マイナンバーカード交付円滑化計画" in lines[1]
        assert "作成日：令和3年3月31日" in lines[1]
        assert lines[-1].strip() == f"- {number} -"


def test_the_form_label_comes_from_the_setting() -> None:
    pdf = render_issuance(make_form(small_plan(), label="資料1-1"))
    assert all(page.lstrip().startswith("資料1-1") for page in pdf_pages(pdf))


def test_town_information_and_wareki_dates(small_pdf: bytes) -> None:
    text = squeeze(pdf_text(small_pdf))
    for expected in (
        "団体名みどり町",
        "団体コード039993",
        "都道府県岩手県",
        "14,872人（令和2年1月1日現在）",
        "担当課企画課デジタル推進室",
        "0123-45-6789",
        "現状の基準日令和2年9月30日",
        "体制整備の目標時期令和3年4月1日",
        "計画期間：令和2年10月〜令和5年3月",
    ):
        assert expected in text, expected


def test_milestones_print_the_computed_rates(small_pdf: bytes) -> None:
    text = squeeze(pdf_text(small_pdf))
    rows = milestone_rows(small_plan())
    assert [r.as_of for r in rows] == [date(2021, 3, 31), date(2022, 3, 31), date(2023, 3, 31)]
    for row in rows:
        # e.g. 令和3年3月31日 5,400 36.3%
        assert f"{to_wareki(row.as_of)}{format_count(row.cumulative_issued)}{format_rate(row.rate)}" in text
    assert "令和3年3月31日5,40036.3%" in text  # 5,400 ÷ 14,872 = 36.31…%


def test_monthly_table_prints_cumulative_and_rates(small_pdf: bytes) -> None:
    text = squeeze(pdf_text(small_pdf))
    latest = latest_actual(small_plan())
    assert latest is not None and latest.actual_rate is not None
    assert format_rate(latest.actual_rate) == "31.8%"  # (2,900 + 1,830) ÷ 14,872
    # 令和3年2月: 申請 計画 740, 実績 465, 累計 …; 交付 計画 700, 実績 410, 累計 …, 4,730, rates
    assert re.search(r"令和3年2月740465[\d,]+700410[\d,]+4,730[\d.]+%31\.8%", text)
    assert "注：累計は計画期間前の交付2,900枚・申請3,600件を含む" in text


def test_system_section_prints_ratios_and_flags_as_marks(small_pdf: bytes) -> None:
    text = squeeze(pdf_text(small_pdf))
    assert "交付窓口数1か所3か所+2か所3.00倍○○" in text
    assert "統合端末数1台3台+2台3.00倍○○" in text
    assert "職員配置数3人8人+5人2.67倍○○" in text
    assert "土日開庁の実施日数1日4日+3日4.00倍○○" in text
    assert "○＝該当、－＝該当なし" in text


def test_openings_print_wareki_with_weekday_and_hours(small_pdf: bytes) -> None:
    text = squeeze(pdf_text(small_pdf))
    assert "令和3年1月9日(土)土日開庁4時間本庁舎住民課窓口" in text
    assert "令和3年2月18日(木)夜間延長2時間" in text
    assert "令和3年3月13日(土)土日開庁3.5時間" in text
    assert "計：土日開庁5日、夜間延長1回、延べ21.5時間" in text


def test_promotion_obstacles_and_subsidies(small_pdf: bytes) -> None:
    text = squeeze(pdf_text(small_pdf))
    assert "令和2年11月14日(土)商業施設スーパーみどり東店8092" in text
    assert "合計4回200168" in text
    assert "QR付き申請書の送付" in text and "9,800" in text
    assert "■庁舎内の場所の確保□国庫補助金の見通し■人員確保□その他" in text
    assert "・マイナンバーカード交付事務費補助金" in text


def test_capacity_section_marks_shortfall_months(small_pdf: bytes) -> None:
    text = squeeze(pdf_text(small_pdf))
    assert "8．交付能力の検証" in text
    assert re.search(r"令和4年1月19日0日0回592680887日▲不足", text)
    assert "目標達成に必要な1開庁日あたりの交付枚数" in text
    assert "現在のペースでの目標達成見込み" in text
    assert "交付1件あたり15分×稼働率0.8" in text


def test_comparison_with_reference_rates_and_source(small_pdf: bytes) -> None:
    text = squeeze(pdf_text(small_pdf))
    assert "みどり町（本町）31.8%令和3年2月末" in text
    assert "町村平均19.8%令和2年12月1日+12.0ポイント" in text
    assert "岩手県20.1%令和2年12月1日+11.7ポイント" in text
    assert "全国23.1%令和2年12月1日+8.7ポイント" in text
    assert "出典：総務省「マイナンバーカードの交付状況」（令和2年12月1日現在）" in text


def test_only_embedded_truetype_fonts(small_pdf: bytes, long_pdf: bytes) -> None:
    for pdf in (small_pdf, long_pdf):
        fonts = pdf_fonts(pdf)
        assert fonts
        for font in fonts:
            assert font["type"] == "TrueType", font
            assert font["emb"] == "yes", font
            assert font["uni"] == "yes", font  # text can be copied and searched
            assert "BIZUD" in font["name"], font
        assert {f["name"].split("+")[1] for f in fonts} >= {"BIZUDMincho-Regular", "BIZUDGothic-Regular"}


def test_ten_year_monthly_table_repeats_its_header_on_every_page(long_pdf: bytes) -> None:
    pages = pdf_pages(long_pdf)
    table_pages = [p for p in pages if "平成28年4月" in p or re.search(r"令和\d+年\d+月\s+\d", p)]
    month_pages = [p for p in pages if re.search(r"^\s*(平成|令和)\d+年\d+月\s+[\d,－]", p, re.M)]
    assert len(month_pages) >= 3, "120 months cannot fit on fewer than 3 pages"
    monthly = [p for p in month_pages if "累計交付率" in p]
    # the monthly table spans ≥ 3 pages and each carries the two header rows and the caption
    assert len(monthly) >= 3
    for page in monthly:
        assert page.count("申請件数") >= 1 and page.count("交付枚数") >= 1
        assert "（単位：件・枚）" in page
        assert re.search(r"計画\s+実績\s+累計（実績）\s+計画\s+実績\s+累計（計画）\s+累計（実績）", page)
    text = squeeze(pdf_text(long_pdf))
    for year in range(2016, 2026):
        assert f"{to_wareki(date(year, 4, 1))[:-2]}" in text  # every 年度 start month is printed
    assert "令和8年3月" in text
    assert all(size == A4_PORTRAIT for size in pdf_page_sizes(long_pdf)[:1])
    assert table_pages


def test_same_input_gives_the_same_bytes(small_pdf: bytes) -> None:
    again = render_issuance(make_form(small_plan()))
    assert again == small_pdf
    later = render_issuance(make_form(small_plan(), created=date(2021, 4, 1)))
    assert later != small_pdf
    assert "作成日：令和3年4月1日" in pdf_text(later)


def test_pages_are_a4_portrait(small_pdf: bytes) -> None:
    assert set(pdf_page_sizes(small_pdf)) == {A4_PORTRAIT}


def test_an_empty_plan_still_prints() -> None:
    pdf = render_issuance(make_form(IssuancePlan()))
    text = squeeze(pdf_text(pdf))
    assert "計画期間：未設定" in text
    assert "（計画期間が未設定です）" in text
    assert "（登録なし）" in text
    assert "交付の実績が未入力のため" in text


def test_user_text_is_printed_as_typed() -> None:
    plan = replace(small_plan(), note="<b>太字ではない</b> & 記号 ①㈱")
    text = pdf_text(render_issuance(make_form(plan)))
    assert "<b>太字ではない</b> & 記号 ①㈱" in text


def test_same_bytes_in_another_process(small_pdf: bytes) -> None:
    """A reprint made in a later session (a new process) is byte-for-byte the same."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys; from tests.forms.test_issuance_pdf import make_form; "
        "from tests.issuance_samples import small_plan; from forms.pdf.issuance import render_issuance; "
        "sys.stdout.buffer.write(render_issuance(make_form(small_plan())))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, check=True)
    assert result.stdout == small_pdf
