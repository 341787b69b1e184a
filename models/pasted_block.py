"""Reading a block of cells pasted from Excel (tab-separated lines), shared by every
paste-import: cell references as Excel shows them and the count test."""

from __future__ import annotations

import csv
import io

from models.errors import ValidationError
from models.numbers import parse_count

SHEET = "貼り付け"  # the "sheet" named in CellProblem for pasted cells


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_lines(text: str) -> list[list[str]]:
    """The pasted text as rows of cells (Excel copies rows as lines and cells as tabs)."""
    reader = csv.reader(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n")), delimiter="\t")
    return [list(row) for row in reader]


def is_count(text: str) -> bool:
    try:
        parse_count(text)
    except ValidationError:
        return False
    return True
