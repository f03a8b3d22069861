"""Shared fixtures: the repository's folders, test data, and a JupyterLab for browser tests."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped content files, for tests that break them on purpose."""
    target = tmp_path / "content"
    target.mkdir()
    for f in DATA.glob("*.toml"):
        shutil.copy(f, target / f.name)
    return target


@pytest.fixture(scope="session")
def device_files() -> Path:
    """Real GPX/FIT/TCX files from the parsers' own test suites (tests/data/devices, see
    tests/data/PROVENANCE.md)."""
    return TEST_DATA / "devices"


@pytest.fixture(scope="session")
def load_reference() -> Path:
    """The load-metric reference values (tests/data/load/reference_60d.csv)."""
    return TEST_DATA / "load"


# --------------------------------------------------------------------------- browser tests


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A JupyterLab server on a free loopback port serving a copy of the notebooks; stopped at
    the end, also when a test fails."""
    from browser_support import TOKEN

    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    # Render every cell (no windowing), so off-screen figures draw like on-screen ones.
    settings = root / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    notices = root / "settings" / "@jupyterlab" / "apputils-extension"
    notices.mkdir(parents=True)
    (notices / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    port = _free_port()
    log_path = root / "lab.log"
    log = log_path.open("w")
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
        env={
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(root / "config"),
            "JUPYTERLAB_SETTINGS_DIR": str(root / "settings"),
            "JUPYTERLAB_WORKSPACES_DIR": str(root / "workspaces"),
        },
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"JupyterLab did not start: {log_path.read_text()[-2000:]}")
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture
def browser_page(request: pytest.FixtureRequest) -> Iterator:
    """A fresh headless chromium page (1400 x 1000) that records every host it contacts in
    ``page.hosts``; the browser is closed after the test, also on failure."""
    from browser_support import CHROMIUM, CHROMIUM_ARGS, network_host
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (make browser-deps)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.hosts = set()
            page.on("request", lambda req: page.hosts.add(network_host(req.url)))
            yield page
        finally:
            browser.close()


@pytest.fixture
def shots(request: pytest.FixtureRequest):
    """Numbered screenshots of this test under out/screenshots/<test>/ (of ``browser_page``,
    or of whatever page the test assigns to ``shots.page``)."""
    from browser_support import Shots

    page = (
        request.getfixturevalue("browser_page") if "browser_page" in request.fixturenames else None
    )
    return Shots(page, request.node.name)
