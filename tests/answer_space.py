"""The whole answer space of the questionnaire, as hypothesis strategies (shared by the tests)."""

from __future__ import annotations

from hypothesis import strategies as st

from hamstring_edu import questionnaire


def answer_strategy(q):
    """Every valid answer of a question, and None (unanswered)."""
    if q.type == "choice":
        values = st.sampled_from([o.value for o in q.options])
    elif q.type == "yesno":
        values = st.booleans()
    elif q.type == "scale":
        values = st.integers(int(q.min), int(q.max))
    else:
        edges = [q.min, q.max, *(b.threshold for b in q.bands)]
        values = st.one_of(
            st.sampled_from(edges),
            st.floats(q.min, q.max, allow_nan=False, allow_infinity=False),
        )
    return st.one_of(st.none(), values)


def answers_for(questions) -> st.SearchStrategy:
    """Any answers (each possibly unanswered) to these questions."""
    return st.fixed_dictionaries({q.id: answer_strategy(q) for q in questions})


all_answers = answers_for(questionnaire().questions)
