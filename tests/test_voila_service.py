"""The athlete app as a service (issue 22): `make app` serves the app folder with the culling
values stated in the Makefile, hides JupyterLab-only sentences, and a visitor who leaves the
page (closing the tab or going elsewhere) has their kernel shut down: the server is back to its
preheated pool. Kernels are counted through the server's own API; waits are for conditions."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser_support import (
    ROOT,
    browser_marks,
    launch_chromium,
    make_app,
    wait_for_form,
)

needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
POOL_SIZE = 1
CULLING = {
    "--MappingKernelManager.cull_idle_timeout": "1200",
    "--MappingKernelManager.cull_interval": "60",
    "--MappingKernelManager.cull_connected": "True",
    "--MappingKernelManager.cull_busy": "False",
    "--VoilaConfiguration.default_pool_size": str(POOL_SIZE),
}


def _app_command(port: int = 8866) -> list[str]:
    """The voila command line `make app` runs (make -n prints it without running it)."""
    out = subprocess.run(
        ["make", "--no-print-directory", "-n", "app", f"APP_PORT={port}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if "bin/voila " in x)
    return shlex.split(line)


@needs_make
def test_make_app_serves_the_app_folder_with_the_stated_culling_values():
    args = _app_command()
    options = dict(a.split("=", 1) for a in args if a.startswith("--") and "=" in a)
    assert {k: options.get(k) for k in CULLING} == CULLING
    # a visitor reading for a few minutes is never culled; the pool is never culled (Voila)
    assert int(options["--MappingKernelManager.cull_idle_timeout"]) >= 10 * 60
    assert args[1] == "build/app/", "make app serves build/app/ (the app and what it links to)"
    # only the app is preheated (Voila matches the pattern against the notebook's full path);
    # Voila's start line points at the app, not at a listing
    assert options["--VoilaKernelManager.preheat_denylist"] == '["^(?!(.*/)?app\\.ipynb$)"]'
    assert options["--Voila.custom_display_url"].endswith("/voila/render/app.ipynb#")
    # a visitor takes a preheated kernel only when one is ready (share/voila/voila.py)
    assert options["--Voila.config_file_paths"] == f'["{ROOT / "share" / "voila"}"]'


def test_the_pool_offers_only_kernels_that_are_ready():
    """Voila counted a refill still waiting its fill_delay as a kernel in the pool: a visitor
    who arrived then waited for it (8 s to the page's first byte) instead of starting a kernel
    of their own, whose page streams at once."""
    import asyncio
    import runpy
    from types import SimpleNamespace

    import voila.app
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

    original = voila.app.voila_kernel_manager_factory
    loop = asyncio.new_event_loop()
    try:
        runpy.run_path(str(ROOT / "share" / "voila" / "voila.py"))
        factory = voila.app.voila_kernel_manager_factory
        assert factory is not original
        plain = factory(AsyncMappingKernelManager, False, 0)  # preheating off: no pool
        assert issubclass(plain, AsyncMappingKernelManager)
        assert not hasattr(plain, "get_rendered_notebook")
        manager = factory(AsyncMappingKernelManager, True, 2)
        ready, waiting, failed = loop.create_future(), loop.create_future(), loop.create_future()
        ready.set_result({"kernel_id": "k1"})
        failed.set_exception(RuntimeError("the kernel died while it started"))
        pools = SimpleNamespace(_pools={"app.ipynb": [waiting, failed, ready]})
        assert manager.get_pool_size(pools, "app.ipynb") == 1
        assert manager.get_pool_size(pools, "other.ipynb") == 0
        pools._pools["app.ipynb"].remove(ready)
        assert manager.get_pool_size(pools, "app.ipynb") == 0  # a visitor starts their own
    finally:
        voila.app.voila_kernel_manager_factory = original
        loop.close()


def test_the_served_folder_holds_the_app_and_what_it_links_to_nothing_else(tmp_path):
    import importlib.util

    from hamstring_edu.widgets.athlete import LINKED_NOTEBOOKS

    spec = importlib.util.spec_from_file_location("app_folder", ROOT / "tools" / "app_folder.py")
    app_folder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(app_folder)
    folder = tmp_path / "app"
    folder.mkdir()
    (folder / "06_team_checkin.ipynb").write_text("{}")  # left from an older version: removed
    (folder / "my_answers.json").write_text("{}")  # a visitor's saved answers: kept
    app_folder.make(folder)
    app_folder.make(folder)  # again, as every `make app` does: the same folder
    served = {p.name: p for p in folder.iterdir() if p.suffix == ".ipynb"}
    assert set(served) == {"app.ipynb", *(f"{n}.ipynb" for n in LINKED_NOTEBOOKS)}
    assert (folder / "my_answers.json").exists()
    for name, path in served.items():  # relative links, so a clone anywhere works
        if name == "app.ipynb":  # a copy with its first questions (tests/test_app_preview.py)
            assert not path.is_symlink() and "hamstring_preview" in path.read_text()
            continue
        assert path.is_symlink() and not Path(path.readlink()).is_absolute(), name
        assert path.resolve() == ROOT / "notebooks" / name, name


def test_the_template_hides_lab_only_sentences_and_frees_the_kernel_on_pagehide():
    text = (ROOT / "share" / "voila" / "templates" / "hamstring" / "index.html.j2").read_text()
    assert ".hamstring-lab-only, .celltag_lab-only {\n      display: none !important;" in text
    assert "addEventListener('pagehide', leave)" in text
    # the notebook page sets no _xsrf cookie, without which the shutdown request is refused
    assert "fetch(base + 'voila/tree'" in text and "data.append('_xsrf', xsrf())" in text
    assert "if (event.persisted) window.location.reload()" in text
    # switching app on a phone (the page merely hidden) keeps the kernel and the answers
    assert "addEventListener('visibilitychange'" not in text


# ----------------------------------------------------------------------------- in a browser


def _kernel_alive(base: str, kernel_id: str) -> bool:
    """Whether the server still runs the kernel (Voila answers api/kernels/<id>, not a list)."""
    try:
        with urllib.request.urlopen(f"{base}api/kernels/{kernel_id}", timeout=10):
            return True
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return False
        raise


def _kernels(base: str) -> list[int]:
    """The kernel processes under the Voila server listening on the base URL's port."""
    import psutil

    port = base.rstrip("/").rsplit(":", 1)[1]
    for proc in psutil.process_iter(["cmdline"]):
        cmd = proc.info["cmdline"] or []
        if any("bin/voila" in c for c in cmd[:2]) and f"--port={port}" in cmd:
            kids = proc.children(recursive=True)
            return [k.pid for k in kids if "ipykernel_launcher" in " ".join(k.cmdline())]
    return []


def _wait_for(condition, what: str, timeout_s: float = 90.0):
    """Poll ``condition`` until it returns a true value; fail naming ``what``."""
    deadline = time.monotonic() + timeout_s
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.25)  # a poll interval: the condition decides


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    """`make app` on a free loopback port, its pool filled: (base URL, log); then stopped."""
    log = tmp_path_factory.mktemp("voila_service") / "voila.log"
    with make_app(log) as base:
        _wait_for(lambda: len(_kernels(base)) == POOL_SIZE, "the preheated pool", 180)
        yield base, log


@pytest.fixture(scope="module")
def app_base(app_server):
    return app_server[0]


def _in_a_browser(test):
    """The marks of the suite's browser tests (browser, slow, skip without chromium)."""
    for mark in browser_marks():
        test = mark(test)
    return test


@needs_make
@_in_a_browser
@pytest.mark.parametrize("how", ["close the tab", "go elsewhere"])
def test_leaving_the_page_shuts_the_visitors_kernel_down(app_base, how):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page()
            page.goto(f"{app_base}voila/render/app.ipynb")
            wait_for_form(page)
            kernel_id = page.evaluate(
                "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
            )
            assert _kernel_alive(app_base, kernel_id)
            # the notebook's "What next" cell is for JupyterLab: the page says it in its last step
            assert page.locator(".celltag_lab-only").count() == 1
            assert page.locator(".celltag_lab-only").filter(visible=True).count() == 0
            if how == "close the tab":
                page.close(run_before_unload=True)
            else:
                page.goto("about:blank")
            _wait_for(
                lambda: not _kernel_alive(app_base, kernel_id),
                f"the kernel to be shut down after '{how}'",
            )
        finally:
            browser.close()
    # the pool refills (fill_delay) and nothing else is left running
    _wait_for(lambda: len(_kernels(app_base)) == POOL_SIZE, "the server back to its pool", 120)


def _page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=300) as response:
        return response.read().decode("utf-8")


@needs_make
def test_a_visitor_who_comes_while_the_pool_refills_gets_a_kernel_of_their_own(app_server):
    """Two visitors one after the other: the first takes the preheated kernel; the second, who
    comes while its refill waits (fill_delay 8 s), is not made to wait for it. Each page starts
    with the plain first questions and has its own kernel."""
    base, log = app_server

    def said(text: str) -> int:
        return log.read_text(encoding="utf-8", errors="replace").count(text)

    taken, filled = "Using pre-heated kernel", "Kernel pool of app.ipynb is filled"
    _wait_for(lambda: said(filled) > said(taken), "a ready preheated kernel", 180)
    before = said(taken)
    pages = [_page(f"{base}voila/render/app.ipynb") for _ in range(2)]
    assert said(taken) == before + 1, "the second visitor waited for the pool's refill"
    ids = set()
    for page in pages:
        assert page.index('id="hamstring-preview"') < page.index('id="jupyter-config-data"')
        ids.add(re.search(r'"kernelId": "([0-9a-f-]+)"', page).group(1))
    assert len(ids) == 2
    # the server answers first: its kernels compute at a lower CPU priority
    import psutil

    assert {psutil.Process(pid).nice() for pid in _kernels(base)} == {10}
