"""Start-up and closing, whole process, on offices of 0, 10,000, 100,000 and 300,000 cases.

    .venv/bin/python bench/startup.py [--runs 5] [--sizes 0,10000,100000,300000] [--data DIR]
        [--bytecode]

Each figure is `akimdesk --exit-after-start` (it opens the main window on the fines register,
prints its own start-up time, and closes the window) timed from outside: the whole process from
exec to exit, wall time and, beside it, the CPU time the process used (steadier on a shared
machine). Twice per office: with a recent backup (closing makes no copy) and with a copy due
(closing makes the compressed copy, with its progress, before the process ends). The office
with no cases is set up by the first run. `--data DIR` keeps the demo offices (DIR/fines-N)
between runs; they are made with `akimdesk demo` when missing. `--bytecode` lets Python keep
compiled bytecode (in a temporary folder), as an installed app has it: this environment sets
PYTHONDONTWRITEBYTECODE, so without it the app's own modules are compiled at every start.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LAST_BACKUP = "last_backup_at"  # services.backup's Meta key: when the last copy was made


def start(data: Path, env: dict[str, str]) -> tuple[float, float, int, int]:
    """(wall ms, CPU ms, the app's own ms, peak MB) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", "akimdesk", "--data-dir", str(data), "--exit-after-start"],
        capture_output=True, text=True, env=env, check=True,
    ).stdout  # fmt: skip
    wall = (time.perf_counter() - t0) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    m = re.search(r"shown in (\d+) ms, peak memory (\d+) MB", out)
    assert m, out
    return wall, cpu, int(m.group(1)), int(m.group(2))


def copy_due(data: Path) -> None:
    """The last copy forgotten (closing makes one) and the copies made so far removed."""
    with sqlite3.connect(data / "akimdesk.sqlite3") as conn:
        conn.execute("DELETE FROM meta WHERE key = ?", (LAST_BACKUP,))
    shutil.rmtree(data / "backups", ignore_errors=True)


def report(label: str, results: list[tuple[float, float, int, int]]) -> None:
    wall = [r[0] for r in results]
    cpu = statistics.median(r[1] for r in results)
    own = statistics.median(r[2] for r in results)
    print(f"  {label:<34} whole process {statistics.median(wall):5.0f} ms (min {min(wall):5.0f}, "
          f"max {max(wall):5.0f}), CPU {cpu:5.0f} ms; app's own timer {own:5.0f} ms; "
          f"peak {max(r[3] for r in results)} MB ({len(results)} runs)", flush=True)  # fmt: skip


def office(root: Path, cases: int) -> Path:
    data = root / f"fines-{cases}"
    if cases and not (data / "akimdesk.sqlite3").exists():
        print(f"making a demo office of {cases:,} cases…", flush=True)
        subprocess.run([sys.executable, "-m", "akimdesk", "--data-dir", str(data), "demo",
                        "--fines", str(cases)], check=True, capture_output=True)  # fmt: skip
    return data


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="0,10000,100000,300000")
    ap.add_argument("--data", help="keep the demo offices here (default: a temporary folder)")
    ap.add_argument("--bytecode", action="store_true", help="let Python keep compiled bytecode")
    args = ap.parse_args()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    tmp = Path(tempfile.mkdtemp())
    if args.bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(tmp / "pycache")
    root = Path(args.data) if args.data else tmp
    print(f"load average at start: {os.getloadavg()[0]:.2f}; bytecode kept: {args.bytecode}")
    for cases in (int(n) for n in args.sizes.split(",")):
        data = office(root, cases)
        if cases == 0:
            shutil.rmtree(data, ignore_errors=True)  # a set-up office with no cases: made anew
        start(data, env)  # sets up or migrates the office, warms the OS cache, makes a first copy
        start(data, env)
        print(f"{'a set-up office with no cases' if cases == 0 else f'{cases:,} cases'} "
              f"({(data / 'akimdesk.sqlite3').stat().st_size / 1e6:,.0f} MB):", flush=True)  # fmt: skip
        report("start and close, no copy due", [start(data, env) for _ in range(args.runs)])
        due = []
        for _ in range(max(2, args.runs // 2)):
            copy_due(data)
            due.append(start(data, env))
        report("start and close with a copy due", due)
        for leftover in data.glob("akimdesk.before-*.sqlite3"):
            leftover.unlink()  # the copy taken before a migration
    print(f"load average at end: {os.getloadavg()[0]:.2f}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
