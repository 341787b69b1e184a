"""Expected errors of the domain, each carrying a Japanese message for the user.

Anything raised that is not an ``AppError`` is a bug and goes to the crash hook.
"""

from __future__ import annotations

from dataclasses import dataclass


class AppError(Exception):
    """An expected failure the user can understand and act on."""

    def __init__(self, user_message: str, *, detail: str = "") -> None:
        super().__init__(user_message if not detail else f"{user_message} ({detail})")
        self.user_message = user_message
        self.detail = detail


class ValidationError(AppError):
    """Input that breaks a rule; ``field`` names the offending field when there is one."""

    def __init__(self, user_message: str, *, field: str = "", detail: str = "") -> None:
        super().__init__(user_message, detail=detail)
        self.field = field


class StorageError(AppError):
    """The database file cannot be opened, read or written."""


class NewerSchemaError(StorageError):
    """The database was written by a newer version of the app."""


class DamagedDatabaseError(StorageError):
    """The file exists but cannot be used as it is: damaged, truncated, empty (0 bytes) or
    not a まちDX台帳 database. The GUI offers the newest good backup for exactly this case."""


@dataclass(frozen=True)
class CellProblem:
    """One rejected cell of an imported workbook: where and why (Japanese)."""

    sheet: str
    cell: str  # e.g. "C7"; "" when the problem is the whole sheet
    reason: str

    def text(self) -> str:
        where = f"{self.sheet}!{self.cell}" if self.cell else self.sheet
        return f"{where}：{self.reason}"


class WorkbookImportError(AppError):
    """A workbook was rejected; ``problems`` lists every rejected cell (nothing was imported)."""

    def __init__(self, user_message: str, problems: list[CellProblem], *, detail: str = "") -> None:
        super().__init__(user_message, detail=detail)
        self.problems = problems


class ExportError(AppError):
    """A form or workbook could not be written (e.g. the file is open in Excel)."""
