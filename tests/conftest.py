"""Test-wide guards: offscreen Qt, isolated user folders, no network, no modal dialogs."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import DialogRecorder, no_network

# Qt must never need a screen, and the tests must never touch the user's real folders.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SANDBOX = Path(tempfile.mkdtemp(prefix="machidx-tests-"))
for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[var] = str(_SANDBOX / var.lower())
os.environ["HOME"] = str(_SANDBOX / "home")
os.environ.setdefault("XDG_RUNTIME_DIR", str(_SANDBOX / "runtime"))
Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)


sys.addaudithook(no_network)


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[DialogRecorder]:
    """No modal dialog ever opens in a test: gui.errors is replaced by a recorder."""
    # Tests never skip because Qt is missing: this import fails loudly when Qt is broken.
    from gui import errors

    recorder = DialogRecorder()
    for name in ("show_error", "show_info", "ask_yes_no", "ask_save_changes", "show_crash"):
        monkeypatch.setattr(errors, name, getattr(recorder, name))
    from gui.dialogs import import_problems_dialog

    monkeypatch.setattr(import_problems_dialog, "show_import_problems", recorder.show_import_problems)
    yield recorder
