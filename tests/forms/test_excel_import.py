"""Importing the app's own workbook: the same data back, or every problem as sheet/cell/reason."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from forms.excel.importer import apply_import, read_workbook
from forms.excel.workbook import export_workbook
from models.errors import CellProblem, WorkbookImportError
from models.issuance.repository import IssuanceRepository
from models.store.database import LATEST_SCHEMA_VERSION, Store
from models.store.town_repository import TownRepository
from models.town import TownProfile
from tests.issuance_samples import WORKBOOK_TODAY as TODAY
from tests.issuance_samples import comparable, sample_plan, town_with_plan

CREATED = date(2025, 6, 15)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = town_with_plan(tmp_path / "town.db")
    yield s
    s.close()


@pytest.fixture
def exported(store: Store, tmp_path: Path) -> Path:
    return export_workbook(store, tmp_path / "提出.xlsx", created=CREATED)


def edited(source: Path, target: Path, edit: Callable[[Any], None]) -> Path:
    """A copy of ``source`` changed the way a user would in Excel."""
    book = openpyxl.load_workbook(source)
    edit(book)
    book.save(target)
    return target


def problems_of(path: Path, *, expected_lg_code: str | None = "039993") -> list[CellProblem]:
    with pytest.raises(WorkbookImportError) as caught:
        read_workbook(path, expected_lg_code=expected_lg_code, today=TODAY)
    assert caught.value.user_message.startswith("取り込めませんでした。")
    return caught.value.problems


def snapshot(store: Store) -> tuple[Any, ...]:
    audit = store.conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    return IssuanceRepository(store).load(), TownRepository(store).load(), audit


# -- round trip --------------------------------------------------------------------------------
def test_export_then_import_gives_the_same_plan(store: Store, exported: Path) -> None:
    stored = IssuanceRepository(store).load()
    result = read_workbook(exported, expected_lg_code="039993", today=TODAY)
    assert comparable(result.plan) == comparable(stored)
    assert result.lg_code == "039993"
    assert result.town_name == "みどり町"
    assert result.created == CREATED
    assert result.data_version == LATEST_SCHEMA_VERSION
    assert result.profile_fields == {
        "lg_code": "039993",
        "name": "みどり町",
        "kind": "machi",
        "contact_dept": "企画課デジタル推進室",
        "contact_person": "山田 花子",
        "contact_phone": "0123-45-6789",
        "contact_email": "dx@midori-town.example.jp",
    }


def test_import_into_another_copy_stores_the_same_plan(store: Store, exported: Path, tmp_path: Path) -> None:
    other = Store.open(tmp_path / "other.db")
    try:
        TownRepository(other).replace_all(TownProfile(lg_code="039993", name="みどり町", kind="machi"))
        apply_import(other, read_workbook(exported, expected_lg_code="039993", today=TODAY))
        assert comparable(IssuanceRepository(other).load()) == comparable(IssuanceRepository(store).load())
        profile = TownRepository(other).load()
        assert (profile.contact_person, profile.contact_email) == ("山田 花子", "dx@midori-town.example.jp")
        # an unchanged workbook imported again changes nothing
        before = snapshot(other)
        apply_import(other, read_workbook(exported, expected_lg_code="039993", today=TODAY))
        assert snapshot(other) == before
    finally:
        other.close()


def test_reimport_keeps_row_ids_and_records_edits_as_edits(
    store: Store, exported: Path, tmp_path: Path
) -> None:
    before = IssuanceRepository(store).load()

    def edit(book: Any) -> None:
        book["交付円滑化計画_窓口"]["F2"] = 4  # 本庁: 3 → 4 terminals (target)
        book["交付円滑化計画_土日開庁"]["G2"] = "9時〜13時"

    path = edited(exported, tmp_path / "edited.xlsx", edit)
    audit_before = store.conn.execute("SELECT MAX(id) FROM audit_log").fetchone()[0]
    apply_import(store, read_workbook(path, expected_lg_code="039993", today=TODAY))
    after = IssuanceRepository(store).load()
    assert [w.id for w in after.windows] == [w.id for w in before.windows]
    assert [o.id for o in after.openings] == [o.id for o in before.openings]
    assert after.windows[0].terminals_target == 4
    assert after.openings[1].window_id == before.windows[1].id
    fields = [
        row[0]
        for row in store.conn.execute(
            "SELECT field FROM audit_log WHERE id > ? AND table_name = 'issuance_plan' ORDER BY id",
            (audit_before,),
        )
    ]
    assert sorted(fields) == sorted(
        [f"windows.{before.windows[0].id}.terminals_target", f"openings.{before.openings[0].id}.note"]
    )


def test_a_new_window_with_openings_is_imported(store: Store, exported: Path, tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        ws = book["交付円滑化計画_窓口"]
        ws.append(["039993", 3, "西部出張所", "支所", 1, 1, 1, 1, 4, None, None])
        openings = book["交付円滑化計画_土日開庁"]
        openings.append(["039993", datetime(2023, 1, 14), "土", "土日開庁", 3, 3, "西部で初の土曜開庁"])

    path = edited(exported, tmp_path / "new_window.xlsx", edit)
    apply_import(store, read_workbook(path, expected_lg_code="039993", today=TODAY))
    plan = IssuanceRepository(store).load()
    assert [w.name for w in plan.windows][-1] == "西部出張所"
    assert plan.openings[-1].window_id == plan.windows[-1].id
    assert plan.openings[-1].note == "西部で初の土曜開庁"


def test_import_as_a_new_town(exported: Path, tmp_path: Path) -> None:
    result = read_workbook(exported, expected_lg_code=None, today=TODAY)
    empty = Store.open(tmp_path / "empty.db")
    try:
        apply_import(empty, result)
        assert TownRepository(empty).identity() == ("みどり町", "039993")
        assert comparable(IssuanceRepository(empty).load()) == comparable(result.plan)
    finally:
        empty.close()


def test_text_that_looks_like_a_formula_comes_back_as_text(store: Store, tmp_path: Path) -> None:
    repository = IssuanceRepository(store)
    repository.save(replace(repository.load(), note="=SUM(A1:A3) と書かれたメモ"), today=TODAY)
    path = export_workbook(store, tmp_path / "formula.xlsx", created=CREATED)
    assert (
        read_workbook(path, expected_lg_code="039993", today=TODAY).plan.note == "=SUM(A1:A3) と書かれたメモ"
    )


# -- a broken workbook ---------------------------------------------------------------------------
def test_a_broken_workbook_lists_every_problem_and_writes_nothing(
    store: Store, exported: Path, tmp_path: Path
) -> None:
    def break_it(book: Any) -> None:
        book["交付円滑化計画_職員"]["C1"] = "現状"  # wrong header
        months = book["交付円滑化計画_月別"]
        months["C3"] = "多数"  # text in a count cell
        months["D4"] = -5  # negative number
        months["B37"] = datetime(2030, 4, 1)  # a month outside the period
        windows = book["交付円滑化計画_窓口"]
        windows["J3"] = "令和4年10月1日"  # a date typed as text
        windows["D2"] = "本所"  # not one of the kinds
        book["交付円滑化計画_出張申請"]["A3"] = "039994"  # another town's code on a row

    path = edited(exported, tmp_path / "broken.xlsx", break_it)
    before = snapshot(store)
    assert problems_of(path) == [
        CellProblem(
            "交付円滑化計画_月別",
            "C3",
            "数値ではありません（文字列「多数」）。整数を半角の数値として入力してください。",
        ),
        CellProblem(
            "交付円滑化計画_月別", "D4", "負の数（-5）は入力できません。0以上の整数で入力してください。"
        ),
        CellProblem(
            "交付円滑化計画_月別", "B37", "2030年4月は計画期間（2022年4月〜2025年3月）の外の月です。"
        ),
        CellProblem(
            "交付円滑化計画_窓口",
            "D2",
            "「本所」は選択肢にありません。本庁／支所／臨時交付窓口／出張から選んでください。",
        ),
        CellProblem(
            "交付円滑化計画_窓口",
            "J3",
            "日付ではありません（文字列「令和4年10月1日」）。日付として入力してください（例：2024/4/1）。",
        ),
        CellProblem(
            "交付円滑化計画_職員", "C1", "見出しが「現状」になっています（正しくは「現状（単位：人）」）。"
        ),
        CellProblem(
            "交付円滑化計画_出張申請", "A3", "団体コード「039994」が表紙の団体コード（039993）と異なります。"
        ),
    ]
    assert snapshot(store) == before


def test_a_newer_data_version_is_refused_before_reading_the_sheets(exported: Path, tmp_path: Path) -> None:
    def newer(book: Any) -> None:
        book["表紙"]["B15"] = LATEST_SCHEMA_VERSION + 1
        book["交付円滑化計画_月別"]["Z1"] = "新しい列"  # a newer version may add columns

    assert problems_of(edited(exported, tmp_path / "newer.xlsx", newer)) == [
        CellProblem(
            "表紙",
            "B15",
            f"このファイルは新しい版のまちDX台帳で作成されています（データの版 {LATEST_SCHEMA_VERSION + 1}、"
            f"このアプリが扱える版 {LATEST_SCHEMA_VERSION}）。アプリを更新してから取り込んでください。",
        )
    ]


def test_another_towns_workbook_is_refused_unless_imported_as_a_new_town(exported: Path) -> None:
    assert problems_of(exported, expected_lg_code="033227") == [
        CellProblem(
            "表紙",
            "B5",
            "団体コード（039993）が開いている団体の団体コード（033227）と異なります。別の団体のファイルです。",
        )
    ]
    assert read_workbook(exported, expected_lg_code=None, today=TODAY).lg_code == "039993"


def test_cover_checks(exported: Path, tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        cover = book["表紙"]
        cover["B5"] = 39993  # the leading zero lost: a number
        cover["B7"] = "北海道"  # not the prefecture of the code (and the code is unreadable)
        cover["B8"] = "町村"
        cover["B11"] = "0123"  # phone
        cover["B13"] = "R7.6.15"  # 作成日 as text
        cover["A6"] = "団体の名前"

    assert problems_of(edited(exported, tmp_path / "cover.xlsx", edit)) == [
        CellProblem(
            "表紙",
            "B5",
            "団体コードが数値（39993）になっています。先頭の0を含む6桁の文字列で入力してください。",
        ),
        CellProblem("表紙", "A6", "項目名が「団体の名前」になっています（正しくは「団体名」）。"),
        CellProblem("表紙", "B8", "「町村」は選択肢にありません。市／町／村／特別区から選んでください。"),
        CellProblem("表紙", "B11", "電話番号は市外局番から数字とハイフンで入力してください。"),
        CellProblem(
            "表紙",
            "B13",
            "日付ではありません（文字列「R7.6.15」）。日付として入力してください（例：2024/4/1）。",
        ),
    ]


def test_rules_of_the_plan_point_at_their_cell(exported: Path, tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        book["交付円滑化計画_想定交付枚数"]["C3"] = 7000  # fewer than at the previous milestone
        book["交付円滑化計画_月別"]["F2"] = 20000  # more cards than residents

    problems = problems_of(edited(exported, tmp_path / "rules.xlsx", edit))
    assert [(p.sheet, p.cell) for p in problems] == [
        ("交付円滑化計画_月別", "F2"),
        ("交付円滑化計画_想定交付枚数", "C3"),
    ]
    assert "住民基本台帳人口（14,872人）を超えています" in problems[0].reason
    assert "前の時点" in problems[1].reason


def test_structure_problems(exported: Path, tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        del book["交付円滑化計画_申請促進"]
        book.create_sheet("メモ")
        book["交付円滑化計画_出張申請"].sheet_state = "hidden"
        book["交付円滑化計画_職員"]["B2"] = "=B3"
        book["交付円滑化計画_職員"]["F2"] = "余分"
        book["交付円滑化計画_基本"].append(["039993", "二つ目の計画"])

    problems = problems_of(edited(exported, tmp_path / "structure.xlsx", edit))
    assert problems == [
        CellProblem("交付円滑化計画_基本", "A3", "このシートは1行だけです（2行目のみ入力します）。"),
        CellProblem("交付円滑化計画_職員", "B2", "数式は受け付けません。計算結果の値を入力してください。"),
        CellProblem("交付円滑化計画_職員", "F2", "この様式の列の外に値があります。削除してください。"),
        CellProblem("交付円滑化計画_出張申請", "", "非表示のシートです。再表示してから取り込んでください。"),
        CellProblem(
            "交付円滑化計画_申請促進", "", "シートがありません（シート名を変更・削除しないでください）。"
        ),
        CellProblem("メモ", "", "この様式にないシートです。削除してから取り込んでください。"),
    ]


def test_blank_rows_are_skipped_and_blank_months_are_not_stored(exported: Path, tmp_path: Path) -> None:
    def edit(book: Any) -> None:
        ws = book["交付円滑化計画_職員"]
        ws.insert_rows(3)
        months = book["交付円滑化計画_月別"]
        for col in "CDEF":
            months[f"{col}37"] = None

    result = read_workbook(
        edited(exported, tmp_path / "blank.xlsx", edit), expected_lg_code="039993", today=TODAY
    )
    assert len(result.plan.staff) == 3
    assert [m.month for m in result.plan.months][-1] == date(2025, 2, 1)


# -- the file itself ----------------------------------------------------------------------------
def rewritten(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    """A copy of the .xlsx archive with members changed (None drops a member)."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = change(name, src.read(name))
            if data is not None:
                dst.writestr(name, data)
    target.write_bytes(out.getvalue())
    return target


BILLION_LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
)


@pytest.mark.parametrize("member", ["xl/worksheets/sheet2.xml", "xl/workbook.xml", "docProps/core.xml"])
def test_an_xml_entity_bomb_is_refused(exported: Path, tmp_path: Path, member: str) -> None:
    assert openpyxl.DEFUSEDXML is True

    def bomb(name: str, data: bytes) -> bytes:
        if name != member:
            return data
        if data.startswith(b"<?xml"):
            end = data.index(b"?>") + 2
            return data[:end] + BILLION_LAUGHS + data[end:]
        return BILLION_LAUGHS + data

    path = rewritten(exported, tmp_path / "bomb.xlsx", bomb)
    with pytest.raises(WorkbookImportError) as caught:
        read_workbook(path, expected_lg_code="039993", today=TODAY)
    assert "安全でない内容" in caught.value.user_message
    assert caught.value.problems == []


def test_macros_and_external_links_are_refused(exported: Path, tmp_path: Path) -> None:
    def with_member(member: str, name: str) -> Path:
        path = tmp_path / name
        rewritten(exported, path, lambda n, d: d)
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr(member, b"\x00" * 16)
        return path

    for member, word in (
        ("xl/vbaProject.bin", "マクロ"),
        ("xl/externalLinks/externalLink1.xml", "外部リンク"),
    ):
        with pytest.raises(WorkbookImportError) as caught:
            read_workbook(with_member(member, f"{word}.xlsx"), expected_lg_code=None, today=TODAY)
        assert word in caught.value.user_message


def test_other_files_are_refused(tmp_path: Path) -> None:
    csv = tmp_path / "提出.csv"
    csv.write_text("団体コード\n039993\n", encoding="utf-8")
    broken = tmp_path / "壊れた.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    missing = tmp_path / "ない.xlsx"
    for path, words in ((csv, ".xlsx"), (broken, "読み込めませんでした"), (missing, "見つかりません")):
        with pytest.raises(WorkbookImportError) as caught:
            read_workbook(path, expected_lg_code=None, today=TODAY)
        assert words in caught.value.user_message, path


def test_a_workbook_of_another_app_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "他のブック.xlsx"
    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.title = "Sheet1"
    book.save(path)
    assert problems_of(path, expected_lg_code=None) == [
        CellProblem("表紙", "", "表紙のシートがありません。"),
        CellProblem("表紙", "", "取り込めるデータのシートがありません。"),
        CellProblem("Sheet1", "", "この様式にないシートです。削除してから取り込んでください。"),
    ]


def test_sample_plan_is_valid() -> None:
    from models.issuance.validation import check_plan, errors_of

    assert errors_of(check_plan(sample_plan(years=10), today=TODAY)) == []
