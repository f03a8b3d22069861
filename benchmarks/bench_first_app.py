"""Time to first app: from a fresh Python (as after a kernel start) to each app built and drawn.

Each app is measured in its own new process, three times, with the import breakdown (pandas,
plotly, ipywidgets, the package's modules) and the time to build the app (model + figures, the
plotly mime bundles ready to send). Target (issue 11): each app under 1.5 s. A second figure
comes from a real Jupyter kernel: the time from "kernel ready" to the app's cell finished.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time

APPS = {
    "AssessmentApp": "hamstring_edu.widgets.assessment",
    "LoadApp": "hamstring_edu.widgets.load",
    "RoutineApp": "hamstring_edu.widgets.routines",
    "ContentExplorer": "hamstring_edu.widgets.explorer",
    "RecoveryApp": "hamstring_edu.widgets.recovery",
    "TeamDashboard": "hamstring_edu.widgets.team",
}
RUNS = 3

PROBE = """
import json, time
t0 = time.perf_counter()
import pandas
t1 = time.perf_counter()
import plotly.graph_objects, plotly.io
t2 = time.perf_counter()
import ipywidgets
t3 = time.perf_counter()
import importlib
module = importlib.import_module({module!r})
t4 = time.perf_counter()
app = getattr(module, {name!r})()
t5 = time.perf_counter()
print(json.dumps({{"pandas": t1 - t0, "plotly": t2 - t1, "ipywidgets": t3 - t2,
                  "package": t4 - t3, "build": t5 - t4, "total": t5 - t0}}))
"""


def measure(name: str, module: str) -> dict[str, float]:
    """Median seconds of each step over RUNS fresh processes."""
    runs = []
    for _ in range(RUNS):
        out = subprocess.run(
            [sys.executable, "-c", PROBE.format(module=module, name=name)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def in_a_kernel(name: str, module: str) -> float:
    """Seconds from a ready kernel to the cell that shows the app finishing."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3")
    try:
        start = time.perf_counter()
        client.execute_interactive(
            f"from {module} import {name}\n{name}()", timeout=60, output_hook=lambda msg: None
        )
        return time.perf_counter() - start
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def main() -> None:
    """Print each app's time to first draw with its import breakdown."""
    print(f"Fresh process to app built (median of {RUNS}; target < 1.5 s):")
    head = ("app", "pandas", "plotly", "widgets", "package", "build", "total")
    print(f"{head[0]:<16}" + "".join(f"{h:>9}" for h in head[1:]))
    for name, module in APPS.items():
        t = measure(name, module)
        steps = ("pandas", "plotly", "ipywidgets", "package", "build", "total")
        print(f"{name:<16}" + "".join(f"{t[k]:9.2f}" for k in steps))
    for name in ("AssessmentApp", "LoadApp"):
        print(f"In a real kernel, ready -> {name} cell done: {in_a_kernel(name, APPS[name]):.2f} s")


if __name__ == "__main__":
    main()
