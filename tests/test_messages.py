"""What a person is shown when something goes wrong: plain words, the place said plainly, and a
message that is announced (a live region) and replaces the one before."""

from __future__ import annotations

from hamstring_edu.errors import AnswerError, LogError, PlanError, plain_message
from hamstring_edu.widgets.common import MessageArea


def test_a_developer_field_name_never_reaches_a_person():
    error = AnswerError("must be a whole number of days", question="onset_days")
    assert "question 'onset_days'" in str(error)  # developers still see where
    assert plain_message(error) == "must be a whole number of days"


def test_the_place_in_a_file_is_said_plainly():
    error = LogError("'xx' is not a date", file="/home/a/runs.csv", row=2, column="date")
    assert plain_message(error) == "runs.csv, row 2, column 'date': 'xx' is not a date"


def test_a_refusal_with_its_own_words_shows_them():
    error = PlanError("target_weekly 5000 > 500", field="target_weekly", plain="At most 500 km.")
    assert plain_message(error) == "At most 500 km."
    assert plain_message(ValueError("other")) == "other"


def test_a_message_area_announces_plain_words_and_replaces_the_last_message():
    area = MessageArea()

    def fails():
        raise AnswerError("must be a number", field="weekly")

    assert area.guard(fails) is None
    assert 'role="alert"' in area.value
    assert "field" not in area.text and "must be a number" in area.text
    assert area.guard(lambda: 3, done="Saved.") == 3
    assert 'role="status"' in area.value and area.text == "Saved."
