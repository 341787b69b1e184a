"""Reading a newer procedure list (CSV/XLSX, strict) and the diff before it applies."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from models.errors import WorkbookImportError
from models.procedures.catalogue import national_catalogue
from models.procedures.catalogue_update import diff_catalogue, read_catalogue_file, retired_from_list
from models.procedures.records import CatalogueEntry
from models.resources import resource_path

HEADER = "code,name,category,level,in_31,in_58_class,note\n"


def write(tmp_path: Path, text: str, name: str = "list.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_the_bundled_csv_reads_as_the_national_list(tmp_path: Path) -> None:
    entries = read_catalogue_file(resource_path("catalog", "procedures.csv"))
    assert [(e.code, e.name, e.category, e.level, e.in_31, e.in_58_class) for e in entries] == [
        (e.code, e.name, e.category, e.level, e.in_31, e.in_58_class) for e in national_catalogue()
    ]
    assert all(e.origin == "national" for e in entries)


def test_a_shift_jis_csv_with_japanese_headers(tmp_path: Path) -> None:
    text = "コード,手続名,分類,対象団体,31手続,58手続の区分,担当\r\nP31-01,児童手当等の現況届,子育て関係,市区町村,1,b,子育て支援課\r\nN-1,新しい手続,,,0,a,\r\n"
    entries = read_catalogue_file(write(tmp_path, text, encoding="cp932"))
    assert [(e.code, e.name, e.in_31, e.in_58_class, e.level) for e in entries] == [
        ("P31-01", "児童手当等の現況届", True, "b", "市区町村"),
        ("N-1", "新しい手続", False, "a", ""),
    ]


def test_an_xlsx_with_the_same_header_row(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "手続一覧"
    ws.append(["code", "name", "category", "level", "in_31", "in_58_class", "note"])
    ws.append(
        [
            "P31-01",
            "児童手当等の受給資格及び児童手当の額についての認定請求",
            "子育て関係",
            "市区町村",
            1,
            "b",
            None,
        ]
    )
    ws.append([None, None, None, None, None, None, None])
    ws.append(["P58-B01", "転入届", None, None, False, "B", "新たに掲載"])
    path = tmp_path / "list.xlsx"
    wb.save(path)
    entries = read_catalogue_file(path)
    assert [(e.code, e.in_31, e.in_58_class, e.note) for e in entries] == [
        ("P31-01", True, "b", ""),
        ("P58-B01", False, "b", "新たに掲載"),
    ]


def test_every_bad_cell_is_reported_at_once(tmp_path: Path) -> None:
    text = HEADER + (
        "P31-01,児童手当等の現況届,子育て関係,市区町村,1,b,\n"
        ",名称だけ,,,0,,\n"
        "P31-01,重複コード,,,0,,\n"
        "P31-99,児童手当等の現況届,,,0,,\n"
        "P31-98,区分が変,,町村,2,c,\n"
        "T-001,町の手続,,,0,,\n"
        "P 31,空白入り,,,0,,\n"
    )
    with pytest.raises(WorkbookImportError) as caught:
        read_catalogue_file(write(tmp_path, text))
    problems = [(p.sheet, p.cell, p.reason) for p in caught.value.problems]
    assert [(cell) for _sheet, cell, _reason in problems] == ["A3", "A4", "B5", "D6", "E6", "F6", "A7", "A8"]
    assert all(sheet == "list.csv" for sheet, _cell, _reason in problems)
    reasons = dict((cell, reason) for _s, cell, reason in problems)
    assert reasons["A4"] == "手続コードP31-01は2行目にもあります。"
    assert reasons["B5"] == "同じ手続名が2行目にもあります。"
    assert reasons["A7"] == "「T-」で始まるコードは本町独自の手続用です。"
    assert caught.value.user_message == "手続一覧を読み込めませんでした。"


def test_missing_columns_and_wrong_file_types(tmp_path: Path) -> None:
    with pytest.raises(WorkbookImportError) as caught:
        read_catalogue_file(write(tmp_path, "code,name\nP1,手続\n"))
    assert len(caught.value.problems) == 4 and "category" in caught.value.problems[0].reason
    with pytest.raises(WorkbookImportError, match="CSV"):
        read_catalogue_file(write(tmp_path, "x", name="list.txt"))
    with pytest.raises(WorkbookImportError, match="Excel"):
        read_catalogue_file(write(tmp_path, "not a zip", name="list.xlsx"))
    with pytest.raises(WorkbookImportError):
        read_catalogue_file(write(tmp_path, HEADER))  # no rows


# -- the diff ----------------------------------------------------------------------------------


def newer_list() -> list[CatalogueEntry]:
    entries = []
    for entry in national_catalogue():
        if entry.code == "P31-19":
            entry = replace(entry, name="居宅（介護予防）サービス計画作成（変更）依頼の届出", note="")
        elif entry.code == "P31-31":
            continue
        elif entry.code == "P58-A14":
            entry = replace(entry, category="環境関係", note="")
        entries.append(replace(entry, note=""))
    entries.append(CatalogueEntry(code="P58-B01", name="転入届", in_58_class="b"))
    return entries


def test_diff_by_code() -> None:
    town = CatalogueEntry(code="T-001", name="町営住宅の入居申込", origin="town")
    diff = diff_catalogue((*national_catalogue(), town), newer_list())
    assert [e.code for e in diff.added] == ["P58-B01"]
    assert [e.code for e in diff.removed] == ["P31-31"]
    assert [(d.code, [f.field for f in d.fields]) for d in diff.renamed] == [("P31-19", ["name"])]
    assert [(d.code, [f.text() for f in d.fields]) for d in diff.changed] == [
        ("P58-A14", ["分類：（なし） → 環境関係"])
    ]
    assert diff.renamed[0].after.note == diff.renamed[0].before.note  # an empty note keeps the caveat
    assert not diff.is_empty
    assert diff.lines() == [
        "追加：P58-B01 転入届",
        "名称変更：P31-19 居住（介護予防）サービス計画作成（変更）依頼の届出 → 居宅（介護予防）サービス計画作成（変更）依頼の届出",
        "変更：P58-A14 産業廃棄物の処理、運搬の実績報告（分類：（なし） → 環境関係）",
        "掲載終了（記録は残ります）：P31-31 自動車の保管場所証明の申請",
    ]


def test_the_same_list_has_an_empty_diff() -> None:
    assert diff_catalogue(national_catalogue(), national_catalogue()).is_empty


def test_a_retired_entry_listed_again_is_a_change_and_loses_the_removal_note() -> None:
    current = [retired_from_list(e, "2024-04") if e.code == "P31-31" else e for e in national_catalogue()]
    original = next(e for e in national_catalogue() if e.code == "P31-31")
    listed_again = [replace(e, note="") for e in national_catalogue()]  # a list without notes
    diff = diff_catalogue(current, listed_again)
    assert diff.removed == [] and diff.added == []
    assert [d.code for d in diff.changed] == ["P31-31"]
    assert [f.field for f in diff.changed[0].fields] == ["note", "retired"]
    assert diff.changed[0].fields[1].text() == "使用状況：掲載終了 → 掲載"
    assert diff.changed[0].after.note == original.note


def test_retired_from_list_keeps_the_entry_with_a_note() -> None:
    entry = next(e for e in national_catalogue() if e.code == "P31-31")
    retired = retired_from_list(entry, "2024-04")
    assert retired.retired and retired.code == entry.code and retired.name == entry.name
    assert retired.note.endswith("2024-04の一覧には掲載がありません（記録は残しています）。")
    assert retired_from_list(retired, "2024-04").note == retired.note
