"""What the オンライン手続 page's buttons do besides editing the draft: the town's own
procedures (add, rename, retire), a 年度's figures pasted from Excel, a newer national list.

Each writes on its own as one undo command, so unsaved edits of the draft are saved first
(the user is asked). Dialogs open through ``dialogs.run`` (tests replace it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui import errors
from gui.commands import (
    CatalogueUpdateCommand,
    TownProcedureAddCommand,
    TownProcedureEditCommand,
    TownProcedureRetireCommand,
    UsagePasteCommand,
)
from gui.pages.procedures import dialogs
from models.calendar import fiscal_year, fiscal_year_label
from models.errors import AppError, WorkbookImportError
from models.procedures.catalogue_update import diff_catalogue, read_catalogue_file
from models.procedures.records import UsageFigures
from models.procedures.repository import NATIONAL_NOT_DELETABLE

if TYPE_CHECKING:
    from gui.pages.procedures_page import ProceduresPage


# -- the town's own procedures ---------------------------------------------------------
def add_town_procedure(page: ProceduresPage) -> None:
    if not page.saved_first("手続を追加"):
        return
    dialog = dialogs.TownProcedureDialog(page.draft.stored.catalogue, parent=page)
    if not dialogs.run(dialog) or not dialog.validate():
        return
    name, category, owner = dialog.value()
    command = TownProcedureAddCommand(page.session, name, category, owner)
    if page.push(command):
        page.show_procedure(command.code)


def edit_town_procedure(page: ProceduresPage) -> None:
    entry = page.draft.entries.get(page.detail.code or "")
    if entry is None or entry.origin != "town" or not page.saved_first("手続を編集"):
        return
    dialog = dialogs.TownProcedureDialog(page.draft.stored.catalogue, entry, parent=page)
    if not dialogs.run(dialog) or not dialog.validate():
        return
    name, category, _owner = dialog.value()
    if (name, category) == (entry.name, entry.category):
        return
    page.push(
        TownProcedureEditCommand(page.session, entry.code, (entry.name, entry.category), (name, category))
    )
    page.show_procedure(entry.code)


def retire_town_procedure(page: ProceduresPage) -> None:
    """「使わなくなった（廃止）」 or 「使用を再開する」; a national entry is refused."""
    entry = page.draft.entries.get(page.detail.code or "")
    if entry is None or page.session.readonly:
        return
    if entry.origin != "town":
        errors.show_error(page, NATIONAL_NOT_DELETABLE)
        return
    if not page.saved_first("手続を廃止"):
        return
    retire = not entry.retired
    question = (
        f"「{entry.name}」を使わなくなった手続（廃止）にします。状況と年度別の件数の記録は残ります。"
        "よろしいですか？"
        if retire
        else f"「{entry.name}」の使用を再開しますか？"
    )
    if not errors.ask_yes_no(page, question, title="独自の手続"):
        return
    page.push(TownProcedureRetireCommand(page.session, entry.code, entry.name, retire))
    page.show_procedure(entry.code)


# -- a 年度's figures from Excel ----------------------------------------------------------
def paste_usage(page: ProceduresPage) -> None:
    if not page.saved_first("貼り付け"):
        return
    stored = page.draft.stored
    current = {(u.code, u.fiscal_year): u for u in stored.usage}
    default_fy = fiscal_year(page.draft.today) - 1  # the last 年度 that has ended
    dialog = dialogs.UsagePasteDialog(stored.catalogue, current, default_fy, page)
    if not dialogs.run(dialog) or dialog.fiscal_year is None:
        return
    figures, added = dialog.value()
    if not figures and not added:
        return
    fy = dialog.fiscal_year
    old = [current.get((f.code, f.fiscal_year)) or UsageFigures(f.code, f.fiscal_year) for f in figures]
    count = len(figures) + len(added)
    text = f"{fiscal_year_label(fy)}の件数の貼り付け（{count}手続）"
    if page.push(UsagePasteCommand(page.session, fy, figures, old, added, text)):
        page.save_bar.status.setText(
            f"✓ {fiscal_year_label(fy)}の件数を{count}手続分取り込みました"
            + (f"（うち{len(added)}件は独自の手続として追加）" if added else "")
            + "。Ctrl+Zで元に戻せます。"
        )


# -- a newer national list --------------------------------------------------------------
def update_catalogue(page: ProceduresPage) -> None:
    """Read the chosen list, show the diff, back up, apply (statuses and figures stay)."""
    if not page.saved_first("手続一覧を更新"):
        return
    path = dialogs.choose_catalogue_file(page)
    if path is None:
        return
    from gui.dialogs import import_problems_dialog

    try:
        entries = read_catalogue_file(path)
    except WorkbookImportError as exc:
        if exc.problems:
            import_problems_dialog.show_import_problems(page, exc)
        else:
            errors.show_error(page, exc, title="手続一覧を読み込めません")
        return
    before = page.draft.stored
    diff = diff_catalogue(before.catalogue, entries)
    dialog = dialogs.CatalogueUpdateDialog(diff, path, before.list_version, page)
    if not dialogs.run(dialog) or diff.is_empty:
        return
    try:
        from models.usecases.backup import automatic_backup

        automatic_backup(page.session.store, "import")
    except AppError as exc:
        errors.show_error(page, exc, title="バックアップを作成できないため更新しません")
        return
    if page.push(CatalogueUpdateCommand(page.session, before, entries, dialog.value())):
        page.save_bar.status.setText(
            f"✓ 手続一覧を更新しました（追加 {len(diff.added)}件・名称変更 {len(diff.renamed)}件・"
            f"変更 {len(diff.changed)}件・掲載終了 {len(diff.removed)}件）。各手続の状況と件数はそのままです。"
        )
