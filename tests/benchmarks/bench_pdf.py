"""PDF benchmark: the 交付円滑化計画 form beside a plain reportlab document of the same
page count, in the same run.

Run on demand (not part of the test suite):
    .venv/bin/python tests/benchmarks/bench_pdf.py [--runs 7]

Cases:
  demo       the demo town's plan as ``render_form`` prints it from the database (the
             demo plan when the demo ships one, else the hand-built 30-month test plan)
  10 years   a 120-month plan/actual history (the longest plan the app accepts)
  proc demo  「行政手続のオンライン化 取組状況」 of the demo town (``render_form``)
  proc 500   the same form for 500 procedures × 10 年度 of figures
  pub 500    「情報通信技術の利用に関する状況の公表」 of the latest 年度 of that checklist
The baseline is a SimpleDocTemplate with the same fonts registered and, on each page, a
heading, a paragraph and a 34-row table of plain strings — what "the same document made
without the form engine" costs. Both are measured interleaved; each figure is the median
of ``--runs`` renders in memory (fonts already registered, as in a running app). Aim: the
form ≤ 1.5× the baseline.
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import mm  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle  # noqa: E402

from forms.commands.pdf import render_form  # noqa: E402
from forms.pdf.fonts import GOTHIC, MINCHO, register_fonts  # noqa: E402
from forms.pdf.issuance import IssuanceForm, render_issuance  # noqa: E402
from forms.pdf.procedures import ProceduresForm, render_procedures  # noqa: E402
from forms.pdf.procedures_publication import PublicationForm, render_publication  # noqa: E402
from forms.pdf.reference import reference_rates  # noqa: E402
from models.demo import create_demo  # noqa: E402
from models.issuance.records import CapacitySettings  # noqa: E402
from models.issuance.repository import IssuanceRepository  # noqa: E402
from models.store.database import Store  # noqa: E402
from tests.issuance_samples import CREATED, TOWN, long_plan, small_plan  # noqa: E402
from tests.procedure_samples import CREATED as PROCEDURES_CREATED  # noqa: E402
from tests.procedure_samples import large_checklist  # noqa: E402

ROWS_PER_PAGE = 42


def page_count(pdf: bytes) -> int:
    """Pages of a reportlab PDF (its page objects are not compressed)."""
    return len(re.findall(rb"/Type /Page(?![s\w])", pdf))


def baseline(pages: int) -> bytes:
    """A plain document of exactly ``pages`` A4 pages in the same fonts, as full as the
    form's pages: a heading, a paragraph and a 10-column table of 42 rows on each."""
    register_fonts()
    heading = ParagraphStyle("h", fontName=GOTHIC, fontSize=11.5, leading=16)
    body = ParagraphStyle("b", fontName=MINCHO, fontSize=9.5, leading=14, wordWrap="CJK")
    story = []
    for page in range(pages):
        story.append(Paragraph(f"{page + 1}．月別の申請件数・交付枚数（計画と実績）", heading))
        story.append(Paragraph("累計は計画期間前の交付を含む。交付率は累計交付枚数÷住民基本台帳人口。", body))
        rows = [
            [
                "年月",
                "申請計画",
                "申請実績",
                "申請累計",
                "交付計画",
                "交付実績",
                "累計計画",
                "累計実績",
                "率計画",
                "率実績",
            ]
        ]
        rows += [
            [
                f"令和{3 + i // 12}年{i % 12 + 1}月",
                *(f"{(100 + i) * k:,}" for k in range(1, 8)),
                f"{(i * 7) % 100}.{i % 10}%",
                f"{(i * 3) % 100}.{i % 10}%",
            ]
            for i in range(ROWS_PER_PAGE)
        ]
        table = Table(rows, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), MINCHO, 8.5, 11),
                    ("GRID", (0, 0), (-1, -1), 0.25, "grey"),
                    ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ]
            )
        )
        story.append(table)
        if page < pages - 1:
            story.append(PageBreak())
    buffer = io.BytesIO()
    margin = 15 * mm
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        invariant=1,
        initialFontName=MINCHO,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=24 * mm,
        bottomMargin=16 * mm,
    ).build(story)
    return buffer.getvalue()


def demo_store() -> Store:
    store = Store.memory()
    create_demo(store)
    repository = IssuanceRepository(store)
    if not repository.has_plan():
        repository.save(small_plan(), today=CREATED)
    return store


def median_time(make: Callable[[], bytes], runs: int) -> tuple[float, bytes]:
    times, result = [], b""
    for _ in range(runs):
        started = time.perf_counter()
        result = make()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    started = time.perf_counter()
    register_fonts()
    print(f"fonts registered once in {time.perf_counter() - started:.3f} s (not counted below)")
    store = demo_store()
    ten_years = IssuanceForm(
        plan=long_plan(),
        town=TOWN,
        form_label="様式1",
        created=date(2026, 1, 15),
        capacity=CapacitySettings(),
        references=tuple(reference_rates(TOWN.lg_code, TOWN.kind)),
    )
    large = large_checklist(500, 10)
    procedures = ProceduresForm(large, TOWN, "様式2", PROCEDURES_CREATED)
    publication = PublicationForm(large, TOWN, "様式3", PROCEDURES_CREATED)
    cases: list[tuple[str, Callable[[], bytes]]] = [
        ("demo", lambda: render_form(store, "issuance", created=CREATED)),
        ("10 years", lambda: render_issuance(ten_years)),
        ("proc demo", lambda: render_form(store, "procedures", created=PROCEDURES_CREATED)),
        ("proc 500", lambda: render_procedures(procedures)),
        ("pub 500", lambda: render_publication(publication)),
    ]
    print(f"{'case':<10} {'pages':>5} {'form':>9} {'baseline':>9} {'ratio':>6}  {'size':>8}")
    worst = 0.0
    for name, make in cases:
        make()  # warm-up (imports, glyph caches)
        pages = page_count(make())
        baseline(pages)
        form_times, base_times = [], []
        pdf = b""
        for _ in range(args.runs):  # interleaved so both see the same machine load
            t, pdf = median_time(make, 1)
            form_times.append(t)
            t, base_pdf = median_time(lambda n=pages: baseline(n), 1)
            base_times.append(t)
        assert page_count(base_pdf) == pages, (page_count(base_pdf), pages)
        form_t, base_t = statistics.median(form_times), statistics.median(base_times)
        ratio = form_t / base_t
        worst = max(worst, ratio)
        print(
            f"{name:<10} {pages:>5} {form_t:>8.3f}s {base_t:>8.3f}s {ratio:>5.2f}×  {len(pdf) // 1024:>6} KB"
        )
    store.close()
    print(f"worst ratio {worst:.2f}× (aim ≤ 1.5×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
