"""The modules of the prefecture workbook: which sheets each one writes and reads back.

Each domain module (交付円滑化計画, オンライン手続; テレワーク and the DX推進計画 in
later steps) registers one ``WorkbookModule``: its sheet layouts, how to load its data from
the store, how to turn the data into rows and rows back into data, and how to save the
data. ``workbook.py`` (export) and ``importer.py`` (import) only walk this registry, so a new
module adds its sheets by adding one entry to ``modules()``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from models.errors import CellProblem

if TYPE_CHECKING:
    from forms.excel.layout import SheetLayout
    from models.store.database import Store

#: One data row as written: column key → value (choice columns hold the stored code,
#: flags a bool, multi-line texts a tuple of str; computed columns their computed value).
Row = dict[str, Any]


@dataclass(frozen=True)
class ParsedRow:
    """One data row as read back: its Excel row number and the converted values."""

    number: int
    values: dict[str, Any]  # only the cells that passed their checks
    complete: bool = True  # False when a cell of the row was rejected (a problem was added)


@dataclass
class Problems:
    """Collects every rejected cell (the importer reports them all at once)."""

    items: list[CellProblem] = field(default_factory=list)

    def add(self, sheet: str, cell: str, reason: str) -> None:
        problem = CellProblem(sheet, cell, reason)
        if problem not in self.items:
            self.items.append(problem)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class ImportContext:
    """What a module's reader knows about the file beyond its own sheets."""

    lg_code: str  # the 表紙's 団体コード
    created: date | None  # the 表紙's 作成日
    today: date


@dataclass(frozen=True)
class WorkbookModule:
    key: str  # e.g. "issuance"
    label: str  # e.g. 「マイナンバーカード交付円滑化計画」
    sheets: tuple[SheetLayout, ...]
    load: Callable[[Store], Any]  # the module's data as stored
    rows: Callable[[Any], dict[str, list[Row]]]  # data → rows for each sheet (by sheet name)
    # rows read from each sheet (a sheet that is missing or has a wrong header row is left
    # out: its problem is already reported) → the module's data; adds a CellProblem for each cross-row
    # problem (duplicates, references). Rows may be incomplete when cells were rejected:
    # check what can be checked and return None when ``problems`` is not empty.
    parse: Callable[[dict[str, list[ParsedRow]], Problems, ImportContext], Any]
    save: Callable[[Store, Any], None]  # writes the data (inside the import's transaction)


def modules() -> tuple[WorkbookModule, ...]:
    """The registered modules, in the order their sheets appear in the workbook."""
    from forms.excel.issuance_sheets import MODULE as ISSUANCE
    from forms.excel.procedures_sheets import MODULE as PROCEDURES

    return (ISSUANCE, PROCEDURES)
