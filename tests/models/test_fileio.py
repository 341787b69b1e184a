"""Atomic writes: permissions of a normal file, nothing partial left behind."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from models.errors import StorageError
from models.fileio import write_atomically
from models.store import backups
from models.store.database import Store


@pytest.fixture
def umask_022() -> object:
    old = os.umask(0o022)
    yield None
    os.umask(old)


def test_written_files_get_normal_permissions(tmp_path: Path, umask_022: object) -> None:
    target = tmp_path / "out.csv"
    write_atomically(target, b"data")
    assert target.read_bytes() == b"data"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_restored_database_is_readable_by_colleagues(tmp_path: Path, umask_022: object) -> None:
    db = tmp_path / "town.db"
    store = Store.open(db)
    info = backups.create_backup(store, "manual")
    store.close()
    backups.restore_backup(db, info.path)
    assert stat.S_IMODE(db.stat().st_mode) == 0o644
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o644


def test_disk_full_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(StorageError, match="空き容量が不足"):
        write_atomically(tmp_path / "out.csv", b"data")
    assert list(tmp_path.iterdir()) == []
