"""Find a drawn figure by its title, now that the title is page text above the drawing (the
figure's own output follows the output holding ``.hamstring-figure-title``)."""

from __future__ import annotations

from typing import Any

from browser_support import drawn_points, figures


def _page(scope: Any) -> Any:
    return scope if hasattr(scope, "wait_for_timeout") else scope.page


def titled_figures(scope: Any, title: str) -> Any:
    """The outputs drawn right after a figure title (page text) that contains ``title``."""
    holders = scope.locator(".jp-OutputArea-child").filter(
        has=_page(scope).locator(".hamstring-figure-title", has_text=title)
    )
    return holders.locator("xpath=following-sibling::*[1]")


def drawn_titled(scope: Any, title: str) -> dict[str, Any] | None:
    """What plotly.js drew in the first figure titled ``title`` that has data, or None."""
    holders = titled_figures(scope, title)
    for i in range(holders.count()):
        found = figures(holders.nth(i))
        if found and found[0]["width"] > 0 and drawn_points(found[0]) > 0:
            return found[0]
    return None


def wait_for_figure(scope: Any, title: str, *, timeout_ms: int = 60_000) -> dict[str, Any]:
    """Wait until the figure whose title contains ``title`` has drawn data; return it."""
    return _wait(scope, title, True, timeout_ms)


def wait_until_gone(scope: Any, title: str, *, timeout_ms: int = 30_000) -> None:
    """Wait until no figure titled ``title`` is shown."""
    _wait(scope, title, False, timeout_ms)


def _wait(scope: Any, title: str, present: bool, timeout_ms: int) -> Any:
    clock = _page(scope)
    waited = 0
    while True:
        if present:
            found = drawn_titled(scope, title)
            if found:
                return found
        elif titled_figures(scope, title).count() == 0:
            return None
        if waited >= timeout_ms:
            shown = scope.locator(".hamstring-figure-title").all_inner_texts()
            state = "not drawn" if present else "still shown"
            raise AssertionError(f"figure {title!r} {state}; titles: {shown}")
        clock.wait_for_timeout(250)  # a poll interval: the condition above decides
        waited += 250
