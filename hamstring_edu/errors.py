"""The package's exceptions: one base class, a few subclasses that say where input went wrong."""

from __future__ import annotations

from typing import Any


class HamstringEduError(Exception):
    """Base class of every error hamstring-edu raises on purpose."""

    def __init__(self, message: str, **where: Any) -> None:
        self.message = message
        self.where = {key: value for key, value in where.items() if value is not None}
        super().__init__(self._render())

    def _render(self) -> str:
        if not self.where:
            return self.message
        place = ", ".join(_describe(key, value) for key, value in self.where.items())
        return f"{place}: {self.message}"


def _describe(key: str, value: Any) -> str:
    if key == "file":
        return str(value)
    if key in {"field", "column", "question"}:
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


def brief(value: Any, limit: int = 60) -> str:
    """A value as it goes into an error message: its repr, cut to ``limit`` characters."""
    try:
        text = repr(value)
    except Exception:  # a value whose repr fails still gets a message
        text = f"<{type(value).__name__}>"
    if len(text) > limit:
        text = f"{text[: limit - 15]}... ({len(text):,} chars)"
    return text
