"""hamstring-edu: why hamstrings get sore after running, and what to do about it.

Importing the package is light: the model, pandas, plotly and ipywidgets load on first use
of a name that needs them (PEP 562 lazy attributes).
"""

from __future__ import annotations

import importlib
from typing import Any

from hamstring_edu.errors import (
    AnswerError,
    AssumptionWarning,
    ContentError,
    HamstringEduError,
    JournalBusyError,
    JournalError,
    LogError,
    OptionError,
    PlanError,
)

__version__ = "0.1.0"

# public name -> module (relative to the package) that defines it
_EXPORTS: dict[str, str] = {
    "load_content": "content",
    "Content": "content",
    "questionnaire": "questions",
    "assess": "assessment",
    "build_routine": "routines",
    "weekly_strength_plan": "routines",
    "read_log": "logs",
    "load_metrics": "load",
    "daily_load": "load",
    "weekly_load": "load",
    "plan_progression": "progression",
    "compare_plan": "progression",
    "table": "notebook_html",
    "cause_card": "notebook_html",
    "report_card": "notebook_html",
    "note": "notebook_html",
    "recovery_plan": "recovery",
    "return_to_run": "recovery",
    "recovery_kind_for": "recovery",
    "recovery_offer": "recovery",
    "recovery_summary": "recovery",
    "recovery_checklist": "recovery",
    "rehab_stages": "recovery",
    "current_stage": "recovery",
    "walk_run_plan": "recovery",
    "recovery_time_frames": "recovery",
    "first_aid_frameworks": "recovery",
    "care_signs": "recovery",
    "recovery_ics": "recovery",
    "recovery_handout_html": "recovery",
    "Journal": "journal",
    "team_week": "team",
    "summarise_team": "team",
    "TeamWeek": "team",
    "load_quiz": "quiz",
    "check_answer": "quiz",
    "QuizAttempt": "quiz",
    "worked_solution": "hand_calculations",
    "load_cases": "cases",
    "run_case": "cases",
    "case_card": "cases",
    "objectives": "teaching",
    "objectives_card": "teaching",
    "glossary": "teaching",
    "glossary_card": "teaching",
    "lessons": "teaching",
    "lesson_plan": "teaching",
    "discussions": "teaching",
    "reported_ratio": "effect_sizes",
    "read_ratio": "effect_sizes",
    "compare_risks": "effect_sizes",
    "load_anatomy": "anatomy",
    "stride_geometry": "anatomy",
}

__all__ = [
    "DISCLAIMER",
    "AnswerError",
    "AssumptionWarning",
    "ContentError",
    "HamstringEduError",
    "JournalBusyError",
    "JournalError",
    "LogError",
    "OptionError",
    "PlanError",
    "__version__",
    *_EXPORTS,
]


def __getattr__(name: str) -> Any:
    if name == "DISCLAIMER":  # "Educational, not a diagnosis": data/text/common.toml
        from hamstring_edu.wording import say

        return say("common.disclaimer")
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'hamstring_edu' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"hamstring_edu.{module_name}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS) | {"DISCLAIMER"})
