"""``main.py handover create/open`` as a user runs them: passphrase from a file or the
environment (never the command line), exit codes, Japanese messages, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import main
from models.store.backups import list_backups
from models.store.lock import WriterLock

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "main.py"
PASSPHRASE = "みどり町の引き継ぎ2025"


def run(
    *args: str, passphrase_env: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("PYTHONPATH", None)
    env.pop("MACHIDX_PASSPHRASE", None)
    if passphrase_env is not None:
        env["MACHIDX_PASSPHRASE"] = passphrase_env
    return subprocess.run(
        [sys.executable, str(MAIN), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


def _clean_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result
    assert result.stderr.startswith("エラー："), result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    return result.stderr


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "source" / "town.db"
    assert run("demo", "--db", str(db)).returncode == 0
    return db


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


@pytest.fixture
def package(demo_db: Path, secret_file: Path, tmp_path: Path) -> Path:
    out = tmp_path / "midori.machidx"
    result = run(
        "handover", "create", "--db", str(demo_db), "--out", str(out), "--passphrase-file", str(secret_file)
    )
    assert result.returncode == 0, result.stderr
    return out


def _town(db: Path) -> str:
    result = run("check", "--db", str(db))
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_create_and_open_with_a_passphrase_file(demo_db: Path, secret_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "usb" / "midori.machidx"
    created = run(
        "handover", "create", "--db", str(demo_db), "--out", str(out), "--passphrase-file", str(secret_file)
    )
    assert created.returncode == 0, created.stderr
    assert created.stderr == ""
    lines = created.stdout.splitlines()
    assert "団体：みどり町（039993）" in lines
    assert any(line.startswith("作成日時：令和") for line in lines)
    assert lines[-1] == f"引き継ぎファイルを作成しました：{out}"
    assert out.read_bytes().startswith(b"MACHIDX\x00")

    target = tmp_path / "successor" / "town.db"
    opened = run("handover", "open", str(out), "--db", str(target), "--passphrase-file", str(secret_file))
    assert opened.returncode == 0, opened.stderr
    lines = opened.stdout.splitlines()
    assert lines[0] == f"引き継ぎファイルを開きました：{out}"
    assert "団体：みどり町（039993）" in lines
    assert lines[-1] == f"データベースに展開しました：{target}"
    assert not any("バックアップ" in line for line in lines)
    assert "団体：みどり町（039993）" in _town(target)


def test_create_and_open_with_the_environment_variable(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "env.machidx"
    created = run("handover", "create", "--db", str(demo_db), "--out", str(out), passphrase_env=PASSPHRASE)
    assert created.returncode == 0, created.stderr
    target = tmp_path / "env" / "town.db"
    opened = run("handover", "open", str(out), "--db", str(target), passphrase_env=PASSPHRASE)
    assert opened.returncode == 0, opened.stderr
    assert "団体：みどり町（039993）" in _town(target)


def test_the_file_wins_over_the_environment(package: Path, secret_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "both" / "town.db"
    result = run(
        "handover", "open", str(package), "--db", str(target), "--passphrase-file", str(secret_file),
        passphrase_env="違うパスフレーズです",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_only_the_line_break_is_removed_from_the_file(demo_db: Path, tmp_path: Path) -> None:
    spaced = "  前後に空白のある合言葉  "
    secret = tmp_path / "windows.txt"
    secret.write_bytes(("\ufeff" + spaced + "\r\n2行目は無視\r\n").encode("utf-8"))  # Notepad: BOM, CRLF
    out = tmp_path / "spaced.machidx"
    created = run(
        "handover", "create", "--db", str(demo_db), "--out", str(out), "--passphrase-file", str(secret)
    )
    assert created.returncode == 0, created.stderr
    target = tmp_path / "spaced" / "town.db"
    assert run("handover", "open", str(out), "--db", str(target), passphrase_env=spaced).returncode == 0
    stripped = run("handover", "open", str(out), "--db", str(target), passphrase_env=spaced.strip())
    assert "パスワードが違います" in _clean_error(stripped)


def test_a_wrong_passphrase_exits_1_and_writes_nothing(package: Path, tmp_path: Path) -> None:
    target = tmp_path / "wrong" / "town.db"
    message = _clean_error(
        run("handover", "open", str(package), "--db", str(target), passphrase_env="違うパスフレーズ")
    )
    assert message.strip() == "エラー：パスワードが違います。"
    assert not target.parent.exists()


def test_a_wrong_passphrase_leaves_the_current_database_alone(
    package: Path, demo_db: Path, tmp_path: Path
) -> None:
    before = {p.name: p.read_bytes() for p in demo_db.parent.iterdir()}
    _clean_error(
        run("handover", "open", str(package), "--db", str(demo_db), passphrase_env="違うパスフレーズ")
    )
    assert {p.name: p.read_bytes() for p in demo_db.parent.iterdir()} == before


@pytest.mark.parametrize("action", ["create", "open"])
def test_a_missing_passphrase_gives_the_hint(demo_db: Path, tmp_path: Path, action: str) -> None:
    out = tmp_path / "x.machidx"
    args = (
        ["--db", str(demo_db), "--out", str(out)] if action == "create" else [str(out), "--db", str(demo_db)]
    )
    message = _clean_error(run("handover", action, *args))
    assert "--passphrase-file か環境変数 MACHIDX_PASSPHRASE で指定してください" in message
    assert "コマンドラインには書かないでください" in message
    assert not out.exists()


def test_an_unreadable_passphrase_file(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.machidx"
    missing = tmp_path / "no-such-file.txt"
    message = _clean_error(
        run("handover", "create", "--db", str(demo_db), "--out", str(out), "--passphrase-file", str(missing))
    )
    assert "パスフレーズファイルを読み込めません" in message
    assert not out.exists()


def test_an_empty_first_line(demo_db: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\nみどり町の引き継ぎ2025\n", encoding="utf-8")
    out = tmp_path / "x.machidx"
    message = _clean_error(
        run("handover", "create", "--db", str(demo_db), "--out", str(out), "--passphrase-file", str(empty))
    )
    assert "1行目が空です" in message
    assert not out.exists()


def test_a_short_passphrase_is_refused(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.machidx"
    message = _clean_error(
        run("handover", "create", "--db", str(demo_db), "--out", str(out), passphrase_env="short")
    )
    assert "8文字以上" in message
    assert not out.exists()


@pytest.mark.parametrize(
    "form", [["--passphrase", PASSPHRASE], [f"--passphrase={PASSPHRASE}"], ["--pass", PASSPHRASE]]
)
def test_the_passphrase_is_not_a_command_line_option(demo_db: Path, tmp_path: Path, form: list[str]) -> None:
    out = tmp_path / "x.machidx"
    result = run("handover", "create", "--db", str(demo_db), "--out", str(out), *form)
    assert result.returncode == 2, result  # argparse usage error, not an abbreviation of --passphrase-file
    assert "Traceback" not in result.stderr
    assert not out.exists()
    target = tmp_path / "y" / "town.db"
    opened = run("handover", "open", str(out), "--db", str(target), *form)
    assert opened.returncode == 2
    assert not target.parent.exists()


def test_no_option_of_the_parser_carries_a_passphrase() -> None:
    parser = main.build_parser()
    for argv in (["handover", "create", "--db", "a", "--out", "b"], ["handover", "open", "p", "--db", "a"]):
        args = parser.parse_args(argv)
        passphrase_dests = [name for name in vars(args) if "pass" in name]
        assert passphrase_dests == ["passphrase_file"]
    with pytest.raises(SystemExit):
        parser.parse_args(["handover", "create", "--db", "a", "--out", "b", "--passphrase", "x"])


def test_open_over_an_existing_database_keeps_a_backup(package: Path, tmp_path: Path) -> None:
    target = tmp_path / "current" / "town.db"
    assert run("demo", "--db", str(target)).returncode == 0
    result = run("handover", "open", str(package), "--db", str(target), passphrase_env=PASSPHRASE)
    assert result.returncode == 0, result.stderr
    [backup] = list_backups(target)
    assert backup.reason == "handover"
    assert f"元のデータベースをバックアップしました：{backup.path}" in result.stdout.splitlines()
    assert "団体：みどり町（039993）" in _town(backup.path)


def test_a_database_in_use_is_not_replaced(package: Path, demo_db: Path) -> None:
    lock = WriterLock(demo_db)
    assert lock.acquire() is None  # this process edits it, like an open window
    try:
        before = demo_db.read_bytes()
        message = _clean_error(
            run("handover", "open", str(package), "--db", str(demo_db), passphrase_env=PASSPHRASE)
        )
        assert "使用中" in message
        assert demo_db.read_bytes() == before
        assert list_backups(demo_db) == []
    finally:
        lock.release()


def test_a_damaged_package_exits_1(package: Path, tmp_path: Path) -> None:
    data = bytearray(package.read_bytes())
    data[len(data) // 2] ^= 0x40
    package.write_bytes(bytes(data))
    target = tmp_path / "damaged" / "town.db"
    message = _clean_error(
        run("handover", "open", str(package), "--db", str(target), passphrase_env=PASSPHRASE)
    )
    assert "壊れているか、改ざんされています" in message
    assert not target.parent.exists()


def test_a_file_that_is_not_a_package_exits_1(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "other" / "town.db"
    message = _clean_error(
        run("handover", "open", str(demo_db), "--db", str(target), passphrase_env=PASSPHRASE)
    )
    assert "引き継ぎファイルではない" in message


def test_a_missing_database_exits_1(tmp_path: Path) -> None:
    out = tmp_path / "x.machidx"
    message = _clean_error(
        run(
            "handover",
            "create",
            "--db",
            str(tmp_path / "none.db"),
            "--out",
            str(out),
            passphrase_env=PASSPHRASE,
        )
    )
    assert "見つかりません" in message
    assert not out.exists()
    assert not (tmp_path / "none.db").exists()


def test_handover_commands_import_no_qt(demo_db: Path, tmp_path: Path) -> None:
    out, target = tmp_path / "noqt.machidx", tmp_path / "noqt" / "town.db"
    code = f"""
        import os, sys
        import main

        os.environ["MACHIDX_PASSPHRASE"] = {PASSPHRASE!r}
        assert main.main(["handover", "create", "--db", {str(demo_db)!r}, "--out", {str(out)!r}]) == 0
        assert main.main(["handover", "open", {str(out)!r}, "--db", {str(target)!r}]) == 0
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "gui"))
        assert not loaded, loaded
        print("no qt")
        """
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MACHIDX_PASSPHRASE")}
    env["PYTHONIOENCODING"] = "utf-8"
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "no qt"
