"""Monthly actuals pasted from Excel: a tab-separated block → figures and per-cell problems.

The block has one month per line: column A the month (「令和3年4月」「R3.4」「2021/4」
「2021年4月」, a whole date such as 「2021/4/1」 or 「R3.4.1」 is read as its month), column
B the actual 申請 (applications) and column C the actual 交付 (issuances). A first line
that is not a month is a header: its texts choose the columns (「申請」 / 「交付」; columns
saying 計画・予定・想定・累計・率 are ignored), so a wider table can be pasted whole.

Counts accept thousands separators and full-width digits; an empty cell (or 「－」) leaves
the stored figure unchanged. Every rejected cell becomes a :class:`CellProblem` with sheet
「貼り付け」, the cell as Excel would name it inside the pasted block (「B3」 = third line,
second column) and a Japanese reason; the good cells of the block are still returned so
the preview can show both.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, timedelta

from models.calendar import ERAS, Era
from models.errors import CellProblem, ValidationError
from models.issuance.figures import figures_by_month
from models.issuance.labels import month_label
from models.issuance.records import IssuancePlan, MonthFigures
from models.numbers import parse_count
from models.pasted_block import SHEET, column_letter, is_count, read_lines
from models.town import MAX_POPULATION

__all__ = ["SHEET", "PasteResult", "apply_paste", "column_letter", "parse_month", "parse_month_block"]

_EMPTY_MARKS = frozenset({"-", "－", "―", "ー", "‐", "−", "—"})
_ERA_KEYS = {era.name: era for era in ERAS} | {era.letter.lower(): era for era in ERAS}
_ERA_KEYS |= {era.name[0]: era for era in ERAS}
_ERA_PATTERN = "|".join(sorted(_ERA_KEYS, key=len, reverse=True))
_WAREKI_RE = re.compile(
    rf"(?P<era>{_ERA_PATTERN})(?P<y>\d{{1,2}}|元)[年./-](?P<m>\d{{1,2}})月?(?:[./-]?(?P<d>\d{{1,2}})日?)?"
)
_SEIREKI_RE = re.compile(r"(?P<y>\d{4})[年./-](?P<m>\d{1,2})月?(?:[./-]?(?P<d>\d{1,2})日?)?")
_IGNORED_HEADER_WORDS = ("計画", "予定", "想定", "累計", "率")
_MONTH_EXAMPLES = "（例：令和3年4月、R3.4、2021/4、2021年4月）"


@dataclass(frozen=True)
class PasteResult:
    """The pasted months merged onto the plan's figures, and the rejected cells."""

    rows: list[MonthFigures]  # one per pasted month with at least one accepted value
    problems: list[CellProblem]
    header: bool = False  # the first line was read as a header

    @property
    def ok(self) -> bool:
        return not self.problems


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _era_month(era: Era, year_text: str, month: int) -> date:
    era_year = 1 if year_text == "元" else int(year_text)
    if era_year == 0:
        raise ValidationError(f"{era.name}0年はありません。元年は「元」または1と入力してください")
    year = era.offset + era_year
    index = ERAS.index(era)
    following = ERAS[index + 1] if index + 1 < len(ERAS) else None
    if following is not None and year > following.start.year:
        raise ValidationError(f"{era.name}{era_year}年は存在しません")
    if not 1 <= month <= 12:
        raise ValidationError(f"{month}月は存在しません")
    first = date(year, month, 1)
    next_month = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    if next_month <= era.start:
        raise ValidationError(f"{era.name}{'元' if era_year == 1 else era_year}年{month}月は存在しません")
    return first


def parse_month(text: str) -> date:
    """The first day of the month written in ``text``; ``ValidationError`` (Japanese) if not."""
    s = _normalise(text)
    if not s:
        raise ValidationError("月を入力してください")
    match = _WAREKI_RE.fullmatch(s)
    if match:
        month = _era_month(_ERA_KEYS[match["era"]], match["y"], int(match["m"]))
    else:
        match = _SEIREKI_RE.fullmatch(s)
        if not match:
            raise ValidationError(f"月として読み取れません：「{text.strip()}」{_MONTH_EXAMPLES}")
        year, number = int(match["y"]), int(match["m"])
        if not 1 <= number <= 12:
            raise ValidationError(f"{number}月は存在しません")
        if not 1900 <= year <= 2199:
            raise ValidationError(f"{year}年は範囲外です")
        month = date(year, number, 1)
    if match["d"]:
        day = int(match["d"])
        try:
            month.replace(day=day)
        except ValueError:
            raise ValidationError(f"{month.year}年{month.month}月{day}日は存在しない日付です") from None
    return month


def _is_month(text: str) -> bool:
    try:
        parse_month(text)
    except ValidationError:
        return False
    return True


def _is_empty(text: str) -> bool:
    s = _normalise(text)
    return not s or s in _EMPTY_MARKS


def _header_columns(cells: list[str]) -> tuple[int | None, int | None]:
    """(applications column, issuances column) named by a header line."""
    applications = issuances = None
    for index, cell in enumerate(cells[1:], start=1):
        text = _normalise(cell)
        if any(word in text for word in _IGNORED_HEADER_WORDS):
            continue
        if "交付" in text and issuances is None:
            issuances = index
        elif "申請" in text and applications is None:
            applications = index
    return applications, issuances


def parse_month_block(text: str, plan: IssuancePlan) -> PasteResult:
    """Read a block copied from Excel; see the module docstring for the accepted shapes."""
    lines = read_lines(text)
    while lines and all(_is_empty(cell) for cell in lines[-1]):
        lines.pop()
    problems: list[CellProblem] = []
    first = next((i for i, cells in enumerate(lines) if not all(_is_empty(c) for c in cells)), None)
    if first is None:
        return PasteResult(rows=[], problems=[CellProblem(SHEET, "", "貼り付けるデータがありません。")])

    applications_col: int | None = 1
    issuances_col: int | None = 2
    header = False
    head = lines[first]
    if not _is_month(head[0]) and not any(is_count(cell) for cell in head[1:] if not _is_empty(cell)):
        header = True
        named = _header_columns(head)
        if named == (None, None):
            problems.append(
                CellProblem(
                    SHEET,
                    f"A{first + 1}",
                    "見出しに「申請」「交付」の列がありません（A列：月、B列：申請、C列：交付）。",
                )
            )
        applications_col, issuances_col = named
    used = {c for c in (applications_col, issuances_col) if c is not None}

    start, end = plan.period_start, plan.period_end
    existing = figures_by_month(plan)
    seen: dict[date, int] = {}
    rows: list[MonthFigures] = []
    for index in range((first + 1) if header else first, len(lines)):
        cells = lines[index]
        row_number = index + 1
        if all(_is_empty(cell) for cell in cells):
            continue
        try:
            month = parse_month(cells[0])
        except ValidationError as exc:
            problems.append(CellProblem(SHEET, f"A{row_number}", exc.user_message))
            continue
        if start is None or end is None:
            problems.append(
                CellProblem(
                    SHEET, f"A{row_number}", "計画期間が入力されていません。先に計画期間を入力してください。"
                )
            )
            continue
        if not start <= month <= end:
            problems.append(
                CellProblem(
                    SHEET,
                    f"A{row_number}",
                    f"{month_label(month)}は計画期間（{month_label(start)}〜{month_label(end)}）の外です。",
                )
            )
            continue
        if month in seen:
            problems.append(
                CellProblem(SHEET, f"A{row_number}", f"{month_label(month)}は{seen[month]}行目にもあります。")
            )
            continue
        seen[month] = row_number
        values: dict[str, int] = {}
        for name, column in (("actual_applications", applications_col), ("actual_issuances", issuances_col)):
            if column is None or column >= len(cells) or _is_empty(cells[column]):
                continue
            try:
                values[name] = parse_count(cells[column], maximum=MAX_POPULATION)
            except ValidationError as exc:
                problems.append(CellProblem(SHEET, f"{column_letter(column)}{row_number}", exc.user_message))
        if not header:
            for column in range(3, len(cells)):
                if column not in used and not _is_empty(cells[column]):
                    problems.append(
                        CellProblem(
                            SHEET,
                            f"{column_letter(column)}{row_number}",
                            "余分な列です。A列：月、B列：申請、C列：交付の3列を貼り付けてください。",
                        )
                    )
        if values:
            base = existing.get(month) or MonthFigures(month=month)
            rows.append(
                replace(
                    base,
                    actual_applications=values.get("actual_applications", base.actual_applications),
                    actual_issuances=values.get("actual_issuances", base.actual_issuances),
                )
            )
    if not rows and not problems:
        problems.append(CellProblem(SHEET, "", "取り込める数値がありません。"))
    return PasteResult(rows=rows, problems=problems, header=header)


def apply_paste(plan: IssuancePlan, result: PasteResult) -> IssuancePlan:
    """The plan with the pasted months replacing (or adding) its month figures, by month."""
    pasted = {row.month: row for row in result.rows}
    months = [pasted.pop(m.month, m) for m in plan.months]
    months.extend(pasted.values())
    return replace(plan, months=tuple(sorted(months, key=lambda m: m.month)))
