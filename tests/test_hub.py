"""The class recipe on JupyterHub: hub/jupyterhub_config.py, its proxy pin and the Z2JH values.

The configuration is run as JupyterHub runs it (a traitlets Config from get_config) without
starting a hub; one slow test starts the hub on loopback and logs a student in and out.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
HUB = ROOT / "hub"
CONFIG = HUB / "jupyterhub_config.py"
VALUES = HUB / "z2jh-values.yaml"

# What benchmarks/load_hub.py measured on 2026-12-03 (2 cores, idle; hub/README.md has the runs):
# peak RSS per student (server + kernel, MiB) 275 with 1 student, 274 with 10, 275 with 30
# (30/30 succeeded, 6260 MB in all with 30 servers at once); 16.3-17.0 CPU-s per student.
MEASURED_PEAK_MB_PER_STUDENT = 275
MEASURED_CPU_S_PER_STUDENT = 17.0
ARRIVAL_S = 60
CLASS = 30


def load_config(monkeypatch, tmp_path: Path, *, uid: int = 1000, **env: str) -> Config:
    """Run hub/jupyterhub_config.py as JupyterHub does, with its state in tmp_path."""
    monkeypatch.setenv("HUB_STATE", str(tmp_path / "state"))
    monkeypatch.setenv("HUB_PASSWORD", "a-class-password")
    for name in ("HUB_PORT", "HUB_API_PORT", "HUB_PROXY_API_PORT", "HUB_EXTRA_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(os, "geteuid", lambda: uid)
    config = Config()
    subconfigs: list[str] = []
    namespace = {
        "__file__": str(CONFIG),
        "__name__": "jupyterhub_config",
        "get_config": lambda: config,
        "load_subconfig": subconfigs.append,
    }
    exec(compile(CONFIG.read_text(), str(CONFIG), "exec"), namespace)
    config["_subconfigs"] = subconfigs  # what HUB_EXTRA_CONFIG asked to load
    config["_namespace"] = namespace
    return config


@pytest.fixture
def hub_config(monkeypatch, tmp_path) -> Config:
    return load_config(monkeypatch, tmp_path)


def test_the_hub_listens_on_loopback_only(hub_config):
    c = hub_config
    assert c.JupyterHub.bind_url == "http://127.0.0.1:8000"
    assert c.JupyterHub.hub_ip == "127.0.0.1" and c.Spawner.ip == "127.0.0.1"
    assert c.JupyterHub.hub_port == 8081
    assert c.ConfigurableHTTPProxy.api_url == "http://127.0.0.1:8001"


def test_ports_and_state_come_from_the_environment(monkeypatch, tmp_path):
    c = load_config(
        monkeypatch, tmp_path, HUB_PORT="9100", HUB_API_PORT="9200", HUB_PROXY_API_PORT="9300"
    )
    assert c.JupyterHub.bind_url == "http://127.0.0.1:9100"
    assert c.JupyterHub.hub_port == 9200
    assert c.ConfigurableHTTPProxy.api_url == "http://127.0.0.1:9300"
    state = tmp_path / "state"
    assert state.is_dir()
    assert c.JupyterHub.db_url == f"sqlite:///{state / 'jupyterhub.sqlite'}"
    assert c.SimpleLocalProcessSpawner.home_dir_template == str(state / "home" / "{username}")


def test_a_shared_password_and_any_safe_name(hub_config):
    c = hub_config
    assert c.JupyterHub.authenticator_class == "shared-password"
    assert c.SharedPasswordAuthenticator.user_password == "a-class-password"
    assert c.Authenticator.allow_all is True
    pattern = re.compile(c.Authenticator.username_pattern)
    assert pattern.match("ana") and pattern.match("student07")
    assert not pattern.match("../etc") and not pattern.match("Ana Smith")
    assert c.JupyterHub.shutdown_on_logout is True


def test_without_a_password_a_random_one_is_made_and_said(monkeypatch, tmp_path, capsys):
    c = load_config(monkeypatch, tmp_path, HUB_PASSWORD="")
    password = c.SharedPasswordAuthenticator.user_password
    assert len(password) >= 8
    assert password in capsys.readouterr().out


def test_local_process_spawner_runs_the_projects_venv(hub_config):
    c = hub_config
    assert c.JupyterHub.spawner_class == "simple"
    assert c.Spawner.cmd == [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
    assert c.Spawner.default_url == "/lab/tree/00_start_here.ipynb"
    assert "--LabApp.news_url=" in c.Spawner.args  # nothing fetched from the internet
    assert "--MappingKernelManager.cull_idle_timeout=1200" in c.Spawner.args
    assert c.Spawner.start_timeout >= 120  # spawns queue when a class starts together


def test_allow_root_only_as_root(monkeypatch, tmp_path):
    as_user = load_config(monkeypatch, tmp_path, uid=1000)
    as_root = load_config(monkeypatch, tmp_path, uid=0)
    assert "--allow-root" not in as_user.Spawner.args
    assert "--allow-root" in as_root.Spawner.args


def test_idle_servers_are_culled_after_30_minutes(hub_config):
    c = hub_config
    (culler,) = [s for s in c.JupyterHub.services if s["name"] == "idle-culler"]
    command = culler["command"]
    assert command[:3] == [sys.executable, "-m", "jupyterhub_idle_culler"]
    assert "--timeout=1800" in command and "--cull-every=300" in command
    (role,) = [r for r in c.JupyterHub.load_roles if r["name"] == "idle-culler"]
    assert role["services"] == ["idle-culler"]
    assert {"list:users", "read:users:activity", "delete:servers"} <= set(role["scopes"])


def test_the_proxy_is_the_pinned_npm_one(hub_config):
    (command,) = hub_config.ConfigurableHTTPProxy.command
    assert command == str(HUB / "node_modules" / ".bin" / "configurable-http-proxy")
    package = json.loads((HUB / "package.json").read_text())
    assert package["dependencies"]["configurable-http-proxy"] == "~5.3.0"
    lock = json.loads((HUB / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/configurable-http-proxy"]
    assert pinned["version"].startswith("5.3.") and pinned["integrity"].startswith("sha512-")
    assert "node_modules/" in (HUB / ".gitignore").read_text().split()


def test_each_student_gets_the_student_notebooks_once(monkeypatch, tmp_path, hub_config):
    give = hub_config.Spawner.pre_spawn_hook
    home = tmp_path / "state" / "home" / "ana"
    spawner = type("Spawner", (), {"home_dir": str(home)})()
    give(spawner)
    names = {p.name for p in home.glob("*.ipynb")}
    assert {"00_start_here.ipynb", "02_self_assessment.ipynb", "11_quiz.ipynb"} <= names
    assert "teachers_guide.ipynb" not in names
    mine = home / "02_self_assessment.ipynb"
    mine.write_text("my own work")
    give(spawner)
    assert mine.read_text() == "my own work"  # never overwritten


def test_an_extra_config_file_is_loaded_last(monkeypatch, tmp_path):
    extra = tmp_path / "extra.py"
    c = load_config(monkeypatch, tmp_path, HUB_EXTRA_CONFIG=str(extra))
    assert c["_subconfigs"] == [str(extra)]


# --------------------------------------------------------------------------- Zero to JupyterHub


@pytest.fixture(scope="module")
def values() -> dict:
    yaml = pytest.importorskip("yaml")
    return yaml.safe_load(VALUES.read_text())


def _quantity_mb(text: str) -> float:
    """A Kubernetes memory quantity ('320M', '1G', '512Mi') in MB (10^6 bytes)."""
    number, unit = re.fullmatch(r"([0-9.]+)\s*([KMGT]i?)", str(text)).groups()
    scale = {"K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    return float(number) * scale[unit] / 1e6


def test_z2jh_uses_the_binder_image_and_the_shared_password(values):
    image = values["singleuser"]["image"]
    assert (image["name"], image["tag"]) == ("hamstring-edu", "latest")
    assert "repo2docker" in VALUES.read_text() and (ROOT / "binder" / "postBuild").exists()
    hub = values["hub"]["config"]
    assert hub["JupyterHub"]["authenticator_class"] == "shared-password"
    assert "user_password" not in hub.get("SharedPasswordAuthenticator", {})  # never in the file
    assert values["singleuser"]["defaultUrl"].endswith("00_start_here.ipynb")


def test_z2jh_culls_like_the_single_machine_hub(values, hub_config):
    cull = values["cull"]
    assert cull["enabled"] is True
    (culler,) = [s for s in hub_config.JupyterHub.services if s["name"] == "idle-culler"]
    assert f"--timeout={cull['timeout']}" in culler["command"]
    assert f"--cull-every={cull['every']}" in culler["command"]
    assert (cull["timeout"], cull["every"]) == (1800, 300)


def test_z2jh_limits_follow_the_measured_figures(values):
    memory, cpu = values["singleuser"]["memory"], values["singleuser"]["cpu"]
    guarantee, limit = _quantity_mb(memory["guarantee"]), _quantity_mb(memory["limit"])
    peak_mb = MEASURED_PEAK_MB_PER_STUDENT * 2**20 / 1e6
    assert peak_mb <= guarantee <= 1.5 * peak_mb  # the measured peak fits the guarantee
    assert limit >= 2 * guarantee  # room for a second notebook's kernel
    # A class of 30 arriving within a minute: the guaranteed CPU shares keep up with the starts
    # to within a factor of two; one core at most per student.
    busy_per_student = MEASURED_CPU_S_PER_STUDENT / ARRIVAL_S
    assert busy_per_student / 2 <= float(cpu["guarantee"]) <= busy_per_student * 2
    assert float(cpu["guarantee"]) < float(cpu["limit"]) <= 2


def test_z2jh_servers_need_no_internet(values):
    rules = values["singleuser"]["networkPolicy"]["egressAllowRules"]
    assert values["singleuser"]["networkPolicy"]["enabled"] is True
    assert rules["nonPrivateIPs"] is False


def test_z2jh_gives_students_the_student_notebooks_without_hiding_the_repository(values):
    single = values["singleuser"]
    assert single["storage"]["homeMountPath"] == "/home/jovyan/work"
    hook = " ".join(single["lifecycleHooks"]["postStart"]["exec"]["command"])
    assert "make_student_notebooks.py" in hook and "cp -n" in hook  # never over a student's copy
    assert (ROOT / "tools" / "make_student_notebooks.py").exists()
    assert single["defaultUrl"] == "/lab/tree/work/00_start_here.ipynb"


# --------------------------------------------------------------------------- the hub, started


def _load_hub_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("load_hub", ROOT / "benchmarks" / "load_hub.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclasses look their module up
    spec.loader.exec_module(sys.modules[spec.name])
    return sys.modules[spec.name]


@pytest.mark.slow
def test_a_student_logs_in_gets_a_server_with_the_notebooks_and_logs_out(tmp_path):
    """Start the hub on loopback (free ports), log in with the class password, spawn, list the
    notebooks, log out: the server stops. Bounded: the hub start, spawn and stop have deadlines."""
    pytest.importorskip("jupyterhub", reason="pip install -e '.[hub]' (make hub installs it)")
    pytest.importorskip("jupyterhub_idle_culler")
    if not (HUB / "node_modules" / ".bin" / "configurable-http-proxy").exists():
        pytest.skip("cd hub && npm ci --no-audit --no-fund --ignore-scripts (make hub does it)")
    load_hub = _load_hub_module()
    httpx = pytest.importorskip("httpx")

    async def journey(hub) -> list[str]:
        async with httpx.AsyncClient(timeout=120) as client:
            await load_hub.login(client, hub.url, "ana")
            async with httpx.AsyncClient(timeout=60) as stranger:
                bad = await stranger.post(
                    f"{hub.url}/hub/login", data={"username": "ben", "password": "wrong"}
                )
            assert bad.status_code in (200, 403) and "jupyterhub-session-id" not in bad.cookies
            xsrf = client.cookies.get("_xsrf", "")
            made = await client.post(
                f"{hub.url}/hub/api/users/ana/tokens",
                json={"note": "test"},
                headers={"X-XSRFToken": xsrf},
            )
            auth = {"Authorization": f"token {made.json()['token']}"}
            spawn = await client.post(f"{hub.url}/hub/api/users/ana/server", headers=auth)
            assert spawn.status_code in (201, 202)
            async with client.stream(
                "GET", f"{hub.url}/hub/api/users/ana/server/progress", headers=auth
            ) as events:
                async for line in events.aiter_lines():
                    if line.startswith("data:"):
                        event = json.loads(line[5:])
                        assert not event.get("failed"), event
                        if event.get("ready"):
                            break
            listing = await client.get(f"{hub.url}/user/ana/api/contents/", headers=auth)
            listing.raise_for_status()
            await client.get(f"{hub.url}/hub/logout")
            return [item["name"] for item in listing.json()["content"]]

    with load_hub.running_hub(tmp_path / "hub") as hub:
        names = asyncio.run(asyncio.wait_for(journey(hub), 240))
        assert "02_self_assessment.ipynb" in names and "teachers_guide.ipynb" not in names
        assert asyncio.run(load_hub.wait_stopped(hub, ["ana"], timeout_s=60)) == 0
