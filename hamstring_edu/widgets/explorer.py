"""ContentExplorer: pick a cause or search a word, see its solutions, exercises and evidence."""

from __future__ import annotations

import html
import re

import ipywidgets as widgets

from hamstring_edu.content import Cause, Content, Hit, load_content, word_patterns
from hamstring_edu.widgets.common import disclaimer, row
from hamstring_edu.widgets.named_controls import (
    APP_CLASS,
    NAMED_STYLE,
    app_css,
    keyboard_keeper,
    wrapping,
)
from hamstring_edu.wording import dose_phrase, say

ALL = "all"
HIDDEN = (  # read by screen readers, not drawn: the panel itself shows the same words
    "position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);"
    "white-space:nowrap;border:0"
)
_KIND_LABELS = {  # a hit's kind -> its label in data/text/explorer.toml
    "cause": "explorer.kind_cause",
    "solution": "explorer.kind_solution",
    "exercise": "explorer.kind_exercise",
    "faq": "explorer.kind_faq",
    "evidence": "explorer.kind_evidence",
}


class ContentExplorer(widgets.VBox):
    """An explorer of the cause/solution model: a cause picker, a search box and a result panel."""

    def __init__(self, content: Content | None = None, *, show_disclaimer: bool = True) -> None:
        self.content = content or load_content()
        options = [(say("explorer.all_causes"), ALL)]
        options += [(c.title, c.id) for c in self.content.causes]
        self.cause_picker = widgets.Dropdown(
            options=options,
            value=ALL,
            description=say("explorer.cause_label"),
            style=NAMED_STYLE,
            layout=wrapping(),
        )
        self.search_box = widgets.Text(
            placeholder=say("explorer.search_hint"),
            description=say("explorer.search_label"),
            continuous_update=True,
            style=NAMED_STYLE,
            layout=wrapping(),
        )
        self.count = widgets.HTML(layout={"width": "auto"})  # a live region: what was found
        self.panel = widgets.HTML(layout={"width": "auto"})
        self.patterns: tuple[re.Pattern[str], ...] = ()
        self.shown_causes: tuple[str, ...] = ()
        self.hits: tuple[Hit, ...] = ()
        self.cause_picker.observe(self._refresh, names="value")
        self.search_box.observe(self._refresh, names="value")
        super().__init__(
            [
                *([disclaimer()] if show_disclaimer else []),
                app_css(),
                keyboard_keeper(),
                row([self.cause_picker, self.search_box]),
                self.count,
                self.panel,
            ],
            layout={"width": "auto", "max_width": "100%"},
        )
        self.add_class(APP_CLASS)
        self._refresh()

    def _refresh(self, _change: object = None) -> None:
        causes = self._selected_causes()
        query = self.search_box.value.strip()
        self.patterns = word_patterns(query)
        if query:
            allowed = {c.id for c in causes}
            self.hits = tuple(
                h for h in self.content.search(query) if h.cause is None or h.cause in allowed
            )
            self.shown_causes = tuple(dict.fromkeys(h.cause for h in self.hits if h.cause))
            self.panel.value = self._hits_html(query)
            found = (
                say("explorer.matches", count=len(self.hits), query=html.escape(query))
                if self.hits
                else say("explorer.no_match", query=html.escape(query))
            )
        else:
            self.hits = ()
            self.shown_causes = tuple(c.id for c in causes)
            self.panel.value = "".join(self._cause_html(c) for c in causes)
            found = say("explorer.showing", count=len(causes))
        self.count.value = f'<p role="status" style="{HIDDEN}">{found}</p>'

    def _selected_causes(self) -> tuple[Cause, ...]:
        if self.cause_picker.value == ALL:
            return self.content.causes
        return (self.content.cause(self.cause_picker.value),)

    # rendering ---------------------------------------------------------------
    def _hits_html(self, query: str) -> str:
        shown = f"<b>{html.escape(query)}</b>"
        if not self.hits:
            elsewhere = len(self.content.search(query))
            all_causes = f"<i>{say('explorer.all_causes')}</i>"
            hint = (
                say("explorer.elsewhere", count=elsewhere, all_causes=all_causes)
                if elsewhere
                else say("explorer.shorter")
            )
            return f"<p>{say('explorer.no_match', query=shown)} {hint}</p>"
        items = []
        for hit in self.hits:
            where = f" ({html.escape(self.content.cause(hit.cause).title)})" if hit.cause else ""
            items.append(
                f"<li><b>{say(_KIND_LABELS[hit.kind])}</b>: {self._mark(hit.title)}{where}"
                f"{self._hit_detail(hit)}</li>"
            )
        head = f"<p>{say('explorer.matches', count=len(self.hits), query=shown)}</p>"
        return head + "<ul>" + "".join(items) + "</ul>"

    def _hit_detail(self, hit: Hit) -> str:
        c = self.content
        if hit.kind == "solution":
            s = c.solution(hit.id)
            dose = f" <i>{self._mark(dose_phrase(s.dose))}</i>" if s.dose else ""
            detail = f"<br><small>{self._mark(s.detail)}</small>" if s.detail else ""
            return f"<br>{self._mark(s.text)}{dose}{detail}{self._evidence_html(s.id)}"
        if hit.kind == "exercise":
            ex = c.exercise(hit.id)
            return f"<br>{self._mark(ex.dose)}<br><small>{self._mark(' '.join(ex.cues))}</small>"
        if hit.kind == "faq":
            faq = next(f for f in c.faqs if f.id == hit.id)
            return f"<br><i>{self._mark(faq.question)}</i> {self._mark(faq.answer)}"
        if hit.kind == "evidence":
            note = next(n for n in c.evidence if n.id == hit.id)
            return f"<br>{self._mark(note.summary)} {self._refs_html(note.refs)}"
        cause = c.cause(hit.id)
        return f"<br>{self._mark(cause.summary)} {self._mark(cause.why)}"

    def _mark(self, text: str) -> str:
        """Escaped text with every search match highlighted."""
        spans = sorted((m.start(), m.end()) for p in self.patterns for m in p.finditer(text))
        out, at = [], 0
        for start, end in spans:
            if start < at:
                continue
            out.append(html.escape(text[at:start]))
            out.append(f'<mark style="background:#F0E442">{html.escape(text[start:end])}</mark>')
            at = end
        out.append(html.escape(text[at:]))
        return "".join(out)

    def _cause_html(self, cause: Cause) -> str:
        solutions = "".join(
            f"<li><b>{html.escape(s.name)}</b>: {html.escape(s.text)}{_dose(s.dose)}"
            f"{self._evidence_html(s.id)}</li>"
            for s in cause.solutions
        )
        exercises = ", ".join(
            f"{html.escape(e.name)} ({html.escape(e.dose)})"
            for e in self.content.exercises_for(cause.id)
        )
        notes = "".join(
            f"<li><i>{n.verdict_label}</i>: {html.escape(n.summary)} {self._refs_html(n.refs)}</li>"
            for n in self.content.evidence_for(cause.id)
        )
        signs = "".join(f"<li>{html.escape(s)}</li>" for s in cause.signs)
        return (
            f'<div style="margin:8px 0 16px 0"><h3>{html.escape(cause.title)}</h3>'
            f"<p>{html.escape(cause.summary)}</p>"
            f"<p><b>{say('explorer.why_sore')}</b> {html.escape(cause.why)}</p>"
            f"<p><b>{say('explorer.signs')}</b></p><ul>{signs}</ul>"
            f"<p><b>{say('explorer.what_to_do')}</b></p><ul>{solutions}</ul>"
            + (f"<p><b>{say('explorer.exercises')}</b> {exercises}</p>" if exercises else "")
            + (f"<p><b>{say('explorer.research_adds')}</b></p><ul>{notes}</ul>" if notes else "")
            + "</div>"
        )

    def _evidence_html(self, item_id: str) -> str:
        notes = self.content.evidence_for(item_id)
        if not notes:
            return ""
        n = notes[0]
        verdict = say("explorer.evidence", verdict=n.verdict_label)
        return (
            f'<br><span style="font-size:90%"><i>{verdict}</i> '
            f"{html.escape(n.summary)} {self._refs_html(n.refs)}</span>"
        )

    def _refs_html(self, refs: tuple[str, ...]) -> str:
        if not refs:
            return ""
        cites = "; ".join(
            f'<span title="{html.escape(self.content.reference(r).citation)}">'
            f"{html.escape(self.content.reference(r).short)}</span>"
            for r in refs
        )
        return f"({cites})"


def _dose(dose: str | None) -> str:
    return f" <i>{html.escape(dose_phrase(dose))}</i>" if dose else ""
