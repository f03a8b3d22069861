"""The quiz in real JupyterLab (headless chromium): a student answers, sees the feedback with
its explanation and link, gets a score, reviews a mistake and downloads the results; nothing is
cut off at 1400 or 800 px and nothing leaves the machine."""

from __future__ import annotations

import base64
import json

from browser_support import (
    browser_marks,
    clipped,
    run_all,
    settle,
    settled_layout,
    wait_for_figure,
)

from hamstring_edu.quiz import load_quiz

pytestmark = browser_marks()
NOTEBOOK = "08_reading_the_evidence.ipynb"
TIMEOUT = 30_000


def test_a_student_answers_sees_feedback_and_gets_a_score(browser_page, lab, shots):
    from playwright.sync_api import expect

    page = browser_page
    questions = load_quiz().select(notebook="08_reading_the_evidence")
    run_all(page, lab, NOTEBOOK)
    quiz = page.locator(".hamstring-quiz")
    quiz.wait_for(state="visible", timeout=120_000)
    forest = wait_for_figure(page, "Ratios with their 95%")
    assert sum(t["n"] for t in forest["traces"]) == 3
    quiz.scroll_into_view_if_needed()
    expect(quiz).to_contain_text("not a diagnosis")
    quiz.locator("input[type=text]").first.fill("ana")
    shots("the quiz, first question", locator=quiz)

    for n, q in enumerate(questions):
        card = quiz.locator(".hamstring-quiz-card").filter(has_text=q.text[:40])
        expect(card).to_be_visible(timeout=TIMEOUT)
        expect(quiz).to_contain_text(f"Question {n + 1} of {len(questions)}")
        wrong = n == 0
        if q.type == "single":
            index = (q.correct[0] + 1) % len(q.options) if wrong else q.correct[0]
            card.get_by_role("radio", name=q.options[index].text, exact=True).check()
        else:
            card.locator(".widget-text input").fill(f"{q.value:.{q.decimals}f}")
        card.get_by_role("button", name="Check").click()
        feedback = card.locator(".hamstring-feedback")
        expect(feedback).to_contain_text("Not quite." if wrong else "Right.", timeout=TIMEOUT)
        expect(feedback).to_contain_text(q.explanation[:40])
        link = feedback.get_by_role("link")
        assert link.get_attribute("href").startswith(f"{q.notebook}.ipynb#")
        if n == 0:
            shots("feedback on a wrong answer", locator=quiz)
        if n < len(questions) - 1:
            quiz.get_by_role("button", name="Next question").click()

    score = quiz.locator(".hamstring-quiz-score")
    expect(score).to_contain_text(
        f"You scored {len(questions) - 1} of {len(questions)}", timeout=TIMEOUT
    )
    shots("the score", locator=quiz)

    quiz.get_by_role("button", name="Review my mistakes").click()
    first = questions[0]
    card = quiz.locator(".hamstring-quiz-card").filter(has_text=first.text[:40])
    expect(card).to_contain_text("Review 1 of 1", timeout=TIMEOUT)
    card.get_by_role("radio", name=first.options[first.correct[0]].text, exact=True).check()
    card.get_by_role("button", name="Check").click()
    expect(card.locator(".hamstring-feedback")).to_contain_text("Right.", timeout=TIMEOUT)
    expect(score).to_contain_text("In the review you put 1 of 1 right.", timeout=TIMEOUT)

    quiz.get_by_role("button", name="Results (JSON)").click()
    download = quiz.locator("a.hamstring-download")
    expect(download).to_have_text("Download ana_quiz.json", timeout=TIMEOUT)
    href = download.get_attribute("href")
    doc = json.loads(base64.b64decode(href.split("base64,")[1]))
    assert (doc["student"], doc["score"], doc["total"]) == (
        "ana",
        len(questions) - 1,
        len(questions),
    )
    shots("results ready to download", locator=quiz)

    assert clipped(page) == []
    page.set_viewport_size({"width": 800, "height": 1000})
    assert settled_layout(page) == [], "cut off at 800 px"
    quiz.scroll_into_view_if_needed()
    shots("800 px wide")
    assert page.hosts <= {"127.0.0.1", "localhost"}, f"requests left the machine: {page.hosts}"


# --------------------------------------------------------------------------- keyboard and axe

WHOLE_QUIZ = "11_quiz.ipynb"
KEYBOARD_SET = "02_self_assessment"  # single choice, several options and an order question
FOCUSED_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const card = el.closest('.hamstring-quiz-card');
  const q = card && card.querySelector('.hamstring-question');
  return {tag: el.tagName.toLowerCase(), type: el.type || '', text: (el.innerText || '').trim(),
          label: el.getAttribute('aria-label') || (el.labels && el.labels[0] &&
                 el.labels[0].innerText.trim()) || '',
          question: q ? q.textContent.trim() : null, inQuiz: !!el.closest('.hamstring-quiz'),
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
          shadow: style.boxShadow !== 'none'};
}
"""
MARK_OUTPUT_JS = """
(name) => { const quiz = document.querySelector('.hamstring-quiz');
            quiz.closest('.jp-OutputArea').setAttribute('data-scan', name); }
"""


def _focused(page):
    return page.evaluate(FOCUSED_JS)


def _tab_to(page, wanted, *, back=False, limit=40):
    """Press Tab (or Shift+Tab) until the focused element matches ``wanted``; every stop inside
    the quiz must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        now = _focused(page)
        if now and now["inQuiz"]:
            assert now["outline"] or now["shadow"], f"focus not visible on {now}"
        if now and wanted(now):
            return now
    raise AssertionError(f"Tab never reached the element wanted; last focus: {_focused(page)}")


def _button(name):
    return lambda f: f["tag"] == "button" and f["text"] == name


def _open_whole_quiz(page, lab):
    run_all(page, lab, WHOLE_QUIZ)
    quiz = page.locator(".hamstring-quiz")
    quiz.wait_for(state="visible", timeout=120_000)
    quiz.locator(".hamstring-quiz-card").first.wait_for(state="visible", timeout=60_000)
    quiz.get_by_role("radiogroup").first.wait_for(state="attached", timeout=60_000)
    return quiz


def test_the_quiz_by_keyboard_only(browser_page, lab, shots):
    """Tab, Shift+Tab, arrows, Space and Enter only: choose a set, answer a single-choice, a
    several-option and an order question, read the score; the focus is always visible."""
    from playwright.sync_api import expect

    page = browser_page
    quiz = _open_whole_quiz(page, lab)
    questions = load_quiz().select(notebook=KEYBOARD_SET)
    assert {q.type for q in questions} >= {"single", "order"}
    name = quiz.get_by_label("Your name (goes into the results file)")
    name.focus()  # where a Tab from the cell above lands; from here on only keys
    page.keyboard.type("kim")
    sets = _tab_to(page, lambda f: f["tag"] == "select" and f["label"] == "Questions")
    assert sets["label"] == "Questions"
    options = quiz.get_by_label("Questions", exact=True).evaluate(
        "s => Array.from(s.options).map(o => o.text)"
    )
    wanted = KEYBOARD_SET.replace("_", " ")
    target = next(i for i, o in enumerate(options) if o.replace("\xa0", " ").startswith(wanted))
    for _ in range(target):
        page.keyboard.press("ArrowDown")
    expect(quiz).to_contain_text(f"Question 1 of {len(questions)} ·", timeout=TIMEOUT)
    shots("keyboard: a set of five chosen")

    right = 0
    for n, q in enumerate(questions, start=1):
        card = quiz.locator(".hamstring-quiz-card").filter(has_text=q.text[:40])
        expect(card).to_be_visible(timeout=TIMEOUT)
        if n == 1:
            now = _tab_to(page, lambda f: f["question"] is not None)
        else:  # Next question moved the focus into the new question
            page.wait_for_function(
                "(t) => { const e = document.activeElement; const c = e && "
                "e.closest('.hamstring-quiz-card'); return !!c && c.innerText.includes(t); }",
                arg=q.text[:40],
                timeout=TIMEOUT,
            )
            now = _focused(page)
        assert now["question"] == q.text, now
        if q.type == "single":
            assert now["type"] == "radio"
            expect(card.get_by_role("radiogroup", name=q.text)).to_have_count(1)
            # arrows move within the group (one Tab stop); Space ticks the focused option
            page.keyboard.press("Space")
            for k in range(1, q.correct[0] + 1):
                page.keyboard.press("ArrowDown")
                expect(card.get_by_role("radio", name=q.options[k].text)).to_be_checked()
            expect(card.get_by_role("radio", name=q.options[q.correct[0]].text)).to_be_checked()
        elif q.type == "multiple":
            expect(card.get_by_role("group", name=q.text)).to_have_count(1)
            for i in range(len(q.options)):
                if i:
                    page.keyboard.press("Tab")
                assert _focused(page)["label"] == q.options[i].text
                if i in q.correct:
                    page.keyboard.press("Space")
        elif q.type == "order":
            assert now["tag"] == "select" and now["label"] == f"Position 1 for “{q.text}”"
            shown = q.shown_steps()
            for position in range(len(q.steps)):
                if position:
                    page.keyboard.press("Tab")
                    assert _focused(page)["label"] == f"Position {position + 1} for “{q.text}”"
                for _ in range(1 + shown.index(position)):  # from "Choose the step ..."
                    page.keyboard.press("ArrowDown")
            shots("keyboard: an order question filled in", locator=card)
        else:
            page.keyboard.type(f"{q.value:.{q.decimals}f}")
        _tab_to(page, _button("Check"))
        # ipywidgets holds back value changes while the kernel is busy, but sends a button
        # press at once: let the kernel have the answer before pressing Check
        settle(page)
        page.keyboard.press("Enter")
        expect(card.locator(".hamstring-feedback")).to_contain_text("Right.", timeout=TIMEOUT)
        right += 1
        if n == 1:
            shots("keyboard: first answer checked", locator=quiz)
        if n < len(questions):
            _tab_to(page, _button("Next question"))
            page.keyboard.press("Enter")

    score = quiz.locator(".hamstring-quiz-score")
    expect(score).to_contain_text(f"You scored {right} of {len(questions)} (100%)", timeout=TIMEOUT)
    expect(quiz).to_contain_text(f"answered {len(questions)} of {len(questions)}")
    _tab_to(page, _button("Results (CSV)"))
    page.keyboard.press("Enter")
    expect(quiz.locator("a.hamstring-download")).to_have_text(
        "Download kim_quiz.csv", timeout=TIMEOUT
    )
    shots("keyboard: the score and the results file", locator=quiz)


def test_the_quiz_passes_axe_after_answering_and_after_an_error(browser_page, lab, shots):
    """0 critical and 0 serious axe violations in the quiz's output area at 1400 and 375 px,
    after an answer and after errors (no name, an answer that is not a number)."""
    from browser_support import axe_scan, describe_violations, lab_width
    from playwright.sync_api import expect

    page = browser_page
    quiz = _open_whole_quiz(page, lab)
    page.evaluate(MARK_OUTPUT_JS, "quiz")
    scanned = "document.querySelectorAll('[data-scan=quiz] .hamstring-quiz input').length"
    assert page.evaluate(scanned) > 100  # the scan covers the whole quiz's controls
    small = page.evaluate(
        """() => Array.from(document.querySelectorAll('.hamstring-quiz input, .hamstring-quiz '
              + 'select, .hamstring-quiz button')).filter(e => e.offsetParent !== null)
              .map(e => e.getBoundingClientRect()).filter(r => r.width < 24 || r.height < 24)
              .map(r => [r.width, r.height])"""
    )
    assert small == [], f"targets under 24 x 24 px: {small}"  # radio buttons were 13 px
    questions = load_quiz().questions
    first = questions[0]
    card = quiz.locator(".hamstring-quiz-card").filter(has_text=first.text[:40])
    if first.type == "single":
        card.get_by_role("radio", name=first.options[first.correct[0]].text, exact=True).check()
    else:
        card.get_by_label(first.options[first.correct[0]].text, exact=True).check()
    card.get_by_role("button", name="Check").click()
    expect(card.locator(".hamstring-feedback")).to_contain_text("Right.", timeout=TIMEOUT)
    quiz.get_by_role("button", name="Whole set").click()
    numeric = next(q for q in questions if q.type == "numeric")
    box = quiz.get_by_label(f"for “{numeric.text}”")
    box.fill("a quarter")
    quiz.get_by_role("button", name="Check all and score").click()
    alert = quiz.get_by_role("status").filter(has_text="could not be checked")
    expect(alert).to_contain_text(f"{len(questions) - 1} of {len(questions)} questions")
    quiz.get_by_role("button", name="Results (CSV)").click()
    expect(quiz.get_by_role("alert").filter(has_text="Your name is missing")).to_be_visible()
    expect(quiz.get_by_label("Your name (goes into the results file)")).to_be_focused()
    for width in (1400, 375):
        lab_width(page, width)
        shots(f"{width} px: errors shown, top")
        problems = settled_layout(page)
        assert problems == [], f"cut off at {width} px: {problems}"
        bad = axe_scan(page, f"quiz_after_errors_{width}", include="[data-scan=quiz]")
        assert bad == [], describe_violations(bad)
        alert.scroll_into_view_if_needed()
        shots(f"{width} px: errors shown")
    for width in (375, 1400):  # answered: the error fixed and the name given
        lab_width(page, width)
        box.fill(f"{numeric.value:.{numeric.decimals}f}")
        quiz.get_by_label("Your name (goes into the results file)").fill("ana")
        quiz.get_by_role("button", name="Check all and score").click()
        feedback = quiz.locator(".hamstring-feedback").filter(has_text=numeric.explanation[:30])
        expect(feedback).to_contain_text("Right.", timeout=TIMEOUT)
        quiz.get_by_role("button", name="Results (JSON)").click()
        expect(quiz.locator("a.hamstring-download")).to_have_text("Download ana_quiz.json")
        expect(quiz).to_contain_text(f"answered 2 of {len(questions)}")
        assert settled_layout(page) == [], f"cut off at {width} px"
        bad = axe_scan(page, f"quiz_answered_{width}", include="[data-scan=quiz]")
        assert bad == [], describe_violations(bad)
        shots(f"{width} px: answered")
