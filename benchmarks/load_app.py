"""The athlete app under a class's load, on loopback: `make loadtest-app`.

Usage: python benchmarks/load_app.py [journey|first|all] [--visitors N] [--over S] [--pool P]

Starts `make app` on a free 127.0.0.1 port (with ``--pool`` preheated kernels, default the
Makefile's 1) and drives visitors in headless Debian chromium, one browser context each:

- ``journey`` (issue 22): N visitors (30) arrive evenly over S seconds (120); each opens the
  app, answers as a runner would (when it started -> the causes chart; weekly totals -> the
  plan; a warning sign -> the urgent page; the sign withdrawn -> the steps again), then closes
  the tab. Prints errors, first render and answer-change latency p50/p95, the kernels and the
  server's memory (its whole process tree) before, at the peak and after, and how long the
  server took to be back to its pool once the last visitor left (memory is read when it holds).
- ``first``: 10 visitors arriving within 10 s, on a quiet server and then while 10 other
  visitors sit on the app: time from navigation to the first question on screen, p50/p95.

Bounded: every visitor has a deadline, the whole run one too; the server is stopped at the end.
Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
FIRST_QUESTION = re.compile("numbness or pins and needles")
FORM_READY = ".hamstring-q-rf_saddle select"  # the app's own control for the first question
VISITOR_DEADLINE_S = 300.0
FREED_WITHIN_S = 30.0  # a tab closed: its kernel is shut down at once (the pagehide request)
BACK_TO_POOL_S = 120.0  # twice the Makefile's cull interval (60 s): leaving frees at once


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def spread(values: list[float]) -> str:
    """'p50 x s, p95 y s (n)' for a list of seconds."""
    if not values:
        return "none measured"
    return f"p50 {statistics.median(values):.1f} s, p95 {pct(values, 95):.1f} s (n={len(values)})"


class Server:
    """`make app` on a free port; its kernels and memory, read from its process tree."""

    def __init__(self, pool: int | None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/voila/render/app.ipynb"
        command = ["make", "--no-print-directory", "app", f"APP_PORT={self.port}"]
        self.proc = subprocess.Popen(
            [*command, *([f"APP_POOL={pool}"] if pool is not None else [])],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.pool = 1 if pool is None else pool

    def wait_ready(self, timeout_s: float = 180) -> None:
        """Until Voila answers and its preheated pool is full."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/voila/static/voila.js")
                if self.kernels() >= self.pool:  # the pool's kernels exist
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError("the app did not start in time")

    def _voila(self) -> psutil.Process | None:
        for proc in psutil.Process(self.proc.pid).children(recursive=True):
            try:
                if "voila" in " ".join(proc.cmdline()[:2]):
                    return proc
            except psutil.Error:
                continue
        return None

    def _processes(self) -> list[tuple[str, int]]:
        """(command line, resident bytes) of the server and every process under it."""
        voila = self._voila()
        if voila is None:
            return []
        seen = []
        for proc in [voila, *voila.children(recursive=True)]:
            try:
                seen.append((" ".join(proc.cmdline()), proc.memory_info().rss))
            except psutil.Error:  # a kernel that ended while being read
                continue
        return seen

    def kernels(self) -> int:
        """The kernel processes the server runs now."""
        return sum("ipykernel_launcher" in cmd for cmd, _ in self._processes())

    def memory_mb(self) -> float:
        """Resident memory of the server and every kernel it runs, in MB."""
        return sum(rss for _, rss in self._processes()) / 1e6

    def settled_mb(self, timeout_s: float = 90.0) -> float:
        """memory_mb() once it holds (within 1 MB for 3 s): a kernel of the pool that is still
        running the app grows to its full size (about 105 MB) only when it has run it."""
        deadline = time.monotonic() + timeout_s
        values: list[float] = []
        while time.monotonic() < deadline:
            values = [*values[-5:], self.memory_mb()]
            if len(values) == 6 and max(values) - min(values) < 1.0:
                break
            time.sleep(0.5)  # a poll interval: the condition decides
        return values[-1]

    def server_mb(self) -> float:
        """Resident memory of the server process alone (no kernel), in MB."""
        seen = self._processes()
        return seen[0][1] / 1e6 if seen else 0.0

    def stop(self) -> None:
        """Stop the server and its kernels."""
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.proc.pid, signal.SIGKILL)


@dataclass
class Figures:
    first: list[float] = field(default_factory=list)  # s to the first question on screen
    first_byte: list[float] = field(default_factory=list)  # s to the page's first byte
    form: list[float] = field(default_factory=list)  # s to the app's own form (widgets)
    answers: list[float] = field(default_factory=list)
    freed: list[float] = field(default_factory=list)  # s from closing the tab to no kernel
    kept: int = 0  # visitors whose kernel still ran FREED_WITHIN_S after they left
    errors: list[str] = field(default_factory=list)


async def _timed(action, condition) -> float:
    start = time.perf_counter()
    await action()
    await condition()
    return time.perf_counter() - start


async def visitor(browser, url: str, figures: Figures, *, journey: bool, stay: asyncio.Event):
    """One visitor: open the app (and do the journey), then leave when ``stay`` is set."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await context.new_page()
    try:
        start = time.perf_counter()
        # from the first byte on: the page streams, and its first questions come first
        response = await page.goto(url, timeout=VISITOR_DEADLINE_S * 1000, wait_until="commit")
        timing = response.request.timing if response is not None else {}
        if timing.get("responseStart", -1) >= 0:  # ms after the request started
            figures.first_byte.append(timing["responseStart"] / 1000)
        first = page.get_by_role("combobox", name=FIRST_QUESTION).first
        await first.wait_for(timeout=VISITOR_DEADLINE_S * 1000)
        figures.first.append(time.perf_counter() - start)
        # the app's own form has taken over from the page's plain first questions
        await page.locator(FORM_READY).wait_for(timeout=VISITOR_DEADLINE_S * 1000)
        await page.locator("#hamstring-preview").wait_for(
            state="detached", timeout=VISITOR_DEADLINE_S * 1000
        )
        figures.form.append(time.perf_counter() - start)
        if journey:
            await _journey(page, figures)
        await stay.wait()
    except Exception as error:  # a visitor's failure is counted, not fatal to the run
        figures.errors.append(
            f"{type(error).__name__}: {str(error).splitlines()[0][:160]} ({await _state(page)})"
        )
    finally:
        kernel_id = await _kernel_id(page)
        left = time.perf_counter()
        await page.close(run_before_unload=True)
        if kernel_id:  # the browser stays open, as when a person closes one tab
            if await asyncio.to_thread(_gone, url, kernel_id, FREED_WITHIN_S):
                figures.freed.append(time.perf_counter() - left)
            else:
                figures.kept += 1
        await context.close()


async def _state(page) -> str:
    """Where the page was when a visitor gave up, in a few words."""
    try:
        return await page.evaluate(
            """() => {
              const cells = document.getElementById('rendered_cells');
              const selects = cells ? cells.querySelectorAll('.hamstring-question select') : [];
              return [
                document.getElementById('hamstring-preview') ? 'preview shown' : 'no preview',
                cells ? 'cells ' + (cells.style.display || 'shown') : 'no cells yet',
                selects.length + ' form controls',
                document.getElementById('loading') ? 'spinner' : 'no spinner',
                (document.body.innerText.match(/Executing \\d+ of \\d+|error[^\\n]{0,60}/i)
                  || [''])[0],
              ].join(', ');
            }"""
        )
    except Exception as error:
        return f"page not readable: {type(error).__name__}"


async def _kernel_id(page) -> str:
    try:
        return await page.evaluate(
            "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        )
    except Exception:  # the page never loaded
        return ""


def _gone(url: str, kernel_id: str, within_s: float) -> bool:
    """Whether the server stops the kernel within ``within_s`` (polling its API)."""
    import urllib.error

    address = f"{url.split('voila/render/')[0]}api/kernels/{kernel_id}"
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(address, timeout=10).close()
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return True
        except OSError:
            pass
        time.sleep(0.25)  # a poll interval: the condition decides
    return False


async def _journey(page, figures: Figures) -> None:
    timeout = VISITOR_DEADLINE_S * 1000

    def select(question: str, choice: str):
        control = page.get_by_label(question).and_(page.locator("select")).first
        return lambda: control.select_option(label=choice, timeout=timeout)

    def shown(text: str, visible: bool = True):
        return lambda: page.wait_for_function(
            "([t, v]) => document.body.innerText.includes(t) === v",
            arg=[text, visible],
            timeout=timeout,
        )

    async def typed(label: str, text: str):
        box = page.get_by_label(label).and_(page.locator("input")).first
        await box.fill(text, timeout=timeout)
        await box.press("Enter")

    steps = [
        (
            select("When did the soreness start?", "The next day or the day after"),
            shown("2. Today's warm-up and cool-down"),
        ),
        (
            lambda: typed("Weekly totals, oldest first", "20, 22, 24, 26"),
            shown("4 weeks, as you typed them"),
        ),
        (select("Is your calf or thigh swollen", "Yes"), shown("See a doctor today")),
        (
            select("Is your calf or thigh swollen", "— not answered —"),
            shown("See a doctor today", False),
        ),
    ]
    for action, condition in steps:
        figures.answers.append(await _timed(action, condition))


async def _drive(url: str, arrivals: list[float], *, journey: bool) -> Figures:
    """Visitors arriving at the given offsets (s), each leaving when done."""
    from playwright.async_api import async_playwright

    figures = Figures()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        gone = asyncio.Event()
        gone.set()
        start = time.monotonic()

        async def arrive(at: float):
            await asyncio.sleep(max(0.0, start + at - time.monotonic()))
            await visitor(browser, url, figures, journey=journey, stay=gone)

        tasks = [arrive(at) for at in arrivals]
        await asyncio.wait_for(asyncio.gather(*tasks), VISITOR_DEADLINE_S + arrivals[-1] + 60)
        await browser.close()
    return figures


def journey(visitors: int, over: float, pool: int | None) -> None:
    """N visitors over S seconds, each doing the journey and leaving."""
    server = Server(pool)
    try:
        server.wait_ready()
        before_mb, before_k = server.settled_mb(), server.kernels()
        before_server = server.server_mb()
        peak = {"mb": before_mb, "kernels": before_k}
        done = False

        def watch():
            while not done:
                peak["mb"] = max(peak["mb"], server.memory_mb())
                peak["kernels"] = max(peak["kernels"], server.kernels())
                time.sleep(0.5)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        arrivals = [i * over / max(1, visitors - 1) for i in range(visitors)]
        figures = asyncio.run(_drive(server.url, arrivals, journey=True))
        left = time.monotonic()
        while server.kernels() > server.pool and time.monotonic() - left < BACK_TO_POOL_S:
            time.sleep(0.5)
        back_s = time.monotonic() - left
        done = True
        watcher.join()
        after_k = server.kernels()
        # the pool's own kernel refills after fill_delay: memory is read once the pool is full
        settle = time.monotonic()
        while server.kernels() < server.pool and time.monotonic() - settle < 60:
            time.sleep(0.5)
        after_mb, after_server = server.settled_mb(), server.server_mb()
        change = (after_mb - before_mb) / before_mb * 100
        print(
            f"Voila journey load test: {visitors} visitors over {over:.0f} s, pool {server.pool}\n"
            f"  completed {visitors - len(figures.errors)}/{visitors}, errors {len(figures.errors)}"
            + "".join(f"\n    {e}" for e in figures.errors[:5])
            + f"\n  the page's first byte: {spread(figures.first_byte)}"
            f"\n  first question on screen: {spread(figures.first)}"
            f"\n  the app's own form (widgets) on screen: {spread(figures.form)}"
            f"\n  answer -> page updated: {spread(figures.answers)}"
            f"\n  kernel shut down after the tab closed: {spread(figures.freed)}; "
            f"still running {FREED_WITHIN_S:.0f} s later: {figures.kept}"
            f"\n  kernels: {before_k} before, peak {peak['kernels']}, {after_k} after "
            + (
                f"(back to the pool {back_s:.1f} s after the last visitor left)"
                if after_k <= server.pool
                else f"(not back to the pool {BACK_TO_POOL_S:.0f} s after the last visitor left)"
            )
            + f"\n  server memory: {before_mb:.0f} MB before, peak {peak['mb']:.0f} MB, "
            f"{after_mb:.0f} MB after ({change:+.1f}%); the server process alone "
            f"{before_server:.0f} MB before, {after_server:.0f} MB after",
            flush=True,
        )
    finally:
        server.stop()


def first(pool: int | None, arrivals: int = 10, within: float = 10.0, busy: int = 10) -> None:
    """10 visitors within 10 s: quiet, then while 10 others sit on the app."""
    server = Server(pool)
    try:
        server.wait_ready()
        spaced = [i * within / max(1, arrivals - 1) for i in range(arrivals)]
        quiet = asyncio.run(_drive(server.url, spaced, journey=False))
        print(
            f"First question, {arrivals} visitors arriving within {within:.0f} s, "
            f"pool {server.pool}:\n  quiet server: {spread(quiet.first)} "
            f"(first byte {spread(quiet.first_byte)}); "
            f"the app's own form: {spread(quiet.form)}; errors {len(quiet.errors)}"
            + "".join(f"\n    {e}" for e in quiet.errors[:5]),
            flush=True,
        )

        async def with_others() -> tuple[Figures, Figures]:
            from playwright.async_api import async_playwright

            async with async_playwright() as p:
                browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                stay = asyncio.Event()
                others = Figures()
                sitting = [
                    asyncio.create_task(
                        visitor(browser, server.url, others, journey=False, stay=stay)
                    )
                    for _ in range(busy)
                ]
                deadline = time.monotonic() + VISITOR_DEADLINE_S
                while len(others.first) + len(others.errors) < busy:
                    if time.monotonic() > deadline:
                        break
                    await asyncio.sleep(0.5)
                while server.kernels() < server.pool + busy and time.monotonic() < deadline:
                    await asyncio.sleep(0.5)  # the pool has refilled: the others are settled
                newcomers = Figures()
                gone = asyncio.Event()
                gone.set()
                start = time.monotonic()

                async def arrive(at: float):
                    await asyncio.sleep(max(0.0, start + at - time.monotonic()))
                    await visitor(browser, server.url, newcomers, journey=False, stay=gone)

                await asyncio.gather(*(arrive(at) for at in spaced))
                stay.set()
                await asyncio.gather(*sitting)
                await browser.close()
                return others, newcomers

        others, newcomers = asyncio.run(with_others())
        errors = newcomers.errors + others.errors
        print(
            f"  while {busy} others sit on the app: {spread(newcomers.first)} "
            f"(first byte {spread(newcomers.first_byte)}); "
            f"the app's own form: {spread(newcomers.form)}; errors {len(errors)}"
            + "".join(f"\n    {e}" for e in errors[:5]),
            flush=True,
        )
    finally:
        server.stop()


def main() -> None:
    """Run the chosen scenarios and print their figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default="all", choices=["journey", "first", "all"])
    parser.add_argument("--visitors", type=int, default=30)
    parser.add_argument("--over", type=float, default=120.0)
    parser.add_argument("--pool", type=int, default=None, help="preheated kernels (make app: 1)")
    options = parser.parse_args()
    if CHROMIUM is None:
        raise SystemExit("Debian's chromium is needed: make browser-deps")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}", flush=True)
    if options.scenario in ("journey", "all"):
        journey(options.visitors, options.over, options.pool)
    if options.scenario in ("first", "all"):
        first(options.pool)


if __name__ == "__main__":
    main()
