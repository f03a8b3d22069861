"""The static site (`make site`, issue 23): what it ships and how it is configured, checked on the
built folder; its pins, its start page and its link checker checked without it.

The site is built by `make test` (CI) before the suite runs; run alone, the checks of the built
folder skip with the command that builds it."""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "build" / "site"
CONFIG = tomllib.loads((ROOT / "site" / "site.toml").read_text(encoding="utf-8"))
sys.path.insert(0, str(ROOT / "tools"))

import build_book  # noqa: E402
import build_site  # noqa: E402
import check_links  # noqa: E402

built = pytest.mark.skipif(
    not (SITE / "index.html").is_file() or not (SITE / "book" / "index.html").is_file(),
    reason="the site is not built: make site",
)
LEFT_OUT = ("scipy", "scikit-learn", "pyarrow", "matplotlib", "pillow", "openblas")


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ ;\[]", requirement, maxsplit=1)[0]


def test_the_browser_install_is_the_package_without_its_servers():
    """The package's own dependencies are what the browser's Python loads with it; the servers
    (JupyterLab, Voila) are an extra that `make` installs and the site does not need."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    needs = {build_site.canonical(_name(r)) for r in project["dependencies"]}
    loads = {build_site.canonical(n) for n in CONFIG["kernel"]["package_depends"]}
    assert needs == loads - {"sqlite3"}  # part of CPython; a package of its own in Pyodide
    servers = {_name(r) for r in project["optional-dependencies"]["lab"]}
    assert servers == {"jupyterlab", "voila"} and not servers & needs
    assert "hamstring-edu" in CONFIG["kernel"]["preload"]


def test_the_pins_name_one_version_and_one_hash_each():
    for requirement, spec in CONFIG["wheels"].items():
        assert re.fullmatch(r"[\w.-]+==[\w.]+", requirement), requirement
        assert re.fullmatch(r"[0-9a-f]{64}", spec["sha256"]), requirement
    assert re.fullmatch(r"sha512-[A-Za-z0-9+/=]{88}", CONFIG["pyodide"]["integrity"])
    assert re.fullmatch(r"[0-9a-f]{64}", CONFIG["carrier"]["sha256"])
    assert not set(LEFT_OUT) & set(CONFIG["carrier"]["packages"])


def test_a_file_that_is_not_its_pin_stops_the_build(tmp_path, monkeypatch):
    """The npm package's integrity is checked before anything is unpacked."""
    cache = tmp_path / "cache"
    cache.mkdir()
    spec = CONFIG["pyodide"]["npm"]
    fake = cache / (spec.replace("@", "-") + ".tgz")
    with tarfile.open(fake, "w:gz"):
        pass
    config = {"pyodide": {**CONFIG["pyodide"], "integrity": "sha512-" + "A" * 86 + "=="}}
    # no download: the cache already holds the (wrong) file
    monkeypatch.setattr(build_site, "run", lambda *a, **k: None)
    with pytest.raises(build_site.BuildError, match="integrity"):
        build_site.pyodide_core(config, cache)
    assert not (cache / spec.replace("@", "-")).exists()  # nothing was unpacked


def test_the_start_page_links_the_three_parts_and_says_what_it_is():
    page = build_site.start_page(True, "42")
    for href in (
        "voici/render/app.html",
        "lab/index.html?path=00_start_here.ipynb",
        "book/index.html",
    ):
        assert f'href="{href}"' in page
    assert "not a diagnosis" in page and "about 42 MB" in page
    assert 'id="jupyter-config-data"' in page  # JupyterLite reads its root's config from here
    assert "http" not in " ".join(re.findall(r"<(?:link|script)[^>]*>", page))


def test_the_link_checker_finds_a_missing_page_a_missing_id_and_a_missing_notebook(tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "a.ipynb").write_text("{}")
    (tmp_path / "lab").mkdir()
    (tmp_path / "lab" / "index.html").write_text('<a href="../index.html">home</a>')
    (tmp_path / "book").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="book/index.html#top">ok</a> <a href="book/gone.html">gone</a>'
        '<a href="book/index.html#nowhere">no id</a>'
        '<a href="lab/index.html?path=b.ipynb">no notebook</a><a href="https://doi.org/x">out</a>'
    )
    (tmp_path / "book" / "index.html").write_text('<h1 id="top">Top</h1><a href="../x/">up</a>')
    found = check_links.broken_links(tmp_path)
    assert len(found) == 4, found
    assert any("gone.html (no such file)" in f for f in found)
    assert any("no id 'nowhere'" in f for f in found)
    assert any("no notebook 'b.ipynb'" in f for f in found)
    assert any("../x/ (no such file)" in f for f in found)


def test_book_links_between_notebooks_become_links_between_chapters():
    page = (
        '<a href="03_load_progression.ipynb#Part-1">load</a> <a href="app.ipynb">app</a> '
        '<a href="teachers_guide.ipynb">the guide</a>'
    )
    out = build_book.book_links(page, "..")
    assert '<a href="03_load_progression.html#Part-1">load</a>' in out
    assert '<a href="../voici/render/app.html">app</a>' in out
    assert "the guide" in out and "teachers_guide" not in out


def test_reference_ids_link_to_their_entry_outside_tags_and_links():
    page = '<p>As buist2008 found</p><a href="x">buist2008</a><p title="buist2008">unknown1999</p>'
    out = build_book.link_references(page, {"buist2008"})
    assert out.count('href="references.html#buist2008"') == 1
    assert 'title="buist2008"' in out and "unknown1999" in out


def test_what_is_meant_for_jupyterlab_only_is_not_in_the_book():
    text = '> <span class="hamstring-lab-only">Choose **Run > Run All Cells**.</span>\n\nRest'
    assert build_book.lab_only_removed(text) == "\nRest"


# --------------------------------------------------------------------------- the built site


@built
def test_every_internal_link_of_the_site_and_the_book_leads_somewhere():
    assert check_links.broken_links(SITE) == []


@built
def test_the_site_ships_pyodide_and_only_the_packages_it_needs_each_as_pinned():
    folder = SITE / "static" / "pyodide"
    lock = json.loads((folder / "pyodide-lock.json").read_text())
    assert lock["info"]["version"] == CONFIG["pyodide"]["npm"].split("@")[1]
    for name, entry in lock["packages"].items():
        file = folder / entry["file_name"]
        assert hashlib.sha256(file.read_bytes()).hexdigest() == entry["sha256"], name
    shipped = {build_site.canonical(n) for n in lock["packages"]}
    for entry in lock["packages"].values():
        assert {build_site.canonical(d) for d in entry["depends"]} <= shipped, entry["name"]
    assert not shipped & set(LEFT_OUT)
    on_disk = {p.name for p in folder.iterdir()}
    listed = {e["file_name"] for e in lock["packages"].values()}
    assert on_disk == listed | set(CONFIG["pyodide"]["core"]) | {"pyodide-lock.json"}
    assert "hamstring_edu" in lock["packages"]["hamstring-edu"]["imports"]


@built
def test_the_kernel_loads_from_the_site_and_never_from_pypi():
    config = json.loads((SITE / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"][build_site.KERNEL_SETTINGS]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.js"
    assert kernel["disablePyPIFallback"] is True
    assert kernel["loadPyodideOptions"]["packages"] == CONFIG["kernel"]["preload"]
    for page in (SITE / "voici" / "render").glob("*.html"):
        data = json.loads(build_site.CONFIG_SCRIPT.search(page.read_text()).group(2))
        voici = data["litePluginSettings"][build_site.KERNEL_SETTINGS]
        assert voici["pyodideUrl"] == "../../static/pyodide/pyodide.js", page.name
        assert voici["pipliteUrls"] == [] and voici["disablePyPIFallback"] is True


@built
def test_the_site_carries_the_course_and_the_app_with_its_first_questions():
    carried = sorted(p.name for p in (SITE / "files").glob("*.ipynb"))
    assert carried == sorted([*build_site.COURSE, "app.ipynb"])
    app = json.loads((SITE / "files" / "app.ipynb").read_text())
    assert "hamstring-preview" in app["metadata"]["hamstring_preview"]
    page = (SITE / "voici" / "render" / "app.html").read_text()
    assert 'id="hamstring-preview"' in page
    assert page.index('id="hamstring-preview"') < page.index("voici.js")


@built
def test_no_page_of_the_site_loads_a_script_or_style_sheet_from_elsewhere():
    for pattern in check_links.PAGES:
        for page in SITE.glob(pattern):
            tags = re.findall(r"<(?:link|script)\b[^>]*>", page.read_text(encoding="utf-8"))
            remote = [t for t in tags if re.search(r"(src|href)=\"(https?:)?//", t)]
            assert remote == [], f"{page.relative_to(SITE)}: {remote}"


@built
def test_the_book_has_a_page_per_chapter_its_figures_and_a_way_to_run_each():
    chapters = build_book.chapters()
    assert len(chapters) == 13
    for path in chapters:
        page = (SITE / "book" / build_book.page_name(path)).read_text(encoding="utf-8")
        assert f'href="../lab/index.html?path={path.name}"' in page, path.name
        assert 'aria-current="page"' in page and "references.html" in page
        assert "Traceback" not in page, path.name
    load = (SITE / "book" / "03_load_progression.html").read_text(encoding="utf-8")
    executed = json.loads((ROOT / "notebooks" / "03_load_progression.ipynb").read_text())
    shown = sum("show_figure(" in "".join(c["source"]) for c in executed["cells"])
    assert load.count('class="book-figure"') == shown >= 4
    assert (SITE / "book" / "static" / "plotly.min.js").is_file()
    assert 'href="references.html#' in load  # a cited id links to its entry
