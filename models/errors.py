"""Expected errors of the domain, each carrying a Japanese message for the user.

Anything raised that is not an ``AppError`` is a bug and goes to the crash hook.
"""

from __future__ import annotations


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
