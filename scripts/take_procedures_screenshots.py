"""Render the screenshots of the オンライン手続 page offscreen from the demo town:

    python scripts/take_procedures_screenshots.py

Writes docs/screenshots/procedures_*.png:
  procedures_page.png         the checklist with P31-19 selected (its caveat) — 本町の状況
  procedures_usage.png        a procedure's 年度別の件数 and オンライン利用率
  procedures_filter.png       searched with half-width kana (ｻｰﾋﾞｽ) and the overdue filter
  procedures_validation.png   うちオンライン件数 above 手続総件数: the message, 保存 disabled
  procedures_paste.png        the paste dialog: matched rows, an unmatched name mapped
  procedures_update.png       the diff of a newer national list before it applies
"""

from __future__ import annotations

import csv
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "screenshots"
SIZE = (1180, 800)


def _window(folder: Path) -> object:
    from gui.main_window import MainWindow
    from gui.session import Session
    from models.demo import create_demo
    from models.store.database import Store

    store = Store.open(folder / "demo.db")
    create_demo(store)
    window = MainWindow(Session(store))
    window.resize(*SIZE)
    window.show()
    return window


def _save(widget: object, name: str) -> None:
    widget.grab().save(str(OUT / name))  # type: ignore[attr-defined]
    print(f"  {name}")


def main() -> int:
    from gui.app import create_application

    app = create_application()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        window = _window(folder)
        page = window.show_page("procedures")  # type: ignore[attr-defined]
        app.processEvents()
        page.show_procedure("P31-19")
        app.processEvents()
        _save(window, "procedures_page.png")

        page.show_procedure("P31-10")
        page.detail.tabs.setCurrentIndex(1)
        app.processEvents()
        _save(window, "procedures_usage.png")

        page.detail.tabs.setCurrentIndex(0)
        page.search.setText("ｻｰﾋﾞｽ")
        page.select_code(page.visible_rows()[-1].code)
        app.processEvents()
        _save(window, "procedures_filter_search.png")
        page.clear_filters()
        page.overdue_filter.setChecked(True)
        page.select_code(page.visible_rows()[0].code)
        app.processEvents()
        _save(window, "procedures_filter.png")
        page.clear_filters()

        page.show_procedure("P31-15")
        detail = page.detail
        detail.tabs.setCurrentIndex(1)
        year = detail.usage_model.rows()[1].fiscal_year  # the latest 年度 with figures
        total = detail.usage_model.rows()[1].total or 0
        detail.edit_count(year, "online", str(total + 25))
        app.processEvents()
        _save(window, "procedures_validation.png")
        page.discard()
        app.processEvents()

        _paste(app, page)
        _update(app, page, folder)
        _close(window)
    print(f"screenshots written to {OUT}")
    return 0


def _paste(app: object, page: object) -> None:
    from gui.pages.procedures import dialogs

    stored = page.draft.stored  # type: ignore[attr-defined]
    current = {(u.code, u.fiscal_year): u for u in stored.usage}
    dialog = dialogs.UsagePasteDialog(stored.catalogue, current, 2023, page)  # type: ignore[arg-type]
    dialog.text.setPlainText(
        "手続名\t手続総件数\tオンライン件数\n"
        "児童手当等の現況届\t1,480\t1,102\n"
        "妊娠の届出\t118\t61\n"
        "高額介護(予防)ｻｰﾋﾞｽ費の支給申請\t1,240\t310\n"
        "要介護認定申請（新規）\t212\t25\n"
        "町民農園の利用申込\t48\t48\n"
    )
    dialog.map_row(0, "P31-16")
    dialog.map_row(1, dialogs.ADD_AS_TOWN)
    dialog.show()
    app.processEvents()  # type: ignore[attr-defined]
    _save(dialog, "procedures_paste.png")
    dialog.close()


def _update(app: object, page: object, folder: Path) -> None:
    from gui.pages.procedures import dialogs
    from models.catalog import read_catalog_csv
    from models.procedures.catalogue_update import REQUIRED_COLUMNS, diff_catalogue, read_catalogue_file

    rows = [dict(r) for r in read_catalog_csv("procedures.csv")]
    for row in rows:
        if row["code"] == "P31-19":
            row["name"] = "居宅（介護予防）サービス計画作成（変更）依頼の届出"
        if row["code"] == "P58-A03":
            row["category"] = "生涯学習"
    rows = [r for r in rows if r["code"] != "P58-A14"]
    rows.append(dict(rows[-1], code="P58-A15", name="住民票の写しの交付請求", in_31="0", in_58_class="a"))
    path = folder / "2024-04.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(REQUIRED_COLUMNS), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    stored = page.draft.stored  # type: ignore[attr-defined]
    diff = diff_catalogue(stored.catalogue, read_catalogue_file(path))
    dialog = dialogs.CatalogueUpdateDialog(diff, path, stored.list_version, page)  # type: ignore[arg-type]
    dialog.show()
    app.processEvents()  # type: ignore[attr-defined]
    _save(dialog, "procedures_update.png")
    dialog.close()


def _close(window: object) -> None:
    """Close and delete the window while the application still exists."""
    import shiboken6

    window.close_without_prompt()  # type: ignore[attr-defined]
    shiboken6.delete(window)


if __name__ == "__main__":
    sys.exit(main())
