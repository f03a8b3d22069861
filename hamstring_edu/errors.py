"""The package's exceptions: one base class, a few subclasses that say where input went wrong."""

from __future__ import annotations

from typing import Any


class HamstringEduError(Exception):
    """Base class of every error hamstring-edu raises on purpose."""

    def __init__(self, message: str, *, plain: str | None = None, **where: Any) -> None:
        self.message = message
        self.plain = plain  # what a person is shown, when the message is a developer's
        self.where = {key: value for key, value in where.items() if value is not None}
        super().__init__(self._render())

    def _render(self) -> str:
        if not self.where:
            return self.message
        place = ", ".join(_describe(key, value) for key, value in self.where.items())
        return f"{place}: {self.message}"


def plain_message(error: BaseException) -> str:
    """An error as a person is shown it: its plain words when it has them, else its message,
    with the place in their file said plainly (file name, row or line, column) and no developer
    names (no "field 'x'", no "question 'y'", no row of a table they never saw)."""
    plain = getattr(error, "plain", None)
    if plain:
        return str(plain)
    if not isinstance(error, HamstringEduError):
        return str(error)
    where = error.where
    if "file" not in where:  # a place in the program (a field, a table's row): not theirs
        return error.message
    place = []
    if "file" in where:
        place.append(str(where["file"]).replace("\\", "/").rsplit("/", 1)[-1])
    place += [f"{key} {where[key]}" for key in ("sheet", "row", "line") if key in where]
    if "member" in where:  # a file inside an archive
        place.append(f"file '{where['member']}' in it")
    if "column" in where:
        place.append(f"column '{where['column']}'")
    return f"{', '.join(place)}: {error.message}" if place else error.message


def _describe(key: str, value: Any) -> str:
    if key == "file":
        return str(value)
    if key in {"field", "column", "question", "member"}:
        return f"{key} '{value}'"
    return f"{key} {value}"


class ContentError(HamstringEduError):
    """A content file (causes, solutions, exercises, ...) is missing, malformed or inconsistent."""


class AnswerError(HamstringEduError, ValueError):
    """A self-assessment answer names an unknown question or has a value it cannot take."""


class LogError(HamstringEduError, ValueError):
    """A training log cannot be read: wrong format, columns, dates or numbers."""


class PlanError(HamstringEduError, ValueError):
    """A plan (routine, progression, schedule) was asked for with impossible parameters."""


class OptionError(HamstringEduError, ValueError):
    """A function was called with an option it does not know or a value of the wrong type."""


class JournalError(HamstringEduError, ValueError):
    """The team journal refused a request: unknown athlete, a value out of range, a future date,
    a file that is not a journal (or was written by a newer version)."""


class JournalBusyError(JournalError):
    """Another program is writing to the journal right now: try again in a moment."""


class AssumptionWarning(UserWarning):
    """A result was computed from a stated assumption the user can replace (see its text)."""


def brief(value: Any, limit: int = 60) -> str:
    """A value as an error message quotes it: its repr, cut to ``limit`` characters (a huge
    string is never copied whole into a message)."""
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        value = value.item()  # np.float64(3.0) is quoted as 3.0
    size = len(value) if isinstance(value, str | bytes) else None
    if size is not None and size > 4 * limit:
        value = value[: 4 * limit]  # never build the repr of a huge string
    try:
        text = repr(value)
    except Exception:  # a value whose repr fails is still named
        text = f"<{type(value).__name__}>"
    if size is not None and size > 4 * limit:
        return f"{text[: limit - 3]}... ({size:,} chars)"
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text
