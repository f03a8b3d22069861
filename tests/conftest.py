"""Shared fixtures: the repository's folders, test data, and a JupyterLab for browser tests."""

from __future__ import annotations

import json
import os
import shutil
import sys
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


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A JupyterLab server on a free loopback port serving a copy of the notebooks; stopped at
    the end, also when a test fails."""
    from browser_support import TOKEN, free_port, serve

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
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
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
    ]
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(root / "config"),
        "JUPYTERLAB_SETTINGS_DIR": str(root / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(root / "workspaces"),
    }
    ready = f"{url}/api/status?token={TOKEN}"
    with serve(command, ready, root / "lab.log", cwd=root, env=env):
        yield url


@pytest.fixture
def browser_page(request: pytest.FixtureRequest) -> Iterator:
    """A fresh headless chromium page (1400 x 1000) that records every host it contacts in
    ``page.hosts``; the browser is closed after the test, also on failure."""
    from browser_support import CHROMIUM, launch_chromium, network_host
    from playwright.sync_api import sync_playwright

    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (make browser-deps)")
    with sync_playwright() as p:
        browser = launch_chromium(p)
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


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium for one test module (the Voila app's and the static site's tests)."""
    from browser_support import launch_chromium
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            yield browser
        finally:
            browser.close()
