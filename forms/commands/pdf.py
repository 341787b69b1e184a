"""Printing the forms (様式) to PDF: ``main.py export pdf`` and the 帳票出力 page.

The forms themselves live in ``forms/pdf`` (reportlab); they are imported only when a form
is made, so neither the window nor the other commands pay for loading reportlab.

A frozen (submitted) version is printed from its snapshot — the plan and the town's name
and code as they were when it was frozen — and when the version stored the PDF made at
freezing, exactly those bytes are returned (a byte-for-byte reprint).
"""

from __future__ import annotations

import errno
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from models.errors import ExportError, StorageError, ValidationError
from models.fileio import write_atomically
from models.store.database import Store

#: form key (``--form``) → the form's Japanese title
FORMS = {
    "issuance": "マイナンバーカード交付円滑化計画",
    "procedures": "行政手続のオンライン化 取組状況",
    "procedures-publication": "情報通信技術の利用に関する状況の公表",
}
#: forms printed from the working data only (no frozen versions)
UNVERSIONED = ("procedures", "procedures-publication")
LOCKED_MESSAGE = (
    "ファイルが他のアプリ（PDFビューア等）で開かれているため保存できません。"
    "開いているアプリでファイルを閉じてから、もう一度保存してください：{path}"
)


def render_form(
    store: Store,
    form: str,
    *,
    version: int | None = None,
    created: date | None = None,
    fiscal_year: int | None = None,
) -> bytes:
    """The PDF of ``form`` for the town in ``store``.

    ``version`` None prints the working plan (作成日 = ``created`` or today); a number
    prints that frozen version (作成日 = ``created`` or the day it was frozen), or returns
    the PDF stored when it was frozen, unchanged. The procedure forms have no versions;
    ``fiscal_year`` chooses the 年度 of 「procedures-publication」 (default: the latest
    年度 with figures). Raises ``ExportError`` for an unknown form or version.
    """
    if form not in FORMS:
        raise ExportError(f"帳票の種類が正しくありません：{form}（指定できるもの：{'、'.join(FORMS)}）")
    if form in UNVERSIONED:
        if version is not None:
            raise ExportError(f"{FORMS[form]}には提出版がありません。版の番号を指定せずに作成してください。")
        return _render_procedures(store, form, created=created or date.today(), fiscal_year=fiscal_year)
    return _render_issuance(store, version=version, created=created)


def _render_procedures(store: Store, form: str, *, created: date, fiscal_year: int | None) -> bytes:
    from models.procedures.repository import ChecklistRepository
    from models.store.settings_repository import SettingsRepository
    from models.store.town_repository import TownRepository

    checklist = ChecklistRepository(store).load()
    town = TownRepository(store).load()
    settings = SettingsRepository(store).load()
    if form == "procedures":
        from forms.pdf.procedures import ProceduresForm, render_procedures

        return render_procedures(
            ProceduresForm(
                checklist=checklist,
                town=town,
                form_label=settings.form_label_procedures,
                created=created,
                show_seireki=settings.show_seireki,
            )
        )
    from forms.pdf.procedures_publication import PublicationForm, render_publication

    return render_publication(
        PublicationForm(
            checklist=checklist,
            town=town,
            form_label=settings.form_label_procedures_publication,
            created=created,
            fiscal_year=fiscal_year,
            show_seireki=settings.show_seireki,
        )
    )


def _render_issuance(store: Store, *, version: int | None, created: date | None) -> bytes:
    from models.issuance import labels
    from models.issuance.capacity import capacity_settings
    from models.issuance.repository import IssuanceRepository
    from models.store.settings_repository import SettingsRepository
    from models.store.town_repository import TownRepository

    repository = IssuanceRepository(store)
    town = TownRepository(store).load()
    settings = SettingsRepository(store).load()
    version_label = ""
    if version is None:
        plan = repository.load()
        created = created or date.today()
    else:
        try:
            frozen = repository.version(version)
        except ValidationError as exc:
            raise ExportError(f"第{version}版は登録されていません。版の番号を確かめてください。") from exc
        if frozen.pdf:
            return frozen.pdf
        plan = frozen.plan
        town = replace(town, name=frozen.town_name, lg_code=frozen.lg_code)
        created = created or frozen.frozen_at.date()
        version_label = f"{labels.version_label(frozen.number, frozen.kind)}　{frozen.label}"

    from forms.pdf.issuance import IssuanceForm, render_issuance
    from forms.pdf.reference import reference_rates

    return render_issuance(
        IssuanceForm(
            plan=plan,
            town=town,
            form_label=settings.form_label_issuance,
            created=created,
            capacity=capacity_settings(settings),
            references=tuple(reference_rates(town.lg_code, town.kind or "machi")),
            show_seireki=settings.show_seireki,
            version_label=version_label,
        )
    )


def save_form(
    store: Store,
    form: str,
    out: Path,
    *,
    version: int | None = None,
    created: date | None = None,
    fiscal_year: int | None = None,
) -> int:
    """Render ``form`` and write it to ``out`` atomically; returns the number of bytes.

    A target that another program holds open (a PDF viewer on Windows locks the file)
    gives an ``ExportError`` that says so.
    """
    data = render_form(store, form, version=version, created=created, fiscal_year=fiscal_year)
    write_pdf(out, data)
    return len(data)


def write_pdf(out: Path, data: bytes) -> None:
    """Write ``data`` to ``out`` atomically; ExportError (Japanese) when it cannot be written."""
    try:
        write_atomically(out, data)
    except StorageError as exc:
        cause = exc.__cause__
        if isinstance(cause, PermissionError) or (
            isinstance(cause, OSError) and cause.errno in (errno.EACCES, errno.EBUSY, errno.ETXTBSY)
        ):
            raise ExportError(LOCKED_MESSAGE.format(path=out), detail=exc.detail) from exc
        raise ExportError(exc.user_message, detail=exc.detail) from exc


def export_pdf_command(args: Any) -> tuple[bool, list[str]]:
    """``main.py export pdf --form issuance|procedures|procedures-publication --db PATH --out FILE
    [--version N]`` (``args.fiscal_year``, when the parser has it: the 年度 of the 公表 table)"""
    db = Path(args.db).expanduser().absolute()
    out = Path(args.out).expanduser().absolute()
    form = str(args.form)
    version = getattr(args, "version", None)
    fiscal_year = getattr(args, "fiscal_year", None)
    if not db.exists():
        raise StorageError(f"データベースファイルが見つかりません：{db}")
    # Reading is enough: works while another instance edits the file, and never changes it.
    store = Store.open(db, create=False, readonly=True)
    try:
        size = save_form(store, form, out, version=version, fiscal_year=fiscal_year)
    finally:
        store.close()
    if form in UNVERSIONED:
        return True, [f"{FORMS[form]}のPDFを作成しました：{out}（{size_text(size)}）"]
    which = f"第{version}版" if version is not None else "作業中の計画"
    return True, [f"{FORMS[form]}（{which}）のPDFを作成しました：{out}（{size_text(size)}）"]


def size_text(size: int) -> str:
    """「123 KB」 / 「1.2 MB」."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"
