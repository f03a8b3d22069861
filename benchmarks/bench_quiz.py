"""The classroom: loading the question bank (which runs the cases it computes answers from),
building the whole-bank QuizApp, and checking one answer, as a student waits for them."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 30


def _cold_load_s() -> float:
    """A fresh interpreter: import, load and validate the bank (cases run, sections checked)."""
    code = (
        "import time; t = time.perf_counter(); import hamstring_edu as he; he.load_quiz(); "
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def main() -> None:
    """Print the median times."""
    from hamstring_edu.quiz import load_quiz
    from hamstring_edu.widgets.quiz import QuizApp

    cold = statistics.median(_cold_load_s() for _ in range(3))
    bank = load_quiz()
    build = []
    for _ in range(5):
        start = time.perf_counter()
        app = QuizApp(bank.questions, choose_set=True)
        build.append(time.perf_counter() - start)
    question = bank.question("calc_monotony")
    check = []
    for i in range(RUNS):
        app.restart()
        start = time.perf_counter()
        app.check(question.id, 1.0 + i / 100)
        check.append((time.perf_counter() - start) * 1000)
    print(f"load_quiz() in a fresh interpreter:   {cold:.2f} s (median of 3)")
    print(f"QuizApp over {len(bank.questions)} questions:        {statistics.median(build):.2f} s")
    print(f"check one answer (worked solution):   {statistics.median(check):.1f} ms")


if __name__ == "__main__":
    main()
