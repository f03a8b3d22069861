"""Run every benchmark script in this folder (bench_*.py) and print their figures."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    chosen = sys.argv[1:]
    for script in sorted(HERE.glob("bench_*.py")):
        if chosen and script.stem not in chosen:
            continue
        print(f"\n=== {script.name} ===", flush=True)
        runpy.run_path(str(script), run_name="__main__")
