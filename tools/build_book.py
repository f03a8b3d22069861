"""Build the course as a book (`make book`): every notebook run and rendered to a static HTML page.

Why nbconvert with a template of our own, and not Jupyter Book or mystmd: both need Node.js and
their own theme assets at build time, and Jupyter Book 1 would add Sphinx and its themes. nbconvert
already runs the notebooks' tests (nbval) and the Voila app here, it renders JupyterLab's own look,
and a small template (share/book/) controls every byte a reader's browser loads: no CDN, no
require.js, no MathJax (the course has no formulas as TeX), plotly.js served once from the book.

What the book has:
- one page per course notebook, run on this machine (CPython, the package as installed), with
  each figure drawn by plotly.js in the page and its text alternative under it;
- a table of contents on every page, previous and next links, the glossary chapter and a page of
  references, and each reference id in the text linked to its entry;
- a "run this page" link to the same notebook in the site's JupyterLite (`make site`), and to a
  class's JupyterHub or Binder where ``--hub-url`` is given;
- a print style sheet: no navigation, figures kept whole, link targets written out.

An interactive part (a widget needs a running kernel) is replaced by a note that links to the
page's live version.

    python tools/build_book.py --out build/site/book [--hub-url URL]
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NOTEBOOKS = ROOT / "notebooks"
TEMPLATES = ROOT / "share" / "book" / "templates"
PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
REFERENCES_PAGE = "references.html"


def chapters() -> list[Path]:
    """The course notebooks, in order (the app and the teacher's guide are not chapters)."""
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def page_name(notebook: Path | str) -> str:
    """The HTML file of a chapter."""
    return Path(notebook).stem + ".html"


def title_of(nb: dict) -> str:
    """A notebook's title: its first level-1 heading."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise SystemExit("make book: a notebook without a '# ' title")


def execute(path: Path) -> dict:
    """Run a notebook in its folder (figures as plotly JSON); return it with its outputs."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    os.environ["PLOTLY_RENDERER"] = "plotly_mimetype"
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    return nb


def figure_html(spec: dict, number: int) -> str:
    """A plotly figure as a div that plotly.js draws in the page (no server, no CDN)."""
    fig_id = f"figure-{number}"
    data = json.dumps(spec.get("data", []))
    layout = json.dumps(spec.get("layout", {}))
    config = json.dumps({**spec.get("config", {}), "responsive": True, "displaylogo": False})
    script = f"Plotly.newPlot({json.dumps(fig_id)}, {data}, {layout}, {config});"
    return (
        f'<div class="book-figure" id="{fig_id}"></div>'
        f"<script>{script.replace('</', '<' + chr(92) + '/')}</script>"
    )


def bookify(nb: dict, live: str) -> dict:
    """Replace outputs a static page cannot show: figures become plotly.js divs (their text
    alternative is already beside them), a widget becomes a note linking to the live page."""
    from hamstring_edu.wording import say

    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = lab_only_removed("".join(cell["source"]))
    number = 0
    note = (
        f'<p class="book-live">{html.escape(say("site.book_interactive"))} '
        f'<a href="{html.escape(live)}">{html.escape(say("site.book_run_link"))}</a></p>'
    )
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        outputs = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if PLOTLY_MIME in data:
                number += 1
                outputs.append(_html(figure_html(data[PLOTLY_MIME], number)))
            elif WIDGET_MIME in data:
                outputs.append(_html(note))
            else:
                outputs.append(output)
        cell["outputs"] = outputs
    nb["metadata"].pop("widgets", None)
    return nb


NOTEBOOK_LINK = re.compile(r'(<a\b[^>]*?)href="([\w-]+)\.ipynb(#[^"]*)?"([^>]*>)(.*?)</a>', re.S)


def relink(page: str, where: Callable[[str, str], str | None]) -> str:
    """Each link to a notebook (NAME.ipynb#part) in a page goes where ``where(NAME, "#part")``
    says; where it says None, the link's text stays and the link goes."""

    def one(m: re.Match) -> str:
        start, stem, fragment, end, text = m.groups()
        href = where(stem, fragment or "")
        return text if href is None else f'{start}href="{html.escape(href)}"{end}{text}</a>'

    return NOTEBOOK_LINK.sub(one, page)


def book_links(page: str, site: str) -> str:
    """Links between notebooks become links between chapters; a link to the app goes to the
    site's app; a notebook that is not in the book (the teacher's guide) is named, not linked."""
    in_book = {p.stem for p in chapters()}

    def where(stem: str, fragment: str) -> str | None:
        if stem in in_book:
            return f"{stem}.html{fragment}"
        return f"{site.rstrip('/')}/voici/render/app.html" if stem == "app" else None

    return relink(page, where)


LAB_ONLY = re.compile(r'<span class="hamstring-lab-only">.*?</span>', re.S)


def lab_only_removed(markdown: str) -> str:
    """A markdown cell without what is meant for JupyterLab only ("choose Run > Run All"), and
    without a quote line it leaves empty."""
    text = LAB_ONLY.sub("", markdown)
    return "\n".join(line for line in text.split("\n") if line.strip() != ">")


def _html(text: str) -> dict:
    """A display_data output of one HTML text."""
    return {"output_type": "display_data", "data": {"text/html": text}, "metadata": {}}


REFERENCE_WORD = re.compile(r"\b([a-z][a-z-]*\d{4}[a-z]?)\b")
TEXT_BETWEEN_TAGS = re.compile(r"(<(script|style)\b.*?</\2>|<[^>]*>)", re.S | re.I)


def link_references(page: str, known: set[str]) -> str:
    """Each known reference id in a page's text becomes a link to its entry (tags, scripts and
    link texts are left as they are)."""
    parts = TEXT_BETWEEN_TAGS.split(page)
    out, in_link = [], 0
    i = 0
    while i < len(parts):
        part = parts[i]
        if i % 3 == 1:  # a tag (the next part is the script/style group's name or None)
            lowered = part[:3].lower()
            if lowered.startswith("<a ") or lowered == "<a>":
                in_link += 1
            elif lowered.startswith("</a"):
                in_link = max(0, in_link - 1)
            out.append(part)
            i += 2
            continue
        if not in_link:
            part = REFERENCE_WORD.sub(
                lambda m: (
                    f'<a class="book-ref" href="{REFERENCES_PAGE}#{m.group(1)}">{m.group(1)}</a>'
                    if m.group(1) in known
                    else m.group(1)
                ),
                part,
            )
        out.append(part)
        i += 1
    return "".join(out)


def references_page(toc: list[dict], site_links: dict) -> str:
    """The references, one entry per id, each with its link where it has one."""
    from hamstring_edu import load_content
    from hamstring_edu.wording import say

    items = []
    for ref in load_content().references:
        where = ref.url or (f"https://doi.org/{ref.doi}" if ref.doi else "")
        link = f' <a href="{html.escape(where)}">{html.escape(where)}</a>' if where else ""
        items.append(
            f'<li id="{html.escape(ref.id)}"><strong>{html.escape(ref.id)}</strong>: '
            f"{html.escape(ref.authors)} ({ref.year}). {html.escape(ref.title)}. "
            f"<em>{html.escape(ref.journal)}</em>.{link}"
            f"<br>{html.escape(ref.finding)}</li>"
        )
    body = (
        f"<h1>{html.escape(say('site.references_title'))}</h1>"
        f'<p>{html.escape(say("site.references_intro"))}</p><ol class="book-references">'
        + "\n".join(items)
        + "</ol>"
    )
    return shell(say("site.references_title"), body, toc, REFERENCES_PAGE, site_links)


def shell(title: str, body: str, toc: list[dict], current: str, site_links: dict) -> str:
    """A plain book page (the index and the references) in the book's own frame."""
    nav = navigation(toc, current, site_links, live=None)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>"
        '<link rel="icon" href="data:,"><link rel="stylesheet" href="static/book.css">'
        f'</head><body class="book-plain">{nav["top"]}<main id="content">{body}</main>'
        f"{nav['bottom']}</body></html>\n"
    )


def navigation(toc: list[dict], current: str, site_links: dict, live: str | None) -> dict:
    """The skip link, contents, run links (top) and previous/next (bottom) of one page."""
    from hamstring_edu.wording import say

    def esc(key: str) -> str:
        return html.escape(say(key))

    items = []
    for entry in toc:
        here = ' aria-current="page"' if entry["page"] == current else ""
        items.append(f'<li><a href="{entry["page"]}"{here}>{html.escape(entry["title"])}</a></li>')
    extra = [
        f'<li><a href="{REFERENCES_PAGE}"'
        + (' aria-current="page"' if current == REFERENCES_PAGE else "")
        + f">{esc('site.references_title')}</a></li>"
    ]
    runs = []
    if live:
        runs.append(f'<a href="{html.escape(live)}">{esc("site.book_run_link")}</a>')
        if site_links.get("hub"):
            hub = site_links["hub"].rstrip("/") + "/" + Path(live.split("path=")[-1]).name
            runs.append(f'<a href="{html.escape(hub)}">{esc("site.book_hub_link")}</a>')
    top = (
        f'<a class="book-skip" href="#content">{esc("site.book_skip")}</a>'
        f'<header class="book-header"><a class="book-home" href="index.html">'
        f"{esc('site.book_title')}</a> · "
        f'<a href="{site_links["site"]}">{esc("site.book_site_link")}</a></header>'
        f'<nav class="book-toc" aria-label="{esc("site.book_contents")}"><details>'
        f"<summary>{esc('site.book_contents')}</summary><ol>{''.join(items)}</ol>"
        f"<ul>{''.join(extra)}</ul></details></nav>"
        + (f'<p class="book-run">{" · ".join(runs)}</p>' if runs else "")
    )
    pages = [entry["page"] for entry in toc]
    bottom = ""
    if current in pages:
        i = pages.index(current)
        links = []
        if i > 0:
            links.append(
                f'<a rel="prev" href="{pages[i - 1]}">{esc("site.book_previous")}: '
                f"{html.escape(toc[i - 1]['title'])}</a>"
            )
        if i + 1 < len(pages):
            links.append(
                f'<a rel="next" href="{pages[i + 1]}">{esc("site.book_next")}: '
                f"{html.escape(toc[i + 1]['title'])}</a>"
            )
        bottom = (
            f'<nav class="book-pager" aria-label="{esc("site.book_pager")}">{"".join(links)}</nav>'
        )
    return {"top": top, "bottom": bottom}


def render(nb: dict, toc: list[dict], current: str, site_links: dict, live: str) -> str:
    """One chapter as a page: nbconvert's JupyterLab look, the book's frame around it."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="hamstring-book", extra_template_basedirs=[str(TEMPLATES)]
    )
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    nav = navigation(toc, current, site_links, live)
    body, _ = exporter.from_notebook_node(nbformat.from_dict(nb), resources={"book": nav})
    return body


def build(out: Path, site: str, hub: str | None) -> list[Path]:
    """Run and render every chapter, the index and the references into ``out``."""
    import plotly

    from hamstring_edu import load_content
    from hamstring_edu.wording import say

    shutil.rmtree(out, ignore_errors=True)
    (out / "static").mkdir(parents=True)
    shutil.copy2(TEMPLATES / "book.css", out / "static" / "book.css")
    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    shutil.copy2(plotly_js, out / "static" / "plotly.min.js")
    # nbconvert's JupyterLab style sheets, from the environment running the build
    lab_css = Path(sys.prefix) / "share" / "jupyter" / "nbconvert" / "templates" / "lab" / "static"
    (out / "static" / "notebook.css").write_text(
        (lab_css / "index.css").read_text() + "\n" + (lab_css / "theme-light.css").read_text()
    )

    paths = chapters()
    notebooks = {p: json.loads(p.read_text(encoding="utf-8")) for p in paths}
    toc = [{"page": page_name(p), "title": title_of(nb)} for p, nb in notebooks.items()]
    site_links = {"site": site.rstrip("/") + "/index.html", "hub": hub}
    known = {ref.id for ref in load_content().references}
    written = []
    for path in paths:
        live = f"{site.rstrip('/')}/lab/index.html?path={path.name}"
        nb = bookify(execute(path), live)
        page = render(nb, toc, page_name(path), site_links, live)
        page = link_references(book_links(page, site), known)
        target = out / page_name(path)
        target.write_text(page, encoding="utf-8")
        written.append(target)
        print(f"book: {target.relative_to(out.parent)}", flush=True)

    (out / REFERENCES_PAGE).write_text(references_page(toc, site_links), encoding="utf-8")
    intro = "".join(f'<li><a href="{e["page"]}">{html.escape(e["title"])}</a></li>' for e in toc)
    title, about = html.escape(say("site.book_title")), html.escape(say("site.book_intro"))
    index = (
        f"<h1>{title}</h1><p>{about}</p>"
        f'<p class="book-note">{html.escape(say("site.educational"))}</p>'
        f"<ol>{intro}</ol>"
        f'<p><a href="{REFERENCES_PAGE}">{html.escape(say("site.references_title"))}</a></p>'
    )
    (out / "index.html").write_text(
        shell(say("site.book_title"), index, toc, "index.html", site_links), encoding="utf-8"
    )
    return written


def main() -> None:
    """Command line: build the book."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site" / "book")
    parser.add_argument(
        "--site", default="..", help="the static site's root, relative to the book (make site)"
    )
    parser.add_argument(
        "--hub-url",
        default=os.environ.get("BOOK_HUB_URL") or None,
        help="a class's JupyterHub or Binder URL that opens a notebook by name when it is added",
    )
    args = parser.parse_args()
    build(args.out.resolve(), args.site, args.hub_url)
    print(f"book: {args.out}/index.html")


if __name__ == "__main__":
    main()
