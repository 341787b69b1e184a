"""The fixed column layout of the prefecture workbook: what the prefecture stacks on."""

from __future__ import annotations

from datetime import date

from forms.excel.layout import (
    COVER_FIELDS,
    COVER_SHEET,
    ISSUANCE_SHEETS,
    Kind,
    column_letter,
    layout_table,
)
from forms.excel.registry import modules
from forms.excel.workbook import FORM_NAME, default_file_name
from models.issuance import records


def test_every_data_sheet_starts_with_the_lg_code_and_has_unique_headers() -> None:
    names = [COVER_SHEET] + [layout.name for module in modules() for layout in module.sheets]
    assert len(names) == len(set(names))
    for layout in ISSUANCE_SHEETS:
        assert len(layout.name) <= 31
        assert layout.columns[0].header == "団体コード"
        assert layout.columns[0].kind is Kind.LG_CODE
        assert len(set(layout.headers)) == len(layout.headers), layout.name
        assert len({c.key for c in layout.columns}) == len(layout.columns), layout.name


def test_count_and_rate_headers_state_their_unit() -> None:
    for layout in ISSUANCE_SHEETS:
        for column in layout.columns:
            if (
                column.kind in (Kind.COUNT, Kind.RATE, Kind.HOURS)
                and column.key != "number"
                and column.key != "window"
            ):
                assert "（単位：" in column.header, (layout.name, column.header)


def test_choice_columns_offer_the_japanese_labels_of_the_records() -> None:
    by_header = {
        (layout.name, column.header): column.labels
        for layout in ISSUANCE_SHEETS
        for column in layout.columns
        if column.kind is Kind.CHOICE
    }
    assert by_header[("交付円滑化計画_窓口", "種別")] == tuple(records.WINDOW_KIND_LABELS.values())
    assert by_header[("交付円滑化計画_職員", "職員の種別")] == tuple(records.STAFF_TYPE_LABELS.values())
    assert by_header[("交付円滑化計画_土日開庁", "種別")] == tuple(records.OPENING_KIND_LABELS.values())
    assert by_header[("交付円滑化計画_出張申請", "場所の種別")] == tuple(records.PLACE_TYPE_LABELS.values())
    assert by_header[("交付円滑化計画_申請促進", "種別")] == tuple(records.MEASURE_KIND_LABELS.values())
    basic = ISSUANCE_SHEETS[0]
    flags = [c.header for c in basic.columns if c.kind is Kind.FLAG]
    assert flags == [f"阻害要因：{label}" for label in records.OBSTACLE_LABELS.values()]


def test_cover_lists_town_contact_dates_and_versions() -> None:
    labels = [field.header for field in COVER_FIELDS]
    for label in (
        "様式",
        "団体コード",
        "団体名",
        "都道府県",
        "担当課",
        "担当者",
        "電話番号",
        "メールアドレス",
    ):
        assert label in labels
    assert {"作成日", "作成したアプリの版", "データの版"} <= set(labels)


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 2, 26, 27, 52, 53)] == ["A", "B", "Z", "AA", "AZ", "BA"]


def test_layout_table_documents_every_column() -> None:
    table = layout_table()
    assert ("交付円滑化計画_月別", "A", "団体コード", "団体コード") in table
    assert ("交付円滑化計画_月別", "J", "交付率・実績（単位：％）", "率（自動計算）") in table
    sheets = [layout for module in modules() for layout in module.sheets]
    assert len(table) == len(COVER_FIELDS) + sum(len(layout.columns) for layout in sheets)


def test_default_file_name() -> None:
    assert (
        default_file_name("039993", "みどり町", date(2025, 4, 1))
        == f"039993_みどり町_{FORM_NAME}_20250401.xlsx"
    )
    # characters Windows does not allow in a file name never reach the file system
    assert default_file_name("039993", 'み/ど:り*町?"', date(2025, 4, 1)).startswith("039993_み_ど_り_町__")


def test_the_documented_layout_is_up_to_date() -> None:
    from pathlib import Path

    from forms.excel.layout import layout_markdown

    doc = Path(__file__).resolve().parents[2] / "docs" / "excel_layout.md"
    assert doc.read_text(encoding="utf-8") == layout_markdown(), "regenerate docs/excel_layout.md"
