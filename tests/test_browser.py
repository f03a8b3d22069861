"""Real JupyterLab in headless Chromium: notebooks render, widgets respond, all stays local.

Needs Debian's chromium (`make browser-deps`; CI installs it). Skipped, with the reason, without it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TOKEN = "hamstring-edu-test"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A JupyterLab server on localhost serving a copy of the notebooks."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    port = _free_port()
    log = (root / "lab.log").open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={root / 'notebooks'}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--LabApp.news_url=",
            "--LabApp.extension_manager=readonly",
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=root,
        env={**os.environ, "JUPYTER_CONFIG_DIR": str(root / "config")},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"JupyterLab did not start: {(root / 'lab.log').read_text()[-2000:]}")
            time.sleep(0.5)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def page(lab: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.hosts = set()
        page.on("request", lambda request: page.hosts.add(_network_host(request.url)))
        yield page
        browser.close()


def _network_host(url: str) -> str:
    """The host a request goes to; in-page data: and blob: URLs count as local."""
    parsed = urlparse(url)
    return parsed.hostname if parsed.scheme in {"http", "https", "ws", "wss"} else "127.0.0.1"


def _run_all(page, lab: str, notebook: str) -> None:
    """Open a notebook in JupyterLab and run all its cells."""
    # A workspace of its own, reset, so no other test's open notebooks come back.
    workspace = notebook.removesuffix(".ipynb")
    page.goto(f"{lab}/lab/workspaces/{workspace}/tree/{notebook}?reset&token={TOKEN}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=90_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()


def test_causes_notebook_in_jupyterlab(page, lab, tmp_path):
    from playwright.sync_api import expect

    _run_all(page, lab, "01_causes_and_solutions.ipynb")
    # The plotly sunburst renders from the locally installed plotly.js.
    # (JupyterLab hides off-screen cells, so wait for the element to exist, not to be visible.)
    page.wait_for_selector(".js-plotly-plot .sunburstlayer path", state="attached", timeout=120_000)
    # The explorer widget renders and answers a change of cause.
    select = page.locator(".widget-dropdown select").first
    select.wait_for(state="attached", timeout=120_000)
    select.scroll_into_view_if_needed()
    select.select_option(label="Recovery")
    panel = page.locator(".widget-html-content").last
    expect(panel).to_contain_text("Dose: 15-20 minutes at a time", timeout=30_000)
    expect(panel).not_to_contain_text("Running technique")
    search = page.locator(".widget-text input").first
    search.click()
    search.press_sequentially("compress", delay=30)
    expect(panel).to_contain_text("match(es) for compress", timeout=30_000)
    search.fill("")
    search.press_sequentially("cadence", delay=30)
    expect(panel).to_contain_text("under other causes", timeout=30_000)
    page.screenshot(path=str(tmp_path / "01_causes.png"), full_page=False)
    assert page.hosts <= {"127.0.0.1", "localhost"}, f"requests left the machine: {page.hosts}"


def test_self_assessment_app_in_jupyterlab(page, lab, tmp_path):
    from playwright.sync_api import expect

    _run_all(page, lab, "02_self_assessment.ipynb")
    first = page.locator(".widget-dropdown select").first  # Warning signs: the pop question
    first.wait_for(state="attached", timeout=120_000)
    first.scroll_into_view_if_needed()
    banner = page.locator(".widget-html-content", has_text="Answer some questions")
    expect(banner).to_have_count(1, timeout=30_000)
    first.select_option(label="Yes")
    urgent = page.locator(".widget-html-content", has_text="See a doctor or physiotherapist today")
    expect(urgent).to_have_count(1, timeout=30_000)
    # the chart is a live plotly FigureWidget rendered from the local bundle
    assert page.locator(".js-plotly-plot").count() >= 1
    page.screenshot(path=str(tmp_path / "02_assessment.png"))
    assert page.hosts <= {"127.0.0.1", "localhost"}, f"requests left the machine: {page.hosts}"


def test_routine_player_ticks_in_jupyterlab(page, lab, tmp_path):
    from playwright.sync_api import expect

    _run_all(page, lab, "04_warmup_cooldown.ipynb")
    start = page.locator(".widget-toggle-button", has_text="Start")
    start.wait_for(state="attached", timeout=120_000)
    start.scroll_into_view_if_needed()
    now = page.locator(".widget-html-content", has_text="Now: Brisk walking")
    expect(now).to_contain_text("(4:00 left)", timeout=30_000)  # 10-minute beginner warm-up
    start.click()
    # the kernel-side ticker advances the clock once a second while playing
    expect(now).to_contain_text("(3:5", timeout=15_000)
    page.locator(".widget-toggle-button", has_text="Pause").click()
    page.screenshot(path=str(tmp_path / "04_player.png"))
    assert page.hosts <= {"127.0.0.1", "localhost"}, f"requests left the machine: {page.hosts}"


def test_load_app_in_jupyterlab(page, lab, tmp_path):
    from playwright.sync_api import expect

    _run_all(page, lab, "03_load_progression.ipynb")
    athlete = page.locator(".widget-dropdown select").first
    athlete.wait_for(state="attached", timeout=120_000)
    athlete.scroll_into_view_if_needed()
    athlete.select_option(label="sam")
    summary = page.locator(".widget-html-content", has_text="rose more than 30%")
    expect(summary).to_contain_text("sam", timeout=30_000)
    assert page.locator(".js-plotly-plot").count() >= 4
    volume = page.locator(".js-plotly-plot", has_text="Weekly load (amber").last
    volume.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    # the new athlete's bars are drawn inside the plot area (no stale axis range)
    heights = volume.locator(".barlayer .point path").evaluate_all(
        "paths => paths.map(p => p.getBBox().height)"
    )
    assert len(heights) >= 20 and sum(h > 1 for h in heights) >= 20
    page.screenshot(path=str(tmp_path / "03_load.png"))
    assert page.hosts <= {"127.0.0.1", "localhost"}, f"requests left the machine: {page.hosts}"
