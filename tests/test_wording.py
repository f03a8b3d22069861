"""Interface text lives in data/text/, never in a module (issue 26): say(), its checks, and a scan
of the package for sentences of six words or more outside data/."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

import hamstring_edu
from hamstring_edu import ContentError, wording
from hamstring_edu.schema import data_dir

PACKAGE = Path(hamstring_edu.__file__).resolve().parent
MIN_WORDS = 6
SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|ALTER|DROP|WITH)\b")
TAG = re.compile(r"<[^>]*>")
CSS = re.compile(r"[a-z-]+\s*:\s*[^;\s\"']+;?")  # style fragments: padding:8px 12px;
STYLE_SHEET = re.compile(r"\{[^{}]*:[^{}]*;[^{}]*\}")  # CSS rules: p { margin: 0; }
SCRIPT = re.compile(r"<script\b|=>|function\s*\(")  # JavaScript put into a page
PATTERN = re.compile(r"\\[dsSwWb]|\(\?|\[A-Z\]|%-?[A-Za-z]\b")  # a regex or a strftime format
WORD = re.compile(r"(?<![\w{])[A-Za-z]+(?:['’-][A-Za-z]+)*(?![\w}])")

# readers of a runner's own files: every sentence in them is why a value or a row was refused
INPUT_READERS = {"logs.py", "devices.py", "validation.py", "archives.py", "fit_decode.py"}
REASON_NAMES = ("reason", "doubt", "problem")  # a variable or function that holds such a message


def _is_error(call: ast.AST) -> bool:
    """A call that builds an error or a warning: its text is an error message."""
    if not isinstance(call, ast.Call):
        return False
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    return name.endswith(("Error", "Warning", "Exception")) or name == "warn"


def _is_reason(node: ast.AST) -> bool:
    """``reason = "..."`` or a ``def ..._doubt()``: the text says why an input was refused."""
    if isinstance(node, ast.Assign):
        return any(getattr(t, "id", "").endswith(REASON_NAMES) for t in node.targets)
    if isinstance(node, ast.FunctionDef):
        return node.name.endswith(REASON_NAMES)
    return False


def _text_of(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):  # an f-string reads as one sentence; {x} is no word
        return "".join(v.value if isinstance(v, ast.Constant) else " " for v in node.values)
    return None


def sentences(source: str) -> list[tuple[int, str]]:
    """Strings of a module that a person would read as a sentence of MIN_WORDS words or more."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and _text_of(node.value) is not None:
            skip.add(id(node.value))  # docstrings and other bare strings
        if isinstance(node, ast.Raise) or _is_error(node) or _is_reason(node):
            skip |= {id(sub) for sub in ast.walk(node)}
        if isinstance(node, ast.JoinedStr):
            skip |= {id(v) for v in node.values}  # judged whole, above
    found = []
    for node in ast.walk(tree):
        text = _text_of(node)
        if text is None or id(node) in skip or SQL.match(text) or PATTERN.search(text):
            continue
        if STYLE_SHEET.search(text) or SCRIPT.search(text):
            continue
        plain = CSS.sub(" ", TAG.sub(" ", text))
        if len(WORD.findall(plain)) >= MIN_WORDS:
            found.append((node.lineno, " ".join(text.split())[:100]))
    return found


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize(
    "path",
    [p for p in _modules() if p.name not in INPUT_READERS],
    ids=lambda p: p.relative_to(PACKAGE).as_posix(),
)
def test_no_module_holds_a_sentence_a_person_reads(path):
    """Text a person reads (six words or more, error messages aside) is content: it lives in
    data/ and a module reaches it through wording.say() or the content loaders."""
    name = path.relative_to(PACKAGE).as_posix()
    found = sentences(path.read_text(encoding="utf-8"))
    assert not found, f"{name}: move these to data/text/ and use wording.say():\n" + "\n".join(
        f"  line {line}: {text}" for line, text in found
    )


def test_the_scan_finds_a_sentence_and_ignores_docstrings_errors_sql_and_styles():
    source = '''
"""A module docstring of many words, which is documentation and not shown."""
def f(x):
    """A function docstring of many words, also documentation."""
    if x:
        raise ValueError("an error message of more than six words is allowed")
    style = "padding:8px 12px;border-radius:6px;color:#111;font-size:13px"
    query = "SELECT name, team, added_at FROM athletes ORDER BY name"
    short = "Five words are fine here"
    reason = f"date {x} is outside the range of dates this reads"
    css = "body { font-family: system-ui, sans-serif; font-size: 9.5pt; color: #111; }"
    pattern = r"(\\d{4})-(\\d{2}) in a date such as this one"
    return f"Rest for {x} days before you run again"
'''
    found = sentences(source)
    assert [line for line, _ in found] == [13]  # the f-string only
    assert sentences('x = "This sentence has exactly six words."') != []
    assert sentences('x = "Only five words are here."') == []


def _say_calls() -> list[tuple[str, int, str, set[str] | None]]:
    """Every say("subject.key", ...) in the package: file, line, key, keyword names (None: **)."""
    calls = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "say"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names = {k.arg for k in node.keywords}
                calls.append(
                    (path.name, node.lineno, node.args[0].value, None if None in names else names)
                )
    return calls


def test_every_text_the_package_asks_for_exists_with_the_slots_it_fills():
    calls = _say_calls()
    assert calls, "the package asks for no interface text"
    for file, line, key, names in calls:
        subject, _, name = key.partition(".")
        table = wording.texts(subject)
        assert name in table, f"{file}:{line} asks for {key!r}, not in data/text/{subject}.toml"
        if names is not None:
            assert names == wording.slots(table[name]), f"{file}:{line}: {key!r} slots"


def test_every_text_in_data_is_used():
    """An orphan sentence would be reviewed, translated and never shown."""
    used = {key for _, _, key, _ in _say_calls()}
    tools = sorted((PACKAGE.parent / "tools").glob("*.py"))  # the site's and the book's pages
    source = "\n".join(p.read_text(encoding="utf-8") for p in [*_modules(), *tools])
    for file in sorted((data_dir() / wording.TEXT_FOLDER).glob("*.toml")):
        for name in wording.texts(file.stem):
            key = f"{file.stem}.{name}"
            assert key in used or f'"{key}"' in source, f"{key} is in {file.name} but never used"


def test_say_fills_slots_and_names_file_and_key_when_wrong(tmp_path, monkeypatch):
    (tmp_path / "text").mkdir()
    (tmp_path / "causes.toml").write_text("")
    (tmp_path / "text" / "demo.toml").write_text(
        'rest = """Rest for {days} days,\n  then walk."""\nbroken = "A {slot"\n'
    )
    monkeypatch.setattr(wording.schema, "data_dir", lambda: tmp_path)
    wording.texts.cache_clear()
    try:
        with pytest.raises(ContentError, match=r"demo\.toml.*'broken'"):
            wording.say("demo.rest", days=3)
        (tmp_path / "text" / "demo.toml").write_text('rest = "Rest for {days} days, then walk."')
        wording.texts.cache_clear()
        assert wording.say("demo.rest", days=3) == "Rest for 3 days, then walk."
        with pytest.raises(ContentError, match=r"demo\.toml.*'rest'.*missing \['days'\]"):
            wording.say("demo.rest")
        with pytest.raises(ContentError, match=r"not in the text \['weeks'\]"):
            wording.say("demo.rest", days=3, weeks=1)
        with pytest.raises(ContentError, match=r"demo\.toml.*no text 'nap'"):
            wording.say("demo.nap")
        with pytest.raises(ContentError, match="missing"):
            wording.say("nosuch.rest")
    finally:
        wording.texts.cache_clear()


if __name__ == "__main__":  # python tests/test_wording.py hamstring_edu/x.py ...: list sentences
    for arg in sys.argv[1:] or map(str, _modules()):
        for line, text in sentences(Path(arg).read_text(encoding="utf-8")):
            print(f"{arg}:{line}: {text}")
