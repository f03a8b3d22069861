"""JupyterHub for a class on one machine: `make hub` runs `jupyterhub -f hub/jupyterhub_config.py`.

- Listens on 127.0.0.1 only (HUB_PORT, default 8000); put a TLS reverse proxy in front to open
  it to a classroom network.
- Shared password (SharedPasswordAuthenticator, JupyterHub >= 5.3): every student logs in with
  any name and the password in HUB_PASSWORD (8 characters or more).
- SimpleLocalProcessSpawner: each student's server is a local process of the hub's own Unix user,
  with its own home folder under HUB_STATE/home/<name>; no system accounts to create. It gives
  no isolation between students (the shared password does not either): a classroom, not a
  shared service with private data.
- Every student gets their own copy of the student notebooks (tools/make_student_notebooks.py:
  no solutions, no teacher's guide) on first start; their copies are never overwritten.
- The single-user servers run the project's .venv, so the package and the local-only
  JupyterLab settings (tools/setup_jupyter.py) apply: nothing is fetched from the internet.
- Idle servers are culled by jupyterhub-idle-culler (a hub service), kernels without a tab by
  Jupyter Server; logging out stops the student's server.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub's config loader provides it)

HUB = Path(__file__).resolve().parent
ROOT = HUB.parent
VENV_BIN = Path(sys.executable).parent  # the hub runs from the project's .venv (make hub)
STATE = Path(os.environ.get("HUB_STATE", HUB / "state")).resolve()
PORT = int(os.environ.get("HUB_PORT", "8000"))
# The hub's own API and the proxy's API: loopback, next to the public port unless told.
HUB_API_PORT = int(os.environ.get("HUB_API_PORT", PORT + 81))
PROXY_API_PORT = int(os.environ.get("HUB_PROXY_API_PORT", PORT + 1))
# Idle culling (seconds): a server with no activity (no open tab polling it, no running cell)
# for 30 min is stopped, checked every 5 min. A lesson's break does not lose a student's
# kernel; an abandoned server is freed within 35 min. Saved notebooks stay on disk.
IDLE_TIMEOUT = int(os.environ.get("HUB_IDLE_TIMEOUT", "1800"))
CULL_EVERY = int(os.environ.get("HUB_CULL_EVERY", "300"))
# A kernel with no tab connected (notebook closed, server still open) is shut down after 20 min.
KERNEL_IDLE_TIMEOUT = 1200

STATE.mkdir(parents=True, exist_ok=True)

# --------------------------------------------------------------------------- network
c.JupyterHub.bind_url = f"http://127.0.0.1:{PORT}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = HUB_API_PORT
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PROXY_API_PORT}"
# configurable-http-proxy from npm, installed by `npm ci` in hub/ (hub/package-lock.json).
c.ConfigurableHTTPProxy.command = [str(HUB / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server

# --------------------------------------------------------------------------- who logs in
PASSWORD = os.environ.get("HUB_PASSWORD", "")
if not PASSWORD:
    PASSWORD = secrets.token_urlsafe(9)
    print(f"HUB_PASSWORD was not set: the class password for this run is {PASSWORD}")
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = PASSWORD
c.Authenticator.allow_all = True  # any name with the shared password (a class list is optional)
c.Authenticator.username_pattern = r"^[a-z0-9][a-z0-9_-]{0,31}$"  # safe as a folder name
c.JupyterHub.shutdown_on_logout = True  # logging out frees the student's memory at once

# --------------------------------------------------------------------------- each student's server
c.JupyterHub.spawner_class = "simple"  # SimpleLocalProcessSpawner: no system users needed
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home" / "{username}")
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = str(STATE / "home" / "{username}")
c.Spawner.default_url = "/lab/tree/00_start_here.ipynb"
c.Spawner.environment = {"PATH": f"{VENV_BIN}:/usr/local/bin:/usr/bin:/bin"}
# Spawning is CPU-bound: when a class starts together each start waits for the others.
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.Spawner.args = [
    "--LabApp.news_url=",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
    f"--MappingKernelManager.cull_idle_timeout={KERNEL_IDLE_TIMEOUT}",
    "--MappingKernelManager.cull_interval=300",
]
if os.geteuid() == 0:
    # Only in the sandbox, which runs everything as root: Jupyter Server refuses to start as
    # root unless told so. On a real machine run the hub as an unprivileged user instead.
    c.Spawner.args.append("--allow-root")

_STUDENT_NOTEBOOKS: list[Path] = []


def student_notebooks() -> list[Path]:
    """The student notebooks, written once per hub start into HUB_STATE/students."""
    if not _STUDENT_NOTEBOOKS:
        sys.path.insert(0, str(ROOT / "tools"))
        from make_student_notebooks import make

        _STUDENT_NOTEBOOKS.extend(make(STATE / "students"))
    return _STUDENT_NOTEBOOKS


def give_notebooks(spawner: object) -> None:
    """Copy the notebooks a student does not have yet into their home (never overwrite)."""
    home = Path(spawner.home_dir)  # type: ignore[attr-defined]
    home.mkdir(parents=True, exist_ok=True)
    for source in student_notebooks():
        target = home / source.name
        if not target.exists():
            shutil.copyfile(source, target)


c.Spawner.pre_spawn_hook = give_notebooks

# --------------------------------------------------------------------------- idle culler
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={IDLE_TIMEOUT}",
            f"--cull-every={CULL_EVERY}",
        ],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]

# A load test or an end-to-end test adds its own settings (an API token) here.
_extra = os.environ.get("HUB_EXTRA_CONFIG")
if _extra:
    load_subconfig(_extra)  # noqa: F821 (JupyterHub's config loader provides it)
