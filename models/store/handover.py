"""Hand-over packages (引き継ぎファイル): the whole database in one encrypted file.

A package carries the database and a manifest (town, 団体コード, who made it and when, app
and schema version, checksum of the database) to a successor or to a backup drive. It is
encrypted with AES-256-GCM under a key derived from a passphrase by scrypt (the
``cryptography`` library does all the cryptography).

File format (version 1; all integers big-endian)::

    offset size  field
    0      8     magic b"MACHIDX\\x00"
    8      1     format version (1)
    9      4     scrypt n (a power of two; 2**15 when written by this version)
    13     2     scrypt r (8)
    15     2     scrypt p (1)
    17     16    salt (random per package)
    33     12    AES-GCM nonce (random per package)
    45     16    passphrase verifier: HMAC-SHA256(verifier key, b"machidx-passphrase-check")[:16]
    61     ...   AES-256-GCM ciphertext + 16-byte tag, with bytes 0-60 as associated data
    end-32 32    SHA-256 of every byte before it

scrypt(NFC-normalised passphrase as UTF-8, salt, n, r, p) gives 64 bytes: the AES key
(first 32) and the verifier key (last 32). The plaintext is a 4-byte manifest length, the
manifest as UTF-8 JSON, then the zlib-compressed database bytes.

The frame (magic, version byte, trailing SHA-256) is fixed for every future format version,
so a reader checks in this order and each fault gets its own message:
bad magic → not a package; trailing checksum → damaged (a flipped or missing byte anywhere,
whatever the passphrase); newer version byte → update the app; verifier → wrong passphrase;
GCM tag → damaged (tampered with and re-checksummed); manifest schema newer than this app →
update the app; database size and SHA-256 → damaged.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
import struct
import unicodedata
import zlib
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from models.calendar import to_wareki
from models.errors import AppError, StorageError, ValidationError
from models.fileio import fsync_folder, storage_error_for_os, temp_file, write_atomically
from models.store.audit import current_user
from models.store.database import LATEST_SCHEMA_VERSION, Store
from models.store.town_repository import TownRepository
from models.version import APP_VERSION

__all__ = [
    "FORMAT_VERSION",
    "MIN_PASSPHRASE_LENGTH",
    "PACKAGE_SUFFIX",
    "DamagedPackageError",
    "Manifest",
    "NewerPackageError",
    "WrongPassphraseError",
    "check_passphrase",
    "create_package",
    "read_package",
    "restore_package",
]

PACKAGE_SUFFIX = ".machidx"
FORMAT_VERSION = 1
MIN_PASSPHRASE_LENGTH = 8

MAGIC = b"MACHIDX\x00"
_HEADER = struct.Struct(">8sBIHH16s12s16s")
HEADER_SIZE = _HEADER.size  # 61
_CHECKSUM_SIZE = 32
_TAG_SIZE = 16
_MANIFEST_LENGTH = struct.Struct(">I")
_VERIFIER_MESSAGE = b"machidx-passphrase-check"

# scrypt cost written into new packages (the reader takes the values from the header).
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
# Bounds accepted on reading, so a crafted header cannot make the app allocate gigabytes.
_MAX_SCRYPT_MEMORY = 2**30  # bytes: 128 * n * r
_MAX_SCRYPT_P = 16


class WrongPassphraseError(AppError):
    """The passphrase does not open the package."""

    def __init__(self, user_message: str = "パスワードが違います。", *, detail: str = "") -> None:
        super().__init__(user_message, detail=detail)


class DamagedPackageError(AppError):
    """The file is not a package, or its bytes were changed or cut off."""

    def __init__(
        self, user_message: str = "引き継ぎファイルが壊れているか、改ざんされています。", *, detail: str = ""
    ) -> None:
        super().__init__(user_message, detail=detail)


class NewerPackageError(AppError):
    """The package was written by a newer version of the app."""

    def __init__(
        self,
        user_message: str = "新しい版のまちDX台帳で作成された引き継ぎファイルです。"
        "アプリを更新してから開いてください。",
        *,
        detail: str = "",
    ) -> None:
        super().__init__(user_message, detail=detail)


@dataclass(frozen=True)
class Manifest:
    """What a package holds, shown to the user before it is unpacked."""

    town_name: str
    lg_code: str
    created_by: str
    created_at: datetime
    app_version: str
    schema_version: int
    format_version: int
    db_sha256: str
    db_size: int

    def summary_lines(self) -> list[str]:
        """Japanese lines for the confirmation dialog and the command line."""
        town = f"{self.town_name}（{self.lg_code}）" if self.lg_code else (self.town_name or "（未設定）")
        return [
            f"団体：{town}",
            f"作成者：{self.created_by}",
            f"作成日時：{to_wareki(self.created_at)} {self.created_at:%H:%M}",
            f"アプリの版：{self.app_version}",
            f"データの版：{self.schema_version}",
            f"サイズ：{_size_text(self.db_size)}",
        ]

    def to_json(self) -> bytes:
        data = {
            "town_name": self.town_name,
            "lg_code": self.lg_code,
            "created_by": self.created_by,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "app_version": self.app_version,
            "schema_version": self.schema_version,
            "format_version": self.format_version,
            "db_sha256": self.db_sha256,
            "db_size": self.db_size,
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        """Raises ``DamagedPackageError`` for anything that is not a complete manifest."""
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise TypeError("manifest is not an object")
            text = {name: _typed(data, name, str) for name in _TEXT_FIELDS}
            numbers = {name: _typed(data, name, int) for name in _INT_FIELDS}
            created_at = datetime.fromisoformat(text.pop("created_at"))
        except (UnicodeDecodeError, ValueError, TypeError, KeyError) as exc:
            raise DamagedPackageError(detail=f"manifest: {exc}") from exc
        return cls(created_at=created_at, **text, **numbers)


_TEXT_FIELDS = ("town_name", "lg_code", "created_by", "created_at", "app_version", "db_sha256")
_INT_FIELDS = ("schema_version", "format_version", "db_size")


def _typed(data: dict[str, Any], name: str, kind: type[Any]) -> Any:
    value = data[name]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TypeError(f"{name} is not {kind.__name__}")
    return value


def _size_text(size: int) -> str:
    if size < 1024:
        return f"{size:,} バイト"
    if size < 1024 * 1024:
        return f"{size / 1024:,.1f} KB"
    return f"{size / (1024 * 1024):,.1f} MB"


# -- passphrase -------------------------------------------------------------------------


def check_passphrase(passphrase: str) -> None:
    """Raise ``ValidationError`` when a new passphrase is blank or too short."""
    if not passphrase.strip():
        raise ValidationError("パスフレーズを入力してください。", field="passphrase")
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise ValidationError(
            f"パスフレーズは{MIN_PASSPHRASE_LENGTH}文字以上にしてください。", field="passphrase"
        )


def _derive_keys(passphrase: str, salt: bytes, n: int, r: int, p: int) -> tuple[bytes, bytes]:
    """(AES key, verifier key) from the passphrase; the same text typed on any OS gives the
    same key (Unicode NFC)."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    derived = Scrypt(salt=salt, length=64, n=n, r=r, p=p).derive(secret)
    return derived[:32], derived[32:]


def _verifier(verifier_key: bytes) -> bytes:
    return hmac.new(verifier_key, _VERIFIER_MESSAGE, hashlib.sha256).digest()[:16]


# -- writing ----------------------------------------------------------------------------


def create_package(store: Store, out: Path, passphrase: str) -> Manifest:
    """Write the whole database of ``store`` to the encrypted package ``out``.

    ``out`` is written atomically (temporary file in the same folder, fsync, rename): after
    a failure (disk full, read-only folder) no partial file is left and an existing ``out``
    is unchanged. Raises ``ValidationError`` for a weak passphrase and ``StorageError`` when
    the file cannot be written.
    """
    check_passphrase(passphrase)
    out = Path(out).expanduser().absolute()
    _check_out_path(out, store.path)
    db_bytes = _snapshot(store)
    town_name, lg_code = _identity(store)
    manifest = Manifest(
        town_name=town_name,
        lg_code=lg_code,
        created_by=current_user(),
        created_at=datetime.now().astimezone().replace(microsecond=0),
        app_version=APP_VERSION,
        schema_version=_schema_version(db_bytes),
        format_version=FORMAT_VERSION,
        db_sha256=hashlib.sha256(db_bytes).hexdigest(),
        db_size=len(db_bytes),
    )
    write_atomically(out, _seal(manifest, db_bytes, passphrase))
    return manifest


def _seal(manifest: Manifest, db_bytes: bytes, passphrase: str) -> bytes:
    """The complete package bytes."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(16), os.urandom(12)
    aes_key, verifier_key = _derive_keys(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    header = _HEADER.pack(
        MAGIC, FORMAT_VERSION, SCRYPT_N, SCRYPT_R, SCRYPT_P, salt, nonce, _verifier(verifier_key)
    )
    manifest_json = manifest.to_json()
    plaintext = _MANIFEST_LENGTH.pack(len(manifest_json)) + manifest_json + zlib.compress(db_bytes, 6)
    body = header + AESGCM(aes_key).encrypt(nonce, plaintext, header)
    return body + hashlib.sha256(body).digest()


def _check_out_path(out: Path, db_path: Path | None) -> None:
    if out.is_dir():
        raise StorageError(f"フォルダが指定されています。引き継ぎファイルの名前を指定してください：{out}")
    if db_path is not None and out == db_path:
        raise StorageError("引き継ぎファイルの保存先に、データベースファイル自身は指定できません。")
    if out.is_file() and out.stat().st_size > 0:
        try:
            with out.open("rb") as handle:
                is_package = handle.read(len(MAGIC)) == MAGIC
        except OSError as exc:
            raise StorageError(f"保存先のファイルを確認できません：{out}", detail=str(exc)) from exc
        if not is_package:
            raise StorageError(f"引き継ぎファイルではないファイルが既に存在します。上書きはしません：{out}")


def _snapshot(store: Store) -> bytes:
    """A consistent, compacted copy of the database as bytes.

    SQLite's online backup into an in-memory database, VACUUM, serialize: no plaintext copy
    of the data is ever written to a temporary file.
    """
    memory = sqlite3.connect(":memory:")
    try:
        store.conn.backup(memory)
        memory.execute("VACUUM")
        return memory.serialize()
    except sqlite3.Error as exc:
        raise StorageError("データベースを読み取れませんでした。", detail=str(exc)) from exc
    finally:
        memory.close()


def _identity(store: Store) -> tuple[str, str]:
    if "town_profile" not in store.table_names():
        return "", ""
    return TownRepository(store).identity()


def _schema_version(db_bytes: bytes) -> int:
    """user_version from the SQLite header (offset 60) of the packed bytes."""
    return int.from_bytes(db_bytes[60:64], "big") if len(db_bytes) >= 100 else 0


# -- reading ----------------------------------------------------------------------------


def read_package(path: Path, passphrase: str) -> tuple[Manifest, bytes]:
    """Open and verify the package at ``path``; return its manifest and database bytes.

    Raises ``DamagedPackageError``, ``NewerPackageError``, ``WrongPassphraseError`` or
    ``StorageError`` (cannot read the file); never writes anything.
    """
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    data = _read_file(Path(path).expanduser())
    header = _check_frame(data)
    _, version, n, r, p, salt, nonce, verifier = _HEADER.unpack(header)
    if version > FORMAT_VERSION:
        raise NewerPackageError(detail=f"format version {version}")
    if version < 1:
        raise DamagedPackageError(detail=f"format version {version}")
    _check_scrypt_parameters(n, r, p)
    aes_key, verifier_key = _derive_keys(passphrase, salt, n, r, p)
    if not hmac.compare_digest(_verifier(verifier_key), verifier):
        raise WrongPassphraseError()
    try:
        plaintext = AESGCM(aes_key).decrypt(nonce, data[HEADER_SIZE:-_CHECKSUM_SIZE], header)
    except InvalidTag as exc:
        raise DamagedPackageError(detail="authentication tag") from exc
    manifest, compressed = _split_plaintext(plaintext)
    if manifest.format_version != version:
        raise DamagedPackageError(detail="format version differs from the header")
    if manifest.schema_version > LATEST_SCHEMA_VERSION:
        raise NewerPackageError(detail=f"schema version {manifest.schema_version} > {LATEST_SCHEMA_VERSION}")
    db_bytes = _decompress(compressed, manifest.db_size)
    if len(db_bytes) != manifest.db_size or hashlib.sha256(db_bytes).hexdigest() != manifest.db_sha256:
        raise DamagedPackageError(detail="database checksum")
    return manifest, db_bytes


def _read_file(path: Path) -> bytes:
    if path.is_dir():
        raise StorageError(f"フォルダが指定されています。引き継ぎファイルを指定してください：{path}")
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise StorageError(f"引き継ぎファイルが見つかりません：{path}", detail=str(exc)) from exc
    except OSError as exc:
        raise StorageError(f"引き継ぎファイルを読み込めません：{path}", detail=str(exc)) from exc


def _check_frame(data: bytes) -> bytes:
    """Magic and trailing checksum; returns the header."""
    if data[: len(MAGIC)] != MAGIC:
        raise DamagedPackageError("このファイルはまちDX台帳の引き継ぎファイルではないか、壊れています。")
    if len(data) < len(MAGIC) + 1 + _CHECKSUM_SIZE:
        raise DamagedPackageError(detail="truncated")
    body, checksum = data[:-_CHECKSUM_SIZE], data[-_CHECKSUM_SIZE:]
    if not hmac.compare_digest(hashlib.sha256(body).digest(), checksum):
        raise DamagedPackageError(detail="file checksum")
    if len(body) < HEADER_SIZE + _TAG_SIZE:
        # A valid frame too short for this version's header: from a newer version or damaged.
        if body[len(MAGIC)] > FORMAT_VERSION:
            raise NewerPackageError(detail=f"format version {body[len(MAGIC)]}")
        raise DamagedPackageError(detail="header too short")
    return body[:HEADER_SIZE]


def _check_scrypt_parameters(n: int, r: int, p: int) -> None:
    power_of_two = n >= 2 and n & (n - 1) == 0
    if not (power_of_two and 1 <= r and 1 <= p <= _MAX_SCRYPT_P and 128 * n * r <= _MAX_SCRYPT_MEMORY):
        raise DamagedPackageError(detail=f"scrypt parameters n={n} r={r} p={p}")


def _split_plaintext(plaintext: bytes) -> tuple[Manifest, bytes]:
    if len(plaintext) < _MANIFEST_LENGTH.size:
        raise DamagedPackageError(detail="no manifest")
    (length,) = _MANIFEST_LENGTH.unpack_from(plaintext)
    end = _MANIFEST_LENGTH.size + length
    if end > len(plaintext):
        raise DamagedPackageError(detail="manifest length")
    return Manifest.from_json(plaintext[_MANIFEST_LENGTH.size : end]), plaintext[end:]


def _decompress(compressed: bytes, expected_size: int) -> bytes:
    """zlib, never producing more than the manifest announced."""
    inflater = zlib.decompressobj()
    try:
        result = inflater.decompress(compressed, expected_size + 1)
    except zlib.error as exc:
        raise DamagedPackageError(detail=f"zlib: {exc}") from exc
    if not inflater.eof or inflater.unused_data:
        raise DamagedPackageError(detail="compressed data length")
    return result


# -- restoring --------------------------------------------------------------------------


def restore_package(path: Path, passphrase: str, target_db: Path) -> tuple[Manifest, Path | None]:
    """Unpack the package at ``path`` into the database file ``target_db``.

    Everything is decrypted and verified before anything is written, so a wrong passphrase
    or a damaged file leaves ``target_db`` untouched (or not created). An existing
    ``target_db`` is backed up first (reason "handover"); the backup's path is returned.
    The caller must have closed any ``Store`` on ``target_db``.
    """
    manifest, db_bytes = read_package(path, passphrase)
    target = Path(target_db).expanduser().absolute()
    if target.is_dir():
        raise StorageError(f"フォルダが指定されています。データベースファイルを指定してください：{target}")
    staged = _stage(target, db_bytes, manifest)
    placed = False
    try:
        backup = _backup_existing(target)
        for suffix in ("-wal", "-shm", "-journal"):
            stale = target.with_name(target.name + suffix)
            if stale.exists():
                stale.unlink()
        os.replace(staged, target)
        placed = True
        fsync_folder(target.parent)
    except OSError as exc:
        raise storage_error_for_os(exc, target) from exc
    finally:
        if not placed:
            with suppress(OSError):
                staged.unlink()
    return manifest, backup


def _stage(target: Path, db_bytes: bytes, manifest: Manifest) -> Path:
    """Write the database bytes beside ``target`` and check they open as a まちDX台帳 database."""
    staged: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = temp_file(target.parent, prefix=f".{target.name}.", suffix=".handover.tmp")
        staged = Path(name)
        with os.fdopen(fd, "wb") as handle:
            handle.write(db_bytes)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        if staged is not None:
            with suppress(OSError):
                staged.unlink()
        raise storage_error_for_os(exc, target) from exc
    try:
        check = Store.open(staged, create=False, migrate=False, readonly=True)
        try:
            if check.schema_version != manifest.schema_version:
                raise DamagedPackageError(detail="schema version differs from the manifest")
        finally:
            check.close()
    except StorageError as exc:
        with suppress(OSError):
            staged.unlink()
        raise DamagedPackageError(detail=f"database: {exc.user_message}") from exc
    except BaseException:
        with suppress(OSError):
            staged.unlink()
        raise
    return staged


def _backup_existing(target: Path) -> Path | None:
    """Back up the database about to be replaced; None when there is nothing to keep.

    A file that does not open as a まちDX台帳 database (another app's file, a damaged or
    newer one) is not overwritten: the user picks another place.
    """
    if not target.is_file() or target.stat().st_size == 0:
        return None
    from models.store.backups import create_backup  # imported on use (start-up speed)

    try:
        store = Store.open(target, create=False, migrate=False, readonly=True)
    except StorageError as exc:
        raise StorageError(
            f"展開先のファイルを開けないため、上書きしませんでした。別の保存先を指定してください：{target}\n"
            f"（{exc.user_message}）",
            detail=exc.detail,
        ) from exc
    try:
        return create_backup(store, "handover").path
    finally:
        store.close()
