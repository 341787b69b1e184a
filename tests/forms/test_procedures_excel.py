"""The checklist in Excel: the 行政手続 sheets of the prefecture workbook (export, strict import,
round trip) and the standalone 「情報通信技術の利用に関する状況の公表」 file."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from forms.commands.excel import export_publication_command
from forms.excel.importer import apply_import, read_workbook
from forms.excel.layout import PROCEDURE_SHEETS, PROCEDURE_USAGE, PROCEDURES
from forms.excel.publication import export_publication_xlsx, file_name
from forms.excel.workbook import export_workbook
from models.calendar import EXCEL_WAREKI_FORMAT
from models.errors import CellProblem, ExportError, ValidationError, WorkbookImportError
from models.issuance.repository import IssuanceRepository
from models.procedures.catalogue import LIST_VERSION
from models.procedures.records import CHANNEL_LABELS, STATUS_LABELS, Checklist
from models.procedures.repository import ChecklistRepository
from models.store.database import Store
from models.store.town_repository import TownRepository
from models.town import TownProfile
from tests.procedure_samples import CREATED, sample_checklist, town_with_checklist

TODAY = date(2024, 6, 21)
ROW_OF = {"P31-01": 2, "P31-05": 6, "P31-19": 20, "P31-28": 29, "P58-A01": 33, "T-001": 47, "T-002": 48}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = town_with_checklist(tmp_path / "town.db")
    yield s
    s.close()


@pytest.fixture
def exported(store: Store, tmp_path: Path) -> Path:
    return export_workbook(store, tmp_path / "提出.xlsx", created=CREATED)


@pytest.fixture
def book(exported: Path) -> Any:
    return openpyxl.load_workbook(exported)


def edited(source: Path, target: Path, edit: Callable[[Any], None]) -> Path:
    book = openpyxl.load_workbook(source)
    edit(book)
    book.save(target)
    return target


def problems_of(path: Path) -> list[CellProblem]:
    with pytest.raises(WorkbookImportError) as caught:
        read_workbook(path, expected_lg_code="039993", today=TODAY)
    return caught.value.problems


def data_rows(ws: Any) -> list[tuple[Any, ...]]:
    return [row for row in ws.iter_rows(min_row=2) if any(cell.value is not None for cell in row)]


def audit_count(store: Store) -> int:
    return int(store.conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0])


# -- export ------------------------------------------------------------------------------------
def test_the_two_sheets_follow_the_issuance_sheets(book: Any) -> None:
    assert book.sheetnames[-2:] == [PROCEDURES, PROCEDURE_USAGE]
    for layout in PROCEDURE_SHEETS:
        assert [cell.value for cell in book[layout.name][1]] == list(layout.headers)
    assert [cell.value for cell in book[PROCEDURES][1]][:10] == [
        "団体コード",
        "コード",
        "手続名",
        "区分",
        "対象",
        "状況",
        "方式",
        "予定年度（西暦）",
        "予定年度（和暦）",
        "担当課",
    ]


def test_one_row_per_procedure_with_the_answer_as_labels(book: Any) -> None:
    rows = data_rows(book[PROCEDURES])
    assert len(rows) == 45 + 2  # the national list and the town's two (one retired)
    by_code = {row[1].value: [cell.value for cell in row] for row in rows}
    assert by_code["P31-02"][:10] == [
        "039993",
        "P31-02",
        "児童手当等の額の改定の請求及び届出",
        "子育て関係",
        "対象",
        "オンライン化済",
        "ぴったりサービス（マイナポータル）",
        None,
        None,
        "子育て支援課",
    ]
    assert by_code["P31-05"][4:9] == ["対象", "予定", "なし", 2022, "令和4年度"]
    assert by_code["P31-28"][4:6] == ["対象外", "対象外"]
    assert by_code["P31-28"][10] == "都道府県の手続"
    assert by_code["P31-19"][2] == "居住（介護予防）サービス計画作成（変更）依頼の届出"
    assert by_code["P58-A01"][3] == "その他の優先手続（58手続のa）"
    assert by_code["P58-A01"][18:20] == [None, "a"]
    assert by_code["P31-01"][18:20] == ["〇", "b"]
    assert by_code["T-002"][3] == "本町独自の手続" and by_code["T-002"][17] == "〇"
    assert by_code["P31-01"][11:15] == ["あり", "あり", "LGWAN経由ダウンロード", datetime(2022, 10, 1)]
    assert book[PROCEDURES]["O2"].number_format == EXCEL_WAREKI_FORMAT
    assert {row[20].value for row in rows} == {LIST_VERSION}


def test_usage_rows_are_numbers_with_the_rate_as_a_value(book: Any) -> None:
    ws = book[PROCEDURE_USAGE]
    rows = data_rows(ws)
    assert len(rows) == 26  # 8 codes × 3 年度; P31-27 and T-002 one 年度 each
    values = {(row[1].value, row[3].value): [cell.value for cell in row] for row in rows}
    assert values["P31-15", 2023] == ["039993", "P31-15", "妊娠の届出", 2023, "令和5年度", 120, 45, 37.5]
    assert values["P31-27", 2023][5:] == [0, 0, None]  # 0 件: no rate (not 0.0, no error value)
    assert values["P31-10", 2019 + 2][4] == "令和3年度"
    for row in rows:
        code, year, total, online = row[0], row[3], row[5], row[6]
        assert code.value == "039993" and code.data_type == "s"
        assert isinstance(year.value, int) and year.number_format == "0"
        assert isinstance(total.value, int) and total.data_type == "n" and total.number_format == "#,##0"
        assert isinstance(online.value, int)
        assert row[7].value is None or (
            isinstance(row[7].value, int | float) and row[7].number_format == "0.0"
        )
        assert all(cell.data_type != "f" for cell in row)


def test_lg_code_as_text_in_every_row_of_both_sheets(book: Any) -> None:
    for name in (PROCEDURES, PROCEDURE_USAGE):
        for row in data_rows(book[name]):
            assert row[0].value == "039993" and row[0].data_type == "s" and row[0].number_format == "@"


def test_validation_lists_offer_the_japanese_labels(book: Any) -> None:
    lists = {
        str(dv.sqref): dv.formula1
        for dv in book[PROCEDURES].data_validations.dataValidation
        if dv.type == "list"
    }
    assert lists["F2:F500"] == '"' + ",".join(STATUS_LABELS.values()) + '"'
    assert lists["G2:G500"] == '"' + ",".join(CHANNEL_LABELS.values()) + '"'
    assert lists["E2:E500"] == '"対象,対象外"'


# -- round trip --------------------------------------------------------------------------------
def test_export_then_import_gives_the_same_checklist(store: Store, exported: Path) -> None:
    stored = ChecklistRepository(store).load()
    assert stored == sample_checklist()
    result = read_workbook(exported, expected_lg_code="039993", today=TODAY)
    assert result.data["procedures"] == stored


def test_import_into_another_copy_and_again_changes_nothing(exported: Path, tmp_path: Path) -> None:
    other = Store.open(tmp_path / "other.db")
    try:
        TownRepository(other).replace_all(TownProfile(lg_code="039993", name="みどり町", kind="machi"))
        apply_import(other, read_workbook(exported, expected_lg_code="039993", today=TODAY))
        loaded = ChecklistRepository(other).load()
        assert loaded == sample_checklist()
        before = audit_count(other)
        apply_import(other, read_workbook(exported, expected_lg_code="039993", today=TODAY))
        assert audit_count(other) == before
    finally:
        other.close()


def test_the_demo_town_round_trips_into_a_new_database(tmp_path: Path) -> None:
    from models.demo import create_demo

    demo = Store.open(tmp_path / "demo.db")
    new = Store.open(tmp_path / "new.db")
    try:
        create_demo(demo)
        path = export_workbook(demo, tmp_path, created=CREATED)
        result = read_workbook(path, expected_lg_code=None, today=TODAY)
        assert result.data["procedures"] == ChecklistRepository(demo).load()
        apply_import(new, result)
        assert ChecklistRepository(new).load() == ChecklistRepository(demo).load()
    finally:
        demo.close()
        new.close()


def test_edits_made_in_excel_are_imported(store: Store, exported: Path, tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        ws = book[PROCEDURES]
        ws["F6"], ws["G6"] = "オンライン化済", "汎用電子申請"  # P31-05 goes online
        ws.append(["039993", "T-003", "新しい町の手続", None, "対象", "未定", "なし"])
        usage = book[PROCEDURE_USAGE]
        usage["G4"] = 150  # P31-01 2023: 1 → 150 online
        usage.append(["039993", "T-003", None, 2023, None, 10, 2])

    apply_import(
        store,
        read_workbook(edited(exported, tmp_path / "e.xlsx", edit), expected_lg_code="039993", today=TODAY),
    )
    checklist = ChecklistRepository(store).load()
    status = {s.code: s for s in checklist.statuses}
    assert (status["P31-05"].status, status["P31-05"].channel) == ("online", "general")
    assert checklist.catalogue[-1].code == "T-003" and checklist.catalogue[-1].origin == "town"
    usage = {(u.code, u.fiscal_year): (u.total, u.online) for u in checklist.usage}
    assert usage["P31-01", 2023] == (200, 150)
    assert usage["T-003", 2023] == (10, 2)


def test_the_procedures_are_saved_in_the_same_transaction(
    store: Store, exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure while saving the checklist leaves the town and the issuance plan untouched."""
    path = edited(
        exported, tmp_path / "e.xlsx", lambda book: book["表紙"].cell(row=9, column=2, value="総務課")
    )
    result = read_workbook(path, expected_lg_code="039993", today=TODAY)
    before = (TownRepository(store).load(), IssuanceRepository(store).load(), audit_count(store))

    def fail(self: ChecklistRepository, checklist: Checklist, **kwargs: Any) -> Checklist:
        raise ValidationError("保存できませんでした。")

    monkeypatch.setattr(ChecklistRepository, "replace_all", fail)
    with pytest.raises(ValidationError):
        apply_import(store, result)
    assert (TownRepository(store).load(), IssuanceRepository(store).load(), audit_count(store)) == before


def test_an_older_workbook_without_the_procedure_sheets_leaves_the_checklist_alone(
    store: Store, exported: Path, tmp_path: Path
) -> None:
    def drop(book: Any) -> None:
        del book[PROCEDURES]
        del book[PROCEDURE_USAGE]

    before = ChecklistRepository(store).load()
    result = read_workbook(
        edited(exported, tmp_path / "old.xlsx", drop), expected_lg_code="039993", today=TODAY
    )
    assert "procedures" not in result.data
    apply_import(store, result)
    assert ChecklistRepository(store).load() == before


# -- a broken workbook -------------------------------------------------------------------------
def test_every_broken_cell_is_reported_and_nothing_is_written(
    store: Store, exported: Path, tmp_path: Path
) -> None:
    def break_it(book: Any) -> None:
        ws = book[PROCEDURES]
        ws["B3"] = "P31-99"  # not in the national list
        ws["C4"] = "氏名変更の届出"  # a national name changed
        ws["F5"] = "済み"  # not a status label
        ws["F6"] = "オンライン化済"  # online without a channel (P31-05: なし)
        ws["Q7"] = "子育て"  # 分類 on a national procedure
        ws["R8"] = "〇"  # 廃止 on a national procedure
        ws.append(
            ["039993", "X-1", "謎の手続", None, "対象", "未定", "なし"]
        )  # neither national nor a town code
        ws["H9"] = 1999  # 予定年度 out of range
        usage = book[PROCEDURE_USAGE]
        usage["G2"] = 999  # online (999) > total (200)
        usage["D3"] = 2021  # the same 年度 twice
        usage["B5"] = "T-999"  # a code the 行政手続 sheet does not have
        usage["F6"] = "多数"

    path = edited(exported, tmp_path / "broken.xlsx", break_it)
    before = (ChecklistRepository(store).load(), audit_count(store))
    problems = problems_of(path)
    for problem in problems:
        print(problem.text())
    assert problems == [
        CellProblem(
            PROCEDURES,
            "",
            "国の一覧の手続「児童手当等の額の改定の請求及び届出」（コードP31-02）の行がありません。"
            "行を削除せず、対象外の手続は「対象」列を「対象外」にしてください。",
        ),
        CellProblem(
            PROCEDURES,
            "B3",
            "コード「P31-99」の手続は手続一覧にありません（国の一覧のコード、"
            "または本町独自の手続のT-001などのコード）。",
        ),
        CellProblem(
            PROCEDURES,
            "C4",
            "国の一覧の手続名は変更できません（コードP31-03は「氏名変更／住所変更等の届出」）。",
        ),
        CellProblem(
            PROCEDURES,
            "F5",
            "「済み」は選択肢にありません。オンライン化済／予定／未定／対象外から選んでください。",
        ),
        CellProblem(
            PROCEDURES,
            "G6",
            "オンライン化済の場合は、オンライン申請の方法（ぴったりサービス等）を選んでください。",
        ),
        CellProblem(PROCEDURES, "Q7", "分類は本町独自の手続にだけ入力できます（国の一覧の手続は空欄）。"),
        CellProblem(PROCEDURES, "R8", "国の一覧の手続は廃止にできません。空欄にして、対象外にしてください。"),
        CellProblem(PROCEDURES, "H9", "2,000以上の整数で入力してください（1,999が入っています）。"),
        CellProblem(
            PROCEDURES,
            "B49",
            "コード「X-1」の手続は手続一覧にありません（国の一覧のコード、"
            "または本町独自の手続のT-001などのコード）。",
        ),
        CellProblem(
            PROCEDURE_USAGE, "G2", "うちオンライン件数（999件）が手続総件数（200件）を超えています。"
        ),
        CellProblem(
            PROCEDURE_USAGE, "D3", "コードP31-01の令和3年度の件数が重複しています（2行目と同じです）。"
        ),
        CellProblem(PROCEDURE_USAGE, "B5", "コード「T-999」の手続が「行政手続」シートにありません。"),
        CellProblem(
            PROCEDURE_USAGE,
            "F6",
            "数値ではありません（文字列「多数」）。整数を半角の数値として入力してください。",
        ),
    ]
    assert (ChecklistRepository(store).load(), audit_count(store)) == before


def test_a_deleted_row_and_a_renamed_duplicate_are_reported(exported: Path, tmp_path: Path) -> None:
    def break_it(book: Any) -> None:
        ws = book[PROCEDURES]
        ws.delete_rows(ROW_OF["P31-28"])  # 自動車税環境性能割の申告納付: rows must not be deleted
        ws["C46"] = "妊娠の届出"  # T-001 (now row 46) renamed to a national procedure's name
        ws["U10"] = "別の版"

    problems = problems_of(edited(exported, tmp_path / "deleted.xlsx", break_it))
    assert problems == [
        CellProblem(
            PROCEDURES,
            "",
            "国の一覧の手続「自動車税環境性能割の申告納付」（コードP31-28）の行がありません。"
            "行を削除せず、対象外の手続は「対象」列を「対象外」にしてください。",
        ),
        CellProblem(PROCEDURES, "U10", f"手続一覧の版「別の版」が2行目（「{LIST_VERSION}」）と異なります。"),
        CellProblem(PROCEDURES, "C46", "同じ名称の手続「妊娠の届出」（コードP31-15）があります。"),
    ]


def test_a_missing_usage_sheet_is_reported(exported: Path, tmp_path: Path) -> None:
    def drop(book: Any) -> None:
        del book[PROCEDURE_USAGE]

    assert problems_of(edited(exported, tmp_path / "half.xlsx", drop)) == [
        CellProblem(PROCEDURE_USAGE, "", "シートがありません（シート名を変更・削除しないでください）。")
    ]


# -- 「情報通信技術の利用に関する状況の公表」 -------------------------------------------------------
def test_publication_file_holds_one_sheet_of_values(store: Store, tmp_path: Path) -> None:
    path = export_publication_xlsx(store, tmp_path, created=CREATED)
    assert path.name == "039993_みどり町_情報通信技術の利用に関する状況の公表_令和5年度.xlsx"
    assert path.name == file_name("039993", "みどり町", 2023)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["公表（令和5年度）"]
    ws = book.active
    assert ws["A1"].value == "情報通信技術の利用に関する状況の公表（令和5年度）"
    assert ws["A2"].value.startswith("みどり町（団体コード：039993）")
    assert ws["D4"].value == "（単位：件）"
    assert [c.value for c in ws[5]] == [
        "手続の名称",
        "手続総件数",
        "うちオンライン数",
        "総件数に占めるオンライン数の割合(%)",
    ]
    rows = {row[0].value: row for row in ws.iter_rows(min_row=6) if row[0].value}
    pregnancy = rows["妊娠の届出"]
    assert [c.value for c in pregnancy] == ["妊娠の届出", 120, 45, 37.5]
    assert pregnancy[1].data_type == "n" and pregnancy[1].number_format == "#,##0"
    assert pregnancy[3].number_format == "0.0"
    assert [c.value for c in rows["罹災証明書の発行申請"]] == ["罹災証明書の発行申請", 0, 0, "－"]
    total = rows["合計"]
    assert [c.value for c in total] == ["合計", 16089, 10477, 65.1] and total[0].font.b
    assert ws.freeze_panes == "A6"
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)


def test_publication_of_a_chosen_year_and_the_command(store: Store, tmp_path: Path) -> None:
    path = export_publication_xlsx(store, tmp_path / "公表.xlsx", 2021, created=CREATED)
    ws = openpyxl.load_workbook(path).active
    names = [row[0].value for row in ws.iter_rows(min_row=6)]
    assert "町営プール利用予約<旧>＆抽選" in names
    store.close()
    args = argparse.Namespace(db=str(tmp_path / "town.db"), out=str(tmp_path), fiscal_year=2022)
    ok, lines = export_publication_command(args)
    assert ok and lines[0].endswith("039993_みどり町_情報通信技術の利用に関する状況の公表_令和4年度.xlsx")


def test_publication_needs_the_town(tmp_path: Path) -> None:
    empty = Store.memory()
    try:
        with pytest.raises(ExportError):
            export_publication_xlsx(empty, tmp_path, created=CREATED)
        TownRepository(empty).replace_all(TownProfile(lg_code="039993", name="みどり町", kind="machi"))
        with pytest.raises(ExportError) as caught:
            export_publication_xlsx(empty, tmp_path / "公表.csv", created=CREATED)
        assert "「.xlsx」" in caught.value.user_message
    finally:
        empty.close()
