"""Pasting a 年度's 手続名 / 総件数 / オンライン件数 block: matching, unmatched rows, problems."""

from __future__ import annotations

from models.errors import CellProblem
from models.procedures.catalogue import national_catalogue
from models.procedures.matching import SHEET, UnmatchedRow, match_name, parse_usage_block
from models.procedures.records import CatalogueEntry, UsageFigures

TOWN = CatalogueEntry(code="T-001", name="町営住宅の入居申込", origin="town")
CATALOGUE = (*national_catalogue(), TOWN)


def paste(text: str, fy: int = 2023):  # type: ignore[no-untyped-def]
    return parse_usage_block(text, CATALOGUE, fy)


def test_exact_names_with_counts() -> None:
    result = paste("児童手当等の現況届\t300\t120\n妊娠の届出\t84\t31\n")
    assert result.ok and not result.header and result.unmatched == []
    assert result.rows == [UsageFigures("P31-10", 2023, 300, 120), UsageFigures("P31-15", 2023, 84, 31)]
    assert result.fiscal_year == 2023


def test_half_width_kana_and_kangxi_look_alikes_match() -> None:
    text = (
        "要介護・要\u2f40援認定の申請\t226\t0\n"  # ⽀ (KANGXI RADICAL BRANCH) from a PDF
        "居住(介護予防)ｻｰﾋﾞｽ計画作成(変更)依頼の届出\t187\t9\n"  # half-width kana and ( )
        "高額介護 (予防) サービス費の支給申請\t238\t0\n"  # spaces
        "罹災証明書の発行申請\t６\t１\n"  # full-width digits
    )
    result = paste(text)
    assert result.ok and result.unmatched == []
    assert [(r.code, r.total, r.online) for r in result.rows] == [
        ("P31-16", 226, 0),
        ("P31-19", 187, 9),
        ("P31-22", 238, 0),
        ("P31-27", 6, 1),
    ]


def test_the_official_spelling_of_p31_19_and_short_forms_of_the_58_match() -> None:
    assert match_name("居宅（介護予防）サービス計画作成（変更）依頼の届出", CATALOGUE).code == "P31-19"  # type: ignore[union-attr]
    assert match_name("図書館の図書貸出予約", CATALOGUE).code == "P58-A01"  # type: ignore[union-attr]
    assert match_name("町営住宅の入居申込", CATALOGUE) == TOWN
    assert match_name("児童手当", CATALOGUE) is None  # exact after normalisation, never partial


def test_header_thousands_separators_and_the_published_table_shape() -> None:
    text = (
        "手続の名称\t手続総件数\tうちオンライン数\t総件数に占めるオンライン数の割合(%)\n"
        "図書館の図書貸出予約等\t7,050\t4,930\t69.9\n"
        "地方税申告手続（ｅＬＴＡＸ）\t４，０８０\t2,790\t68.4\n"
        "合計\t11,130\t7,720\t69.4\n"
    )
    result = paste(text)
    assert result.ok and result.header
    assert result.rows == [
        UsageFigures("P58-A01", 2023, 7050, 4930),
        UsageFigures("P58-A04", 2023, 4080, 2790),
    ]


def test_header_columns_in_another_order() -> None:
    result = paste("手続名\tオンライン件数\t総件数\n転出届\t118\t506\n")
    assert result.ok and result.rows == [UsageFigures("P58-A13", 2023, 506, 118)]


def test_a_rate_column_without_header_is_ignored_but_other_extra_columns_are_problems() -> None:
    result = paste("転出届\t506\t118\t23.3%\n妊娠の届出\t84\t31\tメモ\n")
    assert result.rows == [UsageFigures("P58-A13", 2023, 506, 118)]
    assert result.problems == [
        CellProblem(
            SHEET,
            "D2",
            "余分な列です。A列：手続名、B列：手続総件数、C列：オンライン件数の3列を貼り付けてください。",
        )
    ]


def test_empty_cells_and_dashes_are_no_figure() -> None:
    result = paste("児童手当等に係る寄附の申出\t－\t－\n児童手当等の現況届\t36\t\n")
    assert result.ok
    assert result.rows == [UsageFigures("P31-06", 2023, None, None), UsageFigures("P31-10", 2023, 36, None)]


def test_unmatched_rows_are_returned_for_mapping() -> None:
    result = paste("児童手当等の現況届\t36\t11\n公民館の利用申込\t412\t0\n町営住宅入居申込み\t22\t－\n")
    assert result.ok
    assert result.rows == [UsageFigures("P31-10", 2023, 36, 11)]
    assert result.unmatched == [
        UnmatchedRow(2, "公民館の利用申込", 412, 0),
        UnmatchedRow(3, "町営住宅入居申込み", 22, None),
    ]


def test_problems_name_the_cell() -> None:
    text = (
        "児童手当等の現況届\t36\t40\n"  # online > total
        "妊娠の届出\t八十四\t31\n"  # not a number
        "転出届\t-5\t0\n"  # negative
        "児童手当等の現況届\t36\t11\n"  # the same procedure again
        "\t10\t2\n"  # no name
        "罹災証明書の発行申請\t6.5\t1\n"  # a decimal
    )
    result = paste(text)
    cells = [(p.sheet, p.cell) for p in result.problems]
    assert cells == [
        ("貼り付け", "C1"),
        ("貼り付け", "B2"),
        ("貼り付け", "B3"),
        ("貼り付け", "A4"),
        ("貼り付け", "A5"),
        ("貼り付け", "B6"),
    ]
    reasons = [p.reason for p in result.problems]
    assert reasons[0] == "オンライン件数（40件）が手続総件数（36件）を超えています。"
    assert "負の数" in reasons[2]
    assert reasons[3] == "「児童手当等の現況届」は1行目にもあります。"
    assert reasons[4] == "手続名がありません。"
    assert "小数" in reasons[5]
    assert result.rows == [] and not result.ok


def test_an_unmatched_row_with_a_bad_count_keeps_no_counts() -> None:
    result = paste("公民館の利用申込\t412\t500\n")
    assert result.unmatched == [UnmatchedRow(1, "公民館の利用申込", None, None)]
    assert [p.cell for p in result.problems] == ["C1"]


def test_blank_input_and_a_header_without_count_columns() -> None:
    assert [p.reason for p in paste("\n \n").problems] == ["貼り付けるデータがありません。"]
    result = paste("手続\t担当課\n転出届\t町民課\n")
    assert result.header and result.problems[0].cell == "A1"


def test_windows_line_ends_and_trailing_blank_lines() -> None:
    result = paste("転出届\t506\t118\r\n\r\n\t\t\r\n")
    assert result.ok and result.rows == [UsageFigures("P58-A13", 2023, 506, 118)]
