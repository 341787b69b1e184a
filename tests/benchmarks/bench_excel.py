"""Excel benchmark: the prefecture workbook's export (and import) time. Aim: export ≤ 0.5 s.

Run on demand (not part of the test suite):
    .venv/bin/python tests/benchmarks/bench_excel.py [--runs 5]

Towns measured:
  demo          the demo town as ``main.py demo`` creates it (30 months, 3 windows)
  10 years      the demo town with a 10-year plan: 120 months of planned and actual figures,
                2 windows, openings, milestones, events and measures
Each export is ``export_workbook(store, folder)``: load from the database, build every sheet,
save, write atomically (fsync). "first" is the first export in this process (it includes
importing openpyxl, as the first export after the app starts does); the others are the
median of ``--runs`` warm runs. Import is ``read_workbook`` (all checks) of that file.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from models.demo import create_demo  # noqa: E402
from models.issuance.repository import IssuanceRepository  # noqa: E402
from models.store.database import Store  # noqa: E402
from tests.issuance_samples import WORKBOOK_TODAY as TODAY  # noqa: E402
from tests.issuance_samples import sample_plan  # noqa: E402

AIM_SECONDS = 0.5


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def build(folder: Path, label: str) -> Store:
    store = Store.open(folder / f"{label}.db")
    create_demo(store)
    if label == "10 years":
        IssuanceRepository(store).save(sample_plan(years=10), today=TODAY)
    return store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from forms.excel.importer import read_workbook
    from forms.excel.workbook import export_workbook

    created = date(2025, 6, 15)
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print(f"{'town':<10} {'months':>6} {'first':>8} {'export':>8} {'import':>8} {'size':>9}")
        for label in ("demo", "10 years"):
            store = build(folder, label)
            out = folder / label.replace(" ", "_")
            out.mkdir()
            try:
                first = timed(lambda: export_workbook(store, out, created=created))  # noqa: B023
                exports = [
                    timed(lambda: export_workbook(store, out, created=created))  # noqa: B023
                    for _ in range(args.runs)
                ]
                path = export_workbook(store, out, created=created)
                months = len(IssuanceRepository(store).load().months)
            finally:
                store.close()
            imports = [
                timed(lambda: read_workbook(path, expected_lg_code="039993", today=TODAY))  # noqa: B023
                for _ in range(args.runs)
            ]
            export_time = statistics.median(exports)
            worst = max(worst, first, export_time)
            print(
                f"{label:<10} {months:>6} {first:>7.3f}s {export_time:>7.3f}s "
                f"{statistics.median(imports):>7.3f}s {path.stat().st_size / 1024:>7.1f}KB"
            )
    verdict = "OK" if worst <= AIM_SECONDS else "OVER"
    print(f"aim: export ≤ {AIM_SECONDS} s — slowest {worst:.3f} s: {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
