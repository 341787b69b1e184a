"""Persistence: the SQLite file, its migrations, the audit log and the repositories.

Repositories are the only code that knows table and column names.
"""

from models.store.database import LATEST_SCHEMA_VERSION, Store

__all__ = ["LATEST_SCHEMA_VERSION", "Store"]
