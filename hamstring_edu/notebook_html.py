"""Readable notebook output: tables and cards that show as styled HTML to a learner and as plain
aligned text everywhere else (the text is also what the notebook tests compare).

Plain text in JupyterLab wraps long lines in the middle of words; these objects give the browser
real HTML instead, with words kept whole. No UI library is involved: only HTML strings.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from hamstring_edu.content import Cause
from hamstring_edu.wording import dose_phrase, say

if TYPE_CHECKING:
    import pandas as pd

    from hamstring_edu.assessment import Assessment

_TABLE_CSS = (
    "border-collapse:collapse;margin:6px 0 12px 0;font-size:13px;line-height:1.35;"
    "word-break:normal;overflow-wrap:break-word;max-width:100%"
)
_CELL = "padding:4px 10px;border-bottom:1px solid #ddd;vertical-align:top;"


class Table:
    """A table for a notebook: styled HTML for people, aligned text for tests and terminals."""

    def __init__(
        self, frame: pd.DataFrame, *, caption: str = "", index: bool = True, decimals: int = 1
    ) -> None:
        self.frame = frame
        self.caption = caption
        self.index = index
        self.decimals = decimals

    def _format(self, value: Any) -> str:
        if isinstance(value, float):
            return f"{value:.{self.decimals}f}"
        if isinstance(value, tuple | list):
            return ", ".join(str(v) for v in value)
        return "" if value is None else str(value)

    def __repr__(self) -> str:
        body = self.frame.to_string(
            index=self.index, float_format=lambda v: f"{v:.{self.decimals}f}"
        )
        return f"{self.caption}\n{body}" if self.caption else body

    def _repr_html_(self) -> str:
        import pandas as pd

        frame = self.frame.reset_index() if self.index else self.frame
        numeric = {c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])}
        head = "".join(
            f'<th style="{_CELL}text-align:{"right" if c in numeric else "left"};'
            f'background:#f3f5f7">{html.escape(str(c).replace("_", " "))}</th>'
            for c in frame.columns
        )
        rows = []
        for values in frame.itertuples(index=False):
            cells = "".join(
                f'<td style="{_CELL}text-align:{"right" if c in numeric else "left"}">'
                f"{html.escape(self._format(v))}</td>"
                for c, v in zip(frame.columns, values, strict=True)
            )
            rows.append(f"<tr>{cells}</tr>")
        caption = (
            f'<caption style="caption-side:top;text-align:left;font-weight:600;padding:4px 0">'
            f"{html.escape(self.caption)}</caption>"
            if self.caption
            else ""
        )
        # A table wider than a phone scrolls inside its own named region, which the keyboard
        # can reach (tabindex) to scroll it; the page around it never scrolls sideways.
        name = html.escape(self.caption or say("common.table"), quote=True)
        return (
            f'<div role="region" aria-label="{name}" tabindex="0" '
            f'style="overflow-x:auto;max-width:100%">'
            f'<table style="{_TABLE_CSS}">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>"
        )


def table(
    frame: pd.DataFrame, *, caption: str = "", index: bool = True, decimals: int = 1
) -> Table:
    """A DataFrame shown as a readable table (HTML in a notebook, aligned text elsewhere)."""
    return Table(frame, caption=caption, index=index, decimals=decimals)


class CauseCard:
    """One cause with its signs and solutions: an HTML card, or ``Cause.describe()`` as text."""

    def __init__(self, cause: Cause) -> None:
        self.cause = cause

    def __repr__(self) -> str:
        return self.cause.describe()

    def _repr_html_(self) -> str:
        c = self.cause
        e = html.escape
        signs = "".join(f"<li>{e(s)}</li>" for s in c.signs)
        solutions = "".join(
            f"<li><b>{e(s.name)}.</b> {e(s.text)}"
            + (f"<br><i>{e(dose_phrase(s.dose))}</i>" if s.dose else "")
            + "</li>"
            for s in c.solutions
        )
        return (
            '<div style="border-left:6px solid #0072B2;background:#f4f8fb;padding:8px 14px;'
            'margin:6px 0;border-radius:6px;word-break:normal;overflow-wrap:break-word">'
            f"<h3 style='margin:4px 0;font-size:1.1em'>{e(c.title)}</h3><p>{e(c.summary)}</p>"
            f"<p><b>{say('explorer.why')}</b> {e(c.why)}</p>"
            f"<p><b>{say('explorer.signs')}</b></p><ul>{signs}</ul>"
            f"<p><b>{say('explorer.articles_solutions')}</b></p><ul>{solutions}</ul></div>"
        )


def cause_card(cause: Cause) -> CauseCard:
    """A cause shown as a card in a notebook (its plain text is ``Cause.describe()``)."""
    return CauseCard(cause)


class ReportCard:
    """A self-assessment result as the app shows it (HTML), or as wrapped plain text."""

    def __init__(self, result: Assessment) -> None:
        self.result = result

    def __repr__(self) -> str:
        import textwrap

        lines = [self.result.headline]
        for section in self.result.report():
            lines += ["", section.heading.upper()]
            if section.intro:
                lines.append(textwrap.fill(section.intro, 88))
            for item in section.items:
                text = f"- {item.title}: {item.text}" if item.text else f"- {item.title}"
                lines.append(textwrap.fill(text, 88, subsequent_indent="  "))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from hamstring_edu.handouts import TONES, report_html

        edge, bg = TONES[self.result.level or "info"]
        return (
            f'<div style="word-break:normal;overflow-wrap:break-word"><div style="border-left:8px '
            f'solid {edge};background:{bg};padding:8px 12px;border-radius:6px"><b>'
            f"{html.escape(self.result.headline)}</b></div>{report_html(self.result.report())}"
            "</div>"
        )


def report_card(result: Assessment) -> ReportCard:
    """A self-assessment result shown as the app shows it (text: the same words, wrapped)."""
    return ReportCard(result)


class Note:
    """Sentences for a notebook: paragraphs in HTML, lines wrapped at 88 characters as text."""

    def __init__(self, *lines: str, tone: str = "plain") -> None:
        self.lines = tuple(str(line) for line in lines)
        self.tone = tone

    def __repr__(self) -> str:
        import textwrap

        return "\n".join(textwrap.fill(line, 88) for line in self.lines)

    def _repr_html_(self) -> str:
        edge = {"plain": "#999999", "info": "#0072B2", "warning": "#E69F00"}.get(
            self.tone, "#999999"
        )
        paragraphs = "".join(f"<p style='margin:4px 0'>{html.escape(x)}</p>" for x in self.lines)
        return (
            f'<div style="border-left:4px solid {edge};padding:2px 12px;margin:4px 0;'
            f'word-break:normal;overflow-wrap:break-word">{paragraphs}</div>'
        )


def note(*lines: str, tone: str = "plain") -> Note:
    """Sentences shown whole in a notebook (never broken mid-word), one paragraph per line."""
    return Note(*lines, tone=tone)
