"""Databases on a network share use the rollback journal, local ones WAL."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.store import database, filesystem
from models.store.database import Store
from tests.support import pragma


def test_local_files_use_wal(tmp_path: Path) -> None:
    Store.open(tmp_path / "town.db").close()
    assert pragma(tmp_path / "town.db", "journal_mode") == "wal"


def test_files_on_a_share_use_the_rollback_journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "is_network_path", lambda path: True)
    store = Store.open(tmp_path / "town.db")
    try:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    finally:
        store.close()
    assert not (tmp_path / "town.db-wal").exists()


@pytest.mark.parametrize("text", ["\\\\fileserver\\dx\\machidx.db", "//fileserver/dx/machidx.db"])
def test_unc_paths_are_network_paths(text: str) -> None:
    assert filesystem.is_network_path(Path(text))


def test_mount_table_decides_on_linux(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(filesystem, "_linux_fs_type", lambda path: "cifs")
    monkeypatch.setattr(filesystem.sys, "platform", "linux")
    assert filesystem.is_network_path(tmp_path / "town.db")
    monkeypatch.setattr(filesystem, "_linux_fs_type", lambda path: "ext4")
    assert not filesystem.is_network_path(tmp_path / "town.db")


def test_the_real_mount_table_is_read() -> None:
    assert filesystem._linux_fs_type(Path("/proc/self/status")) == "proc"
