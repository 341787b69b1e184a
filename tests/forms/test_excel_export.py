"""The prefecture workbook as the prefecture opens it: read back cell by cell with openpyxl."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from forms.excel import workbook as workbook_module
from forms.excel.layout import COVER_FIELDS, COVER_FIRST_ROW, ISSUANCE_SHEETS
from forms.excel.workbook import FORM_NAME, LOCKED_MESSAGE, export_workbook
from models.calendar import EXCEL_WAREKI_FORMAT
from models.demo import create_demo, demo_profile
from models.errors import ExportError
from models.issuance import figures
from models.issuance.records import IssuancePlan
from models.issuance.repository import IssuanceRepository
from models.store.database import LATEST_SCHEMA_VERSION, Store
from models.store.town_repository import TownRepository
from models.version import APP_NAME, APP_VERSION
from tests.issuance_samples import town_with_plan

CREATED = date(2025, 6, 15)
SHEETS = [
    "表紙",
    "交付円滑化計画_基本",
    "交付円滑化計画_月別",
    "交付円滑化計画_窓口",
    "交付円滑化計画_職員",
    "交付円滑化計画_土日開庁",
    "交付円滑化計画_想定交付枚数",
    "交付円滑化計画_出張申請",
    "交付円滑化計画_申請促進",
    "行政手続",
    "行政手続_件数",
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = town_with_plan(tmp_path / "town.db")
    yield s
    s.close()


@pytest.fixture
def exported(store: Store, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    return export_workbook(store, out, created=CREATED)


@pytest.fixture
def book(exported: Path) -> Any:
    return openpyxl.load_workbook(exported)


def cover_value(book: Any, key: str) -> Any:
    index = [field.key for field in COVER_FIELDS].index(key)
    return book["表紙"].cell(row=COVER_FIRST_ROW + index, column=2)


def data_rows(ws: Any) -> list[tuple[Any, ...]]:
    return [row for row in ws.iter_rows(min_row=2) if any(cell.value is not None for cell in row)]


def test_file_name_and_sheets(exported: Path, book: Any) -> None:
    assert exported.name == f"039993_みどり町_{FORM_NAME}_20250615.xlsx"
    assert book.sheetnames == SHEETS
    assert all(ws.sheet_state == "visible" for ws in book.worksheets)
    assert book.chartsheets == []


def test_no_macros_no_external_links_no_formulas(exported: Path, book: Any) -> None:
    with zipfile.ZipFile(exported) as archive:
        names = archive.namelist()
        types = archive.read("[Content_Types].xml").decode("utf-8")
    assert not [n for n in names if "vbaProject" in n or n.startswith("xl/externalLinks/")]
    assert "macroEnabled" not in types
    assert book._external_links == []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)
                assert not (isinstance(cell.value, str) and cell.value.startswith("=")), (
                    ws.title,
                    cell.coordinate,
                )


def test_cover(book: Any) -> None:
    assert cover_value(book, "form_name").value == FORM_NAME
    code = cover_value(book, "lg_code")
    assert code.value == "039993" and code.data_type == "s"
    assert cover_value(book, "name").value == "みどり町"
    assert cover_value(book, "prefecture").value == "岩手県"
    assert cover_value(book, "kind").value == "町"
    assert cover_value(book, "contact_dept").value == "企画課デジタル推進室"
    assert cover_value(book, "contact_person").value == "山田 花子"
    assert cover_value(book, "contact_phone").value == "0123-45-6789"
    assert cover_value(book, "contact_email").value == "dx@midori-town.example.jp"
    created = cover_value(book, "created")
    assert created.value == datetime(2025, 6, 15)
    assert created.number_format == EXCEL_WAREKI_FORMAT
    assert cover_value(book, "app_version").value == f"{APP_NAME} {APP_VERSION}"
    version = cover_value(book, "data_version")
    assert version.value == LATEST_SCHEMA_VERSION and version.data_type == "n"
    assert cover_value(book, "sheets").value.split("\n") == SHEETS[1:]


def test_headers_are_the_documented_layout(book: Any) -> None:
    for layout in ISSUANCE_SHEETS:
        ws = book[layout.name]
        headers = [cell.value for cell in ws[1]]
        assert headers == list(layout.headers), layout.name


def test_lg_code_as_text_in_every_data_row(book: Any) -> None:
    counted = 0
    for layout in ISSUANCE_SHEETS:
        rows = data_rows(book[layout.name])
        assert rows, f"{layout.name} has data"
        for row in rows:
            assert row[0].value == "039993", (layout.name, row[0].coordinate)
            assert row[0].data_type == "s"
            assert row[0].number_format == "@"
            counted += 1
    assert counted == 1 + 36 + 2 + 3 + 3 + 3 + 2 + 2


def test_monthly_sheet_numbers_dates_and_computed_values(store: Store, book: Any) -> None:
    ws = book["交付円滑化計画_月別"]
    rows = data_rows(ws)
    plan = IssuanceRepository(store).load()
    expected = figures.month_rows(plan)
    assert len(rows) == len(expected) == 36
    first = rows[0]
    assert first[1].value == datetime(2022, 4, 1)
    assert first[1].is_date and first[1].number_format == EXCEL_WAREKI_FORMAT
    for cell in first[2:10]:
        assert cell.data_type == "n", cell.coordinate
    assert [c.value for c in first[2:6]] == [120, 110, 100, 95]
    assert all(c.number_format == "#,##0" for c in first[2:7])
    for row, month in zip(rows, expected, strict=True):
        assert row[6].value == month.cumulative_planned_issued
        assert row[7].value == pytest.approx(float(month.planned_rate))
        assert row[7].number_format == "0.0"
        if month.cumulative_actual_issued is None:
            assert row[8].value is None and row[9].value is None
        else:
            assert row[8].value == month.cumulative_actual_issued
            assert row[9].value == pytest.approx(float(month.actual_rate))
    # 5123 cards before the period + 95 issued in 令和4年4月 = 5218 of 14,872 residents = 35.1%
    assert (rows[0][8].value, rows[0][9].value) == (5218, 35.1)
    # months after the last actual month have no actual figures and no actual cumulative
    last = rows[-1]
    assert last[1].value == datetime(2025, 3, 1)
    assert last[4].value == 170 and last[8].value is not None


def test_basic_sheet_values(book: Any) -> None:
    ws = book["交付円滑化計画_基本"]
    rows = data_rows(ws)
    assert len(rows) == 1
    values = {header: cell for header, cell in zip((c.value for c in ws[1]), rows[0], strict=True)}
    assert values["計画期間（開始月）"].value == datetime(2022, 4, 1)
    assert values["計画期間（終了月）"].value == datetime(2025, 3, 1)
    assert values["住民基本台帳人口（単位：人）"].value == 14872
    assert values["住民基本台帳人口（単位：人）"].data_type == "n"
    assert values["計画期間前の累計交付枚数（単位：枚）"].value == 5123
    assert values["阻害要因：庁舎内の場所の確保"].value == "〇"
    assert values["阻害要因：国庫補助金の見通し"].value is None
    assert values["阻害要因：人員確保"].value == "〇"
    assert values["活用した補助金（複数は改行で区切る）"].value == (
        "マイナンバーカード交付事務費補助金\n個人番号カード交付事業費補助金"
    )


def test_windows_openings_and_labels(book: Any) -> None:
    windows = data_rows(book["交付円滑化計画_窓口"])
    assert [(r[1].value, r[2].value, r[3].value) for r in windows] == [
        (1, "本庁舎 住民課窓口", "本庁"),
        (2, "臨時交付窓口（みどり公民館）", "臨時交付窓口"),
    ]
    assert windows[0][8].value == 7.75 and windows[0][8].data_type == "n"
    assert windows[1][9].value == datetime(2022, 10, 1)
    openings = data_rows(book["交付円滑化計画_土日開庁"])
    assert [(r[1].value, r[2].value, r[3].value, r[4].value, r[5].value) for r in openings] == [
        (datetime(2022, 5, 14), "土", "土日開庁", 4, None),
        (datetime(2022, 11, 12), "土", "土日開庁", 3.5, 2),
        (datetime(2022, 6, 8), "水", "夜間延長", 1.5, None),
    ]
    staff = data_rows(book["交付円滑化計画_職員"])
    assert [r[1].value for r in staff] == ["正規職員", "会計年度任用職員", "委託・派遣"]
    milestones = data_rows(book["交付円滑化計画_想定交付枚数"])
    assert [(r[2].value, r[3].value) for r in milestones] == [(7500, 50.4), (9500, 63.9), (11000, 74.0)]
    events = data_rows(book["交付円滑化計画_出張申請"])
    assert [r[2].value for r in events] == ["商業施設", "福祉施設"]
    assert events[1][5].value is None


def test_frozen_headers_and_a4_fit_to_width(book: Any) -> None:
    for layout in ISSUANCE_SHEETS:
        ws = book[layout.name]
        assert ws.freeze_panes == "A2", layout.name
        assert ws.print_title_rows == "$1:$1"
    for ws in book.worksheets:
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.oddFooter.center.text == "- &P -"
    assert book["交付円滑化計画_基本"].page_setup.orientation == "landscape"
    assert book["交付円滑化計画_月別"].page_setup.orientation == "portrait"


def test_validation_lists_use_the_japanese_labels(book: Any) -> None:
    def lists(ws: Any) -> dict[str, str]:
        return {
            str(v.sqref).split(":")[0]: v.formula1
            for v in ws.data_validations.dataValidation
            if v.type == "list"
        }

    assert lists(book["交付円滑化計画_窓口"])["D2"] == '"本庁,支所,臨時交付窓口,出張"'
    assert lists(book["交付円滑化計画_職員"])["B2"] == '"正規職員,会計年度任用職員,委託・派遣"'
    assert lists(book["交付円滑化計画_土日開庁"])["D2"] == '"土日開庁,夜間延長"'
    assert lists(book["交付円滑化計画_出張申請"])["C2"] == '"企業,商業施設,福祉施設,公民館,学校,その他"'
    assert lists(book["交付円滑化計画_申請促進"])["B2"].startswith('"申請サポート,QR付き申請書の送付,')
    basic = lists(book["交付円滑化計画_基本"])
    assert basic["M2"] == '"〇"'
    assert lists(book["表紙"])["B8"] == '"市,町,村,特別区"'  # 団体区分
    windows = {str(v.sqref): v for v in book["交付円滑化計画_窓口"].data_validations.dataValidation}
    assert windows["E2:E500"].type == "whole" and windows["E2:E500"].formula1 == "0"


def test_text_that_looks_like_a_formula_stays_text(store: Store, tmp_path: Path) -> None:
    from dataclasses import replace

    repository = IssuanceRepository(store)
    repository.save(replace(repository.load(), note="=SUM(A1:A3) と書かれたメモ"))
    path = export_workbook(store, tmp_path / "formula.xlsx", created=CREATED)
    cell = openpyxl.load_workbook(path)["交付円滑化計画_基本"]["S2"]
    assert cell.data_type == "s"
    assert cell.value == "=SUM(A1:A3) と書かれたメモ"


def test_export_to_a_file_name_and_replacing_an_old_file(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "提出.xlsx"
    target.write_bytes(b"old")
    assert export_workbook(store, target, created=CREATED) == target
    assert openpyxl.load_workbook(target).sheetnames == SHEETS
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_file_open_in_excel_gives_a_clear_message(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "提出.xlsx"
    target.write_bytes(b"the file Excel has open")

    def locked(src: str, dst: str) -> None:
        raise PermissionError(
            13, "The process cannot access the file because it is being used by another process"
        )

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError) as caught:
        export_workbook(store, target, created=CREATED)
    assert caught.value.user_message == LOCKED_MESSAGE
    assert target.read_bytes() == b"the file Excel has open"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".db" and "town.db" not in p.name) == [
        "提出.xlsx"
    ]


def test_other_write_failures_are_export_errors(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(ExportError) as caught:
        export_workbook(store, tmp_path / "x.xlsx", created=CREATED)
    assert "空き容量" in caught.value.user_message


def test_only_xlsx_names(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ExportError) as caught:
        export_workbook(store, tmp_path / "提出.xls", created=CREATED)
    assert ".xlsx" in caught.value.user_message
    assert not (tmp_path / "提出.xls").exists()


def test_a_town_without_lg_code_cannot_be_exported(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "empty.db")
    try:
        with pytest.raises(ExportError) as caught:
            export_workbook(store, tmp_path, created=CREATED)
    finally:
        store.close()
    assert "団体コード" in caught.value.user_message


def test_a_town_without_a_plan_exports_the_cover_headers_and_the_basic_row(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "new.db")
    try:
        TownRepository(store).replace_all(demo_profile())
        path = export_workbook(store, tmp_path, created=CREATED)
    finally:
        store.close()
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SHEETS
    assert data_rows(book["交付円滑化計画_月別"]) == []
    basic = data_rows(book["交付円滑化計画_基本"])
    assert [c.value for c in basic[0][:3]] == ["039993", IssuancePlan().title, None]
    assert [c.value for c in book["交付円滑化計画_窓口"][1]] == list(ISSUANCE_SHEETS[2].headers)


def test_the_demo_town_as_created_by_main_py_demo(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "demo.db")
    try:
        create_demo(store)
        path = export_workbook(store, tmp_path, created=CREATED)
        plan = IssuanceRepository(store).load()
    finally:
        store.close()
    book = openpyxl.load_workbook(path)
    months = data_rows(book["交付円滑化計画_月別"])
    assert len(months) == len(figures.month_rows(plan)) == 30
    for layout in ISSUANCE_SHEETS:
        for row in data_rows(book[layout.name]):
            assert row[0].value == "039993" and row[0].data_type == "s"
            for cell in row[1:]:
                assert cell.data_type != "f"
                if isinstance(cell.value, datetime):
                    assert cell.number_format == EXCEL_WAREKI_FORMAT
                if isinstance(cell.value, int | float):
                    assert cell.data_type == "n"
    openings = data_rows(book["交付円滑化計画_土日開庁"])
    assert len(openings) == len(plan.openings)


def test_export_uses_the_stored_town(store: Store, tmp_path: Path) -> None:
    TownRepository(store).update({"name": "みどり村", "kind": "mura"})
    path = export_workbook(store, tmp_path, created=CREATED)
    assert path.name == f"039993_みどり村_{FORM_NAME}_20250615.xlsx"
    book = openpyxl.load_workbook(path)
    assert cover_value(book, "kind").value == "村"
    assert workbook_module.default_file_name("039993", "みどり村", CREATED) == path.name
