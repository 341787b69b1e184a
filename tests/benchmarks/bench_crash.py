"""Crash benchmark: ≥ 200 SIGKILLs in the middle of bursts of 1,000 edits.

Run on demand (not part of the test suite):
    .venv/bin/python tests/benchmarks/bench_crash.py [--runs 200] [--seed 20241122]
Each run starts a writer process that edits the town profile through the models write
path, kills it at a random moment, reopens the file (integrity check on open and
PRAGMA integrity_check) and counts the committed edits from the audit log. The figures:
runs, edits committed, edits printed by the writer before the kill, edits lost (must be 0)
and the wall time. Exits non-zero on the first damaged file or lost edit.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.models.crash_harness import EDITS, create_database, run_trial  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=20241122)
    args = parser.parse_args()
    committed = printed = lost = early = 0
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "town.db"
        create_database(db)
        started = time.perf_counter()
        for run in range(args.runs):
            try:
                result = run_trial(db, random.Random(f"{args.seed}-{run}"))
            except AssertionError as exc:
                print(f"FAILED at run {run} (seed {args.seed}): {exc}", file=sys.stderr)
                return 1
            committed += result.committed
            printed += result.printed
            lost += result.lost
            early += result.killed_early
        elapsed = time.perf_counter() - started
        size = db.stat().st_size
    print(f"runs (SIGKILLs):        {args.runs} (seed {args.seed}; {early} during start-up/open)")
    print(f"edits per burst:        {EDITS}")
    print(f"edits committed:        {committed} (found in the audit log after the kills)")
    print(f"edits printed pre-kill: {printed}")
    print(f"edits lost:             {lost}")
    print("damaged reopenings:     0 (integrity_check ok every time)")
    print(f"database size at end:   {size / 1024:.0f} KiB")
    print(f"time:                   {elapsed:.1f} s ({1000 * elapsed / args.runs:.0f} ms per run)")
    return 0 if lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
