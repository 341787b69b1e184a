"""帳票出力 page: choose a form and a version, preview it, save the PDF, print it, and
write or read the prefecture workbook (Excel)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QPainter, QShowEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui import errors
from gui.pages.base import Page
from gui.session import Session
from models.calendar import fiscal_year_label, to_wareki
from models.errors import AppError, ExportError, WorkbookImportError

PDF_FILTER = "PDFファイル (*.pdf)"
XLSX_FILTER = "Excelブック (*.xlsx)"


@dataclass(frozen=True)
class FormChoice:
    key: str  # the form's key for forms.commands.pdf.render_form
    label: str
    file_stem: str
    versions: bool = False  # printed from frozen versions too (else: the working data)
    per_year: bool = False  # one 年度 at a time


FORMS = (
    FormChoice("issuance", "マイナンバーカード交付円滑化計画", "交付円滑化計画", versions=True),
    FormChoice("procedures", "行政手続のオンライン化 取組状況", "オンライン化取組状況"),
    FormChoice(
        "procedures-publication",
        "情報通信技術の利用に関する状況の公表",
        "オンライン利用状況の公表",
        per_year=True,
    ),
)


class OutputPage(Page):
    title = "帳票出力"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.pdf_bytes = b""
        self._buffer: QBuffer | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{self.title}</h2>"))
        intro = QLabel(
            "議会や都道府県に提出する帳票を確認して、PDFの保存・印刷、都道府県提出用のExcelの作成ができます。"
            "提出済みの版を選ぶと、提出したときの内容をそのまま印刷できます。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.form_combo = QComboBox()
        self.form_combo.setAccessibleName("帳票")
        for choice in FORMS:
            self.form_combo.addItem(choice.label, choice.key)
        form.addRow("帳票：", self.form_combo)
        self.version_combo = QComboBox()
        self.version_combo.setAccessibleName("版")
        form.addRow("版：", self.version_combo)
        self.year_combo = QComboBox()
        self.year_combo.setAccessibleName("年度")
        self.year_label = QLabel("年度：")
        form.addRow(self.year_label, self.year_combo)
        layout.addLayout(form)

        buttons = QHBoxLayout()
        self.preview_button = QPushButton("プレビューを更新")
        self.preview_button.clicked.connect(self.refresh_preview)
        buttons.addWidget(self.preview_button)
        self.save_pdf_button = QPushButton("PDFを保存…")
        self.save_pdf_button.clicked.connect(self.save_pdf)
        buttons.addWidget(self.save_pdf_button)
        self.print_button = QPushButton("印刷…")
        self.print_button.clicked.connect(self.print_pdf)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        self.export_xlsx_button = QPushButton("都道府県提出用Excelを作成…")
        self.export_xlsx_button.clicked.connect(self.export_xlsx)
        buttons.addWidget(self.export_xlsx_button)
        self.import_xlsx_button = QPushButton("Excelを取り込む…")
        self.import_xlsx_button.setEnabled(not session.readonly)
        self.import_xlsx_button.clicked.connect(self.import_xlsx)
        buttons.addWidget(self.import_xlsx_button)
        layout.addLayout(buttons)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("帳票の状態")
        layout.addWidget(self.status)
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setAccessibleName("帳票のプレビュー")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        layout.addWidget(self.view, 1)

        self.form_combo.currentIndexChanged.connect(self._reload_versions)
        self.version_combo.currentIndexChanged.connect(lambda _index: self.refresh_preview())
        self.year_combo.currentIndexChanged.connect(lambda _index: self.refresh_preview())
        self._stale = False
        session.town_changed.connect(self._mark_stale)
        session.issuance_changed.connect(self._mark_stale)
        session.procedures_changed.connect(self._mark_stale)
        session.settings_changed.connect(self._mark_stale)
        self._reload_versions()

    def _mark_stale(self) -> None:
        """Data changed elsewhere: render again when the page is next shown (not now)."""
        if self.isVisible():
            self._reload_versions()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._stale = False
            self._reload_versions()
        super().showEvent(event)

    # -- choices -------------------------------------------------------------------
    def current_form(self) -> FormChoice:
        return FORMS[max(self.form_combo.currentIndex(), 0)]

    def current_version(self) -> int | None:
        data = self.version_combo.currentData()
        return int(data) if data is not None else None

    def current_year(self) -> int | None:
        data = self.year_combo.currentData() if self.current_form().per_year else None
        return int(data) if data is not None else None

    def _reload_versions(self) -> None:
        choice = self.current_form()
        self.version_combo.blockSignals(True)
        self.version_combo.clear()
        self.version_combo.addItem("作業中の内容（最新の入力内容）", None)
        if choice.versions:
            from models.issuance.repository import IssuanceRepository

            for version in IssuanceRepository(self.session.store).versions():
                when = to_wareki(version.frozen_at.date())
                self.version_combo.addItem(
                    f"第{version.number}版 {version.label}（{when}確定）", version.number
                )
        self.version_combo.setEnabled(choice.versions)
        self.version_combo.blockSignals(False)
        self.year_combo.blockSignals(True)
        self.year_combo.clear()
        if choice.per_year:
            from models.procedures.repository import ChecklistRepository
            from models.procedures.summary import fiscal_years

            for year in sorted(fiscal_years(ChecklistRepository(self.session.store).load()), reverse=True):
                self.year_combo.addItem(fiscal_year_label(year), year)
        self.year_combo.setVisible(choice.per_year)
        self.year_label.setVisible(choice.per_year)
        self.year_combo.blockSignals(False)
        self.refresh_preview()

    def reload(self) -> None:
        self._reload_versions()

    # -- preview -------------------------------------------------------------------
    def render_pdf(self) -> bytes:
        from forms.commands.pdf import render_form

        return render_form(
            self.session.store,
            self.current_form().key,
            version=self.current_version(),
            fiscal_year=self.current_year(),
        )

    def refresh_preview(self) -> None:
        try:
            self.pdf_bytes = self.render_pdf()
        except AppError as exc:
            self.pdf_bytes = b""
            self.document.close()
            self.status.setText(f"⚠ 帳票を作成できません：{exc.user_message}")
            self._enable_outputs()
            return
        self._show(self.pdf_bytes)
        pages = self.document.pageCount()
        self.status.setText(f"{self.current_form().label}：{pages}ページ")
        self._enable_outputs()

    def _show(self, data: bytes) -> None:
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer  # the document reads from it: keep it alive

    def _enable_outputs(self) -> None:
        has_pdf = bool(self.pdf_bytes)
        self.save_pdf_button.setEnabled(has_pdf)
        self.print_button.setEnabled(has_pdf)

    # -- outputs -------------------------------------------------------------------
    def default_pdf_name(self) -> str:
        name, code = self.session.town.identity()
        version = self.current_version()
        suffix = f"_第{version}版" if version else ""
        return f"{code}_{name}_{self.current_form().file_stem}{suffix}_{date.today():%Y%m%d}.pdf"

    def save_pdf(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "PDFを保存", str(Path.home() / self.default_pdf_name()), PDF_FILTER
        )
        if name:
            self.save_pdf_to(Path(name))

    def save_pdf_to(self, path: Path) -> bool:
        from models.fileio import write_atomically

        if not self.pdf_bytes:
            return False
        try:
            write_atomically(path, self.pdf_bytes)
        except AppError as exc:
            errors.show_error(self, exc, title="PDFを保存できません")
            return False
        self.status.setText(f"PDFを保存しました：{path}")
        return True

    def print_pdf(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("印刷")
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Print every page of the preview; returns the number of pages printed."""
        count = self.document.pageCount()
        if count <= 0:
            return 0
        painter = QPainter()
        if not painter.begin(printer):
            errors.show_error(
                self, ExportError("プリンターを開始できませんでした。プリンターの設定を確認してください。")
            )
            return 0
        try:
            dpi = printer.resolution()
            for page in range(count):
                if page:
                    printer.newPage()
                points = self.document.pagePointSize(page)
                size = QSize(int(points.width() * dpi / 72), int(points.height() * dpi / 72))
                image = self.document.render(page, size)
                target = painter.viewport()
                scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(QPointF(0, 0).toPoint(), scaled), image)
        finally:
            painter.end()
        self.status.setText(f"{count}ページを印刷しました。")
        return count

    def export_xlsx(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Excelファイルの保存先フォルダ", str(Path.home()))
        if folder:
            self.export_xlsx_to(Path(folder))

    def export_xlsx_to(self, folder: Path) -> Path | None:
        from forms.excel.workbook import export_workbook

        try:
            path = export_workbook(self.session.store, folder)
        except AppError as exc:
            errors.show_error(self, exc, title="Excelファイルを作成できません")
            return None
        self.status.setText(f"Excelファイルを作成しました：{path}")
        return path

    def import_xlsx(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Excelファイルを取り込む", str(Path.home()), XLSX_FILTER)
        if name:
            self.import_xlsx_from(Path(name))

    def import_xlsx_from(self, path: Path) -> bool:
        """Validate the whole workbook first; import only when every cell is acceptable."""
        from forms.excel.importer import apply_import, read_workbook
        from gui.dialogs import import_problems_dialog
        from models.usecases.backup import automatic_backup

        _, code = self.session.town.identity()
        try:
            result = read_workbook(path, expected_lg_code=code or None)
        except WorkbookImportError as exc:
            if exc.problems:
                import_problems_dialog.show_import_problems(self, exc)
            else:
                errors.show_error(self, exc, title="取り込めませんでした")
            return False
        except AppError as exc:
            errors.show_error(self, exc, title="取り込めませんでした")
            return False
        created = to_wareki(result.created) if result.created else "不明"
        if not errors.ask_yes_no(
            self,
            f"{result.town_name}（{result.lg_code}）のExcelファイル（作成日：{created}）を取り込みます。\n"
            "現在の交付円滑化計画は、このファイルの内容に置き換わります（取り込む前にバックアップします）。よろしいですか？",
            title="Excelファイルの取り込み",
        ):
            return False
        try:
            automatic_backup(self.session.store, "import")
            apply_import(self.session.store, result)
        except AppError as exc:
            errors.show_error(self, exc, title="取り込めませんでした")
            return False
        self.session.undo_stack.clear()  # an import is undone by restoring the backup, not by Ctrl+Z
        self.session.town_changed.emit()
        self.session.issuance_changed.emit()
        self.session.procedures_changed.emit()
        self.refresh_preview()
        self.status.setText(f"取り込みました：{path.name}（取り込む前の状態はバックアップしてあります）")
        return True
