"""The package's small shared vocabulary: how a time, a dose and a unit are written everywhere.

The model, the figures, the printable pages and the apps all write "4:30", "Dose: ..." and
"km"/"miles" through these few functions, so a change of wording happens in one place.
"""

from __future__ import annotations

DOSE = "Dose"


def clock(seconds: float) -> str:
    """A duration as minutes and seconds ("4:05"), as a routine's steps are timed."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def dose_phrase(dose: str | None) -> str:
    """The article's dose as a sentence ("Dose: 30 seconds, no bouncing."), or ''."""
    if not dose:
        return ""
    return f"{DOSE}: {dose.rstrip('.')}."
