"""The shared form engine: page template, tables, orientation, fonts, reference rates."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from reportlab.platypus import Paragraph

from forms.pdf.fonts import GOTHIC, GOTHIC_BOLD, MINCHO, register_fonts
from forms.pdf.page import FormHeader, render
from forms.pdf.plot import axis_max, label_every, month_label, nice_step
from forms.pdf.reference import prefecture_name, reference_rates, sources
from forms.pdf.styles import styles
from forms.pdf.tables import Column, data_table, fits_portrait, oriented
from tests.forms.pdftools import pdf_fonts, pdf_page_sizes, pdf_pages, pdf_text

HEADER = FormHeader("資料1-1", "テストの帳票", "みどり町", "039993", date(2019, 5, 1))
PORTRAIT = (595.276, 841.89)
LANDSCAPE = (841.89, 595.276)


def test_header_footer_and_gannen() -> None:
    pdf = render(HEADER, [Paragraph("本文", styles().body)])
    (page,) = pdf_pages(pdf)
    assert "資料1-1" in page and "テストの帳票" in page
    assert "みどり町（団体コード：039993）" in page
    assert "作成日：令和元年5月1日" in page  # year 1 is 元年
    assert page.strip().endswith("- 1 -")


def test_seireki_alongside_when_asked() -> None:
    header = FormHeader("様式1", "t", "みどり町", "039993", date(2024, 4, 1), show_seireki=True)
    assert "作成日：令和6年(2024年)4月1日" in pdf_text(render(header, [Paragraph("x", styles().body)]))


def test_no_font_but_the_embedded_truetype_ones() -> None:
    pdf = render(HEADER, [Paragraph("<b>見出し</b>本文 ABC 123", styles().body)])
    fonts = pdf_fonts(pdf)
    assert {f["name"].split("+")[1] for f in fonts} <= {
        "BIZUDMincho-Regular",
        "BIZUDGothic-Regular",
        "BIZUDGothic-Bold",
    }
    assert all(f["type"] == "TrueType" and f["emb"] == "yes" for f in fonts)


def test_table_caption_units_source_and_repeated_header() -> None:
    columns = [
        Column("年月", 30),
        Column("計画", 30, numeric=True, group="交付枚数"),
        Column("実績", 30, numeric=True, group="交付枚数"),
    ]
    rows = [[f"{i + 1}行目", 1000 * i, None] for i in range(150)]
    story = data_table(columns, rows, unit="枚", as_of=date(2020, 9, 30), source="みどり町調べ")
    pages = pdf_pages(render(HEADER, story))
    assert len(pages) >= 3
    for page in pages:  # caption and both header rows repeat on every page of the table
        assert "基準日：令和2年9月30日現在" in page and "（単位：枚）" in page
        assert "交付枚数" in page and re.search(r"年月\s+計画\s+実績", page)
    text = pdf_text(render(HEADER, story))
    assert re.search(r"150行目\s+149,000\s+－", text)  # thousands separators, 「－」 for missing
    assert "出典：みどり町調べ" in pages[-1]


def test_numbers_are_right_aligned() -> None:
    columns = [Column("名称", 40), Column("枚数", 40, numeric=True)]
    pages = pdf_pages(render(HEADER, data_table(columns, [["あ", 1], ["い", 1_234_567]])))
    lines = [line for line in pages[0].splitlines() if line.lstrip().startswith(("あ", "い"))]
    assert len(lines) == 2 and lines[0].rstrip().endswith("1") and lines[1].rstrip().endswith("1,234,567")
    assert len(lines[0].rstrip()) == len(lines[1].rstrip())  # same right edge


def test_wide_table_goes_on_landscape_pages_and_back() -> None:
    wide = [Column(f"列{i}", 25, numeric=True) for i in range(9)]  # 225 mm > 180 mm
    narrow = [Column("列", 40)]
    assert not fits_portrait(wide) and fits_portrait(narrow)
    story = [
        Paragraph("前", styles().body),
        *oriented(wide, data_table(wide, [list(range(9))])),
        *oriented(narrow, data_table(narrow, [["後"]])),
    ]
    pdf = render(HEADER, story)
    assert pdf_page_sizes(pdf) == [PORTRAIT, LANDSCAPE, PORTRAIT]
    assert all(page.strip().endswith(f"- {n} -") for n, page in enumerate(pdf_pages(pdf), start=1))


def test_rows_must_match_the_columns() -> None:
    with pytest.raises(ValueError):
        data_table([Column("a", 10)], [["x", "y"]])


def test_chart_scales() -> None:
    assert nice_step(2000) == 500 and nice_step(78) == 20 and nice_step(0) == 1
    assert axis_max(1701, 500) == 2000 and axis_max(0, 500) == 500
    assert month_label(date(2019, 4, 1)) == "H31.4" and month_label(date(2021, 10, 1)) == "R3.10"
    assert label_every(30, 400) == 2 and label_every(120, 400) == 12


def test_reference_rates_from_the_catalogue() -> None:
    rates = reference_rates("039993")
    assert [(r.label, r.rate) for r in rates] == [
        ("町村平均", Decimal("19.8")),
        ("岩手県", Decimal("20.1")),
        ("全国", Decimal("23.1")),
    ]
    assert all(r.as_of == date(2020, 12, 1) for r in rates)
    assert sources(rates) == ["総務省「マイナンバーカードの交付状況」（令和2年12月1日現在）"]
    assert prefecture_name("131016") == "東京都" and prefecture_name("99") == "" and prefecture_name("") == ""
    assert [r.label for r in reference_rates("")] == ["町村平均", "全国"]
    assert reference_rates("011002", "shi")[0].label == "市平均"


def test_fonts_register_once() -> None:
    register_fonts()
    register_fonts()
    from reportlab.pdfbase import pdfmetrics

    assert {MINCHO, GOTHIC, GOTHIC_BOLD} <= set(pdfmetrics.getRegisteredFontNames())
