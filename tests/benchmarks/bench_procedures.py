"""オンライン手続 page benchmark: page load and every filter change with 500 procedures ×
10 年度 of figures. Aim: each filter change (and each search keystroke) under 100 ms.

Run on demand (not part of the test suite):
    .venv/bin/python tests/benchmarks/bench_procedures.py [--runs 5] [--procedures 500] [--years 10]

The checklist is ``tests.procedure_samples.large_checklist`` (the national list plus town
procedures up to 500 entries, each with 10 年度 of figures) stored in a database file.
Measured offscreen, the page shown at 1180×800 inside the main window:

  load        the first visit of the page (build, load from the database, compute the
              header figures and alerts, fill the list), events processed;
  reload      the stored checklist shown again (after an undo, another page's import);
  filters     each filter change as the user makes it (区分, 状況, 方式, 期限超過, 廃止も表示,
              clearing), the list repainted;
  search      one keystroke in the search box (the query grows a character at a time);
  edit        one change in the detail panel (the status of a procedure): draft, header
              figures, alerts, list row, detail;
  save        保存 of that change (one undo command, one transaction) and the reload.
Figures are the median of ``--runs`` runs (first-visit load: one per fresh window).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

AIM_MS = 100.0


def timed(action: Callable[[], object], app: object) -> float:
    start = time.perf_counter()
    action()
    app.processEvents()  # type: ignore[attr-defined]
    return (time.perf_counter() - start) * 1000


def choose(combo: Any, key: object) -> Callable[[], None]:
    return lambda: combo.setCurrentIndex(combo.findData(key))


def filter_steps(page: Any) -> list[tuple[str, Callable[[], object]]]:
    """Each filter change as the user makes it, in order."""
    return [
        ("filter 区分 = 介護関係", choose(page.group_filter, "介護関係")),
        ("filter 区分 = 本町独自", choose(page.group_filter, "本町独自の手続")),
        ("filter 状況 = 未定", choose(page.status_filter, "undecided")),
        ("filter 方式 = ぴったり", choose(page.channel_filter, "pittari")),
        ("filter 期限超過のみ", partial(page.overdue_filter.setChecked, True)),
        ("filter 廃止も表示", partial(page.retired_filter.setChecked, True)),
        ("filter clear all", page.clear_filters),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--procedures", type=int, default=500)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()

    from gui.app import create_application
    from gui.main_window import MainWindow
    from gui.pages.procedures_page import ProceduresPage
    from gui.session import Session
    from models.store.database import Store
    from tests.procedure_samples import CREATED, large_checklist, town_with_checklist

    app = create_application([])
    checklist = large_checklist(args.procedures, args.years)
    figures = sum(1 for u in checklist.usage if u.total is not None)
    print(f"checklist: {len(checklist.catalogue)} procedures, {figures} yearly figures ({args.years} 年度)")
    results: dict[str, list[float]] = {}

    def add(name: str, ms: float) -> None:
        results.setdefault(name, []).append(ms)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.db"
        town_with_checklist(path, checklist).close()
        for _run in range(args.runs):
            session = Session(Store.open(path))
            window = MainWindow(session)
            window.resize(1180, 800)
            window.show()
            app.processEvents()
            page_holder: list[ProceduresPage] = []

            def visit(window: MainWindow = window, holder: list[ProceduresPage] = page_holder) -> None:
                page = window.show_page("procedures")
                assert isinstance(page, ProceduresPage)
                holder.append(page)

            add("load (first visit)", timed(visit, app))
            page = page_holder[0]
            page.draft.today = CREATED
            add("reload", timed(page.reload, app))
            shown = len(page.visible_rows())
            for name, action in filter_steps(page):
                add(name, timed(action, app))
            query = "町独自の手続その12"
            for i in range(len(query)):
                add("search keystroke", timed(partial(page.search.setText, query[: i + 1]), app))
            add("search cleared", timed(page.search.clear, app))

            page.show_procedure("P31-06")
            app.processEvents()
            detail = page.detail
            add("edit (status in the panel)", timed(choose(detail.channel, "pittari"), app))
            choose(detail.status, "online")()
            app.processEvents()
            add("save (command + reload)", timed(page.save, app))
            session.undo_stack.undo()
            app.processEvents()
            window.close_without_prompt()
            import shiboken6

            shiboken6.delete(window)
            session.close()

    print(f"rows shown: {shown} (+ group rows)")
    print(f"{'step':<30} {'median':>9} {'worst':>9}")
    worst_filter = 0.0
    for name, values in results.items():
        median = statistics.median(values)
        if name.startswith(("filter", "search")):
            worst_filter = max(worst_filter, median)
        print(f"{name:<30} {median:>7.1f}ms {max(values):>7.1f}ms")
    verdict = "OK" if worst_filter < AIM_MS else "SLOW"
    print(f"slowest filter change (median): {worst_filter:.1f} ms — aim < {AIM_MS:.0f} ms: {verdict}")
    return 0 if worst_filter < AIM_MS else 1


if __name__ == "__main__":
    sys.exit(main())
