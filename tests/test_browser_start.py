"""`make lab` as a newcomer meets it: the start notebook opens (not the Launcher), is not marked
as modified just by opening it, and shows readable tables with no test markers."""

from __future__ import annotations

import os
import shutil

import pytest
from browser_support import LOCAL_HOSTS, ROOT, browser_marks, free_port, rendered_fonts, serve

pytestmark = [
    *browser_marks(),
    pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed"),
]
TOKEN = "hamstring-edu-make-lab"


@pytest.fixture
def make_lab(tmp_path):
    """`make lab` itself, on a free port with no browser of its own; stopped after the test."""
    port = free_port()
    args = (
        f"--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port={port} "
        f"--IdentityProvider.token={TOKEN}"
    )
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
    }
    url = f"http://127.0.0.1:{port}"
    command = ["make", "--no-print-directory", "lab", f"LAB_ARGS={args}"]
    with serve(command, f"{url}/api/status?token={TOKEN}", tmp_path / "lab.log", cwd=ROOT, env=env):
        yield url


def test_make_lab_opens_the_start_notebook_unmodified(browser_page, make_lab, shots):
    page = browser_page
    page.goto(f"{make_lab}/?token={TOKEN}")
    page.wait_for_url("**/lab/tree/00_start_here.ipynb*", timeout=60_000)
    tab = page.locator(".lm-TabBar-tab.jp-mod-current")
    tab.wait_for(timeout=60_000)
    assert "00_start_here.ipynb" in tab.inner_text()
    assert page.locator(".jp-Launcher").count() == 0
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=90_000)
    # The committed outputs already read well: HTML tables, no test markers, no news prompt.
    # (Waiting for them also waits for the notebook to be fully rendered and trusted, which is
    # when an opened notebook would be marked modified.)
    page.locator(".jp-OutputArea-output table").nth(1).wait_for(timeout=60_000)
    assert "jp-mod-dirty" not in (tab.get_attribute("class") or ""), "opening marked it modified"
    assert page.get_by_text("NBVAL").count() == 0
    assert page.get_by_text("official Jupyter news").count() == 0
    shots("make lab: the start notebook")
    # Laid out with the fonts the project installs (tests/fonts/fonts.conf), not the machine's.
    assert rendered_fonts(page, ".jp-RenderedMarkdown p") == ["DejaVu Sans"]
    assert page.hosts <= LOCAL_HOSTS, f"requests left the machine: {page.hosts}"
