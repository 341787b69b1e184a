"""main.py as a user runs it: headless commands, exit codes, Japanese messages, no Qt."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from models.store.database import APPLICATION_ID, LATEST_SCHEMA_VERSION
from models.version import APP_NAME, APP_VERSION
from tests.support import pragma

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "main.py"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("PYTHONPATH", None)
    return env


def run_main(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(MAIN), *args],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def run_python(code: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def _assert_clean_error(result: subprocess.CompletedProcess[str]) -> str:
    """Exit 1 with one Japanese エラー line on stderr, no traceback, nothing on stdout."""
    assert result.returncode == 1, result
    assert result.stderr.startswith("エラー："), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    return result.stderr


def test_version() -> None:
    result = run_main("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"{APP_NAME} {APP_VERSION}"
    assert "まちDX台帳" in result.stdout


def test_help_is_japanese() -> None:
    result = run_main("--help")
    assert result.returncode == 0
    assert "データベース" in result.stdout
    assert "demo" in result.stdout and "check" in result.stdout


def test_demo_then_check(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    created = run_main("demo", "--db", str(db))
    assert created.returncode == 0, created.stderr
    assert "みどり町" in created.stdout
    assert "作成しました" in created.stdout
    assert db.is_file()

    checked = run_main("check", "--db", str(db))
    assert checked.returncode == 0, checked.stderr
    lines = checked.stdout.splitlines()
    assert "整合性：正常" in lines
    assert f"データの版：{LATEST_SCHEMA_VERSION}" in lines
    assert "団体：みどり町（039993）" in lines
    assert checked.stderr == ""


def test_demo_creates_missing_folders(tmp_path: Path) -> None:
    db = tmp_path / "new" / "folder" / "x.db"
    result = run_main("demo", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert db.is_file()


def test_demo_refuses_to_overwrite_an_existing_file(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    assert run_main("demo", "--db", str(db)).returncode == 0
    before = db.read_bytes()
    again = run_main("demo", "--db", str(db))
    message = _assert_clean_error(again)
    assert "既に存在します" in message
    assert "上書きはしません" in message
    assert db.read_bytes() == before


def test_demo_refuses_to_overwrite_someone_elses_file(tmp_path: Path) -> None:
    report = tmp_path / "report.db"
    report.write_text("大切な報告書", encoding="utf-8")
    message = _assert_clean_error(run_main("demo", "--db", str(report)))
    assert "上書きはしません" in message
    assert report.read_text(encoding="utf-8") == "大切な報告書"


def test_check_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("会議メモ\n" * 20, encoding="utf-8")
    before = notes.read_bytes()
    message = _assert_clean_error(run_main("check", "--db", str(notes)))
    assert "SQLite" in message and "ではありません" in message
    assert notes.read_bytes() == before


def test_check_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    message = _assert_clean_error(run_main("check", "--db", str(missing)))
    assert "見つかりません" in message
    assert not missing.exists()


def test_check_another_apps_database(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    message = _assert_clean_error(run_main("check", "--db", str(other)))
    assert "まちDX台帳のデータベースではありません" in message
    assert other.read_bytes() == before


def test_check_a_file_from_a_newer_version(tmp_path: Path) -> None:
    db = tmp_path / "newer.db"
    assert run_main("demo", "--db", str(db)).returncode == 0
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute(f"PRAGMA user_version = {LATEST_SCHEMA_VERSION + 5}")
    conn.close()
    assert pragma(db, "application_id") == APPLICATION_ID
    before = db.read_bytes()
    message = _assert_clean_error(run_main("check", "--db", str(db)))
    assert "新しい版" in message
    assert "アプリを更新" in message
    assert db.read_bytes() == before


@pytest.mark.parametrize("command", ["demo", "check"])
def test_a_missing_db_argument_is_a_usage_error(command: str) -> None:
    result = run_main(command)
    assert result.returncode == 2
    assert "--db" in result.stderr
    assert "Traceback" not in result.stderr


def test_headless_commands_import_no_qt(tmp_path: Path) -> None:
    db = tmp_path / "headless.db"
    result = run_python(
        f"""
        import sys
        import main

        assert main.main(["demo", "--db", {str(db)!r}]) == 0
        assert main.main(["check", "--db", {str(db)!r}]) == 0
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "gui"))
        assert not loaded, loaded
        print("no qt")
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "no qt"
    assert "整合性：正常" in result.stdout


@pytest.mark.slow
def test_smoke_test_on_a_new_database(tmp_path: Path) -> None:
    db = tmp_path / "smoke" / "town.db"
    result = run_main("--smoke-test", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "smoke-test ok" in result.stdout
    assert "Traceback" not in result.stderr
    assert db.is_file()


@pytest.mark.slow
def test_smoke_test_on_the_demo_town(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    assert run_main("demo", "--db", str(db)).returncode == 0
    result = run_main("--smoke-test", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "smoke-test ok" in result.stdout


def test_models_and_forms_import_without_pyside6() -> None:
    result = run_python(
        """
        import importlib
        import importlib.abc
        import pkgutil
        import sys

        class NoQt(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "shiboken6"):
                    raise ImportError(f"{name} is not installed (test)")
                return None

        sys.meta_path.insert(0, NoQt())
        try:
            import PySide6  # noqa: F401
        except ImportError:
            pass
        else:
            raise SystemExit("the blocker does not work")

        import models, forms

        names = []
        for package in (models, forms):
            names.append(package.__name__)
            for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
                importlib.import_module(info.name)
                names.append(info.name)
        assert not [m for m in sys.modules if m.startswith(("PySide6", "shiboken6"))]
        print("\\n".join(names))
        """
    )
    assert result.returncode == 0, result.stderr
    imported = set(result.stdout.split())
    expected = {
        "models",
        "forms",
        "models.calendar",
        "models.numbers",
        "models.town",
        "models.lg_code",
        "models.usecases.database",
        "models.store.database",
        "models.store.town_repository",
    }
    assert expected <= imported
    on_disk = {
        ".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for folder in ("models", "forms")
        for p in (ROOT / folder).rglob("*.py")
    }
    assert on_disk <= imported  # every module was tried, none skipped


def test_command_line_mistakes_are_explained_in_japanese() -> None:
    result = run_main("export", "pdf")
    assert result.returncode == 2
    assert "エラー: 次の引数を指定してください: --form, --db, --out" in result.stderr
    assert "使い方:" in result.stderr
    help_text = run_main("--help").stdout
    assert "このヘルプを表示して終了する" in help_text and "オプション" in help_text
    assert "show this help" not in help_text


def test_the_window_appears_without_loading_heavy_modules(tmp_path: Path) -> None:
    """Start-up speed: the forms engines, the demo data and the module pages load on first use."""
    db = tmp_path / "town.db"
    assert run_main("demo", "--db", str(db)).returncode == 0
    result = run_python(
        f"""
        import sys
        from pathlib import Path
        from gui.app import run_gui
        assert run_gui(Path({str(db)!r}), smoke_test="window") == 0
        heavy = ("reportlab", "openpyxl", "cryptography", "keyring", "models.demo",
                 "models.issuance", "models.procedures", "gui.pages.issuance_page",
                 "gui.pages.procedures_page", "gui.pages.output_page", "PySide6.QtPdf")
        loaded = sorted(m for m in sys.modules if m.startswith(heavy))
        print("LOADED", loaded)
        assert not loaded, loaded
        """
    )
    assert result.returncode == 0, result.stdout + result.stderr
