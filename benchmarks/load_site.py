"""The static site's speed in a real browser (`make loadtest-site`, issue 23; not in `make test`).

For the athlete app (Voici) and for a course notebook (JupyterLite), at phone (375 px) and
desktop (1400 px) width, each on a first visit (a new browser profile: nothing cached) and on a
second visit in the same profile (the browser's cache holds the files):
- the app: time to its first question (the plain-HTML preview) and to its own form (the tab's
  Python has run the app);
- the notebook: time to an idle kernel ("Python (Pyodide) | Idle");
- what was downloaded (bytes over the wire) and how many requests.
Times run from the start of the navigation; each figure is the median of ``--runs`` runs.
The site is served by a plain file server on loopback, as any static host would.

    python benchmarks/load_site.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    FONTS_CONF,
    free_port,
    serve,
    wait_for_form,
)

SITE = ROOT / "build" / "site"
NOTEBOOK = "00_start_here.ipynb"
LIMIT_MS = 300_000


def visit(context, url: str, what: str) -> dict:
    """One visit: the times (s) of its milestones and what crossed the wire."""
    page = context.new_page()
    sizes = []

    def finished(request) -> None:
        try:
            sizes.append(request.sizes()["responseBodySize"])
        except Exception:  # a request the page dropped while leaving
            sizes.append(0)

    context.on("requestfinished", finished)  # the page's and its workers' (Pyodide's) requests
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    out = {}
    if what == "app":
        page.locator("#hamstring-preview select").first.wait_for(timeout=LIMIT_MS)
        out["first question"] = time.perf_counter() - start
        wait_for_form(page, timeout_ms=LIMIT_MS)
        out["the app's form"] = time.perf_counter() - start
    else:
        page.get_by_text("Python (Pyodide) | Idle").wait_for(timeout=LIMIT_MS)
        out["idle kernel"] = time.perf_counter() - start
    out["MB downloaded"] = sum(s for s in sizes if s > 0) / 1e6
    out["requests"] = len(sizes)
    context.remove_listener("requestfinished", finished)
    page.close()
    return out


def measure(base: str, runs: int) -> list[tuple[str, str, int, str, dict]]:
    """Every case: (what, cache, width, name, medians)."""
    import os

    from playwright.sync_api import sync_playwright

    cases = [
        ("app", f"{base}voici/render/app.html"),
        ("notebook", f"{base}lab/index.html?path={NOTEBOOK}"),
    ]
    rows = []
    env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
    with sync_playwright() as p:
        for what, url in cases:
            for width in (375, 1400):
                first, second = [], []
                for _ in range(runs):
                    with tempfile.TemporaryDirectory() as profile:
                        context = p.chromium.launch_persistent_context(
                            profile,
                            executable_path=CHROMIUM,
                            args=CHROMIUM_ARGS,
                            env=env,
                            viewport={"width": width, "height": 900},
                        )
                        try:
                            first.append(visit(context, url, what))
                            second.append(visit(context, url, what))
                        finally:
                            context.close()
                for cache, found in (("first visit", first), ("from the cache", second)):
                    medians = {k: statistics.median(r[k] for r in found) for k in found[0]}
                    rows.append((what, cache, width, url.removeprefix(base), medians))
    return rows


def main() -> None:
    """Command line: serve the site, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not (SITE / "voici" / "render" / "app.html").is_file():
        raise SystemExit("the site is not built: make site")
    size = sum(p.stat().st_size for p in SITE.rglob("*") if p.is_file())
    python = sum(p.stat().st_size for p in (SITE / "static" / "pyodide").iterdir())
    print(
        f"site: {size / 1e6:.1f} MB on disk, of which Python and its packages {python / 1e6:.1f} MB"
    )
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)]
    with (
        tempfile.TemporaryDirectory() as logs,
        serve(command, f"{base}index.html", Path(logs) / "http.log", cwd=SITE),
    ):
        rows = measure(base, args.runs)
    print(f"median of {args.runs} runs, seconds from the start of the navigation:")
    for what, cache, width, page, medians in rows:
        figures = ", ".join(
            f"{k} {v:.1f}" if k != "requests" else f"{v:.0f} requests" for k, v in medians.items()
        )
        print(f"  {what:8} {width:4} px  {cache:14}  {figures}   ({page})")


if __name__ == "__main__":
    main()
