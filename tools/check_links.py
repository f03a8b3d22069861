"""Check every internal link of the static site (`make site`; the tests call it too): each
``href`` and ``src`` in the site's own pages (the start page, the book, the Voici pages and the
JupyterLite entry pages) points to a file in the site, each ``#fragment`` to an id on that page,
and each JupyterLite ``?path=`` to a notebook the site carries.

    python tools/check_links.py build/site
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

#: the pages whose links are checked (JupyterLite's and Voici's bundles link within themselves)
PAGES = ("index.html", "book/*.html", "voici/render/*.html", "lab/index.html")
EXTERNAL = ("http:", "https:", "mailto:", "data:", "blob:", "javascript:")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[int, str]] = []
        self.ids: set[str] = set()
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("id", "name"):
            if values.get(name):
                self.ids.add(values[name] or "")
        for name in ("href", "src"):
            value = values.get(name)
            if value is not None and not (tag == "link" and values.get("rel") == "icon"):
                self.links.append((self.getpos()[0], value))


def page_links(path: Path) -> tuple[list[tuple[int, str]], set[str]]:
    """The links (line, target) and the ids of one page."""
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.links, parser.ids


def broken_links(site: Path) -> list[str]:
    """Every internal link of the site that leads nowhere, as 'page:line: target (why)'."""
    site = site.resolve()
    ids: dict[Path, set[str]] = {}

    def ids_of(page: Path) -> set[str]:
        if page not in ids:
            ids[page] = page_links(page)[1]
        return ids[page]

    problems = []
    pages = sorted({p for pattern in PAGES for p in site.glob(pattern)})
    if not pages:
        return [f"{site}: no pages (build the site first: make site)"]
    for page in pages:
        links, _ = page_links(page)
        for line, target in links:
            where = f"{page.relative_to(site)}:{line}: {target}"
            if not target or target.startswith(EXTERNAL):
                continue
            parts = urlsplit(target)
            if parts.scheme or parts.netloc:
                problems.append(f"{where} (another site, written without https:)")
                continue
            file = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if file.is_dir():
                file = file / "index.html"
            if not file.is_relative_to(site):
                problems.append(f"{where} (outside the site)")
            elif not file.is_file():
                problems.append(f"{where} (no such file)")
            elif (
                parts.fragment
                and file.suffix == ".html"
                and not {parts.fragment, unquote(parts.fragment)} & ids_of(file)
            ):
                problems.append(f"{where} (no id {unquote(parts.fragment)!r} on that page)")
            for notebook in parse_qs(parts.query).get("path", []):
                if not (site / "files" / notebook).is_file():
                    problems.append(f"{where} (the site carries no notebook {notebook!r})")
    return problems


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "build/site")
    found = broken_links(folder)
    for problem in found:
        print(problem)
    checked = sum(len(page_links(p)[0]) for pattern in PAGES for p in folder.glob(pattern))
    print(f"links: {checked} checked, {len(found)} broken")
    sys.exit(1 if found else 0)
