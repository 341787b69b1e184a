"""Kill-the-writer harness shared by tests/models/test_crash.py and tests/benchmarks/bench_crash.py.

Run as a script, it is the *writer*: it takes the writer lock (a stale one left by the
previous kill is taken over, as the GUI does), opens the database with ``Store.open`` and
makes ``count`` random edits through the models write path (``TownRepository.update``),
printing and flushing each edit's sequence number once ``update`` has returned, i.e. once
the transaction has committed.

Imported, ``run_trial`` starts such a writer, kills it with SIGKILL at a random moment and
checks the reopened file against what the writer printed. The audit log is the ground
truth: every committed edit wrote exactly one audit row for ``population`` in its own
transaction, with population = base + sequence number.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from models.store.database import Store  # noqa: E402
from models.store.lock import WriterLock  # noqa: E402
from models.store.town_repository import TownRepository  # noqa: E402
from models.town import TownProfile  # noqa: E402

EDITS = 1000
START_POPULATION = 10_000
PEOPLE = ("山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 美咲", "田中 健", "伊藤 さくら")
DEPARTMENTS = ("総務課", "企画課", "DX推進室", "情報政策課")


def initial_profile() -> TownProfile:
    return TownProfile(
        lg_code="033227",
        name="矢巾町",
        kind="machi",
        population=START_POPULATION,
        population_as_of=date(2024, 1, 1),
        general_staff=150,
    )


def create_database(path: Path) -> None:
    store = Store.open(path)
    try:
        TownRepository(store).replace_all(initial_profile())
    finally:
        store.close()


# -- the writer (child process) -------------------------------------------------------------


def write_edits(db: Path, base: int, count: int, seed: int) -> None:
    rng = random.Random(seed)
    lock = WriterLock(db)
    holder = lock.acquire()
    if holder is not None:
        if not lock.is_stale(holder):
            raise SystemExit(f"lock held by a live instance: {holder}")
        lock.take_over()
    store = Store.open(db, create=False)
    repo = TownRepository(store)
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    for seq in range(1, count + 1):
        changes: dict[str, object] = {"population": base + seq}
        pick = rng.random()
        if pick < 0.35:
            changes["contact_person"] = f"{rng.choice(PEOPLE)}{seq}"
        elif pick < 0.55:
            exists = rng.random() < 0.5
            changes["dx_dept_exists"] = exists
            changes["dx_dept_name"] = rng.choice(DEPARTMENTS) if exists else ""
        elif pick < 0.75:
            changes["general_staff"] = rng.randint(0, 500)
        elif pick < 0.85:
            changes["contact_dept"] = rng.choice(DEPARTMENTS)
        repo.update(changes)
        out.write(f"{seq}\n")
        out.flush()
    store.close()
    lock.release()


# -- the parent -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TrialResult:
    printed: int  # sequence numbers the writer printed before it died
    committed: int  # edits found in the reopened file (audit rows)
    lost: int  # printed but not found: must be 0
    killed_early: bool  # killed after a delay, possibly before or while opening


def _state(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """(population, population audit rows, newest audit id)."""
    population = conn.execute("SELECT population FROM town_profile WHERE id = 1").fetchone()[0]
    rows, newest = conn.execute(
        "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM audit_log WHERE field = 'population'"
    ).fetchone()
    return int(population), int(rows), int(newest)


def run_trial(db: Path, rng: random.Random) -> TrialResult:
    """Start a writer, SIGKILL it at a random moment, reopen and check. Raises
    AssertionError with the details when the file is damaged or an edit is lost."""
    store = Store.open(db, create=False)
    try:
        base, rows_before, newest_before = _state(store.conn)
    finally:
        store.close()

    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.Popen(
        [sys.executable, __file__, str(db), str(base), str(EDITS), str(rng.randrange(2**32))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None
    seen: list[bytes] = []
    killed_early = rng.random() < 0.1
    if killed_early:  # anywhere from start-up through opening into the first edits
        time.sleep(rng.uniform(0.0, 0.15))
    else:
        target = rng.randrange(EDITS)  # sequence numbers to read before the kill
        seen.append(proc.stdout.readline())  # "ready"
        while len(seen) <= target:
            line = proc.stdout.readline()
            if not line:
                break
            seen.append(line)
    proc.kill()  # SIGKILL on POSIX
    proc.wait()
    seen.extend(proc.stdout.read().splitlines(keepends=True))  # printed before the kill
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    proc.stdout.close()
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode not in (-9, 0) and os.name != "nt":
        raise AssertionError(f"writer failed (exit {proc.returncode}):\n{stderr}")

    numbers = [int(line) for line in seen if line.endswith(b"\n") and line.strip().isdigit()]
    assert numbers == list(range(1, len(numbers) + 1)), "the writer printed out of order"
    printed = len(numbers)

    # A new instance finds the crashed one's lock stale (same host, process gone).
    lock = WriterLock(db)
    holder = lock.holder()
    assert holder is None or lock.is_stale(holder), f"lock of a killed writer not stale: {holder}"

    store = Store.open(db, create=False)  # integrity checked on open
    try:
        check = [row[0] for row in store.conn.execute("PRAGMA integrity_check").fetchall()]
        assert check == ["ok"], f"integrity_check after the kill: {check}"
        population, rows_after, _ = _state(store.conn)
        committed = rows_after - rows_before
        values = [
            int(row[0])
            for row in store.conn.execute(
                "SELECT new_value FROM audit_log WHERE field = 'population' AND id > ? ORDER BY id",
                (newest_before,),
            )
        ]
    finally:
        store.close()
    lost = max(0, printed - committed)
    assert lost == 0, f"{lost} committed edit(s) lost: printed {printed}, found {committed}"
    assert values == list(range(base + 1, base + committed + 1)), "audit log has gaps or extras"
    assert population == base + committed, "the profile does not match the audit log"
    assert committed <= EDITS
    return TrialResult(printed, committed, lost, killed_early)


if __name__ == "__main__":
    write_edits(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
