"""Packaging and architecture: a light import, one-way data flow, a wheel that ships content."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import hamstring_edu

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "hamstring_edu"
UI_MODULES = ("plotly", "ipywidgets", "anywidget")


def _run(code: str, **kwargs) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, **kwargs
    )
    return out.stdout.strip()


def test_import_is_light():
    """`import hamstring_edu` loads neither the UI libraries nor pandas; loading content neither."""
    code = (
        "import sys, hamstring_edu\n"
        "before = sorted(m for m in ('pandas', 'plotly', 'ipywidgets') if m in sys.modules)\n"
        "hamstring_edu.load_content()\n"
        "after = sorted(m for m in ('plotly', 'ipywidgets') if m in sys.modules)\n"
        "print(before, after)"
    )
    assert _run(code, cwd=ROOT) == "[] []"


def test_every_public_name_resolves():
    for name in hamstring_edu.__all__:
        assert getattr(hamstring_edu, name) is not None, name
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        hamstring_edu.nonexistent  # noqa: B018


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0] if node.level == 0 else node.module)
    return names


MODEL = sorted(p for p in PACKAGE.rglob("*.py") if p.parent.name not in ("figures", "widgets"))


@pytest.mark.parametrize("path", MODEL, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_the_model_never_imports_ui(path):
    assert not _imports(path) & set(UI_MODULES)


@pytest.mark.parametrize("path", sorted((PACKAGE / "figures").glob("*.py")), ids=lambda p: p.name)
def test_figures_never_import_widgets(path):
    assert "ipywidgets" not in _imports(path)
    assert "open(" not in path.read_text(), "figures draw model results; they never read files"


def test_every_public_function_has_hints_and_a_docstring():
    import importlib
    import inspect

    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        module = importlib.import_module(".".join(rel.parts).removesuffix(".__init__"))
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj):
                sig = inspect.signature(obj)
                hinted = sig.return_annotation is not inspect.Signature.empty and all(
                    p.annotation is not inspect.Parameter.empty for p in sig.parameters.values()
                )
                if not (hinted and obj.__doc__):
                    missing.append(f"{module.__name__}.{name}")
            elif inspect.isclass(obj) and not obj.__doc__:
                missing.append(f"{module.__name__}.{name}")
    assert missing == []


@pytest.mark.slow
def test_the_wheel_ships_the_content(tmp_path):
    """Build the wheel, unpack it, and load the content from another folder."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("hamstring_edu-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "hamstring_edu/data/causes.toml" in names
    assert "hamstring_edu/py.typed" in names
    assert "hamstring_edu/docs/load_metrics.md" in names  # the metric definitions ship too
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = (
        "import hamstring_edu as h; c = h.load_content(); "
        "print(len(c.causes), len(c.solutions), len(c.faqs), "
        f"c.source.is_relative_to({str(site)!r}))"
    )
    assert _run(code, cwd=elsewhere, env=env) == "6 19 7 True"


def _package_imports(path) -> set[str]:
    """The package modules a module imports, at any depth of its code."""
    import ast

    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("hamstring_edu."):
            found.add(node.module)
    return found


def test_the_model_modules_import_no_circle():
    """Module imports at the top of a file form no circle; load and progression share the week
    arithmetic through hamstring_edu.weeks, below both (issue 26)."""
    import ast
    from pathlib import Path

    package = Path(hamstring_edu.__file__).parent
    graph = {}
    for path in package.rglob("*.py"):
        name = "hamstring_edu." + ".".join(path.relative_to(package).with_suffix("").parts)
        name = name.removesuffix(".__init__")
        tree = ast.parse(path.read_text())
        graph[name] = set()
        for n in tree.body:
            if not isinstance(n, ast.ImportFrom) or not (n.module or "").startswith(
                "hamstring_edu"
            ):
                continue
            module = n.module
            for alias in n.names:  # from hamstring_edu.recovery import wall_clock: the module
                submodule = f"{module}.{alias.name}"
                file = package.joinpath(*submodule.split(".")[1:]).with_suffix(".py")
                graph[name].add(submodule if file.is_file() else module)
        graph[name].discard(name)  # a package's own __init__ importing its names

    def visit(node, trail):
        assert node not in trail, " -> ".join([*trail, node])
        for nxt in graph.get(node, ()):
            visit(nxt, [*trail, node])

    for name in graph:
        visit(name, [])
    assert "hamstring_edu.progression" not in _package_imports(package / "load.py")
    assert "hamstring_edu.load" not in graph["hamstring_edu.weeks"]


def test_no_app_export_is_committed():
    """What an app saves (a routine, answers, a plan: possibly someone's health data) never sits
    in the repository: only the project's own files are at its root."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    at_root = [f for f in tracked if "/" not in f]
    exports = [f for f in at_root if f.rsplit(".", 1)[-1] in {"csv", "json", "html", "ics"}]
    assert exports == [], f"app exports committed at the root: {exports}"
    assert set(at_root) <= {".gitignore", "Makefile", "README.md", "pyproject.toml"}, at_root
