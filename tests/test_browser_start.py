"""`make lab` as a newcomer meets it: the start notebook opens (not the Launcher), is not marked
as modified just by opening it, and shows readable tables with no test markers."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request

import pytest
from browser_support import CHROMIUM, LOCAL_HOSTS, ROOT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed"),
    pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed"),
]
TOKEN = "hamstring-edu-make-lab"


@pytest.fixture
def make_lab(tmp_path):
    """`make lab` itself, on a free port with no browser of its own; stopped after the test."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    args = (
        f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port={port} "
        f"--IdentityProvider.token={TOKEN}"
    )
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"LAB_ARGS={args}"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
            "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        },
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(
                        f"make lab did not start: {(tmp_path / 'lab.log').read_text()[-2000:]}"
                    )
                time.sleep(0.5)
        yield url
    finally:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
        log.close()


def test_make_lab_opens_the_start_notebook_unmodified(browser_page, make_lab, shots):
    page = browser_page
    page.goto(f"{make_lab}/?token={TOKEN}")
    page.wait_for_url("**/lab/tree/00_start_here.ipynb*", timeout=60_000)
    tab = page.locator(".lm-TabBar-tab.jp-mod-current")
    tab.wait_for(timeout=60_000)
    assert "00_start_here.ipynb" in tab.inner_text()
    assert page.locator(".jp-Launcher").count() == 0
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=90_000)
    page.wait_for_timeout(2000)
    assert "jp-mod-dirty" not in (tab.get_attribute("class") or ""), "opening marked it modified"
    # The committed outputs already read well: HTML tables, no test markers, no news prompt.
    assert page.locator(".jp-OutputArea-output table").count() >= 2
    assert page.get_by_text("NBVAL").count() == 0
    assert page.get_by_text("official Jupyter news").count() == 0
    shots("make lab: the start notebook")
    assert page.hosts <= LOCAL_HOSTS, f"requests left the machine: {page.hosts}"
