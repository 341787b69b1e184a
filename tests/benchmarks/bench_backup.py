"""Backup benchmark: time and size of a backup, its check and a restore, for growing towns.

Run on demand (not part of the test suite):
    .venv/bin/python tests/benchmarks/bench_backup.py [--runs 5]

Towns measured (the app stores only the town profile, settings and the audit log so far,
so "more data" means more audit rows, written through the real write path):
  demo          the demo town as ``main.py demo`` creates it
  demo x10      the demo town with 10x its audit rows (the same edits made ten times)
  1 year        the demo town plus a year of edits (20 field edits a day, 245 working days)
  10 years      the demo town plus ten such years (the 10x figure that matters later)
Each figure is the median of ``--runs`` runs on a warm file cache; times include fsync.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from models.demo import create_demo  # noqa: E402
from models.store.backups import create_backup, restore_backup, verify_backup  # noqa: E402
from models.store.database import Store  # noqa: E402
from models.store.town_repository import TownRepository  # noqa: E402

EDITS_PER_DAY = 20
WORKING_DAYS = 245


def edit(store: Store, count: int) -> None:
    """``count`` audited field edits through TownRepository (the single write path)."""
    repo = TownRepository(store)
    fields = ("contact_person", "contact_phone", "contact_dept", "cio_name", "promotion_body_name")
    with store.atomic():
        for i in range(count):
            name = fields[i % len(fields)]
            value = f"0123-45-{i % 10000:04d}" if name == "contact_phone" else f"担当者{i}"
            repo.update({name: value})


def audit_rows(store: Store) -> int:
    return int(store.conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0])


def build(folder: Path, label: str, extra_edits: Callable[[int], int]) -> Path:
    db = folder / label.replace(" ", "_") / "town.db"
    db.parent.mkdir()
    store = Store.open(db)
    try:
        create_demo(store)
        edit(store, extra_edits(audit_rows(store)))
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    return db


def median_time(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(db: Path, runs: int) -> dict[str, float]:
    store = Store.open(db)
    try:
        rows = audit_rows(store)
        size = db.stat().st_size
        backup_s = median_time(lambda: create_backup(store, "manual", keep=runs + 2), runs)
        info = create_backup(store, "manual", keep=runs + 3)
    finally:
        store.close()
    verify_s = median_time(lambda: verify_backup(info.path), runs)
    restore_s = median_time(lambda: restore_backup(db, info.path, keep=runs + 3), runs)
    return {
        "rows": rows,
        "db_kb": size / 1024,
        "backup_kb": info.size / 1024,
        "backup_ms": backup_s * 1000,
        "verify_ms": verify_s * 1000,
        "restore_ms": restore_s * 1000,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    year = EDITS_PER_DAY * WORKING_DAYS
    towns: dict[str, Callable[[int], int]] = {
        "demo": lambda rows: 0,
        "demo x10": lambda rows: 9 * rows,
        "1 year": lambda rows: year,
        "10 years": lambda rows: 10 * year,
    }
    print(
        f"{'town':<10} {'audit rows':>10} {'db KB':>8} {'backup KB':>10} {'backup ms':>10} "
        f"{'verify ms':>10} {'restore ms':>11}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for label, extra in towns.items():
            db = build(Path(tmp), label, extra)
            f = measure(db, args.runs)
            print(
                f"{label:<10} {f['rows']:>10,.0f} {f['db_kb']:>8,.1f} {f['backup_kb']:>10,.1f} "
                f"{f['backup_ms']:>10.1f} {f['verify_ms']:>10.1f} {f['restore_ms']:>11.1f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
