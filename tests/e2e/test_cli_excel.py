"""``main.py export xlsx`` and ``main.py import xlsx`` as a user runs them from a command prompt."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import openpyxl

from forms.excel.workbook import FORM_NAME
from models.issuance.repository import IssuanceRepository
from models.store.backups import list_backups
from models.store.database import Store
from models.store.town_repository import TownRepository
from tests.e2e.test_cli import _assert_clean_error, run_main
from tests.issuance_samples import comparable


def _demo(db: Path) -> None:
    result = run_main("demo", "--db", str(db))
    assert result.returncode == 0, result.stderr


def _export(db: Path, out: Path) -> Path:
    result = run_main("export", "xlsx", "--db", str(db), "--out", str(out))
    assert result.returncode == 0, result.stderr
    match = re.search(r"Excelファイルを出力しました：(.+)", result.stdout)
    assert match, result.stdout
    return Path(match.group(1).strip())


def _plan_and_profile(db: Path) -> tuple[object, object]:
    store = Store.open(db, create=False, readonly=True)
    try:
        return comparable(IssuanceRepository(store).load()), TownRepository(store).load()
    finally:
        store.close()


def test_export_to_a_folder_uses_the_standard_file_name(tmp_path: Path) -> None:
    db = tmp_path / "town.db"
    _demo(db)
    out = tmp_path / "提出"
    out.mkdir()
    result = run_main("export", "xlsx", "--db", str(db), "--out", str(out))
    assert result.returncode == 0, result.stderr
    files = list(out.iterdir())
    assert len(files) == 1
    assert re.fullmatch(rf"039993_みどり町_{FORM_NAME}_\d{{8}}\.xlsx", files[0].name)
    assert "団体：みどり町（039993）" in result.stdout
    book = openpyxl.load_workbook(files[0])
    assert book.sheetnames[0] == "表紙"
    assert all(
        row[0] == "039993" for row in book["交付円滑化計画_月別"].iter_rows(min_row=2, values_only=True)
    )


def test_export_then_import_into_another_demo_copy(tmp_path: Path) -> None:
    source, target = tmp_path / "a.db", tmp_path / "b.db"
    _demo(source)
    _demo(target)
    # the colleague's copy has moved on: a note and a contact person the other copy lacks
    store = Store.open(source)
    try:
        repository = IssuanceRepository(store)
        repository.save(replace(repository.load(), note="令和5年1月 県へ提出"))
        TownRepository(store).update({"contact_person": "鈴木 一郎"})
    finally:
        store.close()
    path = _export(source, tmp_path / "提出.xlsx")
    assert path == tmp_path / "提出.xlsx"

    result = run_main("import", "xlsx", "--db", str(target), str(path))
    assert result.returncode == 0, result.stderr
    assert "取り込みました" in result.stdout
    assert _plan_and_profile(target) == _plan_and_profile(source)
    backups = list_backups(target)
    assert [b.reason for b in backups] == ["import"]
    assert "取り込み前の状態をバックアップしました" in result.stdout


def test_a_broken_workbook_is_reported_cell_by_cell_and_nothing_changes(tmp_path: Path) -> None:
    db = tmp_path / "town.db"
    _demo(db)
    path = _export(db, tmp_path / "提出.xlsx")
    book = openpyxl.load_workbook(path)
    book["交付円滑化計画_月別"]["C2"] = "たくさん"
    book["交付円滑化計画_窓口"]["D3"] = "分室"
    book.save(path)
    before = db.read_bytes()

    result = run_main("import", "xlsx", "--db", str(db), str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "取り込めませんでした。2件の問題があります（データは変更していません）。"
    assert lines[1].startswith("交付円滑化計画_月別!C2：数値ではありません（文字列「たくさん」）")
    assert lines[2].startswith("交付円滑化計画_窓口!D3：「分室」は選択肢にありません。")
    assert db.read_bytes() == before
    assert list_backups(db) == []


def test_another_towns_workbook_is_refused(tmp_path: Path) -> None:
    source, target = tmp_path / "a.db", tmp_path / "b.db"
    _demo(source)
    _demo(target)
    store = Store.open(target)
    try:
        TownRepository(store).update({"lg_code": "033227", "name": "矢巾町"})
    finally:
        store.close()
    path = _export(source, tmp_path)
    result = run_main("import", "xlsx", "--db", str(target), str(path))
    assert result.returncode == 1
    assert (
        "表紙!B5：団体コード（039993）が開いている団体の団体コード（033227）と異なります。" in result.stdout
    )


def test_import_into_a_new_file_creates_the_town(tmp_path: Path) -> None:
    source = tmp_path / "a.db"
    _demo(source)
    path = _export(source, tmp_path)
    target = tmp_path / "new" / "town.db"
    result = run_main("import", "xlsx", "--db", str(target), str(path))
    assert result.returncode == 0, result.stderr
    assert "新しい団体として取り込みました。" in result.stdout
    assert _plan_and_profile(target)[0] == _plan_and_profile(source)[0]


def test_clean_errors(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    message = _assert_clean_error(run_main("export", "xlsx", "--db", str(missing), "--out", str(tmp_path)))
    assert "見つかりません" in message
    db = tmp_path / "town.db"
    _demo(db)
    message = _assert_clean_error(
        run_main("export", "xlsx", "--db", str(db), "--out", str(tmp_path / "x.csv"))
    )
    assert ".xlsx" in message
    result = run_main("import", "xlsx", "--db", str(db), str(tmp_path / "ない.xlsx"))
    assert result.returncode == 1
    assert "ファイルが見つかりません" in result.stdout + result.stderr
