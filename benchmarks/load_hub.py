"""A class on one JupyterHub, on loopback: students log in, spawn, run notebook 02 and the quiz.

Usage: python benchmarks/load_hub.py [N ...]   (default: 10 30; `make loadtest-hub`)

For each class size N: starts the hub of hub/jupyterhub_config.py on free 127.0.0.1 ports with a
fresh state folder, lets N students arrive evenly over 60 s; each logs in with the shared password
(the login form), starts a server (hub REST API), opens notebook 02 (contents API + a session, as
JupyterLab does), runs its code cells and then the self-assessment and quiz calls over the kernel
websocket (each cell's latency measured), logs out (which stops the server). Prints successes,
spawn p50/p95, cell p50/p95, peak RSS per student and in total, and the sizing that follows.
Bounded: every student has a deadline, the whole run one too, and the hub is stopped at the end.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
import websockets

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "hub" / "jupyterhub_config.py"
PASSWORD = "class-password-for-the-load-test"
SERVICE_TOKEN = uuid.uuid4().hex
ARRIVAL_S = 60.0
STUDENT_DEADLINE_S = 420.0
# The right answer of each question type, as QuizApp.check takes it (tests/test_quiz_app.py):
# an option index (single), the right indices (multiple), the step indices in the right order
# (order), the number as typed (numeric).
RIGHT_ANSWER = (
    "def right_answer(q):\n"
    "    if q.type == 'single':\n"
    "        return q.correct[0]\n"
    "    if q.type == 'multiple':\n"
    "        return list(q.correct)\n"
    "    if q.type == 'order':\n"
    "        return list(range(len(q.steps)))\n"
    "    return f'{q.value:.{q.decimals}f}'\n"
)
# Answer every question right and check the score: a wrong answer shape fails the cell.
ANSWER_ALL = (
    "for q in {quiz}.attempt.questions:\n"
    "    {quiz}.check(q.id, right_answer(q))\n"
    "assert {quiz}.attempt.score == len({quiz}.attempt.questions), "
    "({quiz}.attempt.score, len({quiz}.attempt.questions))\n"
    "print({quiz}.attempt.score, len({quiz}.attempt.questions))"
)
# After notebook 02's own cells: what a student does in the form and the quiz, as calls.
JOURNEY = [
    "app = AssessmentApp()\napp.set_answers(sam)\nprint(app.result.headline)",
    RIGHT_ANSWER
    + "quiz = QuizApp(notebook='02_self_assessment')\n"
    + ANSWER_ALL.format(quiz="quiz"),
]
# After notebook 11's own cells: the whole quiz (every notebook's questions, all four types).
QUIZ_JOURNEY = [
    RIGHT_ANSWER
    + "whole = QuizApp(bank.questions, choose_set=True)\n"
    + ANSWER_ALL.format(quiz="whole"),
]


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Hub:
    """A running hub: its URL, process and state folder."""

    url: str
    process: subprocess.Popen
    state: Path
    token: str = SERVICE_TOKEN
    log: Path = field(default_factory=Path)


@contextlib.contextmanager
def running_hub(state: Path, *, timeout_s: float = 120.0) -> Iterator[Hub]:
    """Start the project's hub on free loopback ports; stop it (and every server) at the end."""
    state.mkdir(parents=True, exist_ok=True)
    extra = state / "extra_config.py"
    extra.write_text(
        f"c.JupyterHub.services.append({{'name': 'load-test', 'api_token': {SERVICE_TOKEN!r}}})\n"
        "c.JupyterHub.load_roles.append({'name': 'load-test', 'scopes': "
        "['admin:users', 'admin:servers', 'list:users', 'read:users'], "
        "'services': ['load-test']})\n"
    )
    port, api_port, proxy_port = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "HUB_STATE": str(state),
        "HUB_PORT": str(port),
        "HUB_API_PORT": str(api_port),
        "HUB_PROXY_API_PORT": str(proxy_port),
        "HUB_PASSWORD": PASSWORD,
        "HUB_EXTRA_CONFIG": str(extra),
    }
    log = state / "hub.log"
    jupyterhub = Path(sys.executable).parent / "jupyterhub"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(jupyterhub), "-f", str(CONFIG)],
            cwd=state,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    hub = Hub(f"http://127.0.0.1:{port}", process, state, log=log)
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"the hub stopped at start: see {log}\n{log.read_text()[-3000:]}"
                )
            try:
                if httpx.get(f"{hub.url}/hub/api/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the hub did not answer in {timeout_s:.0f} s: see {log}")
            time.sleep(0.2)  # polling for a condition (the hub answering), bounded above
        yield hub
    finally:
        stop_hub(process)


def stop_hub(process: subprocess.Popen) -> None:
    """SIGTERM the hub (it stops the proxy and the servers), then end whatever is left."""
    tree = _tree(process.pid)
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
    _gone, alive = psutil.wait_procs(tree, timeout=10)
    for p in alive:
        with contextlib.suppress(psutil.Error):
            p.kill()


def _tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def _rss(procs: list[psutil.Process]) -> int:
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


class MemorySampler(threading.Thread):
    """Samples the RSS of the hub's tree (hub, proxy, culler, each student's server + kernels)."""

    def __init__(self, hub_pid: int, every_s: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.hub_pid, self.every_s = hub_pid, every_s
        self.peak_total = 0
        self.peak_user: dict[str, int] = {}
        self.peak_servers = 0
        self.cpu_s = 0.0
        self._halt = threading.Event()
        self._cpu: dict[int, float] = {}

    def run(self) -> None:
        """Sample until stopped."""
        while not self._halt.wait(self.every_s):
            self.sample()

    def sample(self) -> None:
        """One sample of every process of the hub's tree."""
        procs = _tree(self.hub_pid)
        self.peak_total = max(self.peak_total, _rss(procs))
        servers = 0
        for p in procs:
            with contextlib.suppress(psutil.Error):
                times = p.cpu_times()
                self._cpu[p.pid] = times.user + times.system
                if "jupyterhub-singleuser" not in " ".join(p.cmdline()):
                    continue
                user = p.environ().get("JUPYTERHUB_USER", str(p.pid))
                servers += 1
                rss = _rss([p, *p.children(recursive=True)])
                self.peak_user[user] = max(self.peak_user.get(user, 0), rss)
        self.peak_servers = max(self.peak_servers, servers)
        self.cpu_s = sum(self._cpu.values())

    def stop(self) -> None:
        """Stop sampling."""
        self._halt.set()
        self.join(5)


@dataclass
class Student:
    """What one student's journey measured."""

    name: str
    ok: bool = False
    error: str = ""
    spawn_s: float = 0.0
    cells_s: list[float] = field(default_factory=list)


async def login(client: httpx.AsyncClient, hub_url: str, name: str) -> None:
    """The login form with the shared password (XSRF token from the form, as a browser does)."""
    page = await client.get(f"{hub_url}/hub/login")
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page.text)
    data = {"username": name, "password": PASSWORD}
    if xsrf:
        data["_xsrf"] = xsrf.group(1)
    reply = await client.post(f"{hub_url}/hub/login", data=data)
    if reply.status_code not in (200, 302) or "jupyterhub-session-id" not in client.cookies:
        raise RuntimeError(f"login failed: HTTP {reply.status_code}")


async def run_cells(ws_url: str, token: str, cells: list[str], latencies: list[float]) -> None:
    """Execute each cell over the kernel websocket; append its latency; raise on an error."""
    headers = {"Authorization": f"token {token}"}
    async with websockets.connect(
        ws_url, additional_headers=headers, max_size=None, open_timeout=120
    ) as ws:
        session = uuid.uuid4().hex
        for code in cells:
            msg_id = uuid.uuid4().hex
            message = {
                "header": {
                    "msg_id": msg_id,
                    "username": "student",
                    "session": session,
                    "msg_type": "execute_request",
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "content": {"code": code, "silent": False, "store_history": True},
                "channel": "shell",
            }
            start = time.perf_counter()
            await ws.send(json.dumps(message))
            reply, idle, error = None, False, ""
            while reply is None or not idle:
                data = json.loads(await ws.recv())
                if data.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = data["header"]["msg_type"]
                if kind == "execute_reply":
                    reply = data["content"]
                elif kind == "status" and data["content"]["execution_state"] == "idle":
                    idle = True
                elif kind == "error":
                    error = f"{data['content']['ename']}: {data['content']['evalue']}"
            latencies.append(time.perf_counter() - start)
            if reply.get("status") != "ok":
                raise RuntimeError(f"cell failed: {error or reply}\n{code[:200]}")


def _code_cells(notebook: dict) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


async def student_journey(hub: Hub, name: str) -> Student:
    """Log in, spawn, open notebook 02 and run it, the form and the quiz, then log out."""
    result = Student(name)
    async with httpx.AsyncClient(timeout=STUDENT_DEADLINE_S, follow_redirects=False) as client:
        await login(client, hub.url, name)
        xsrf = client.cookies.get("_xsrf", "")
        made = await client.post(
            f"{hub.url}/hub/api/users/{name}/tokens",
            json={"note": "load test"},
            headers={"X-XSRFToken": xsrf},
        )
        made.raise_for_status()
        token = made.json()["token"]
        auth = {"Authorization": f"token {token}"}
        start = time.perf_counter()
        spawn = await client.post(f"{hub.url}/hub/api/users/{name}/server", headers=auth)
        if spawn.status_code not in (201, 202):
            raise RuntimeError(f"spawn refused: HTTP {spawn.status_code} {spawn.text[:200]}")
        async with client.stream(
            "GET", f"{hub.url}/hub/api/users/{name}/server/progress", headers=auth
        ) as events:
            async for line in events.aiter_lines():
                if not line.startswith("data:"):
                    continue
                event = json.loads(line[5:])
                if event.get("failed"):
                    raise RuntimeError(f"spawn failed: {event.get('message')}")
                if event.get("ready"):
                    break
        result.spawn_s = time.perf_counter() - start
        user_url = f"{hub.url}/user/{name}"
        opened = await client.get(f"{user_url}/api/contents/02_self_assessment.ipynb", headers=auth)
        opened.raise_for_status()
        quiz_nb = await client.get(f"{user_url}/api/contents/11_quiz.ipynb", headers=auth)
        quiz_nb.raise_for_status()
        for path, extra in (
            ("02_self_assessment.ipynb", JOURNEY),
            ("11_quiz.ipynb", QUIZ_JOURNEY),
        ):
            notebook = (opened if path.startswith("02") else quiz_nb).json()["content"]
            made = await client.post(
                f"{user_url}/api/sessions",
                headers=auth,
                json={"path": path, "type": "notebook", "kernel": {"name": "python3"}},
            )
            made.raise_for_status()
            kernel = made.json()["kernel"]["id"]
            ws_url = f"ws://{user_url.split('://', 1)[1]}/api/kernels/{kernel}/channels"
            await run_cells(ws_url, token, [*_code_cells(notebook), *extra], result.cells_s)
            done = await client.delete(f"{user_url}/api/sessions/{made.json()['id']}", headers=auth)
            done.raise_for_status()
        await client.get(f"{hub.url}/hub/logout")  # shutdown_on_logout stops the server
        result.ok = True
    return result


async def wait_stopped(hub: Hub, names: list[str], timeout_s: float = 120.0) -> int:
    """Wait until no student has a server (logging out stops it); return how many still do."""
    auth = {"Authorization": f"token {hub.token}"}
    deadline = time.monotonic() + timeout_s
    async with httpx.AsyncClient(timeout=30) as client:
        while True:
            users = (await client.get(f"{hub.url}/hub/api/users", headers=auth)).json()
            running = [u["name"] for u in users if u["name"] in names and u.get("servers")]
            if not running or time.monotonic() > deadline:
                return len(running)
            await asyncio.sleep(0.5)  # polling the hub for a condition, bounded above


async def run_class(hub: Hub, n: int, over_s: float = ARRIVAL_S) -> list[Student]:
    """N students arriving evenly over ``over_s`` seconds, each with a deadline."""

    async def one(i: int) -> Student:
        await asyncio.sleep(i * over_s / n)
        name = f"student{i:02d}"
        try:
            return await asyncio.wait_for(student_journey(hub, name), STUDENT_DEADLINE_S)
        except Exception as exc:  # a failed journey is counted and reported, not fatal
            return Student(name, error=f"{type(exc).__name__}: {exc}"[:300])

    return list(await asyncio.gather(*(one(i) for i in range(n))))


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def measure(n: int) -> dict:
    """Run one class of N on a fresh hub; return the figures."""
    with tempfile.TemporaryDirectory(prefix="hub-load-") as tmp, running_hub(Path(tmp)) as hub:
        sampler = MemorySampler(hub.process.pid)
        sampler.sample()
        idle_total = sampler.peak_total
        cpu_before = sampler.cpu_s
        sampler.start()
        start = time.perf_counter()
        students = asyncio.run(run_class(hub, n))
        wall = time.perf_counter() - start
        left = asyncio.run(wait_stopped(hub, [s.name for s in students]))
        sampler.stop()
        sampler.sample()
    spawns = [s.spawn_s for s in students if s.ok]
    cells = [c for s in students for c in s.cells_s]
    per_user = list(sampler.peak_user.values())
    return {
        "n": n,
        "ok": sum(s.ok for s in students),
        "errors": [f"{s.name}: {s.error}" for s in students if not s.ok],
        "servers_left": left,
        "wall_s": wall,
        "spawn_p50": pct(spawns, 50),
        "spawn_p95": pct(spawns, 95),
        "cell_p50": pct(cells, 50),
        "cell_p95": pct(cells, 95),
        "cells": len(cells),
        "user_peak_mb_p50": statistics.median(per_user) / 2**20 if per_user else float("nan"),
        "user_peak_mb_max": max(per_user) / 2**20 if per_user else float("nan"),
        "base_mb": idle_total / 2**20,
        "total_peak_mb": sampler.peak_total / 2**20,
        "peak_servers": sampler.peak_servers,
        "cpu_s": sampler.cpu_s - cpu_before,
    }


def report(f: dict) -> str:
    """The figures of one run, as printed lines."""
    cpu_per_student = f["cpu_s"] / max(f["n"], 1)
    lines = [
        f"== {f['n']} students arriving over {ARRIVAL_S:.0f} s (wall {f['wall_s']:.0f} s) ==",
        f"succeeded: {f['ok']}/{f['n']}; servers still running after logout: {f['servers_left']}",
        f"spawn time: p50 {f['spawn_p50']:.1f} s, p95 {f['spawn_p95']:.1f} s",
        f"cell latency ({f['cells']} cells): p50 {f['cell_p50']:.2f} s, p95 {f['cell_p95']:.2f} s",
        f"peak RSS per student (server + kernels): median {f['user_peak_mb_p50']:.0f} MB, "
        f"max {f['user_peak_mb_max']:.0f} MB",
        f"hub + proxy + culler at rest: {f['base_mb']:.0f} MB; peak total: "
        f"{f['total_peak_mb']:.0f} MB with {f['peak_servers']} servers at once",
        f"CPU: {f['cpu_s']:.0f} CPU-s in all, {cpu_per_student:.1f} CPU-s per student",
    ]
    lines += [f"  error: {e}" for e in f["errors"][:10]]
    return "\n".join(lines)


def sizing(f: dict, class_size: int = 30) -> str:
    """What a class of ``class_size`` needs, from one run's figures.

    Memory: the hub at rest plus ``class_size`` times the largest per-student peak, plus 25 %
    headroom. Cores: the class's CPU-seconds (per-student CPU-s times ``class_size``) spread over
    the time the class arrives in (ARRIVAL_S), rounded up, at least 2: with fewer cores the
    spawns and first cells queue behind each other (spawning is CPU-bound).
    """
    per_student_cpu = f["cpu_s"] / max(f["n"], 1)
    memory_gb = 1.25 * (f["base_mb"] + class_size * f["user_peak_mb_max"]) / 1024
    busy = per_student_cpu * class_size / ARRIVAL_S
    cores = max(2, math.ceil(busy))
    here = os.cpu_count() or 1
    return (
        f"sizing: a class of {class_size} needs {math.ceil(memory_gb)} GB and {cores} cores "
        f"(memory: 1.25 x (hub {f['base_mb']:.0f} MB + {class_size} x "
        f"{f['user_peak_mb_max']:.0f} MB peak per student) = {memory_gb:.1f} GB; cores: "
        f"{per_student_cpu:.1f} CPU-s per student x {class_size} arriving within "
        f"{ARRIVAL_S:.0f} s = {busy:.1f} cores busy; on {here} cores the class's starts and "
        f"first run take at least {per_student_cpu * class_size / here:.0f} s of CPU time)"
    )


def main(argv: list[str]) -> None:
    """Run each class size and print its figures and the sizing."""
    sizes = [int(a) for a in argv] or [10, 30]
    memory_gb = psutil.virtual_memory().total / 2**30
    print(f"machine: {os.cpu_count()} cores, {memory_gb:.1f} GB memory")
    for n in sizes:
        one, five, fifteen = os.getloadavg()
        busy = psutil.cpu_percent(interval=3)  # what else the machine is doing (3 s sample)
        print(
            f"before {n} students: load average {one:.2f}, {five:.2f}, {fifteen:.2f}; "
            f"CPU {busy:.0f}% busy over 3 s"
        )
        sys.stdout.flush()
        figures = measure(n)
        print(report(figures))
        print(sizing(figures))
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
