"""Start-up to a usable main window, empty and demo databases: median of several runs.

.venv/bin/python bench/startup.py [--runs 7] [--fines 100000]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def start(data: Path) -> tuple[int, int]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-m", "akimdesk", "--data-dir", str(data), "--exit-after-start"],
        capture_output=True, text=True, env=env, check=True,
    ).stdout  # fmt: skip
    m = re.search(r"shown in (\d+) ms, peak memory (\d+) MB", out)
    assert m, out
    return int(m.group(1)), int(m.group(2))


def measure(label: str, data: Path, runs: int) -> None:
    start(data)  # first run creates/migrates the file and warms the OS cache
    results = [start(data) for _ in range(runs)]
    ms = [r[0] for r in results]
    mem = max(r[1] for r in results)
    print(f"{label:<28} median {statistics.median(ms):5.0f} ms  min {min(ms):5.0f}  max {max(ms):5.0f}"
          f"  peak memory {mem} MB  ({runs} runs)")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--fines", type=int, default=100_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        empty, demo = Path(tmp) / "empty", Path(tmp) / "demo"
        measure("empty database", empty, args.runs)
        subprocess.run([sys.executable, "-m", "akimdesk", "--data-dir", str(demo), "demo",
                        "--fines", str(args.fines)], check=True, capture_output=True)  # fmt: skip
        measure(f"demo, {args.fines:,} cases", demo, args.runs)


if __name__ == "__main__":
    main()
