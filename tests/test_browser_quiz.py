"""The quiz in real JupyterLab (headless chromium): a student answers, sees the feedback with
its explanation and link, gets a score, reviews a mistake and downloads the results; nothing is
cut off at 1400 or 800 px and nothing leaves the machine."""

from __future__ import annotations

import base64
import json

from browser_support import browser_marks, clipped, run_all, wait_for_figure

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
            card.locator(".hamstring-option").nth(index).locator("input").check()
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
    card.locator(".hamstring-option").nth(first.correct[0]).locator("input").check()
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
    page.wait_for_timeout(1500)
    quiz.scroll_into_view_if_needed()
    shots("800 px wide")
    assert clipped(page) == [], "cut off at 800 px"
    assert page.hosts <= {"127.0.0.1", "localhost"}, f"requests left the machine: {page.hosts}"
