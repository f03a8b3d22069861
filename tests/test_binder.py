"""The repository as JupyterHub and BinderHub build it (repo2docker reads binder/): the same
packages as the README's commands, the package and its settings installed, the start notebook
and the athlete app at their addresses."""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"


def _requirements() -> list[str]:
    lines = (BINDER / "requirements.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_binder_installs_exactly_the_packages_make_installs():
    """No drift: `make` installs pyproject.toml's dependencies and its servers (the lab extra);
    repo2docker the same list."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["lab"]
    assert sorted(_requirements()) == sorted(wanted)
    python = (BINDER / "runtime.txt").read_text().strip()
    assert re.fullmatch(r"python-3\.(\d+)", python)
    minimum = int(project["requires-python"].split("3.")[1])
    assert int(python.split("3.")[1]) >= minimum


def test_post_build_installs_the_package_settings_and_start_page():
    script = BINDER / "postBuild"
    assert os.access(script, os.X_OK), "postBuild must be executable for repo2docker"
    text = script.read_text()
    assert "pip install --no-deps -e ." in text  # the dependencies came from requirements.txt
    assert "tools/setup_jupyter.py" in text  # local-only JupyterLab, the Voila template
    start = re.search(r'default_url = "/lab/tree/(.+?)"', text).group(1)
    assert (ROOT / start).is_file(), start
    assert 'VoilaConfiguration.template = "hamstring"' in text
    assert (ROOT / "notebooks" / "app.ipynb").is_file()
    assert (ROOT / "share" / "voila" / "templates" / "hamstring" / "index.html.j2").is_file()


def test_the_voila_template_fetches_nothing_from_a_cdn():
    for file in (ROOT / "share" / "voila" / "templates" / "hamstring").iterdir():
        text = file.read_text()
        for tag in re.findall(r"<(?:link|script)[^>]+>", text):
            assert "http" not in tag, f"{file.name}: {tag}"
