"""Remembering hand-over passphrases in the OS credential store (keyring).

On Windows this is the Credential Manager; on Linux the Secret Service (GNOME Keyring,
KWallet). The app never depends on it: with no usable backend, ``remember_passphrase``
returns False, ``recall_passphrase`` returns None and the user is simply asked each time.

``keyring`` is imported on first use (start-up speed). Backend failures are expected and
reported as "not available": keyring's own errors, and whatever a backend's transport
raises (D-Bus, Win32 and Secret Service libraries have their own exception classes).
Programming errors (TypeError, AttributeError, …) are not swallowed. Nothing is printed;
failures go to the ``logging`` debug level only.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

__all__ = [
    "SERVICE",
    "forget_passphrase",
    "handover_account",
    "keyring_available",
    "recall_passphrase",
    "remember_passphrase",
]

SERVICE = "まちDX台帳"

_log = logging.getLogger(__name__)
# Raised by our own or keyring's code when it is used wrongly: these are bugs, not an
# unavailable credential store, and must reach the crash hook.
_PROGRAMMING_ERRORS = (TypeError, AttributeError, NameError, AssertionError, SyntaxError)


def handover_account(lg_code: str) -> str:
    """The keyring account under which a town's hand-over passphrase is kept."""
    return f"handover:{lg_code}"


def keyring_available() -> bool:
    """True when a real credential store is configured (not the fail/null backends)."""
    return _backend() is not None


def remember_passphrase(account: str, passphrase: str) -> bool:
    """Store the passphrase; False when there is no usable backend or the store refuses."""
    backend = _backend()
    if backend is None:
        return False
    try:
        backend.set_password(SERVICE, account, passphrase)
    except _PROGRAMMING_ERRORS:
        raise
    except Exception as exc:
        _log.debug("keyring: could not store the passphrase for %s: %r", account, exc)
        return False
    return True


def recall_passphrase(account: str) -> str | None:
    """The stored passphrase, or None when nothing is stored or no backend is usable."""
    backend = _backend()
    if backend is None:
        return None
    try:
        return backend.get_password(SERVICE, account)
    except _PROGRAMMING_ERRORS:
        raise
    except Exception as exc:
        _log.debug("keyring: could not read the passphrase for %s: %r", account, exc)
        return None


def forget_passphrase(account: str) -> None:
    """Remove a stored passphrase; nothing stored or no backend is not an error."""
    backend = _backend()
    if backend is None:
        return
    try:
        backend.delete_password(SERVICE, account)
    except _PROGRAMMING_ERRORS:
        raise
    except Exception as exc:  # PasswordDeleteError when nothing was stored
        _log.debug("keyring: could not delete the passphrase for %s: %r", account, exc)


def _backend() -> KeyringBackend | None:
    """The configured keyring backend, or None when it cannot store anything."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null

        backend = keyring.get_keyring()
        if isinstance(backend, (fail.Keyring, null.Keyring)):
            return None
        if isinstance(backend, chainer.ChainerBackend) and not _chained(backend):
            return None
    except _PROGRAMMING_ERRORS:
        raise
    except Exception as exc:
        _log.debug("keyring: no usable backend: %r", exc)
        return None
    return backend


def _chained(backend: KeyringBackend) -> list[KeyringBackend]:
    backends: list[KeyringBackend] = list(getattr(backend, "backends", []))
    return backends
