"""Fixtures for the models tests: a database file in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from models.store.database import Store


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    return tmp_path / "town.db"


@pytest.fixture
def store(db_file: Path) -> Iterator[Store]:
    s = Store.open(db_file)
    yield s
    s.close()
