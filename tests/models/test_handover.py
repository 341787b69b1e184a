"""Hand-over packages: round trip, manifest, and every way a package can be wrong."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
import struct
import tempfile
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from models.demo import create_demo
from models.errors import StorageError, ValidationError
from models.store import handover
from models.store.audit import current_user, list_entries
from models.store.backups import list_backups
from models.store.database import APPLICATION_ID, LATEST_SCHEMA_VERSION, Store
from models.store.handover import (
    FORMAT_VERSION,
    MIN_PASSPHRASE_LENGTH,
    PACKAGE_SUFFIX,
    DamagedPackageError,
    Manifest,
    NewerPackageError,
    WrongPassphraseError,
    check_passphrase,
    create_package,
    read_package,
    restore_package,
)
from models.store.town_repository import TownRepository
from models.version import APP_VERSION

PASSPHRASE = "みどり町の引き継ぎ2025"
OTHER = "まったく違うパスフレーズ"


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (to prove nothing was written)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _rechecksum(body: bytes) -> bytes:
    """A package body with a valid trailing SHA-256, as a newer app (or a forger) writes it."""
    return body + hashlib.sha256(body).digest()


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "source" / "town.db")
    create_demo(store)
    TownRepository(store).update({"population": 14000})  # a second audited change
    yield store
    store.close()


@pytest.fixture
def package(demo: Store, tmp_path: Path) -> Path:
    out = tmp_path / f"midori{PACKAGE_SUFFIX}"
    create_package(demo, out, PASSPHRASE)
    return out


# -- round trip -------------------------------------------------------------------------


def test_round_trip_restores_the_same_town_and_audit_log(demo: Store, package: Path, tmp_path: Path) -> None:
    target = tmp_path / "successor" / "data" / "town.db"
    manifest, backup = restore_package(package, PASSPHRASE, target)
    assert backup is None
    restored = Store.open(target, create=False)
    try:
        assert TownRepository(restored).load() == TownRepository(demo).load()
        assert list_entries(restored.conn) == list_entries(demo.conn)
        assert len(list_entries(restored.conn)) >= 2
        assert restored.schema_version == LATEST_SCHEMA_VERSION
        assert restored.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        restored.close()
    assert manifest.town_name == "みどり町"
    leftovers = [p.name for p in target.parent.iterdir() if p.name != "town.db"]
    assert leftovers == []  # no staging file left behind


def test_read_package_returns_the_database_bytes(demo: Store, package: Path, tmp_path: Path) -> None:
    manifest, db_bytes = read_package(package, PASSPHRASE)
    assert db_bytes.startswith(b"SQLite format 3\x00")
    assert len(db_bytes) == manifest.db_size
    assert hashlib.sha256(db_bytes).hexdigest() == manifest.db_sha256
    copy = tmp_path / "copy.db"
    copy.write_bytes(db_bytes)
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("SELECT name FROM town_profile").fetchone()[0] == "みどり町"
    finally:
        conn.close()


def test_the_manifest_describes_the_package(demo: Store, tmp_path: Path) -> None:
    before = datetime.now().astimezone().replace(microsecond=0)
    manifest = create_package(demo, tmp_path / "a.machidx", PASSPHRASE)
    assert manifest.town_name == "みどり町"
    assert manifest.lg_code == "039993"
    assert manifest.created_by == current_user()
    assert before <= manifest.created_at <= datetime.now().astimezone()
    assert manifest.created_at.tzinfo is not None
    assert manifest.app_version == APP_VERSION
    assert manifest.schema_version == LATEST_SCHEMA_VERSION
    assert manifest.format_version == FORMAT_VERSION
    read, db_bytes = read_package(tmp_path / "a.machidx", PASSPHRASE)
    assert read == manifest
    assert manifest.db_size == len(db_bytes)


def test_summary_lines_are_japanese_with_wareki() -> None:
    manifest = Manifest(
        town_name="みどり町",
        lg_code="039993",
        created_by="yamada",
        created_at=datetime(2025, 4, 1, 9, 5, tzinfo=timezone(timedelta(hours=9))),
        app_version="0.1.0",
        schema_version=1,
        format_version=1,
        db_sha256="0" * 64,
        db_size=48 * 1024,
    )
    assert manifest.summary_lines() == [
        "団体：みどり町（039993）",
        "作成者：yamada",
        "作成日時：令和7年4月1日 09:05",
        "アプリの版：0.1.0",
        "データの版：1",
        "サイズ：48.0 KB",
    ]


def test_an_empty_database_can_be_handed_over(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "empty.db")
    try:
        manifest = create_package(store, tmp_path / "empty.machidx", PASSPHRASE)
    finally:
        store.close()
    assert (manifest.town_name, manifest.lg_code) == ("", "")
    assert manifest.summary_lines()[0] == "団体：（未設定）"
    restored, _ = restore_package(tmp_path / "empty.machidx", PASSPHRASE, tmp_path / "restored.db")
    assert restored == manifest


def test_a_memory_store_can_be_handed_over(tmp_path: Path) -> None:
    store = Store.memory()
    create_demo(store)
    manifest = create_package(store, tmp_path / "memory.machidx", PASSPHRASE)
    assert manifest.town_name == "みどり町"
    restore_package(tmp_path / "memory.machidx", PASSPHRASE, tmp_path / "restored.db")


def test_the_package_reveals_nothing_without_the_passphrase(package: Path) -> None:
    data = package.read_bytes()
    assert data.startswith(b"MACHIDX\x00\x01")
    secrets = ["みどり町", "039993", "山田 花子", "SQLite format 3", "town_profile"]
    if len(current_user()) >= 4:  # a shorter name could occur in random bytes by chance
        secrets.append(current_user())
    for secret in secrets:
        assert secret.encode("utf-8") not in data


def test_each_package_has_its_own_salt_and_nonce(demo: Store, tmp_path: Path) -> None:
    create_package(demo, tmp_path / "a.machidx", PASSPHRASE)
    create_package(demo, tmp_path / "b.machidx", PASSPHRASE)
    a, b = (tmp_path / "a.machidx").read_bytes(), (tmp_path / "b.machidx").read_bytes()
    assert a[17:45] != b[17:45]
    assert a[61:] != b[61:]


def test_the_header_records_the_scrypt_parameters(package: Path) -> None:
    n, r, p = struct.unpack(">IHH", package.read_bytes()[9:17])
    assert (n, r, p) == (handover.SCRYPT_N, handover.SCRYPT_R, handover.SCRYPT_P)
    assert n >= 2**15


def test_a_package_made_with_other_scrypt_costs_still_opens(
    demo: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(handover, "SCRYPT_N", 2**12)
    monkeypatch.setattr(handover, "SCRYPT_R", 4)
    create_package(demo, tmp_path / "cheap.machidx", PASSPHRASE)
    monkeypatch.undo()
    manifest, _ = read_package(tmp_path / "cheap.machidx", PASSPHRASE)
    assert manifest.town_name == "みどり町"


def test_the_passphrase_is_compared_after_unicode_normalisation(demo: Store, tmp_path: Path) -> None:
    composed = "ぱすふれーずでござる"
    out = tmp_path / "nfc.machidx"
    create_package(demo, out, unicodedata.normalize("NFC", composed))
    manifest, _ = read_package(out, unicodedata.normalize("NFD", composed))
    assert manifest.town_name == "みどり町"


# -- passphrase rules -------------------------------------------------------------------


@pytest.mark.parametrize("weak", ["", "   ", "\t\n", "1234567", "みじかい"])
def test_weak_passphrases_are_refused(weak: str) -> None:
    with pytest.raises(ValidationError) as info:
        check_passphrase(weak)
    assert info.value.field == "passphrase"
    assert "パスフレーズ" in info.value.user_message


def test_long_enough_passphrases_are_accepted() -> None:
    check_passphrase("x" * MIN_PASSPHRASE_LENGTH)
    check_passphrase("町役場の引き継ぎ用")  # 8 characters, not bytes


def test_create_refuses_a_weak_passphrase_and_writes_nothing(demo: Store, tmp_path: Path) -> None:
    out = tmp_path / "weak.machidx"
    with pytest.raises(ValidationError) as info:
        create_package(demo, out, "short")
    assert f"{MIN_PASSPHRASE_LENGTH}文字以上" in info.value.user_message
    assert not out.exists()


# -- wrong passphrase -------------------------------------------------------------------


def test_a_wrong_passphrase_is_refused(package: Path) -> None:
    with pytest.raises(WrongPassphraseError) as info:
        read_package(package, OTHER)
    assert info.value.user_message == "パスワードが違います。"


def test_a_wrong_passphrase_creates_nothing(package: Path, tmp_path: Path) -> None:
    target = tmp_path / "new-folder" / "town.db"
    with pytest.raises(WrongPassphraseError):
        restore_package(package, OTHER, target)
    assert not target.parent.exists()


def test_a_wrong_passphrase_leaves_the_existing_database_alone(package: Path, tmp_path: Path) -> None:
    folder = tmp_path / "current"
    store = Store.open(folder / "town.db")
    TownRepository(store).update({"name": "あおば村", "lg_code": "012025"}, enforce_rules=False)
    store.close()
    before = _files(folder)
    with pytest.raises(WrongPassphraseError):
        restore_package(package, OTHER, folder / "town.db")
    assert _files(folder) == before


# -- damaged packages -------------------------------------------------------------------


def _positions(size: int) -> dict[str, int]:
    header = handover.HEADER_SIZE
    return {
        "magic": 0,
        "version": 8,
        "scrypt n": 10,
        "salt": 20,
        "nonce": 40,
        "verifier": 50,
        "ciphertext start": header,
        "ciphertext middle": (header + size - 32) // 2,
        "gcm tag": size - 32 - 8,
        "checksum": size - 1,
    }


@pytest.mark.parametrize("where", list(_positions(1000)))
@pytest.mark.parametrize("passphrase", [PASSPHRASE, OTHER])
def test_one_flipped_byte_anywhere_is_damage(package: Path, where: str, passphrase: str) -> None:
    data = bytearray(package.read_bytes())
    data[_positions(len(data))[where]] ^= 0x01
    package.write_bytes(bytes(data))
    with pytest.raises(DamagedPackageError) as info:
        read_package(package, passphrase)
    assert "壊れ" in info.value.user_message


def test_damage_never_reaches_the_target(package: Path, tmp_path: Path) -> None:
    data = bytearray(package.read_bytes())
    data[len(data) // 2] ^= 0xFF
    package.write_bytes(bytes(data))
    target = tmp_path / "fresh" / "town.db"
    with pytest.raises(DamagedPackageError):
        restore_package(package, PASSPHRASE, target)
    assert not target.parent.exists()


def test_a_re_checksummed_forgery_fails_the_gcm_tag(package: Path) -> None:
    body = bytearray(package.read_bytes()[:-32])
    body[handover.HEADER_SIZE + 3] ^= 0x10
    package.write_bytes(_rechecksum(bytes(body)))
    with pytest.raises(DamagedPackageError) as info:
        read_package(package, PASSPHRASE)
    assert info.value.user_message == "引き継ぎファイルが壊れているか、改ざんされています。"


@pytest.mark.parametrize("keep", [0, 5, 8, 9, 40, 61, 100, -1, -33])
def test_a_truncated_package_is_damage(package: Path, keep: int) -> None:
    data = package.read_bytes()
    package.write_bytes(data[:keep])
    with pytest.raises(DamagedPackageError):
        read_package(package, PASSPHRASE)


def test_a_half_package_is_damage(package: Path) -> None:
    data = package.read_bytes()
    package.write_bytes(data[: len(data) // 2])
    with pytest.raises(DamagedPackageError):
        read_package(package, PASSPHRASE)


def test_a_file_that_is_not_a_package(tmp_path: Path) -> None:
    other = tmp_path / "report.machidx"
    other.write_text("会議資料\n" * 100, encoding="utf-8")
    with pytest.raises(DamagedPackageError) as info:
        read_package(other, PASSPHRASE)
    assert "引き継ぎファイルではない" in info.value.user_message


def test_a_sqlite_database_is_not_a_package(demo: Store) -> None:
    assert demo.path is not None
    with pytest.raises(DamagedPackageError):
        read_package(demo.path, PASSPHRASE)


def test_a_missing_package(tmp_path: Path) -> None:
    with pytest.raises(StorageError) as info:
        read_package(tmp_path / "nothing.machidx", PASSPHRASE)
    assert "見つかりません" in info.value.user_message


def test_a_folder_is_not_a_package(tmp_path: Path) -> None:
    with pytest.raises(StorageError) as info:
        read_package(tmp_path, PASSPHRASE)
    assert "フォルダ" in info.value.user_message


def test_absurd_scrypt_costs_are_refused_before_deriving(package: Path) -> None:
    body = bytearray(package.read_bytes()[:-32])
    body[9:13] = struct.pack(">I", 2**31)  # 128 * 2**31 * 8 bytes of memory
    package.write_bytes(_rechecksum(bytes(body)))
    with pytest.raises(DamagedPackageError):
        read_package(package, PASSPHRASE)


# -- newer packages ---------------------------------------------------------------------


def test_a_newer_format_version_asks_for_an_update(package: Path) -> None:
    body = bytearray(package.read_bytes()[:-32])
    body[8] = FORMAT_VERSION + 1
    package.write_bytes(_rechecksum(bytes(body)))
    with pytest.raises(NewerPackageError) as info:
        read_package(package, PASSPHRASE)
    assert "新しい版" in info.value.user_message
    assert "アプリを更新" in info.value.user_message


def test_a_newer_format_with_a_shorter_header_asks_for_an_update(tmp_path: Path) -> None:
    future = tmp_path / "future.machidx"
    future.write_bytes(_rechecksum(handover.MAGIC + bytes([FORMAT_VERSION + 1]) + b"\x00" * 20))
    with pytest.raises(NewerPackageError):
        read_package(future, PASSPHRASE)


def test_a_newer_schema_asks_for_an_update_and_writes_nothing(demo: Store, tmp_path: Path) -> None:
    demo.conn.execute(f"PRAGMA user_version = {LATEST_SCHEMA_VERSION + 1}")
    out = tmp_path / "newer.machidx"
    manifest = create_package(demo, out, PASSPHRASE)
    assert manifest.schema_version == LATEST_SCHEMA_VERSION + 1
    with pytest.raises(NewerPackageError) as info:
        read_package(out, PASSPHRASE)
    assert "新しい版" in info.value.user_message
    target = tmp_path / "never" / "town.db"
    with pytest.raises(NewerPackageError):
        restore_package(out, PASSPHRASE, target)
    assert not target.parent.exists()


# -- crafted contents (valid encryption, wrong inside) -----------------------------------


def _manifest_for(db_bytes: bytes, **changes: object) -> Manifest:
    values: dict[str, object] = {
        "town_name": "みどり町",
        "lg_code": "039993",
        "created_by": "tester",
        "created_at": datetime(2025, 4, 1, 9, 0, tzinfo=UTC),
        "app_version": APP_VERSION,
        "schema_version": LATEST_SCHEMA_VERSION,
        "format_version": FORMAT_VERSION,
        "db_sha256": hashlib.sha256(db_bytes).hexdigest(),
        "db_size": len(db_bytes),
    }
    values.update(changes)
    return Manifest(**values)  # type: ignore[arg-type]


def _demo_bytes(demo: Store) -> bytes:
    return handover._snapshot(demo)


@pytest.mark.parametrize(
    "changes",
    [{"db_sha256": "0" * 64}, {"db_size": 10}, {"db_size": 10**9}, {"format_version": 2}],
)
def test_a_manifest_that_does_not_match_the_data_is_damage(
    demo: Store, tmp_path: Path, changes: dict[str, object]
) -> None:
    db_bytes = _demo_bytes(demo)
    forged = tmp_path / "forged.machidx"
    forged.write_bytes(handover._seal(_manifest_for(db_bytes, **changes), db_bytes, PASSPHRASE))
    with pytest.raises(DamagedPackageError):
        read_package(forged, PASSPHRASE)


def test_a_broken_manifest_is_damage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db_bytes = b"x" * 200
    manifest = _manifest_for(db_bytes)
    monkeypatch.setattr(Manifest, "to_json", lambda self: json.dumps({"town_name": 1}).encode())
    forged = tmp_path / "forged.machidx"
    forged.write_bytes(handover._seal(manifest, db_bytes, PASSPHRASE))
    monkeypatch.undo()
    with pytest.raises(DamagedPackageError):
        read_package(forged, PASSPHRASE)


def test_data_that_is_not_our_database_is_never_unpacked(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    db_bytes = other.read_bytes()
    forged = tmp_path / "forged.machidx"
    forged.write_bytes(handover._seal(_manifest_for(db_bytes), db_bytes, PASSPHRASE))
    read_package(forged, PASSPHRASE)  # the package itself is intact …
    target = tmp_path / "target" / "town.db"
    with pytest.raises(DamagedPackageError):  # … but its content is not a まちDX台帳 database
        restore_package(forged, PASSPHRASE, target)
    assert list(target.parent.iterdir()) == []


# -- restoring over an existing database ------------------------------------------------


def _town_at(path: Path) -> str:
    store = Store.open(path, create=False, migrate=False)
    try:
        return TownRepository(store).identity()[0]
    finally:
        store.close()


def test_restoring_over_a_database_backs_it_up_first(package: Path, tmp_path: Path) -> None:
    target = tmp_path / "current" / "town.db"
    store = Store.open(target)
    TownRepository(store).update({"name": "あおば村", "lg_code": "012025"}, enforce_rules=False)
    store.close()

    manifest, backup = restore_package(package, PASSPHRASE, target)

    assert manifest.town_name == "みどり町"
    assert _town_at(target) == "みどり町"
    assert backup is not None and backup.is_file()
    assert _town_at(backup) == "あおば村"
    [info] = list_backups(target)
    assert info.path == backup
    assert info.reason == "handover"


def test_a_stale_wal_of_the_old_database_is_not_replayed(package: Path, tmp_path: Path) -> None:
    target = tmp_path / "current" / "town.db"
    store = Store.open(target)
    store.conn.execute("PRAGMA wal_autocheckpoint = 0")
    TownRepository(store).update({"name": "あおば村", "lg_code": "012025"}, enforce_rules=False)
    wal = target.with_name("town.db-wal")
    kept_db, kept_wal = target.read_bytes(), wal.read_bytes()  # the edit is only in the -wal
    store.close()
    assert "あおば村".encode() not in kept_db
    target.write_bytes(kept_db)  # as a crash would have left them
    wal.write_bytes(kept_wal)

    _, backup = restore_package(package, PASSPHRASE, target)

    assert backup is not None
    assert _town_at(backup) == "あおば村"  # the edits in the old -wal are in the backup
    assert not wal.exists() or wal.stat().st_size == 0
    restored = Store.open(target, create=False)
    try:
        assert restored.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert TownRepository(restored).identity() == ("みどり町", "039993")
    finally:
        restored.close()


def test_another_apps_file_is_not_overwritten(package: Path, tmp_path: Path) -> None:
    target = tmp_path / "current" / "report.db"
    target.parent.mkdir()
    target.write_text("大切な報告書\n" * 50, encoding="utf-8")
    before = _files(target.parent)
    with pytest.raises(StorageError) as info:
        restore_package(package, PASSPHRASE, target)
    assert "上書きしませんでした" in info.value.user_message
    assert _files(target.parent) == before


def test_a_folder_is_not_a_target(package: Path, tmp_path: Path) -> None:
    with pytest.raises(StorageError) as info:
        restore_package(package, PASSPHRASE, tmp_path)
    assert "フォルダ" in info.value.user_message


def test_a_failed_replace_keeps_the_old_database(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "current" / "town.db"
    Store.open(target).close()
    before = target.read_bytes()

    real_replace = os.replace

    def refuse_the_target(src: str, dst: str) -> None:
        if Path(dst) == target:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", refuse_the_target)
    with pytest.raises(StorageError) as info:
        restore_package(package, PASSPHRASE, target)
    monkeypatch.undo()
    assert "空き容量" in info.value.user_message
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["backups", "town.db"]  # no staging file
    assert len(list_backups(target)) == 1


# -- writing the package ----------------------------------------------------------------


def test_the_package_folder_is_created(demo: Store, tmp_path: Path) -> None:
    out = tmp_path / "usb" / "handover" / "town.machidx"
    create_package(demo, out, PASSPHRASE)
    assert out.is_file()


def test_an_older_package_is_replaced(demo: Store, package: Path) -> None:
    old = package.read_bytes()
    create_package(demo, package, PASSPHRASE)
    assert package.read_bytes() != old
    read_package(package, PASSPHRASE)


def test_a_file_that_is_not_a_package_is_never_overwritten(demo: Store, tmp_path: Path) -> None:
    report = tmp_path / "report.docx"
    report.write_bytes(b"PK\x03\x04 important")
    with pytest.raises(StorageError) as info:
        create_package(demo, report, PASSPHRASE)
    assert "上書きはしません" in info.value.user_message
    assert report.read_bytes() == b"PK\x03\x04 important"


def test_the_database_itself_is_not_a_package_target(demo: Store) -> None:
    assert demo.path is not None
    before = demo.path.read_bytes()
    with pytest.raises(StorageError):
        create_package(demo, demo.path, PASSPHRASE)
    assert demo.path.read_bytes() == before


def _fail_with(code: int) -> object:
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("where", "code", "words"),
    [
        ("fsync", errno.ENOSPC, "空き容量"),
        ("replace", errno.ENOSPC, "空き容量"),
        ("replace", errno.EROFS, "読み取り専用"),
    ],
)
def test_a_failed_write_leaves_no_partial_file(
    demo: Store,
    package: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    code: int,
    words: str,
) -> None:
    old = package.read_bytes()
    before = sorted(p.name for p in package.parent.iterdir())
    fresh = package.with_name("fresh.machidx")
    monkeypatch.setattr(os, where, _fail_with(code))
    for out in (fresh, package):
        with pytest.raises(StorageError) as info:
            create_package(demo, out, PASSPHRASE)
        assert words in info.value.user_message
    monkeypatch.undo()
    assert sorted(p.name for p in package.parent.iterdir()) == before  # no temp, no fresh file
    assert package.read_bytes() == old  # the previous package is intact


def test_a_read_only_folder_gives_a_clear_message(
    demo: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "readonly"
    folder.mkdir()
    folder.chmod(0o555)
    if os.access(folder, os.W_OK):  # root ignores the bits: answer as the OS would for a user
        monkeypatch.setattr(tempfile, "mkstemp", _fail_with(errno.EACCES))
    try:
        with pytest.raises(StorageError) as info:
            create_package(demo, folder / "town.machidx", PASSPHRASE)
    finally:
        folder.chmod(0o755)
    assert "保存先に書き込めませんでした" in info.value.user_message
    assert list(folder.iterdir()) == []


def test_a_snapshot_is_consistent_while_another_connection_writes(demo: Store, tmp_path: Path) -> None:
    assert demo.path is not None
    other = sqlite3.connect(demo.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE town_profile SET name = '書きかけ' WHERE id = 1")
        manifest = create_package(demo, tmp_path / "during.machidx", PASSPHRASE)  # uncommitted: not in
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert manifest.town_name == "みどり町"


def test_no_plaintext_copy_is_written_anywhere(
    demo: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    create_package(demo, tmp_path / "out" / "a.machidx", PASSPHRASE)
    assert list(scratch.iterdir()) == []
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a.machidx"]


def test_importing_the_module_loads_no_cryptography() -> None:
    import subprocess
    import sys

    code = (
        "import sys, models.store.handover, models.store.secrets, models.usecases.handover;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('cryptography', 'keyring')))"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
