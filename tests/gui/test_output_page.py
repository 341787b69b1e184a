"""帳票出力: preview, save, print, Excel out and in, frozen versions."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from gui.pages.output_page import OutputPage
from gui.session import Session
from models.issuance.repository import IssuanceRepository
from tests.support import DialogRecorder


def make_page(qtbot: QtBot, session: Session) -> OutputPage:
    page = OutputPage(session)
    qtbot.addWidget(page)
    page.show()
    return page


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_preview_shows_the_demo_form(qtbot: QtBot, demo_session: Session) -> None:
    page = make_page(qtbot, demo_session)
    assert page.document.pageCount() >= 3
    assert page.pdf_bytes.startswith(b"%PDF")
    assert "ページ" in page.status.text()
    assert page.version_combo.currentText().startswith("作業中の内容")


def test_save_pdf_writes_what_the_preview_shows(qtbot: QtBot, demo_session: Session, tmp_path: Path) -> None:
    page = make_page(qtbot, demo_session)
    out = tmp_path / "計画.pdf"
    assert page.save_pdf_to(out)
    text = pdf_text(out)
    assert "みどり町" in text and "039993" in text
    assert "マイナンバーカード交付円滑化計画" in text
    assert "039993_みどり町_交付円滑化計画_" in page.default_pdf_name()


def test_print_renders_every_page(qtbot: QtBot, demo_session: Session, tmp_path: Path) -> None:
    page = make_page(qtbot, demo_session)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert page.print_to(printer) == page.document.pageCount()
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert re.search(rf"^Pages:\s+{page.document.pageCount()}$", info, re.MULTILINE)


def test_frozen_version_is_listed_and_printed_as_frozen(qtbot: QtBot, demo_session: Session) -> None:
    repo = IssuanceRepository(demo_session.store)
    repo.freeze(kind="revision", label="県へ提出", town_name="みどり町", lg_code="039993")
    plan = repo.load()
    repo.save(plan.__class__(**{**plan.__dict__, "population": 20000}))
    page = make_page(qtbot, demo_session)
    assert page.version_combo.count() == 2
    page.version_combo.setCurrentIndex(1)
    assert page.current_version() == 1
    assert "第1版" in page.version_combo.currentText()
    assert "第1版" in page.default_pdf_name()


def test_excel_export_and_import_round_trip(
    qtbot: QtBot, demo_session: Session, tmp_path: Path, dialogs: DialogRecorder
) -> None:
    page = make_page(qtbot, demo_session)
    path = page.export_xlsx_to(tmp_path)
    assert path is not None and path.name.startswith("039993_みどり町_")
    assert load_workbook(path).sheetnames[0] == "表紙"
    repo = IssuanceRepository(demo_session.store)
    before = repo.load()
    plan = repo.load()
    repo.save(plan.__class__(**{**plan.__dict__, "note": "取り込みで消える備考"}))
    assert page.import_xlsx_from(path)
    assert "置き換わります" in dialogs.questions[-1]
    assert repo.load().note == before.note
    assert "取り込みました" in page.status.text()


def test_a_broken_workbook_lists_its_cells_and_imports_nothing(
    qtbot: QtBot, demo_session: Session, tmp_path: Path, dialogs: DialogRecorder
) -> None:
    page = make_page(qtbot, demo_session)
    path = page.export_xlsx_to(tmp_path)
    assert path is not None
    workbook = load_workbook(path)
    months = next(ws for ws in workbook.worksheets if ws.title.endswith("月別"))
    months["C2"] = "たくさん"
    months["D3"] = -5
    workbook.save(path)
    before = IssuanceRepository(demo_session.store).load()
    assert not page.import_xlsx_from(path)
    problems = dialogs.import_problems[-1].problems
    cells = {(p.sheet, p.cell) for p in problems}
    assert (months.title, "C2") in cells and (months.title, "D3") in cells
    assert IssuanceRepository(demo_session.store).load() == before


def test_preview_follows_changes_made_on_other_pages(
    qtbot: QtBot, demo_session: Session, tmp_path: Path
) -> None:
    page = make_page(qtbot, demo_session)
    page.hide()
    demo_session.town.update({"name": "あおば町"})
    demo_session.town_changed.emit()
    page.show()  # rendered again when shown
    out = tmp_path / "after.pdf"
    assert page.save_pdf_to(out)
    assert "あおば町" in pdf_text(out)


def test_procedure_forms_print_the_working_data_by_year(
    qtbot: QtBot, demo_session: Session, tmp_path: Path
) -> None:
    page = make_page(qtbot, demo_session)
    page.form_combo.setCurrentIndex(page.form_combo.findData("procedures-publication"))
    assert not page.version_combo.isEnabled()
    assert page.year_combo.isVisibleTo(page)
    assert page.year_combo.count() >= 1
    page.year_combo.setCurrentIndex(page.year_combo.count() - 1)  # the oldest 年度
    out = tmp_path / "公表.pdf"
    assert page.save_pdf_to(out)
    label = page.year_combo.currentText()
    assert f"情報通信技術の利用に関する状況の公表（{label}）" in pdf_text(out)
    page.form_combo.setCurrentIndex(page.form_combo.findData("procedures"))
    assert not page.year_combo.isVisibleTo(page)
    assert page.document.pageCount() >= 2
