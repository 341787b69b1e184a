"""Printing from the database: the working plan, frozen versions (reprints), saving, CLI."""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics

from forms.commands.pdf import export_pdf_command, render_form, save_form
from forms.pdf.fonts import GOTHIC, MINCHO, register_fonts
from models.calendar import to_wareki
from models.demo import create_demo
from models.errors import ExportError
from models.issuance.figures import latest_actual, milestone_rows
from models.issuance.repository import IssuanceRepository
from models.numbers import format_count, format_rate
from models.store.database import Store
from models.store.settings_repository import SettingsRepository
from models.store.town_repository import TownRepository
from tests.forms.pdftools import pdf_pages, pdf_text
from tests.issuance_samples import CREATED, small_plan


@pytest.fixture
def store() -> Iterator[Store]:
    store = Store.memory()
    create_demo(store)
    IssuanceRepository(store).save(small_plan(), today=CREATED)
    yield store
    store.close()


def test_working_plan_prints_the_town_and_the_settings_label(store: Store) -> None:
    SettingsRepository(store).update(form_label_issuance="様式第3号")
    pdf = render_form(store, "issuance", created=CREATED)
    pages = pdf_pages(pdf)
    assert pages[0].lstrip().startswith("様式第3号")
    assert "みどり町（団体コード：039993）" in pages[0]
    assert "作業中の計画（未提出）" in pages[0]
    assert "作成日：令和3年3月31日" in pages[0]
    assert render_form(store, "issuance", created=CREATED) == pdf  # deterministic


def test_demo_town_form() -> None:
    """The demo town's own plan, as ``main.py demo`` stores it."""
    store = Store.memory()
    try:
        create_demo(store)
        plan = IssuanceRepository(store).load()
        pdf = render_form(store, "issuance", created=date(2022, 10, 14))
    finally:
        store.close()
    pages = pdf_pages(pdf)
    text = re.sub(r"[ \u3000]+", "", pdf_text(pdf))
    assert all(page.strip().endswith(f"- {n} -") for n, page in enumerate(pages, start=1))
    assert "みどり町（団体コード：039993）" in text and "作成日：令和4年10月14日" in text
    for row in milestone_rows(plan):
        assert f"{to_wareki(row.as_of)}{format_count(row.cumulative_issued)}{format_rate(row.rate)}" in text
    latest = latest_actual(plan)
    assert latest is not None
    assert f"みどり町（本町）{format_rate(latest.actual_rate)}" in text
    # no tofu: every character printed has a glyph in the embedded fonts
    register_fonts()
    for name in (MINCHO, GOTHIC):
        face = pdfmetrics.getFont(name).face
        missing = sorted({c for c in pdf_text(pdf) if c.strip() and ord(c) not in face.charToGlyph})
        assert missing == [], name


def test_unknown_form_is_an_export_error(store: Store) -> None:
    with pytest.raises(ExportError, match="帳票の種類"):
        render_form(store, "telework")


def test_frozen_version_prints_its_snapshot_not_the_current_data(store: Store) -> None:
    repository = IssuanceRepository(store)
    version = repository.freeze(
        kind="initial", label="令和3年3月 策定", town_name="みどり町", lg_code="039993"
    )
    # after freezing the town is renamed and the working plan changes
    TownRepository(store).update({"name": "みどり村"})
    repository.save(replace(small_plan(), population=20000), today=CREATED)
    frozen_pdf = render_form(store, "issuance", version=version.number)
    frozen_text = pdf_text(frozen_pdf)
    assert "みどり町（団体コード：039993）" in frozen_text
    assert "第1版（策定）" in frozen_text and "令和3年3月 策定" in frozen_text
    assert f"作成日：{to_wareki(version.frozen_at.date())}" in frozen_text
    assert "14,872人" in frozen_text
    working = pdf_text(render_form(store, "issuance", created=CREATED))
    assert "みどり村（団体コード：039993）" in working and "20,000人" in working
    # the same version prints the same bytes again
    assert render_form(store, "issuance", version=version.number) == frozen_pdf


def test_version_with_stored_pdf_is_reprinted_byte_for_byte(store: Store) -> None:
    repository = IssuanceRepository(store)
    version = repository.freeze(kind="initial", label="策定", town_name="みどり町", lg_code="039993")
    printed = render_form(store, "issuance", version=version.number, created=date(2021, 3, 31))
    repository.attach_pdf(version.number, printed)
    SettingsRepository(store).update(form_label_issuance="資料2")  # later changes do not matter
    assert render_form(store, "issuance", version=version.number) == printed


def test_missing_version_is_an_export_error(store: Store) -> None:
    with pytest.raises(ExportError, match="第7版は登録されていません"):
        render_form(store, "issuance", version=7)


def test_save_form_writes_atomically(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "計画.pdf"
    size = save_form(store, "issuance", out, created=CREATED)
    assert out.read_bytes()[:5] == b"%PDF-" and out.stat().st_size == size
    assert [p.name for p in out.parent.iterdir()] == ["計画.pdf"]  # no temporary file left


def test_locked_target_gives_a_clear_message(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "open.pdf"
    out.write_bytes(b"%PDF-old")

    def locked(src: str, dst: str) -> None:  # what Windows does while a viewer holds the file
        raise PermissionError(13, "The process cannot access the file", str(dst))

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(ExportError) as caught:
        save_form(store, "issuance", out, created=CREATED)
    assert "他のアプリ（PDFビューア等）で開かれているため保存できません" in caught.value.user_message
    assert out.read_bytes() == b"%PDF-old"
    assert [p.name for p in tmp_path.iterdir()] == ["open.pdf"]


def test_export_pdf_command(tmp_path: Path) -> None:
    db = tmp_path / "town.db"
    store = Store.open(db)
    try:
        create_demo(store)
        IssuanceRepository(store).save(small_plan(), today=CREATED)
    finally:
        store.close()
    out = tmp_path / "out.pdf"
    ok, lines = export_pdf_command(
        argparse.Namespace(db=str(db), out=str(out), form="issuance", version=None)
    )
    assert ok
    assert "マイナンバーカード交付円滑化計画（作業中の計画）のPDFを作成しました" in lines[0]
    assert "みどり町" in pdf_text(out.read_bytes())


def test_main_export_pdf_end_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import main

    db = tmp_path / "town.db"
    assert main.main(["demo", "--db", str(db)]) == 0
    out = tmp_path / "計画.pdf"
    assert main.main(["export", "pdf", "--form", "issuance", "--db", str(db), "--out", str(out)]) == 0
    assert out.read_bytes()[:5] == b"%PDF-"
    assert (
        main.main(
            ["export", "pdf", "--form", "issuance", "--db", str(db), "--out", str(out), "--version", "3"]
        )
        == 1
    )
    assert "第3版は登録されていません" in capsys.readouterr().err
