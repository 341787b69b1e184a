"""Start-up benchmark: `main.py --smoke-test window` on the demo town beside a bare Qt window.

Run on demand (not part of the test suite):
    .venv/bin/python tests/benchmarks/bench_startup.py [--runs 7]
Both are measured in the same run, as separate processes, offscreen; the figure is the
median wall time from process start to exit, and the ratio app / bare Qt.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BARE_QT = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1100, 760)
window.show()
app.processEvents()
window.close()
"""


def time_command(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        env["XDG_DATA_HOME"] = env["XDG_CONFIG_HOME"] = tmp
        db = Path(tmp) / "demo.db"
        subprocess.run(
            [sys.executable, "main.py", "demo", "--db", str(db)],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        app_cmd = [sys.executable, "main.py", "--smoke-test", "window", "--db", str(db)]
        all_cmd = [sys.executable, "main.py", "--smoke-test", "all", "--db", str(db)]
        bare_cmd = [sys.executable, "-c", BARE_QT]
        time_command(app_cmd, env)  # warm the file cache for both
        time_command(bare_cmd, env)
        app_times, bare_times, all_times = [], [], []
        for _ in range(args.runs):  # interleaved so all see the same machine load
            bare_times.append(time_command(bare_cmd, env))
            app_times.append(time_command(app_cmd, env))
            all_times.append(time_command(all_cmd, env))
    bare, app = statistics.median(bare_times), statistics.median(app_times)
    every = statistics.median(all_times)
    print(f"bare Qt window : {1000 * bare:7.0f} ms (median of {args.runs})")
    print(f"まちDX台帳      : {1000 * app:7.0f} ms (median of {args.runs}, demo town, window shown)")
    print(f"ratio          : {app / bare:7.2f}x")
    print(f"all pages built: {1000 * every:7.0f} ms (every page visited, the form preview rendered)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
