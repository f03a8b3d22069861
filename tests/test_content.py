"""The cause/solution model: completeness against the article, immutability, views, validation."""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import pytest
from text_copy import edited_texts

import hamstring_edu
from hamstring_edu import ContentError, load_content
from hamstring_edu.content import CAUSE_IDS

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"
REFERENCES_MD = ROOT / "tests" / "data" / "references.md"  # copied from shared/, see PROVENANCE.md


@pytest.fixture(scope="module")
def content():
    return load_content()


# --------------------------------------------------------------------------- the article's facts


def test_six_causes_in_article_order(content):
    assert tuple(c.id for c in content.causes) == CAUSE_IDS
    assert all(c.title and c.summary and c.why and c.signs for c in content.causes)


def test_every_cause_has_the_articles_solutions(content):
    counts = {c.id: len(c.solutions) for c in content.causes}
    # The article lists three solutions per cause and four for recovery (R, I, C, E).
    assert counts == {
        "overuse": 3,
        "imbalance": 3,
        "technique": 3,
        "tightness": 3,
        "warmup_cooldown": 3,
        "recovery": 4,
    }
    assert all(s.cause == c.id for c in content.causes for s in c.solutions)
    assert all(s.text for s in content.solutions)


@pytest.mark.parametrize(
    ("solution_id", "fragments"),
    [
        ("static_stretch_after", ["30 seconds", "without bouncing"]),
        ("ice", ["15-20 minutes", "every 2-3 hours", "48-72 hours"]),
        ("elevation", ["above heart level"]),
    ],
)
def test_the_articles_doses_are_kept(content, solution_id, fragments):
    dose = content.solution(solution_id).dose
    for fragment in fragments:
        assert fragment in dose


def test_named_exercises_are_in_the_library(content):
    named = {
        "brisk_walk",
        "easy_jog",
        "leg_swings",
        "walking_lunges",
        "hamstring_stretch",
        "quad_stretch",
        "glute_stretch",
        "hamstring_curl",
        "deadlift",
        "yoga",
        "pilates",
        "cross_training",
    }
    ids = {e.id for e in content.exercises}
    assert named <= ids
    assert all(content.exercise(i).in_article for i in named)
    # A stretch is a 30 s hold, as the article says.
    assert content.exercise("hamstring_stretch").hold_s == 30


def test_seven_faqs(content):
    assert len(content.faqs) == 7
    assert all(f.question.endswith("?") and len(f.answer) > 80 for f in content.faqs)


def test_every_solution_has_an_evidence_verdict(content):
    missing = [s.id for s in content.solutions if not content.evidence_for(s.id)]
    assert missing == []


def test_prose_is_in_our_own_words(content):
    """No run of eight words from the article appears in the content (facts yes, sentences no)."""
    if not ARTICLE.is_file():
        pytest.skip(f"seed article not found at {ARTICLE}")
    words = _words(ARTICLE.read_text())
    article_grams = {tuple(words[i : i + 8]) for i in range(len(words) - 7)}
    copied = []
    for text in _all_prose(content):
        w = _words(text)
        copied += [
            " ".join(w[i : i + 8])
            for i in range(len(w) - 7)
            if tuple(w[i : i + 8]) in article_grams
        ]
    assert copied == []


def test_references_are_the_verified_ones():
    """Every reference id and DOI shipped is one of the project's verified references."""
    text = REFERENCES_MD.read_text()
    verified = set(re.findall(r"\*\*([a-z0-9_]+)\*\*", text))
    for ref in load_content().references:
        assert ref.id in verified
        if ref.doi:
            assert ref.doi in text, f"{ref.id}: DOI {ref.doi} is not in references.md"
        if ref.url:
            assert ref.url in text, f"{ref.id}: address {ref.url} is not in references.md"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def _all_prose(content) -> list[str]:
    out = []
    for c in content.causes:
        out += [c.summary, c.why, c.short, *c.signs]
        out += [t for s in c.solutions for t in (s.text, s.dose or "", s.detail or "")]
    out += [t for f in content.faqs for t in (f.question, f.answer)]
    out += [n.summary for n in content.evidence]
    out += [t for e in content.exercises for t in (*e.cues, *e.mistakes, *e.avoid_if)]
    return out


# --------------------------------------------------------------------------- API shape


def test_public_api_and_cache(content):
    assert hamstring_edu.load_content is load_content
    assert load_content() is content


def test_content_is_immutable(content):
    with pytest.raises(dataclasses.FrozenInstanceError):
        content.causes[0].title = "changed"
    with pytest.raises(dataclasses.FrozenInstanceError):
        content.causes = ()
    assert isinstance(content.causes, tuple) and isinstance(content.causes[0].solutions, tuple)


def test_an_edited_file_is_read_again(content_copy):
    first = load_content(content_copy)
    assert load_content(content_copy) is first
    path = content_copy / "causes.toml"
    path.write_text(path.read_text().replace('title = "Recovery"', 'title = "Recovery care"'))
    assert load_content(content_copy).cause("recovery").title == "Recovery care"


def test_lookups_name_what_is_known(content):
    assert content.cause("technique").title == "Running technique"
    with pytest.raises(ContentError, match=r"unknown cause id 'nope'.*overuse"):
        content.cause("nope")


def test_frames(content):
    causes = content.causes_frame()
    assert list(causes.index) == list(CAUSE_IDS)
    assert causes["n_solutions"].sum() == 19
    solutions = content.solutions_frame()
    assert len(solutions) == 19
    assert set(solutions["cause"]) == set(CAUSE_IDS)
    assert solutions.loc["ice", "verdict"] == "contested"
    assert solutions["verdict"].notna().all()
    assert len(content.faqs_frame()) == 7
    exercises = content.exercises_frame()
    assert {"kind", "targets", "dose", "hold_s", "cues"} <= set(exercises.columns)
    assert len(content.evidence_frame()) == len(content.evidence)
    refs = content.references_frame()
    assert refs.loc["buist2008", "year"] == 2008
    # A view is a fresh copy: changing it leaves the model untouched.
    solutions.loc["ice", "dose"] = "changed"
    assert content.solutions_frame().loc["ice", "dose"] != "changed"


def test_search(content):
    ice = content.search("ice")
    assert any(h.kind == "solution" and h.id == "ice" for h in ice)
    cadence = content.search("Cadence")
    assert any(h.id == "shorter_stride" and h.cause == "technique" for h in cadence)
    assert all(h.kind != "cause" or h.id == h.cause for h in cadence)
    assert content.search("   ") == ()
    assert content.search("zzzz-not-a-word") == ()
    both = content.search("static stretch")
    assert both and all(
        re.search(r"\bstatic\b", text, re.I) and re.search(r"\bstretch(es|ing|ed)?\b", text, re.I)
        for text in (" ".join(_hit_text(content, h)) for h in both)
    )


def test_search_matches_whole_words_only(content):
    """The explorer's own example: 'ice' must not find quadriceps, twice, advice or novice."""
    ice = content.search("ice")
    assert ice and {h.id for h in ice} >= {"ice"}
    for hit in ice:
        text = " ".join(_hit_text(content, hit))
        assert re.search(r"\bices?\b", text, re.I), (hit, text[:120])
    assert content.search("ICE") == ice
    assert content.search("ceps") == ()  # no match inside "quadriceps"


def _hit_text(content, hit) -> list[str]:
    if hit.kind == "solution":
        s = content.solution(hit.id)
        return [s.name, s.text, s.dose or "", s.detail or ""]
    if hit.kind == "exercise":
        e = content.exercise(hit.id)
        return [e.name, " ".join(e.targets), e.dose, " ".join(e.cues), " ".join(e.mistakes)]
    if hit.kind == "cause":
        c = content.cause(hit.id)
        return [c.title, c.summary, c.why, " ".join(c.signs)]
    if hit.kind == "faq":
        f = next(f for f in content.faqs if f.id == hit.id)
        return [f.question, f.answer]
    return [next(n for n in content.evidence if n.id == hit.id).summary]


# --------------------------------------------------------------------------- bad content edits


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text()
    assert old in text, f"test setup: {old!r} not in {name}"
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        # a missing field
        (
            "causes.toml",
            'title = "Running technique"\n',
            "",
            r"causes\.toml.*'technique'.*field 'title'.*missing",
        ),
        # an unknown cause id on a solution (a solution that points at no cause)
        (
            "solutions.toml",
            'cause = "overuse"',
            'cause = "overuse2"',
            r"solutions\.toml.*field 'cause'.*unknown cause id 'overuse2'",
        ),
        # a reference id that does not exist
        (
            "evidence.toml",
            '"buist2008", "nielsen2014"',
            '"buist2008", "smith2099"',
            r"evidence\.toml.*field 'refs'.*unknown reference id 'smith2099'",
        ),
        # a duplicate id
        (
            "solutions.toml",
            'id = "rest_days"',
            'id = "gradual_progression"',
            r"solutions\.toml.*field 'id'.*duplicate id 'gradual_progression'",
        ),
        # a misspelt field name
        ("faqs.toml", "answer = ", "anwser = ", r"faqs\.toml.*field 'anwser'.*unknown field"),
        # a wrong type
        (
            "references.toml",
            "year = 2019",
            'year = "2019"',
            r"references\.toml.*'vandyk2019'.*field 'year'.*year",
        ),
        # an unknown exercise on a solution
        (
            "solutions.toml",
            'exercises = ["cross_training"]',
            'exercises = ["skipping"]',
            r"solutions\.toml.*field 'exercises'.*unknown exercise id 'skipping'",
        ),
        # an evidence note about something that does not exist
        (
            "evidence.toml",
            'about = ["ice"]',
            'about = ["fire"]',
            r"evidence\.toml.*field 'about'.*'fire'",
        ),
        # a verdict outside the scale
        (
            "evidence.toml",
            'verdict = "contested"',
            'verdict = "proven"',
            r"evidence\.toml.*field 'verdict'.*expected one of",
        ),
        # a cause id outside the six
        (
            "causes.toml",
            'id = "recovery"',
            'id = "sleep"',
            r"causes\.toml.*field 'id'.*expected one of",
        ),
        # broken TOML syntax
        (
            "faqs.toml",
            '[[faq]]\nid = "why_sore"',
            '[[faq]\nid = "why_sore"',
            r"faqs\.toml.*not valid TOML.*line",
        ),
    ],
)
def test_bad_edits_name_file_and_field(content_copy, file, old, new, expected):
    _edit(content_copy, file, old, new)
    with pytest.raises(ContentError, match=expected) as info:
        load_content(content_copy)
    assert info.value.where["file"].name == file


def test_a_cause_without_solutions_is_an_error(content_copy):
    path = content_copy / "solutions.toml"
    text = path.read_text()
    # Move every technique solution to another cause.
    path.write_text(text.replace('cause = "technique"', 'cause = "overuse"'))
    with pytest.raises(ContentError, match=r"causes\.toml.*'technique'.*no solution"):
        load_content(content_copy)


def test_an_uncited_claim_is_an_error(content_copy):
    _edit(content_copy, "evidence.toml", 'refs = ["hamill2017"]\n', "")
    with pytest.raises(
        ContentError, match=r"evidence\.toml.*'ev_midfoot'.*field 'refs'.*must cite"
    ):
        load_content(content_copy)


def test_a_missing_file_is_an_error(content_copy):
    (content_copy / "faqs.toml").unlink()
    with pytest.raises(ContentError, match=r"faqs\.toml.*missing"):
        load_content(content_copy)


def test_a_static_stretch_needs_a_hold(content_copy):
    path = content_copy / "exercises.toml"
    text = path.read_text()
    new = re.sub(r"\nhold_s = 30\n", "\n", text, count=1)
    assert new != text
    path.write_text(new)
    with pytest.raises(ContentError, match=r"exercises\.toml.*field 'hold_s'"):
        load_content(content_copy)


def test_a_cause_card_shows_the_cause_whole_and_takes_its_headings_from_data_text(
    content, tmp_path
):
    """The notebook card: Cause.describe() as text; as HTML, headings from explorer.toml."""
    from hamstring_edu.notebook_html import cause_card

    cause = content.cause("recovery")
    card = cause_card(cause)
    assert repr(card) == cause.describe()
    page = card._repr_html_()
    assert "<b>What to do (the article's solutions):</b>" in page
    assert all(html.escape(s.text) in page for s in cause.solutions)
    with edited_texts(tmp_path, "explorer", signs="Signs to look for:"):
        assert "<b>Signs to look for:</b>" in cause_card(cause)._repr_html_()
