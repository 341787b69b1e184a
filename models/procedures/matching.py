"""A 年度's usage figures pasted from Excel: names matched to the catalogue, counts checked.

The block has one procedure per line, tab-separated: column A 手続名, column B 手続総件数,
column C うちオンライン件数. A first line whose B and C are not counts is a header: its
texts choose the columns (「総件数」/「件数」 → total, 「オンライン」 → online; columns saying
割合・率 are ignored), so the published table (name / total / online / %) can be pasted
whole. Without a header a fourth column is accepted only when it holds a rate (it is
recomputed, never read).

Names are matched *exactly* after ``models.text.normalise_for_matching`` (Kangxi radicals,
half-width katakana, full-width letters and digits, 「（）」/「()」, spaces, dashes) against
every entry of the catalogue — national and the town's own — and against the other spellings
the source documents use (``catalogue.KNOWN_ALIASES``, e.g. P31-19's 「居宅…」). A line whose
name matches nothing becomes an ``UnmatchedRow`` for the user to map or add; a 「合計」 line
is skipped.

Counts accept thousands separators and full-width digits; an empty cell or 「－」 means no
figure (``None``). A rejected cell — not a count, the same procedure twice, うちオンライン件数
above 手続総件数 — becomes a :class:`CellProblem` of sheet 「貼り付け」 with the cell as Excel
names it inside the pasted block (「C3」 = third line, third column); that line is not taken.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from models.errors import CellProblem, ValidationError
from models.numbers import parse_count
from models.pasted_block import SHEET, column_letter, is_count, read_lines
from models.procedures.alerts import MAX_COUNT
from models.procedures.catalogue import KNOWN_ALIASES
from models.procedures.records import CatalogueEntry, UsageFigures
from models.text import normalise_for_matching

__all__ = [
    "SHEET",
    "UnmatchedRow",
    "UsagePaste",
    "column_letter",
    "match_index",
    "match_name",
    "parse_usage_block",
]

_EMPTY_MARKS = frozenset({"-", "－", "―", "ー", "‐", "−", "—", "~", "〜"})
_TOTAL_NAMES = frozenset({"合計", "計", "総計", "合計件数"})
_IGNORED_HEADER_WORDS = ("割合", "率", "%", "％")
_RATE_RE = re.compile(r"\d+(\.\d+)?%?")
_LAYOUT = "A列：手続名、B列：手続総件数、C列：オンライン件数"


@dataclass(frozen=True)
class UnmatchedRow:
    """A pasted line whose name matches no procedure (counts as read, ``None`` if rejected)."""

    line_no: int  # 1-based line of the pasted block
    name: str  # as pasted (stripped)
    total: int | None
    online: int | None


@dataclass(frozen=True)
class UsagePaste:
    """The matched figures of one 年度, the lines to map, and the rejected cells."""

    rows: list[UsageFigures]
    unmatched: list[UnmatchedRow]
    problems: list[CellProblem]
    fiscal_year: int = 0  # the 年度 the figures were pasted for
    header: bool = False  # the first line was read as a header

    @property
    def ok(self) -> bool:
        return not self.problems


def match_index(catalogue: Iterable[CatalogueEntry]) -> dict[str, CatalogueEntry]:
    """Matching key → entry for every name and known alias. When two entries share a key, an
    entry in use wins over a retired one, and the first in catalogue order over later ones."""
    index: dict[str, CatalogueEntry] = {}
    entries = list(catalogue)
    for entry in sorted(entries, key=lambda e: e.retired):  # stable: catalogue order kept
        for name in (entry.name, *KNOWN_ALIASES.get(entry.code, ())):
            index.setdefault(normalise_for_matching(name), entry)
    return index


def match_name(name: str, catalogue: Iterable[CatalogueEntry]) -> CatalogueEntry | None:
    """The entry whose name (or known alias) is ``name`` after normalisation, if any."""
    return match_index(catalogue).get(normalise_for_matching(name))


def _is_empty(text: str) -> bool:
    s = normalise_for_matching(text)
    return not s or s in _EMPTY_MARKS


def _header_columns(cells: list[str]) -> tuple[int | None, int | None]:
    """(total column, online column) named by a header line."""
    total = online = None
    for index, cell in enumerate(cells[1:], start=1):
        text = normalise_for_matching(cell)
        if any(word in text for word in _IGNORED_HEADER_WORDS):
            continue
        if "オンライン" in text:
            if online is None:
                online = index
        elif "件数" in text and total is None:
            total = index
    return total, online


def _looks_like_header(cells: list[str]) -> bool:
    counts = [cell for cell in cells[1:3] if not _is_empty(cell)]
    return not any(is_count(cell) for cell in counts) and any(not _is_empty(c) for c in cells[1:])


def parse_usage_block(text: str, catalogue: Iterable[CatalogueEntry], fiscal_year: int) -> UsagePaste:
    """Read a block copied from Excel for ``fiscal_year``; see the module docstring."""
    index = match_index(catalogue)
    lines = read_lines(text)
    while lines and all(_is_empty(cell) for cell in lines[-1]):
        lines.pop()
    first = next((i for i, cells in enumerate(lines) if not all(_is_empty(c) for c in cells)), None)
    if first is None:
        return UsagePaste([], [], [CellProblem(SHEET, "", "貼り付けるデータがありません。")], fiscal_year)

    problems: list[CellProblem] = []
    total_col: int | None = 1
    online_col: int | None = 2
    header = _looks_like_header(lines[first])
    if header:
        total_col, online_col = _header_columns(lines[first])
        if total_col is None and online_col is None:
            problems.append(
                CellProblem(
                    SHEET, f"A{first + 1}", f"見出しに「件数」「オンライン」の列がありません（{_LAYOUT}）。"
                )
            )
    used = {0} | {c for c in (total_col, online_col) if c is not None}

    seen: dict[str, int] = {}
    rows: list[UsageFigures] = []
    unmatched: list[UnmatchedRow] = []
    for line_index in range((first + 1) if header else first, len(lines)):
        cells = lines[line_index]
        line_no = line_index + 1
        if all(_is_empty(cell) for cell in cells):
            continue
        name = cells[0].strip()
        key = normalise_for_matching(name)
        if key in _TOTAL_NAMES:
            continue
        ok = True
        values: dict[str, int | None] = {"total": None, "online": None}
        for field, column in (("total", total_col), ("online", online_col)):
            if column is None or column >= len(cells) or _is_empty(cells[column]):
                continue
            try:
                values[field] = parse_count(cells[column], maximum=MAX_COUNT)
            except ValidationError as exc:
                problems.append(CellProblem(SHEET, f"{column_letter(column)}{line_no}", exc.user_message))
                ok = False
        if not header:
            for column in range(3, len(cells)):
                cell = normalise_for_matching(cells[column])
                if column not in used and not _is_empty(cells[column]) and not _RATE_RE.fullmatch(cell):
                    problems.append(
                        CellProblem(
                            SHEET,
                            f"{column_letter(column)}{line_no}",
                            f"余分な列です。{_LAYOUT}の3列を貼り付けてください。",
                        )
                    )
                    ok = False
        total, online = values["total"], values["online"]
        if total is not None and online is not None and online > total and online_col is not None:
            problems.append(
                CellProblem(
                    SHEET,
                    f"{column_letter(online_col)}{line_no}",
                    f"オンライン件数（{online:,}件）が手続総件数（{total:,}件）を超えています。",
                )
            )
            ok = False
        if not name:
            problems.append(CellProblem(SHEET, f"A{line_no}", "手続名がありません。"))
            continue
        entry = index.get(key)
        if entry is None:
            unmatched.append(UnmatchedRow(line_no, name, total if ok else None, online if ok else None))
            continue
        if entry.code in seen:
            problems.append(
                CellProblem(SHEET, f"A{line_no}", f"「{entry.name}」は{seen[entry.code]}行目にもあります。")
            )
            continue
        seen[entry.code] = line_no
        if ok:
            rows.append(UsageFigures(entry.code, fiscal_year, total, online))
    if not rows and not unmatched and not problems:
        problems.append(CellProblem(SHEET, "", "取り込める行がありません。"))
    return UsagePaste(rows, unmatched, problems, fiscal_year, header)
