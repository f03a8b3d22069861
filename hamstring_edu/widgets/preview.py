"""The athlete app's first questions as plain HTML, on screen before its widgets arrive.

Voila starts a kernel and runs the notebook before it can draw a widget: several seconds for
each visitor, and longer when a class arrives together (issue 22). So `make app` puts this HTML
in the served notebook (tools/app_folder.py) and the Voila template shows it at once: the first
section of the questionnaire (the warning signs that need help now), each question a real
``<label for>`` of its ``<select>``, with the same words, options and "why we ask" notes as the
form. A "yes" shows that sign's headline and action at once, computed here from the model
(``assess``), not in the page. When the form arrives, the template's script moves every answer
into it (the widget then decides, as for any answer) and removes this copy.
"""

from __future__ import annotations

import html

from hamstring_edu.assessment import assess
from hamstring_edu.questions import Question, questionnaire
from hamstring_edu.widgets.assessment import (
    FORM_CSS,
    control_options,
    flag_banner_html,
    question_label,
    question_note_html,
)
from hamstring_edu.widgets.athlete import STEP_STYLE
from hamstring_edu.widgets.common import box_html
from hamstring_edu.wording import say

PREVIEW_ID = "hamstring-preview"


def _question_html(q: Question) -> str:
    control_id = f"{PREVIEW_ID}-{q.id}"
    label = html.escape(question_label(q, ""))
    options = "".join(  # the option's position is what hands the answer over
        f'<option value="{i}">{html.escape(label)}</option>'
        for i, (label, _value) in enumerate(control_options(q))
    )
    return (
        f'<div class="hamstring-question">'
        f'<label class="widget-label" for="{control_id}">{label}</label>'
        f'<select id="{control_id}" data-question="{q.id}">{options}</select></div>'
        f"<div>{question_note_html(q, '')}</div>"
    )


def _flag_html(q: Question) -> str:
    """What a "yes" to this sign says at once: the headline and action of ``assess``."""
    banner = flag_banner_html(assess({q.id: True}), say("athlete.preview_flag_where"))
    yes = [value for _label, value in control_options(q)].index(True)
    return f'<template data-flag="{q.id}" data-when="{yes}">{banner}</template>'


def first_questions_html(title: str) -> str:
    """The page's heading and its first section of questions, as plain HTML (no script)."""
    form = questionnaire()
    section = form.sections[0]
    questions = form.in_section(section.id)
    if any(q.type == "number" for q in questions):
        raise ValueError(f"the first section ({section.id}) must hold choices only")
    flags = "".join(_flag_html(q) for q in questions if q.type == "yesno")
    return (
        f'<div id="{PREVIEW_ID}" class="hamstring-app hamstring-form" '
        f'style="max-width:1200px;margin:0 auto;padding:8px 16px;box-sizing:border-box">'
        # Voila's "Executing 3 of 5" spinner would push the questions below the fold
        "<style>#loading{display:none !important}</style>"
        f"{FORM_CSS}"
        f"<h1>{html.escape(title)}</h1>"
        f'<p role="status"><i>{html.escape(say("athlete.preview_loading"))}</i></p>'
        f"{box_html(say('common.disclaimer'), 'info')}"
        f"<h2 style='{STEP_STYLE}'>1. {html.escape(say('athlete.step_answers'))}</h2>"
        f'<div class="hamstring-preview-flags" role="alert"></div>'
        f"<h3 style='margin:14px 0 2px 0'>{html.escape(section.title)}</h3>"
        f"<p style='margin:0'><i>{html.escape(section.intro)}</i></p>"
        f"{''.join(_question_html(q) for q in questions)}{flags}</div>"
    )
