"""Import cost of the package beside pandas alone, and the cost of loading the content."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 15


def _median_ms(code: str) -> float:
    """Median wall time of a fresh interpreter running ``code`` (interpreter start included)."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    """Print the import and first-load timings."""
    empty = _median_ms("pass")
    rows = {
        "import hamstring_edu": _median_ms("import hamstring_edu"),
        "import pandas": _median_ms("import pandas"),
        "import hamstring_edu; load_content()": _median_ms(
            "import hamstring_edu; hamstring_edu.load_content()"
        ),
        "... + causes_frame() (pandas loaded)": _median_ms(
            "import hamstring_edu; hamstring_edu.load_content().causes_frame()"
        ),
        "import plotly.graph_objects": _median_ms("import plotly.graph_objects"),
        "import ipywidgets": _median_ms("import ipywidgets"),
    }
    print(f"median of {RUNS} fresh interpreters, interpreter start-up ({empty:.0f} ms) subtracted")
    for label, ms in rows.items():
        print(f"  {label:<42} {ms - empty:8.1f} ms")

    sys.path.insert(0, str(ROOT))
    import hamstring_edu

    start = time.perf_counter()
    hamstring_edu.load_content()
    cold = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    for _ in range(1000):
        hamstring_edu.load_content()
    cached = (time.perf_counter() - start) * 1000
    print(f"  load_content() first call in-process       {cold:8.1f} ms")
    print(f"  load_content() cached call                 {cached:8.3f} us")


if __name__ == "__main__":
    main()
