"""The keyring wrapper: a passphrase round trip with an in-memory credential store, and an
app that keeps working when there is no credential store at all."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.core
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null
from keyring.errors import KeyringLocked, PasswordDeleteError

from models.demo import create_demo
from models.store import secrets
from models.store.database import Store
from models.store.handover import create_package, read_package
from models.store.secrets import (
    SERVICE,
    forget_passphrase,
    handover_account,
    keyring_available,
    recall_passphrase,
    remember_passphrase,
)

ACCOUNT = handover_account("039993")


class MemoryKeyring(KeyringBackend):
    """A credential store in a dict, installed with ``keyring.set_keyring``."""

    priority = 1
    viable = False  # never picked by keyring's own backend detection (other tests stay unaffected)

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.items[(service, username)]
        except KeyError:
            raise PasswordDeleteError("not stored") from None


class DBusLikeError(Exception):
    """Stands in for a D-Bus / Win32 error class that is not a KeyringError."""


class FailingKeyring(KeyringBackend):
    """A credential store whose every operation fails with ``error``."""

    priority = 1
    viable = False

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error

    def delete_password(self, service: str, username: str) -> None:
        raise self.error


@pytest.fixture(autouse=True)
def restore_backend() -> Iterator[None]:
    """Whatever a test installs, the previous backend (or none yet) comes back afterwards."""
    previous = keyring.core._keyring_backend
    yield
    keyring.core._keyring_backend = previous


@pytest.fixture
def memory() -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


def test_the_account_names_the_town() -> None:
    assert handover_account("039993") == "handover:039993"
    assert SERVICE == "まちDX台帳"


def test_remember_recall_forget_round_trip(memory: MemoryKeyring) -> None:
    assert keyring_available()
    assert recall_passphrase(ACCOUNT) is None
    assert remember_passphrase(ACCOUNT, "みどり町の引き継ぎ2025")
    assert memory.items == {(SERVICE, ACCOUNT): "みどり町の引き継ぎ2025"}
    assert recall_passphrase(ACCOUNT) == "みどり町の引き継ぎ2025"
    assert recall_passphrase(handover_account("012025")) is None  # another town
    assert remember_passphrase(ACCOUNT, "新しいパスフレーズです")
    assert recall_passphrase(ACCOUNT) == "新しいパスフレーズです"
    forget_passphrase(ACCOUNT)
    assert recall_passphrase(ACCOUNT) is None
    forget_passphrase(ACCOUNT)  # nothing stored any more: not an error
    assert memory.items == {}


def test_the_passphrase_from_the_store_opens_the_package(memory: MemoryKeyring, tmp_path: Path) -> None:
    store = Store.memory()
    create_demo(store)
    create_package(store, tmp_path / "a.machidx", "みどり町の引き継ぎ2025")
    assert remember_passphrase(ACCOUNT, "みどり町の引き継ぎ2025")
    recalled = recall_passphrase(ACCOUNT)
    assert recalled is not None
    manifest, _ = read_package(tmp_path / "a.machidx", recalled)
    assert manifest.lg_code == "039993"


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()], ids=["fail", "null"])
def test_without_a_credential_store_nothing_is_remembered(
    backend: KeyringBackend, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(backend)
    assert not keyring_available()
    assert remember_passphrase(ACCOUNT, "みどり町の引き継ぎ2025") is False
    assert recall_passphrase(ACCOUNT) is None
    forget_passphrase(ACCOUNT)
    assert capsys.readouterr() == ("", "")


def test_the_app_works_with_the_fail_backend(tmp_path: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    store = Store.open(tmp_path / "town.db")
    try:
        create_demo(store)
        assert remember_passphrase(ACCOUNT, "みどり町の引き継ぎ2025") is False
        passphrase = "みどり町の引き継ぎ2025"  # the GUI simply asks each time
        create_package(store, tmp_path / "a.machidx", passphrase)
    finally:
        store.close()
    assert recall_passphrase(ACCOUNT) is None
    manifest, db_bytes = read_package(tmp_path / "a.machidx", passphrase)
    assert manifest.town_name == "みどり町"
    assert db_bytes.startswith(b"SQLite format 3\x00")


def test_a_chainer_without_backends_is_no_credential_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [])
    keyring.set_keyring(chainer.ChainerBackend())
    assert not keyring_available()
    assert remember_passphrase(ACCOUNT, "みどり町の引き継ぎ2025") is False
    assert recall_passphrase(ACCOUNT) is None


def test_a_chainer_with_a_backend_is_a_credential_store(monkeypatch: pytest.MonkeyPatch) -> None:
    inner = MemoryKeyring()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [inner])
    keyring.set_keyring(chainer.ChainerBackend())
    assert keyring_available()
    assert remember_passphrase(ACCOUNT, "みどり町の引き継ぎ2025")
    assert recall_passphrase(ACCOUNT) == "みどり町の引き継ぎ2025"


@pytest.mark.parametrize(
    "error",
    [
        KeyringLocked("locked"),
        DBusLikeError("org.freedesktop.DBus.Error.ServiceUnknown"),
        OSError(5, "I/O"),
    ],
    ids=["locked", "dbus", "os"],
)
def test_backend_failures_mean_not_remembered(error: Exception, capsys: pytest.CaptureFixture[str]) -> None:
    keyring.set_keyring(FailingKeyring(error))
    assert keyring_available()  # configured, yet it fails when used
    assert remember_passphrase(ACCOUNT, "みどり町の引き継ぎ2025") is False
    assert recall_passphrase(ACCOUNT) is None
    forget_passphrase(ACCOUNT)
    assert capsys.readouterr() == ("", "")


def test_programming_errors_are_not_swallowed() -> None:
    keyring.set_keyring(FailingKeyring(TypeError("bug")))
    with pytest.raises(TypeError):
        remember_passphrase(ACCOUNT, "みどり町の引き継ぎ2025")
    with pytest.raises(TypeError):
        recall_passphrase(ACCOUNT)
    with pytest.raises(TypeError):
        forget_passphrase(ACCOUNT)


def test_a_backend_that_cannot_even_load(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> KeyringBackend:
        raise RuntimeError("No recommended backend: D-Bus session bus is missing")

    monkeypatch.setattr(keyring, "get_keyring", broken)
    assert not keyring_available()
    assert remember_passphrase(ACCOUNT, "みどり町の引き継ぎ2025") is False
    assert recall_passphrase(ACCOUNT) is None
    forget_passphrase(ACCOUNT)


def test_the_service_name_is_the_one_stored(memory: MemoryKeyring) -> None:
    remember_passphrase(ACCOUNT, "みどり町の引き継ぎ2025")
    assert keyring.get_password(secrets.SERVICE, ACCOUNT) == "みどり町の引き継ぎ2025"
